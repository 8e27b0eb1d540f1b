"""What the bus events say: the figures of a snapshot and the messages received.

Values are JSON-safe (numbers, strings, lists, None) so automations, templates and the
recorder take them as they are. Figures are the same ones the sensors show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .carrier import CUSTOM_CARRIER_ID, BalanceReport, CarrierProfile
from .const import (
    ATTR_BALANCE,
    ATTR_BALANCE_ADDED,
    ATTR_CARRIER,
    ATTR_CURRENCY,
    ATTR_DATA_ADDED,
    ATTR_EVIDENCE,
    ATTR_EXPIRES,
    ATTR_KIND,
    ATTR_NEW_REASONS,
    ATTR_REASONS,
    ATTR_RECEIVED,
    ATTR_REMAINING_DATA,
    ATTR_REMAINING_DATA_GB,
    ATTR_REMAINING_PERCENT,
    ATTR_REPORT,
    ATTR_RUN_OUT,
    ATTR_SENDER,
    ATTR_SIM_NUMBER,
    ATTR_SOURCE,
    ATTR_TEXT,
    ATTR_TOP_UP_URL,
)
from .models import Snapshot
from .plan import TopUp

type EventValue = str | int | float | bool | list[str] | None
type EventData = dict[str, EventValue | dict[str, str | int | bool | None]]

BYTES_PER_GB = 1_000_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceivedMessage:
    """A carrier message as it arrived; kept in memory only, never stored or logged."""

    received: datetime
    source: str  # "sms" or "ussd"
    sender: str | None
    text: str
    report: BalanceReport | None

    @property
    def kind(self) -> str:
        """The parsed kind (balance, top_up, ...), or "other" when it could not be read."""
        return self.report.kind.value if self.report is not None else "other"

    def as_event_data(self) -> EventData:
        """The message event's data: who, what, and the figures read from it."""
        return {
            ATTR_SOURCE: self.source,
            ATTR_SENDER: self.sender,
            ATTR_TEXT: self.text,
            ATTR_KIND: self.kind,
            ATTR_RECEIVED: self.received.isoformat(),
            ATTR_REPORT: None if self.report is None else self.report.as_event_data(),
        }


def figures(snapshot: Snapshot, profile: CarrierProfile) -> EventData:
    """The figures a notification needs: what is left, until when, and where to top up."""
    summary = snapshot.summary
    remaining = summary.remaining.remaining
    percent = summary.remaining.percent
    run_out = summary.projection.run_out
    return {
        ATTR_REMAINING_DATA: remaining,
        ATTR_REMAINING_DATA_GB: None
        if remaining is None
        else round(remaining / BYTES_PER_GB, 2),
        ATTR_REMAINING_PERCENT: None if percent is None else round(percent, 1),
        ATTR_BALANCE: None if summary.balance is None else float(summary.balance),
        ATTR_CURRENCY: snapshot.currency,
        ATTR_EXPIRES: None
        if summary.period.end is None
        else summary.period.end.isoformat(),
        ATTR_RUN_OUT: None if run_out is None else run_out.isoformat(),
        ATTR_SIM_NUMBER: snapshot.info.own_number,
        # A custom carrier has no name worth showing ("Custom").
        ATTR_CARRIER: None if profile.id == CUSTOM_CARRIER_ID else profile.name,
        ATTR_TOP_UP_URL: profile.top_up_url,
    }


def top_up_needed_data(snapshot: Snapshot, profile: CarrierProfile) -> EventData:
    """Figures plus every active reason and the ones that crossed just now."""
    thresholds = snapshot.summary.thresholds
    return {
        **figures(snapshot, profile),
        ATTR_REASONS: [reason.value for reason in thresholds.reasons],
        ATTR_NEW_REASONS: [reason.value for reason in thresholds.fired],
    }


def top_up_detected_data(
    snapshot: Snapshot, profile: CarrierProfile, top_up: TopUp
) -> EventData:
    """Figures after the top-up, and what it added as far as the carrier shows."""
    return {
        **figures(snapshot, profile),
        ATTR_DATA_ADDED: top_up.data_added,
        ATTR_BALANCE_ADDED: None
        if top_up.balance_added is None
        else float(top_up.balance_added),
        ATTR_EVIDENCE: [evidence.value for evidence in top_up.evidence],
    }
