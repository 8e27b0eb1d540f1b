"""The carrier catalogue validates against its schema and builds usable profiles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
import re
from typing import Any

import pytest
import voluptuous as vol

from custom_components.data_balance.carrier import (
    CUSTOM_CARRIER_ID,
    AnswerChannel,
    BalanceRequest,
    CarrierProfile,
    DateOrder,
    InvalidProfileError,
    RequestMethod,
    UnknownCarrierError,
    carrier_choices,
    carrier_profile,
    custom_profile,
    load_catalogue,
)
from custom_components.data_balance.carrier.catalogue import catalogue_entries

_COUNTRY = vol.Match(r"^[A-Z]{2}$")
_CURRENCY = vol.Match(r"^[A-Z]{3}$")
_URL = vol.Match(r"^https?://\S+$")
_USSD_CODE = vol.Match(r"^[*#][0-9*#]+#$")
_SHORT_NUMBER = vol.Match(r"^\+?[0-9]{3,15}$")
_SOURCE = vol.All(str, vol.Length(min=10))

_REQUEST = vol.Any(
    vol.Schema(
        {
            vol.Required("method"): "ussd",
            vol.Required("code"): _USSD_CODE,
            vol.Required("answer"): vol.In(["ussd", "sms"]),
            vol.Required("senders"): [_SHORT_NUMBER],
            vol.Required("purpose"): vol.In(["balance", "data", "all"]),
            vol.Required("source"): _SOURCE,
        }
    ),
    vol.Schema(
        {
            vol.Required("method"): "sms",
            vol.Required("keyword"): vol.All(str, vol.Length(min=1)),
            vol.Required("number"): _SHORT_NUMBER,
            vol.Required("answer"): "sms",
            vol.Required("senders"): vol.All([_SHORT_NUMBER], vol.Length(min=1)),
            vol.Required("purpose"): vol.In(["balance", "data", "all"]),
            vol.Required("source"): _SOURCE,
        }
    ),
)
_CARRIER = vol.Schema(
    {
        vol.Required("id"): vol.Match(r"^[a-z0-9_]+$"),
        vol.Required("name"): vol.All(str, vol.Length(min=2)),
        vol.Required("country"): _COUNTRY,
        vol.Required("currency"): _CURRENCY,
        vol.Required("units"): vol.In([1000, 1024]),
        vol.Required("date_order"): vol.In(["DMY", "MDY", "YMD"]),
        vol.Required("top_up_url"): vol.Any(None, _URL),
        vol.Required("source"): _SOURCE,
        vol.Required("requests"): vol.All([_REQUEST], vol.Length(min=1)),
    }
)
_CUSTOM = vol.Schema(
    {
        vol.Required("id"): CUSTOM_CARRIER_ID,
        vol.Required("name"): str,
        vol.Required("custom"): True,
        vol.Required("country"): None,
        vol.Required("source"): _SOURCE,
        vol.Required("requests"): [],
    }
)


def _validate(entry: dict[str, Any]) -> dict[str, Any]:
    schema = _CUSTOM if entry.get("custom") else _CARRIER
    validated: dict[str, Any] = schema(entry)
    return validated


@pytest.mark.parametrize("entry", catalogue_entries(), ids=lambda entry: entry["id"])
def test_entry_matches_schema(entry: dict[str, Any]) -> None:
    _validate(entry)


def test_schema_rejects_a_bad_entry() -> None:
    good = next(entry for entry in catalogue_entries() if entry["id"] == "giffgaff_uk")
    for broken in (
        {**good, "source": ""},
        {**good, "units": 1023},
        {**good, "country": "gbr"},
        {**good, "requests": []},
        {**good, "requests": [{**good["requests"][0], "code": "100"}]},
    ):
        with pytest.raises(vol.Invalid):
            _validate(broken)


def test_catalogue_size_and_spread() -> None:
    profiles = load_catalogue()
    ids = [profile.id for profile in profiles]
    assert len(profiles) >= 25
    assert len({profile.country for profile in profiles}) >= 10
    assert len(ids) == len(set(ids))
    assert CUSTOM_CARRIER_ID not in ids
    assert any(entry["id"] == CUSTOM_CARRIER_ID for entry in catalogue_entries())


def test_tmobile_us_offers_ussd_answered_by_sms_and_the_bal_keyword() -> None:
    profile = carrier_profile("tmobile_us")
    ussd = {
        request.code
        for request in profile.requests
        if request.method is RequestMethod.USSD
    }
    assert {"#225#", "#999#"} <= ussd
    assert all(
        request.answer is AnswerChannel.SMS
        for request in profile.requests
        if request.method is RequestMethod.USSD
    )
    keyword = next(
        request for request in profile.requests if request.method is RequestMethod.SMS
    )
    assert (keyword.keyword, keyword.number, keyword.senders) == (
        "BAL",
        "6399",
        ("6399",),
    )
    assert profile.senders == frozenset({"6399"})
    assert profile.date_order is DateOrder.MONTH_DAY_YEAR


def test_profile_reads_with_its_country_conventions() -> None:
    report = carrier_profile("tmobile_us").parse(
        "Your balance is $7.20. Plan renews 03/04/2027."
    )
    assert report is not None
    assert (report.balance, report.currency, report.expires) == (
        Decimal("7.20"),
        "USD",
        date(2027, 3, 4),
    )
    report = carrier_profile("one_nz").parse(
        "Unused Credit: $5.00 Expiry date: 03/04/2027"
    )
    assert report is not None
    assert (report.currency, report.expires) == ("NZD", date(2027, 4, 3))


def test_unknown_carrier() -> None:
    with pytest.raises(UnknownCarrierError):
        carrier_profile("no_such_carrier")


def test_custom_profile_with_ussd_code_and_patterns() -> None:
    profile = custom_profile(
        code="*123#",
        country="de",
        currency="EUR",
        units=1024,
        date_order=DateOrder.DAY_MONTH_YEAR,
        data_pattern=r"Rest:\s*(\S+ \S+)",
        balance_pattern=r"Konto (\S+)",
        expiry_pattern=r"Ende (\S+)",
    )
    assert profile.id == CUSTOM_CARRIER_ID
    assert profile.country == "DE"
    (request,) = profile.requests
    assert (request.method, request.code, request.answer) == (
        RequestMethod.USSD,
        "*123#",
        AnswerChannel.USSD,
    )
    report = profile.parse("Konto 4,50 Rest: 1 GB Ende 02.03.2027 (Bonus 9 GB)")
    assert report is not None
    assert report.balance == Decimal("4.50")
    assert report.currency == "EUR"
    assert report.data_remaining == 1024**3
    assert report.expires == date(2027, 3, 2)


def test_custom_profile_patterns_with_currency_and_no_group() -> None:
    profile = custom_profile(
        keyword="SALDO",
        number="1234",
        balance_pattern=r"\d+,\d\d EUR",
        data_pattern=r"Daten \d+ MB",
        expiry_pattern=r"\d\d\.\d\d\.\d{4}",
    )
    (request,) = profile.requests
    assert request.senders == ("1234",)
    report = profile.parse("Guthaben 3,00 EUR, Daten 500 MB, bis 01.02.2027")
    assert report is not None
    assert (report.balance, report.currency) == (Decimal("3.00"), "EUR")
    assert report.data_remaining == 500_000_000
    assert report.expires == date(2027, 2, 1)


def test_custom_patterns_that_do_not_match_fall_back_to_heuristics() -> None:
    profile = custom_profile(
        code="*100#",
        data_pattern=r"NOPE (\S+)",
        balance_pattern=r"Saldo (\w+)",
        expiry_pattern=r"Ende (\w+)",
    )
    report = profile.parse(
        "Saldo abc: 2,00 €. 3 GB verbleibend. Ende nie, gültig bis 01.01.2027"
    )
    assert report is not None
    assert report.balance == Decimal("2.00")
    assert report.data_remaining == 3_000_000_000
    assert report.expires == date(2027, 1, 1)
    assert (
        custom_profile(code="*100#", data_pattern=r"(x)").parse("x 5 GB left")
        is not None
    )


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"code": "*100#", "keyword": "BAL", "number": "6399"},
        {"keyword": "BAL"},
        {"code": "*100#", "data_pattern": "("},
        {"code": "*100#", "balance_pattern": "(a)(b)"},
        {"code": "*100#", "units": 1023},
        {"keyword": "BAL", "number": "6399", "answer": AnswerChannel.USSD},
    ],
)
def test_custom_profile_rejects_unusable_input(arguments: dict[str, Any]) -> None:
    with pytest.raises(InvalidProfileError):
        custom_profile(**arguments)


def test_profile_needs_a_request() -> None:
    with pytest.raises(InvalidProfileError):
        CarrierProfile(id="x", name="X", country=None, requests=())
    with pytest.raises(InvalidProfileError):
        BalanceRequest(method=RequestMethod.USSD, answer=AnswerChannel.USSD)


def test_every_profile_parses_options_from_its_entry() -> None:
    for profile in load_catalogue():
        assert profile.options.country == profile.country
        assert profile.options.binary_units is (profile.units == 1024)
        assert profile.source.startswith("http")
        assert all(request.source for request in profile.requests)
        assert profile.data_pattern is None or isinstance(
            profile.data_pattern, re.Pattern
        )


def test_carrier_choices_list_every_carrier_and_custom_last() -> None:
    choices = carrier_choices()
    assert list(choices)[-1] == CUSTOM_CARRIER_ID
    assert len(choices) == len(load_catalogue()) + 1
    assert choices["tmobile_us"] == "T-Mobile (US) Prepaid"
