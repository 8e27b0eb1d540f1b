"""parse_reply and parse_with_options beyond the corpus: options and edge cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
import re

import pytest

from custom_components.data_balance.carrier import (
    BalanceReport,
    MessageKind,
    ParseOptions,
    parse_reply,
    parse_with_options,
)


def test_country_code_in_lower_case() -> None:
    assert parse_reply("Balance $1.00", "au") == parse_reply("Balance $1.00", "AU")
    report = parse_reply("Balance $1.00", "au")
    assert report is not None
    assert report.currency == "AUD"


def test_day_first_option_overrides_the_country() -> None:
    text = "Saldo 1,00 EUR, gültig bis 03/04/2027"
    day_first = parse_with_options(text, ParseOptions(country="DE"))
    month_first = parse_with_options(text, ParseOptions(country="DE", day_first=False))
    assert day_first is not None
    assert month_first is not None
    assert (day_first.expires, month_first.expires) == (
        date(2027, 4, 3),
        date(2027, 3, 4),
    )


def test_profile_currency_for_balances_without_a_marker() -> None:
    report = parse_with_options("Saldo: 12,50", ParseOptions(currency="EUR"))
    assert report == BalanceReport(
        kind=MessageKind.BALANCE, balance=Decimal("12.50"), currency="EUR"
    )
    bare = parse_reply("Saldo: 12,50")
    assert bare is not None
    assert (bare.balance, bare.currency) == (Decimal("12.50"), None)


def test_custom_pattern_may_report_zero() -> None:
    options = ParseOptions(data_pattern=re.compile(r"Internet: (\S+ MB)"))
    report = parse_with_options("Internet: 0 MB. Bonus 500 MB remaining", options)
    assert report is not None
    assert report.data_remaining == 0


def test_custom_balance_without_marker_takes_the_country_currency() -> None:
    options = ParseOptions(country="PL", balance_pattern=re.compile(r"konto (\S+)"))
    report = parse_with_options("konto 7,77 i tyle", options)
    assert report is not None
    assert (report.balance, report.currency) == (Decimal("7.77"), "PLN")


def test_top_up_without_amount_is_still_reported() -> None:
    assert parse_reply("Your recharge was successful. Thank you!") == BalanceReport(
        kind=MessageKind.TOP_UP
    )


def test_remaining_is_computed_only_when_usage_fits_the_total() -> None:
    report = parse_reply("Used: 12 GB of 10 GB")
    assert report is not None
    assert (report.data_used, report.data_total, report.data_remaining) == (
        12_000_000_000,
        10_000_000_000,
        None,
    )


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n", "...", "12345", "GB", "$", "%", "*100#", "0", "balance"],
)
def test_nothing_recognisable(text: str) -> None:
    assert parse_reply(text) is None


def test_windows_line_ends_and_full_width_digits() -> None:
    report = parse_reply("Saldo: ５,００ EUR\r\nDatos: 1 GB")
    assert report is not None
    assert (report.balance, report.data_remaining) == (Decimal("5.00"), 1_000_000_000)


def test_you_have_money_is_the_balance() -> None:
    report = parse_reply("You have $5.00 on your account.", "US")
    assert report is not None
    assert (report.balance, report.currency) == (Decimal("5.00"), "USD")


def test_a_stated_total_remaining_wins_over_buckets() -> None:
    report = parse_reply("Main data: 1 GB, bonus data: 2 GB. Total remaining: 3 GB.")
    assert report is not None
    assert report.data_remaining == 3_000_000_000


def test_offer_validity_is_not_the_plan_expiry() -> None:
    assert parse_reply("Buy 5GB for $5, offer valid until 12/31/2026", "US") is None
