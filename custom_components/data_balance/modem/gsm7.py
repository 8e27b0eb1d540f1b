"""GSM 03.38 text: the 7-bit default alphabet, septet packing, USSD and UCS2 hex.

References are to 3GPP TS 23.038.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import ModemError

ESCAPE = 0x1B
CARRIAGE_RETURN = 0x0D

# §6.2.1: the default alphabet, indexed by septet. Position 0x1B is the escape to
# the extension table; the placeholder there is never looked up by character.
DEFAULT_ALPHABET = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)

# §6.2.1.1: the extension table, each entry reached as ESCAPE followed by its code.
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

_DEFAULT_CODES = {
    char: code for code, char in enumerate(DEFAULT_ALPHABET) if code != ESCAPE
}
_EXTENSION_CODES = {char: code for code, char in EXTENSION_TABLE.items()}


class CodecError(ModemError, ValueError):
    """Text or hex that the GSM 7-bit or UCS2 codecs cannot convert."""


class NotGsm7Error(CodecError):
    """A character that neither the default alphabet nor its extension holds."""

    def __init__(self, char: str, index: int) -> None:
        """Keep the character and its position for the caller."""
        super().__init__(
            f"{char!r} (U+{ord(char):04X}) at {index} has no GSM 7-bit encoding"
        )
        self.char = char
        self.index = index


def is_gsm7(text: str) -> bool:
    """Whether every character of `text` has a GSM 7-bit encoding."""
    return all(char in _DEFAULT_CODES or char in _EXTENSION_CODES for char in text)


def char_septets(char: str) -> int:
    """Septets one character takes: 1, or 2 for an extension-table character.

    Raises:
        NotGsm7Error: the character has no GSM 7-bit encoding (index 0: it is
            judged on its own).
    """
    if char in _DEFAULT_CODES:
        return 1
    if char in _EXTENSION_CODES:
        return 2
    raise NotGsm7Error(char, 0)


def septet_length(text: str) -> int:
    """Septets `text` takes once encoded; extension characters count two.

    Raises:
        NotGsm7Error: a character has no GSM 7-bit encoding.
    """
    return len(encode_septets(text))


def encode_septets(text: str) -> list[int]:
    """Septet values for `text`, with an escape before extension characters.

    Raises:
        NotGsm7Error: a character has no GSM 7-bit encoding.
    """
    septets: list[int] = []
    for index, char in enumerate(text):
        if (code := _DEFAULT_CODES.get(char)) is not None:
            septets.append(code)
        elif (code := _EXTENSION_CODES.get(char)) is not None:
            septets += (ESCAPE, code)
        else:
            raise NotGsm7Error(char, index)
    return septets


def decode_septets(septets: Iterable[int]) -> str:
    """Text for septet values.

    As §6.2.1.1 asks of a receiver, an escape before a code the extension table
    lacks yields the default-table character, and two escapes yield a space. A
    lone escape at the very end (a cut escape pair) yields nothing.

    Raises:
        CodecError: a value is outside 0..127.
    """
    chars: list[str] = []
    after_escape = False
    for value in septets:
        if not 0 <= value <= 0x7F:
            raise CodecError(f"septet {value} is outside 0..127")
        if after_escape:
            chars.append(_extension_char(value))
            after_escape = False
        elif value == ESCAPE:
            after_escape = True
        else:
            chars.append(DEFAULT_ALPHABET[value])
    return "".join(chars)


def _extension_char(code: int) -> str:
    if code == ESCAPE:
        return " "
    return EXTENSION_TABLE.get(code, DEFAULT_ALPHABET[code])


def pack_septets(septets: Sequence[int], fill_bits: int = 0) -> bytes:
    """Pack septets into octets, least significant bit first (§6.1.2.1.1).

    Args:
        septets: values 0..127.
        fill_bits: zero bits (0..6) before the first septet, as after a user-data
            header, so that the text starts on a septet boundary.

    Raises:
        CodecError: a value or `fill_bits` is out of range.
    """
    _check_fill_bits(fill_bits)
    packed = bytearray()
    accumulator = 0
    bit_count = fill_bits
    for value in septets:
        if not 0 <= value <= 0x7F:
            raise CodecError(f"septet {value} is outside 0..127")
        accumulator |= value << bit_count
        bit_count += 7
        while bit_count >= 8:
            packed.append(accumulator & 0xFF)
            accumulator >>= 8
            bit_count -= 8
    if bit_count:
        packed.append(accumulator)
    return bytes(packed)


def unpack_septets(data: bytes, count: int, fill_bits: int = 0) -> list[int]:
    """Read `count` septets packed after `fill_bits` leading bits.

    Raises:
        CodecError: `data` is too short, or an argument is out of range.
    """
    _check_fill_bits(fill_bits)
    if count < 0:
        raise CodecError(f"septet count {count} is negative")
    if fill_bits + 7 * count > 8 * len(data):
        raise CodecError(
            f"{len(data)} octets hold fewer than {count} septets after {fill_bits} fill bits"
        )
    septets: list[int] = []
    for index in range(count):
        bit = fill_bits + 7 * index
        octet, shift = divmod(bit, 8)
        window = data[octet] | (data[octet + 1] << 8 if shift > 1 else 0)
        septets.append((window >> shift) & 0x7F)
    return septets


def pack_ussd_hex(text: str) -> str:
    """`text` as packed GSM 7-bit hex, the form Huawei firmwares take USSD in.

    §6.1.2.3.1: when seven spare bits remain the last octet carries CR, and a text
    ending in CR on an octet boundary gets one more CR, so that the receiver does
    not drop the real one.

    Raises:
        NotGsm7Error: a character has no GSM 7-bit encoding.
    """
    septets = encode_septets(text)
    spare_bits = -7 * len(septets) % 8
    ends_in_cr = bool(septets) and septets[-1] == CARRIAGE_RETURN
    if spare_bits == 7 or (spare_bits == 0 and ends_in_cr):
        septets.append(CARRIAGE_RETURN)
    return pack_septets(septets).hex().upper()


def unpack_ussd_hex(hex_text: str) -> str:
    """Text of packed GSM 7-bit USSD hex, without a CR that is only padding.

    Raises:
        CodecError: the input is not hex.
    """
    data = _from_hex(hex_text)
    count = 8 * len(data) // 7
    septets = unpack_septets(data, count)
    if count and 8 * len(data) == 7 * count and septets[-1] == CARRIAGE_RETURN:
        septets.pop()
    return decode_septets(septets)


def encode_ucs2_hex(text: str) -> str:
    """`text` as UTF-16BE hex; characters beyond the BMP become surrogate pairs.

    Raises:
        CodecError: the text holds a lone surrogate.
    """
    try:
        return text.encode("utf-16-be").hex().upper()
    except UnicodeEncodeError as err:
        raise CodecError(f"cannot encode as UTF-16: {err.reason}") from err


def decode_ucs2_hex(hex_text: str) -> str:
    """Text of UTF-16BE hex; surrogate pairs join into one character.

    Raises:
        CodecError: not hex, an odd number of octets, or a lone surrogate.
    """
    data = _from_hex(hex_text)
    if len(data) % 2:
        raise CodecError(f"UCS2 hex of {len(data)} octets is not whole code units")
    try:
        return data.decode("utf-16-be")
    except UnicodeDecodeError as err:
        raise CodecError(f"invalid UTF-16: {err.reason}") from err


def _check_fill_bits(fill_bits: int) -> None:
    if not 0 <= fill_bits <= 6:
        raise CodecError(f"fill bits {fill_bits} is outside 0..6")


def _from_hex(hex_text: str) -> bytes:
    try:
        return bytes.fromhex(hex_text)
    except ValueError as err:
        raise CodecError(f"not hex: {hex_text[:40]!r}") from err
