"""Fuzz the SMS-DELIVER decoder and the reassembly of long messages.

Random hex, structured PDUs with every field drawn at random (user-data headers with
any elements, any TP-DCS, lying lengths), and real PDUs with bytes flipped: the decoder
returns a `DeliverPdu` or raises `PduError`, never anything else.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, strategies as st

from custom_components.data_balance.modem.concat import Reassembler, Sms
from custom_components.data_balance.modem.gsm7 import DEFAULT_ALPHABET, EXTENSION_TABLE
from custom_components.data_balance.modem.pdu import (
    ConcatInfo,
    DeliverPdu,
    PduError,
    decode_deliver,
)
from simulator.pdu import Concat, encode_deliver

from .budget import fuzz_settings

_HEX = "0123456789ABCDEFabcdef"


def _decode(hex_text: str, tpdu_length: int | None = None) -> DeliverPdu | None:
    """Decode, allowing only the library's own refusal."""
    try:
        pdu = decode_deliver(hex_text, tpdu_length)
    except PduError:
        return None
    assert isinstance(pdu.text, str)
    assert isinstance(pdu.sender, str)
    assert pdu.timestamp.tzinfo is not None
    return pdu


@fuzz_settings(2000)
@given(
    hex_text=st.one_of(
        st.text(alphabet=_HEX, max_size=400),
        st.text(max_size=80),
        st.binary(max_size=200).map(bytes.hex),
    ),
    tpdu_length=st.one_of(st.none(), st.integers(min_value=-5, max_value=300)),
)
def test_any_hex_decodes_or_is_refused(hex_text: str, tpdu_length: int | None) -> None:
    _decode(hex_text, tpdu_length)


_information_element = st.one_of(
    st.tuples(
        st.just(0x00), st.just(3), st.binary(min_size=3, max_size=3)
    ),  # 8-bit concatenation
    st.tuples(
        st.just(0x08), st.just(4), st.binary(min_size=4, max_size=4)
    ),  # 16-bit concatenation
    st.tuples(
        st.integers(0, 255), st.integers(0, 255), st.binary(max_size=8)
    ),  # anything, lengths that may lie
).map(lambda element: bytes([element[0], element[1]]) + element[2])


