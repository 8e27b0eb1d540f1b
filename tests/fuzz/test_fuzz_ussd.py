"""Fuzz the USSD readers: `+CUSD` lines, and the text decoders (packed GSM-7 hex, UCS2, dcs).

`parse_cusd` returns a result or raises `ModemReplyError`; `decode_ussd_text` always
returns text, whatever the dcs and the content; packed and UCS2 texts round-trip.
"""

from __future__ import annotations

import contextlib

from hypothesis import given, strategies as st

from custom_components.data_balance.modem import ModemReplyError
from custom_components.data_balance.modem.gsm7 import (
    DEFAULT_ALPHABET,
    EXTENSION_TABLE,
    CodecError,
    decode_ucs2_hex,
    encode_ucs2_hex,
    pack_ussd_hex,
    unpack_ussd_hex,
)
from custom_components.data_balance.modem.ussd import (
    CusdResult,
    decode_ussd_text,
    parse_cusd,
)

from .budget import fuzz_settings

_HEX_TEXT = st.text(alphabet="0123456789ABCDEFabcdef", max_size=240)
_DCS = st.one_of(
    st.none(),
    st.sampled_from([0, 15, 17, 68, 72, 0x48, 0x11, 0x40, 0xF0]),
    st.integers(min_value=-(2**40), max_value=2**40),
)
_GSM7_TEXT = st.text(
    alphabet=st.sampled_from(
        sorted({*DEFAULT_ALPHABET.replace("\x1b", ""), *EXTENSION_TABLE.values()})
    ),
    max_size=160,
)


@st.composite
def cusd_line(draw: st.DrawFn) -> str:
    """A `+CUSD:` line, well-formed or not."""
    status = draw(st.one_of(st.integers(-3, 9).map(str), st.text(max_size=4)))
    quote = draw(st.sampled_from(['"', "", '""']))
    body = draw(st.one_of(_HEX_TEXT, st.text(max_size=120)))
    dcs = draw(
        st.one_of(
            st.just(""), st.integers(0, 300).map(lambda n: f",{n}"), st.text(max_size=6)
        )
    )
    spacing = draw(st.sampled_from(["", " ", "\n", "\r\n"]))
    return f"+CUSD:{spacing}{status},{quote}{body}{quote}{dcs}{spacing}"


@fuzz_settings(800)
@given(line=st.one_of(cusd_line(), st.text(max_size=200)))
def test_cusd_lines_parse_or_are_refused(line: str) -> None:
    try:
        result = parse_cusd(line)
    except ModemReplyError:
        return
    assert isinstance(result, CusdResult)
    if result.raw is not None:
        decode_ussd_text(result.raw, result.dcs)


@fuzz_settings(800)
@given(
    raw=st.one_of(_HEX_TEXT, st.text(max_size=200)),
    dcs=_DCS,
    ucs2_charset=st.booleans(),
    packed=st.booleans(),
)
def test_any_text_and_dcs_decode_to_text(
    raw: str, dcs: int | None, ucs2_charset: bool, packed: bool
) -> None:
    text = decode_ussd_text(raw, dcs, ucs2_charset=ucs2_charset, packed=packed)
    assert isinstance(text, str)


@fuzz_settings(500)
@given(text=_GSM7_TEXT.filter(lambda text: text.strip() == text and text))
def test_packed_hex_round_trips(text: str) -> None:
    packed = pack_ussd_hex(text)
    assert unpack_ussd_hex(packed) == text
    # A Huawei stick in packed mode: the decoder reads it back to the same text, unless
    # the text has characters a reader cannot show (then the raw hex is kept).
    decoded = decode_ussd_text(packed, 15, packed=True)
    assert decoded in (text, packed)


@fuzz_settings(500)
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80))
def test_ucs2_hex_round_trips(text: str) -> None:
    hex_text = encode_ucs2_hex(text)
    assert decode_ucs2_hex(hex_text) == text
    decoded = decode_ussd_text(hex_text, 72)
    assert decoded in (text, hex_text)


@fuzz_settings(800)
@given(raw=st.one_of(_HEX_TEXT, st.text(max_size=80)))
def test_codecs_refuse_only_with_codec_errors(raw: str) -> None:
    with contextlib.suppress(CodecError):
        unpack_ussd_hex(raw)
    with contextlib.suppress(CodecError):
        decode_ucs2_hex(raw)
