"""The GSM 7-bit alphabet, septet packing, USSD hex and UCS2 hex.

Vectors: "hellohello" is the classic 23.040 / dreamfabric example; "*100#" is
from docs/protocols.md §3; the others are from python-gsmmodem's
test/test_pdu.py (faucamp/python-gsmmodem, TestGsm7 and TestUcs2).
"""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from simulator.gsm7 import (
    DEFAULT_ALPHABET,
    EXTENSION_TABLE,
    CodecError,
    NotGsm7Error,
    decode_septets,
    encode_septets,
    from_ucs2_hex,
    is_gsm7,
    pack_septets,
    septet_length,
    ucs2_hex,
    unpack_septets,
    ussd_pack_hex,
    ussd_unpack_hex,
)

GSM_CHARS = [c for c in DEFAULT_ALPHABET if c != "\x1b"] + list(
    EXTENSION_TABLE.values()
)
gsm_text = st.text(alphabet=st.sampled_from(GSM_CHARS), max_size=200)


def reference_pack(septets: list[int], fill_bits: int = 0) -> bytes:
    """Pack by writing a little-endian bit string, independent of the module."""
    bits = "0" * fill_bits + "".join(format(s, "07b")[::-1] for s in septets)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i : i + 8][::-1], 2) for i in range(0, len(bits), 8))


# --- the alphabet -------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("@", 0x00),
        ("£", 0x01),
        ("$", 0x02),
        ("¥", 0x03),
        ("Ç", 0x09),
        ("\n", 0x0A),
        ("\r", 0x0D),
        ("Δ", 0x10),
        ("_", 0x11),
        ("Ξ", 0x1A),
        ("É", 0x1F),
        (" ", 0x20),
        ("¤", 0x24),
        ("¡", 0x40),
        ("A", 0x41),
        ("Ä", 0x5B),
        ("§", 0x5F),
        ("¿", 0x60),
        ("a", 0x61),
        ("ä", 0x7B),
        ("à", 0x7F),
    ],
)
def test_default_alphabet_positions(char: str, code: int) -> None:
    assert encode_septets(char) == [code]
    assert decode_septets([code]) == char


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\f", 0x0A),
        ("^", 0x14),
        ("{", 0x28),
        ("}", 0x29),
        ("\\", 0x2F),
        ("[", 0x3C),
        ("~", 0x3D),
        ("]", 0x3E),
        ("|", 0x40),
        ("€", 0x65),
    ],
)
def test_extension_characters_take_two_septets(char: str, code: int) -> None:
    assert encode_septets(char) == [0x1B, code]
    assert septet_length(char) == 2
    assert decode_septets([0x1B, code]) == char


def test_known_septet_sequences() -> None:
    assert encode_septets("a[]{}€") == [97, 27, 60, 27, 62, 27, 40, 27, 41, 27, 101]
    assert encode_septets("{åΦΓΛΩΠΨΣΘ€}") == [
        27,
        40,
        15,
        18,
        19,
        20,
        21,
        22,
        23,
        24,
        25,
        27,
        101,
        27,
        41,
    ]
    assert septet_length("Price: 5€") == 10


def test_unencodable_character_is_reported() -> None:
    with pytest.raises(NotGsm7Error) as caught:
        encode_septets("ab世c")
    assert caught.value.char == "世"
    assert caught.value.index == 2
    assert isinstance(caught.value, ValueError)
    assert "U+4E16" in str(caught.value)


def test_is_gsm7() -> None:
    assert is_gsm7("Hello @ £5 {ok} €")
    assert is_gsm7("")
    assert not is_gsm7("naïve")  # ï is not in the alphabet
    assert not is_gsm7("ç")  # only the capital Ç is
    assert not is_gsm7("😀")


def test_decode_unknown_escape_falls_back_to_default_table() -> None:
    assert decode_septets([0x1B, 0x41]) == "A"


def test_decode_dangling_or_double_escape_is_a_space() -> None:
    assert decode_septets([0x61, 0x1B]) == "a "
    assert decode_septets([0x1B, 0x1B, 0x61]) == " a"


def test_decode_rejects_out_of_range_septet() -> None:
    with pytest.raises(CodecError):
        decode_septets([0x80])


# --- packing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "packed"),
    [
        ("hellohello", "E8329BFD4697D9EC37"),
        ("Hello World!", "C8329BFD065DDF72363904"),
        ("123", "31D90C"),
        ("12345678", "31D98C56B3DD70"),
        ("123456789", "31D98C56B3DD7039"),
        ("[{abc}]~", "1BDE0615168F37A98D6FD303"),
        ("a[]{}€", "E10D6FE3DBA036A94D19"),
        ("{åΦΓΛΩΠΨΣΘ€}", "1BD44332A1542C174C6653DEA400"),
    ],
)
def test_pack_known_vectors(text: str, packed: str) -> None:
    septets = encode_septets(text)
    assert pack_septets(septets).hex().upper() == packed
    assert unpack_septets(bytes.fromhex(packed), len(septets)) == septets


def test_pack_with_fill_bits_matches_bit_string() -> None:
    septets = encode_septets("Hello")
    for fill_bits in range(7):
        assert pack_septets(septets, fill_bits) == reference_pack(septets, fill_bits)


