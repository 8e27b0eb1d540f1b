"""The arithmetic of a prepaid data plan: pure, deterministic, free of Home Assistant.

Plan periods (monthly on day N, every N days, non-expiring), a usage accumulator that
never loses or double-counts a byte, remaining data with its source and age, burn-rate
projection, top-up thresholds with hysteresis, and top-up detection. The current time is
always passed in as an aware datetime; every state object is immutable and round-trips
through plain JSON (`to_json` / `from_json`) with a version field.

The implementation lives in the `planning` package; this module is the public import path.
"""

from .planning.accumulator import (
    Accumulator,
    AccumulatorSettings,
    CarrierAnchor,
    CounterKind,
    CounterSample,
    counter_delta,
)
from .planning.errors import PlanError, StateError
from .planning.periods import (
    EndSource,
    EveryNDays,
    MonthlyRenewal,
    NonExpiring,
    Period,
    Plan,
    Renewal,
    local_midnight,
)
from .planning.projection import (
    BalanceHistory,
    EndReason,
    Projection,
    ProjectionSettings,
    daily_usage,
    project,
)
from .planning.remaining import RemainingData, RemainingSource, remaining_data
from .planning.serialization import JsonObject, JsonValue
from .planning.state import PlanState, PlanSummary, SummarySettings, summarise
from .planning.thresholds import (
    ThresholdInputs,
    ThresholdResult,
    ThresholdSettings,
    ThresholdState,
    TopUpReason,
    evaluate_thresholds,
    threshold_inputs,
)
from .planning.topup import (
    CONFIRM_WITHIN,
    CarrierReading,
    ManualTopUp,
    TopUp,
    TopUpEvidence,
    TopUpNoise,
    TopUpStatus,
    TopUpTracker,
)
from .planning.window import SlidingWindow, WindowBucket, WindowTotals

__all__ = [
    "CONFIRM_WITHIN",
    "Accumulator",
    "AccumulatorSettings",
    "BalanceHistory",
    "CarrierAnchor",
    "CarrierReading",
    "CounterKind",
    "CounterSample",
    "EndReason",
    "EndSource",
    "EveryNDays",
    "JsonObject",
    "JsonValue",
    "ManualTopUp",
    "MonthlyRenewal",
    "NonExpiring",
    "Period",
    "Plan",
    "PlanError",
    "PlanState",
    "PlanSummary",
    "Projection",
    "ProjectionSettings",
    "RemainingData",
    "RemainingSource",
    "Renewal",
    "SlidingWindow",
    "StateError",
    "SummarySettings",
    "ThresholdInputs",
    "ThresholdResult",
    "ThresholdSettings",
    "ThresholdState",
    "TopUp",
    "TopUpEvidence",
    "TopUpNoise",
    "TopUpReason",
    "TopUpStatus",
    "TopUpTracker",
    "WindowBucket",
    "WindowTotals",
    "counter_delta",
    "daily_usage",
    "evaluate_thresholds",
    "local_midnight",
    "project",
    "remaining_data",
    "summarise",
    "threshold_inputs",
]
