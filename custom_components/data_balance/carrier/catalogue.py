"""The carrier catalogue: how to ask each carrier, and how to read its answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
import json
import re
from typing import Any

from .errors import InvalidProfileError, UnknownCarrierError
from .parse import ParseOptions, parse_with_options
from .report import BalanceReport

CATALOGUE_FILE = "carriers.json"
CUSTOM_CARRIER_ID = "custom"


class RequestMethod(StrEnum):
    """How a balance request is sent."""

    USSD = "ussd"
    SMS = "sms"


class AnswerChannel(StrEnum):
    """Where the answer to a balance request arrives."""

    USSD = "ussd"
    SMS = "sms"


class DateOrder(StrEnum):
    """How a carrier writes numeric dates."""

    DAY_MONTH_YEAR = "DMY"
    MONTH_DAY_YEAR = "MDY"
    YEAR_MONTH_DAY = "YMD"


@dataclass(frozen=True, slots=True, kw_only=True)
class BalanceRequest:
    """One way to ask a carrier for the balance.

    Attributes:
        method: dial a USSD ``code``, or send ``keyword`` by SMS to ``number``.
        answer: where the answer arrives: in the USSD session, or by SMS.
        senders: who sends the SMS answer; empty means the next message from
            anyone within the answer window.
        purpose: what the answer reports ("balance", "data" or "all").
        source: a public reference for this way of asking.
    """

    method: RequestMethod
    answer: AnswerChannel
    code: str | None = None
    keyword: str | None = None
    number: str | None = None
    senders: tuple[str, ...] = ()
    purpose: str = "balance"
    source: str = ""

    def __post_init__(self) -> None:
        """Check the request names what to dial or what to send where."""
        if self.method is RequestMethod.USSD and not self.code:
            raise InvalidProfileError("a USSD request needs a code")
        if self.method is RequestMethod.SMS and not (self.keyword and self.number):
            raise InvalidProfileError("an SMS request needs a keyword and a number")
        if self.method is RequestMethod.SMS and self.answer is AnswerChannel.USSD:
            raise InvalidProfileError("an SMS request cannot be answered in USSD")


@dataclass(frozen=True, slots=True, kw_only=True)
class CarrierProfile:
    """A carrier: how to ask it, who answers, and how to read what it says."""

    id: str
    name: str
    country: str | None
    requests: tuple[BalanceRequest, ...]
    currency: str | None = None
    units: int = 1000
    date_order: DateOrder | None = None
    top_up_url: str | None = None
    source: str = ""
    data_pattern: re.Pattern[str] | None = None
    balance_pattern: re.Pattern[str] | None = None
    expiry_pattern: re.Pattern[str] | None = None
    options: ParseOptions = field(init=False)

    def __post_init__(self) -> None:
        """Check the profile and settle how its texts are read."""
        if self.units not in {1000, 1024}:
            raise InvalidProfileError("units must be 1000 or 1024")
        if not self.requests:
            raise InvalidProfileError("a profile needs at least one way to ask")
        day_first = None
        if self.date_order is not None:
            day_first = self.date_order is not DateOrder.MONTH_DAY_YEAR
        options = ParseOptions(
            country=self.country,
            binary_units=self.units == 1024,
            day_first=day_first,
            currency=self.currency,
            data_pattern=self.data_pattern,
            balance_pattern=self.balance_pattern,
            expiry_pattern=self.expiry_pattern,
        )
        object.__setattr__(self, "options", options)

    @property
    def senders(self) -> frozenset[str]:
        """Every sender that answers one of this carrier's requests."""
        return frozenset(
            sender for request in self.requests for sender in request.senders
        )

    def parse(self, text: str) -> BalanceReport | None:
        """Read a reply or notice from this carrier."""
        return parse_with_options(text, self.options)


