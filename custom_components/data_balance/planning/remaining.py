"""Remaining data: the carrier's figure while it is fresh, else counted from the device."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .accumulator import Accumulator
    from .periods import Plan

DEFAULT_CARRIER_MAX_AGE = timedelta(hours=12)


class RemainingSource(StrEnum):
    """Where a remaining-data figure comes from."""

    CARRIER = "carrier"
    COUNTED = "counted"
    UNLIMITED = "unlimited"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class RemainingData:
    """Data left in bytes (None: unlimited or unknown), its source, and how old it is.

    `percent` is the share of this period's allowance left (None when there is no cap).
    """

    remaining: int | None
    source: RemainingSource
    as_of: datetime | None
    age: timedelta | None
    percent: float | None


def remaining_data(
    plan: Plan,
    accumulator: Accumulator,
    now: datetime,
    carrier_max_age: timedelta = DEFAULT_CARRIER_MAX_AGE,
) -> RemainingData:
    """Return the best figure for the data left at `now`.

    The carrier's figure, exactly as reported, while it is at most `carrier_max_age` old;
    after that the counted estimate (the last carrier figure less the usage counted since,
    or the plan size less the usage counted this period).
    """
    anchor = accumulator.anchor
    allowance = accumulator.allowance(plan)
    if anchor is not None and now - anchor.time <= carrier_max_age:
        source, remaining, as_of = (
            RemainingSource.CARRIER,
            anchor.remaining,
            anchor.time,
        )
        return _figure(source, remaining, as_of, allowance, now)
    estimate = accumulator.estimate(plan)
    if estimate is None:
        return _missing(RemainingSource.UNLIMITED)
    times = [anchor.time] if anchor is not None else []
    if accumulator.last_sample is not None:
        times.append(accumulator.last_sample.time)
    if not times:
        return _missing(RemainingSource.UNKNOWN)
    return _figure(
        RemainingSource.COUNTED, max(0, estimate), max(times), allowance, now
    )


def _missing(source: RemainingSource) -> RemainingData:
    return RemainingData(
        remaining=None, source=source, as_of=None, age=None, percent=None
    )


def _figure(
    source: RemainingSource,
    remaining: int,
    as_of: datetime,
    allowance: int | None,
    now: datetime,
) -> RemainingData:
    percent = None
    if allowance is not None:
        share = 0.0 if allowance <= 0 else min(100.0, 100 * remaining / allowance)
        percent = round(share, 1)
    age = max(timedelta(0), now - as_of)
    return RemainingData(
        remaining=remaining, source=source, as_of=as_of, age=age, percent=percent
    )
