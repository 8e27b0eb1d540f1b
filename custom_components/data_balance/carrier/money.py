"""Money: ``$12.50``, ``12,50 €``, ``R 45.10``, ``Rs.45``, ``150,25 руб``."""

# Cyrillic letters in this module are Russian words and units, not look-alikes.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
import re

from .found import Found, SpanSet
from .numbers import NUMBER_PATTERN, parse_number

# Markers shared by several currencies, settled by the country.
_DOLLAR = "$"
_YEN = "¥"
_KRONA = "kr"
_RUPEE = "Rs"
_RUBLE = "руб"
_CFA_FRANC = "FCFA"

_BY_COUNTRY: dict[str, dict[str, str]] = {
    _DOLLAR: {
        "US": "USD",
        "CA": "CAD",
        "AU": "AUD",
        "NZ": "NZD",
        "MX": "MXN",
        "SG": "SGD",
        "HK": "HKD",
        "CL": "CLP",
        "CO": "COP",
        "AR": "ARS",
        "UY": "UYU",
        "CU": "CUP",
        "JM": "JMD",
        "TT": "TTD",
        "LR": "LRD",
        "NA": "NAD",
        "TW": "TWD",
    },
    _YEN: {"CN": "CNY", "JP": "JPY"},
    _KRONA: {"SE": "SEK", "NO": "NOK", "DK": "DKK", "IS": "ISK"},
    _RUPEE: {"IN": "INR", "PK": "PKR", "LK": "LKR", "NP": "NPR", "MU": "MUR"},
    _RUBLE: {"RU": "RUB", "BY": "BYN"},
    _CFA_FRANC: dict.fromkeys(("CM", "CF", "TD", "CG", "GA", "GQ"), "XAF"),
}
_DEFAULT_FOR_SHARED = {
    _DOLLAR: "USD",
    _YEN: "CNY",
    _KRONA: "SEK",
    _RUPEE: "INR",
    _RUBLE: "RUB",
    _CFA_FRANC: "XOF",
}

# Marker as written -> ISO 4217 code, or a shared marker settled by country.
_MARKERS: dict[str, str] = {
    "US$": "USD",
    "A$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "HK$": "HKD",
    "MX$": "MXN",
    "R$": "BRL",
    "$": _DOLLAR,
    "€": "EUR",
    "£": "GBP",
    "¥": _YEN,
    "元": "CNY",
    "人民币": "CNY",
    "₽": _RUBLE,
    "₹": "INR",
    "₦": "NGN",
    "₱": "PHP",
    "₺": "TRY",
    "₴": "UAH",
    "₩": "KRW",
    "฿": "THB",
    "₫": "VND",
    "₪": "ILS",
    "₸": "KZT",
    "GH₵": "GHS",
}
# Markers made of letters: they must not touch other letters.
_WORD_MARKERS: dict[str, str] = {
    "zł": "PLN",
    "zl": "PLN",
    "złotych": "PLN",
    "Ft": "HUF",
    "forint": "HUF",
    "Kč": "CZK",
    "kr": _KRONA,
    "kr.": _KRONA,
    "kronor": "SEK",
    "Rs": _RUPEE,
    "Rs.": _RUPEE,
    "R": "ZAR",
    "KSh": "KES",
    "Ksh": "KES",
    "RM": "MYR",
    "Rp": "IDR",
    "S/": "PEN",
    "руб": _RUBLE,
    "руб.": _RUBLE,
    "рубля": _RUBLE,
    "рублей": _RUBLE,
    "рубль": _RUBLE,
    "р.": _RUBLE,
    "р": _RUBLE,
    "r": _RUBLE,
    "rub": _RUBLE,
    "грн": "UAH",
    "hrn": "UAH",
    "Tk": "BDT",
    "Tk.": "BDT",
    "тг": "KZT",
    "сум": "UZS",
    "so'm": "UZS",
    "lei": "RON",
    "лв": "BGN",
    "euro": "EUR",
    "euros": "EUR",
    "Euro": "EUR",
    "EURO": "EUR",
    "dollars": _DOLLAR,
    "rupees": _RUPEE,
    "yuan": "CNY",
    "Php": "PHP",
    "FCFA": _CFA_FRANC,
    "F CFA": _CFA_FRANC,
    "CFA": _CFA_FRANC,
}
# ISO 4217 codes written in capitals (codes that are also English words are left out).
_ISO_CODES = frozenset(
    [
        "AED",
        "ARS",
        "AUD",
        "BDT",
        "BGN",
        "BRL",
        "BYN",
        "CAD",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CUC",
        "CUP",
        "CZK",
        "DKK",
        "EGP",
        "EUR",
        "GBP",
        "GHS",
        "HKD",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "ISK",
        "JMD",
        "JPY",
        "KES",
        "KRW",
        "KZT",
        "LKR",
        "MXN",
        "MYR",
        "NGN",
        "NOK",
        "NPR",
        "NZD",
        "PEN",
        "PHP",
        "PKR",
        "PLN",
        "RON",
        "RSD",
        "RUB",
        "SAR",
        "SEK",
        "SGD",
        "THB",
        "TND",
        "TRY",
        "TWD",
        "UAH",
        "USD",
        "UYU",
        "UZS",
        "VND",
        "XAF",
        "XOF",
        "ZAR",
    ]
)
# Markers written before the figure only, or after it only.
_BEFORE_ONLY = frozenset(
    {"R", "Rs", "Rs.", "S/", "R$", "US$", "A$", "NZ$", "S$", "HK$"}
)
_AFTER_ONLY = frozenset(
    {
        "r",
        "р",
        "р.",
        "руб",
        "руб.",
        "рубля",
        "рублей",
        "рубль",
        "元",
        "人民币",
        "kronor",
    }
)

