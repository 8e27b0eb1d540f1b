"""The sliding window: buckets, spreading over time, trimming, totals, JSON."""

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.data_balance.plan import (
    PlanError,
    SlidingWindow,
    WindowBucket,
    WindowTotals,
)

HOUR = timedelta(hours=1)
T0 = datetime(2026, 3, 10, tzinfo=UTC)
INDEX = (T0 - datetime(1970, 1, 1, tzinfo=UTC)) // HOUR


def _window(*additions: tuple[float, float, int], count: int = 4) -> SlidingWindow:
    window = SlidingWindow(bucket=HOUR, bucket_count=count)
    for start, end, amount in additions:
        window = window.add(T0 + start * HOUR, T0 + end * HOUR, amount)
    return window


@pytest.mark.parametrize(
    ("window", "buckets"),
    [
        # two observations in one bucket add up
        (_window((0, 0.25, 10), (0.25, 0.5, 20)), [(0, 30, 2)]),
        # an interval over two buckets is split by time, the sample counted at the end
        (_window((0.5, 1.5, 100)), [(0, 50, 0), (1, 50, 1)]),
        # integer shares never lose a byte
        (_window((0, 3, 10)), [(0, 3, 0), (1, 3, 0), (2, 4, 0), (3, 0, 1)]),
        # a long gap keeps only what falls inside the window
        (_window((0, 10, 1000)), [(7, 100, 0), (8, 100, 0), (9, 100, 0), (10, 0, 1)]),
        # old buckets are dropped as time moves on
        (
            _window((0, 0.5, 1), (1, 1.5, 2), (5, 5.5, 3), (6, 6.5, 4)),
            [(5, 3, 1), (6, 4, 1)],
        ),
    ],
)
def test_buckets(window: SlidingWindow, buckets: list[tuple[int, int, int]]) -> None:
    assert window.buckets == tuple(
        WindowBucket(index=INDEX + offset, amount=amount, samples=samples)
        for offset, amount, samples in buckets
    )


@pytest.mark.parametrize(
    ("window", "now", "expected"),
    [
        (_window(), 0, WindowTotals(amount=0, samples=0, span=timedelta(0))),
        (
            _window((0, 0, 0), (0, 0.5, 10), (0.5, 2, 30)),
            2,
            WindowTotals(amount=40, samples=3, span=2 * HOUR),
        ),
        # the span starts at the window's oldest bucket once history is longer
        (
            _window((0, 0, 0), (0, 6, 60)),
            6,
            WindowTotals(amount=30, samples=1, span=3 * HOUR),
        ),
        # nothing seen recently
        (_window((0, 1, 10)), 30, WindowTotals(amount=0, samples=0, span=timedelta(0))),
    ],
)
def test_totals(window: SlidingWindow, now: float, expected: WindowTotals) -> None:
    assert window.totals(T0 + now * HOUR) == expected


def test_covering_and_round_trip() -> None:
    assert SlidingWindow.covering(timedelta(days=3)).bucket_count == 72
    assert SlidingWindow.covering(timedelta(minutes=90)).bucket_count == 2
    window = _window((0, 0.5, 10), (0.5, 2, 30))
    assert (
        SlidingWindow(bucket=HOUR, bucket_count=4).restored(window.to_json()) == window
    )
    shorter = SlidingWindow(bucket=HOUR, bucket_count=1).restored(window.to_json())
    assert [bucket.index for bucket in shorter.buckets] == [INDEX + 2]


@pytest.mark.parametrize(
    ("bucket", "count"), [(timedelta(0), 3), (HOUR, 0), (-HOUR, 3)]
)
def test_invalid_windows_are_rejected(bucket: timedelta, count: int) -> None:
    with pytest.raises(PlanError):
        SlidingWindow(bucket=bucket, bucket_count=count)
