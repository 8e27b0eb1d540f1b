"""Top-up thresholds with hysteresis: each reason fires once per crossing.

A reason becomes active when its figure falls below the limit and stays active until the
figure recovers to at least limit + band. A figure that is unknown for a while (no
balance reading, say) leaves its reason as it was. A rule that is switched off is never
active.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Self

from .errors import PlanError
from .serialization import JsonObject, JsonValue, check_version, read_list

if TYPE_CHECKING:
    from .periods import Period
    from .projection import Projection
    from .remaining import RemainingData

THRESHOLD_STATE_VERSION = 1


class TopUpReason(StrEnum):
    """Why a top-up is needed (stable values: they become entity attributes)."""

    REMAINING_PERCENT_LOW = "remaining_percent_low"
    REMAINING_DATA_LOW = "remaining_data_low"
    PLAN_EXPIRING = "plan_expiring"
    BALANCE_LOW = "balance_low"
    RUN_OUT_BEFORE_PLAN_END = "run_out_before_plan_end"


@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdSettings:
    """The limits (None: rule off) and the band a figure must recover past to re-arm."""

    remaining_percent_below: float | None = None
    remaining_percent_band: float = 2.0
    remaining_bytes_below: int | None = None
    remaining_bytes_band: int = 50_000_000
    expiring_within: timedelta | None = None
    expiring_band: timedelta = timedelta(hours=1)
    balance_below: Decimal | None = None
    balance_band: Decimal = Decimal("0.50")
    run_out_before_plan_end: bool = False
    run_out_band: timedelta = timedelta(hours=12)

    def __post_init__(self) -> None:
        """Reject negative bands: a band of zero re-arms as soon as the limit is met."""
        bands_ok = (
            self.remaining_percent_band >= 0
            and self.remaining_bytes_band >= 0
            and self.expiring_band >= timedelta(0)
            and self.balance_band >= 0
            and self.run_out_band >= timedelta(0)
        )
        if not bands_ok:
            raise PlanError("hysteresis bands must not be negative")


@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdInputs:
    """The figures the rules look at (None: unknown right now).

    `run_out_margin` is projected run-out minus plan end: negative means the data runs
    out first; `timedelta.max` when nothing is being used.
    """

    remaining_percent: float | None = None
    remaining_bytes: int | None = None
    time_to_expiry: timedelta | None = None
    balance: Decimal | None = None
    run_out_margin: timedelta | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdState:
    """The reasons latched active (what must persist across restarts)."""

    active: frozenset[TopUpReason] = frozenset()

    def to_json(self) -> JsonObject:
        """Serialise to plain JSON."""
        reasons: list[JsonValue] = [reason.value for reason in _ordered(self.active)]
        return {"version": THRESHOLD_STATE_VERSION, "active": reasons}

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        """Restore what `to_json` wrote; unknown reasons (from a newer version) are dropped."""
        check_version(data, THRESHOLD_STATE_VERSION)
        known = {reason.value: reason for reason in TopUpReason}
        names = read_list(data, "active")
        return cls(active=frozenset(known[name] for name in names if name in known))


@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdResult:
    """The new state, the reasons that hold, and those that just crossed (fire once)."""

    state: ThresholdState
    reasons: tuple[TopUpReason, ...]
    fired: tuple[TopUpReason, ...]

    @property
    def top_up_needed(self) -> bool:
        """Whether any reason holds."""
        return bool(self.reasons)


def threshold_inputs(
    *,
    now: datetime,
    remaining: RemainingData,
    period: Period,
    projection: Projection,
    balance: Decimal | None,
) -> ThresholdInputs:
    """Gather the rules' figures from the other results."""
    time_to_expiry = None if period.end is None else period.end - now
    return ThresholdInputs(
        remaining_percent=remaining.percent,
        remaining_bytes=remaining.remaining,
        time_to_expiry=time_to_expiry,
        balance=balance,
        run_out_margin=_run_out_margin(projection, period),
    )


def evaluate_thresholds(
    settings: ThresholdSettings, inputs: ThresholdInputs, state: ThresholdState
) -> ThresholdResult:
    """Apply every rule with hysteresis; return the new state and what holds or fired."""
    active = {
        reason
        for reason in TopUpReason
        if _holds(reason, reason in state.active, settings, inputs)
    }
    fired = active - state.active
    return ThresholdResult(
        state=ThresholdState(active=frozenset(active)),
        reasons=_ordered(active),
        fired=_ordered(fired),
    )


def _ordered(
    reasons: set[TopUpReason] | frozenset[TopUpReason],
) -> tuple[TopUpReason, ...]:
    return tuple(reason for reason in TopUpReason if reason in reasons)


def _run_out_margin(projection: Projection, period: Period) -> timedelta | None:
    if period.end is None or projection.daily_usage is None:
        return None
    if projection.run_out is None:
        return timedelta.max
    return projection.run_out - period.end


def _holds(
    reason: TopUpReason,
    was_active: bool,
    settings: ThresholdSettings,
    inputs: ThresholdInputs,
) -> bool:
    match reason:
        case TopUpReason.REMAINING_PERCENT_LOW:
            return _below(
                was_active,
                inputs.remaining_percent,
                settings.remaining_percent_below,
                settings.remaining_percent_band,
            )
        case TopUpReason.REMAINING_DATA_LOW:
            return _below(
                was_active,
                inputs.remaining_bytes,
                settings.remaining_bytes_below,
                settings.remaining_bytes_band,
            )
        case TopUpReason.PLAN_EXPIRING:
            return _below(
                was_active,
                inputs.time_to_expiry,
                settings.expiring_within,
                settings.expiring_band,
            )
        case TopUpReason.BALANCE_LOW:
            return _below(
                was_active,
                inputs.balance,
                settings.balance_below,
                settings.balance_band,
            )
        case TopUpReason.RUN_OUT_BEFORE_PLAN_END:
            limit = timedelta(0) if settings.run_out_before_plan_end else None
            return _below(
                was_active, inputs.run_out_margin, limit, settings.run_out_band
            )


def _below[T: (int, float, Decimal, timedelta)](
    was_active: bool, value: T | None, limit: T | None, band: T
) -> bool:
    """Whether a below-limit rule holds, given whether it held before."""
    if limit is None:
        return False
    if value is None:
        return was_active
    if was_active:
        return value < limit + band
    return value < limit