def custom_profile(
    *,
    code: str | None = None,
    keyword: str | None = None,
    number: str | None = None,
    senders: Sequence[str] = (),
    answer: AnswerChannel | None = None,
    country: str | None = None,
    currency: str | None = None,
    units: int = 1000,
    date_order: DateOrder | None = None,
    data_pattern: str | None = None,
    balance_pattern: str | None = None,
    expiry_pattern: str | None = None,
    top_up_url: str | None = None,
) -> CarrierProfile:
    """Build the "custom" profile from what the user typed.

    Give either a USSD ``code`` or an SMS ``keyword`` and ``number``. The
    optional patterns are regular expressions whose first group (or whole
    match) holds the remaining data, the balance or the expiry date.

    Raises:
        InvalidProfileError: when the request or a pattern is not usable.
    """
    if bool(code) == bool(keyword or number):
        raise InvalidProfileError("give a USSD code, or an SMS keyword and number")
    method = RequestMethod.USSD if code else RequestMethod.SMS
    request = BalanceRequest(
        method=method,
        answer=answer or AnswerChannel(method.value),
        code=code,
        keyword=keyword,
        number=number,
        senders=tuple(senders) or ((number,) if number else ()),
        purpose="all",
        source="user supplied",
    )
    return CarrierProfile(
        id=CUSTOM_CARRIER_ID,
        name="Custom",
        country=country.upper() if country else None,
        requests=(request,),
        currency=currency,
        units=units,
        date_order=date_order,
        top_up_url=top_up_url,
        source="user supplied",
        data_pattern=_compile(data_pattern),
        balance_pattern=_compile(balance_pattern),
        expiry_pattern=_compile(expiry_pattern),
    )


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise InvalidProfileError(f"not a regular expression: {error}") from error
    if compiled.groups > 1:
        raise InvalidProfileError("a pattern may capture one group at most")
    return compiled


@cache
def load_catalogue() -> tuple[CarrierProfile, ...]:
    """Return every carrier in the catalogue, in catalogue order (custom excluded)."""
    return tuple(
        profile_from_entry(entry)
        for entry in catalogue_entries()
        if not entry.get("custom")
    )


def carrier_choices() -> dict[str, str]:
    """Return carrier ids and names for a picker, in catalogue order, custom last."""
    choices = {profile.id: profile.name for profile in load_catalogue()}
    choices[CUSTOM_CARRIER_ID] = "Custom"
    return choices


def catalogue_entries() -> list[dict[str, Any]]:
    """Return the catalogue's raw entries as stored in ``carriers.json``."""
    text = (
        resources.files(__package__)
        .joinpath(CATALOGUE_FILE)
        .read_text(encoding="utf-8")
    )
    entries: list[dict[str, Any]] = json.loads(text)["carriers"]
    return entries


def carrier_profile(carrier_id: str) -> CarrierProfile:
    """Return the catalogue profile with id ``carrier_id``.

    Raises:
        UnknownCarrierError: when no carrier has that id.
    """
    for profile in load_catalogue():
        if profile.id == carrier_id:
            return profile
    raise UnknownCarrierError(carrier_id)


def profile_from_entry(entry: Mapping[str, Any]) -> CarrierProfile:
    """Build a profile from one catalogue entry."""
    return CarrierProfile(
        id=entry["id"],
        name=entry["name"],
        country=entry["country"],
        requests=tuple(_request_from(item) for item in entry["requests"]),
        currency=entry.get("currency"),
        units=entry.get("units", 1000),
        date_order=DateOrder(entry["date_order"]) if entry.get("date_order") else None,
        top_up_url=entry.get("top_up_url"),
        source=entry["source"],
    )


def _request_from(item: Mapping[str, Any]) -> BalanceRequest:
    return BalanceRequest(
        method=RequestMethod(item["method"]),
        answer=AnswerChannel(item["answer"]),
        code=item.get("code"),
        keyword=item.get("keyword"),
        number=item.get("number"),
        senders=tuple(item.get("senders", ())),
        purpose=item.get("purpose", "balance"),
        source=item.get("source", ""),
    )
