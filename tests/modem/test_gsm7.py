"""The library's GSM 7-bit alphabet, septet packing, USSD hex and UCS2 hex.

Vectors: "hellohello" is the 23.040 / dreamfabric tutorial example; "*100#" ->
"AA180C3602" is from docs/protocols.md §3; "Hello World!", "123...", the
extension-table strings and the UCS2 strings are from python-gsmmodem's
test/test_pdu.py (faucamp/python-gsmmodem, TestGsm7 and TestUcs2). The
simulator's own codec (simulator/gsm7.py) is an independent implementation
the library is cross-checked against.
"""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.data_balance.modem.errors import ModemError
from custom_components.data_balance.modem.gsm7 import (
    DEFAULT_ALPHABET,
    ESCAPE,
    EXTENSION_TABLE,
    CodecError,
    NotGsm7Error,
    char_septets,
    decode_septets,
    decode_ucs2_hex,
    encode_septets,
    encode_ucs2_hex,
    is_gsm7,
    pack_septets,
    pack_ussd_hex,
    septet_length,
    unpack_septets,
    unpack_ussd_hex,
)
from simulator import gsm7 as simulator_gsm7

GSM_CHARS = sorted(
    {char for char in DEFAULT_ALPHABET if char != "\x1b"}
    | set(EXTENSION_TABLE.values())
)
gsm_text = st.text(alphabet=GSM_CHARS, max_size=200)


def bit_string_pack(septets: list[int], fill_bits: int = 0) -> bytes:
    """Pack through an explicit bit string: a third, obviously-right packer."""
    bits = "0" * fill_bits + "".join(format(value, "07b")[::-1] for value in septets)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i : i + 8][::-1], 2) for i in range(0, len(bits), 8))


# --- the alphabet -------------------------------------------------------------


def test_alphabet_has_128_entries_and_ten_extensions() -> None:
    assert len(DEFAULT_ALPHABET) == 128
    assert DEFAULT_ALPHABET[ESCAPE] == "\x1b"
    assert set(EXTENSION_TABLE.values()) == set("\f^{}\\[~]|€")


@pytest.mark.parametrize(
    ("text", "septets"),
    [
        ("@", [0x00]),
        ("£$¥", [0x01, 0x02, 0x03]),
        ("\n\r", [0x0A, 0x0D]),
        ("Δ_", [0x10, 0x11]),
        ("ÆæßÉ", [0x1C, 0x1D, 0x1E, 0x1F]),
        ("¤", [0x24]),
        ("¡¿", [0x40, 0x60]),
        ("ÄÖÑÜ§äöñüà", [0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F]),
        ("€", [ESCAPE, 0x65]),
        ("[\\]^{|}~", [27, 60, 27, 47, 27, 62, 27, 20, 27, 40, 27, 64, 27, 41, 27, 61]),
        ("\f", [ESCAPE, 0x0A]),
    ],
)
def test_encode_and_decode_known_septets(text: str, septets: list[int]) -> None:
    assert encode_septets(text) == septets
    assert decode_septets(septets) == text
    assert septet_length(text) == len(septets)
    assert is_gsm7(text)


def test_char_septets_counts_extension_characters_twice() -> None:
    assert char_septets("a") == 1
    assert char_septets("€") == 2
    with pytest.raises(NotGsm7Error):
        char_septets("₽")


def test_not_gsm7_error_names_the_character() -> None:
    with pytest.raises(NotGsm7Error) as caught:
        encode_septets("Saldo: 5 ₽")
    assert caught.value.char == "₽"
    assert caught.value.index == 9
    assert isinstance(caught.value, CodecError)
    assert isinstance(caught.value, ModemError)
    assert isinstance(caught.value, ValueError)
    assert not is_gsm7("Привет")
    assert not is_gsm7("\x1b")  # the escape itself is not a character


def test_decode_escape_edge_cases() -> None:
    # An extension code the table lacks reads as the default-table character.
    assert decode_septets([ESCAPE, 0x41]) == "A"
    # Two escapes read as a space (23.038 §6.2.1.1).
    assert decode_septets([ESCAPE, ESCAPE, 0x41]) == " A"
    # An escape cut off at the end reads as nothing.
    assert decode_septets([0x41, ESCAPE]) == "A"


def test_decode_rejects_values_outside_septets() -> None:
    with pytest.raises(CodecError):
        decode_septets([0x80])
    with pytest.raises(CodecError):
        decode_septets([-1])


@given(gsm_text)
def test_septets_round_trip_and_match_the_simulator(text: str) -> None:
    septets = encode_septets(text)
    assert decode_septets(septets) == text
    assert septets == simulator_gsm7.encode_septets(text)
    assert septet_length(text) == sum(char_septets(char) for char in text)


@given(st.lists(st.integers(0, 127), max_size=200))
def test_decode_matches_the_simulator_on_any_septets(septets: list[int]) -> None:
    ours = decode_septets(septets)
    theirs = simulator_gsm7.decode_septets(septets)
    # The two differ only on a lone trailing escape: nothing here, a space there.
    if septets and septets[-1] == ESCAPE and theirs.endswith(" "):
        theirs = theirs[:-1]
    assert ours == theirs


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
def test_pack_published_vectors(text: str, packed: str) -> None:
    septets = encode_septets(text)
    assert pack_septets(septets).hex().upper() == packed
    assert unpack_septets(bytes.fromhex(packed), len(septets)) == septets


