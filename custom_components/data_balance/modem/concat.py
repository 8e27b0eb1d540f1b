"""Joining the parts of concatenated SMS (3GPP TS 23.040 §9.2.3.24.1).

Time is passed in by the caller; nothing here reads a clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from .pdu import ConcatInfo

DEFAULT_TIMEOUT = timedelta(minutes=10)
DEFAULT_MAX_PENDING = 64


class MessagePart(Protocol):
    """What the reassembler needs of a received message (a `DeliverPdu` fits)."""

    @property
    def sender(self) -> str:
        """The originating address."""

    @property
    def text(self) -> str:
        """The text of this part."""

    @property
    def timestamp(self) -> datetime:
        """The service-centre time stamp."""

    @property
    def concat(self) -> ConcatInfo | None:
        """Where this part belongs, or None for a message in one part."""


@dataclass(frozen=True, slots=True)
class Sms:
    """A received text message, joined from its parts.

    Attributes:
        sender: the originating address.
        text: the text of every part received, in sequence order.
        timestamp: the earliest service-centre time stamp of the parts.
        partial: some parts never arrived before the timeout.
        storage_indices: the modem storage slots the parts came from, so the
            caller can delete them.
        missing_parts: the sequence numbers (1-based) that never arrived.
    """

    sender: str
    text: str
    timestamp: datetime
    partial: bool = False
    storage_indices: tuple[int, ...] = ()
    missing_parts: tuple[int, ...] = ()


type _GroupKey = tuple[str, int, int]


@dataclass(slots=True)
class _Group:
    """The parts of one long message received so far."""

    first_received: datetime
    texts: dict[int, str] = field(default_factory=dict)
    timestamps: list[datetime] = field(default_factory=list)
    storage_indices: list[int] = field(default_factory=list)


class Reassembler:
    """Collects the parts of long messages until each message is whole.

    Parts are keyed by (sender, reference, total); they may arrive in any order
    and across several reads, and a repeated part is ignored (its storage slot
    is still reported, so it gets deleted with the rest). Pending state is
    bounded: beyond `max_pending` messages, the oldest is given up as partial
    at the next `expire`.
    """

    def __init__(
        self,
        timeout: timedelta = DEFAULT_TIMEOUT,
        max_pending: int = DEFAULT_MAX_PENDING,
    ) -> None:
        """Set how long to wait for missing parts, and how many messages to hold."""
        if max_pending < 1:
            raise ValueError(f"max_pending must be at least 1, not {max_pending}")
        self._timeout = timeout
        self._max_pending = max_pending
        self._groups: dict[_GroupKey, _Group] = {}
        self._given_up: list[Sms] = []

    @property
    def pending(self) -> int:
        """How many messages are waiting for parts."""
        return len(self._groups)

    def add(
        self,
        part: MessagePart,
        *,
        received: datetime,
        storage_index: int | None = None,
    ) -> Sms | None:
        """Take one received part; return its message once every part is in.

        Args:
            part: the decoded message or part.
            received: when the caller read it; the timeout counts from the
                first part of a message.
            storage_index: the modem storage slot it was read from, if any.
        """
        indices = () if storage_index is None else (storage_index,)
        concat = part.concat
        if (
            concat is None
            or not 1 <= concat.sequence <= concat.total
            or concat.total == 1
        ):
            return Sms(
                sender=part.sender,
                text=_repair(part.text),
                timestamp=part.timestamp,
                storage_indices=indices,
            )
        key = (part.sender, concat.reference, concat.total)
        group = self._groups.get(key)
        if group is None:
            self._make_room()
            group = self._groups[key] = _Group(first_received=received)
        group.storage_indices += indices
        if concat.sequence not in group.texts:
            group.texts[concat.sequence] = part.text
            group.timestamps.append(part.timestamp)
        if len(group.texts) < concat.total:
            return None
        del self._groups[key]
        return _join(key, group, partial=False)

    def expire(self, now: datetime) -> list[Sms]:
        """Give up on messages whose first part came more than the timeout ago.

        Returns:
            Their parts joined, flagged partial, oldest first.
        """
        stale = [
            key
            for key, group in self._groups.items()
            if now - group.first_received > self._timeout
        ]
        stale.sort(key=lambda key: self._groups[key].first_received)
        expired, self._given_up = self._given_up, []
        for key in stale:
            expired.append(_join(key, self._groups.pop(key), partial=True))
        return expired

    def _make_room(self) -> None:
        """Give up the oldest pending message when the limit is reached."""
        if len(self._groups) < self._max_pending:
            return
        oldest = min(self._groups, key=lambda key: self._groups[key].first_received)
        self._given_up.append(_join(oldest, self._groups.pop(oldest), partial=True))


def _join(key: _GroupKey, group: _Group, *, partial: bool) -> Sms:
    sender, _, total = key
    missing = tuple(seq for seq in range(1, total + 1) if seq not in group.texts)
    text = "".join(group.texts[seq] for seq in sorted(group.texts))
    return Sms(
        sender=sender,
        text=_repair(text),
        timestamp=min(group.timestamps),
        partial=partial,
        storage_indices=tuple(group.storage_indices),
        missing_parts=missing,
    )


def _repair(text: str) -> str:
    """Join surrogate halves split across parts; replace any left alone."""
    return text.encode("utf-16-be", "surrogatepass").decode("utf-16-be", "replace")
