"""A sliding window of fixed time buckets: bounded state for rates over recent days.

An amount observed over an interval is spread over the buckets the interval covers, in
proportion to time, so a delta that arrives after a long gap does not look like a burst.
Only the newest `bucket_count` buckets are kept; the state never grows with history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Self

from .errors import PlanError, StateError
from .serialization import (
    JsonObject,
    JsonValue,
    as_int,
    dump_time,
    read_list,
    read_optional_time,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowBucket:
    """The amount and the number of observations in one time bucket."""

    index: int
    amount: int
    samples: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowTotals:
    """What a window saw recently: the amount, the observations, the time they cover."""

    amount: int
    samples: int
    span: timedelta


@dataclass(frozen=True, slots=True, kw_only=True)
class SlidingWindow:
    """The newest `bucket_count` buckets of `bucket` length, and the observed time range."""

    bucket: timedelta = timedelta(hours=1)
    bucket_count: int = 72
    buckets: tuple[WindowBucket, ...] = ()
    since: datetime | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        """Reject windows that cannot hold anything."""
        if self.bucket <= timedelta(0) or self.bucket_count < 1:
            raise PlanError("a window needs a positive bucket length and count")

    @classmethod
    def covering(cls, span: timedelta, bucket: timedelta = timedelta(hours=1)) -> Self:
        """Return an empty window long enough to cover `span`."""
        count = max(1, -(-span // bucket))
        return cls(bucket=bucket, bucket_count=count)

    def add(self, start: datetime, end: datetime, amount: int) -> Self:
        """Record `amount` observed over [start, end] (one observation, at `end`)."""
        end_index = self._index(end)
        last = self.buckets[-1] if self.buckets else None
        if last is not None and last.index == end_index == self._index(start):
            # the common case, a sample within the current bucket: no spreading
            grown = WindowBucket(
                index=end_index, amount=last.amount + amount, samples=last.samples + 1
            )
            buckets = (*self.buckets[:-1], grown)
        else:
            spread = self._spread(start, end, amount, end_index)
            buckets = _merge(self.buckets, spread, end_index - self.bucket_count)
        return type(self)(
            bucket=self.bucket,
            bucket_count=self.bucket_count,
            buckets=buckets,
            since=start if self.since is None else self.since,
            until=end,
        )

    def totals(self, now: datetime) -> WindowTotals:
        """Return what the window holds for the `bucket_count` buckets up to `now`."""
        oldest = self._index(now) - self.bucket_count + 1
        recent = [bucket for bucket in self.buckets if bucket.index >= oldest]
        span = timedelta(0)
        if self.since is not None and self.until is not None:
            window_start = EPOCH + oldest * self.bucket
            span = max(timedelta(0), self.until - max(window_start, self.since))
        return WindowTotals(
            amount=sum(bucket.amount for bucket in recent),
            samples=sum(bucket.samples for bucket in recent),
            span=span,
        )

    def to_json(self) -> JsonObject:
        """Serialise the buckets and the observed range (not the shape, which is config)."""
        buckets: list[JsonValue] = [
            [bucket.index, bucket.amount, bucket.samples] for bucket in self.buckets
        ]
        return {
            "buckets": buckets,
            "since": dump_time(self.since),
            "until": dump_time(self.until),
        }

    def restored(self, data: JsonObject) -> Self:
        """Return this (empty) window filled from `to_json` output."""
        buckets = tuple(_bucket_from_json(item) for item in read_list(data, "buckets"))
        return replace(
            self,
            buckets=buckets[-self.bucket_count :],
            since=read_optional_time(data, "since"),
            until=read_optional_time(data, "until"),
        )

    def _index(self, moment: datetime) -> int:
        return (moment - EPOCH) // self.bucket

    def _spread(
        self, start: datetime, end: datetime, amount: int, end_index: int
    ) -> list[WindowBucket]:
        first = max(self._index(start), end_index - self.bucket_count + 1)
        if first >= end_index:
            return [WindowBucket(index=end_index, amount=amount, samples=1)]
        whole = (end - start) // _MICROSECOND

        def share_until(moment: datetime) -> int:
            return amount * ((moment - start) // _MICROSECOND) // whole

        spread = []
        for index in range(first, end_index + 1):
            bucket_start = max(start, EPOCH + index * self.bucket)
            bucket_end = min(end, EPOCH + (index + 1) * self.bucket)
            share = share_until(bucket_end) - share_until(bucket_start)
            spread.append(
                WindowBucket(index=index, amount=share, samples=int(index == end_index))
            )
        return spread


def _merge(
    buckets: tuple[WindowBucket, ...], spread: list[WindowBucket], too_old: int
) -> tuple[WindowBucket, ...]:
    kept = list(buckets)
    if kept and kept[-1].index == spread[0].index:
        last = kept.pop()
        first = spread[0]
        spread[0] = replace(
            first,
            amount=last.amount + first.amount,
            samples=last.samples + first.samples,
        )
    kept.extend(spread)
    if kept[0].index <= too_old:
        kept = [bucket for bucket in kept if bucket.index > too_old]
    return tuple(kept)


def _bucket_from_json(item: JsonValue) -> WindowBucket:
    if not isinstance(item, list) or len(item) != 3:
        raise StateError("a window bucket is not [index, amount, samples]")
    index, amount, samples = (as_int(value, "buckets") for value in item)
    return WindowBucket(index=index, amount=amount, samples=samples)
