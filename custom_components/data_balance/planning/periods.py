"""Plans and their periods: monthly on day N, every N days, or a non-expiring bucket.

Boundaries fall at local midnight in the plan's time zone and are returned in UTC, so
they compare correctly across daylight-saving changes. Where local midnight does not
exist (a zone that springs forward at midnight) the period starts at the first instant
of that day; where it happens twice, at the first of the two.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from .errors import PlanError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


class EndSource(StrEnum):
    """Where a period's end comes from."""

    PLAN = "plan"
    CARRIER = "carrier"
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthlyRenewal:
    """Renews every month on `day` (1-31), the last day of shorter months."""

    day: int

    def __post_init__(self) -> None:
        """Reject days no month has."""
        if not 1 <= self.day <= 31:
            raise PlanError(f"monthly renewal day must be 1-31, not {self.day}")


@dataclass(frozen=True, slots=True, kw_only=True)
class EveryNDays:
    """Renews every `days` days counted from `anchor` (any renewal date, past or future)."""

    days: int
    anchor: date

    def __post_init__(self) -> None:
        """Reject periods shorter than a day."""
        if self.days < 1:
            raise PlanError(f"a period must last at least one day, not {self.days}")


@dataclass(frozen=True, slots=True, kw_only=True)
class NonExpiring:
    """A bucket bought on `start` that lasts until used up."""

    start: date


type Renewal = MonthlyRenewal | EveryNDays | NonExpiring


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """One plan period in UTC: `start` inclusive, `end` exclusive (None: never ends)."""

    start: datetime
    end: datetime | None
    end_source: EndSource

    def contains(self, moment: datetime) -> bool:
        """Whether `moment` falls inside the period."""
        return self.start <= moment and (self.end is None or moment < self.end)


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """A data plan: its size in bytes (None: unlimited), renewal and time zone.

    With `rollover`, data left unused at the end of a period is carried into the next,
    up to one plan size.
    """

    size: int | None
    renewal: Renewal
    time_zone: ZoneInfo
    rollover: bool = False

    def __post_init__(self) -> None:
        """Reject negative sizes."""
        if self.size is not None and self.size < 0:
            raise PlanError(f"plan size must not be negative, not {self.size}")

    @property
    def unlimited(self) -> bool:
        """Whether the plan has no data cap."""
        return self.size is None

    def period_at(
        self, moment: datetime, carrier_expiry: date | datetime | None = None
    ) -> Period:
        """Return the period that contains the aware `moment`.

        An expiry reported by the carrier replaces the computed end, unless it lies at
        or before the period's start (a figure left over from an earlier period). A
        date means "valid through that day", so it ends at the next local midnight.
        """
        start, end = self.computed_bounds(moment)
        expiry = self._carrier_end(carrier_expiry)
        if expiry is not None and expiry > start:
            return Period(start=start, end=expiry, end_source=EndSource.CARRIER)
        source = EndSource.NONE if end is None else EndSource.PLAN
        return Period(start=start, end=end, end_source=source)

    def computed_bounds(self, moment: datetime) -> tuple[datetime, datetime | None]:
        """Return the start and end (UTC) of the period containing `moment` by the plan alone."""
        moment = utc(moment)
        renewal = self.renewal
        if isinstance(renewal, MonthlyRenewal):
            return _monthly_bounds(renewal.day, moment, self.time_zone)
        if isinstance(renewal, EveryNDays):
            return _every_n_days_bounds(renewal, moment, self.time_zone)
        return local_midnight(renewal.start, self.time_zone), None

    def _carrier_end(self, expiry: date | datetime | None) -> datetime | None:
        if expiry is None:
            return None
        if isinstance(expiry, datetime):
            if expiry.tzinfo is None:
                expiry = expiry.replace(tzinfo=self.time_zone)
            return expiry.astimezone(UTC)
        return local_midnight(expiry + timedelta(days=1), self.time_zone)


def local_midnight(day: date, time_zone: ZoneInfo) -> datetime:
    """Return the first instant of `day` in `time_zone`, in UTC."""
    wall = datetime(day.year, day.month, day.day, tzinfo=time_zone)
    return wall.astimezone(UTC)


def utc(moment: datetime) -> datetime:
    """Return an aware `moment` in UTC; raise `PlanError` for a naive one.

    Everything stored is UTC: Python compares and subtracts two datetimes that share a
    local zone by wall clock, which is wrong across a daylight-saving change.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PlanError("times must be timezone-aware")
    return moment.astimezone(UTC)


def _monthly_boundary(year: int, month: int, day: int, time_zone: ZoneInfo) -> datetime:
    clamped = min(day, _days_in_month(year, month))
    return local_midnight(date(year, month, clamped), time_zone)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in {4, 6, 9, 11} else 31


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _monthly_bounds(
    day: int, moment: datetime, time_zone: ZoneInfo
) -> tuple[datetime, datetime]:
    local = moment.astimezone(time_zone)
    this_month = (local.year, local.month)
    boundary = _monthly_boundary(*this_month, day, time_zone)
    if moment < boundary:
        return _monthly_boundary(
            *_shift_month(*this_month, -1), day, time_zone
        ), boundary
    return boundary, _monthly_boundary(*_shift_month(*this_month, 1), day, time_zone)


def _every_n_days_bounds(
    renewal: EveryNDays, moment: datetime, time_zone: ZoneInfo
) -> tuple[datetime, datetime]:
    today = moment.astimezone(time_zone).date()
    cycles = (today - renewal.anchor).days // renewal.days
    start_day = renewal.anchor + timedelta(days=cycles * renewal.days)
    end_day = start_day + timedelta(days=renewal.days)
    return local_midnight(start_day, time_zone), local_midnight(end_day, time_zone)
