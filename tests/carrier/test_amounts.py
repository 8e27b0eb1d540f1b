"""Data amounts in every unit carriers use."""

from __future__ import annotations

import pytest

from custom_components.data_balance.carrier.amounts import (
    find_data_amounts,
    unit_factor,
)

KB, MB, GB, TB = 1000, 1000**2, 1000**3, 1000**4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("512 B", 512),
        ("300 bytes", 300),
        ("64 KB", 64 * KB),
        ("1,5 GB", 1_500_000_000),
        ("1.536,25 MB", 1_536_250_000),
        ("2,048.5MB", 2_048_500_000),
        ("2 TB", 2 * TB),
        ("3.1 ГБ", 3_100_000_000),
        ("750 МБ", 750 * MB),
        ("12 Кб", 12 * KB),
        ("3,2 Go", 3_200_000_000),
        ("250 Mo", 250 * MB),
        ("8 Ko", 8 * KB),
        ("10 Giga", 10 * GB),
        ("500 megas", 500 * MB),
        ("2 gigabytes", 2 * GB),
        ("1 GiB", 1024**3),
        ("1536 MiB", 1536 * 1024**2),
        ("4 KiB", 4096),
        ("2吉字节", 2 * GB),
        ("300兆", 300 * MB),
    ],
)
def test_units_in_powers_of_1000(text: str, expected: int) -> None:
    assert [amount.value for amount in find_data_amounts(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 GB", 1024**3),
        ("1,5 MB", 1_572_864),
        ("1 ГБ", 1024**3),
        ("1 GiB", 1024**3),
        ("2 KB", 2048),
    ],
)
def test_binary_carrier_counts_in_1024s(text: str, expected: int) -> None:
    assert [amount.value for amount in find_data_amounts(text, binary=True)] == [
        expected
    ]


def test_bare_letters_only_when_asked() -> None:
    assert find_data_amounts("剩余流量500M") == []
    found = find_data_amounts("剩余流量500M，另有2G", bare_letters=True)
    assert [amount.value for amount in found] == [500 * MB, 2 * GB]


def test_network_generations_are_not_amounts() -> None:
    assert find_data_amounts("5G网络已覆盖，4G套餐", bare_letters=True) == []


@pytest.mark.parametrize(
    "text",
    ["Plan B is 2 b", "Valid 3 mo", "1 To", "5 Gbit/s", "Option 2 b)", "100 min"],
)
def test_things_that_are_not_data_amounts(text: str) -> None:
    assert find_data_amounts(text) == []


def test_spans_point_at_the_amount() -> None:
    text = "Noch 2,4 GB von 5 GB"
    amounts = find_data_amounts(text, decimal_comma=True)
    assert [text[amount.start : amount.end] for amount in amounts] == ["2,4 GB", "5 GB"]


def test_unit_factor() -> None:
    assert unit_factor("GB") == GB
    assert unit_factor("gb", binary=True) == 1024**3
    assert unit_factor("MiB") == 1024**2
    assert unit_factor("Mo") == MB
    assert unit_factor("parsec") is None


def test_inconsistent_grouping_is_no_amount() -> None:
    assert find_data_amounts("1.234.56 GB") == []
    assert find_data_amounts("1.234.56G", bare_letters=True) == []
