"""SMS PDUs (3GPP TS 23.040): read an SMS-DELIVER, build SMS-SUBMITs.

Hex in and out starts with the SMSC address field, as `AT+CMGL`, `AT+CMGR` and
`AT+CMGS` use it in PDU mode; the TPDU length 27.005 reports excludes that field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from .errors import ModemError
from .gsm7 import (
    char_septets,
    decode_septets,
    encode_septets,
    is_gsm7,
    pack_septets,
    unpack_septets,
)

type SenderType = Literal["international", "national", "alphanumeric", "other"]
type Encoding = Literal["gsm7", "ucs2", "8bit"]

GSM7_SINGLE_SEPTETS = 160
GSM7_PART_SEPTETS = 153
UCS2_SINGLE_UNITS = 70
UCS2_PART_UNITS = 67
MAX_USER_DATA_OCTETS = 140

_UDHI = 0x40
_SUBMIT_FIRST_OCTET = 0x01  # TP-MTI SMS-SUBMIT, no validity period, no report
_MESSAGE_TYPES = ("SMS-DELIVER", "SMS-SUBMIT", "SMS-STATUS-REPORT", "reserved")
_TYPE_INTERNATIONAL = 0x91
_TYPE_NATIONAL = 0x81
_TYPE_OF_NUMBER: dict[int, SenderType] = {
    0: "national",  # "unknown", what networks use for national numbers
    1: "international",
    2: "national",
    5: "alphanumeric",
}
_BCD_DIGITS = "0123456789*#abc"
_DIALLABLE = frozenset("0123456789*#")
_STAR_HASH_TO_BCD = str.maketrans("*#", "AB")
_IEI_CONCAT_8BIT = 0x00
_IEI_CONCAT_16BIT = 0x08
_QUARTER_HOUR = timedelta(minutes=15)


class PduError(ModemError, ValueError):
    """A PDU that cannot be read or built: bad hex, truncated, lying lengths."""


class NotDeliverError(PduError):
    """The PDU is not an SMS-DELIVER (an SMS-SUBMIT or a status report)."""

    def __init__(self, message_type: str) -> None:
        """Keep the message type the PDU names."""
        super().__init__(f"not an SMS-DELIVER: {message_type}")
        self.message_type = message_type


class UnsupportedPduError(PduError):
    """A well-formed PDU using a feature this library does not read (compression)."""


@dataclass(frozen=True, slots=True)
class ConcatInfo:
    """The concatenation element of one part of a long message (§9.2.3.24.1)."""

    reference: int
    total: int
    sequence: int


@dataclass(frozen=True, slots=True)
class DeliverPdu:
    """A received SMS-DELIVER (§9.2.2.1)."""

    sender: str
    sender_type: SenderType
    text: str
    encoding: Encoding
    timestamp: datetime
    concat: ConcatInfo | None
    message_class: int | None
    smsc: str | None


@dataclass(frozen=True, slots=True)
class SubmitPdu:
    """One SMS-SUBMIT ready for `AT+CMGS=<tpdu_length>`."""

    hex: str
    tpdu_length: int


@dataclass(frozen=True, slots=True)
class _Coding:
    """What a TP-DCS says about the user data."""

    encoding: Encoding
    message_class: int | None


class _Reader:
    """Reads octets in order; running out raises PduError, never IndexError."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._position = 0

    @property
    def remaining(self) -> int:
        return len(self._data) - self._position

    def octet(self) -> int:
        return self.take(1)[0]

    def take(self, count: int) -> bytes:
        if count > self.remaining:
            raise PduError(
                f"PDU ends after {len(self._data)} octets; "
                f"{count} more needed at octet {self._position}"
            )
        chunk = self._data[self._position : self._position + count]
        self._position += count
        return chunk


# --- reading an SMS-DELIVER ---------------------------------------------------


