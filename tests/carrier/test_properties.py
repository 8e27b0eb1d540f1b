"""Properties: parsing never raises, and amounts survive formatting round trips."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.data_balance.carrier import BalanceReport, parse_reply
from custom_components.data_balance.carrier.amounts import find_data_amounts
from custom_components.data_balance.carrier.money import find_money

from .corpus import corpus_texts

EXAMPLES = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Words and signs of the corpus, so random texts look like carrier texts.
_VOCABULARY = sorted(
    {token for text in corpus_texts() for token in re.split(r"(\s+)", text)}
)
_NOISE = [
    "$",
    "€",
    "-",
    ".",
    ",",
    "%",
    "/",
    ":",
    "#",
    "*",
    "\n",
    "1",
    "12",
    "2026",
    "GB",
    "MB",
]
carrier_like_text = st.lists(st.sampled_from(_VOCABULARY + _NOISE), max_size=60).map(
    "".join
)
countries = st.sampled_from(
    [None, "US", "DE", "RU", "CN", "BR", "PH", "ZA", "HU", "xx"]
)


@EXAMPLES
@given(text=st.text(max_size=400), country=countries)
def test_never_raises_on_arbitrary_text(text: str, country: str | None) -> None:
    report = parse_reply(text, country)
    assert report is None or isinstance(report, BalanceReport)


@EXAMPLES
@given(text=carrier_like_text, country=countries)
def test_never_raises_on_carrier_like_text(text: str, country: str | None) -> None:
    report = parse_reply(text, country)
    assert report is None or isinstance(report, BalanceReport)


def test_very_long_text_is_cut_and_parsed() -> None:
    report = parse_reply("Balance: $5.00. " + "x" * 100_000)
    assert report is not None
    assert report.balance == Decimal("5.00")


_UNITS = {
    "KB": 1000,
    "MB": 1000**2,
    "GB": 1000**3,
    "MiB": 1024**2,
    "GiB": 1024**3,
    "ГБ": 1000**3,
}


def _nearest_byte(value: Decimal, factor: int) -> int:
    return int((value * factor).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _grouped(integer: int, separator: str) -> str:
    digits = f"{integer:d}"
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def _format(value: Decimal, *, decimal_comma: bool, thousands: str) -> str:
    integer, _, fraction = f"{value:f}".partition(".")
    text = _grouped(int(integer), thousands)
    if fraction:
        text += ("," if decimal_comma else ".") + fraction
    return text


amounts = st.decimals(
    min_value=0, max_value=999_999, places=2, allow_nan=False, allow_infinity=False
)


@EXAMPLES
@given(
    value=amounts,
    unit=st.sampled_from(sorted(_UNITS)),
    decimal_comma=st.booleans(),
    grouped=st.booleans(),
    space=st.booleans(),
)
def test_data_amount_round_trip(
    value: Decimal, unit: str, decimal_comma: bool, grouped: bool, space: bool
) -> None:
    thousands = ("." if decimal_comma else ",") if grouped else ""
    written = _format(value, decimal_comma=decimal_comma, thousands=thousands)
    text = f"{written}{' ' if space else ''}{unit}"
    found = find_data_amounts(text, decimal_comma=decimal_comma)
    assert [amount.value for amount in found] == [_nearest_byte(value, _UNITS[unit])]
    country = "DE" if decimal_comma else "US"
    report = parse_reply(f"Remaining data: {text}", country)
    assert report is not None
    assert report.data_remaining == _nearest_byte(value, _UNITS[unit])


_MARKERS = [("$", "before", "USD"), ("€", "after", "EUR"), ("zł", "after", "PLN"),
            ("CHF", "before", "CHF"), ("руб", "after", "RUB"), ("R", "before", "ZAR")]  # fmt: skip


@EXAMPLES
@given(
    value=st.decimals(min_value=0, max_value=99_999, places=2, allow_nan=False),
    marker=st.sampled_from(_MARKERS),
    decimal_comma=st.booleans(),
    space=st.booleans(),
)
def test_money_round_trip(
    value: Decimal, marker: tuple[str, str, str], decimal_comma: bool, space: bool
) -> None:
    symbol, position, currency = marker
    written = _format(value, decimal_comma=decimal_comma, thousands=" ")
    gap = " " if space else ""
    text = (
        f"{symbol}{gap}{written}" if position == "before" else f"{written}{gap}{symbol}"
    )
    found = find_money(text, decimal_comma=decimal_comma)
    assert [(item.value.amount, item.value.currency) for item in found] == [
        (value, currency)
    ]
    report = parse_reply(f"Balance: {text}", "DE" if decimal_comma else "US")
    assert report is not None
    assert (report.balance, report.currency) == (value, currency)
