"""Data amounts: ``1,5 GB``, ``1.536,25 MB``, ``3.1 ГБ``, ``500M``, ``2 GiB``."""

# Cyrillic letters in this module are Russian words and units, not look-alikes.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
import re

from .found import Found
from .numbers import NUMBER_PATTERN, parse_number


@dataclass(frozen=True, slots=True)
class _Unit:
    """A unit as a power of the kilo step; IEC units always step by 1024."""

    power: int
    always_binary: bool = False


_DECIMAL_UNITS: dict[str, int] = {
    "byte": 0,
    "bytes": 0,
    "octets": 0,
    "байт": 0,
    "байта": 0,
    "байтов": 0,
    "kb": 1,
    "kbyte": 1,
    "kbytes": 1,
    "kilobyte": 1,
    "kilobytes": 1,
    "кб": 1,
    "мб": 2,
    "гб": 3,
    "тб": 4,
    "mb": 2,
    "mbyte": 2,
    "mbytes": 2,
    "megabyte": 2,
    "megabytes": 2,
    "mega": 2,
    "megas": 2,
    "gb": 3,
    "gbyte": 3,
    "gbytes": 3,
    "gigabyte": 3,
    "gigabytes": 3,
    "giga": 3,
    "gigas": 3,
    "tb": 4,
    "terabyte": 4,
    "terabytes": 4,
    "千字节": 1,
    "兆字节": 2,
    "兆": 2,
    "吉字节": 3,
}
_BINARY_UNITS: dict[str, int] = {"kib": 1, "mib": 2, "gib": 3, "tib": 4}
# Case matters for these: a lone "b" is a list item, lower case "mo" an English
# month; French octets are written "Ko", "Mo", "Go".
_CASE_SENSITIVE_UNITS: dict[str, int] = {"B": 0, "Ko": 1, "Mo": 2, "Go": 3}
# Chinese carriers often write a bare letter: "500M", "2G".
_BARE_LETTER_UNITS: dict[str, int] = {"k": 1, "m": 2, "g": 3, "t": 4}

_UNITS: dict[str, _Unit] = {
    **{name: _Unit(power) for name, power in _DECIMAL_UNITS.items()},
    **{name: _Unit(power, always_binary=True) for name, power in _BINARY_UNITS.items()},
}

_LETTER = r"A-Za-z\u00c0-\u024f\u0400-\u04ff"


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_AMOUNT = re.compile(
    rf"(?P<number>{NUMBER_PATTERN})\s?"
    rf"(?:(?i:(?P<unit>{_alternation(list(_UNITS))}))"
    rf"|(?P<exact>{_alternation(list(_CASE_SENSITIVE_UNITS))}))"
    rf"(?![{_LETTER}])"
)
_BARE_LETTER_AMOUNT = re.compile(
    rf"(?P<number>{NUMBER_PATTERN})\s?(?P<unit>(?i:[kmgt]))(?![{_LETTER}])"
)
# "4G网络", "5G套餐": network generations, not amounts.
_NETWORK_GENERATION = re.compile(r"[2-5]G(?:网|信号|手机|套餐|用户|终端|覆盖)")


def unit_factor(unit: str, *, binary: bool = False) -> int | None:
    """Return how many bytes one ``unit`` holds, or None for an unknown unit.

    Args:
        unit: a unit as carriers write it (``GB``, ``Mo``, ``ГБ``, ``GiB``).
        binary: count KB/MB/GB/TB in steps of 1024 (the carrier's convention);
            KiB/MiB/GiB always step by 1024.
    """
    if unit in _CASE_SENSITIVE_UNITS:
        return _power(_CASE_SENSITIVE_UNITS[unit], binary=binary)
    known = _UNITS.get(unit.lower())
    if known is None:
        return None
    return _power(known.power, binary=binary or known.always_binary)


def _power(power: int, *, binary: bool) -> int:
    base = 1024 if binary else 1000
    return int(base**power)


def to_bytes(value: Decimal, factor: int) -> int:
    """Return ``value`` units of ``factor`` bytes, rounded to a whole byte."""
    return int((value * factor).to_integral_value(rounding=ROUND_HALF_EVEN))


def find_data_amounts(
    text: str,
    *,
    binary: bool = False,
    decimal_comma: bool | None = None,
    bare_letters: bool = False,
) -> list[Found[int]]:
    """Find every data amount in ``text``, in bytes.

    Args:
        text: the message (dates and codes already blanked out).
        binary: the carrier counts KB/MB/GB in 1024s.
        decimal_comma: how the text writes decimals, when known.
        bare_letters: also read ``500M`` and ``2G`` (Chinese carriers).
    """
    found = [
        amount
        for match in _AMOUNT.finditer(text)
        if (amount := _amount_from(match, binary, decimal_comma)) is not None
    ]
    if bare_letters:
        found.extend(_bare_letter_amounts(text, binary, decimal_comma))
        found.sort(key=lambda amount: amount.start)
    return found


def _amount_from(
    match: re.Match[str], binary: bool, decimal_comma: bool | None
) -> Found[int] | None:
    value = parse_number(match["number"], decimal_comma=decimal_comma)
    unit = match["unit"] or match["exact"]
    factor = unit_factor(unit, binary=binary)
    if value is None or factor is None:
        return None
    return Found(match.start(), match.end(), to_bytes(value, factor))


def _bare_letter_amounts(
    text: str, binary: bool, decimal_comma: bool | None
) -> list[Found[int]]:
    amounts = []
    # A bare letter is never the start of a longer unit ("M" of "MB" is followed
    # by a letter), so these never overlap the amounts already found.
    for match in _BARE_LETTER_AMOUNT.finditer(text):
        if _NETWORK_GENERATION.match(text, match.start("number")):
            continue
        value = parse_number(match["number"], decimal_comma=decimal_comma)
        if value is None:
            continue
        power = _BARE_LETTER_UNITS[match["unit"].lower()]
        factor = _power(power, binary=binary)
        amounts.append(Found(match.start(), match.end(), to_bytes(value, factor)))
    return amounts
