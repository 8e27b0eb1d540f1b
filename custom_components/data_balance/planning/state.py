"""Everything stored for one SIM, and the figures the entities show, in one call."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Self

from .accumulator import Accumulator, AccumulatorSettings, CounterSample
from .projection import (
    DEFAULT_PROJECTION,
    BalanceHistory,
    Projection,
    ProjectionSettings,
    project,
)
from .remaining import DEFAULT_CARRIER_MAX_AGE, RemainingData, remaining_data
from .serialization import JsonObject, check_version, read_object
from .thresholds import (
    ThresholdResult,
    ThresholdSettings,
    ThresholdState,
    evaluate_thresholds,
    threshold_inputs,
)
from .topup import (
    DEFAULT_NOISE,
    CarrierReading,
    TopUp,
    TopUpNoise,
    TopUpStatus,
    TopUpTracker,
)

if TYPE_CHECKING:
    from .periods import Period, Plan

PLAN_STATE_VERSION = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanState:
    """The state to store across restarts: usage, balance history, top-ups, thresholds."""

    usage: Accumulator = field(default_factory=Accumulator)
    balance: BalanceHistory = field(default_factory=BalanceHistory.covering)
    top_ups: TopUpTracker = field(default_factory=TopUpTracker)
    thresholds: ThresholdState = field(default_factory=ThresholdState)

    @classmethod
    def start(cls, settings: AccumulatorSettings | None = None) -> Self:
        """Return an empty state whose windows follow `settings`."""
        settings = AccumulatorSettings() if settings is None else settings
        return cls(
            usage=Accumulator(settings=settings),
            balance=BalanceHistory.covering(settings.window),
        )

    def fold(self, sample: CounterSample, plan: Plan) -> Self:
        """Count a device counter sample (see `Accumulator.fold`)."""
        return replace(self, usage=self.usage.fold(sample, plan))

    def observe_carrier(
        self,
        reading: CarrierReading,
        plan: Plan,
        *,
        carrier_notice: bool = False,
        noise: TopUpNoise = DEFAULT_NOISE,
    ) -> tuple[Self, TopUp | None]:
        """Take a carrier reply: look for a top-up, re-base usage, record the balance.

        A rise in data is measured from what the counters say is left since the last
        carrier figure of this period, so usage in between does not hide part of it.
        """
        usage = self.usage.advance(reading.time, plan)
        top_ups, top_up = self.top_ups.observe(
            reading,
            period_start=plan.period_at(reading.time).start,
            expected_data=None if usage.anchor is None else usage.estimate(plan),
            carrier_notice=carrier_notice,
            noise=noise,
        )
        if reading.data_remaining is not None:
            usage = usage.rebase(reading.time, reading.data_remaining, plan)
        balance = self.balance
        if reading.balance is not None:
            balance = balance.observe(reading.time, reading.balance)
        return replace(self, usage=usage, balance=balance, top_ups=top_ups), top_up

    def record_top_up(
        self, at: datetime, *, data: int | None = None, balance: Decimal | None = None
    ) -> Self:
        """Record a top-up made by hand; it stays pending until the carrier shows it."""
        return replace(
            self, top_ups=self.top_ups.record_manual(at, data=data, balance=balance)
        )

    def to_json(self) -> JsonObject:
        """Serialise to plain JSON."""
        return {
            "version": PLAN_STATE_VERSION,
            "usage": self.usage.to_json(),
            "balance": self.balance.to_json(),
            "top_ups": self.top_ups.to_json(),
            "thresholds": self.thresholds.to_json(),
        }

    @classmethod
    def from_json(
        cls, data: JsonObject, settings: AccumulatorSettings | None = None
    ) -> Self:
        """Restore what `to_json` wrote; raises `StateError` if any part cannot be."""
        check_version(data, PLAN_STATE_VERSION)
        settings = AccumulatorSettings() if settings is None else settings
        return cls(
            usage=Accumulator.from_json(read_object(data, "usage"), settings),
            balance=BalanceHistory.from_json(
                read_object(data, "balance"), settings.window
            ),
            top_ups=TopUpTracker.from_json(read_object(data, "top_ups")),
            thresholds=ThresholdState.from_json(read_object(data, "thresholds")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarySettings:
    """The user's thresholds and how fresh and how plentiful evidence must be."""

    thresholds: ThresholdSettings = field(default_factory=ThresholdSettings)
    carrier_max_age: timedelta = DEFAULT_CARRIER_MAX_AGE
    projection: ProjectionSettings = DEFAULT_PROJECTION


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanSummary:
    """The figures for the entities at one moment (see design §4)."""

    period: Period
    used: int
    remaining: RemainingData
    projection: Projection
    balance: Decimal | None
    daily_spend: Decimal | None
    thresholds: ThresholdResult
    manual_top_up: TopUpStatus | None


def summarise(
    plan: Plan,
    state: PlanState,
    now: datetime,
    *,
    settings: SummarySettings,
    carrier_expiry: date | datetime | None = None,
) -> tuple[PlanState, PlanSummary]:
    """Compute every figure at `now` and advance the threshold latches (call once per update).

    Also starts a new usage period if its boundary has passed without a sample.
    """
    usage = state.usage.advance(now, plan)
    period = plan.period_at(now, carrier_expiry)
    remaining = remaining_data(plan, usage, now, settings.carrier_max_age)
    projection = project(usage, remaining, period, now, settings.projection)
    balance = state.balance.last_balance
    inputs = threshold_inputs(
        now=now,
        remaining=remaining,
        period=period,
        projection=projection,
        balance=balance,
    )
    result = evaluate_thresholds(settings.thresholds, inputs, state.thresholds)
    summary = PlanSummary(
        period=period,
        used=usage.used,
        remaining=remaining,
        projection=projection,
        balance=balance,
        daily_spend=state.balance.daily_spend(now, settings.projection),
        thresholds=result,
        manual_top_up=state.top_ups.manual_status(now),
    )
    return replace(state, usage=usage, thresholds=result.state), summary
