"""Top-up detection from carrier figures, and top-ups recorded by hand.

A top-up is seen when remaining data (within one period: a renewal is not a top-up) or
the balance rises by more than the noise of the carrier's rounding, or when the carrier
sends a top-up notice. A top-up recorded by hand is PENDING until such evidence arrives
(CONFIRMED), and UNCONFIRMED once `confirm_within` has passed without it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Self

from .errors import PlanError
from .periods import utc
from .serialization import (
    JsonObject,
    check_version,
    dump_decimal,
    dump_time,
    read_optional_decimal,
    read_optional_int,
    read_optional_object,
    read_optional_time,
    read_time,
)

TOP_UP_STATE_VERSION = 1
CONFIRM_WITHIN = timedelta(minutes=30)


class TopUpEvidence(StrEnum):
    """What showed that a top-up happened (stable values)."""

    DATA_ROSE = "data_rose"
    BALANCE_ROSE = "balance_rose"
    CARRIER_NOTICE = "carrier_notice"


class TopUpStatus(StrEnum):
    """Where a top-up recorded by hand stands."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True, slots=True, kw_only=True)
class CarrierReading:
    """The carrier's figures at `time`; either may be missing from a reply."""

    time: datetime
    data_remaining: int | None = None
    balance: Decimal | None = None

    def __post_init__(self) -> None:
        """Reject naive times and negative data; keep the time in UTC."""
        if self.data_remaining is not None and self.data_remaining < 0:
            raise PlanError("remaining data must not be negative")
        object.__setattr__(self, "time", utc(self.time))


@dataclass(frozen=True, slots=True, kw_only=True)
class TopUpNoise:
    """Rises no larger than these are rounding in the carrier's replies, not top-ups."""

    data: int = 100_000_000
    balance: Decimal = Decimal(0)


DEFAULT_NOISE = TopUpNoise()


