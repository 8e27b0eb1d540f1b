"""Plan periods: monthly on day N, every N days, non-expiring, carrier expiry."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.data_balance.plan import (
    EndSource,
    EveryNDays,
    MonthlyRenewal,
    NonExpiring,
    Period,
    Plan,
    PlanError,
    Renewal,
    local_midnight,
)

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SANTIAGO = ZoneInfo("America/Santiago")
GB = 10**9


def _plan(renewal: Renewal, time_zone: ZoneInfo = NEW_YORK) -> Plan:
    return Plan(size=10 * GB, renewal=renewal, time_zone=time_zone)


def _local(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    *,
    second: int = 0,
    time_zone: ZoneInfo = NEW_YORK,
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=time_zone)


@pytest.mark.parametrize(
    ("day", "moment", "start", "end"),
    [
        # the 25th, mid-period and on both sides of the boundary
        (25, _local(2026, 3, 10, 12), _local(2026, 2, 25), _local(2026, 3, 25)),
        (25, _local(2026, 3, 25), _local(2026, 3, 25), _local(2026, 4, 25)),
        (
            25,
            _local(2026, 3, 24, 23, 59, second=59),
            _local(2026, 2, 25),
            _local(2026, 3, 25),
        ),
        # day 31 clamps to the end of short months
        (31, _local(2026, 2, 15), _local(2026, 1, 31), _local(2026, 2, 28)),
        (31, _local(2026, 3, 1), _local(2026, 2, 28), _local(2026, 3, 31)),
        (31, _local(2026, 4, 30, 1), _local(2026, 4, 30), _local(2026, 5, 31)),
        (30, _local(2028, 2, 29, 1), _local(2028, 2, 29), _local(2028, 3, 30)),
        (29, _local(2027, 3, 1), _local(2027, 2, 28), _local(2027, 3, 29)),
        # the 1st, across a year end
        (1, _local(2026, 12, 31, 23), _local(2026, 12, 1), _local(2027, 1, 1)),
        (1, _local(2027, 1, 1), _local(2027, 1, 1), _local(2027, 2, 1)),
        # across daylight-saving changes (8 March and 1 November 2026 in New York)
        (5, _local(2026, 3, 9), _local(2026, 3, 5), _local(2026, 4, 5)),
        (8, _local(2026, 3, 8, 12), _local(2026, 3, 8), _local(2026, 4, 8)),
        (1, _local(2026, 11, 1, 1, 30), _local(2026, 11, 1), _local(2026, 12, 1)),
    ],
)
def test_monthly_period(
    day: int, moment: datetime, start: datetime, end: datetime
) -> None:
    period = _plan(MonthlyRenewal(day=day)).period_at(moment)
    assert period == Period(start=start, end=end, end_source=EndSource.PLAN)
    assert period.contains(moment)
    assert period.start.tzinfo is UTC


def test_monthly_boundaries_are_local_midnight_in_utc_across_dst() -> None:
    plan = _plan(MonthlyRenewal(day=15))
    winter = plan.period_at(_local(2026, 1, 20))
    summer = plan.period_at(_local(2026, 7, 20))
    assert winter.start == datetime(2026, 1, 15, 5, tzinfo=UTC)  # EST, UTC-5
    assert summer.start == datetime(2026, 7, 15, 4, tzinfo=UTC)  # EDT, UTC-4
    spanning_spring = plan.period_at(_local(2026, 3, 1))
    assert spanning_spring.end is not None
    assert spanning_spring.end - spanning_spring.start == timedelta(days=28, hours=-1)


def test_time_zone_decides_the_local_day() -> None:
    moment = datetime(2026, 3, 25, 2, tzinfo=UTC)  # still the 24th in New York
    assert _plan(MonthlyRenewal(day=25), NEW_YORK).period_at(moment).start == (
        _local(2026, 2, 25)
    )
    assert _plan(MonthlyRenewal(day=25), LONDON).period_at(moment).start == (
        _local(2026, 3, 25, time_zone=LONDON)
    )


def test_midnight_that_does_not_exist_starts_at_first_instant_of_day() -> None:
    # Santiago springs forward at midnight on 6 September 2026: 00:00 -> 01:00.
    start = local_midnight(date(2026, 9, 6), SANTIAGO)
    assert start == datetime(2026, 9, 6, 4, tzinfo=UTC)
    assert start.astimezone(SANTIAGO).hour == 1
    plan = _plan(MonthlyRenewal(day=6), SANTIAGO)
    assert plan.period_at(start).start == start
    assert plan.period_at(start - timedelta(seconds=1)).end == start


@pytest.mark.parametrize(
    ("days", "anchor", "moment", "start", "end"),
    [
        (
            30,
            date(2026, 1, 1),
            _local(2026, 1, 1),
            _local(2026, 1, 1),
            _local(2026, 1, 31),
        ),
        (
            30,
            date(2026, 1, 1),
            _local(2026, 1, 30, 23),
            _local(2026, 1, 1),
            _local(2026, 1, 31),
        ),
        (
            30,
            date(2026, 1, 1),
            _local(2026, 3, 3),
            _local(2026, 3, 2),
            _local(2026, 4, 1),
        ),
        # an anchor in the future counts backwards
        (
            7,
            date(2026, 6, 1),
            _local(2026, 5, 30),
            _local(2026, 5, 25),
            _local(2026, 6, 1),
        ),
        # across the spring-forward night the period is 30 local days, 1 hour shorter
        (
            30,
            date(2026, 2, 20),
            _local(2026, 3, 10),
            _local(2026, 2, 20),
            _local(2026, 3, 22),
        ),
        (
            1,
            date(2026, 1, 1),
            _local(2026, 11, 1, 12),
            _local(2026, 11, 1),
            _local(2026, 11, 2),
        ),
    ],
)
def test_every_n_days_period(
    days: int, anchor: date, moment: datetime, start: datetime, end: datetime
) -> None:
    period = _plan(EveryNDays(days=days, anchor=anchor)).period_at(moment)
    assert period == Period(start=start, end=end, end_source=EndSource.PLAN)


def test_every_n_days_length_is_wall_clock_days() -> None:
    period = _plan(EveryNDays(days=30, anchor=date(2026, 2, 20))).period_at(
        _local(2026, 3, 10)
    )
    assert period.end is not None
    assert period.end - period.start == timedelta(days=30, hours=-1)
    fall = _plan(EveryNDays(days=1, anchor=date(2026, 1, 1))).period_at(
        _local(2026, 11, 1, 12)
    )
    assert fall.end is not None
    assert fall.end - fall.start == timedelta(hours=25)


def test_non_expiring_bucket_has_no_end() -> None:
    plan = _plan(NonExpiring(start=date(2026, 1, 10)))
    period = plan.period_at(_local(2027, 5, 1))
    assert period == Period(
        start=_local(2026, 1, 10), end=None, end_source=EndSource.NONE
    )
    assert period.contains(_local(2099, 1, 1))
    assert not period.contains(_local(2026, 1, 9))


@pytest.mark.parametrize(
    ("renewal", "expiry", "end", "source"),
    [
        # a date is valid through that day: it ends at the next local midnight
        (
            MonthlyRenewal(day=1),
            date(2026, 3, 20),
            _local(2026, 3, 21),
            EndSource.CARRIER,
        ),
        (
            MonthlyRenewal(day=1),
            datetime(2026, 3, 20, 18, tzinfo=UTC),
            datetime(2026, 3, 20, 18, tzinfo=UTC),
            EndSource.CARRIER,
        ),
        # a naive datetime is local time
        (
            MonthlyRenewal(day=1),
            datetime(2026, 3, 20, 18),  # noqa: DTZ001
            _local(2026, 3, 20, 18),
            EndSource.CARRIER,
        ),
        # a carrier expiry beyond the computed end still wins
        (
            MonthlyRenewal(day=1),
            date(2026, 4, 5),
            _local(2026, 4, 6),
            EndSource.CARRIER,
        ),
        (
            NonExpiring(start=date(2026, 1, 1)),
            date(2026, 12, 31),
            _local(2027, 1, 1),
            EndSource.CARRIER,
        ),
        # an expiry at or before the period start is left over from before: ignored
        (MonthlyRenewal(day=1), date(2026, 2, 28), _local(2026, 4, 1), EndSource.PLAN),
        (MonthlyRenewal(day=1), _local(2026, 3, 1), _local(2026, 4, 1), EndSource.PLAN),
        (MonthlyRenewal(day=1), None, _local(2026, 4, 1), EndSource.PLAN),
    ],
)
def test_carrier_expiry_overrides_computed_end(
    renewal: Renewal, expiry: date | datetime | None, end: datetime, source: EndSource
) -> None:
    plan = _plan(renewal)
    period = plan.period_at(_local(2026, 3, 10), expiry)
    assert period.end == end
    assert period.end_source is source
    assert period.start == plan.period_at(_local(2026, 3, 10)).start


@pytest.mark.parametrize(
    "build",
    [
        lambda: MonthlyRenewal(day=0),
        lambda: MonthlyRenewal(day=32),
        lambda: EveryNDays(days=0, anchor=date(2026, 1, 1)),
        lambda: Plan(size=-1, renewal=MonthlyRenewal(day=1), time_zone=NEW_YORK),
    ],
)
def test_invalid_plans_are_rejected(build: object) -> None:
    assert callable(build)
    with pytest.raises(PlanError):
        build()


def test_naive_moment_is_rejected() -> None:
    with pytest.raises(PlanError, match="timezone-aware"):
        _plan(MonthlyRenewal(day=1)).period_at(datetime(2026, 1, 1))  # noqa: DTZ001


def test_unlimited_plan() -> None:
    unlimited = Plan(size=None, renewal=MonthlyRenewal(day=1), time_zone=NEW_YORK)
    assert unlimited.unlimited
    assert not _plan(MonthlyRenewal(day=1)).unlimited
