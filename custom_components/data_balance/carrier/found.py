"""A thing found in a text, with where it was found."""

from __future__ import annotations

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


def overlaps_any(start: int, end: int, spans: Sequence[Found[object]]) -> bool:
    """Return whether ``[start, end)`` overlaps any of ``spans``."""
    return any(span.overlaps(start, end) for span in spans)


def mask(text: str, spans: Sequence[Found[object]]) -> str:
    """Blank out ``spans`` of ``text`` keeping every other position in place."""
    characters = list(text)
    for span in spans:
        characters[span.start : span.end] = " " * (span.end - span.start)
    return "".join(characters)
