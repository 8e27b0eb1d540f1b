"""GSM 7-bit default alphabet, septet packing and UCS2 hex (3GPP TS 23.038)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

ESCAPE = 0x1B
CR = 0x0D

# 23.038 §6.2.1, indexed by septet value. 0x1B (escape) is a placeholder here.
DEFAULT_ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)

# 23.038 §6.2.1.1: the extension table, reached with ESCAPE.
EXTENSION_TABLE = {
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

_CHAR_TO_SEPTETS: dict[str, tuple[int, ...]] = {
    char: (value,) for value, char in enumerate(DEFAULT_ALPHABET) if value != ESCAPE
} | {char: (ESCAPE, value) for value, char in EXTENSION_TABLE.items()}


class CodecError(ValueError):
    """Text or data that the GSM 7-bit or UCS2 codecs cannot convert."""


class NotGsm7Error(CodecError):
    """A character that is in neither the default alphabet nor its extension."""

    def __init__(self, char: str, index: int) -> None:
        """Record the offending character and its position in the text."""
        super().__init__(
            f"character {char!r} (U+{ord(char):04X}) at index {index} "
            "is not in the GSM 7-bit alphabet"
        )
        self.char = char
        self.index = index


def is_gsm7(text: str) -> bool:
    """Whether every character of `text` has a GSM 7-bit encoding."""
    return all(char in _CHAR_TO_SEPTETS for char in text)


def septet_length(text: str) -> int:
    """Septets `text` takes; extension characters count two."""
    return len(encode_septets(text))


def encode_septets(text: str) -> list[int]:
    """Map text to septet values, escaping extension-table characters.

    Raises:
        NotGsm7Error: a character is not in the alphabet.
    """
    septets: list[int] = []
    for index, char in enumerate(text):
        try:
            septets.extend(_CHAR_TO_SEPTETS[char])
        except KeyError:
            raise NotGsm7Error(char, index) from None
    return septets


def decode_septets(septets: Iterable[int]) -> str:
    """Map septet values to text.

    An escape before an unknown extension code yields the default-table
    character, and an escape with nothing after it (or before another escape)
    a space, as 23.038 asks of a receiver.

    Raises:
        CodecError: a value is outside 0..127.
    """
    chars: list[str] = []
    escaped = False
    for value in septets:
        _check_septet(value)
        if escaped:
            escaped = False
            if value == ESCAPE:
                chars.append(" ")
                continue
            chars.append(EXTENSION_TABLE.get(value, DEFAULT_ALPHABET[value]))
        elif value == ESCAPE:
            escaped = True
        else:
            chars.append(DEFAULT_ALPHABET[value])
    if escaped:
        chars.append(" ")
    return "".join(chars)


def pack_septets(
    septets: Iterable[int], fill_bits: int = 0, *, cr_padding: bool = False
) -> bytes:
    """Pack septets least-significant bit first into octets (23.038 §6.1.2.1.1).

    Args:
        septets: values 0..127.
        fill_bits: zero bits before the first septet (0..6), used after a
            user-data header to reach a septet boundary.
        cr_padding: pad as USSD and cell broadcast do (23.038 §6.1.2.3.1):
            seven spare bits at the end are filled with CR, and a CR that
            ends exactly on an octet boundary is followed by another CR.

    Raises:
        CodecError: a value is out of range.
    """
    _check_fill_bits(fill_bits)
    values = list(septets)
    for value in values:
        _check_septet(value)
    if cr_padding:
        values = _with_cr_padding(values, fill_bits)
    bit_count = fill_bits + 7 * len(values)
    number = 0
    for position, value in enumerate(values):
        number |= value << (fill_bits + 7 * position)
    return number.to_bytes((bit_count + 7) // 8, "little")


def unpack_septets(data: bytes, count: int, fill_bits: int = 0) -> list[int]:
    """Read `count` septets packed after `fill_bits` zero bits.

    Raises:
        CodecError: `data` is too short, or an argument is out of range.
    """
    _check_fill_bits(fill_bits)
    if count < 0:
        raise CodecError(f"septet count {count} is negative")
    if fill_bits + 7 * count > 8 * len(data):
        raise CodecError(
            f"{len(data)} octets cannot hold {count} septets after {fill_bits} fill bits"
        )
    number = int.from_bytes(data, "little")
    return [(number >> (fill_bits + 7 * i)) & 0x7F for i in range(count)]


def ussd_pack_hex(text: str) -> str:
    """USSD text as packed GSM 7-bit hex, as Huawei firmwares want it.

    Raises:
        NotGsm7Error: a character is not in the alphabet.
    """
    return pack_septets(encode_septets(text), cr_padding=True).hex().upper()


def ussd_unpack_hex(hex_text: str) -> str:
    """Decode packed GSM 7-bit USSD hex, dropping a CR that is only padding.

    Raises:
        CodecError: the input is not hex.
    """
    data = _from_hex(hex_text)
    count = 8 * len(data) // 7
    septets = unpack_septets(data, count)
    if 8 * len(data) % 7 == 0 and septets and septets[-1] == CR:
        septets.pop()
    return decode_septets(septets)


def ucs2_hex(text: str) -> str:
    """Text as UTF-16BE hex (surrogate pairs for characters beyond the BMP).

    Raises:
        CodecError: the text holds a lone surrogate.
    """
    try:
        return text.encode("utf-16-be").hex().upper()
    except UnicodeEncodeError as err:
        raise CodecError(f"cannot encode {text!r} as UTF-16: {err.reason}") from err


def from_ucs2_hex(hex_text: str) -> str:
    """Decode UTF-16BE hex; surrogate pairs are joined.

    Raises:
        CodecError: not hex, not whole code units, or a lone surrogate.
    """
    data = _from_hex(hex_text)
    if len(data) % 2:
        raise CodecError(f"UCS2 hex {hex_text!r} is not a whole number of code units")
    try:
        return data.decode("utf-16-be")
    except UnicodeDecodeError as err:
        raise CodecError(f"invalid UTF-16 in {hex_text!r}: {err.reason}") from err


def _with_cr_padding(values: Sequence[int], fill_bits: int) -> list[int]:
    spare_bits = -(fill_bits + 7 * len(values)) % 8
    if spare_bits == 7 or (spare_bits == 0 and values and values[-1] == CR):
        return [*values, CR]
    return list(values)


def _check_septet(value: int) -> None:
    if not 0 <= value <= 0x7F:
        raise CodecError(f"septet value {value} is outside 0..127")


def _check_fill_bits(fill_bits: int) -> None:
    if not 0 <= fill_bits <= 6:
        raise CodecError(f"fill bits {fill_bits} is outside 0..6")


def _from_hex(hex_text: str) -> bytes:
    try:
        return bytes.fromhex(hex_text)
    except ValueError as err:
        raise CodecError(f"not hex: {hex_text!r}") from err
