"""SMS PDUs (3GPP TS 23.040): SMS-DELIVER as a network sends it, SMS-SUBMIT as a client does.

Hex strings in and out carry the SMSC address field first, as AT+CMGL and
AT+CMGS use them in PDU mode; the TPDU length that 27.005 reports excludes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
import math
from typing import Literal, NamedTuple

from simulator.gsm7 import (
    CodecError,
    decode_septets,
    encode_septets,
    is_gsm7,
    pack_septets,
    unpack_septets,
)

type Encoding = Literal["gsm7", "ucs2", "8bit"]
type ConcatLike = Concat | tuple[int, int, int, int] | tuple[int, int, int]
type Validity = timedelta | datetime

GSM7_SINGLE_SEPTETS = 160
GSM7_PART_SEPTETS = 153
UCS2_SINGLE_UNITS = 70
UCS2_PART_UNITS = 67
MAX_USER_DATA_OCTETS = 140
MAX_ALPHANUMERIC_SEPTETS = 11
MAX_ADDRESS_DIGITS = 20

_MTI_DELIVER = 0x00
_MTI_SUBMIT = 0x01
_MMS_NO_MORE = 0x04  # SMS-DELIVER TP-MMS: no more messages are waiting
_REJECT_DUPLICATES = 0x04  # SMS-SUBMIT TP-RD
_STATUS_REPORT = 0x20  # SMS-SUBMIT TP-SRR
_UDHI = 0x40

_TYPE_INTERNATIONAL = 0x91
_TYPE_NATIONAL = 0x81
_TYPE_ALPHANUMERIC = 0xD0
_TON_MASK = 0x70
_TON_INTERNATIONAL = 0x10
_TON_ALPHANUMERIC = 0x50

_VPF_NONE = 0
_VPF_ENHANCED = 1
_VPF_RELATIVE = 2
_VPF_ABSOLUTE = 3

_IEI_CONCAT_8 = 0x00
_IEI_CONCAT_16 = 0x08

_DCS_ALPHABET: dict[Encoding, int] = {"gsm7": 0x00, "8bit": 0x04, "ucs2": 0x08}
# Bits 3..2 of a general data coding DCS; the reserved 11 means GSM 7-bit.
_GENERAL_ALPHABETS: tuple[Encoding, ...] = ("gsm7", "8bit", "ucs2", "gsm7")
_BCD_DIGITS = "0123456789*#abc"
_DIGITS = frozenset("0123456789")
_QUARTER_HOUR = 900


class PduError(ValueError):
    """A PDU that cannot be built or parsed."""


class Concat(NamedTuple):
    """The concatenation information element of one part (23.040 §9.2.3.24.1)."""

    reference: int
    total: int
    sequence: int
    reference_bits: int = 8


@dataclass(frozen=True, slots=True)
class Submit:
    """What a client asked to send with AT+CMGS in PDU mode."""

    destination: str
    text: str
    encoding: Encoding
    concat: Concat | None
    request_status_report: bool
    message_reference: int = 0
    validity: Validity | None = None
    smsc: str | None = None
    message_class: int | None = None
    reject_duplicates: bool = False


def choose_encoding(text: str) -> Encoding:
    """GSM 7-bit when every character fits, else UCS2, as a network picks."""
    return "gsm7" if is_gsm7(text) else "ucs2"


def split_for_delivery(text: str) -> list[str]:
    """Split text into the parts a network delivers it in.

    GSM 7-bit text fits 160 septets in one part and 153 per part otherwise;
    other text 70 UTF-16 units, or 67 per part. Escape sequences and
    surrogate pairs are never cut.
    """
    if is_gsm7(text):
        costs = [len(encode_septets(char)) for char in text]
        return _split(text, costs, GSM7_SINGLE_SEPTETS, GSM7_PART_SEPTETS)
    costs = [2 if ord(char) > 0xFFFF else 1 for char in text]
    return _split(text, costs, UCS2_SINGLE_UNITS, UCS2_PART_UNITS)


def encode_deliver(
    sender: str,
    text: str,
    timestamp: datetime,
    *,
    encoding: Encoding | None = None,
    smsc: str | None = None,
    concat: ConcatLike | None = None,
    message_class: int | None = None,
    more_messages: bool = False,
) -> tuple[str, int]:
    """Build an SMS-DELIVER as a modem lists it in PDU mode.

    Args:
        sender: "+digits" (international), "digits" (national) or a name of
            up to 11 GSM characters (alphanumeric).
        text: the user data; for "8bit", each character is one Latin-1 octet.
        timestamp: the service-centre time stamp, timezone-aware; its offset
            must be whole quarter hours.
        encoding: forced alphabet; by default GSM 7-bit if the text fits.
        smsc: the service centre number, or None for an empty SMSC field.
        concat: (reference, total, sequence[, reference bits 8 or 16]).
        message_class: 0..3 (0 is a flash message), or None.
        more_messages: clear TP-MMS, telling the phone more messages wait.

    Returns:
        The hex PDU with its SMSC field, and the TPDU length in octets.

    Raises:
        PduError: a field cannot be encoded or the text is too long.
    """
    first_octet = _MTI_DELIVER | (0 if more_messages else _MMS_NO_MORE)
    header, user_data = _encode_body(text, encoding, concat, message_class)
    if header.has_header:
        first_octet |= _UDHI
    tpdu = (
        bytes([first_octet])
        + _encode_address(sender)
        + bytes([0x00, header.dcs])
        + _encode_timestamp(timestamp)
        + bytes([header.udl])
        + user_data
    )
    return (_encode_smsc(smsc) + tpdu).hex().upper(), len(tpdu)


def encode_submit(
    destination: str,
    text: str,
    *,
    encoding: Encoding | None = None,
    smsc: str | None = None,
    concat: ConcatLike | None = None,
    message_reference: int = 0,
    request_status_report: bool = False,
    reject_duplicates: bool = False,
    validity: Validity | None = None,
    message_class: int | None = None,
) -> tuple[str, int]:
    """Build an SMS-SUBMIT as a client sends it with AT+CMGS (for test symmetry).

    A timedelta validity is sent in relative format (rounded up to the next
    step the format has), a datetime in absolute format.

    Returns:
        The hex PDU with its SMSC field, and the TPDU length for AT+CMGS.

    Raises:
        PduError: a field cannot be encoded or the text is too long.
    """
    if not 0 <= message_reference <= 0xFF:
        raise PduError(f"message reference {message_reference} is outside 0..255")
    vpf, validity_octets = _encode_validity(validity)
    header, user_data = _encode_body(text, encoding, concat, message_class)
    first_octet = _MTI_SUBMIT | vpf << 3
    first_octet |= _REJECT_DUPLICATES if reject_duplicates else 0
    first_octet |= _STATUS_REPORT if request_status_report else 0
    first_octet |= _UDHI if header.has_header else 0
    tpdu = (
        bytes([first_octet, message_reference])
        + _encode_address(destination)
        + bytes([0x00, header.dcs])
        + validity_octets
        + bytes([header.udl])
        + user_data
    )
    return (_encode_smsc(smsc) + tpdu).hex().upper(), len(tpdu)


def decode_submit(hex_pdu: str, tpdu_length: int | None = None) -> Submit:
    """Parse the SMS-SUBMIT a client sends after AT+CMGS=<length>.

    Args:
        hex_pdu: the hex the client typed before Ctrl-Z.
        tpdu_length: the AT+CMGS length. The octets beyond it at the start
            are the SMSC field (none when the PDU is exactly that long).
            Without it the PDU must start with an SMSC field, as 27.005 has it.

    Raises:
        PduError: anything malformed, truncated, or not an SMS-SUBMIT.
    """
    reader = _Reader(_from_hex(hex_pdu))
    smsc = _read_smsc(reader, tpdu_length)
    first_octet = reader.octet()
    if first_octet & 0x03 != _MTI_SUBMIT:
        raise PduError(f"first octet {first_octet:02X} is not an SMS-SUBMIT")
    message_reference = reader.octet()
    destination = _read_address(reader)
    reader.octet()  # TP-PID
    dcs = reader.octet()
    validity = _read_validity(reader, (first_octet >> 3) & 0x03)
    udl = reader.octet()
    encoding = _alphabet(dcs)
    headers, text = _read_user_data(reader, encoding, udl, bool(first_octet & _UDHI))
    if reader.remaining:
        raise PduError(f"{reader.remaining} octets after the user data")
    return Submit(
        destination=destination,
        text=text,
        encoding=encoding,
        concat=_find_concat(headers),
        request_status_report=bool(first_octet & _STATUS_REPORT),
        message_reference=message_reference,
        validity=validity,
        smsc=smsc,
        message_class=_message_class(dcs),
        reject_duplicates=bool(first_octet & _REJECT_DUPLICATES),
    )


# --- building ---------------------------------------------------------------


class _BodyHeader(NamedTuple):
    dcs: int
    udl: int
    has_header: bool


def _encode_body(
    text: str,
    encoding: Encoding | None,
    concat: ConcatLike | None,
    message_class: int | None,
) -> tuple[_BodyHeader, bytes]:
    chosen = encoding or choose_encoding(text)
    if chosen not in _DCS_ALPHABET:
        raise PduError(f"unknown encoding {chosen!r}")
    udh = _concat_header(concat)
    dcs = _encode_dcs(chosen, message_class)
    if chosen == "gsm7":
        udl, user_data = _gsm7_user_data(text, udh)
    else:
        udl, user_data = _octet_user_data(text, chosen, udh)
    return _BodyHeader(dcs, udl, bool(udh)), user_data


def _gsm7_user_data(text: str, udh: bytes) -> tuple[int, bytes]:
    try:
        septets = encode_septets(text)
    except CodecError as err:
        raise PduError(str(err)) from err
    fill_bits = -8 * len(udh) % 7
    udl = (8 * len(udh) + fill_bits) // 7 + len(septets)
    if udl > GSM7_SINGLE_SEPTETS:
        raise PduError(f"{udl} septets exceed the {GSM7_SINGLE_SEPTETS} one SMS holds")
    return udl, udh + pack_septets(septets, fill_bits)


def _octet_user_data(text: str, encoding: Encoding, udh: bytes) -> tuple[int, bytes]:
    codec = "utf-16-be" if encoding == "ucs2" else "latin-1"
    try:
        body = text.encode(codec)
    except UnicodeEncodeError as err:
        raise PduError(f"cannot encode {text!r} as {encoding}: {err.reason}") from err
    user_data = udh + body
    if len(user_data) > MAX_USER_DATA_OCTETS:
        raise PduError(
            f"{len(user_data)} octets exceed the {MAX_USER_DATA_OCTETS} one SMS holds"
        )
    return len(user_data), user_data


def _concat_header(concat: ConcatLike | None) -> bytes:
    """The user-data header, UDHL included, for a concatenated part."""
    if concat is None:
        return b""
    try:
        part = Concat(*concat)
    except TypeError as err:
        raise PduError(
            f"concatenation {concat!r} is not (ref, total, seq[, bits])"
        ) from err
    if not 1 <= part.total <= 0xFF or not 1 <= part.sequence <= part.total:
        raise PduError(f"part {part.sequence} of {part.total} is out of range")
    if part.reference_bits == 8 and 0 <= part.reference <= 0xFF:
        return bytes([5, _IEI_CONCAT_8, 3, part.reference, part.total, part.sequence])
    if part.reference_bits == 16 and 0 <= part.reference <= 0xFFFF:
        high, low = divmod(part.reference, 0x100)
        return bytes([6, _IEI_CONCAT_16, 4, high, low, part.total, part.sequence])
    raise PduError(
        f"reference {part.reference} does not fit {part.reference_bits} bits (8 or 16)"
    )


def _encode_dcs(encoding: Encoding, message_class: int | None) -> int:
    dcs = _DCS_ALPHABET[encoding]
    if message_class is None:
        return dcs
    if not 0 <= message_class <= 3:
        raise PduError(f"message class {message_class} is outside 0..3")
    return 0x10 | dcs | message_class


def _encode_address(address: str) -> bytes:
    """TP-OA / TP-DA: length in digits (semi-octets if alphanumeric), type, value."""
    if address.startswith("+") and _is_number(address[1:]):
        digits = address[1:]
        return bytes([len(digits), _TYPE_INTERNATIONAL]) + _encode_bcd(digits)
    if _is_number(address):
        return bytes([len(address), _TYPE_NATIONAL]) + _encode_bcd(address)
    try:
        septets = encode_septets(address)
    except CodecError as err:
        raise PduError(f"address {address!r}: {err}") from err
    if not 1 <= len(septets) <= MAX_ALPHANUMERIC_SEPTETS:
        raise PduError(
            f"alphanumeric address {address!r} must be 1..{MAX_ALPHANUMERIC_SEPTETS} septets"
        )
    semi_octets = math.ceil(7 * len(septets) / 4)
    return bytes([semi_octets, _TYPE_ALPHANUMERIC]) + pack_septets(septets)


def _encode_smsc(smsc: str | None) -> bytes:
    """The SMSC field: length in octets (type included), type, BCD digits."""
    if not smsc:
        return b"\x00"
    international = smsc.startswith("+")
    digits = smsc.removeprefix("+")
    if not _is_number(digits):
        raise PduError(f"SMSC address {smsc!r} is not a phone number")
    value = _encode_bcd(digits)
    kind = _TYPE_INTERNATIONAL if international else _TYPE_NATIONAL
    return bytes([len(value) + 1, kind]) + value


def _is_number(digits: str) -> bool:
    return 1 <= len(digits) <= MAX_ADDRESS_DIGITS and set(digits) <= _DIGITS


def _encode_bcd(digits: str) -> bytes:
    padded = digits + "F" * (len(digits) % 2)
    return bytes.fromhex(
        "".join(padded[i + 1] + padded[i] for i in range(0, len(padded), 2))
    )


def _encode_timestamp(moment: datetime) -> bytes:
    """SCTS / absolute validity: swapped semi-octets, zone in signed quarter hours."""
    offset = moment.utcoffset()
    if offset is None:
        raise PduError("the time stamp needs a timezone")
    quarters, rest = divmod(abs(int(offset.total_seconds())), _QUARTER_HOUR)
    if rest or quarters > 79:
        raise PduError(f"zone offset {offset} is not a whole number of quarter hours")
    fields = (moment.year % 100, moment.month, moment.day, moment.hour, moment.minute)
    octets = [_swapped_bcd(value) for value in (*fields, moment.second, quarters)]
    if offset < timedelta(0):
        octets[-1] |= 0x08
    return bytes(octets)


def _swapped_bcd(value: int) -> int:
    tens, units = divmod(value, 10)
    return units << 4 | tens


def _encode_validity(validity: Validity | None) -> tuple[int, bytes]:
    if validity is None:
        return _VPF_NONE, b""
    if isinstance(validity, datetime):
        return _VPF_ABSOLUTE, _encode_timestamp(validity)
    return _VPF_RELATIVE, bytes([_relative_validity_code(validity)])


def _relative_validity_code(period: timedelta) -> int:
    """The smallest TP-VP (relative) that lasts at least `period` (23.040 §9.2.3.12.1)."""
    minutes = math.ceil(period.total_seconds() / 60)
    if minutes < 0:
        raise PduError(f"validity period {period} is negative")
    if minutes <= 720:
        return max(math.ceil(minutes / 5) - 1, 0)
    if minutes <= 1440:
        return 143 + math.ceil((minutes - 720) / 30)
    days = math.ceil(minutes / 1440)
    if days <= 30:
        return 166 + days
    weeks = math.ceil(days / 7)
    if weeks <= 63:
        return 192 + weeks
    raise PduError(f"validity period {period} exceeds 63 weeks")


def _split(text: str, costs: list[int], single: int, per_part: int) -> list[str]:
    if sum(costs) <= single:
        return [text]
    parts: list[str] = []
    start = used = 0
    for index, cost in enumerate(costs):
        if used + cost > per_part:
            parts.append(text[start:index])
            start, used = index, 0
        used += cost
    parts.append(text[start:])
    return parts


# --- parsing ----------------------------------------------------------------


class _Reader:
    """Reads octets in order; running out is a PduError, never an IndexError."""

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
                f"PDU ends at octet {len(self._data)}; "
                f"{count} more needed at octet {self._position}"
            )
        chunk = self._data[self._position : self._position + count]
        self._position += count
        return chunk


def _from_hex(hex_pdu: str) -> bytes:
    try:
        return bytes.fromhex(hex_pdu)
    except ValueError as err:
        raise PduError(f"PDU is not hex: {hex_pdu!r}") from err


def _read_smsc(reader: _Reader, tpdu_length: int | None) -> str | None:
    if tpdu_length is not None:
        smsc_octets = reader.remaining - tpdu_length
        if tpdu_length < 1 or smsc_octets < 0:
            raise PduError(
                f"length {tpdu_length} does not fit a PDU of {reader.remaining} octets"
            )
        if smsc_octets == 0:
            return None
        if reader.octet() + 1 != smsc_octets:
            raise PduError(
                f"SMSC field does not span the {smsc_octets} octets before the TPDU"
            )
        return _decode_smsc(reader.take(smsc_octets - 1))
    return _decode_smsc(reader.take(reader.octet()))


def _decode_smsc(field: bytes) -> str | None:
    if not field:
        return None
    digits = _decode_bcd(field[1:])
    return "+" + digits if field[0] & _TON_MASK == _TON_INTERNATIONAL else digits


def _read_address(reader: _Reader) -> str:
    length = reader.octet()
    kind = reader.octet()
    value = reader.take((length + 1) // 2)
    if kind & _TON_MASK == _TON_ALPHANUMERIC:
        return decode_septets(unpack_septets(value, 4 * length // 7))
    digits = _decode_bcd(value)[:length]
    return "+" + digits if kind & _TON_MASK == _TON_INTERNATIONAL else digits


def _decode_bcd(value: bytes) -> str:
    nibbles = (nibble for octet in value for nibble in (octet & 0x0F, octet >> 4))
    return "".join(_BCD_DIGITS[nibble] for nibble in nibbles if nibble != 0x0F)


def _read_validity(reader: _Reader, vpf: int) -> Validity | None:
    if vpf == _VPF_RELATIVE:
        return _relative_validity(reader.octet())
    if vpf == _VPF_ABSOLUTE:
        return _decode_timestamp(reader.take(7))
    if vpf == _VPF_ENHANCED:
        return _enhanced_validity(reader.take(7))
    return None


def _relative_validity(code: int) -> timedelta:
    if code <= 143:
        return timedelta(minutes=5 * (code + 1))
    if code <= 167:
        return timedelta(hours=12, minutes=30 * (code - 143))
    if code <= 196:
        return timedelta(days=code - 166)
    return timedelta(weeks=code - 192)


def _enhanced_validity(field: bytes) -> timedelta | None:
    """23.040 §9.2.3.12.3: the functionality indicator picks the format."""
    kind = field[0] & 0x07
    if kind == 0:
        return None
    if kind == 1:
        return _relative_validity(field[1])
    if kind == 2:
        return timedelta(seconds=field[1])
    if kind == 3:
        hours, minutes, seconds = (_unswap_bcd(octet) for octet in field[1:4])
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    raise PduError(f"enhanced validity format {kind} is reserved")


def _decode_timestamp(field: bytes) -> datetime:
    year, month, day, hour, minute, second = (_unswap_bcd(octet) for octet in field[:6])
    zone = field[6]
    quarters = _unswap_bcd(zone & ~0x08)
    offset = timedelta(seconds=_QUARTER_HOUR * quarters)
    try:
        return datetime(
            2000 + year,
            month,
            day,
            hour,
            minute,
            second,
            tzinfo=timezone(-offset if zone & 0x08 else offset),
        )
    except ValueError as err:
        raise PduError(f"invalid time stamp {field.hex().upper()}: {err}") from err


def _unswap_bcd(octet: int) -> int:
    tens, units = octet & 0x0F, octet >> 4
    if tens > 9 or units > 9:
        raise PduError(f"octet {octet:02X} is not two decimal semi-octets")
    return 10 * tens + units


def _alphabet(dcs: int) -> Encoding:
    """The alphabet a TP-DCS names (23.038 §4); reserved codings mean GSM 7-bit."""
    group = dcs >> 4
    if group <= 0x7:
        if dcs & 0x20:
            raise PduError(
                f"DCS {dcs:02X} asks for compressed text, which is unsupported"
            )
        return _GENERAL_ALPHABETS[(dcs >> 2) & 0x03]
    if group == 0xE:
        return "ucs2"
    if group == 0xF and dcs & 0x04:
        return "8bit"
    return "gsm7"


def _message_class(dcs: int) -> int | None:
    group = dcs >> 4
    if (group <= 0x7 and dcs & 0x10) or group == 0xF:
        return dcs & 0x03
    return None


def _read_user_data(
    reader: _Reader, encoding: Encoding, udl: int, has_header: bool
) -> tuple[dict[int, bytes], str]:
    if encoding == "gsm7":
        return _read_gsm7_user_data(reader, udl, has_header)
    if udl > MAX_USER_DATA_OCTETS:
        raise PduError(f"user data length {udl} exceeds {MAX_USER_DATA_OCTETS} octets")
    user_data = reader.take(udl)
    header_length = _header_length(user_data, has_header)
    headers = _parse_header(user_data[1:header_length])
    body = user_data[header_length:]
    if encoding == "8bit":
        return headers, body.decode("latin-1")
    try:
        return headers, body.decode("utf-16-be")
    except UnicodeDecodeError as err:
        raise PduError(f"invalid UCS2 user data: {err.reason}") from err


def _read_gsm7_user_data(
    reader: _Reader, udl: int, has_header: bool
) -> tuple[dict[int, bytes], str]:
    if udl > GSM7_SINGLE_SEPTETS:
        raise PduError(f"user data length {udl} exceeds {GSM7_SINGLE_SEPTETS} septets")
    user_data = reader.take(math.ceil(7 * udl / 8))
    header_length = _header_length(user_data, has_header)
    header_septets = math.ceil(8 * header_length / 7)
    if header_septets > udl:
        raise PduError(
            f"user data header is longer than the {udl} septets of user data"
        )
    fill_bits = 7 * header_septets - 8 * header_length
    septets = unpack_septets(user_data[header_length:], udl - header_septets, fill_bits)
    return _parse_header(user_data[1:header_length]), decode_septets(septets)


def _header_length(user_data: bytes, has_header: bool) -> int:
    """Octets of the user-data header including its UDHL octet (0 if none)."""
    if not has_header:
        return 0
    if not user_data:
        raise PduError("TP-UDHI is set but the user data is empty")
    length = user_data[0] + 1
    if length > len(user_data):
        raise PduError(f"user data header of {length} octets overruns the user data")
    return length


def _parse_header(header: bytes) -> dict[int, bytes]:
    """Information elements by IEI; a later one of a kind replaces an earlier."""
    elements: dict[int, bytes] = {}
    reader = _Reader(header)
    while reader.remaining:
        iei = reader.octet()
        elements[iei] = reader.take(reader.octet())
    return elements


def _find_concat(elements: dict[int, bytes]) -> Concat | None:
    """The concatenation element; one with a zero or out-of-range count is ignored."""
    if (data := elements.get(_IEI_CONCAT_8)) is not None:
        if len(data) != 3:
            raise PduError(f"8-bit concatenation element has {len(data)} octets, not 3")
        part = Concat(data[0], data[1], data[2], 8)
    elif (data := elements.get(_IEI_CONCAT_16)) is not None:
        if len(data) != 4:
            raise PduError(
                f"16-bit concatenation element has {len(data)} octets, not 4"
            )
        part = Concat(data[0] << 8 | data[1], data[2], data[3], 16)
    else:
        return None
    return part if 1 <= part.sequence <= part.total else None
