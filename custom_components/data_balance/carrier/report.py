"""What a carrier message says, as numbers: the BalanceReport."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum


class MessageKind(StrEnum):
    """What a carrier message is about."""

    BALANCE = "balance"
    TOP_UP = "top_up"
    LOW_DATA = "low_data"
    EXPIRY_WARNING = "expiry_warning"
    OTHER = "other"


type EventValue = str | int | bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class BalanceReport:
    """The figures read from one carrier reply or notice.

    Data sizes are in bytes. ``expires`` is a date, or a naive datetime when the
    text gives a time of day (carriers state local time without a zone).
    ``valid_for`` holds a relative validity ("valid for 7 days"); resolve it with
    :meth:`expires_at` against the time the message was received.
    """

    kind: MessageKind = MessageKind.OTHER
    data_remaining: int | None = None
    data_total: int | None = None
    data_used: int | None = None
    unlimited: bool = False
    balance: Decimal | None = None
    currency: str | None = None
    top_up_amount: Decimal | None = None
    expires: date | datetime | None = None
    valid_for: timedelta | None = None

    def expires_at(self, received: datetime) -> date | datetime | None:
        """Return the expiry, resolving a relative validity from ``received``."""
        if self.expires is not None:
            return self.expires
        if self.valid_for is not None:
            return received + self.valid_for
        return None

    def as_event_data(self) -> dict[str, EventValue]:
        """Return the figures as JSON-safe values for an event payload."""
        return {
            "kind": self.kind.value,
            "data_remaining": self.data_remaining,
            "data_total": self.data_total,
            "data_used": self.data_used,
            "unlimited": self.unlimited,
            "balance": _text_or_none(self.balance),
            "currency": self.currency,
            "top_up_amount": _text_or_none(self.top_up_amount),
            "expires": None if self.expires is None else self.expires.isoformat(),
            "valid_for_seconds": (
                None if self.valid_for is None else int(self.valid_for.total_seconds())
            ),
        }


def _text_or_none(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
