"""How often the carrier may be asked: requests can cost money, so no loop may exceed a limit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class RateLimitExceeded:
    """Which limit a refused request met."""

    count: int
    window: timedelta


@dataclass(slots=True)
class RequestLimiter:
    """A sliding log of recent requests checked against per-hour and per-day limits."""

    per_hour: int = 10
    per_day: int = 30
    sent: list[datetime] = field(default_factory=list)

    def refusal(self, now: datetime) -> RateLimitExceeded | None:
        """The limit a request now would break, or None when it may go."""
        self.sent = [moment for moment in self.sent if now - moment < DAY]
        if sum(now - moment < HOUR for moment in self.sent) >= self.per_hour:
            return RateLimitExceeded(count=self.per_hour, window=HOUR)
        if len(self.sent) >= self.per_day:
            return RateLimitExceeded(count=self.per_day, window=DAY)
        return None

    def record(self, now: datetime) -> None:
        """Note a request as sent (before sending: a failed request may still cost)."""
        self.sent.append(now)

    def count_since(self, moment: datetime) -> int:
        """How many requests went out after `moment`."""
        return sum(sent > moment for sent in self.sent)

    @property
    def last_sent(self) -> datetime | None:
        """When the last request went out."""
        return max(self.sent, default=None)

    def to_json(self) -> list[str]:
        """The log for the store."""
        return [moment.isoformat() for moment in self.sent]

    @classmethod
    def from_json(
        cls, data: object, *, per_hour: int = 10, per_day: int = 30
    ) -> RequestLimiter:
        """What `to_json` wrote, under today's limits; an unreadable log counts as empty."""
        limiter = cls(per_hour=per_hour, per_day=per_day)
        if isinstance(data, list):
            for item in data:
                try:
                    limiter.sent.append(datetime.fromisoformat(str(item)))
                except ValueError:
                    continue
        return limiter
