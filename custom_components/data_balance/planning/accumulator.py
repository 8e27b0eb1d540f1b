"""The usage accumulator: raw device counters in, bytes used this period out.

Counters are received + sent bytes, either since the device booted or since the device
last reset its own monthly counters. Each direction is followed separately:

- a rise counts as usage;
- a drop counts as a 32-bit (or configured) wrap-around when the wrapped difference is
  small (`max_wrap_delta`), otherwise as a reset of both counters, after which their
  whole new values count (the bytes between the last sample and the reset are never seen);
- a sample no newer than the last one (a duplicate or out of order) is ignored; its bytes
  arrive with the next newer sample, because counters only accumulate.

A delta that straddles a period boundary is split between the two periods in proportion
to time. Periods follow the plan's computed boundaries; a carrier's expiry date moves
only the reported end (`Plan.period_at`), and the carrier's figures after a renewal
re-base the estimate. A carrier's remaining figure re-bases the estimate of what is left (the counted
usage itself never goes down) and the difference from the estimate is kept as `drift`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Self

from .errors import PlanError
from .periods import utc
from .serialization import (
    JsonObject,
    check_version,
    dump_time,
    read_int,
    read_optional_int,
    read_optional_object,
    read_optional_time,
    read_time,
)
from .window import SlidingWindow

if TYPE_CHECKING:
    from .periods import Plan

STATE_VERSION = 1
_MICROSECOND = timedelta(microseconds=1)


class CounterKind(StrEnum):
    """What a device's counters count from."""

    SINCE_BOOT = "since_boot"
    DEVICE_PERIOD = "device_period"


@dataclass(frozen=True, slots=True, kw_only=True)
class CounterSample:
    """Raw device counters read at `time` (aware)."""

    time: datetime
    received: int
    sent: int

    def __post_init__(self) -> None:
        """Reject negative counters and naive times; keep the time in UTC."""
        if self.received < 0 or self.sent < 0:
            raise PlanError("device counters must not be negative")
        object.__setattr__(self, "time", utc(self.time))


@dataclass(frozen=True, slots=True, kw_only=True)
class AccumulatorSettings:
    """How to read the counters and how much history the burn-rate window keeps.

    `counter_kind` DEVICE_PERIOD means the first sample ever seen already holds this
    period's usage (the device resets its counters with the plan); SINCE_BOOT means the
    first sample is only a baseline. `counter_modulus` is where counters wrap (None: they
    never do).
    """

    counter_kind: CounterKind = CounterKind.SINCE_BOOT
    counter_modulus: int | None = 2**32
    max_wrap_delta: int = 2**30
    window: timedelta = timedelta(days=3)
    bucket: timedelta = timedelta(hours=1)

    def __post_init__(self) -> None:
        """Reject a window shorter than one bucket."""
        if self.window < self.bucket:
            raise PlanError("the burn-rate window must cover at least one bucket")

    def empty_window(self) -> SlidingWindow:
        """Return an empty burn-rate window of the configured shape."""
        return SlidingWindow.covering(self.window, self.bucket)


