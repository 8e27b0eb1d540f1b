"""Turn a carrier's free text into a BalanceReport."""

# Cyrillic letters in this module are Russian words and units, not look-alikes.
# ruff: noqa: RUF002

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
import re

from .amounts import find_data_amounts
from .dates import (
    DateValue,
    day_first_for,
    find_clock_times,
    find_dates,
    find_durations,
)
from .figures import DataRole, Figures, MoneyRole
from .found import Found, mask
from .kinds import message_kind
from .money import Money, find_money, read_bare_figure
from .numbers import guess_decimal_comma
from .report import BalanceReport, MessageKind
from .roles import read_figures
from .text import (
    find_noise,
    find_percentages,
    has_cjk,
    has_cyrillic,
    normalise,
)

# Countries whose texts write decimals with a dot; elsewhere a comma is assumed.
_DECIMAL_DOT_COUNTRIES = frozenset(
    [
        "US",
        "GB",
        "IE",
        "CN",
        "HK",
        "TW",
        "JP",
        "KR",
        "IN",
        "PK",
        "LK",
        "NP",
        "PH",
        "MY",
        "SG",
        "TH",
        "AU",
        "NZ",
        "CA",
        "MX",
        "NG",
        "GH",
        "KE",
        "UG",
        "TZ",
        "ZA",
        "IL",
        "EG",
        "SA",
        "AE",
        "PR",
        "GT",
        "DO",
        "SV",
        "HN",
        "NI",
        "PA",
        "PE",
        "BO",
    ]
)
# The national currency, for balances written without any currency marker.
_COUNTRY_CURRENCY: dict[str, str] = {
    "US": "USD", "GB": "GBP", "DE": "EUR", "FR": "EUR", "ES": "EUR", "IT": "EUR",
    "PT": "EUR", "AT": "EUR", "NL": "EUR", "BE": "EUR", "IE": "EUR", "FI": "EUR",
    "PL": "PLN", "RU": "RUB", "SE": "SEK", "NO": "NOK", "DK": "DKK", "HU": "HUF",
    "CN": "CNY", "CH": "CHF", "CZ": "CZK", "RO": "RON", "UA": "UAH", "BY": "BYN",
    "IN": "INR", "ZA": "ZAR", "NG": "NGN", "KE": "KES", "GH": "GHS", "BR": "BRL",
    "MX": "MXN", "AR": "ARS", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "PH": "PHP",
    "UZ": "UZS", "KZ": "KZT", "TJ": "TJS", "CU": "CUP", "CF": "XAF", "TR": "TRY", "JP": "JPY",
}  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class ParseOptions:
    """How to read one carrier's texts (usually taken from its profile).

    Attributes:
        country: ISO 3166 alpha-2 code; settles day/month order, decimal
            separators and shared currency signs (``$``, ``kr``, ``р.``).
        binary_units: the carrier counts KB/MB/GB in 1024s.
        day_first: read ``03/04/2026`` day first (True) or month first (False);
            None takes it from the country.
        currency: currency of balances written without a currency marker.
        data_pattern: regular expression whose first group (or whole match) is
            the remaining data; it overrides what the heuristics find.
        balance_pattern: the same for the money balance.
        expiry_pattern: the same for the expiry date.
    """

    country: str | None = None
    binary_units: bool = False
    day_first: bool | None = None
    currency: str | None = None
    data_pattern: re.Pattern[str] | None = None
    balance_pattern: re.Pattern[str] | None = None
    expiry_pattern: re.Pattern[str] | None = None


def parse_reply(text: str, country: str | None = None) -> BalanceReport | None:
    """Read the figures in a carrier's reply or notice.

    Args:
        text: the message as received (USSD answer or SMS body).
        country: ISO 3166 alpha-2 code of the carrier, when known; it settles
            day/month order and the ``$``, ``kr`` and ``р.`` currencies.

    Returns:
        The figures found, or None when nothing in the text is recognisable.
    """
    return parse_with_options(text, ParseOptions(country=country))


def parse_with_options(text: str, options: ParseOptions) -> BalanceReport | None:
    """Read the figures in a carrier message the way ``options`` say."""
    message = normalise(text)
    country = options.country.upper() if options.country else None
    day_first = (
        options.day_first if options.day_first is not None else day_first_for(country)
    )
    dates = find_dates(message, day_first=day_first)
    blanked = mask(message, [*dates, *find_noise(message), *find_clock_times(message)])
    percentages = find_percentages(blanked)
    blanked = mask(blanked, percentages)
    decimal_comma = _decimal_comma(blanked, country)
    data = find_data_amounts(
        blanked,
        binary=options.binary_units,
        decimal_comma=decimal_comma,
        bare_letters=has_cjk(message),
    )
    money = find_money(
        blanked, country=country, decimal_comma=decimal_comma, exclude=data
    )
    default_currency = options.currency or _COUNTRY_CURRENCY.get(country or "")
    figures = read_figures(
        blanked,
        data=data,
        money=money,
        dates=dates,
        durations=find_durations(blanked),
        percentages=percentages,
        default_currency=default_currency,
        decimal_comma=decimal_comma,
    )
    return _report(message, figures, options, day_first, default_currency)


