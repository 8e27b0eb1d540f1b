"""A thing found in a text, with where it was found."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Found[T]:
    """A value read from ``text[start:end]``."""

    start: int
    end: int
    value: T

    def overlaps(self, start: int, end: int) -> bool:
        """Return whether this span overlaps ``[start, end)``."""
        return self.start < end and start < self.end


def mask(text: str, spans: Sequence[Found[object]]) -> str:
    """Blank out ``spans`` of ``text`` keeping every other position in place."""
    characters = list(text)
    for span in spans:
        characters[span.start : span.end] = " " * (span.end - span.start)
    return "".join(characters)


class SpanSet:
    """Spans that do not overlap one another, for quick overlap checks."""

    def __init__(self, spans: Sequence[Found[object]] = ()) -> None:
        """Start with ``spans``, which must not overlap one another."""
        self._spans: list[tuple[int, int]] = sorted(
            (span.start, span.end) for span in spans
        )

    def add(self, start: int, end: int) -> None:
        """Add ``[start, end)``."""
        insort(self._spans, (start, end))

    def overlaps(self, start: int, end: int) -> bool:
        """Return whether ``[start, end)`` overlaps any span held."""
        index = bisect_left(self._spans, (start, start))
        neighbours = self._spans[max(0, index - 1) : index + 1]
        return any(
            span_start < end and start < span_end for span_start, span_end in neighbours
        )