@dataclass(frozen=True, slots=True, kw_only=True)
class TopUp:
    """A detected top-up, what showed it, and how much was added (when figures say)."""

    time: datetime
    evidence: tuple[TopUpEvidence, ...]
    data_added: int | None
    balance_added: Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ManualTopUp:
    """A top-up the user recorded, with the amounts they gave, and when it was confirmed."""

    recorded_at: datetime
    data: int | None = None
    balance: Decimal | None = None
    confirmed_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TopUpTracker:
    """The last carrier figures seen and the top-up recorded by hand, if any."""

    last_time: datetime | None = None
    data_time: datetime | None = None
    data_remaining: int | None = None
    balance: Decimal | None = None
    manual: ManualTopUp | None = None

    def observe(
        self,
        reading: CarrierReading,
        *,
        period_start: datetime | None = None,
        expected_data: int | None = None,
        carrier_notice: bool = False,
        noise: TopUpNoise = DEFAULT_NOISE,
    ) -> tuple[Self, TopUp | None]:
        """Take a carrier reading; return the new tracker and the top-up it shows, if any.

        `period_start` is the start of the current plan period: data that rose since a
        reading from before it was renewed, not topped up. `expected_data`, when given,
        is what should be left by counting since the last carrier figure; the rise is
        measured from it, so usage between the two readings does not hide part of the
        top-up. `carrier_notice` is True when the carrier's message was a top-up notice.
        """
        if self.last_time is not None and reading.time <= self.last_time:
            return self, None
        data_added = self._data_rise(reading, period_start, expected_data, noise)
        balance_added = self._balance_rise(reading, noise)
        evidence = tuple(
            kind
            for kind, seen in (
                (TopUpEvidence.DATA_ROSE, data_added is not None),
                (TopUpEvidence.BALANCE_ROSE, balance_added is not None),
                (TopUpEvidence.CARRIER_NOTICE, carrier_notice),
            )
            if seen
        )
        tracker = self._remember(reading)
        if not evidence:
            return tracker, None
        top_up = TopUp(
            time=reading.time,
            evidence=evidence,
            data_added=data_added,
            balance_added=balance_added,
        )
        return replace(tracker, manual=_confirmed(tracker.manual, reading.time)), top_up

    def record_manual(
        self,
        at: datetime,
        *,
        data: int | None = None,
        balance: Decimal | None = None,
    ) -> Self:
        """Record a top-up made by hand at `at`; it replaces any earlier one."""
        if (data is not None and data < 0) or (balance is not None and balance < 0):
            raise PlanError("a top-up must not be negative")
        manual = ManualTopUp(recorded_at=utc(at), data=data, balance=balance)
        return replace(self, manual=manual)

    def manual_status(
        self, now: datetime, confirm_within: timedelta = CONFIRM_WITHIN
    ) -> TopUpStatus | None:
        """Return where the top-up recorded by hand stands (None: there is none)."""
        manual = self.manual
        if manual is None:
            return None
        if manual.confirmed_at is not None:
            return TopUpStatus.CONFIRMED
        if now - manual.recorded_at < confirm_within:
            return TopUpStatus.PENDING
        return TopUpStatus.UNCONFIRMED

    def to_json(self) -> JsonObject:
        """Serialise to plain JSON."""
        return {
            "version": TOP_UP_STATE_VERSION,
            "last_time": dump_time(self.last_time),
            "data_time": dump_time(self.data_time),
            "data_remaining": self.data_remaining,
            "balance": dump_decimal(self.balance),
            "manual": _manual_to_json(self.manual),
        }

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        """Restore what `to_json` wrote; raises `StateError` if it cannot."""
        check_version(data, TOP_UP_STATE_VERSION)
        return cls(
            last_time=read_optional_time(data, "last_time"),
            data_time=read_optional_time(data, "data_time"),
            data_remaining=read_optional_int(data, "data_remaining"),
            balance=read_optional_decimal(data, "balance"),
            manual=_manual_from_json(read_optional_object(data, "manual")),
        )

    def _data_rise(
        self,
        reading: CarrierReading,
        period_start: datetime | None,
        expected: int | None,
        noise: TopUpNoise,
    ) -> int | None:
        before, after = self.data_remaining, reading.data_remaining
        if before is None or after is None or self.data_time is None:
            return None
        if period_start is not None and self.data_time < period_start:
            return None
        rise = after - (before if expected is None else expected)
        return rise if rise > noise.data else None

    def _balance_rise(
        self, reading: CarrierReading, noise: TopUpNoise
    ) -> Decimal | None:
        if self.balance is None or reading.balance is None:
            return None
        rise = reading.balance - self.balance
        return rise if rise > noise.balance else None

    def _remember(self, reading: CarrierReading) -> Self:
        tracker = replace(self, last_time=reading.time)
        if reading.data_remaining is not None:
            tracker = replace(
                tracker, data_time=reading.time, data_remaining=reading.data_remaining
            )
        if reading.balance is not None:
            tracker = replace(tracker, balance=reading.balance)
        return tracker


def _confirmed(manual: ManualTopUp | None, time: datetime) -> ManualTopUp | None:
    if manual is None or manual.confirmed_at is not None or time < manual.recorded_at:
        return manual
    return replace(manual, confirmed_at=time)


def _manual_to_json(manual: ManualTopUp | None) -> JsonObject | None:
    if manual is None:
        return None
    return {
        "recorded_at": dump_time(manual.recorded_at),
        "data": manual.data,
        "balance": dump_decimal(manual.balance),
        "confirmed_at": dump_time(manual.confirmed_at),
    }


def _manual_from_json(data: JsonObject | None) -> ManualTopUp | None:
    if data is None:
        return None
    return ManualTopUp(
        recorded_at=read_time(data, "recorded_at"),
        data=read_optional_int(data, "data"),
        balance=read_optional_decimal(data, "balance"),
        confirmed_at=read_optional_time(data, "confirmed_at"),
    )
