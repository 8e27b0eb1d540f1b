"""The message text laid out for reading: noise blanked, sentences found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
import re
import unicodedata

from .found import Found

# Longer texts are not carrier messages; the cap keeps parsing time bounded.
MAX_TEXT_LENGTH = 2000

_USSD_CODE = re.compile(r"[*#][0-9A-Z*#]*[0-9][0-9A-Z*#]*#?")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
_PHONE_NUMBER = re.compile(
    r"\+\d[\d \-]{6,}\d|(?<![\d.,])\d{7,}(?![\d.,]?\d)|(?<!\d)\d{1,4}(?:-\d{2,4}){2,}(?!\d)"
)
_PERCENT = re.compile(r"(?<![\d.,])(?P<number>\d{1,3}(?:[.,]\d+)?)\s?%")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Sentence ends. Full stops inside figures and dates never count because
# sentences are cut on a skeleton where every figure is blanked out.
_SENTENCE_END = re.compile(r"\n|[;|!?\u3002\uff1b\uff01\uff1f]|\.(?=\s|$)")
_MENU_LINE = re.compile(r"[ \t]*\d{1,2}\s*[.):-]\s+\S")
_MENU_NUMBER = re.compile(r"(?m)^[ \t]*\d{1,2}[.)](?=\s)")


def normalise(text: str) -> str:
    """Fold compatibility forms (full-width digits, no-break spaces) and cap length."""
    folded = unicodedata.normalize("NFKC", text[: MAX_TEXT_LENGTH * 2])
    return folded.replace("\r\n", "\n").replace("\r", "\n")[:MAX_TEXT_LENGTH]


def has_cjk(text: str) -> bool:
    """Return whether ``text`` contains Chinese characters."""
    return _CJK.search(text) is not None


def has_cyrillic(text: str) -> bool:
    """Return whether ``text`` contains Cyrillic letters."""
    return _CYRILLIC.search(text) is not None


def find_noise(text: str) -> list[Found[None]]:
    """Find USSD codes, web addresses and phone numbers: figures that are not amounts."""
    return [
        Found(match.start(), match.end(), None)
        for pattern in (_USSD_CODE, _URL, _PHONE_NUMBER)
        for match in pattern.finditer(text)
    ]


def find_percentages(text: str) -> list[Found[Decimal]]:
    """Find every percentage (``80%``, ``80 %``)."""
    return [
        Found(match.start(), match.end(), Decimal(match["number"].replace(",", ".")))
        for match in _PERCENT.finditer(text)
    ]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A stretch of text between sentence ends."""

    start: int
    end: int


def split_sentences(text: str, entities: Sequence[Found[object]]) -> list[Sentence]:
    """Cut ``text`` into sentences, never inside one of ``entities``."""
    skeleton = list(text)
    menu_numbers = [
        Found(m.start(), m.end(), None) for m in _MENU_NUMBER.finditer(text)
    ]
    for entity in [*entities, *menu_numbers]:
        skeleton[entity.start : entity.end] = "x" * (entity.end - entity.start)
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer("".join(skeleton)):
        sentences.append(Sentence(start, match.end()))
        start = match.end()
    sentences.append(Sentence(start, len(text)))
    return sentences


def is_menu_line(text: str, sentence: Sentence) -> bool:
    """Return whether ``sentence`` is a numbered menu entry (``1. 8GB for 30 days``)."""
    at_line_start = sentence.start == 0 or text[sentence.start - 1] == "\n"
    return (
        at_line_start
        and _MENU_LINE.match(text, sentence.start, sentence.end) is not None
    )
