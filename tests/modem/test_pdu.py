"""Reading SMS-DELIVER and building SMS-SUBMIT PDUs (3GPP TS 23.040).

Published PDUs used as vectors:
- python-gsmmodem test/test_pdu.py (faucamp/python-gsmmodem): the "Test2",
  "It is easy to read..." (originally the dreamfabric / 23.040 tutorial),
  "@{tést}!" and "R 19.50 FREE airtime" deliveries; the "Hello World!" and
  three-part "Lorem ipsum" submits.
- diafaan.com's alphanumeric-sender delivery ("diafaan.com"), also used in
  jsmpp-based PDU test suites.
- the 23.040 / dreamfabric "hellohello" delivery with a type C8 sender.
- "Привет", "Test back EN", "Проверка связи MIX": deliveries from a Russian
  network published in PDU-library test suites (UCS2 and GSM 7-bit).

Everything else is cross-checked against the simulator's independent encoder
and decoder (simulator/pdu.py), which is how the library meets it in use.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone
import string

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.data_balance.modem.errors import ModemError
from custom_components.data_balance.modem.gsm7 import (
    DEFAULT_ALPHABET,
    EXTENSION_TABLE,
    septet_length,
)
from custom_components.data_balance.modem.pdu import (
    ConcatInfo,
    DeliverPdu,
    NotDeliverError,
    PduError,
    SubmitPdu,
    UnsupportedPduError,
    decode_deliver,
    encode_submit,
)
from simulator import gsm7 as simulator_gsm7, pdu as simulator_pdu
from tests.pdu_vectors import (
    AIRTIME,
    DIAFAAN,
    EASY,
    HELLOHELLO,
    LOREM,
    LOREM_PDUS,
    MIX,
    PRIVET,
    TEST2,
    TEST_ACCENTS,
    TEST_BACK,
    zone,
)

PUBLISHED = [TEST2, EASY, TEST_ACCENTS, AIRTIME, DIAFAAN, HELLOHELLO, PRIVET, MIX]


@pytest.mark.parametrize(
    ("pdu", "expected"),
    [
        (
            TEST2,
            DeliverPdu(
                sender="+27821234567",
                sender_type="international",
                text="Test2",
                encoding="gsm7",
                timestamp=datetime(2013, 3, 8, 15, 2, 16, tzinfo=zone(2)),
                concat=None,
                message_class=None,
                smsc="+2782913593",
            ),
        ),
        (
            EASY,
            DeliverPdu(
                sender="+85291234567",
                sender_type="international",
                text="It is easy to read text messages via AT commands.",
                encoding="gsm7",
                timestamp=datetime(2007, 4, 12, 23, 25, 42, tzinfo=zone(8)),
                concat=None,
                message_class=None,
                smsc="+85290000000",
            ),
        ),
        (
            TEST_ACCENTS,
            DeliverPdu(
                sender="+27821234567",
                sender_type="international",
                text="@{tést}!",
                encoding="gsm7",
                timestamp=datetime(2013, 3, 26, 13, 35, 25, tzinfo=zone(2)),
                concat=None,
                message_class=None,
                smsc="+2782913593",
            ),
        ),
        (
            AIRTIME,
            DeliverPdu(
                sender="2781188",
                sender_type="national",
                text=(
                    "Hello!You have R 19.50 FREE airtime available. "
                    "R 19.50 will expire on 01/07/2013. "
                ),
                encoding="gsm7",
                timestamp=datetime(2013, 6, 25, 16, 40, 48, tzinfo=zone(2)),
                concat=ConcatInfo(reference=0xC3, total=1, sequence=1),
                message_class=None,
                smsc="+2781191",
            ),
        ),
        (
            DIAFAAN,
            DeliverPdu(
                sender="diafaan",
                sender_type="alphanumeric",
                text="diafaan.com",
                encoding="gsm7",
                timestamp=datetime(2011, 1, 11, 13, 25, 41, tzinfo=UTC),
                concat=None,
                message_class=None,
                smsc="+447802000332",
            ),
        ),
        (
            HELLOHELLO,
            DeliverPdu(
                sender="27838890001",
                sender_type="other",
                text="hellohello",
                encoding="gsm7",
                # Sent in 1999; two-digit years read as 20yy.
                timestamp=datetime(2099, 3, 29, 15, 16, 59, tzinfo=zone(2)),
                concat=None,
                message_class=None,
                smsc="+27831000015",
            ),
        ),
        (
            PRIVET,
            DeliverPdu(
                sender="+79701234567",
                sender_type="international",
                text="Привет",
                encoding="ucs2",
                timestamp=datetime(2026, 1, 1, 13, 51, 0, tzinfo=zone(3)),
                concat=None,
                message_class=None,
                smsc="+79219600082",
            ),
        ),
        (
            TEST_BACK,
            DeliverPdu(
                sender="+79219800469",
                sender_type="international",
                text="Test back EN",
                encoding="gsm7",
                timestamp=datetime(2025, 2, 9, 20, 12, 47, tzinfo=zone(3)),
                concat=None,
                message_class=None,
                smsc="+79219600088",
            ),
        ),
        (
            MIX,
            DeliverPdu(
                sender="+79219800469",
                sender_type="international",
                text="Проверка связи MIX",
                encoding="ucs2",
                timestamp=datetime(2025, 2, 12, 12, 39, 33, tzinfo=zone(3)),
                concat=None,
                message_class=None,
                smsc="+79219600088",
            ),
        ),
    ],
)
def test_decode_published_deliveries(pdu: str, expected: DeliverPdu) -> None:
    assert decode_deliver(pdu) == expected
    assert decode_deliver(pdu.lower()) == expected
    tpdu_length = len(pdu) // 2 - int(pdu[:2], 16) - 1
    assert decode_deliver(pdu, tpdu_length) == expected


def test_airtime_fill_bit_set_by_the_network_is_ignored() -> None:
    # The published PDU sets its fill bit to 1 where 23.040 says 0.
    assert decode_deliver(AIRTIME) == decode_deliver(
        AIRTIME.replace("C30101916536", "C30101906536")
    )


# --- building deliveries by hand ------------------------------------------------

SENDER = "0B917228214365F7"  # +27821234567
SCTS = "31308051206180"  # 2013-03-08 15:02:16 +02:00


def deliver_hex(
    user_data: str,
    udl: int,
    *,
    dcs: int = 0x00,
    first_octet: int = 0x04,
    sender: str = SENDER,
    scts: str = SCTS,
    smsc: str = "00",
) -> str:
    """An SMS-DELIVER assembled field by field."""
    return (
        f"{smsc}{first_octet:02X}{sender}00{dcs:02X}{scts}{udl:02X}{user_data}".upper()
    )


def test_missing_smsc_field_with_or_without_a_tpdu_length() -> None:
    pdu = deliver_hex("D4F29C2E03", 5)
    assert decode_deliver(pdu).smsc is None
    # A modem that leaves the SMSC field out: the TPDU length tells.
    without = pdu[2:]
    assert decode_deliver(without, len(without) // 2).text == "Test2"
    with pytest.raises(PduError, match="TPDU length"):
        decode_deliver(pdu, 3)


def test_national_smsc_and_sender() -> None:
    pdu = deliver_hex("D4F29C2E03", 5, smsc="0481214365", sender="0A811032547698")
    decoded = decode_deliver(pdu)
    assert decoded.smsc == "123456"
    assert (decoded.sender, decoded.sender_type) == ("0123456789", "national")
    # Type A1: TON 010, "national number".
    decoded = decode_deliver(deliver_hex("D4F29C2E03", 5, sender="04A12143"))
    assert (decoded.sender, decoded.sender_type) == ("1234", "national")


def test_bcd_specials_and_odd_digit_count() -> None:
    # *#abc digits (A..E semi-octets) appear in network-specific addresses.
    decoded = decode_deliver(deliver_hex("D4F29C2E03", 5, sender="05B1BADCFE"))
    assert (decoded.sender, decoded.sender_type) == ("*#abc", "other")


@pytest.mark.parametrize(
    ("scts", "expected"),
    [
        ("52112190048080", datetime(2025, 11, 12, 9, 40, 8, tzinfo=zone(2))),
        ("52112190048088", datetime(2025, 11, 12, 9, 40, 8, tzinfo=zone(-2))),
        ("5211219004803A", datetime(2025, 11, 12, 9, 40, 8, tzinfo=zone(-5.75))),
        ("52112190048032", datetime(2025, 11, 12, 9, 40, 8, tzinfo=zone(5.75))),
        ("52112190048000", datetime(2025, 11, 12, 9, 40, 8, tzinfo=UTC)),
    ],
)
def test_timestamp_zones_in_quarter_hours(scts: str, expected: datetime) -> None:
    decoded = decode_deliver(deliver_hex("D4F29C2E03", 5, scts=scts))
    assert decoded.timestamp == expected
    assert decoded.timestamp.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "scts",
    [
        "5211219004A080",  # a semi-octet that is not a digit
        "52312190048080",  # month 13
        "521121900480A0",  # a zone that is not decimal
    ],
)
def test_impossible_timestamps_are_pdu_errors(scts: str) -> None:
    with pytest.raises(PduError):
        decode_deliver(deliver_hex("D4F29C2E03", 5, scts=scts))


@pytest.mark.parametrize(
    ("dcs", "encoding", "message_class"),
    [
        (0x00, "gsm7", None),
        (0x04, "8bit", None),
        (0x08, "ucs2", None),
        (0x0C, "gsm7", None),  # reserved alphabet: default alphabet
        (0x10, "gsm7", 0),  # flash message
        (0x11, "gsm7", 1),
        (0x16, "8bit", 2),
        (0x19, "ucs2", 1),
        (0x48, "ucs2", None),  # marked for automatic deletion
        (0x52, "gsm7", 2),
        (0x80, "gsm7", None),  # reserved groups read as GSM 7-bit
        (0xC0, "gsm7", None),  # message waiting, discard
        (0xD8, "gsm7", None),  # message waiting, store, indication active
        (0xE0, "ucs2", None),  # message waiting, store, UCS2
        (0xEB, "ucs2", None),
        (0xF0, "gsm7", 0),
        (0xF1, "gsm7", 1),
        (0xF4, "8bit", 0),
        (0xF6, "8bit", 2),
    ],
)
def test_data_coding_schemes(
    dcs: int, encoding: str, message_class: int | None
) -> None:
    user_data = {"gsm7": ("D4F29C2E03", 5), "8bit": ("5465737432", 5)}
    user_data["ucs2"] = ("00540065007300740032", 10)
    decoded = decode_deliver(deliver_hex(*user_data[encoding], dcs=dcs))
    assert (decoded.encoding, decoded.message_class) == (encoding, message_class)
    assert decoded.text == "Test2"


@pytest.mark.parametrize("dcs", [0x20, 0x24, 0x38, 0x60])
def test_compressed_text_is_unsupported(dcs: int) -> None:
    with pytest.raises(UnsupportedPduError, match="compressed"):
        decode_deliver(deliver_hex("D4F29C2E03", 5, dcs=dcs))


def test_eight_bit_data_reads_as_latin1() -> None:
    decoded = decode_deliver(deliver_hex("00FFE9", 3, dcs=0x04))
    assert decoded.text == "\x00ÿé"


def test_gsm7_extension_table_in_a_delivery() -> None:
    pdu, _ = simulator_pdu.encode_deliver(
        "+15550100", "Cost: 5€ [promo] {x} ~ ^ | \\", datetime(2026, 1, 2, tzinfo=UTC)
    )
    assert decode_deliver(pdu).text == "Cost: 5€ [promo] {x} ~ ^ | \\"


def test_ucs2_surrogate_pairs_join() -> None:
    text = "Hi 😀 баланс"
    pdu, _ = simulator_pdu.encode_deliver(
        "+15550100", text, datetime(2026, 1, 2, tzinfo=UTC)
    )
    decoded = decode_deliver(pdu)
    assert (decoded.text, decoded.encoding) == (text, "ucs2")


def test_lone_surrogate_is_replaced_in_a_single_message_but_kept_in_a_part() -> None:
    single = deliver_hex("0041D83D", 4, dcs=0x08)
    assert decode_deliver(single).text == "A\ufffd"
    part = deliver_hex("050003070201D83D", 8, dcs=0x08, first_octet=0x44)
    decoded = decode_deliver(part)
    assert decoded.text == "\ud83d"  # the next part holds the other half
    assert decoded.concat == ConcatInfo(reference=7, total=2, sequence=1)


def test_concatenation_with_a_16_bit_reference() -> None:
    pdu, _ = simulator_pdu.encode_deliver(
        "+15550100",
        "second part",
        datetime(2026, 1, 2, tzinfo=UTC),
        concat=(0xBEEF, 3, 2, 16),
    )
    decoded = decode_deliver(pdu)
    assert decoded.concat == ConcatInfo(reference=0xBEEF, total=3, sequence=2)
    assert decoded.text == "second part"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # Another element (a port address) before the concatenation element.
        ("0B05040B8423F00003220301", ConcatInfo(reference=0x22, total=3, sequence=1)),
        # Sequence 0, or past the total: ignored, as 23.040 asks.
        ("050003220300", None),
        ("050003220304", None),
        # A concatenation element of the wrong size is ignored too.
        ("0400022203", None),
    ],
)
def test_user_data_headers(header: str, expected: ConcatInfo | None) -> None:
    body = "0054"  # "T" in UCS2
    udl = len(header) // 2 + 2
    pdu = deliver_hex(header + body, udl, dcs=0x08, first_octet=0x44)
    decoded = decode_deliver(pdu)
    assert decoded.concat == expected
    assert decoded.text == "T"


@pytest.mark.parametrize("header_octets", [1, 3, 4, 5, 6, 7, 8, 9])
def test_gsm7_after_headers_of_every_length_uses_the_right_fill_bits(
    header_octets: int,
) -> None:
    # One unknown element pads the header; the fill runs through every value 0..6.
    header = bytes([header_octets - 1])
    if header_octets >= 3:
        header += bytes([0x70, header_octets - 3]) + bytes(header_octets - 3)
    fill_bits = -8 * header_octets % 7
    septets = simulator_gsm7.encode_septets("fill bits")
    user_data = header + simulator_gsm7.pack_septets(septets, fill_bits)
    udl = (8 * header_octets + fill_bits) // 7 + len(septets)
    pdu = deliver_hex(user_data.hex(), udl, first_octet=0x44)
    decoded = decode_deliver(pdu)
    assert (decoded.text, decoded.concat) == ("fill bits", None)


# --- what is not an SMS-DELIVER -----------------------------------------------


@pytest.mark.parametrize(
    ("pdu", "message_type"),
    [
        # python-gsmmodem's "Hello World!" SMS-SUBMIT.
        ("0001000B917228001011F100000CC8329BFD065DDF72363904", "SMS-SUBMIT"),
        # A status report (first octet 06), synthetic.
        ("0006D60B911326880736F4111011719551401110117195714000", "SMS-STATUS-REPORT"),
        ("0003", "reserved"),
    ],
)
def test_other_message_types_are_rejected(pdu: str, message_type: str) -> None:
    with pytest.raises(NotDeliverError) as caught:
        decode_deliver(pdu)
    assert caught.value.message_type == message_type
    assert isinstance(caught.value, PduError)
    assert isinstance(caught.value, ModemError)


# --- malformed input -------------------------------------------------------------


@pytest.mark.parametrize(
    "pdu",
    [
        "",
        "0",
        "ZZ",
        "00 04",
        "07",  # SMSC field longer than the PDU
        deliver_hex("D4F29C2E03", 5)[:-2],  # truncated user data
        deliver_hex("D4F29C2E03", 0xA1),  # more than 160 septets
        deliver_hex("00" * 141, 141, dcs=0x08),  # more than 140 octets
        deliver_hex("005400", 3, dcs=0x08),  # half a UCS2 code unit
        deliver_hex("", 0, first_octet=0x44),  # UDHI with no user data
        deliver_hex("0A0003", 3, dcs=0x04, first_octet=0x44),  # header overruns
        deliver_hex("050003010201", 2, first_octet=0x44),  # header beyond the UDL
        deliver_hex("0100", 2, first_octet=0x44),  # header septets beyond the UDL
        deliver_hex("03000501", 4, dcs=0x04, first_octet=0x44),  # element overruns
        deliver_hex("D4F29C2E03", 5, sender="FF91"),  # address longer than the PDU
    ],
)
def test_malformed_pdus_raise_pdu_error(pdu: str) -> None:
    with pytest.raises(PduError):
        decode_deliver(pdu)


@pytest.mark.parametrize("pdu", PUBLISHED)
def test_every_truncation_of_a_published_pdu_is_a_pdu_error(pdu: str) -> None:
    for end in range(0, len(pdu) - 1, 2):
        with pytest.raises(PduError):
            decode_deliver(pdu[:end])


def test_trailing_octets_after_the_user_data_are_ignored() -> None:
    assert decode_deliver(TEST2 + "FFFF").text == "Test2"


@settings(max_examples=400)
@given(st.binary(max_size=200))
def test_random_bytes_raise_only_pdu_errors(data: bytes) -> None:
    try:
        decoded = decode_deliver(data.hex())
    except PduError:
        return
    assert isinstance(decoded.text, str)


@settings(max_examples=400)
@given(
    st.sampled_from(PUBLISHED),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 255)), max_size=4),
)
def test_mutated_published_pdus_raise_only_pdu_errors(
    pdu: str, changes: list[tuple[int, int]]
) -> None:
    data = bytearray.fromhex(pdu)
    for position, value in changes:
        data[position % len(data)] = value
    with contextlib.suppress(PduError):
        decode_deliver(data.hex())


@given(st.text(alphabet="0123456789ABCDEFabcdef xyz", max_size=80))
def test_random_text_raises_only_pdu_errors(text: str) -> None:
    with contextlib.suppress(PduError):
        decode_deliver(text)


# --- deliveries from the simulator's encoder ---------------------------------------

GSM_CHARS = sorted(
    {char for char in DEFAULT_ALPHABET if char != "\x1b"}
    | set(EXTENSION_TABLE.values())
)
international = st.text(string.digits, min_size=1, max_size=15).map(lambda d: "+" + d)
national = st.text(string.digits, min_size=1, max_size=15)
alphanumeric = (
    st.text(alphabet=GSM_CHARS, min_size=1, max_size=11)
    .filter(lambda name: septet_length(name) <= 11)
    .filter(lambda name: not name.lstrip("+").isdigit())
)
timestamps = st.builds(
    lambda moment, quarters: moment.replace(
        tzinfo=timezone(timedelta(minutes=15 * quarters))
    ),
    # Hypothesis takes naive bounds and adds the zone itself (below).
    st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31)).map(  # noqa: DTZ001
        lambda moment: moment.replace(microsecond=0)
    ),
    st.integers(-79, 79),
)
bodies = st.one_of(
    st.tuples(st.just("gsm7"), st.text(alphabet=GSM_CHARS, max_size=70)),
    st.tuples(st.just("ucs2"), st.text(max_size=30)),
    st.tuples(
        st.just("8bit"), st.text(st.characters(max_codepoint=0xFF), max_size=120)
    ),
)
concats = st.none() | st.tuples(
    st.integers(0, 0xFFFF),
    st.integers(2, 255),
    st.integers(1, 255),
    st.sampled_from([8, 16]),
).filter(lambda c: c[2] <= c[1] and (c[3] == 16 or c[0] <= 0xFF))


def sender_type_of(sender: str) -> str:
    if sender.startswith("+") and sender[1:].isdigit():
        return "international"
    return "national" if sender.isdigit() else "alphanumeric"


@settings(max_examples=300)
@given(
    sender=international | national | alphanumeric,
    body=bodies,
    timestamp=timestamps,
    smsc=st.none() | international | national,
    concat=concats,
)
def test_simulator_deliveries_decode_to_what_was_sent(
    sender: str,
    body: tuple[simulator_pdu.Encoding, str],
    timestamp: datetime,
    smsc: str | None,
    concat: tuple[int, int, int, int] | None,
) -> None:
    encoding, text = body
    pdu, tpdu_length = simulator_pdu.encode_deliver(
        sender, text, timestamp, encoding=encoding, smsc=smsc, concat=concat
    )
    expected_concat = None if concat is None else ConcatInfo(*concat[:3])
    for decoded in (decode_deliver(pdu), decode_deliver(pdu, tpdu_length)):
        assert decoded == DeliverPdu(
            sender=sender,
            sender_type=sender_type_of(sender),  # type: ignore[arg-type]
            text=text,
            encoding=encoding,
            timestamp=timestamp,
            concat=expected_concat,
            message_class=None,
            smsc=smsc,
        )
        assert decoded.timestamp.utcoffset() == timestamp.utcoffset()


@given(
    message_class=st.integers(0, 3), encoding=st.sampled_from(["gsm7", "ucs2", "8bit"])
)
def test_simulator_message_classes(message_class: int, encoding: str) -> None:
    pdu, _ = simulator_pdu.encode_deliver(
        "+15550100",
        "class",
        datetime(2026, 1, 2, tzinfo=UTC),
        encoding=encoding,  # type: ignore[arg-type]
        message_class=message_class,
    )
    assert decode_deliver(pdu).message_class == message_class


# --- SMS-SUBMIT ------------------------------------------------------------------


def test_submit_published_single_part() -> None:
    assert encode_submit("+27820001111", "Hello World!") == [
        SubmitPdu(
            hex="0001000B917228001011F100000CC8329BFD065DDF72363904", tpdu_length=24
        )
    ]


def test_submit_published_three_parts() -> None:
    parts = encode_submit("+15125551234", LOREM, concat_reference=0)
    assert [part.hex for part in parts] == [
        pdu.replace("0045", "0041", 1) for pdu in LOREM_PDUS
    ]
    assert [part.tpdu_length for part in parts] == [len(p) // 2 - 1 for p in LOREM_PDUS]


def test_submit_national_number_uses_type_81() -> None:
    (part,) = encode_submit("6399", "BAL")
    assert part.hex.startswith("0001000481369900")
    assert simulator_pdu.decode_submit(part.hex, part.tpdu_length).destination == "6399"


def test_submit_number_with_star_and_hash() -> None:
    (part,) = encode_submit("*100#", "x")
    assert part.hex.startswith("00010005811A00FB")
    sent = simulator_pdu.decode_submit(part.hex, part.tpdu_length)
    assert sent.destination == "*100#"


def test_submit_ucs2_single_part() -> None:
    (part,) = encode_submit("+34616585119", "あ叶葉")
    assert part.hex == "0001000B914316565811F9000806304253F68449"


def test_submit_limits_per_encoding() -> None:
    assert len(encode_submit("123", "a" * 160)) == 1
    assert len(encode_submit("123", "a" * 161)) == 2
    assert len(encode_submit("123", "a" * 306)) == 2
    assert len(encode_submit("123", "a" * 307)) == 3
    assert len(encode_submit("123", "€" * 80)) == 1
    assert len(encode_submit("123", "€" * 81)) == 2
    assert len(encode_submit("123", "ж" * 70)) == 1
    assert len(encode_submit("123", "ж" * 71)) == 2
    assert len(encode_submit("123", "ж" * 134)) == 2
    assert len(encode_submit("123", "ж" * 135)) == 3
    assert len(encode_submit("123", "")) == 1


def test_submit_never_splits_an_escape_pair() -> None:
    # 152 septets, then "€" (two septets) would straddle the 153-septet boundary.
    text = "a" * 152 + "€" + "b" * 10
    parts = encode_submit("123", text, concat_reference=5)
    decoded = [simulator_pdu.decode_submit(p.hex, p.tpdu_length) for p in parts]
    assert [d.text for d in decoded] == ["a" * 152, "€" + "b" * 10]
    assert all(d.concat is not None and d.concat.reference == 5 for d in decoded)


def test_submit_never_splits_a_surrogate_pair() -> None:
    text = "ж" * 66 + "😀" + "ж" * 10
    parts = encode_submit("123", text)
    decoded = [simulator_pdu.decode_submit(p.hex, p.tpdu_length) for p in parts]
    assert [d.text for d in decoded] == ["ж" * 66, "😀" + "ж" * 10]
    assert all(d.encoding == "ucs2" for d in decoded)


@pytest.mark.parametrize(
    ("number", "text", "reference"),
    [
        ("", "hi", 0),
        ("+", "hi", 0),
        ("BALANCE", "hi", 0),
        ("+1 555 0100", "hi", 0),
        ("+1-555", "hi", 0),
        ("١٢٣", "hi", 0),  # digits, but not ASCII ones
        ("1" * 21, "hi", 0),
        ("123", "hi", 256),
        ("123", "hi", -1),
        ("123", "\ud83d", 0),
        ("123", "a" * 153 * 256, 0),
    ],
)
def test_submit_rejects(number: str, text: str, reference: int) -> None:
    with pytest.raises(PduError):
        encode_submit(number, text, reference)


@settings(max_examples=300)
@given(
    number=international | national,
    text=st.text(alphabet=GSM_CHARS, max_size=400) | st.text(max_size=200),
    reference=st.integers(0, 255),
)
def test_submits_decode_in_the_simulator_to_what_was_sent(
    number: str, text: str, reference: int
) -> None:
    parts = encode_submit(number, text, reference)
    decoded = [simulator_pdu.decode_submit(p.hex, p.tpdu_length) for p in parts]
    assert "".join(d.text for d in decoded) == text
    assert {d.destination for d in decoded} == {number}
    expected_encoding = (
        "gsm7" if simulator_pdu.choose_encoding(text) == "gsm7" else "ucs2"
    )
    assert {d.encoding for d in decoded} == {expected_encoding}
    if len(parts) == 1:
        assert decoded[0].concat is None
    else:
        assert [d.concat for d in decoded] == [
            simulator_pdu.Concat(reference, len(parts), index, 8)
            for index in range(1, len(parts) + 1)
        ]
    # Parts are split exactly as the simulator splits what it delivers.
    assert [d.text for d in decoded] == simulator_pdu.split_for_delivery(text)
    for part in parts:
        assert part.tpdu_length == len(part.hex) // 2 - 1