def decode_deliver(hex_with_smsc: str, tpdu_length: int | None = None) -> DeliverPdu:
    """Read an SMS-DELIVER as a modem lists it in PDU mode.

    Args:
        hex_with_smsc: the PDU hex, starting with the SMSC address field.
        tpdu_length: the length `AT+CMGL`/`AT+CMGR` reported, if known. When the
            hex is exactly that long the modem left the SMSC field out.

    Raises:
        NotDeliverError: the PDU is an SMS-SUBMIT or a status report.
        UnsupportedPduError: the text is compressed.
        PduError: anything malformed or truncated.
    """
    reader = _Reader(_from_hex(hex_with_smsc))
    smsc = _read_smsc(reader, tpdu_length)
    first_octet = reader.octet()
    if message_type := first_octet & 0x03:
        raise NotDeliverError(_MESSAGE_TYPES[message_type])
    sender, sender_type = _read_address(reader)
    reader.octet()  # TP-PID
    coding = _read_coding(reader.octet())
    timestamp = _read_timestamp(reader.take(7))
    header, text = _read_user_data(reader, coding.encoding, bool(first_octet & _UDHI))
    concat = _find_concat(header)
    return DeliverPdu(
        sender=sender,
        sender_type=sender_type,
        text=_finish_text(text, coding.encoding, concat),
        encoding=coding.encoding,
        timestamp=timestamp,
        concat=concat,
        message_class=coding.message_class,
        smsc=smsc,
    )


def _from_hex(hex_text: str) -> bytes:
    try:
        return bytes.fromhex(hex_text)
    except ValueError as err:
        raise PduError(f"PDU is not hex: {hex_text[:40]!r}") from err


def _read_smsc(reader: _Reader, tpdu_length: int | None) -> str | None:
    if tpdu_length is not None and tpdu_length == reader.remaining:
        return None
    field = reader.take(reader.octet())
    if tpdu_length is not None and tpdu_length != reader.remaining:
        raise PduError(
            f"TPDU length {tpdu_length} does not match the {reader.remaining} "
            "octets after the SMSC field"
        )
    if len(field) < 2:
        return None
    digits = _decode_bcd(field[1:])
    international = _TYPE_OF_NUMBER.get((field[0] >> 4) & 0x07) == "international"
    return "+" + digits if international else digits


