"""Figures as carriers write them: decimal comma or dot, thousands separators."""

from __future__ import annotations

from decimal import Decimal
import re

# A figure: grouped thousands (space, no-break space, apostrophe, dot or comma)
# with an optional fraction, or plain digits with an optional fraction. Never
# starts inside another figure; at most 15 digits (longer runs are identifiers).
NUMBER_PATTERN = (
    r"(?<!\d)(?<!\d[.,])"
    r"(?:\d{1,3}(?:[ \u00a0\u202f'\u2019.,]\d{3})+(?:[.,]\d{1,6})?"
    r"|\d{1,15}(?:[.,]\d{1,6})?)"
    r"(?!\d)"
)

_GROUPING = re.compile(r"[ \u00a0\u202f'\u2019]")


def parse_number(raw: str, *, decimal_comma: bool | None = None) -> Decimal | None:
    """Read a figure such as ``1.536,25``, ``2,048.5`` or ``1 024``.

    Args:
        raw: the figure as matched by ``NUMBER_PATTERN``.
        decimal_comma: True where the text writes decimals with a comma, False
            where with a dot, None when unknown. It only matters for a single
            separator followed by exactly three digits (``1.500``, ``1,500``).

    Returns:
        The value, or None when the grouping is inconsistent.
    """
    compact = _GROUPING.sub("", raw)
    if not compact or not compact[0].isdigit():
        return None
    if "," in compact and "." in compact:
        return _with_both_separators(compact)
    separator = "," if "," in compact else "." if "." in compact else None
    if separator is None:
        return Decimal(compact)
    parts = compact.split(separator)
    if len(parts) > 2:
        return Decimal("".join(parts)) if _valid_groups(parts) else None
    integer, fraction = parts
    if _is_thousands_separator(separator, integer, fraction, decimal_comma):
        return Decimal(integer + fraction)
    return Decimal(f"{integer}.{fraction}")


def _with_both_separators(compact: str) -> Decimal | None:
    """The last separator is the decimal one, the other groups thousands."""
    decimal_separator = "," if compact.rfind(",") > compact.rfind(".") else "."
    thousands_separator = "." if decimal_separator == "," else ","
    if compact.count(decimal_separator) != 1:
        return None
    integer, fraction = compact.split(decimal_separator)
    groups = integer.split(thousands_separator)
    if not _valid_groups(groups) or not fraction:
        return None
    return Decimal(f"{''.join(groups)}.{fraction}")


def _valid_groups(groups: list[str]) -> bool:
    first, *rest = groups
    return 1 <= len(first) <= 3 and all(len(group) == 3 for group in rest)


def _is_thousands_separator(
    separator: str, integer: str, fraction: str, decimal_comma: bool | None
) -> bool:
    if len(fraction) != 3 or integer.startswith("0") or len(integer) > 3:
        return False
    if decimal_comma is None:
        return separator == ","
    return separator == ("." if decimal_comma else ",")


def guess_decimal_comma(text: str) -> bool | None:
    """Guess from the figures in a text whether it writes decimals with a comma.

    Figures with one or two decimals (``3,40`` or ``7.20``) settle it; a text
    with none of them, or as many of each, stays undecided.
    """
    comma_votes = len(_COMMA_DECIMAL.findall(text))
    dot_votes = len(_DOT_DECIMAL.findall(text))
    if comma_votes == dot_votes:
        return None
    return comma_votes > dot_votes


_COMMA_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})*,\d{1,2}(?!\d)(?![.,]\d)")
_DOT_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{1,2}(?!\d)(?![.,]\d)")
