"""Burn rate, run-out time, days left and daily money spend over a sliding window."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Self

from .periods import utc
from .serialization import (
    JsonObject,
    check_version,
    dump_decimal,
    dump_time,
    read_object,
    read_optional_decimal,
    read_optional_time,
)
from .window import SlidingWindow

if TYPE_CHECKING:
    from .accumulator import Accumulator
    from .periods import Period
    from .remaining import RemainingData

BALANCE_STATE_VERSION = 1
_DAY = timedelta(days=1)
_MICROSECOND = timedelta(microseconds=1)
_MONEY_SCALE = 10**6
_CENT = Decimal("0.01")
_NEVER = 100 * 365  # days; a run-out further away than this is "never"


class EndReason(StrEnum):
    """What ends the service first."""

    RUN_OUT = "run_out"
    PLAN_END = "plan_end"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectionSettings:
    """How much evidence a rate needs before it is believed."""

    min_samples: int = 12
    min_span: timedelta = timedelta(hours=1)
    min_balance_readings: int = 2


DEFAULT_PROJECTION = ProjectionSettings()


@dataclass(frozen=True, slots=True, kw_only=True)
class Projection:
    """Where usage is heading at the current pace.

    `daily_usage` is bytes per day over the window (None: not enough samples yet);
    `run_out` is when the data runs out at that pace (None: never, unknown, or no cap);
    `ends_at` is the earlier of `run_out` and the period end, `end_reason` says which,
    and `days_left` counts down to it (never below zero).
    """

    daily_usage: int | None
    run_out: datetime | None
    ends_at: datetime | None
    end_reason: EndReason | None
    days_left: float | None


def daily_usage(
    accumulator: Accumulator,
    now: datetime,
    settings: ProjectionSettings = DEFAULT_PROJECTION,
) -> int | None:
    """Return the average bytes per day over the window, or None without enough samples."""
    totals = accumulator.usage_window.totals(now)
    too_short = totals.span < settings.min_span or totals.span <= timedelta(0)
    if too_short or totals.samples < settings.min_samples:
        return None
    return totals.amount * (_DAY // _MICROSECOND) // (totals.span // _MICROSECOND)


def project(
    accumulator: Accumulator,
    remaining: RemainingData,
    period: Period,
    now: datetime,
    settings: ProjectionSettings = DEFAULT_PROJECTION,
) -> Projection:
    """Project run-out and days left from the burn rate and the remaining figure."""
    per_day = daily_usage(accumulator, now, settings)
    run_out = _run_out(remaining, per_day, now)
    ends_at, end_reason = _first_end(run_out, period.end)
    days_left = None
    if ends_at is not None:
        days_left = round(max(timedelta(0), ends_at - now) / _DAY, 2)
    return Projection(
        daily_usage=per_day,
        run_out=run_out,
        ends_at=ends_at,
        end_reason=end_reason,
        days_left=days_left,
    )


def _run_out(
    remaining: RemainingData, per_day: int | None, now: datetime
) -> datetime | None:
    if remaining.remaining is None or not per_day:
        return None
    if remaining.remaining > per_day * _NEVER:
        return None
    since = now if remaining.as_of is None else remaining.as_of
    day = _DAY // _MICROSECOND
    return since + timedelta(microseconds=remaining.remaining * day // per_day)


def _first_end(
    run_out: datetime | None, period_end: datetime | None
) -> tuple[datetime | None, EndReason | None]:
    if run_out is not None and (period_end is None or run_out < period_end):
        return run_out, EndReason.RUN_OUT
    if period_end is not None:
        return period_end, EndReason.PLAN_END
    return None, None


@dataclass(frozen=True, slots=True, kw_only=True)
class BalanceHistory:
    """Account balance readings, kept as money spent per time bucket (bounded)."""

    window: SlidingWindow = field(default_factory=SlidingWindow)
    last_time: datetime | None = None
    last_balance: Decimal | None = None

    @classmethod
    def covering(cls, span: timedelta = timedelta(days=3)) -> Self:
        """Return an empty history whose spend window covers `span`."""
        return cls(window=SlidingWindow.covering(span))

    def observe(self, time: datetime, balance: Decimal) -> Self:
        """Record a balance reading; falls count as spend, rises (top-ups) do not."""
        time = utc(time)
        if self.last_time is not None and time <= self.last_time:
            return self
        if self.last_time is None or self.last_balance is None:
            window = self.window.add(time, time, 0)
            return replace(self, window=window, last_time=time, last_balance=balance)
        spent = max(Decimal(0), self.last_balance - balance)
        window = self.window.add(self.last_time, time, _to_micro_units(spent))
        return replace(self, window=window, last_time=time, last_balance=balance)

    def daily_spend(
        self,
        now: datetime,
        settings: ProjectionSettings = DEFAULT_PROJECTION,
    ) -> Decimal | None:
        """Return the average money spent per day over the window, to the cent."""
        totals = self.window.totals(now)
        too_few = totals.samples < settings.min_balance_readings
        if too_few or totals.span <= timedelta(0):
            return None
        spent = Decimal(totals.amount) / _MONEY_SCALE
        per_day = spent * (_DAY // _MICROSECOND) / (totals.span // _MICROSECOND)
        return per_day.quantize(_CENT)

    def to_json(self) -> JsonObject:
        """Serialise to plain JSON."""
        return {
            "version": BALANCE_STATE_VERSION,
            "window": self.window.to_json(),
            "last_time": dump_time(self.last_time),
            "last_balance": dump_decimal(self.last_balance),
        }

    @classmethod
    def from_json(cls, data: JsonObject, span: timedelta = timedelta(days=3)) -> Self:
        """Restore what `to_json` wrote; raises `StateError` if it cannot."""
        check_version(data, BALANCE_STATE_VERSION)
        return cls(
            window=SlidingWindow.covering(span).restored(read_object(data, "window")),
            last_time=read_optional_time(data, "last_time"),
            last_balance=read_optional_decimal(data, "last_balance"),
        )


def _to_micro_units(amount: Decimal) -> int:
    return int(amount * _MONEY_SCALE)
