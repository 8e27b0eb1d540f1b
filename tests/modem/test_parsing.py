"""Pure parts of the modem client: line framing, USSD decoding, status and error parsing."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.data_balance.modem import (
    CmeError,
    CmsError,
    CommandError,
    ModemError,
    ModemReplyError,
    SimNotInsertedError,
    SimPinRequiredError,
    SimPukRequiredError,
    StorageFullError,
)
from custom_components.data_balance.modem.channel import error_for
from custom_components.data_balance.modem.framing import (
    MAX_LINE,
    Line,
    LineSplitter,
    Prompt,
)
from custom_components.data_balance.modem.gsm7 import encode_ucs2_hex, pack_ussd_hex
from custom_components.data_balance.modem.status import (
    AccessTechnology,
    RegistrationState,
    SimState,
    normalise_iccid,
    parse_crsm_iccid,
    parse_digits,
    parse_operator,
    parse_own_number,
    parse_registration,
    parse_signal,
    parse_sim_state,
    parse_value,
    strip_prefix,
)
from custom_components.data_balance.modem.ussd import (
    UssdStatus,
    dcs_is_ucs2,
    decode_ussd_text,
    parse_cusd,
)


def lines_of(*chunks: bytes, expect_prompt: bool = False) -> list[Line | Prompt]:
    """Feed chunks to a fresh splitter and collect its events."""
    splitter = LineSplitter()
    splitter.expect_prompt = expect_prompt
    events: list[Line | Prompt] = []
    for chunk in chunks:
        events.extend(splitter.feed(chunk))
    return events


# --- framing -----------------------------------------------------------------------------


def test_echo_blank_lines_and_double_cr() -> None:
    assert lines_of(b"AT+CSQ\r\r\n+CSQ: 18,99\r\n\r\nOK\r\r\n") == [
        Line("AT+CSQ"),
        Line("+CSQ: 18,99"),
        Line("OK"),
    ]


def test_lines_split_anywhere() -> None:
    data = b"\r\n+CMGL: 0,0,,24\r\n0791\r\n\r\nOK\r\n"
    assert lines_of(*[data[index : index + 1] for index in range(len(data))]) == [
        Line("+CMGL: 0,0,,24"),
        Line("0791"),
        Line("OK"),
    ]


def test_multiline_ussd_joined_until_the_quote_closes() -> None:
    events = lines_of(
        b'\r\n+CUSD: 1,"Menu\r\n1. Balance\r\n2. Offers",15\r\n\r\nOK\r\n'
    )
    assert events == [Line('+CUSD: 1,"Menu\n1. Balance\n2. Offers",15'), Line("OK")]


def test_prompt_without_line_end() -> None:
    assert lines_of(b'AT+CMGS="1"\r\r\n> ', expect_prompt=True) == [
        Line('AT+CMGS="1"'),
        Prompt(),
    ]
    # Without a pending AT+CMGS, "> " is just buffered text.
    assert lines_of(b"\r\n> ") == []


def test_garbage_is_bounded() -> None:
    splitter = LineSplitter()
    assert splitter.feed(b"x" * (MAX_LINE + 1)) == []
    assert splitter.feed(b"\r\nOK\r\n") == [Line("OK")]
    assert lines_of(b"\xff\xfeOK\r\n") == [Line("ÿþOK")]


def test_unterminated_quote_gives_up() -> None:
    events = lines_of(b'+CUSD: 0,"never closed\r\n' + b"more\r\n" * 70)
    assert len(events) == 8  # 64 lines joined, then the rest one by one
    assert events[0] == Line('+CUSD: 0,"never closed' + "\nmore" * 63)


def test_stray_quote_in_ussd_does_not_swallow_replies() -> None:
    """Regression: one unbalanced quote swallowed up to 64 following lines."""
    events = lines_of(
        b'\r\n+CUSD: 0,"Screen 5" promo",15\r\n\r\nOK\r\n\r\n+CSQ: 18,99\r\n'
    )
    assert events == [
        Line('+CUSD: 0,"Screen 5" promo",15'),
        Line("OK"),
        Line("+CSQ: 18,99"),
    ]
    events = lines_of(b'\r\n+CUSD: 1,"5" screen "A\r\n1. More\r\nOK\r\n')
    assert events == [Line('+CUSD: 1,"5" screen "A\n1. More'), Line("OK")]


def test_prompt_followed_by_more_data() -> None:
    """Regression: `> ` with a line end and a URC after it in the same chunk was not a prompt."""
    events = lines_of(b'\r\n> \r\n+CMTI: "SM",3\r\n', expect_prompt=True)
    assert events == [Prompt(), Line('+CMTI: "SM",3')]


def test_reset_forgets_partial_input() -> None:
    splitter = LineSplitter()
    splitter.feed(b'+CUSD: 0,"half')
    splitter.reset()
    assert splitter.feed(b"OK\r\n") == [Line("OK")]


@settings(max_examples=300)
@given(st.lists(st.binary(max_size=64), max_size=20))
def test_splitter_never_raises(chunks: list[bytes]) -> None:
    splitter = LineSplitter()
    splitter.expect_prompt = True
    for chunk in chunks:
        for event in splitter.feed(chunk):
            assert isinstance(event, Line | Prompt)


# --- USSD -------------------------------------------------------------------------------


def test_parse_cusd_forms() -> None:
    assert parse_cusd("+CUSD: 4").status is UssdStatus.NOT_SUPPORTED
    result = parse_cusd('+CUSD: 0,"Saldo 4,10 EUR",15')
    assert (result.status, result.raw, result.dcs) == (
        UssdStatus.DONE,
        "Saldo 4,10 EUR",
        15,
    )
    assert parse_cusd('+CUSD: 1,"Menu"').dcs is None
    with pytest.raises(ModemReplyError):
        parse_cusd("+CUSD: garbage")
    with pytest.raises(ModemReplyError):
        parse_cusd("+CUSD: 9")


@pytest.mark.parametrize(
    ("dcs", "ucs2"),
    [(15, False), (0x48, True), (0x11, True), (0x44, False), (0xF4, False)],
)
def test_dcs_is_ucs2(dcs: int, ucs2: bool) -> None:
    assert dcs_is_ucs2(dcs) is ucs2


@pytest.mark.parametrize(
    ("raw", "dcs", "options", "text"),
    [
        ("Your balance is $7.20", 15, {}, "Your balance is $7.20"),
        (encode_ucs2_hex("Баланс: 150,25 руб."), 72, {}, "Баланс: 150,25 руб."),
        (
            encode_ucs2_hex("Баланс: 150,25 руб."),
            15,
            {},
            "Баланс: 150,25 руб.",
        ),  # mislabelled dcs
        (encode_ucs2_hex("您的账户余额为20.00元"), 15, {}, "您的账户余额为20.00元"),
        (encode_ucs2_hex("Hi 5"), 15, {}, "Hi 5"),
        (pack_ussd_hex("Saldo 4,10 EUR"), 15, {"packed": True}, "Saldo 4,10 EUR"),
        (
            pack_ussd_hex("Saldo 4,10 EUR"),
            15,
            {},
            "Saldo 4,10 EUR",
        ),  # packed, found by content
        (encode_ucs2_hex("*100#"), 15, {"ucs2_charset": True}, "*100#"),
        ("12345678", 15, {}, "12345678"),  # digits are digits
        ("CAFE", 15, {}, "CAFE"),
        ("D800", 72, {}, "D800"),  # a lone surrogate is not text
        ("ABC", 72, {}, "ABC"),
        ("", 15, {}, ""),
    ],
)
def test_decode_ussd_text(
    raw: str, dcs: int, options: dict[str, bool], text: str
) -> None:
    assert decode_ussd_text(raw, dcs, **options) == text


@settings(max_examples=300)
@given(
    st.text(max_size=200),
    st.one_of(st.none(), st.integers(0, 255)),
    st.booleans(),
    st.booleans(),
)
def test_decode_ussd_never_raises(
    raw: str, dcs: int | None, ucs2: bool, packed: bool
) -> None:
    assert isinstance(decode_ussd_text(raw, dcs, ucs2_charset=ucs2, packed=packed), str)


@settings(max_examples=300)
@given(st.text(max_size=120))
def test_parse_cusd_raises_only_library_errors(line: str) -> None:
    with contextlib.suppress(ModemError):
        parse_cusd("+CUSD: " + line)


# --- status -------------------------------------------------------------------------------


def test_identity_values() -> None:
    assert strip_prefix("+CGMI: Quectel") == "Quectel"
    assert strip_prefix("Manufacturer: huawei") == "huawei"
    assert parse_value(["", "+CGMM: EC25"]) == "EC25"
    with pytest.raises(ModemReplyError):
        parse_value([])
    assert (
        parse_digits(["+CGSN: 867698041234567"], minimum=14, maximum=17)
        == "867698041234567"
    )
    with pytest.raises(ModemReplyError):
        parse_digits(["ERROR"], minimum=14, maximum=17)


@pytest.mark.parametrize(
    ("value", "swapped", "iccid"),
    [
        ("8901260123456789012", False, "8901260123456789012"),
        ("89012601234567890123", False, "89012601234567890123"),
        ("981062103254769810F2", False, "8901260123456789012"),
        ("981062103254769810F2", True, "8901260123456789012"),
        ('"8901260123456789012F"', False, "8901260123456789012"),
        ("12345", False, None),
        ("1234567890123456789", False, None),  # not an ICCID: wrong industry prefix
    ],
)
def test_normalise_iccid(value: str, swapped: bool, iccid: str | None) -> None:
    assert normalise_iccid(value, swapped=swapped) == iccid


def test_crsm_iccid() -> None:
    assert (
        parse_crsm_iccid(['+CRSM: 144,0,"981062103254769810F2"'])
        == "8901260123456789012"
    )
    assert parse_crsm_iccid(["+CRSM: 106,130"]) is None


def test_sim_signal_network_parsers() -> None:
    assert parse_sim_state(["+CPIN: READY"]) is SimState.READY
    assert parse_sim_state(["+CPIN: SIM PIN"]) is SimState.PIN_REQUIRED
    assert parse_sim_state(["+CPIN: PH-NET PIN"]) is SimState.OTHER
    assert parse_signal(["+CSQ: 0,99"]).rssi_dbm == -113
    assert parse_signal(["+CSQ: 31,3"]).ber == 3
    with pytest.raises(ModemReplyError):
        parse_signal(["+COPS: 0"])
    assert (
        parse_registration(['+CEREG: 2,5,"1A2B","01A2B3C4",7'])
        is RegistrationState.ROAMING
    )
    assert parse_registration(["+CREG: 0,9"]) is RegistrationState.UNKNOWN
    assert parse_registration([]) is None
    assert parse_operator(['+COPS: 0,2,"310260",13']) == ("310260", AccessTechnology.NR)
    assert parse_operator(['+COPS: 0,0,"Vodafone"']) == ("Vodafone", None)
    assert parse_operator(["+COPS: 0"]) == (None, None)
    assert parse_operator([]) == (None, None)
    assert parse_own_number(['+CNUM: "","+15550100",145']) == "+15550100"
    assert parse_own_number(['+CNUM: "Voice",""']) is None


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("final", "error_type", "code"),
    [
        ("ERROR", CommandError, None),
        ("COMMAND NOT SUPPORT", CommandError, None),
        ("+CME ERROR: 14", CmeError, 14),
        ("+CME ERROR: SIM busy", CmeError, 14),
        ("+CME ERROR: something odd", CmeError, None),
        ("+CMS ERROR: 314", CmsError, 314),
        ("+CMS ERROR: invalid memory index", CmsError, 321),
        ("+CME ERROR: 10", SimNotInsertedError, None),
        ("+CME ERROR: SIM PIN required", SimPinRequiredError, None),
        ("+CMS ERROR: 316", SimPukRequiredError, None),
        ("+CMS ERROR: 322", StorageFullError, None),
    ],
)
def test_error_for(final: str, error_type: type[ModemError], code: int | None) -> None:
    error = error_for("AT+X", final)
    assert type(error) is error_type
    if isinstance(error, CommandError):
        assert error.code == code
        assert error.command == "AT+X"
