"""Money with symbols or codes before or after the figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from custom_components.data_balance.carrier.amounts import find_data_amounts
from custom_components.data_balance.carrier.money import (
    Money,
    currency_for,
    find_money,
    read_bare_figure,
)


@pytest.mark.parametrize(
    ("text", "country", "amount", "currency"),
    [
        ("$12.50", "US", "12.50", "USD"),
        ("$12.50", "AU", "12.50", "AUD"),
        ("$12.50", None, "12.50", "USD"),
        ("12,50 €", "DE", "12.50", "EUR"),
        ("€ 4,20", "AT", "4.20", "EUR"),
        ("R 45.10", "ZA", "45.10", "ZAR"),
        ("R45", "ZA", "45", "ZAR"),
        ("Rs.45", "IN", "45", "INR"),
        ("Rs 45.50", "PK", "45.50", "PKR"),
        ("3,40 PLN", "PL", "3.40", "PLN"),
        ("25,50 zł", "PL", "25.50", "PLN"),
        ("150,25 руб", "RU", "150.25", "RUB"),
        ("150r", "RU", "150", "RUB"),
        ("12,50 р.", "BY", "12.50", "BYN"),
        ("2500 Ft", "HU", "2500", "HUF"),
        ("12,00 kr", "SE", "12.00", "SEK"),
        ("12,00 kr", "NO", "12.00", "NOK"),
        ("CHF 9.90", "CH", "9.90", "CHF"),
        ("R$ 15,90", "BR", "15.90", "BRL"),
        ("20.00元", "CN", "20.00", "CNY"),
        ("¥68.20", None, "68.20", "CNY"),
        ("¥500", "JP", "500", "JPY"),
        ("£4.27", "GB", "4.27", "GBP"),
        ("₦500", "NG", "500", "NGN"),
        ("N500.00", "NG", "500.00", "NGN"),
        ("Tk5.19", "BD", "5.19", "BDT"),
        ("1 250 FCFA", "CI", "1250", "XOF"),
        ("2 500 FCFA", "CF", "2500", "XAF"),
        ("Php125.50", "PH", "125.50", "PHP"),
        ("15,23 Euro", "DE", "15.23", "EUR"),
        ("-$3.75", "US", "-3.75", "USD"),
        ("-5,00 €", "DE", "-5.00", "EUR"),
        ("$-2.00", "US", "-2.00", "USD"),
    ],
)
def test_money_forms(
    text: str, country: str | None, amount: str, currency: str
) -> None:
    found = find_money(text, country=country)
    assert [item.value for item in found] == [Money(Decimal(amount), currency)]


@pytest.mark.parametrize(
    "text",
    [
        "Reply R to stop",
        "call 611",
        "Rabbit 45",
        "100 MB",
        "days - 10",
        "FR45 route",
        "N500.00",
    ],
)
def test_not_money(text: str) -> None:
    assert find_money(text) == []


def test_excluded_spans_are_skipped() -> None:
    text = "EUR 5 GB"
    assert find_money(text, exclude=[]) != []
    assert find_money(text, exclude=find_data_amounts(text)) == []


def test_currency_for_unknown_marker() -> None:
    assert currency_for("USD") == "USD"
    assert currency_for("kr", "DK") == "DKK"
    assert currency_for("doubloons") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (": 12.50", Decimal("12.50")),
        (" -3", Decimal(-3)),
        (" 100 min", None),
        (" 80%", None),
        (" 5 SMS", None),
        (" nothing", None),
    ],
)
def test_bare_figure_after_a_balance_word(text: str, expected: Decimal | None) -> None:
    found = read_bare_figure(text, 0)
    assert (None if found is None else found.value) == expected


def test_inconsistent_grouping_is_no_money() -> None:
    assert find_money("€1.234.56") == []
    assert read_bare_figure(": 1.234.56", 0) is None


def test_a_marker_between_two_figures_belongs_to_the_first() -> None:
    found = find_money("5,00 € 3,00 €", decimal_comma=True)
    assert [item.value.amount for item in found] == [Decimal("5.00"), Decimal("3.00")]