def _read_address(reader: _Reader) -> tuple[str, SenderType]:
    """TP-OA: digit count (semi-octets if alphanumeric), type of address, value."""
    length = reader.octet()
    kind = _TYPE_OF_NUMBER.get((reader.octet() >> 4) & 0x07, "other")
    value = reader.take((length + 1) // 2)
    if kind == "alphanumeric":
        return _decode_gsm7(value, 4 * length // 7, 0), kind
    digits = _decode_bcd(value)[:length]
    return ("+" + digits if kind == "international" else digits), kind


def _decode_bcd(value: bytes) -> str:
    """Swapped semi-octets, low nibble first; F is filler."""
    nibbles = (half for octet in value for half in (octet & 0x0F, octet >> 4))
    return "".join(_BCD_DIGITS[nibble] for nibble in nibbles if nibble != 0x0F)


def _read_coding(dcs: int) -> _Coding:
    """The alphabet and class a TP-DCS names (23.038 §4)."""
    group = dcs >> 4
    if group <= 0x07:  # general data coding, perhaps marked for automatic deletion
        if dcs & 0x20:
            raise UnsupportedPduError(f"DCS {dcs:02X}: compressed text is unsupported")
        alphabet = (dcs >> 2) & 0x03
        message_class = dcs & 0x03 if dcs & 0x10 else None
        return _Coding(_general_alphabet(alphabet), message_class)
    if group == 0x0E:  # message waiting indication, store, UCS2
        return _Coding("ucs2", None)
    if group == 0x0F:  # data coding and message class
        return _Coding("8bit" if dcs & 0x04 else "gsm7", dcs & 0x03)
    # Message waiting groups C and D use GSM 7-bit; reserved groups 8..B are read
    # as GSM 7-bit too, as 23.038 tells a receiver to.
    return _Coding("gsm7", None)


def _general_alphabet(bits: int) -> Encoding:
    if bits == 1:
        return "8bit"
    if bits == 2:
        return "ucs2"
    return "gsm7"  # 0, and the reserved 3 read as the default alphabet


def _read_timestamp(field: bytes) -> datetime:
    """TP-SCTS: swapped BCD fields, the zone in quarter hours with bit 3 its sign."""
    year, month, day, hour, minute, second = (
        _swapped_bcd(octet) for octet in field[:6]
    )
    # Bit 3 is the sign, so at most 79 quarter hours: always a valid timezone.
    quarters = _swapped_bcd(field[6] & 0xF7)
    offset = quarters * _QUARTER_HOUR
    zone = timezone(-offset if field[6] & 0x08 else offset)
    try:
        return datetime(2000 + year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError as err:
        raise PduError(
            f"time stamp {field.hex().upper()} is not a date: {err}"
        ) from err


def _swapped_bcd(octet: int) -> int:
    tens, units = octet & 0x0F, octet >> 4
    if tens > 9 or units > 9:
        raise PduError(f"octet {octet:02X} is not two decimal digits")
    return 10 * tens + units


def _read_user_data(
    reader: _Reader, encoding: Encoding, has_header: bool
) -> tuple[bytes, str]:
    """TP-UDL and TP-UD: the user-data header (without UDHL) and the text."""
    length = reader.octet()
    if encoding == "gsm7":
        return _read_gsm7_user_data(reader, length, has_header)
    if length > MAX_USER_DATA_OCTETS:
        raise PduError(f"user data of {length} octets exceeds {MAX_USER_DATA_OCTETS}")
    user_data = reader.take(length)
    header_octets = _header_octets(user_data, has_header)
    body = user_data[header_octets:]
    if encoding == "8bit":
        return user_data[1:header_octets], body.decode("latin-1")
    if len(body) % 2:
        raise PduError(f"UCS2 text of {len(body)} octets is not whole code units")
    return user_data[1:header_octets], body.decode("utf-16-be", "surrogatepass")


def _read_gsm7_user_data(
    reader: _Reader, septets: int, has_header: bool
) -> tuple[bytes, str]:
    if septets > GSM7_SINGLE_SEPTETS:
        raise PduError(f"user data of {septets} septets exceeds {GSM7_SINGLE_SEPTETS}")
    user_data = reader.take((7 * septets + 7) // 8)
    header_octets = _header_octets(user_data, has_header)
    header_septets = (8 * header_octets + 6) // 7
    if header_septets > septets:
        raise PduError(f"user data header overruns the {septets} septets of user data")
    fill_bits = 7 * header_septets - 8 * header_octets
    text = _decode_gsm7(user_data[header_octets:], septets - header_septets, fill_bits)
    return user_data[1:header_octets], text


def _decode_gsm7(data: bytes, count: int, fill_bits: int) -> str:
    """Unpack and decode; callers size `data` from `count`, so this cannot fail."""
    return decode_septets(unpack_septets(data, count, fill_bits))


def _header_octets(user_data: bytes, has_header: bool) -> int:
    """Octets of the user-data header with its UDHL octet; 0 without TP-UDHI."""
    if not has_header:
        return 0
    if not user_data:
        raise PduError("TP-UDHI is set but the user data is empty")
    octets = user_data[0] + 1
    if octets > len(user_data):
        raise PduError(f"user data header of {octets} octets overruns the user data")
    return octets


def _find_concat(header: bytes) -> ConcatInfo | None:
    """The first valid concatenation element; invalid ones are ignored (§9.2.3.24)."""
    reader = _Reader(header)
    while reader.remaining:
        iei = reader.octet()
        data = reader.take(reader.octet())
        concat = _concat_element(iei, data)
        if concat is not None and 1 <= concat.sequence <= concat.total:
            return concat
    return None


def _concat_element(iei: int, data: bytes) -> ConcatInfo | None:
    if iei == _IEI_CONCAT_8BIT and len(data) == 3:
        return ConcatInfo(reference=data[0], total=data[1], sequence=data[2])
    if iei == _IEI_CONCAT_16BIT and len(data) == 4:
        reference = int.from_bytes(data[:2], "big")
        return ConcatInfo(reference=reference, total=data[2], sequence=data[3])
    return None


def _finish_text(text: str, encoding: Encoding, concat: ConcatInfo | None) -> str:
    """Replace lone surrogates, except in a part whose pair may end in the next."""
    if encoding != "ucs2" or concat is not None:
        return text
    return text.encode("utf-16-be", "surrogatepass").decode("utf-16-be", "replace")


# --- building SMS-SUBMITs -------------------------------------------------------


def encode_submit(number: str, text: str, concat_reference: int = 0) -> list[SubmitPdu]:
    """SMS-SUBMIT PDUs sending `text` to `number`, one per part.

    GSM 7-bit when every character has an encoding (160 septets, 153 per part
    of a long message), else UCS2 (70 UTF-16 units, 67 per part). A part never
    ends inside an escape pair or a surrogate pair.

    Args:
        number: "+" and digits (international) or digits (national, short
            code); "*" and "#" are allowed too.
        text: the message.
        concat_reference: the 8-bit reference shared by the parts of this
            message; the caller rotates it between long messages.

    Raises:
        PduError: the number is not a phone number, the reference is not 0..255,
            or the text needs more than 255 parts.
    """
    if not 0 <= concat_reference <= 0xFF:
        raise PduError(f"concatenation reference {concat_reference} is not 0..255")
    address = _encode_address(number)
    if is_gsm7(text):
        parts = _split(text, char_septets, GSM7_SINGLE_SEPTETS, GSM7_PART_SEPTETS)
        encoding: Encoding = "gsm7"
    else:
        parts = _split(text, _utf16_units, UCS2_SINGLE_UNITS, UCS2_PART_UNITS)
        encoding = "ucs2"
    if len(parts) > 0xFF:
        raise PduError(f"text needs {len(parts)} parts; at most 255 can be joined")
    return [
        _build_submit(
            address, encoding, part, _concat_header(concat_reference, parts, i)
        )
        for i, part in enumerate(parts)
    ]


def _encode_address(number: str) -> bytes:
    """TP-DA: digit count, type 91 (international) or 81, swapped BCD digits.

    Service codes may hold "*" and "#", which BCD writes as A and B.
    """
    digits = number.removeprefix("+")
    if not 1 <= len(digits) <= 20 or not set(digits) <= _DIALLABLE:
        raise PduError(f"{number!r} is not a phone number")
    kind = _TYPE_INTERNATIONAL if number.startswith("+") else _TYPE_NATIONAL
    padded = digits.translate(_STAR_HASH_TO_BCD) + "F" * (len(digits) % 2)
    swapped = "".join(padded[i + 1] + padded[i] for i in range(0, len(padded), 2))
    return bytes([len(digits), kind]) + bytes.fromhex(swapped)


def _utf16_units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def _split(
    text: str, cost: Callable[[str], int], single_limit: int, part_limit: int
) -> list[str]:
    """Cut `text` into parts by character, so no part splits a character's units."""
    costs = [cost(char) for char in text]
    if sum(costs) <= single_limit:
        return [text]
    parts: list[str] = []
    start = used = 0
    for index, char_cost in enumerate(costs):
        if used + char_cost > part_limit:
            parts.append(text[start:index])
            start, used = index, 0
        used += char_cost
    parts.append(text[start:])
    return parts


def _encode_utf16(text: str) -> bytes:
    try:
        return text.encode("utf-16-be")
    except UnicodeEncodeError as err:
        raise PduError(f"cannot send a lone surrogate: {err.reason}") from err


def _concat_header(reference: int, parts: list[str], index: int) -> bytes:
    """The user-data header of part `index`, or nothing for a single part."""
    if len(parts) == 1:
        return b""
    return bytes([5, _IEI_CONCAT_8BIT, 3, reference, len(parts), index + 1])


def _build_submit(
    address: bytes, encoding: Encoding, text: str, header: bytes
) -> SubmitPdu:
    if encoding == "gsm7":
        septets = encode_septets(text)
        fill_bits = -8 * len(header) % 7
        user_data = header + pack_septets(septets, fill_bits)
        length = (8 * len(header) + fill_bits) // 7 + len(septets)
        dcs = 0x00
    else:
        user_data = header + _encode_utf16(text)
        length = len(user_data)
        dcs = 0x08
    first_octet = _SUBMIT_FIRST_OCTET | (_UDHI if header else 0)
    # First octet, TP-MR 0 (the modem sets it), TP-DA, TP-PID 0, TP-DCS, TP-UDL.
    tpdu = bytes([first_octet, 0x00]) + address + bytes([0x00, dcs, length]) + user_data
    return SubmitPdu(hex="00" + tpdu.hex().upper(), tpdu_length=len(tpdu))
