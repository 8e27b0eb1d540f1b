"""Remaining data: carrier figure while fresh, else counted; source, age and percent."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.data_balance.plan import (
    Accumulator,
    CounterSample,
    MonthlyRenewal,
    Plan,
    RemainingData,
    RemainingSource,
    remaining_data,
)

GB = 10**9
T0 = datetime(2026, 3, 10, tzinfo=UTC)
PLAN = Plan(size=10 * GB, renewal=MonthlyRenewal(day=1), time_zone=ZoneInfo("UTC"))
UNLIMITED = replace(PLAN, size=None)


def _counted(used: int) -> Accumulator:
    state = Accumulator().fold(CounterSample(time=T0, received=0, sent=0), PLAN)
    return state.fold(
        CounterSample(time=T0 + timedelta(hours=1), received=used, sent=0), PLAN
    )


def _carrier(remaining: int, at: datetime, used: int = 2 * GB) -> Accumulator:
    return _counted(used).rebase(at, remaining, PLAN)


@pytest.mark.parametrize(
    ("plan", "accumulator", "now", "max_age", "expected"),
    [
        # fresh carrier figure, exactly as reported
        (
            PLAN,
            _carrier(7 * GB, T0 + timedelta(hours=2)),
            T0 + timedelta(hours=5),
            timedelta(hours=12),
            RemainingData(
                remaining=7 * GB,
                source=RemainingSource.CARRIER,
                as_of=T0 + timedelta(hours=2),
                age=timedelta(hours=3),
                percent=70.0,
            ),
        ),
        # the same figure once stale: counted from it (nothing used since)
        (
            PLAN,
            _carrier(7 * GB, T0 + timedelta(hours=2)),
            T0 + timedelta(hours=5),
            timedelta(hours=1),
            RemainingData(
                remaining=7 * GB,
                source=RemainingSource.COUNTED,
                as_of=T0 + timedelta(hours=2),
                age=timedelta(hours=3),
                percent=70.0,
            ),
        ),
        # no carrier figure: plan size less counted usage, as of the last sample
        (
            PLAN,
            _counted(2_500_000_000),
            T0 + timedelta(hours=1, minutes=10),
            timedelta(hours=12),
            RemainingData(
                remaining=7_500_000_000,
                source=RemainingSource.COUNTED,
                as_of=T0 + timedelta(hours=1),
                age=timedelta(minutes=10),
                percent=75.0,
            ),
        ),
        # over the cap: never below zero
        (
            PLAN,
            _counted(12 * GB),
            T0 + timedelta(hours=1),
            timedelta(hours=12),
            RemainingData(
                remaining=0,
                source=RemainingSource.COUNTED,
                as_of=T0 + timedelta(hours=1),
                age=timedelta(0),
                percent=0.0,
            ),
        ),
        # unlimited, no carrier figure
        (
            UNLIMITED,
            _counted(GB),
            T0 + timedelta(hours=1),
            timedelta(hours=12),
            RemainingData(
                remaining=None,
                source=RemainingSource.UNLIMITED,
                as_of=None,
                age=None,
                percent=None,
            ),
        ),
        # nothing observed yet
        (
            PLAN,
            Accumulator(),
            T0,
            timedelta(hours=12),
            RemainingData(
                remaining=None,
                source=RemainingSource.UNKNOWN,
                as_of=None,
                age=None,
                percent=None,
            ),
        ),
    ],
)
def test_remaining_data(
    plan: Plan,
    accumulator: Accumulator,
    now: datetime,
    max_age: timedelta,
    expected: RemainingData,
) -> None:
    assert remaining_data(plan, accumulator, now, max_age) == expected


def test_counted_estimate_follows_usage_after_the_carrier_figure() -> None:
    state = _carrier(7 * GB, T0 + timedelta(hours=1))
    later = state.fold(
        CounterSample(time=T0 + timedelta(hours=20), received=3 * GB, sent=0), PLAN
    )
    result = remaining_data(PLAN, later, T0 + timedelta(hours=20))
    assert result.source is RemainingSource.COUNTED
    assert result.remaining == 6 * GB
    assert result.as_of == T0 + timedelta(hours=20)
    assert result.percent == 60.0


def test_default_max_age_is_twelve_hours() -> None:
    state = _carrier(7 * GB, T0 + timedelta(hours=1))
    fresh = remaining_data(PLAN, state, T0 + timedelta(hours=13))
    stale = remaining_data(PLAN, state, T0 + timedelta(hours=13, seconds=1))
    assert fresh.source is RemainingSource.CARRIER
    assert stale.source is RemainingSource.COUNTED


def test_percent_is_of_the_allowance_and_capped() -> None:
    credited = _counted(2 * GB).credit(T0 + timedelta(hours=1), 10 * GB, PLAN)
    assert remaining_data(PLAN, credited, T0 + timedelta(hours=1)).percent == 90.0
    generous = _carrier(15 * GB, T0 + timedelta(hours=2))
    assert remaining_data(PLAN, generous, T0 + timedelta(hours=2)).percent == 100.0
    empty_plan = replace(PLAN, size=0)
    assert remaining_data(empty_plan, _counted(GB), T0).percent == 0.0


def test_unlimited_plan_with_a_carrier_figure() -> None:
    state = _counted(GB).rebase(T0 + timedelta(hours=2), 4 * GB, UNLIMITED)
    result = remaining_data(UNLIMITED, state, T0 + timedelta(hours=3))
    assert result.remaining == 4 * GB
    assert result.source is RemainingSource.CARRIER
    assert result.percent is None
