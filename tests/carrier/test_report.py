"""The BalanceReport itself."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
import json

import pytest

from custom_components.data_balance.carrier import BalanceReport, MessageKind

RECEIVED = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_report_is_frozen() -> None:
    report = BalanceReport(balance=Decimal("1.00"))
    with pytest.raises(FrozenInstanceError):
        report.balance = Decimal(2)  # type: ignore[misc]


def test_expires_at_prefers_a_stated_date() -> None:
    report = BalanceReport(expires=date(2026, 12, 31), valid_for=timedelta(days=7))
    assert report.expires_at(RECEIVED) == date(2026, 12, 31)


def test_expires_at_resolves_a_validity_period() -> None:
    report = BalanceReport(valid_for=timedelta(days=7))
    assert report.expires_at(RECEIVED) == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert BalanceReport().expires_at(RECEIVED) is None


def test_event_data_is_json_safe() -> None:
    report = BalanceReport(
        kind=MessageKind.TOP_UP,
        data_remaining=1_500_000_000,
        balance=Decimal("12.50"),
        currency="EUR",
        top_up_amount=Decimal(10),
        expires=datetime.fromisoformat("2026-12-31T23:59"),  # local, no zone
        valid_for=timedelta(days=1),
    )
    data = report.as_event_data()
    assert json.loads(json.dumps(data)) == data
    assert data["kind"] == "top_up"
    assert data["balance"] == "12.50"
    assert data["top_up_amount"] == "10"
    assert data["expires"] == "2026-12-31T23:59:00"
    assert data["valid_for_seconds"] == 86400
    empty = BalanceReport().as_event_data()
    assert empty["balance"] is None
    assert empty["expires"] is None
    assert empty["valid_for_seconds"] is None
