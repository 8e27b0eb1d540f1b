"""Reading `+CUSD` result codes: the session status, and the text decoded by dcs and content.

Networks and firmwares disagree on USSD encoding: plain text already decoded by the
modem, GSM-7 packed hex (Huawei), UCS2 hex (dcs 72, or mislabelled as 15, or because
`AT+CSCS="UCS2"`). protocols.md §3 has the rules; `decode_ussd_text` applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
import re
import unicodedata

from .errors import ModemReplyError
from .gsm7 import CodecError, decode_ucs2_hex, unpack_ussd_hex

_CUSD = re.compile(
    r'^\+CUSD:\s*([0-9]{1,3})\s*(?:,\s*"(.*)"\s*(?:,\s*([0-9]{1,3}))?)?\s*$', re.DOTALL
)
_HEX = re.compile(r"^[0-9A-Fa-f]+$")
_COMMON_BLOCKS = (
    (0x0000, 0x024F),  # Latin
    (0x0370, 0x06FF),  # Greek, Cyrillic, Armenian, Hebrew, Arabic
    (0x0900, 0x0E7F),  # Indic scripts, Thai
    (0x2000, 0x20CF),  # punctuation, currency signs
    (0x3000, 0x30FF),  # CJK punctuation, kana
    (0x4E00, 0x9FFF),  # CJK ideographs
    (0xAC00, 0xD7AF),  # Hangul
    (0xFF00, 0xFFEF),  # full-width forms
)


class UssdStatus(IntEnum):
    """`<m>` of `+CUSD` (27.007 §7.15)."""

    DONE = 0
    ACTION_REQUIRED = 1
    TERMINATED = 2
    OTHER_CLIENT = 3
    NOT_SUPPORTED = 4
    NETWORK_TIMEOUT = 5


@dataclass(frozen=True, slots=True)
class CusdResult:
    """One `+CUSD` line as sent: status, the raw string, and the data coding scheme."""

    status: UssdStatus
    raw: str | None
    dcs: int | None


def parse_cusd(line: str) -> CusdResult:
    """Parse `+CUSD: <m>[,"<str>"[,<dcs>]]`; the string may span lines."""
    match = _CUSD.match(line.strip())
    if match is None:
        raise ModemReplyError("unreadable USSD result")
    try:
        status = UssdStatus(int(match[1]))
    except ValueError as err:
        raise ModemReplyError(f"unknown USSD status {match[1]}") from err
    dcs = int(match[3]) if match[3] is not None else None
    return CusdResult(status=status, raw=match[2], dcs=dcs)


def dcs_is_ucs2(dcs: int) -> bool:
    """Whether a USSD/CBS data coding scheme (23.038 §5) says UCS2."""
    if dcs == 0x11:  # language-indicated UCS2
        return True
    group = dcs >> 4
    return 0x4 <= group <= 0x7 and (dcs >> 2) & 0x3 == 0x2


def decode_ussd_text(
    raw: str, dcs: int | None, *, ucs2_charset: bool = False, packed: bool = False
) -> str:
    """The text a person should read, deciding by dcs and by content."""
    if ucs2_charset or (dcs is not None and dcs_is_ucs2(dcs)):
        return _try_ucs2(raw) or raw
    if not _HEX.match(raw):
        return raw
    if packed:
        return _try_packed(raw) or raw
    return _try_ucs2(raw, strict=True) or _try_packed(raw, strict=True) or raw


def _try_ucs2(raw: str, *, strict: bool = False) -> str | None:
    if len(raw) % 4 or not _HEX.match(raw):
        return None
    try:
        text = decode_ucs2_hex(raw)
    except CodecError:
        return None
    if strict and not _plausible_ucs2(raw, text):
        return None
    return text if _printable(text) else None


def _plausible_ucs2(raw: str, text: str) -> bool:
    """Hex that spells real UCS2 text, not a plain reply that happens to be hex digits."""
    if len(raw) < 8:
        return False
    has_letters = any(char in "ABCDEFabcdef" for char in raw)
    has_ascii = any(ord(char) < 0x80 for char in text)
    in_common_blocks = sum(
        any(low <= ord(char) <= high for low, high in _COMMON_BLOCKS) for char in text
    )
    return (has_letters or has_ascii) and in_common_blocks * 5 >= len(text) * 4


def _try_packed(raw: str, *, strict: bool = False) -> str | None:
    if len(raw) % 2:
        return None
    try:
        text = unpack_ussd_hex(raw)
    except CodecError:
        return None
    if not _printable(text):
        return None
    if strict and not _plausible_packed(raw, text):
        return None
    return text


def _plausible_packed(raw: str, text: str) -> bool:
    """Packed septets that spell a sentence, not a plain reply made of hex digits."""
    has_letters = any(char in "ABCDEFabcdef" for char in raw)
    sentence_like = sum(
        char.isascii() and (char.isalnum() or char in " .,:;#*$%-+/()\n")
        for char in text
    )
    return len(raw) >= 10 and has_letters and sentence_like * 5 >= len(text) * 4


def _printable(text: str) -> bool:
    return bool(text) and all(
        char in "\n\r\t" or unicodedata.category(char)[0] != "C" for char in text
    )