def test_pack_rejects_bad_input() -> None:
    with pytest.raises(CodecError):
        pack_septets([0x80])
    with pytest.raises(CodecError):
        pack_septets([1], fill_bits=7)
    with pytest.raises(CodecError):
        pack_septets([1], fill_bits=-1)


def test_unpack_rejects_short_data_and_bad_counts() -> None:
    with pytest.raises(CodecError):
        unpack_septets(b"\x00\x00", 3)
    with pytest.raises(CodecError):
        unpack_septets(b"\x00", 1, fill_bits=2)
    with pytest.raises(CodecError):
        unpack_septets(b"\x00", -1)


def test_empty_packs_to_nothing() -> None:
    assert pack_septets([]) == b""
    assert unpack_septets(b"", 0) == []


@given(
    septets=st.lists(st.integers(0, 127), max_size=200),
    fill_bits=st.integers(0, 6),
)
def test_pack_unpack_round_trip(septets: list[int], fill_bits: int) -> None:
    packed = pack_septets(septets, fill_bits)
    assert packed == reference_pack(septets, fill_bits)
    assert len(packed) == (fill_bits + 7 * len(septets) + 7) // 8
    assert unpack_septets(packed, len(septets), fill_bits) == septets


@given(gsm_text)
def test_septets_round_trip(text: str) -> None:
    assert decode_septets(encode_septets(text)) == text
    assert is_gsm7(text)


# --- USSD ---------------------------------------------------------------------


def test_ussd_star_100_hash() -> None:
    assert ussd_pack_hex("*100#") == "AA180C3602"
    assert ussd_unpack_hex("AA180C3602") == "*100#"
    assert ussd_unpack_hex("aa180c3602") == "*100#"


def test_ussd_seven_spare_bits_are_filled_with_cr() -> None:
    # 7 septets leave 7 spare bits in the 7th octet: 23.038 §6.1.2.3.1 puts CR there.
    packed = ussd_pack_hex("1234567")
    assert packed == reference_pack([*encode_septets("1234567"), 0x0D]).hex().upper()
    assert packed.endswith("1A")  # CR (0x0D) in the top seven bits
    assert pack_septets(encode_septets("1234567")).hex().upper().endswith("00")
    assert ussd_unpack_hex(packed) == "1234567"


def test_ussd_fifteen_septets_are_padded_too() -> None:
    text = "0123456789ABCDE"
    packed = bytes.fromhex(ussd_pack_hex(text))
    assert len(packed) == 14
    assert unpack_septets(packed, 16)[-1] == 0x0D
    assert ussd_unpack_hex(packed.hex()) == text


def test_ussd_cr_on_an_octet_boundary_is_doubled() -> None:
    text = "1234567\r"  # 8 septets end exactly on an octet boundary
    packed = bytes.fromhex(ussd_pack_hex(text))
    assert packed == reference_pack([*encode_septets(text), 0x0D])
    # The receiver sees the CR twice, as 23.038 says it will.
    assert ussd_unpack_hex(packed.hex()) == text + "\r"


def test_ussd_no_padding_when_spare_bits_are_few() -> None:
    # 14 septets leave 6 spare bits: nothing to fill.
    text = "ABCDEFGHIJKLMN"
    assert ussd_pack_hex(text) == pack_septets(encode_septets(text)).hex().upper()


def test_ussd_rejects_non_hex_and_non_gsm() -> None:
    with pytest.raises(CodecError):
        ussd_unpack_hex("ZZ")
    with pytest.raises(NotGsm7Error):
        ussd_pack_hex("баланс")


@given(gsm_text.filter(lambda text: not text.endswith("\r")))
def test_ussd_round_trip(text: str) -> None:
    assert ussd_unpack_hex(ussd_pack_hex(text)) == text


# --- UCS2 ---------------------------------------------------------------------


def test_ucs2_known_vectors() -> None:
    assert ucs2_hex("あ叶葉") == "304253F68449"
    assert ucs2_hex("はい") == "306F3044"
    assert from_ucs2_hex("041F04400438043204350442") == "Привет"


def test_ucs2_emoji_uses_a_surrogate_pair() -> None:
    assert ucs2_hex("Hi 😀") == "004800690020D83DDE00"
    assert ucs2_hex("😀") == "D83DDE00"
    assert from_ucs2_hex("d83dde00") == "😀"
    assert from_ucs2_hex("") == ""


@pytest.mark.parametrize("bad", ["ZZZZ", "004100", "D83D", "DE00", "D83D0041"])
def test_from_ucs2_hex_rejects(bad: str) -> None:
    with pytest.raises(CodecError):
        from_ucs2_hex(bad)


def test_ucs2_hex_rejects_lone_surrogate() -> None:
    with pytest.raises(CodecError):
        ucs2_hex("\ud83d")


@given(st.text(max_size=100))
def test_ucs2_round_trip(text: str) -> None:
    encoded = ucs2_hex(text)
    assert len(encoded) == 2 * len(text.encode("utf-16-be"))
    assert from_ucs2_hex(encoded) == text
