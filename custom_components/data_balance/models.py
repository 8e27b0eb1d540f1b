"""The coordinator's immutable snapshot, and how a carrier report is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from .carrier import BalanceReport, MessageKind
from .modem import ModemInfo, NetworkStatus, Signal, SimState
from .plan import Plan, PlanSummary


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceStatus:
    """What the modem said at the last device poll."""

    connected: bool
    sim_state: SimState
    signal: Signal | None
    network: NetworkStatus | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CarrierState:
    """The carrier's last readable answer and when it came."""

    report: BalanceReport
    received: datetime

    def to_json(self) -> dict[str, Any]:
        """Plain JSON for the store (figures only: no message text)."""
        report = self.report
        return {
            "received": self.received.isoformat(),
            "kind": report.kind.value,
            "data_remaining": report.data_remaining,
            "data_total": report.data_total,
            "data_used": report.data_used,
            "unlimited": report.unlimited,
            "balance": None if report.balance is None else str(report.balance),
            "currency": report.currency,
            "expires": None if report.expires is None else report.expires.isoformat(),
            "valid_for": None
            if report.valid_for is None
            else report.valid_for.total_seconds(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CarrierState | None:
        """What `to_json` wrote; None when it cannot be read (a corrupt store loses nothing else)."""
        try:
            expires_text = data.get("expires")
            expires: date | datetime | None = None
            if expires_text:
                expires = (
                    datetime.fromisoformat(expires_text)
                    if "T" in expires_text
                    else date.fromisoformat(expires_text)
                )
            report = BalanceReport(
                kind=MessageKind(data.get("kind", MessageKind.OTHER.value)),
                data_remaining=data.get("data_remaining"),
                data_total=data.get("data_total"),
                data_used=data.get("data_used"),
                unlimited=bool(data.get("unlimited", False)),
                balance=None
                if data.get("balance") is None
                else Decimal(data["balance"]),
                currency=data.get("currency"),
                expires=expires,
                valid_for=None
                if data.get("valid_for") is None
                else timedelta(seconds=data["valid_for"]),
            )
            return cls(report=report, received=datetime.fromisoformat(data["received"]))
        except (KeyError, TypeError, ValueError, InvalidOperation):
            return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """Everything the entities show, at one moment; replaced, never changed."""

    info: ModemInfo
    device: DeviceStatus
    carrier: CarrierState | None
    plan: Plan
    summary: PlanSummary
    data_used: int | None
    currency: str | None
    updated: datetime