def _decimal_comma(text: str, country: str | None) -> bool | None:
    guessed = guess_decimal_comma(text)
    if guessed is not None:
        return guessed
    if country is not None:
        return country not in _DECIMAL_DOT_COUNTRIES
    if has_cyrillic(text):
        return True
    return None


def _report(
    message: str,
    figures: Figures,
    options: ParseOptions,
    day_first: bool | None,
    default_currency: str | None,
) -> BalanceReport | None:
    remaining, total, used = _data_amounts(message, figures, options)
    kind = message_kind(message, figures)
    balance, top_up = _money(message, figures, options, kind, default_currency)
    expires = _custom_expiry(message, options, day_first) or figures.expires
    stated = (remaining, total, used, balance, expires, figures.valid_for)
    if kind is MessageKind.OTHER:
        if all(value is None for value in stated) and not figures.unlimited:
            return None
        reports_a_balance = any(v is not None for v in (remaining, balance, expires))
        if reports_a_balance or figures.unlimited:
            kind = MessageKind.BALANCE
    return BalanceReport(
        kind=kind,
        data_remaining=remaining,
        data_total=total,
        data_used=used,
        unlimited=figures.unlimited,
        balance=None if balance is None else balance.amount,
        currency=_currency(balance, top_up),
        top_up_amount=None if top_up is None else top_up.amount,
        expires=expires,
        valid_for=_validity(figures.valid_for, expires),
    )


def _data_amounts(
    message: str, figures: Figures, options: ParseOptions
) -> tuple[int | None, int | None, int | None]:
    """Return remaining, total and used data; remaining = total - used if unstated."""
    remaining = _custom_data(message, options)
    if remaining is None:
        remaining = figures.data_of(DataRole.REMAINING)
    total = figures.data_of(DataRole.TOTAL)
    used = figures.data_of(DataRole.USED)
    if remaining is None and total is not None and used is not None and used <= total:
        remaining = total - used
    return remaining, total, used


def _money(
    message: str,
    figures: Figures,
    options: ParseOptions,
    kind: MessageKind,
    default_currency: str | None,
) -> tuple[Money | None, Money | None]:
    """Return the balance and the top-up amount.

    In a top-up confirmation an amount no word explains is the amount added;
    elsewhere it is taken as the balance.
    """
    balance = _custom_balance(message, options, default_currency)
    balance = balance or figures.money_of(MoneyRole.BALANCE)
    top_up = figures.money_of(MoneyRole.TOP_UP)
    if kind is MessageKind.TOP_UP and top_up is None:
        unexplained = figures.money_of(MoneyRole.UNLABELLED)
        top_up = unexplained or figures.money_of(MoneyRole.PRICE)
    if balance is None:
        unlabelled = figures.all_money(MoneyRole.UNLABELLED)
        balance = next((money for money in unlabelled if money is not top_up), None)
    return balance, top_up


def _currency(balance: Money | None, top_up: Money | None) -> str | None:
    if balance is not None:
        return balance.currency
    if top_up is not None:
        return top_up.currency
    return None


def _validity(
    valid_for: timedelta | None, expires: DateValue | None
) -> timedelta | None:
    return None if expires is not None else valid_for


def _captured(pattern: re.Pattern[str] | None, message: str) -> str | None:
    if pattern is None:
        return None
    match = pattern.search(message)
    if match is None:
        return None
    return match.group(1) if pattern.groups else match.group(0)


def _custom_data(message: str, options: ParseOptions) -> int | None:
    captured = _captured(options.data_pattern, message)
    if captured is None:
        return None
    amounts = find_data_amounts(captured, binary=options.binary_units)
    return amounts[0].value if amounts else None


def _custom_balance(
    message: str, options: ParseOptions, default_currency: str | None
) -> Money | None:
    captured = _captured(options.balance_pattern, message)
    if captured is None:
        return None
    found = find_money(captured, country=options.country)
    if found:
        return found[0].value
    figure: Found[Decimal] | None = read_bare_figure(captured, 0)
    if figure is None:
        return None
    return Money(figure.value, default_currency)


def _custom_expiry(
    message: str, options: ParseOptions, day_first: bool | None
) -> DateValue | None:
    captured = _captured(options.expiry_pattern, message)
    if captured is None:
        return None
    dates = find_dates(captured, day_first=day_first)
    return dates[0].value if dates else None