@dataclass(frozen=True, slots=True, kw_only=True)
class CarrierAnchor:
    """The carrier's remaining figure and what had been counted when it was true."""

    time: datetime
    remaining: int
    used: int
    credited: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Accumulator:
    """Usage counted in the current period; immutable, each method returns a new one.

    `used` is what the counters show for the period; `credited` is data added to the
    allowance this period (rollover, credits); `lifetime_used` is every byte counted.
    `drift` is the counted estimate less the carrier's figure at the last re-base
    (positive: the carrier counted more usage than the device did).
    """

    settings: AccumulatorSettings = field(default_factory=AccumulatorSettings)
    period_start: datetime | None = None
    period_end: datetime | None = None
    used: int = 0
    credited: int = 0
    rolled_over: int = 0
    previous_period_used: int | None = None
    lifetime_used: int = 0
    last_sample: CounterSample | None = None
    anchor: CarrierAnchor | None = None
    drift: int | None = None
    window: SlidingWindow | None = None

    @property
    def usage_window(self) -> SlidingWindow:
        """The burn-rate window (empty before the first sample)."""
        return self.settings.empty_window() if self.window is None else self.window

    def fold(self, sample: CounterSample, plan: Plan) -> Accumulator:
        """Count a new counter sample; start a new period if a boundary has passed."""
        last = self.last_sample
        if last is not None and sample.time <= last.time:
            return self
        if last is None:
            delta = self._first_sample_usage(sample)
            since = sample.time
        else:
            delta = counter_delta(last, sample, self.settings)
            since = last.time
        state, delta_here = self._advanced(plan, sample.time, since, delta)
        window_amount = delta if last is not None else 0
        return replace(
            state,
            used=state.used + delta_here,
            lifetime_used=state.lifetime_used + delta,
            last_sample=sample,
            window=self.usage_window.add(since, sample.time, window_amount),
        )

    def rebase(self, time: datetime, remaining: int, plan: Plan) -> Accumulator:
        """Take the carrier's remaining figure at `time` as the truth from now on.

        A figure older than the last one, or from before the current period, is ignored.
        """
        if remaining < 0:
            raise PlanError("remaining data must not be negative")
        time = utc(time)
        if self.anchor is not None and time <= self.anchor.time:
            return self
        state, _ = self._advanced(plan, time, time, 0)
        if state.period_start is not None and time < state.period_start:
            return self
        expected = state.estimate(plan)
        anchor = CarrierAnchor(
            time=time, remaining=remaining, used=state.used, credited=state.credited
        )
        drift = None if expected is None else expected - remaining
        return replace(state, anchor=anchor, drift=drift)

    def advance(self, time: datetime, plan: Plan) -> Accumulator:
        """Start the period containing `time` if its boundary has passed, with no sample."""
        time = utc(time)
        return self._advanced(plan, time, time, 0)[0]

    def credit(self, time: datetime, amount: int, plan: Plan) -> Accumulator:
        """Add `amount` bytes to this period's allowance.

        For a top-up that no carrier remaining figure shows yet (a notice, or one the
        user recorded); a later `rebase` supersedes it, so nothing is counted twice.
        """
        if amount < 0:
            raise PlanError("a credit must not be negative")
        time = utc(time)
        state, _ = self._advanced(plan, time, time, 0)
        if state.period_start is not None and time < state.period_start:
            return self
        return replace(state, credited=state.credited + amount)

    def estimate(self, plan: Plan) -> int | None:
        """Return the data left by counting (may be negative), or None if unknowable.

        From the last carrier figure when there is one this period, else from the plan size.
        """
        if self.anchor is not None:
            anchor = self.anchor
            added = self.credited - anchor.credited
            return anchor.remaining + added - (self.used - anchor.used)
        if plan.size is None:
            return None
        return plan.size + self.credited - self.used

    def allowance(self, plan: Plan) -> int | None:
        """Return this period's allowance: plan size plus credits (None: unlimited)."""
        return None if plan.size is None else plan.size + self.credited

    def to_json(self) -> JsonObject:
        """Serialise to plain JSON (settings excluded: they come from the configuration)."""
        return {
            "version": STATE_VERSION,
            "period_start": dump_time(self.period_start),
            "period_end": dump_time(self.period_end),
            "used": self.used,
            "credited": self.credited,
            "rolled_over": self.rolled_over,
            "previous_period_used": self.previous_period_used,
            "lifetime_used": self.lifetime_used,
            "last_sample": _sample_to_json(self.last_sample),
            "anchor": _anchor_to_json(self.anchor),
            "drift": self.drift,
            "window": None if self.window is None else self.window.to_json(),
        }

    @classmethod
    def from_json(
        cls, data: JsonObject, settings: AccumulatorSettings | None = None
    ) -> Self:
        """Restore what `to_json` wrote; raises `StateError` if it cannot."""
        check_version(data, STATE_VERSION)
        settings = AccumulatorSettings() if settings is None else settings
        window_data = read_optional_object(data, "window")
        window = None
        if window_data is not None:
            window = settings.empty_window().restored(window_data)
        return cls(
            settings=settings,
            period_start=read_optional_time(data, "period_start"),
            period_end=read_optional_time(data, "period_end"),
            used=read_int(data, "used"),
            credited=read_int(data, "credited"),
            rolled_over=read_int(data, "rolled_over"),
            previous_period_used=read_optional_int(data, "previous_period_used"),
            lifetime_used=read_int(data, "lifetime_used"),
            last_sample=_sample_from_json(read_optional_object(data, "last_sample")),
            anchor=_anchor_from_json(read_optional_object(data, "anchor")),
            drift=read_optional_int(data, "drift"),
            window=window,
        )

    def _first_sample_usage(self, sample: CounterSample) -> int:
        if self.settings.counter_kind is CounterKind.DEVICE_PERIOD:
            return sample.received + sample.sent
        return 0

    def _advanced(
        self, plan: Plan, time: datetime, since: datetime, delta: int
    ) -> tuple[Accumulator, int]:
        """Move to the period containing `time`; return it and the share of `delta` in it.

        A plan change takes effect at once but never erases what was counted: a new
        period starts only when the plan's period at `time` starts after the stored one;
        otherwise the stored period continues to the plan's end.
        """
        start, end = plan.computed_bounds(time)
        if self.period_start is None:
            return replace(self, period_start=start, period_end=end), delta
        if start <= self.period_start:
            if end == self.period_end:
                return self, delta
            return replace(self, period_end=end), delta
        share_here = _share_after(start, since, time, delta)
        closed = replace(self, used=self.used + delta - share_here)
        return _next_period(closed, plan, start, end), share_here


