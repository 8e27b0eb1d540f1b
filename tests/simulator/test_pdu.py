"""SMS-DELIVER encoding, SMS-SUBMIT decoding and splitting (3GPP TS 23.040).

Published PDUs used as vectors:
- python-gsmmodem test/test_pdu.py (faucamp/python-gsmmodem): the "Test2",
  "It is easy to read..." (originally the dreamfabric / 23.040 tutorial),
  "@{tést}!" and "R 19.50 FREE airtime" deliveries; the "www.diafaan.com",
  UCS2, 8-bit, absolute-validity and local-number submits; the "Lorem ipsum"
  three-part submit; address, time stamp and validity vectors.
- "diafaan" alphanumeric-sender delivery: diafaan.com's example PDU, used in
  jsmppmodem's PduServiceTest and several PDU libraries' tests.
- "hellohello" delivery with a type C8 sender: the 23.040 / dreamfabric example.
- "Привет", "Test back EN", "Проверка связи MIX": PDU-library test suites
  (UCS2 and GSM 7-bit deliveries from a Russian network).
- "Hi there...Mon 20th Apr 2015": lua-pdu-style round-trip test (SMS-SUBMIT).

Each delivery is checked with `read_deliver`, a minimal reader written here
with its own alphabet and bit-string unpacking, independent of the module.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
import math
from typing import NamedTuple

from hypothesis import assume, given, strategies as st
import pytest

from simulator.gsm7 import septet_length
from simulator.pdu import (
    Concat,
    Encoding,
    PduError,
    Submit,
    choose_encoding,
    decode_submit,
    encode_deliver,
    encode_submit,
    split_for_delivery,
)
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

# --- an independent minimal SMS-DELIVER reader --------------------------------

ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = {
    0x0A: "\f",
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "€",
}
GSM_CHARS = [c for c in ALPHABET if c != "\x1b"] + list(EXTENSION.values())


@dataclass
class Deliver:
    """The fields of an SMS-DELIVER as `read_deliver` finds them."""

    smsc: str | None
    first_octet: int
    sender: str
    sender_type: int
    pid: int
    dcs: int
    timestamp: datetime
    udl: int
    udh: bytes
    text: str


def septets_at(data: bytes, skip_bits: int, count: int) -> list[int]:
    bits = "".join(format(octet, "08b")[::-1] for octet in data)
    assert skip_bits + 7 * count <= len(bits)
    return [
        int(bits[skip_bits + 7 * i : skip_bits + 7 * i + 7][::-1], 2)
        for i in range(count)
    ]


def gsm_text(septets: list[int]) -> str:
    values = iter(septets)
    return "".join(
        EXTENSION[next(values)] if value == 0x1B else ALPHABET[value]
        for value in values
    )


def semi_octets(data: bytes) -> str:
    return "".join(f"{octet:02X}"[::-1] for octet in data)


def read_deliver(hex_pdu: str) -> Deliver:
    data = bytes.fromhex(hex_pdu)
    smsc_length = data[0]
    smsc_field = data[1 : 1 + smsc_length]
    smsc = None
    if smsc_length:
        prefix = "+" if smsc_field[0] == 0x91 else ""
        smsc = prefix + semi_octets(smsc_field[1:]).rstrip("F")
    pos = 1 + smsc_length
    first_octet = data[pos]
    assert first_octet & 0x03 == 0  # SMS-DELIVER
    sender_length, sender_type = data[pos + 1], data[pos + 2]
    pos += 3
    raw = data[pos : pos + (sender_length + 1) // 2]
    pos += len(raw)
    if sender_type == 0xD0:
        sender = gsm_text(septets_at(raw, 0, sender_length * 4 // 7))
    else:
        prefix = "+" if sender_type == 0x91 else ""
        sender = prefix + semi_octets(raw)[:sender_length]
    pid, dcs = data[pos], data[pos + 1]
    digits = semi_octets(data[pos + 2 : pos + 8])
    zone = data[pos + 8]
    quarters = (zone & 0x07) * 10 + (zone >> 4)
    offset = timedelta(minutes=15 * quarters) * (-1 if zone & 0x08 else 1)
    year, month, day, hour, minute, second = (
        int(digits[i : i + 2]) for i in range(0, 12, 2)
    )
    timestamp = datetime(
        2000 + year, month, day, hour, minute, second, tzinfo=timezone(offset)
    )
    udl = data[pos + 9]
    user_data = data[pos + 10 :]
    header_octets = 1 + user_data[0] if first_octet & 0x40 else 0
    udh = user_data[1:header_octets]
    if dcs & 0x0C == 0x00:
        assert len(user_data) == math.ceil(udl * 7 / 8)
        header_septets = math.ceil(header_octets * 8 / 7)
        septets = septets_at(user_data, 7 * header_septets, udl - header_septets)
        text = gsm_text(septets)
    else:
        assert len(user_data) == udl
        codec = "utf-16-be" if dcs & 0x0C == 0x08 else "latin-1"
        text = user_data[header_octets:].decode(codec)
    return Deliver(
        smsc,
        first_octet,
        sender,
        sender_type,
        pid,
        dcs,
        timestamp,
        udl,
        udh,
        text,
    )


def test_reader_on_published_delivery_field_by_field() -> None:
    pdu = read_deliver(EASY)
    assert pdu.smsc == "+85290000000"
    assert pdu.first_octet == 0x04
    assert pdu.sender == "+85291234567"
    assert pdu.sender_type == 0x91
    assert (pdu.pid, pdu.dcs, pdu.udl) == (0, 0, 49)
    assert pdu.timestamp == datetime(2007, 4, 12, 23, 25, 42, tzinfo=zone(8))
    assert pdu.udh == b""
    assert pdu.text == "It is easy to read text messages via AT commands."


def test_reader_on_other_published_deliveries() -> None:
    hello = read_deliver(HELLOHELLO)
    assert (hello.sender, hello.sender_type) == ("27838890001", 0xC8)
    # Sent in 1999; a two-digit year reads as 20yy here, as in the module.
    assert hello.timestamp == datetime(2099, 3, 29, 15, 16, 59, tzinfo=zone(2))
    assert hello.text == "hellohello"
    diafaan = read_deliver(DIAFAAN)
    assert (diafaan.sender, diafaan.sender_type) == ("diafaan", 0xD0)
    assert diafaan.timestamp == datetime(2011, 1, 11, 13, 25, 41, tzinfo=UTC)
    assert diafaan.text == "diafaan.com"
    airtime = read_deliver(AIRTIME)
    assert (airtime.sender, airtime.sender_type) == ("2781188", 0x81)
    assert airtime.udh == bytes.fromhex("0003C30101")
    assert airtime.text.startswith("Hello!You have R 19.50 FREE airtime")


class Published(NamedTuple):
    """A published SMS-DELIVER and what it was built from."""

    pdu: str
    sender: str
    text: str
    timestamp: datetime
    smsc: str
    more_messages: bool


@pytest.mark.parametrize(
    "case",
    [
        Published(
            TEST2,
            "+27821234567",
            "Test2",
            datetime(2013, 3, 8, 15, 2, 16, tzinfo=zone(2)),
            "+2782913593",
            False,
        ),
        Published(
            EASY,
            "+85291234567",
            "It is easy to read text messages via AT commands.",
            datetime(2007, 4, 12, 23, 25, 42, tzinfo=zone(8)),
            "+85290000000",
            False,
        ),
        Published(
            TEST_ACCENTS,
            "+27821234567",
            "@{tést}!",
            datetime(2013, 3, 26, 13, 35, 25, tzinfo=zone(2)),
            "+2782913593",
            False,
        ),
        Published(
            PRIVET,
            "+79701234567",
            "Привет",
            datetime(2026, 1, 1, 13, 51, 0, tzinfo=zone(3)),
            "+79219600082",
            False,
        ),
        Published(
            TEST_BACK,
            "+79219800469",
            "Test back EN",
            datetime(2025, 2, 9, 20, 12, 47, tzinfo=zone(3)),
            "+79219600088",
            True,
        ),
        Published(
            MIX,
            "+79219800469",
            "Проверка связи MIX",
            datetime(2025, 2, 12, 12, 39, 33, tzinfo=zone(3)),
            "+79219600088",
            False,
        ),
    ],
)
def test_encode_deliver_reproduces_published_pdus(case: Published) -> None:
    pdu, length = encode_deliver(
        case.sender,
        case.text,
        case.timestamp,
        smsc=case.smsc,
        more_messages=case.more_messages,
    )
    assert pdu == case.pdu
    smsc_octets = int(case.pdu[:2], 16) + 1
    assert length == len(case.pdu) // 2 - smsc_octets
    decoded = read_deliver(pdu)
    assert (decoded.sender, decoded.text, decoded.timestamp) == case[1:4]


def test_encode_deliver_alphanumeric_sender_like_diafaan() -> None:
    pdu, _ = encode_deliver(
        "diafaan",
        "diafaan.com",
        datetime(2011, 1, 11, 13, 25, 41, tzinfo=UTC),
        smsc="+447802000332",
    )
    # The published PDU also sets TP-SRI (0x20) in the first octet.
    assert pdu == DIAFAAN.replace("3023240D", "3023040D")


def test_encode_deliver_concatenated_like_published_airtime() -> None:
    text = "Hello!You have R 19.50 FREE airtime available. R 19.50 will expire on 01/07/2013. "
    pdu, length = encode_deliver(
        "2781188",
        text,
        datetime(2013, 6, 25, 16, 40, 48, tzinfo=zone(2)),
        smsc="+2781191",
        concat=(0xC3, 1, 1),
        more_messages=True,
    )
    # The network set its fill bit to 1; 23.040 says 0. Everything else matches.
    assert pdu == AIRTIME.replace("C30101916536", "C30101906536")
    assert length == 95
    assert read_deliver(pdu).text == text


# --- addresses, time stamps, coding -----------------------------------------


def first_address(pdu: str) -> str:
    """The TP-OA of a PDU built without SMSC, as hex."""
    assert pdu.startswith("00")
    length = int(pdu[4:6], 16)
    return pdu[4 : 8 + 2 * ((length + 1) // 2)]


@pytest.mark.parametrize(
    ("sender", "field"),
    [
        ("+9876543210", "0A918967452301"),
        ("+987654321", "099189674523F1"),
        ("+27829135934", "0B917228195339F4"),
        ("12345", "05812143F5"),
        ("abc", "06D061F118"),
        ("FRANCOIS", "0ED04669D0397C26A7"),
        ("a[]{}€", "14D0E10D6FE3DBA036A94D19"),
    ],
)
def test_sender_address_encoding(sender: str, field: str) -> None:
    pdu, _ = encode_deliver(sender, "x", datetime(2024, 1, 1, tzinfo=UTC))
    assert first_address(pdu) == field
    assert read_deliver(pdu).sender == sender


def test_t_mobile_sender_is_alphanumeric() -> None:
    pdu, _ = encode_deliver("T-Mobile", "Hi", datetime(2024, 1, 1, tzinfo=UTC))
    decoded = read_deliver(pdu)
    assert (decoded.sender, decoded.sender_type) == ("T-Mobile", 0xD0)
    assert first_address(pdu).startswith("0ED0")


@pytest.mark.parametrize(
    "sender", ["", "TooLongName12", "Оператор", "+1234567890123456789012"]
)
def test_bad_senders(sender: str) -> None:
    with pytest.raises(PduError):
        encode_deliver(sender, "x", datetime(2024, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("smsc", ["+12ab", "SMSC"])
def test_bad_smsc(smsc: str) -> None:
    with pytest.raises(PduError):
        encode_deliver("123", "x", datetime(2024, 1, 1, tzinfo=UTC), smsc=smsc)


def test_national_smsc() -> None:
    pdu, _ = encode_deliver("1", "x", datetime(2024, 1, 1, tzinfo=UTC), smsc="12345")
    assert pdu.startswith("04812143F5")


@pytest.mark.parametrize(
    ("moment", "scts"),
    [
        (datetime(2015, 11, 27, tzinfo=UTC), "51117200000000"),
        (datetime(2015, 11, 27, tzinfo=zone(2)), "51117200000080"),
        (datetime(2007, 4, 12, 23, 25, 42, tzinfo=zone(8)), "70402132522423"),
        (datetime(2007, 4, 12, 23, 25, 42, tzinfo=zone(-8)), "7040213252242B"),
        (datetime(2024, 5, 6, 7, 8, 9, tzinfo=zone(5.75)), "42506070809032"),
        (datetime(2024, 5, 6, 7, 8, 9, tzinfo=zone(-3.5)), "42506070809049"),
    ],
)
def test_time_stamp_encoding(moment: datetime, scts: str) -> None:
    pdu, _ = encode_deliver("1", "", moment)
    assert pdu[14:28] == scts
    assert read_deliver(pdu).timestamp == moment


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 1, 1),  # noqa: DTZ001 - naive on purpose
        datetime(2024, 1, 1, tzinfo=timezone(timedelta(minutes=10))),
    ],
)
def test_bad_time_stamps(moment: datetime) -> None:
    with pytest.raises(PduError):
        encode_deliver("1", "x", moment)


@pytest.mark.parametrize(
    ("encoding", "message_class", "dcs"),
    [
        ("gsm7", None, 0x00),
        ("8bit", None, 0x04),
        ("ucs2", None, 0x08),
        ("gsm7", 0, 0x10),
        ("ucs2", 1, 0x19),
        ("8bit", 2, 0x16),
        ("gsm7", 3, 0x13),
    ],
)
def test_data_coding_scheme(
    encoding: Encoding, message_class: int | None, dcs: int
) -> None:
    pdu, _ = encode_deliver(
        "1",
        "Hi",
        datetime(2024, 1, 1, tzinfo=UTC),
        encoding=encoding,
        message_class=message_class,
    )
    decoded = read_deliver(pdu)
    assert decoded.dcs == dcs
    assert decoded.text == "Hi"


def test_bad_coding_arguments() -> None:
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    with pytest.raises(PduError):
        encode_deliver("1", "x", moment, message_class=4)
    with pytest.raises(PduError):
        encode_deliver("1", "x", moment, encoding="utf8")  # type: ignore[arg-type]
    with pytest.raises(PduError):
        encode_deliver("1", "世", moment, encoding="gsm7")
    with pytest.raises(PduError):
        encode_deliver("1", "世", moment, encoding="8bit")
    with pytest.raises(PduError):
        encode_deliver("1", "\ud83d", moment, encoding="ucs2")


def test_eight_bit_text_is_latin1() -> None:
    pdu, _ = encode_deliver(
        "1", "Ünïcode", datetime(2024, 1, 1, tzinfo=UTC), encoding="8bit"
    )
    assert pdu.endswith("07" + "Ünïcode".encode("latin-1").hex().upper())


def test_auto_encoding() -> None:
    assert choose_encoding("Balance: 5€ {ok}") == "gsm7"
    assert choose_encoding("Баланс") == "ucs2"
    assert choose_encoding("🎉") == "ucs2"
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    assert read_deliver(encode_deliver("1", "Баланс", moment)[0]).dcs == 0x08
    assert read_deliver(encode_deliver("1", "Balance", moment)[0]).dcs == 0x00


def test_ucs2_with_emoji() -> None:
    text = "Top-up done 🎉 Баланс 100₽"
    pdu, _ = encode_deliver("+15550100", text, datetime(2024, 1, 1, tzinfo=UTC))
    decoded = read_deliver(pdu)
    assert decoded.dcs == 0x08
    assert decoded.udl == len(text.encode("utf-16-be"))
    assert decoded.text == text


def test_more_messages_clears_mms() -> None:
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    assert read_deliver(encode_deliver("1", "x", moment)[0]).first_octet == 0x04
    assert (
        read_deliver(
            encode_deliver("1", "x", moment, more_messages=True)[0]
        ).first_octet
        == 0x00
    )


# --- concatenation ------------------------------------------------------------


def test_concat_8_bit_reference() -> None:
    pdu, _ = encode_deliver(
        "+15550100", "part two", datetime(2024, 1, 1, tzinfo=UTC), concat=(23, 3, 2, 8)
    )
    decoded = read_deliver(pdu)
    assert decoded.first_octet == 0x44
    assert decoded.udh == bytes.fromhex("0003170302")
    assert decoded.udl == 7 + len("part two")
    assert decoded.text == "part two"


def test_concat_16_bit_reference() -> None:
    pdu, _ = encode_deliver(
        "+15550100",
        "part two",
        datetime(2024, 1, 1, tzinfo=UTC),
        concat=Concat(reference=384, total=4, sequence=2, reference_bits=16),
    )
    decoded = read_deliver(pdu)
    assert decoded.udh == bytes.fromhex("080401800402")
    assert decoded.udl == 8 + len("part two")  # 7 header octets, 0 fill bits
    assert decoded.text == "part two"


def test_concat_ucs2() -> None:
    text = "Ж" * 67
    pdu, _ = encode_deliver(
        "1", text, datetime(2024, 1, 1, tzinfo=UTC), concat=(1, 2, 1)
    )
    decoded = read_deliver(pdu)
    assert decoded.udl == 140
    assert decoded.udh == bytes.fromhex("0003010201")
    assert decoded.text == text


def test_concat_limits() -> None:
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    pdu, _ = encode_deliver("1", "a" * 153, moment, concat=(1, 2, 1))
    assert read_deliver(pdu).udl == 160
    with pytest.raises(PduError):
        encode_deliver("1", "a" * 154, moment, concat=(1, 2, 1))
    with pytest.raises(PduError):
        encode_deliver("1", "Ж" * 68, moment, concat=(1, 2, 1))
    with pytest.raises(PduError):
        encode_deliver("1", "a" * 161, moment)
    with pytest.raises(PduError):
        encode_deliver("1", "Ж" * 71, moment)


def test_concat_tuple_of_wrong_size() -> None:
    with pytest.raises(PduError):
        encode_deliver(
            "1",
            "x",
            datetime(2024, 1, 1, tzinfo=UTC),
            concat=(1, 2),  # type: ignore[arg-type]
        )


@pytest.mark.parametrize(
    "concat",
    [
        (256, 2, 1, 8),
        (65536, 2, 1, 16),
        (1, 2, 1, 12),
        (1, 0, 0, 8),
        (1, 2, 3, 8),
        (1, 256, 1, 8),
        (-1, 2, 1, 8),
    ],
)
def test_bad_concat(concat: tuple[int, int, int, int]) -> None:
    with pytest.raises(PduError):
        encode_deliver("1", "x", datetime(2024, 1, 1, tzinfo=UTC), concat=concat)


# --- splitting ----------------------------------------------------------------


def test_split_gsm7() -> None:
    assert split_for_delivery("a" * 160) == ["a" * 160]
    assert split_for_delivery("a" * 161) == ["a" * 153, "a" * 8]
    assert split_for_delivery("") == [""]
    assert len(split_for_delivery("a" * 459)) == 3
    assert len(split_for_delivery("a" * 460)) == 4


def test_split_counts_extension_characters_twice() -> None:
    assert split_for_delivery("€" * 80) == ["€" * 80]
    assert split_for_delivery("€" * 81) == ["€" * 76, "€" * 5]
    # An escape sequence is never cut: 152 + 2 would exceed 153.
    assert split_for_delivery("a" * 152 + "€" + "b" * 10) == ["a" * 152, "€" + "b" * 10]


def test_split_ucs2() -> None:
    assert split_for_delivery("Ж" * 70) == ["Ж" * 70]
    assert split_for_delivery("Ж" * 71) == ["Ж" * 67, "Ж" * 4]
    # A surrogate pair is never cut.
    parts = split_for_delivery("Ж" * 66 + "😀" + "Ж" * 10)
    assert parts == ["Ж" * 66, "😀" + "Ж" * 10]


def test_split_mixed_text_goes_ucs2() -> None:
    parts = split_for_delivery("a" * 100 + "Ж")
    assert parts == ["a" * 67, "a" * 33 + "Ж"]


# --- hypothesis: encode_deliver -> independent reader -------------------------

gsm_texts = st.text(alphabet=st.sampled_from(GSM_CHARS), max_size=400)
any_texts = st.text(max_size=300)
senders = st.one_of(
    st.from_regex(r"\+[1-9][0-9]{0,14}", fullmatch=True),
    st.from_regex(r"[0-9]{1,15}", fullmatch=True),
    st.text(
        alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl -._0123"),
        min_size=1,
        max_size=11,
    ).filter(lambda name: not name.lstrip("+").isdigit()),
)
moments = st.builds(
    lambda naive, quarters: naive.replace(
        tzinfo=timezone(timedelta(minutes=15 * quarters))
    ),
    st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=datetime(2099, 12, 31),  # noqa: DTZ001
    ),
    st.integers(-48, 56),
)


def _units(part: str, encoding: str) -> int:
    """Septets (GSM-7) or UTF-16 units (UCS2) a part takes."""
    if encoding == "gsm7":
        return septet_length(part)
    return len(part.encode("utf-16-be")) // 2


@given(
    text=st.one_of(gsm_texts, any_texts),
    sender=senders,
    moment=moments,
    ref=st.integers(0, 0xFFFF),
    wide=st.booleans(),
)
def test_split_then_deliver_round_trip(
    text: str, sender: str, moment: datetime, ref: int, wide: bool
) -> None:
    parts = split_for_delivery(text)
    assert "".join(parts) == text
    encoding = choose_encoding(text)
    if wide and len(parts) > 1:
        # A network splits for 8-bit references; a 16-bit header is one octet longer,
        # so only parts with room to spare can carry it.
        assume(
            all(
                _units(part, encoding) < (153 if encoding == "gsm7" else 67)
                for part in parts
            )
        )
    bits = 16 if wide else 8
    reference = ref if wide else ref & 0xFF
    for sequence, part in enumerate(parts, start=1):
        concat = (reference, len(parts), sequence, bits) if len(parts) > 1 else None
        pdu, length = encode_deliver(
            sender, part, moment, encoding=encoding, concat=concat
        )
        decoded = read_deliver(pdu)
        assert len(pdu) // 2 == length + 1
        assert decoded.sender == sender
        assert decoded.text == part
        assert decoded.timestamp == moment.replace(microsecond=0)
        if concat is None:
            assert decoded.udh == b""
        elif wide:
            assert decoded.udh == bytes(
                [8, 4, reference >> 8, reference & 0xFF, len(parts), sequence]
            )
        else:
            assert decoded.udh == bytes([0, 3, reference, len(parts), sequence])


# --- SMS-SUBMIT ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pdu", "expected"),
    [
        (
            "07911326040000F0310D0B911326880736F40000A90FF7FBDD454E87CDE1B0DB357EB701",
            Submit(
                destination="+31628870634",
                text="www.diafaan.com",
                encoding="gsm7",
                concat=None,
                request_status_report=True,
                message_reference=13,
                validity=timedelta(days=3),
                smsc="+31624000000",
            ),
        ),
        (
            "07914346466554F601000B914316565811F9000806304253F68449",
            Submit(
                destination="+34616585119",
                text="あ叶葉",
                encoding="ucs2",
                concat=None,
                request_status_report=False,
                smsc="+34646456456",
            ),
        ),
        (
            "0591721891F101000B917228214365F700040C48656C6C6F20776F726C6421",
            Submit(
                destination="+27821234567",
                text="Hello world!",
                encoding="8bit",
                concat=None,
                request_status_report=False,
                smsc="+2781191",
            ),
        ),
        (
            (
                "0019000B917228001011F100003170013193008017D474BB3CA787DB70903DCC4E93D3F43C"
                "885E9ED301"
            ),
            Submit(
                destination="+27820001111",
                text="Timestamp validity test",
                encoding="gsm7",
                concat=None,
                request_status_report=False,
                validity=datetime(2013, 7, 10, 13, 39, tzinfo=zone(2)),
            ),
        ),
        (
            (
                "04A12143F5310D0AA110624521430000A91BD4F29C0E6A97E7F3F0B9AC03B1DFE3301BE4AE"
                "B7C565F91C"
            ),
            Submit(
                destination="0126541234",
                text="Test message: local numbers",
                encoding="gsm7",
                concat=None,
                request_status_report=True,
                message_reference=13,
                validity=timedelta(days=3),
                smsc="12345",
            ),
        ),
        (
            (
                "04912143F501000B811000000000F0000030C834888E2ECBCB2E97ABF9768364303A1A1484"
                "CB413258AC068AC574B39A6B560385DB20D4B1495DC552"
            ),
            Submit(
                destination="01000000000",
                text="Hi there...Mon 20th Apr 2015 11:35.35 am (GMT+1)",
                encoding="gsm7",
                concat=None,
                request_status_report=False,
                smsc="+12345",
            ),
        ),
    ],
)
def test_decode_published_submits(pdu: str, expected: Submit) -> None:
    assert decode_submit(pdu) == expected
    assert decode_submit(pdu.lower()) == expected


def test_decode_concatenated_submits() -> None:
    parts = [decode_submit(pdu) for pdu in LOREM_PDUS]
    assert [part.concat for part in parts] == [Concat(0, 3, n, 8) for n in (1, 2, 3)]
    assert all(part.reject_duplicates for part in parts)
    assert all(part.destination == "+15125551234" for part in parts)
    assert "".join(part.text for part in parts) == LOREM


def test_encode_submit_reproduces_concatenated_pdus() -> None:
    parts = split_for_delivery(LOREM)
    assert len(parts) == 3
    for sequence, (part, published) in enumerate(
        zip(parts, LOREM_PDUS, strict=True), 1
    ):
        pdu, length = encode_submit(
            "+15125551234", part, concat=(0, 3, sequence), reject_duplicates=True
        )
        assert pdu == published
        assert length == len(published) // 2 - 1


def test_encode_submit_reproduces_published() -> None:
    assert (
        encode_submit("+27820001111", "Hello World!")[0]
        == "0001000B917228001011F100000CC8329BFD065DDF72363904"
    )
    assert (
        encode_submit(
            "+123456789",
            "世界您好\uff01",
            validity=timedelta(weeks=52),
            smsc="+44000000000",
        )[0]
        == "07914400000000F01100099121436587F90008F40A4E16754C60A8597DFF01"
    )
    absolute = datetime(2013, 7, 10, 13, 39, tzinfo=zone(2))
    assert encode_submit("+27820001111", "Timestamp validity test", validity=absolute)[
        0
    ] == (
        "0019000B917228001011F100003170013193008017D474BB3CA787DB70903DCC4E93D3F43C"
        "885E9ED301"
    )


@pytest.mark.parametrize(
    ("period", "code"),
    [
        (timedelta(0), 0),
        (timedelta(minutes=30), 5),
        (timedelta(hours=12), 143),
        (timedelta(hours=16), 151),
        (timedelta(days=1), 167),
        (timedelta(days=3), 169),
        (timedelta(days=30), 196),
        (timedelta(weeks=5), 197),
        (timedelta(weeks=63), 255),
    ],
)
def test_relative_validity(period: timedelta, code: int) -> None:
    pdu, _ = encode_submit("1", "x", validity=period)
    assert pdu[2:4] == "11"  # SMS-SUBMIT, TP-VPF relative
    assert int(pdu[16:18], 16) == code
    assert decode_submit(pdu).validity == (period or timedelta(minutes=5))


def test_relative_validity_rounds_up() -> None:
    pdu, _ = encode_submit("1", "x", validity=timedelta(minutes=31))
    assert decode_submit(pdu).validity == timedelta(minutes=35)


def test_encode_submit_rejects() -> None:
    with pytest.raises(PduError):
        encode_submit("1", "x", validity=timedelta(weeks=64))
    with pytest.raises(PduError):
        encode_submit("1", "x", validity=timedelta(minutes=-1))
    with pytest.raises(PduError):
        encode_submit("1", "x", message_reference=256)


def test_tpdu_length_tells_whether_an_smsc_field_is_there() -> None:
    with_smsc = "0001000B917228001011F100000CC8329BFD065DDF72363904"
    without_smsc = with_smsc[2:]
    expected = decode_submit(with_smsc)
    assert decode_submit(with_smsc, tpdu_length=24) == expected
    assert decode_submit(without_smsc, tpdu_length=24) == expected
    full = "07911326040000F0310D0B911326880736F40000A90FF7FBDD454E87CDE1B0DB357EB701"
    assert decode_submit(full, tpdu_length=28).smsc == "+31624000000"
    with pytest.raises(PduError):
        decode_submit(full, tpdu_length=30)  # SMSC octet says 7, the gap is 8
    with pytest.raises(PduError):
        decode_submit(with_smsc, tpdu_length=26)
    with pytest.raises(PduError):
        decode_submit(with_smsc, tpdu_length=0)


def test_encoded_submit_length_is_what_at_cmgs_sends() -> None:
    pdu, length = encode_submit("+15550100", "Hi", smsc="+15550199")
    smsc_octets = int(pdu[:2], 16) + 1
    assert len(pdu) // 2 == length + smsc_octets
    assert decode_submit(pdu, tpdu_length=length).text == "Hi"
    assert decode_submit(pdu[2 * smsc_octets :], tpdu_length=length).text == "Hi"


def test_alphanumeric_destination() -> None:
    pdu, _ = encode_submit("Info", "x")
    assert decode_submit(pdu).destination == "Info"


def test_submit_header_with_other_elements() -> None:
    # UDH: an application port element (05 04 ...) before a 16-bit concat element.
    header = "0C" + "05040B8423F0" + "080400010302"
    user_data = header + "00480069"
    pdu = f"00410005812143F50008{len(user_data) // 2:02X}{user_data}"
    submit = decode_submit(pdu)
    assert submit.concat == Concat(1, 3, 2, 16)
    assert submit.text == "Hi"


@pytest.mark.parametrize(
    ("udh", "concat"),
    [
        ("050003010000", None),  # zero parts: ignore the element
        ("050003010203", None),  # part 3 of 2: ignore
        ("050003010201", Concat(1, 2, 1, 8)),
    ],
)
def test_submit_concat_out_of_range_is_ignored(udh: str, concat: Concat | None) -> None:
    user_data = udh + "0041"
    pdu = f"00410005812143F50008{len(user_data) // 2:02X}{user_data}"
    assert decode_submit(pdu).concat == concat


@pytest.mark.parametrize(
    ("dcs", "encoding", "message_class"),
    [
        (0x00, "gsm7", None),
        (0x10, "gsm7", 0),
        (0x0C, "gsm7", None),  # reserved alphabet means GSM 7-bit
        (0x19, "ucs2", 1),
        (0x48, "ucs2", None),  # automatic-deletion group
        (0x80, "gsm7", None),  # reserved group
        (0xC0, "gsm7", None),  # message waiting, discard
        (0xE0, "ucs2", None),  # message waiting, UCS2
        (0xF0, "gsm7", 0),
        (0xF5, "8bit", 1),
    ],
)
def test_submit_data_coding(dcs: int, encoding: str, message_class: int | None) -> None:
    user_data = {"gsm7": "02C834", "ucs2": "0400480069", "8bit": "024869"}[encoding]
    pdu = f"00010005812143F500{dcs:02X}{user_data}"
    submit = decode_submit(pdu)
    assert (submit.encoding, submit.message_class, submit.text) == (
        encoding,
        message_class,
        "Hi",
    )


def submit_hex(
    first: str = "01", dcs: str = "00", vp: str = "", ud: str = "02C834"
) -> str:
    """An SMS-SUBMIT to 12345 without SMSC; the default user data is "Hi"."""
    return f"00{first}0005812143F500{dcs}{vp}{ud}"


@pytest.mark.parametrize(
    ("vp", "validity"),
    [
        ("00" * 7, None),
        ("0100" + "00" * 5, timedelta(minutes=5)),
        ("025A" + "00" * 5, timedelta(seconds=90)),
        ("03103254" + "00" * 3, timedelta(hours=1, minutes=23, seconds=45)),
        ("41A7" + "00" * 5, timedelta(hours=24)),
    ],
)
def test_submit_enhanced_validity(vp: str, validity: timedelta | None) -> None:
    submit = decode_submit(submit_hex(first="09", vp=vp))
    assert (submit.validity, submit.text) == (validity, "Hi")


MALFORMED = [
    "",
    "zz",
    "000",
    submit_hex(first="00"),  # SMS-DELIVER
    submit_hex(first="02"),  # SMS-COMMAND
    submit_hex(ud="0AC834"),  # 10 septets, 2 octets
    submit_hex(ud="A1" + "00" * 141),  # over 160 septets
    submit_hex(dcs="08", ud="8D" + "00" * 141),  # over 140 octets
    submit_hex(dcs="08", ud="03D83D00"),  # odd UCS2 length
    submit_hex(dcs="08", ud="04D83D0041"),  # lone surrogate
    submit_hex(dcs="20"),  # compressed
    submit_hex(ud="02C83400"),  # a trailing octet
    submit_hex(first="09", vp="07" + "00" * 6),  # reserved enhanced format
    submit_hex(first="19", vp="31F0013193F080"),  # not decimal
    submit_hex(first="19", vp="31130131930080"),  # month 31
    submit_hex(first="41", ud="00"),  # TP-UDHI with no user data
    submit_hex(first="41", dcs="04", ud="0205FF"),  # header overruns user data
    submit_hex(first="41", dcs="04", ud="03020003"),  # element overruns header
    submit_hex(first="41", ud="020100"),  # header longer than the septets
    submit_hex(first="41", dcs="04", ud="050400020102"),  # 8-bit concat, 2 octets
    submit_hex(first="41", dcs="04", ud="06050803000102"),  # 16-bit concat, 3 octets
]


@pytest.mark.parametrize("pdu", MALFORMED)
def test_decode_submit_rejects_malformed(pdu: str) -> None:
    with pytest.raises(PduError):
        decode_submit(pdu)


@pytest.mark.parametrize(
    "pdu",
    [
        *LOREM_PDUS,
        "07911326040000F0310D0B911326880736F40000A90FF7FBDD454E87CDE1B0DB357EB701",
        (
            "0019000B917228001011F100003170013193008017D474BB3CA787DB70903DCC4E93D3F43C"
            "885E9ED301"
        ),
        "07914346466554F601000B914316565811F9000806304253F68449",
    ],
)
def test_every_truncation_is_a_pdu_error(pdu: str) -> None:
    for cut in range(0, len(pdu), 2):
        with pytest.raises(PduError):
            decode_submit(pdu[:cut])


def test_published_invalid_udl_is_rejected() -> None:
    # python-gsmmodem's "user data length is invalid (too long)" UCS2 submit.
    with pytest.raises(PduError):
        decode_submit("0041010C910661345542F60008A0050003000301306F3044")


@given(st.binary(max_size=200), st.one_of(st.none(), st.integers(-2, 200)))
def test_decode_submit_never_raises_other_errors(
    data: bytes, length: int | None
) -> None:
    with contextlib.suppress(PduError):
        decode_submit(data.hex(), tpdu_length=length)


class SubmitCase(NamedTuple):
    """Arguments for one encode_submit -> decode_submit round trip."""

    destination: str
    text: str
    concat: tuple[int, int, int, int] | None
    reference: int
    status_report: bool
    validity: timedelta | datetime | None
    smsc: str | None
    with_smsc_field: bool


submit_cases = st.builds(
    SubmitCase,
    destination=senders,
    text=st.one_of(
        st.text(alphabet=st.sampled_from(GSM_CHARS), max_size=153),
        st.text(max_size=67),
    ),
    concat=st.one_of(
        st.none(),
        st.tuples(st.integers(0, 255), st.just(9), st.integers(1, 9), st.just(8)),
        st.tuples(st.integers(0, 0xFFFF), st.just(2), st.integers(1, 2), st.just(16)),
    ),
    reference=st.integers(0, 255),
    status_report=st.booleans(),
    validity=st.one_of(
        st.none(), st.sampled_from([timedelta(hours=1), timedelta(days=2)]), moments
    ),
    smsc=st.one_of(st.none(), st.from_regex(r"\+[1-9][0-9]{3,11}", fullmatch=True)),
    with_smsc_field=st.booleans(),
)


@given(submit_cases)
def test_submit_round_trip(case: SubmitCase) -> None:
    assume(fits_one_part(case.text, case.concat))
    pdu, length = encode_submit(
        case.destination,
        case.text,
        smsc=case.smsc,
        concat=case.concat,
        message_reference=case.reference,
        request_status_report=case.status_report,
        validity=case.validity,
    )
    if not case.with_smsc_field:
        pdu = pdu[len(pdu) - 2 * length :]
    submit = decode_submit(pdu, tpdu_length=length)
    assert submit.destination == case.destination
    assert submit.text == case.text
    assert submit.encoding == choose_encoding(case.text)
    assert submit.concat == (Concat(*case.concat) if case.concat else None)
    assert submit.request_status_report is case.status_report
    assert submit.message_reference == case.reference
    assert submit.smsc == (case.smsc if case.with_smsc_field else None)
    if isinstance(case.validity, datetime):
        assert submit.validity == case.validity.replace(microsecond=0)
    else:
        assert submit.validity == case.validity


def fits_one_part(text: str, concat: tuple[int, int, int, int] | None) -> bool:
    """Whether the text fits one SMS next to its concatenation header."""
    header = 0 if concat is None else 6 if concat[3] == 8 else 7
    if choose_encoding(text) == "gsm7":
        return septet_length(text) + math.ceil(8 * header / 7) <= 160
    return len(text.encode("utf-16-be")) + header <= 140