@st.composite
def structured_deliver(draw: st.DrawFn) -> str:
    """An SMS-DELIVER whose every field is drawn, valid or not."""
    smsc = draw(st.binary(max_size=12))
    smsc_length = draw(st.one_of(st.just(len(smsc)), st.integers(0, 255)))
    udhi = draw(st.booleans())
    first = draw(st.integers(0, 255).map(lambda octet: octet & ~0x03)) | (
        0x40 if udhi else 0
    )
    if draw(st.booleans()):
        first = draw(st.integers(0, 255))
    digits = draw(st.integers(0, 22))
    address_type = draw(st.sampled_from([0x91, 0x81, 0xD0, 0xA1, 0x00, 0xFF]))
    address = draw(st.binary(min_size=(digits + 1) // 2, max_size=(digits + 1) // 2))
    pid = draw(st.integers(0, 255))
    dcs = draw(
        st.one_of(
            st.sampled_from([0x00, 0x04, 0x08, 0x10, 0xF0, 0xF4]), st.integers(0, 255)
        )
    )
    stamp = draw(
        st.one_of(
            st.just(bytes.fromhex("62115221000040")),
            st.binary(min_size=7, max_size=7),
        )
    )
    header = b""
    if udhi or draw(st.booleans()):
        elements = b"".join(draw(st.lists(_information_element, max_size=4)))
        header_length = draw(st.one_of(st.just(len(elements)), st.integers(0, 255)))
        header = bytes([header_length]) + elements
    body = draw(st.binary(max_size=160))
    user_data = header + body
    udl = draw(
        st.one_of(
            st.just(len(user_data)),
            st.just(len(user_data) * 8 // 7),
            st.integers(0, 255),
        )
    )
    pdu = (
        bytes([smsc_length])
        + smsc
        + bytes([first, digits, address_type])
        + address
        + bytes([pid, dcs])
        + stamp
        + bytes([udl])
        + user_data
    )
    return pdu.hex().upper()


@fuzz_settings(400)
@given(hex_text=structured_deliver(), give_length=st.booleans())
def test_structured_deliver_decodes_or_is_refused(
    hex_text: str, give_length: bool
) -> None:
    smsc_octets = int(hex_text[:2], 16) + 1
    tpdu_length = len(hex_text) // 2 - smsc_octets if give_length else None
    pdu = _decode(hex_text, tpdu_length)
    if pdu is not None and pdu.concat is not None:
        assert 1 <= pdu.concat.sequence <= pdu.concat.total


_GSM7_TEXT = st.text(
    alphabet=st.sampled_from(
        sorted({*DEFAULT_ALPHABET.replace("\x1b", ""), *EXTENSION_TABLE.values()})
    ),
    max_size=200,
)
_ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80)
_DIGITS = "0123456789"
_SENDER = st.one_of(
    st.text(alphabet=_DIGITS, min_size=6, max_size=14).map(
        lambda digits: f"+1{digits}"
    ),
    st.text(alphabet=_DIGITS, min_size=3, max_size=8).map(lambda digits: f"1{digits}"),
    st.text(alphabet="ABCXYZabcxyz0189 ", min_size=1, max_size=10).map(
        lambda name: f"N{name.strip()}"
    ),
)
_STAMP = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=datetime(2099, 12, 31),  # noqa: DTZ001
).map(lambda moment: moment.replace(microsecond=0, tzinfo=UTC))


def _fit_one_ucs2_part(text: str) -> str:
    """As much of `text` as one UCS2 part holds beside a 16-bit concatenation header."""
    while len(text.encode("utf-16-be")) > 133:
        text = text[:-1]
    return text


@st.composite
def real_deliver(draw: st.DrawFn) -> tuple[str, int, str, str, Concat | None]:
    """A valid SMS-DELIVER from the simulator's independent encoder."""
    text = draw(
        st.one_of(
            _GSM7_TEXT.map(lambda text: text[:150]),
            _ANY_TEXT.map(_fit_one_ucs2_part),
        )
    )
    sender = draw(_SENDER)
    concat = draw(
        st.one_of(
            st.none(),
            st.builds(
                lambda reference, total, sequence, bits: Concat(
                    reference % (256 if bits == 8 else 65536),
                    total,
                    min(sequence, total),
                    bits,
                ),
                st.integers(0, 65535),
                st.integers(1, 255),
                st.integers(1, 255),
                st.sampled_from([8, 16]),
            ),
        )
    )
    zone = timezone(timedelta(minutes=15 * draw(st.integers(-48, 56))))
    stamp = draw(_STAMP).astimezone(zone)
    hex_text, tpdu_length = encode_deliver(
        sender, text, stamp, smsc="+15550000000", concat=concat
    )
    return hex_text, tpdu_length, sender, text, concat


@fuzz_settings(400)
@given(deliver=real_deliver())
def test_valid_deliver_round_trips(
    deliver: tuple[str, int, str, str, Concat | None],
) -> None:
    hex_text, tpdu_length, sender, text, concat = deliver
    pdu = decode_deliver(hex_text, tpdu_length)
    assert pdu.text == text
    assert pdu.sender == sender
    if concat is None:
        assert pdu.concat is None
    else:
        assert pdu.concat == ConcatInfo(concat.reference, concat.total, concat.sequence)


@fuzz_settings(600)
@given(
    deliver=real_deliver(),
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=4
    ),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_mutated_deliver_decodes_or_is_refused(
    deliver: tuple[str, int, str, str, Concat | None],
    flips: list[tuple[int, int]],
    cut: int | None,
) -> None:
    data = bytearray.fromhex(deliver[0])
    for position, value in flips:
        data[position % len(data)] = value
    if cut is not None:
        del data[cut % (len(data) + 1) :]
    _decode(data.hex(), deliver[1])
    _decode(data.hex())


_PART = st.builds(
    DeliverPdu,
    sender=st.sampled_from(["+15550100", "6399", "Carrier"]),
    sender_type=st.just("international"),
    text=st.text(max_size=5),
    encoding=st.just("ucs2"),
    timestamp=_STAMP,
    concat=st.one_of(
        st.none(),
        st.builds(ConcatInfo, st.integers(0, 3), st.integers(0, 4), st.integers(0, 5)),
    ),
    message_class=st.none(),
    smsc=st.none(),
)


@fuzz_settings(400)
@given(
    parts=st.lists(
        st.tuples(_PART, st.integers(0, 30), st.one_of(st.none(), st.integers(0, 50))),
        max_size=30,
    ),
    max_pending=st.integers(1, 4),
)
def test_reassembly_never_loses_or_repeats_a_part(
    parts: list[tuple[DeliverPdu, int, int | None]], max_pending: int
) -> None:
    reassembler = Reassembler(timeout=timedelta(minutes=10), max_pending=max_pending)
    start = datetime(2026, 11, 25, tzinfo=UTC)
    delivered: list[Sms] = []
    for part, minutes, index in parts:
        now = start + timedelta(minutes=minutes)
        sms = reassembler.add(part, received=now, storage_index=index)
        if sms is not None:
            delivered.append(sms)
        delivered.extend(reassembler.expire(now))
        assert reassembler.pending <= max_pending
    delivered.extend(reassembler.expire(start + timedelta(days=1)))
    assert reassembler.pending == 0
    # Every stored slot that was read is reported once, so it gets deleted.
    reported = [index for sms in delivered for index in sms.storage_indices]
    read = [index for _, _, index in parts if index is not None]
    assert sorted(reported) == sorted(read)