def test_pack_with_fill_bits() -> None:
    # After a 6-octet concatenation header, one fill bit reaches a septet boundary.
    assert pack_septets([0x48], fill_bits=1) == bytes([0x90])
    assert unpack_septets(bytes([0x90]), 1, fill_bits=1) == [0x48]
    assert pack_septets([], fill_bits=3) == b"\x00"


def test_pack_and_unpack_reject_bad_arguments() -> None:
    with pytest.raises(CodecError):
        pack_septets([0x80])
    with pytest.raises(CodecError):
        pack_septets([1], fill_bits=7)
    with pytest.raises(CodecError):
        unpack_septets(b"\x00", 1, fill_bits=-1)
    with pytest.raises(CodecError):
        unpack_septets(b"\x00\x00", 3)
    with pytest.raises(CodecError):
        unpack_septets(b"\x00", 1, fill_bits=2)
    with pytest.raises(CodecError):
        unpack_septets(b"\x00", -1)
    assert pack_septets([]) == b""
    assert unpack_septets(b"", 0) == []


@given(
    septets=st.lists(st.integers(0, 127), max_size=200),
    fill_bits=st.integers(0, 6),
)
def test_pack_round_trip_against_two_other_packers(
    septets: list[int], fill_bits: int
) -> None:
    packed = pack_septets(septets, fill_bits)
    assert packed == bit_string_pack(septets, fill_bits)
    assert packed == simulator_gsm7.pack_septets(septets, fill_bits)
    assert unpack_septets(packed, len(septets), fill_bits) == septets


# --- USSD ---------------------------------------------------------------------


def test_ussd_star_100_hash() -> None:
    assert pack_ussd_hex("*100#") == "AA180C3602"
    assert unpack_ussd_hex("AA180C3602") == "*100#"
    assert unpack_ussd_hex("aa180c3602") == "*100#"


def test_ussd_seven_spare_bits_carry_a_cr_the_receiver_drops() -> None:
    # 7 septets leave 7 spare bits in the 7th octet: 23.038 §6.1.2.3.1 puts CR there.
    packed = pack_ussd_hex("1234567")
    assert packed == bit_string_pack([*encode_septets("1234567"), 0x0D]).hex().upper()
    assert packed.endswith("1A")
    assert unpack_ussd_hex(packed) == "1234567"
    # Without the padding CR the same bits read as a trailing "@".
    unpadded = pack_septets(encode_septets("1234567")).hex()
    assert unpack_ussd_hex(unpadded) == "1234567@"


def test_ussd_cr_on_an_octet_boundary_is_doubled() -> None:
    text = "1234567\r"  # 8 septets end exactly on an octet boundary
    packed = pack_ussd_hex(text)
    assert bytes.fromhex(packed) == bit_string_pack([*encode_septets(text), 0x0D])
    # The receiver performs the CR twice, as 23.038 says: harmless.
    assert unpack_ussd_hex(packed) == text + "\r"


def test_ussd_without_spare_septet_has_no_padding() -> None:
    text = "ABCDEFGHIJKLMN"  # 14 septets leave 6 spare bits
    assert pack_ussd_hex(text) == pack_septets(encode_septets(text)).hex().upper()
    assert pack_ussd_hex("") == ""
    assert unpack_ussd_hex("") == ""


def test_ussd_huawei_style_reply() -> None:
    reply = "Your balance is 7.20 EUR. Valid until 31/12/2026"
    assert unpack_ussd_hex(pack_ussd_hex(reply)) == reply


def test_ussd_rejects_non_hex_and_non_gsm() -> None:
    with pytest.raises(CodecError):
        unpack_ussd_hex("ZZ")
    with pytest.raises(CodecError):
        unpack_ussd_hex("ABC")
    with pytest.raises(NotGsm7Error):
        pack_ussd_hex("баланс")


@given(gsm_text)
def test_ussd_round_trip_and_match_the_simulator(text: str) -> None:
    packed = pack_ussd_hex(text)
    assert packed == simulator_gsm7.ussd_pack_hex(text)
    assert unpack_ussd_hex(packed) == simulator_gsm7.ussd_unpack_hex(packed)
    unpacked = unpack_ussd_hex(packed)
    if text.endswith("\r") and 7 * len(encode_septets(text)) % 8 == 0:
        assert unpacked == text + "\r"
    else:
        assert unpacked == text


# --- UCS2 ---------------------------------------------------------------------


def test_ucs2_published_vectors() -> None:
    assert encode_ucs2_hex("あ叶葉") == "304253F68449"
    assert encode_ucs2_hex("はい") == "306F3044"
    assert decode_ucs2_hex("041F04400438043204350442") == "Привет"
    assert decode_ucs2_hex("") == ""


def test_ucs2_beyond_the_bmp_uses_surrogate_pairs() -> None:
    assert encode_ucs2_hex("Hi 😀") == "004800690020D83DDE00"
    assert decode_ucs2_hex("d83dde00") == "😀"


@pytest.mark.parametrize("bad", ["ZZZZ", "004100", "D83D", "DE00", "D83D0041"])
def test_decode_ucs2_rejects(bad: str) -> None:
    with pytest.raises(CodecError):
        decode_ucs2_hex(bad)


def test_encode_ucs2_rejects_a_lone_surrogate() -> None:
    with pytest.raises(CodecError):
        encode_ucs2_hex("\ud83d")


@given(st.text(max_size=100))
def test_ucs2_round_trip_and_match_the_simulator(text: str) -> None:
    encoded = encode_ucs2_hex(text)
    assert encoded == simulator_gsm7.ucs2_hex(text)
    assert decode_ucs2_hex(encoded) == text
