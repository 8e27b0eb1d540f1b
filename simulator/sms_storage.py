"""The SIM's message storage as the simulated modem keeps it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import IntEnum


class MessageStatus(IntEnum):
    """`<stat>` of 27.005: the number in PDU mode, the name in text mode."""

    REC_UNREAD = 0
    REC_READ = 1
    STO_UNSENT = 2
    STO_SENT = 3

    @property
    def text_name(self) -> str:
        """The text-mode spelling, such as `REC UNREAD`."""
        return self.name.replace("_", " ")

    @classmethod
    def from_text(cls, name: str) -> MessageStatus:
        """Parse the text-mode spelling."""
        return cls[name.upper().replace(" ", "_")]


@dataclass(frozen=True, kw_only=True)
class StoredMessage:
    """One stored SMS-DELIVER part, with what both AT modes need to show it."""

    index: int
    status: MessageStatus
    sender: str
    text: str
    ucs2: bool
    timestamp: datetime
    pdu_hex: str
    tpdu_length: int


class MessageStorage:
    """Fixed-size storage with the lowest free index used first, like a SIM."""

    def __init__(self, capacity: int) -> None:
        """Create empty storage with `capacity` slots (indices 0..capacity-1)."""
        self.capacity = capacity
        self._messages: dict[int, StoredMessage] = {}

    def __len__(self) -> int:
        """How many slots are used."""
        return len(self._messages)

    @property
    def full(self) -> bool:
        """Whether no slot is free."""
        return len(self._messages) >= self.capacity

    def store(self, message: StoredMessage) -> StoredMessage:
        """Store a message in the first free slot; returns it with its index."""
        index = next(
            slot for slot in range(self.capacity) if slot not in self._messages
        )
        stored = replace(message, index=index)
        self._messages[index] = stored
        return stored

    def get(self, index: int) -> StoredMessage | None:
        """The message in a slot, if any."""
        return self._messages.get(index)

    def listing(self, status: MessageStatus | None) -> list[StoredMessage]:
        """Messages with a status (all when None), in index order."""
        return [
            message
            for index, message in sorted(self._messages.items())
            if status is None or message.status is status
        ]

    def mark_read(self, index: int) -> None:
        """Reading an unread message makes it read."""
        message = self._messages[index]
        if message.status is MessageStatus.REC_UNREAD:
            self._messages[index] = replace(message, status=MessageStatus.REC_READ)

    def delete(self, index: int) -> bool:
        """Delete one message; False when the slot was empty."""
        return self._messages.pop(index, None) is not None

    def delete_by_flag(self, flag: int) -> None:
        """`AT+CMGD=<i>,<flag>` with flag 1..4: delete by status groups."""
        doomed = {
            1: {MessageStatus.REC_READ},
            2: {MessageStatus.REC_READ, MessageStatus.STO_SENT},
            3: {
                MessageStatus.REC_READ,
                MessageStatus.STO_SENT,
                MessageStatus.STO_UNSENT,
            },
            4: set(MessageStatus),
        }[flag]
        for index, message in list(self._messages.items()):
            if message.status in doomed:
                del self._messages[index]
