"""The usage accumulator: deltas, resets, wraps, periods, rollover, re-basing, JSON."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
import json
from zoneinfo import ZoneInfo

import pytest

from custom_components.data_balance.plan import (
    Accumulator,
    AccumulatorSettings,
    CarrierAnchor,
    CounterKind,
    CounterSample,
    EveryNDays,
    JsonObject,
    MonthlyRenewal,
    NonExpiring,
    Plan,
    PlanError,
    StateError,
    counter_delta,
)

GB = 10**9
MB = 10**6
WRAP = 2**32
T0 = datetime(2026, 3, 10, tzinfo=UTC)
MONTHLY = Plan(size=10 * GB, renewal=MonthlyRenewal(day=1), time_zone=ZoneInfo("UTC"))
ROLLOVER = replace(MONTHLY, rollover=True)


def _sample(minutes: float, received: int, sent: int = 0) -> CounterSample:
    return CounterSample(
        time=T0 + timedelta(minutes=minutes), received=received, sent=sent
    )


def _fold_all(
    samples: list[CounterSample],
    plan: Plan = MONTHLY,
    accumulator: Accumulator | None = None,
) -> Accumulator:
    state = Accumulator() if accumulator is None else accumulator
    for sample in samples:
        state = state.fold(sample, plan)
    return state


@pytest.mark.parametrize(
    ("before", "after", "settings", "expected"),
    [
        ((100, 10), (250, 30), AccumulatorSettings(), 170),
        ((100, 10), (100, 10), AccumulatorSettings(), 0),
        # 32-bit wrap of one direction, the other rising
        ((WRAP - 100, 10), (50, 20), AccumulatorSettings(), 150 + 10),
        ((5, WRAP - 1), (5, 0), AccumulatorSettings(), 1),
        # a big drop is a reset: both counters count from zero
        ((3 * GB, 500 * MB), (20 * MB, 520 * MB), AccumulatorSettings(), 540 * MB),
        # a wrap larger than max_wrap_delta is a reset too
        ((WRAP - 2 * GB, 0), (MB, 0), AccumulatorSettings(), MB),
        (
            (WRAP - 2 * GB, 0),
            (MB, 0),
            AccumulatorSettings(max_wrap_delta=3 * GB),
            2 * GB + MB,
        ),
        # counters that never wrap: every drop is a reset
        ((WRAP - 100, 0), (50, 0), AccumulatorSettings(counter_modulus=None), 50),
        # a value beyond the modulus proves a wider counter: a drop is a reset
        ((WRAP + 100, 0), (50, 0), AccumulatorSettings(), 50),
    ],
)
def test_counter_delta(
    before: tuple[int, int],
    after: tuple[int, int],
    settings: AccumulatorSettings,
    expected: int,
) -> None:
    first = _sample(0, *before)
    second = _sample(5, *after)
    assert counter_delta(first, second, settings) == expected


def test_first_sample_since_boot_is_a_baseline() -> None:
    state = _fold_all([_sample(0, 5 * GB, GB)])
    assert state.used == 0
    assert state.last_sample == _sample(0, 5 * GB, GB)
    assert state.period_start == datetime(2026, 3, 1, tzinfo=UTC)
    assert state.period_end == datetime(2026, 4, 1, tzinfo=UTC)


def test_first_sample_of_device_period_counters_counts() -> None:
    settings = AccumulatorSettings(counter_kind=CounterKind.DEVICE_PERIOD)
    state = _fold_all(
        [_sample(0, 2 * GB, GB)], accumulator=Accumulator(settings=settings)
    )
    assert state.used == 3 * GB
    assert (
        state.usage_window.totals(T0).amount == 0
    )  # not a rate: it built up over days


def test_device_period_counter_reset_by_the_device() -> None:
    settings = AccumulatorSettings(counter_kind=CounterKind.DEVICE_PERIOD)
    state = _fold_all(
        [_sample(0, 2 * GB), _sample(5, 2 * GB + MB), _sample(10, 3 * MB)],
        accumulator=Accumulator(settings=settings),
    )
    assert state.used == 2 * GB + MB + 3 * MB


@pytest.mark.parametrize(
    ("samples", "used"),
    [
        ([(0, 100), (5, 300), (10, 600)], 500),
        # duplicate sample: ignored
        ([(0, 100), (5, 300), (5, 300), (10, 600)], 500),
        # same time, different counters: the first one wins
        ([(0, 100), (5, 300), (5, 900), (10, 600)], 500),
        # out of order: ignored; its bytes arrive with the next newer sample
        ([(0, 100), (10, 600), (5, 300), (15, 700)], 600),
        # reboot: counts restart from zero, nothing before the reboot is lost
        ([(0, 100), (5, 300), (10, 40), (15, 90)], 200 + 40 + 50),
        # wrap
        ([(0, WRAP - 200), (5, WRAP - 100), (10, 100), (15, 150)], 100 + 200 + 50),
    ],
)
def test_fold_usage(samples: list[tuple[int, int]], used: int) -> None:
    state = _fold_all([_sample(minutes, received) for minutes, received in samples])
    assert state.used == used
    assert state.lifetime_used == used


def test_delta_across_a_boundary_is_split_in_proportion_to_time() -> None:
    start = datetime(2026, 3, 31, 23, tzinfo=UTC)
    samples = [
        CounterSample(time=start, received=0, sent=0),
        CounterSample(time=start + timedelta(minutes=30), received=300, sent=0),
        # 30 minutes before midnight, 90 after: a quarter belongs to March
        CounterSample(time=start + timedelta(hours=2.5), received=1500, sent=100),
    ]
    state = _fold_all(samples)
    assert state.period_start == datetime(2026, 4, 1, tzinfo=UTC)
    assert state.previous_period_used == 300 + 325
    assert state.used == 975
    assert state.lifetime_used == 1600


def test_rollover_carries_unused_data_capped_at_one_plan() -> None:
    march = [_sample(0, 0), _sample(60, 4 * GB)]
    april = CounterSample(
        time=datetime(2026, 4, 1, 0, 5, tzinfo=UTC), received=4 * GB, sent=0
    )
    state = _fold_all([*march, april], plan=ROLLOVER)
    assert state.rolled_over == 6 * GB
    assert state.credited == 6 * GB
    assert state.estimate(ROLLOVER) == 16 * GB
    capped = replace(
        state, credited=30 * GB, period_end=datetime(2026, 5, 1, tzinfo=UTC)
    )
    may = CounterSample(time=datetime(2026, 5, 2, tzinfo=UTC), received=4 * GB, sent=0)
    assert capped.fold(may, ROLLOVER).rolled_over == 10 * GB


def test_no_rollover_without_the_option_or_across_skipped_periods() -> None:
    march = [_sample(0, 0), _sample(60, 4 * GB)]
    april = CounterSample(
        time=datetime(2026, 4, 2, tzinfo=UTC), received=4 * GB, sent=0
    )
    assert _fold_all([*march, april]).rolled_over == 0
    june = CounterSample(time=datetime(2026, 6, 2, tzinfo=UTC), received=4 * GB, sent=0)
    skipped = _fold_all([*march, june], plan=ROLLOVER)
    assert skipped.period_start == datetime(2026, 6, 1, tzinfo=UTC)
    assert skipped.rolled_over == 0
    assert skipped.anchor is None


def test_no_rollover_for_unlimited_plans() -> None:
    unlimited = replace(ROLLOVER, size=None)
    april = CounterSample(time=datetime(2026, 4, 1, 1, tzinfo=UTC), received=GB, sent=0)
    assert _fold_all([_sample(0, 0), april], plan=unlimited).rolled_over == 0


def test_a_plan_change_never_erases_usage() -> None:
    state = _fold_all([_sample(0, 0), _sample(60, GB)])
    bucket = Plan(
        size=20 * GB,
        renewal=NonExpiring(start=date(2026, 1, 1)),
        time_zone=ZoneInfo("UTC"),
    )
    # the period end passes under the new plan, whose period started earlier
    later = CounterSample(
        time=datetime(2026, 4, 3, tzinfo=UTC), received=2 * GB, sent=0
    )
    moved = state.fold(later, bucket)
    assert moved.used == 2 * GB
    assert moved.period_start == datetime(2026, 3, 1, tzinfo=UTC)
    assert moved.period_end is None
    # a plan whose next period starts later does start a new period
    every_ten = replace(bucket, renewal=EveryNDays(days=10, anchor=date(2026, 4, 5)))
    renewed = moved.fold(
        CounterSample(time=datetime(2026, 4, 6, tzinfo=UTC), received=3 * GB, sent=0),
        every_ten,
    )
    assert renewed.period_start == datetime(2026, 4, 5, tzinfo=UTC)
    assert renewed.previous_period_used is not None
    assert renewed.used + renewed.previous_period_used == 3 * GB


def test_rebase_takes_carrier_figure_and_records_drift() -> None:
    state = _fold_all([_sample(0, 0), _sample(60, 2 * GB)])
    assert state.estimate(MONTHLY) == 8 * GB
    rebased = state.rebase(T0 + timedelta(minutes=61), 7 * GB, MONTHLY)
    assert rebased.drift == GB  # we counted 1 GB less than the carrier
    assert rebased.estimate(MONTHLY) == 7 * GB
    assert rebased.used == 2 * GB  # counted usage never goes down
    later = rebased.fold(_sample(120, 3 * GB), MONTHLY)
    assert later.estimate(MONTHLY) == 6 * GB
    again = later.rebase(T0 + timedelta(minutes=121), 6 * GB - 100, MONTHLY)
    assert again.drift == 100
    assert again.anchor == CarrierAnchor(
        time=T0 + timedelta(minutes=121),
        remaining=6 * GB - 100,
        used=3 * GB,
        credited=0,
    )


def test_rebase_ignores_old_and_previous_period_figures() -> None:
    state = _fold_all([_sample(0, 0), _sample(60, GB)]).rebase(
        T0 + timedelta(minutes=60), 5 * GB, MONTHLY
    )
    assert state.rebase(T0 + timedelta(minutes=30), GB, MONTHLY) is state
    assert state.rebase(T0 + timedelta(minutes=60), GB, MONTHLY) is state
    fresh = _fold_all([_sample(0, 0)])
    february = datetime(2026, 2, 27, tzinfo=UTC)
    assert fresh.rebase(february, GB, MONTHLY) is fresh
    with pytest.raises(PlanError):
        fresh.rebase(T0, -1, MONTHLY)


def test_rebase_before_any_sample_and_on_unlimited_plans() -> None:
    unlimited = replace(MONTHLY, size=None)
    state = Accumulator().rebase(T0, 3 * GB, unlimited)
    assert state.drift is None
    assert state.period_start == datetime(2026, 3, 1, tzinfo=UTC)
    assert state.estimate(unlimited) == 3 * GB
    assert Accumulator().estimate(unlimited) is None


def test_a_new_period_drops_the_carrier_anchor() -> None:
    state = _fold_all([_sample(0, 0), _sample(60, GB)]).rebase(T0, 5 * GB, MONTHLY)
    april = CounterSample(time=datetime(2026, 4, 1, 1, tzinfo=UTC), received=GB, sent=0)
    renewed = state.fold(april, MONTHLY)
    assert renewed.anchor is None
    assert renewed.drift == state.drift
    assert renewed.estimate(MONTHLY) == 10 * GB


def test_credit_adds_to_the_allowance() -> None:
    state = _fold_all([_sample(0, 0), _sample(60, 2 * GB)])
    credited = state.credit(T0 + timedelta(hours=2), 5 * GB, MONTHLY)
    assert credited.credited == 5 * GB
    assert credited.allowance(MONTHLY) == 15 * GB
    assert credited.estimate(MONTHLY) == 13 * GB
    anchored = state.rebase(T0 + timedelta(hours=1), 7 * GB, MONTHLY)
    assert (
        anchored.credit(T0 + timedelta(hours=2), GB, MONTHLY).estimate(MONTHLY)
        == 8 * GB
    )
    assert state.credit(datetime(2026, 2, 1, tzinfo=UTC), GB, MONTHLY) is state
    assert state.allowance(replace(MONTHLY, size=None)) is None
    with pytest.raises(PlanError):
        state.credit(T0, -1, MONTHLY)


@pytest.mark.parametrize(
    "build",
    [
        lambda: CounterSample(time=T0, received=-1, sent=0),
        lambda: CounterSample(time=T0, received=0, sent=-1),
        lambda: CounterSample(time=datetime(2026, 1, 1), received=0, sent=0),  # noqa: DTZ001
        lambda: AccumulatorSettings(window=timedelta(minutes=5)),
    ],
)
def test_invalid_inputs_are_rejected(build: object) -> None:
    assert callable(build)
    with pytest.raises(PlanError):
        build()


def test_json_round_trip() -> None:
    state = _fold_all(
        [_sample(0, 0), _sample(60, GB, 3 * MB), _sample(200, 2 * GB, 5 * MB)],
        plan=ROLLOVER,
    ).rebase(T0 + timedelta(hours=4), 7 * GB, ROLLOVER)
    state = state.fold(
        CounterSample(
            time=datetime(2026, 4, 1, 1, tzinfo=UTC), received=3 * GB, sent=0
        ),
        ROLLOVER,
    ).rebase(datetime(2026, 4, 1, 2, tzinfo=UTC), 9 * GB, ROLLOVER)
    text = json.dumps(state.to_json())
    restored = Accumulator.from_json(json.loads(text))
    assert restored == state
    assert json.loads(text)["version"] == 1
    assert Accumulator.from_json(Accumulator().to_json()) == Accumulator()


def test_restored_window_keeps_the_configured_shape() -> None:
    state = _fold_all([_sample(60 * hour, hour * MB) for hour in range(100)])
    narrow = AccumulatorSettings(window=timedelta(hours=24))
    restored = Accumulator.from_json(state.to_json(), narrow)
    assert restored.usage_window.bucket_count == 24
    assert len(restored.usage_window.buckets) == 24


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, "version"),
        ({"version": True}, "version"),
        ({"used": "12"}, "used"),
        ({"used": True}, "used"),
        ({"period_start": 5}, "period_start"),
        ({"period_start": "yesterday"}, "period_start"),
        ({"period_start": "2026-03-01T00:00:00"}, "time zone"),
        ({"last_sample": []}, "last_sample"),
        ({"window": {"buckets": "x", "since": None, "until": None}}, "buckets"),
        ({"window": {"buckets": [[1, 2]], "since": None, "until": None}}, "bucket"),
        (
            {"window": {"buckets": [[1, 2, "3"]], "since": None, "until": None}},
            "buckets",
        ),
    ],
)
def test_malformed_state_raises_state_error(change: JsonObject, message: str) -> None:
    data = _fold_all([_sample(0, 0), _sample(5, 10)]).to_json()
    data.update(change)
    with pytest.raises(StateError, match=message):
        Accumulator.from_json(data)


def test_rebase_after_the_period_end_opens_the_new_period() -> None:
    state = _fold_all([_sample(0, 0), _sample(60, 4 * GB)], plan=ROLLOVER)
    april = datetime(2026, 4, 2, tzinfo=UTC)
    rebased = state.rebase(april, 15 * GB, ROLLOVER)
    assert rebased.period_start == datetime(2026, 4, 1, tzinfo=UTC)
    assert rebased.previous_period_used == 4 * GB
    assert rebased.used == 0
    assert rebased.rolled_over == 6 * GB
    assert rebased.drift == 16 * GB - 15 * GB
    assert rebased.estimate(ROLLOVER) == 15 * GB


def test_local_times_across_the_fall_back_hour_stay_in_order() -> None:
    new_york = ZoneInfo("America/New_York")
    # 01:55 EDT, then 01:05 EST: later, though the wall clock went back
    first = datetime(2026, 11, 1, 1, 55, tzinfo=new_york)
    second = datetime(2026, 11, 1, 1, 5, fold=1, tzinfo=new_york)
    assert second > first.astimezone(UTC)
    state = _fold_all(
        [
            CounterSample(time=first, received=100, sent=0),
            CounterSample(time=second, received=300, sent=0),
        ]
    )
    assert state.used == 200
    assert state.last_sample is not None
    assert state.last_sample.time == datetime(2026, 11, 1, 6, 5, tzinfo=UTC)
    rebased = state.rebase(second + timedelta(minutes=1), GB, MONTHLY)
    assert rebased.anchor is not None
    assert rebased.anchor.time.tzinfo is UTC


def test_naive_times_are_rejected_everywhere() -> None:
    naive = datetime(2026, 3, 10, 12)  # noqa: DTZ001
    state = _fold_all([_sample(0, 0)])
    with pytest.raises(PlanError, match="timezone-aware"):
        state.rebase(naive, GB, MONTHLY)
    with pytest.raises(PlanError, match="timezone-aware"):
        state.credit(naive, GB, MONTHLY)
    with pytest.raises(PlanError, match="timezone-aware"):
        state.advance(naive, MONTHLY)


def test_switching_to_a_bucket_that_starts_later() -> None:
    state = _fold_all([_sample(0, 0), _sample(60, GB)])
    bucket = Plan(
        size=20 * GB,
        renewal=NonExpiring(start=date(2026, 3, 20)),
        time_zone=ZoneInfo("UTC"),
    )
    switched = state.fold(_sample(24 * 60, 3 * GB), bucket)
    assert switched.period_start == datetime(2026, 3, 20, tzinfo=UTC)
    assert switched.previous_period_used == 3 * GB
    assert switched.used == 0
    later = switched.fold(_sample(25 * 60, 4 * GB), bucket)
    assert later.used == GB
    assert later.lifetime_used == 4 * GB
