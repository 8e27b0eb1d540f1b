"""Property tests: periods tile time, no byte lost or doubled, restarts are invisible.

The model device keeps 32-bit counters that wrap, and reboots (counters back to zero)
only where the reboot is distinguishable from a wrap (see the accumulator's rules).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
import json
from zoneinfo import ZoneInfo

from hypothesis import event, given, settings, strategies as st

from custom_components.data_balance.plan import (
    Accumulator,
    AccumulatorSettings,
    BalanceHistory,
    CarrierReading,
    CounterSample,
    EveryNDays,
    MonthlyRenewal,
    NonExpiring,
    Plan,
    ThresholdInputs,
    ThresholdSettings,
    ThresholdState,
    TopUp,
    TopUpReason,
    TopUpTracker,
    evaluate_thresholds,
)

EXAMPLES = settings(max_examples=300, deadline=None)
WRAP = 2**32
MAX_STEP_TRAFFIC = 2**28
T0 = datetime(2026, 1, 20, tzinfo=UTC)
ZONES = [
    ZoneInfo(name)
    for name in (
        "UTC",
        "America/New_York",
        "Europe/London",
        "America/Santiago",
        "Australia/Lord_Howe",
    )
]

renewals = st.one_of(
    st.builds(MonthlyRenewal, day=st.integers(1, 31)),
    st.builds(
        EveryNDays,
        days=st.integers(1, 45),
        anchor=st.dates(date(2025, 1, 1), date(2027, 1, 1)),
    ),
    st.builds(NonExpiring, start=st.dates(date(2025, 1, 1), date(2026, 3, 1))),
)
plans = st.builds(
    Plan,
    size=st.one_of(st.none(), st.integers(0, 50 * 10**9)),
    renewal=renewals,
    time_zone=st.sampled_from(ZONES),
    rollover=st.booleans(),
)


@dataclass
class Step:
    """One thing the device does between two samples."""

    minutes: int
    received: int
    sent: int
    reboot: bool
    replay: bool  # also resend an earlier sample (duplicate or out of order)


steps = st.lists(
    st.builds(
        Step,
        minutes=st.integers(1, 60 * 24 * 12),
        received=st.integers(0, MAX_STEP_TRAFFIC),
        sent=st.integers(0, MAX_STEP_TRAFFIC),
        reboot=st.booleans(),
        replay=st.booleans(),
    ),
    max_size=40,
)


def _reboot_is_visible(before: CounterSample, step: Step) -> bool:
    """A reboot is told from a wrap when a counter drops by more than a wrap could."""
    limit = AccumulatorSettings().max_wrap_delta
    return any(
        after < old and WRAP - old + after > limit
        for old, after in ((before.received, step.received), (before.sent, step.sent))
    )


def _device_samples(
    start: tuple[int, int], plan_steps: list[Step]
) -> tuple[list[CounterSample], int]:
    """Return the samples a device sends (replays included) and the true bytes since the first."""
    time = T0
    sample = CounterSample(time=time, received=start[0], sent=start[1])
    sent_samples = [sample]
    traffic = 0
    for step in plan_steps:
        time += timedelta(minutes=step.minutes)
        if step.reboot and _reboot_is_visible(sample, step):
            event("reboot")
            received, sent = step.received, step.sent
        else:
            if max(sample.received + step.received, sample.sent + step.sent) >= WRAP:
                event("wrap")
            received = (sample.received + step.received) % WRAP
            sent = (sample.sent + step.sent) % WRAP
        traffic += step.received + step.sent
        sample = CounterSample(time=time, received=received, sent=sent)
        sent_samples.append(sample)
        if step.replay:
            sent_samples.append(sent_samples[len(sent_samples) // 2])
    return sent_samples, traffic


counter_values = st.one_of(
    st.integers(0, WRAP - 1), st.integers(WRAP - 2**30, WRAP - 1)
)
counter_starts = st.tuples(counter_values, counter_values)


@EXAMPLES
@given(plan=plans, start=counter_starts, device_steps=steps)
def test_no_byte_lost_or_counted_twice(
    plan: Plan, start: tuple[int, int], device_steps: list[Step]
) -> None:
    samples, traffic = _device_samples(start, device_steps)
    state = Accumulator()
    closed_periods = 0
    for sample in samples:
        before = state
        state = state.fold(sample, plan)
        if (
            before.period_start is not None
            and state.period_start != before.period_start
        ):
            assert state.previous_period_used is not None
            closed_periods += state.previous_period_used
            event("new period")
    assert state.lifetime_used == traffic
    assert closed_periods + state.used == traffic


@EXAMPLES
@given(plan=plans, start=counter_starts, device_steps=steps)
def test_usage_within_a_period_never_decreases(
    plan: Plan, start: tuple[int, int], device_steps: list[Step]
) -> None:
    samples, _ = _device_samples(start, device_steps)
    state = Accumulator()
    for sample in samples:
        after = state.fold(sample, plan)
        assert after.lifetime_used >= state.lifetime_used
        if after.period_start == state.period_start:
            assert after.used >= state.used
        else:
            assert after.period_start is not None
            assert state.period_start is None or after.period_start > state.period_start
        state = after
        assert len(state.usage_window.buckets) <= state.usage_window.bucket_count


operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("sample"),
            st.integers(0, 3 * 60 * 24),
            st.integers(0, MAX_STEP_TRAFFIC),
        ),
        st.tuples(
            st.just("carrier"), st.integers(0, 3 * 60 * 24), st.integers(0, 20 * 10**9)
        ),
        st.tuples(
            st.just("credit"), st.integers(0, 3 * 60 * 24), st.integers(0, 5 * 10**9)
        ),
    ),
    max_size=40,
)


def _apply(
    state: Accumulator, plan: Plan, operation: tuple[str, int, int], index: int
) -> Accumulator:
    kind, minutes, amount = operation
    time = T0 + timedelta(minutes=minutes * (index + 1) // 4 + index)
    if kind == "sample":
        received = (state.last_sample.received if state.last_sample else 0) + amount
        return state.fold(
            CounterSample(time=time, received=received % WRAP, sent=index), plan
        )
    if kind == "carrier":
        return state.rebase(time, amount, plan)
    return state.credit(time, amount, plan)


@EXAMPLES
@given(plan=plans, script=operations, stop=st.integers(0, 40))
def test_restart_is_invisible(
    plan: Plan, script: list[tuple[str, int, int]], stop: int
) -> None:
    uninterrupted = Accumulator()
    for index, operation in enumerate(script):
        uninterrupted = _apply(uninterrupted, plan, operation, index)
    restarted = Accumulator()
    for index, operation in enumerate(script):
        if index == stop:
            restarted = Accumulator.from_json(
                json.loads(json.dumps(restarted.to_json()))
            )
        restarted = _apply(restarted, plan, operation, index)
    assert restarted == uninterrupted
    assert restarted.to_json() == uninterrupted.to_json()


@EXAMPLES
@given(
    plan=plans,
    moment=st.builds(
        lambda seconds: datetime(2025, 6, 1, tzinfo=UTC) + timedelta(seconds=seconds),
        st.floats(0, 2 * 365 * 86_400),
    ),
)
def test_periods_tile_time(plan: Plan, moment: datetime) -> None:
    period = plan.period_at(moment)
    if period.end is None:
        assert period.start == plan.period_at(moment + timedelta(days=400)).start
        return
    assert period.contains(moment)
    assert plan.period_at(period.end).start == period.end
    assert plan.period_at(period.start - timedelta(microseconds=1)).end == period.start
    local_start = period.start.astimezone(plan.time_zone)
    assert local_start.hour in {
        0,
        1,
    }  # midnight, or the first hour when midnight is skipped
    assert timedelta(hours=23) <= period.end - period.start <= timedelta(days=46)


THRESHOLDS = ThresholdSettings(
    remaining_percent_below=20.0,
    remaining_percent_band=5.0,
    remaining_bytes_below=1_000,
    remaining_bytes_band=100,
    expiring_within=timedelta(days=3),
    expiring_band=timedelta(hours=1),
    balance_below=Decimal(5),
    balance_band=Decimal(1),
    run_out_before_plan_end=True,
    run_out_band=timedelta(hours=12),
)


def _inputs(reason: TopUpReason, quarter_bands: int) -> ThresholdInputs:
    """Inputs whose figure for `reason` is the limit plus `quarter_bands` quarters of the band.

    Below zero the figure is under the limit; from 4 up it is past the band.
    """
    match reason:
        case TopUpReason.REMAINING_PERCENT_LOW:
            return ThresholdInputs(remaining_percent=20.0 + 5.0 * quarter_bands / 4)
        case TopUpReason.REMAINING_DATA_LOW:
            return ThresholdInputs(remaining_bytes=1_000 + 100 * quarter_bands // 4)
        case TopUpReason.PLAN_EXPIRING:
            hours = timedelta(hours=quarter_bands / 4)
            return ThresholdInputs(time_to_expiry=timedelta(days=3) + hours)
        case TopUpReason.BALANCE_LOW:
            return ThresholdInputs(balance=Decimal(5) + Decimal(quarter_bands) / 4)
        case TopUpReason.RUN_OUT_BEFORE_PLAN_END:
            return ThresholdInputs(run_out_margin=timedelta(hours=3 * quarter_bands))


@EXAMPLES
@given(
    reason=st.sampled_from(TopUpReason),
    levels=st.lists(st.one_of(st.none(), st.integers(-12, 12)), max_size=60),
)
def test_thresholds_fire_exactly_once_per_crossing(
    reason: TopUpReason, levels: list[int | None]
) -> None:
    """Fires when armed and below the limit; re-arms only past the band; None holds."""
    state = ThresholdState()
    armed = True
    for level in levels:
        inputs = ThresholdInputs() if level is None else _inputs(reason, level)
        result = evaluate_thresholds(THRESHOLDS, inputs, state)
        crossing = level is not None and armed and level < 0
        assert (reason in result.fired) == crossing
        if crossing:
            armed = False
        elif level is not None and level >= 4:
            armed = True
        assert (reason in result.reasons) == (not armed)
        assert set(result.reasons) <= {reason}
        state = result.state


readings = st.lists(
    st.tuples(
        st.integers(-30, 600),
        st.one_of(st.none(), st.integers(0, 20 * 10**9)),
        st.one_of(st.none(), st.decimals(0, 100, places=2)),
        st.booleans(),
    ),
    max_size=30,
)


def _carrier_step(
    tracker: TopUpTracker,
    history: BalanceHistory,
    reading: tuple[int, int | None, Decimal | None, bool],
    index: int,
) -> tuple[TopUpTracker, BalanceHistory, TopUp | None]:
    minutes, data, balance, notice = reading
    time = T0 + timedelta(minutes=minutes + 60 * index)
    if index % 7 == 3:
        tracker = tracker.record_manual(time, data=data, balance=balance)
    tracker, top_up = tracker.observe(
        CarrierReading(time=time, data_remaining=data, balance=balance),
        period_start=T0 + timedelta(days=1),
        carrier_notice=notice,
    )
    if balance is not None:
        history = history.observe(time, balance)
    return tracker, history, top_up


@EXAMPLES
@given(script=readings, stop=st.integers(0, 30))
def test_carrier_side_restart_is_invisible(
    script: list[tuple[int, int | None, Decimal | None, bool]], stop: int
) -> None:
    def run(
        restart_at: int | None,
    ) -> tuple[TopUpTracker, BalanceHistory, list[object]]:
        tracker, history = TopUpTracker(), BalanceHistory.covering()
        seen: list[object] = []
        for index, reading in enumerate(script):
            if index == restart_at:
                tracker = TopUpTracker.from_json(
                    json.loads(json.dumps(tracker.to_json()))
                )
                history = BalanceHistory.from_json(
                    json.loads(json.dumps(history.to_json()))
                )
            tracker, history, top_up = _carrier_step(tracker, history, reading, index)
            now = T0 + timedelta(hours=index + 1)
            seen.append((top_up, tracker.manual_status(now), history.daily_spend(now)))
        return tracker, history, seen

    assert run(stop) == run(None)