_LETTER = r"A-Za-z\u00c0-\u024f\u0400-\u04ff"


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def _marker_pattern(*, position: str) -> str:
    excluded = _AFTER_ONLY if position == "before" else _BEFORE_ONLY
    symbols = [marker for marker in _MARKERS if marker not in excluded]
    words = [marker for marker in _WORD_MARKERS if marker not in excluded]
    words += sorted(_ISO_CODES)
    return (
        rf"(?:{_alternation(symbols)}"
        rf"|(?<![{_LETTER}])(?:{_alternation(words)})(?![{_LETTER}]))"
    )


_SIGN = r"[-\u2212]"
_LEADING_SIGN = rf"(?:(?<![\w.,])(?P<sign>{_SIGN}))?"
_MONEY_BEFORE = re.compile(
    rf"{_LEADING_SIGN}(?P<marker>{_marker_pattern(position='before')})\s?"
    rf"(?P<inner_sign>{_SIGN})?(?P<number>{NUMBER_PATTERN})"
)
_MONEY_AFTER = re.compile(
    rf"{_LEADING_SIGN}(?P<number>{NUMBER_PATTERN})\s?"
    rf"(?P<marker>{_marker_pattern(position='after')})"
)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money and its ISO 4217 currency."""

    amount: Decimal
    currency: str | None


# A single capital letter is money only where the country writes it so
# ("N500.00" for naira in Nigeria); elsewhere it is just a letter.
_COUNTRY_LETTER_MARKERS: dict[str, tuple[str, str]] = {"NG": ("N", "NGN")}
_COUNTRY_LETTER_MONEY = {
    country: re.compile(
        rf"{_LEADING_SIGN}(?<![{_LETTER}])(?P<marker>{letter})\s?(?P<number>{NUMBER_PATTERN})"
    )
    for country, (letter, _code) in _COUNTRY_LETTER_MARKERS.items()
}


def currency_for(marker: str, country: str | None = None) -> str | None:
    """Return the ISO 4217 code a currency marker stands for in ``country``."""
    letter, letter_code = _COUNTRY_LETTER_MARKERS.get(country or "", ("", ""))
    if marker == letter:
        return letter_code
    code = _MARKERS.get(marker) or _WORD_MARKERS.get(marker)
    if code is None:
        return marker if marker in _ISO_CODES else None
    if code in _BY_COUNTRY:
        by_country = _BY_COUNTRY[code]
        return by_country.get(country or "", _DEFAULT_FOR_SHARED[code])
    return code


def find_money(
    text: str,
    *,
    country: str | None = None,
    decimal_comma: bool | None = None,
    exclude: list[Found[int]] | None = None,
) -> list[Found[Money]]:
    """Find every amount of money with a currency marker in ``text``.

    Args:
        text: the message (dates and codes already blanked out).
        country: ISO 3166 code that settles ``$``, ``kr``, ``Rs`` and ``р.``.
        decimal_comma: how the text writes decimals, when known.
        exclude: spans already read as something else (data amounts).
    """
    taken = SpanSet(exclude or [])
    found: list[Found[Money]] = []
    matches = [*_MONEY_BEFORE.finditer(text), *_MONEY_AFTER.finditer(text)]
    if country in _COUNTRY_LETTER_MONEY:
        matches += _COUNTRY_LETTER_MONEY[country].finditer(text)
    for match in sorted(matches, key=lambda match: (match.start(), -match.end())):
        number_start, number_end = match.span("number")
        if taken.overlaps(number_start, number_end):
            continue
        money = _money_from(match, country, decimal_comma)
        if money is None:
            continue
        found.append(Found(match.start(), match.end(), money))
        taken.add(match.start(), match.end())
    return found


def _money_from(
    match: re.Match[str], country: str | None, decimal_comma: bool | None
) -> Money | None:
    amount = parse_number(match["number"], decimal_comma=decimal_comma)
    currency = currency_for(match["marker"], country)
    if amount is None or currency is None:
        return None
    negative = match["sign"] or match.groupdict().get("inner_sign")
    return Money(-amount if negative else amount, currency)


# Counted things that follow a bare figure which is therefore not money.
_NOT_MONEY_UNITS = (
    r"%|min\w*|мин\w*|perc\w*|sms|mms|pts|points?|punkt\w*|punt\w*|days?|d[ií]as"
    r"|jours?|tage?n?|giorni|dni|дн\w*|дня|день|dagar|nap\w*|units?|分钟|条|天|个"
)
_BARE_FIGURE = re.compile(
    rf"[ \t:=]*(?P<sign>{_SIGN})?(?P<number>{NUMBER_PATTERN})"
    rf"(?![.,]\d)(?!\s?(?i:{_NOT_MONEY_UNITS})(?![{_LETTER}]))"
)


def read_bare_figure(
    text: str, position: int, *, decimal_comma: bool | None = None
) -> Found[Decimal] | None:
    """Read a figure without currency that starts at ``position`` (after "Saldo:")."""
    match = _BARE_FIGURE.match(text, position)
    if match is None:
        return None
    amount = parse_number(match["number"], decimal_comma=decimal_comma)
    if amount is None:
        return None
    return Found(
        match.start("number"), match.end(), -amount if match["sign"] else amount
    )
