"""Burn rate, run-out, days left, daily money spend."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from custom_components.data_balance.plan import (
    Accumulator,
    AccumulatorSettings,
    BalanceHistory,
    CounterSample,
    EndReason,
    EndSource,
    MonthlyRenewal,
    Period,
    Plan,
    Projection,
    ProjectionSettings,
    RemainingData,
    RemainingSource,
    StateError,
    daily_usage,
    project,
)

GB = 10**9
MB = 10**6
T0 = datetime(2026, 3, 10, tzinfo=UTC)
PLAN = Plan(size=100 * GB, renewal=MonthlyRenewal(day=1), time_zone=ZoneInfo("UTC"))
PERIOD_END = datetime(2026, 4, 1, tzinfo=UTC)
PERIOD = Period(
    start=datetime(2026, 3, 1, tzinfo=UTC), end=PERIOD_END, end_source=EndSource.PLAN
)
OPEN_PERIOD = Period(start=PERIOD.start, end=None, end_source=EndSource.NONE)


def _steady(
    per_sample: int, samples: int, step: timedelta = timedelta(minutes=5)
) -> Accumulator:
    """Fold `samples` samples `step` apart, each `per_sample` bytes more."""
    state = Accumulator()
    for index in range(samples):
        sample = CounterSample(
            time=T0 + index * step, received=index * per_sample, sent=0
        )
        state = state.fold(sample, PLAN)
    return state


def _left(remaining: int | None, as_of: datetime | None = None) -> RemainingData:
    return RemainingData(
        remaining=remaining,
        source=RemainingSource.COUNTED,
        as_of=as_of,
        age=None,
        percent=None,
    )


@pytest.mark.parametrize(
    ("state", "now", "expected"),
    [
        # 1 MB every 5 minutes for 2 hours: 288 MB a day
        (_steady(MB, 25), T0 + timedelta(hours=2), 288 * MB),
        # too few samples
        (_steady(MB, 11), T0 + timedelta(hours=1), None),
        # enough samples, too short a span
        (_steady(MB, 30, timedelta(seconds=10)), T0 + timedelta(minutes=5), None),
        # 10 MB an hour over four days: only the last three count, the rate holds
        (_steady(10 * MB, 97, timedelta(hours=1)), T0 + timedelta(hours=96), 240 * MB),
        # nothing observed for longer than the window
        (_steady(MB, 25), T0 + timedelta(days=5), None),
        (Accumulator(), T0, None),
    ],
)
def test_daily_usage(state: Accumulator, now: datetime, expected: int | None) -> None:
    assert daily_usage(state, now) == expected


def test_daily_usage_respects_settings_and_window() -> None:
    state = _steady(MB, 4, timedelta(minutes=20))
    assert daily_usage(state, T0 + timedelta(hours=1)) is None
    relaxed = ProjectionSettings(min_samples=3, min_span=timedelta(minutes=30))
    assert daily_usage(state, T0 + timedelta(hours=1), relaxed) == 72 * MB
    one_day = Accumulator(settings=AccumulatorSettings(window=timedelta(days=1)))
    assert one_day.usage_window.bucket_count == 24


def test_a_gap_is_spread_not_a_burst() -> None:
    state = _steady(MB, 13)  # an hour at 12 MB an hour, then ten days unseen
    used_in_gap = 5_760 * MB
    now = T0 + timedelta(days=10)
    after_gap = state.fold(
        CounterSample(time=now, received=12 * MB + used_in_gap, sent=0), PLAN
    )
    assert daily_usage(after_gap, now) is None  # one sample in the window
    per_day = daily_usage(after_gap, now, ProjectionSettings(min_samples=1))
    gap = now - (T0 + timedelta(hours=1))
    assert per_day == pytest.approx(used_in_gap * (timedelta(days=1) / gap), rel=1e-6)


@pytest.mark.parametrize(
    ("remaining", "period", "expected"),
    [
        # 288 MB a day, 2.88 GB left: ten days, before the plan ends
        (
            _left(2_880 * MB),
            PERIOD,
            Projection(
                daily_usage=288 * MB,
                run_out=T0 + timedelta(hours=2, days=10),
                ends_at=T0 + timedelta(hours=2, days=10),
                end_reason=EndReason.RUN_OUT,
                days_left=10.0,
            ),
        ),
        # the figure is as of an hour ago: run-out counts from then
        (
            _left(288 * MB, T0 + timedelta(hours=1)),
            PERIOD,
            Projection(
                daily_usage=288 * MB,
                run_out=T0 + timedelta(hours=1, days=1),
                ends_at=T0 + timedelta(hours=1, days=1),
                end_reason=EndReason.RUN_OUT,
                days_left=round(23 / 24, 2),
            ),
        ),
        # plenty left: the plan ends first
        (
            _left(100 * GB),
            PERIOD,
            Projection(
                daily_usage=288 * MB,
                run_out=T0 + timedelta(hours=2) + timedelta(days=100_000 / 288),
                ends_at=PERIOD_END,
                end_reason=EndReason.PLAN_END,
                days_left=round(
                    (PERIOD_END - T0 - timedelta(hours=2)) / timedelta(days=1), 2
                ),
            ),
        ),
        # already out
        (
            _left(0),
            OPEN_PERIOD,
            Projection(
                daily_usage=288 * MB,
                run_out=T0 + timedelta(hours=2),
                ends_at=T0 + timedelta(hours=2),
                end_reason=EndReason.RUN_OUT,
                days_left=0.0,
            ),
        ),
        # unlimited: only the plan end
        (
            _left(None),
            PERIOD,
            Projection(
                daily_usage=288 * MB,
                run_out=None,
                ends_at=PERIOD_END,
                end_reason=EndReason.PLAN_END,
                days_left=round(
                    (PERIOD_END - T0 - timedelta(hours=2)) / timedelta(days=1), 2
                ),
            ),
        ),
        # a run-out more than a century away is never; no plan end either
        (
            _left(10**18),
            OPEN_PERIOD,
            Projection(
                daily_usage=288 * MB,
                run_out=None,
                ends_at=None,
                end_reason=None,
                days_left=None,
            ),
        ),
    ],
)
def test_project(
    remaining: RemainingData, period: Period, expected: Projection
) -> None:
    assert (
        project(_steady(MB, 25), remaining, period, T0 + timedelta(hours=2)) == expected
    )


def test_project_without_a_rate_runs_to_the_plan_end() -> None:
    result = project(Accumulator(), _left(GB), PERIOD, T0)
    assert result.daily_usage is None
    assert result.run_out is None
    assert result.end_reason is EndReason.PLAN_END
    idle = project(_steady(0, 25), _left(GB), PERIOD, T0 + timedelta(hours=2))
    assert idle.daily_usage == 0
    assert idle.run_out is None


def _balances(*readings: tuple[float, str]) -> BalanceHistory:
    history = BalanceHistory.covering()
    for hours, balance in readings:
        history = history.observe(T0 + timedelta(hours=hours), Decimal(balance))
    return history


@pytest.mark.parametrize(
    ("history", "now", "expected"),
    [
        # 1.50 spent over 12 hours: 3.00 a day
        (_balances((0, "20.00"), (6, "19.25"), (12, "18.50")), 12, Decimal("3.00")),
        # a top-up (rise) is not spend
        (
            _balances((0, "20.00"), (12, "18.50"), (13, "38.50"), (24, "37.00")),
            24,
            Decimal("3.00"),
        ),
        # a duplicate or older reading is ignored
        (
            _balances((0, "20.00"), (12, "18.50"), (12, "1.00"), (6, "2.00")),
            12,
            Decimal("3.00"),
        ),
        (_balances((0, "20.00"), (12, "20.00")), 12, Decimal("0.00")),
        # one reading is not a rate
        (_balances((0, "20.00")), 1, None),
        # fractions of a cent are rounded
        (_balances((0, "10"), (24, "9.996")), 24, Decimal("0.00")),
        (_balances((0, "10"), (24, "9.995")), 24, Decimal("0.00")),
        (_balances((0, "10"), (8, "9.99")), 24, Decimal("0.03")),
    ],
)
def test_daily_spend(
    history: BalanceHistory, now: float, expected: Decimal | None
) -> None:
    assert history.daily_spend(T0 + timedelta(hours=now)) == expected


def test_balance_history_round_trip_and_errors() -> None:
    history = _balances((0, "20.00"), (6, "19.25"), (12, "18.50"))
    restored = BalanceHistory.from_json(history.to_json())
    assert restored == history
    assert (
        BalanceHistory.from_json(BalanceHistory.covering().to_json())
        == BalanceHistory.covering()
    )
    for bad in (
        {"version": 9},
        {"last_balance": "lots"},
        {"last_balance": "NaN"},
        {"last_balance": 5},
    ):
        with pytest.raises(StateError):
            BalanceHistory.from_json({**history.to_json(), **bad})
