"""Figures with decimal commas, dots and thousands separators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from custom_components.data_balance.carrier.numbers import (
    guess_decimal_comma,
    parse_number,
)


@pytest.mark.parametrize(
    ("raw", "decimal_comma", "expected"),
    [
        ("12", None, Decimal(12)),
        ("1,5", None, Decimal("1.5")),
        ("1.5", None, Decimal("1.5")),
        ("1.536,25", None, Decimal("1536.25")),
        ("2,048.5", None, Decimal("2048.5")),
        ("1 024", None, Decimal(1024)),
        ("1\u00a0024,50", None, Decimal("1024.50")),
        ("1'250.00", None, Decimal("1250.00")),
        ("1.234.567", None, Decimal(1234567)),
        ("1,234,567", None, Decimal(1234567)),
        # One separator and three digits: the text's convention decides.
        ("1,500", None, Decimal(1500)),
        ("1.500", None, Decimal("1.500")),
        ("1.500", True, Decimal(1500)),
        ("1,500", True, Decimal("1.500")),
        ("1,500", False, Decimal(1500)),
        ("0,500", None, Decimal("0.500")),
        ("2048,000", True, Decimal("2048.000")),
    ],
)
def test_parse_number(raw: str, decimal_comma: bool | None, expected: Decimal) -> None:
    assert parse_number(raw, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize("raw", ["1.23.4", "12,34.56,7", "1,2.345", "", "x1"])
def test_inconsistent_grouping_is_not_a_number(raw: str) -> None:
    assert parse_number(raw) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saldo 3,40 EUR, 1,5 GB", True),
        ("Balance $7.20, 1.5 GB", False),
        ("1.536,25 MB", True),
        ("2,048.5 MB", False),
        ("Saldo 3,40 EUR und $7.20", None),
        ("1,500 MB and 2.048 MB", None),
        ("Gültig bis 31.12.2026", None),
    ],
)
def test_guess_decimal_comma(text: str, expected: bool | None) -> None:
    assert guess_decimal_comma(text) is expected
