"""Dates, times and validity periods in the formats carriers use."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from custom_components.data_balance.carrier.dates import (
    DateValue,
    day_first_for,
    find_dates,
    find_durations,
)


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("01/31/2026", None, date(2026, 1, 31)),
        ("31.01.2026", None, date(2026, 1, 31)),
        ("15-03-2026 23:59:59", None, datetime.fromisoformat("2026-03-15T23:59:59")),
        ("2026-01-31", None, date(2026, 1, 31)),
        ("2026/01/31 08:00", None, datetime.fromisoformat("2026-01-31T08:00")),
        ("Jan 31, 2026", None, date(2026, 1, 31)),
        ("January 31st, 2026", None, date(2026, 1, 31)),
        ("05 Mar 2026", None, date(2026, 3, 5)),
        ("31-Jan-2026", None, date(2026, 1, 31)),
        ("21.12.26", None, date(2026, 12, 21)),
        ("31 de enero de 2026", None, date(2026, 1, 31)),
        ("1 de março de 2027", None, date(2027, 3, 1)),
        ("31. Januar 2026", None, date(2026, 1, 31)),
        ("8 janvier 2027", None, date(2027, 1, 8)),
        ("5 marzo 2027", None, date(2027, 3, 5)),
        ("15 stycznia 2027", None, date(2027, 1, 15)),
        ("15 января 2027", None, date(2027, 1, 15)),
        ("31 januari 2026", None, date(2026, 1, 31)),
        ("2026. január 31.", None, date(2026, 1, 31)),
        ("2026.12.31.", None, date(2026, 12, 31)),
        ("2026年12月31日", None, date(2026, 12, 31)),
        ("03/04/2026", True, date(2026, 4, 3)),
        ("03/04/2026", False, date(2026, 3, 4)),
        ("03/04/2026", None, date(2026, 4, 3)),
    ],
)
def test_date_formats(text: str, day_first: bool | None, expected: DateValue) -> None:
    assert [found.value for found in find_dates(text, day_first=day_first)] == [
        expected
    ]


def test_an_unambiguous_date_settles_the_order_of_the_others() -> None:
    found = find_dates("from 12/25/2026 to 01/02/2027")
    assert [item.value for item in found] == [date(2026, 12, 25), date(2027, 1, 2)]
    found = find_dates("du 25/12/2026 au 01/02/2027")
    assert [item.value for item in found] == [date(2026, 12, 25), date(2027, 2, 1)]


def test_a_part_above_twelve_is_the_day_whatever_the_order() -> None:
    assert [item.value for item in find_dates("12/31/2026", day_first=True)] == [
        date(2026, 12, 31)
    ]


@pytest.mark.parametrize(
    "text", ["31/02/2026", "2026-13-01", "99.99.2026", "12/2026", "21.12"]
)
def test_impossible_or_partial_dates_are_ignored(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", False),
        ("us", False),
        ("PH", False),
        ("DE", True),
        ("GB", True),
        (None, None),
    ],
)
def test_day_first_for_country(country: str | None, expected: bool | None) -> None:
    assert day_first_for(country) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("valid for 7 days", timedelta(days=7)),
        ("válido por 30 días", timedelta(days=30)),
        ("gültig für 24 Stunden", timedelta(hours=24)),
        ("2 semaines", timedelta(weeks=2)),
        ("истекает через 2 дня", timedelta(days=2)),
        ("3 nap múlva", timedelta(days=3)),
        ("有效期30天", timedelta(days=30)),
        ("48h", timedelta(hours=48)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert [found.value for found in find_durations(text)] == [expected]