def _next_period(
    closed: Accumulator, plan: Plan, start: datetime, end: datetime | None
) -> Accumulator:
    """Open the period [start, end), carrying unused data over if the plan rolls over."""
    carried = _rollover(closed, plan) if closed.period_end == start else 0
    return replace(
        closed,
        period_start=start,
        period_end=end,
        used=0,
        credited=carried,
        rolled_over=carried,
        previous_period_used=closed.used,
        anchor=None,
    )


def _rollover(closed: Accumulator, plan: Plan) -> int:
    left = closed.estimate(plan)
    if not plan.rollover or plan.size is None or left is None:
        return 0
    return max(0, min(left, plan.size))


def counter_delta(
    last: CounterSample, sample: CounterSample, settings: AccumulatorSettings
) -> int:
    """Return the bytes used between two samples, across wraps and resets."""
    received = _direction_delta(last.received, sample.received, settings)
    sent = _direction_delta(last.sent, sample.sent, settings)
    if received is None or sent is None:
        return sample.received + sample.sent
    return received + sent


def _direction_delta(
    before: int, after: int, settings: AccumulatorSettings
) -> int | None:
    """Return one counter's rise, or None when it was reset."""
    if after >= before:
        return after - before
    modulus = settings.counter_modulus
    if modulus is None or before >= modulus:
        return None
    wrapped = modulus - before + after
    return wrapped if wrapped <= settings.max_wrap_delta else None


def _share_after(
    boundary: datetime, since: datetime, time: datetime, delta: int
) -> int:
    """Return the part of `delta`, spread evenly over [since, time], after `boundary`."""
    if since >= boundary:
        return delta
    if time <= boundary:  # a period that starts in the future (a bucket not begun)
        return 0
    whole = (time - since) // _MICROSECOND
    return delta * ((time - boundary) // _MICROSECOND) // whole


def _sample_to_json(sample: CounterSample | None) -> JsonObject | None:
    if sample is None:
        return None
    return {
        "time": dump_time(sample.time),
        "received": sample.received,
        "sent": sample.sent,
    }


def _sample_from_json(data: JsonObject | None) -> CounterSample | None:
    if data is None:
        return None
    return CounterSample(
        time=read_time(data, "time"),
        received=read_int(data, "received"),
        sent=read_int(data, "sent"),
    )


def _anchor_to_json(anchor: CarrierAnchor | None) -> JsonObject | None:
    if anchor is None:
        return None
    return {
        "time": dump_time(anchor.time),
        "remaining": anchor.remaining,
        "used": anchor.used,
        "credited": anchor.credited,
    }


def _anchor_from_json(data: JsonObject | None) -> CarrierAnchor | None:
    if data is None:
        return None
    return CarrierAnchor(
        time=read_time(data, "time"),
        remaining=read_int(data, "remaining"),
        used=read_int(data, "used"),
        credited=read_int(data, "credited"),
    )
