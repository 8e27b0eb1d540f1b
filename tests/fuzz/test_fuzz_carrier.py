"""Fuzz the carrier text reader and the SMS-answer correlator.

`parse_reply` gets arbitrary text, carrier-like token soup and the reply corpus with
characters changed; every catalogue profile and custom profiles with user-typed patterns
read it too. Only `CarrierError` may escape; a report's event data is always JSON.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
import re

from hypothesis import given, strategies as st

from custom_components.data_balance.carrier import (
    AnswerChannel,
    BalanceReport,
    CarrierError,
    DateOrder,
    IncomingMessage,
    ParseOptions,
    ReplyCorrelator,
    custom_profile,
    load_catalogue,
    parse_reply,
    parse_with_options,
)
from tests.carrier.corpus import corpus_texts

from .budget import fuzz_settings

CORPUS = corpus_texts()
PROFILES = load_catalogue()
_VOCABULARY = sorted(
    {token for text in CORPUS for token in re.split(r"(\s+|[.,:;/])", text) if token}
)
_FRAGMENTS = [
    "$",
    "€",
    "руб",
    "р.",
    "kr",
    "元",
    "GB",
    "MB",
    "KB",
    "TB",
    "GiB",
    "ГБ",
    "%",
    "/",
    ".",
    ",",
    " ",
    "\n",
    "-",
    "9" * 40,
    "0," * 10,
    "1.000.000,00",
    "31/12/2026",
    "2026-13-45",
    "29.02.2027",
    "99/99/99",
    "12:60",
    "999 days",
    "valid for 0 days",
    "unlimited",
    "1e9999",
    "∞",
    "١٢٣",
    "１２３ＧＢ",
]
carrier_like = st.lists(
    st.one_of(
        st.sampled_from(_VOCABULARY),
        st.sampled_from(_FRAGMENTS),
        st.integers(0, 10**15).map(str),
        st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    ),
    max_size=50,
).map("".join)
_COUNTRIES = st.one_of(
    st.none(),
    st.sampled_from(sorted({profile.country or "" for profile in PROFILES})),
    st.sampled_from(["us", "de", "CN", "BR", "HU", "SE", "IN", "XX"]),
    st.text(max_size=4),
)


@st.composite
def mutated_corpus_text(draw: st.DrawFn) -> str:
    """A corpus text with a few characters inserted, deleted or replaced."""
    text = list(draw(st.sampled_from(CORPUS)))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(st.one_of(st.characters(), st.sampled_from("0123456789.,$€ /:-")))
        if action == "insert" or not text:
            text.insert(position, char)
        elif action == "delete":
            del text[min(position, len(text) - 1)]
        else:
            text[min(position, len(text) - 1)] = char
    return "".join(text)


any_text = st.one_of(st.text(max_size=300), carrier_like, mutated_corpus_text())


def _check(report: BalanceReport | None) -> None:
    if report is None:
        return
    json.dumps(report.as_event_data())
    report.expires_at(datetime(2026, 11, 25, tzinfo=UTC))


@fuzz_settings(1000)
@given(text=any_text, country=_COUNTRIES)
def test_parse_reply_reads_anything(text: str, country: str | None) -> None:
    _check(parse_reply(text, country))


@fuzz_settings(400)
@given(text=any_text, profile=st.sampled_from(PROFILES))
def test_every_catalogue_profile_reads_anything(text: str, profile: object) -> None:
    _check(profile.parse(text))  # type: ignore[attr-defined]


@fuzz_settings(600)
@given(
    text=any_text,
    binary_units=st.booleans(),
    day_first=st.one_of(st.none(), st.booleans()),
    currency=st.one_of(
        st.none(), st.sampled_from(["USD", "EUR", "RUB"]), st.text(max_size=4)
    ),
    country=_COUNTRIES,
)
def test_parse_options_read_anything(
    text: str,
    binary_units: bool,
    day_first: bool | None,
    currency: str | None,
    country: str | None,
) -> None:
    options = ParseOptions(
        country=country,
        binary_units=binary_units,
        day_first=day_first,
        currency=currency,
    )
    _check(parse_with_options(text, options))


_PATTERN = st.one_of(
    st.none(),
    st.sampled_from(
        [
            r"(\d+(?:[.,]\d+)?\s*[GM]B)",
            r"balance[: ]+([^ ]+)",
            r"until (\S+)",
            r"(\d+)",
            r"()",
            r"(.*)",
            r"x(y)?",
            r"[",
            r"(?P<a>",
            r"\d{2}/\d{2}/\d{4}",
        ]
    ),
    st.text(max_size=12),
)


@fuzz_settings(600)
@given(
    text=any_text,
    data_pattern=_PATTERN,
    balance_pattern=_PATTERN,
    expiry_pattern=_PATTERN,
    date_order=st.one_of(st.none(), st.sampled_from(list(DateOrder))),
    units=st.sampled_from([1000, 1024, 1, 0]),
)
def test_custom_profiles_read_anything(
    text: str,
    data_pattern: str | None,
    balance_pattern: str | None,
    expiry_pattern: str | None,
    date_order: DateOrder | None,
    units: int,
) -> None:
    try:
        profile = custom_profile(
            code="*100#",
            country="US",
            units=units,
            date_order=date_order,
            data_pattern=data_pattern,
            balance_pattern=balance_pattern,
            expiry_pattern=expiry_pattern,
        )
    except CarrierError:
        return
    _check(profile.parse(text))


_SENDERS = st.sampled_from(
    ["6399", "+16399", "+15550100", "015550100", "T-Mobile", "t-mobile", "", "+", "0"]
)
_OPERATION = st.one_of(
    st.tuples(
        st.just("request"), st.integers(-100, 400), st.sampled_from(list(AnswerChannel))
    ),
    st.tuples(st.just("message"), st.integers(-100, 400), _SENDERS, any_text),
    st.tuples(st.just("expire"), st.integers(-100, 400)),
)


@fuzz_settings(250)
@given(
    operations=st.lists(_OPERATION, max_size=12),
    senders=st.lists(_SENDERS, max_size=3),
    window=st.integers(0, 300),
)
def test_correlator_answers_each_request_at_most_once(
    operations: list[tuple[object, ...]], senders: list[str], window: int
) -> None:
    start = datetime(2026, 11, 25, 12, tzinfo=UTC)
    try:
        profile = custom_profile(
            keyword="BAL", number="6399", senders=senders, answer=AnswerChannel.SMS
        )
    except CarrierError:
        return
    request = profile.requests[0]
    correlator = ReplyCorrelator(profile, timedelta(seconds=window))
    requested_at: datetime | None = None
    for operation in operations:
        at = start + timedelta(seconds=int(operation[1]))  # type: ignore[call-overload]
        if operation[0] == "request":
            correlator.request_sent(request, at)
            requested_at = at
        elif operation[0] == "expire":
            correlator.expire(at)
        else:
            routed = correlator.route(
                IncomingMessage(str(operation[2]), str(operation[3]), at)
            )
            _check(routed.report)
            if routed.is_answer:
                assert requested_at is not None
                assert requested_at <= at <= requested_at + timedelta(seconds=window)
                assert not correlator.waiting
                requested_at = None
