"""Diagnostics: what the integration knows, with every identity and message text left out."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from .const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_SENDER,
    CONF_SMS_NUMBER,
    CONF_SOURCE,
    CONF_URL,
    CONF_USERNAME,
    SOURCE_MODEM,
)
from .coordinator import DataBalanceConfigEntry
from .sources import ModemSource

# IMEI, IMSI, ICCID and phone numbers identify a person; the port's by-id name carries the
# modem's serial number; a router's login is a secret. Message texts are never kept in the first place.
TO_REDACT = {
    "imei",
    "imsi",
    "iccid",
    "own_number",
    CONF_URL,
    CONF_SENDER,
    CONF_SMS_NUMBER,
    # A router's address and admin login.
    CONF_HOST,
    CONF_USERNAME,
    CONF_PASSWORD,
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: DataBalanceConfigEntry
) -> dict[str, Any]:
    """The entry's settings, the modem, the last snapshot and the stored state."""
    coordinator = entry.runtime_data.coordinator
    snapshot = coordinator.data
    source = coordinator.source
    modem = source.modem if isinstance(source, ModemSource) else None
    carrier = coordinator.carrier_state
    diagnostics: dict[str, Any] = {
        "entry": {
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": async_redact_data(dict(entry.options), TO_REDACT),
        },
        "modem": {
            "connected": source is not None and source.connected,
            "kind": entry.data.get(CONF_SOURCE, SOURCE_MODEM),
            "identity": async_redact_data(asdict(snapshot.info), TO_REDACT),
            "ussd_packed": modem.ussd_packed if modem else None,
            "push_enabled": modem.push_enabled if modem else None,
        },
        "device": {
            "sim_state": snapshot.device.sim_state,
            "signal": asdict(snapshot.device.signal)
            if snapshot.device.signal
            else None,
            "network": asdict(snapshot.device.network)
            if snapshot.device.network
            else None,
        },
        "carrier": {
            "profile": coordinator.settings.profile.id,
            "last_answer": carrier.to_json() if carrier else None,
            "requests_last_day": coordinator.requests_last_day,
        },
        "figures": {
            "remaining": snapshot.summary.remaining.remaining,
            "remaining_source": snapshot.summary.remaining.source,
            "data_used": snapshot.data_used,
            "balance": str(snapshot.summary.balance)
            if snapshot.summary.balance is not None
            else None,
            "currency": snapshot.currency,
            "period_start": snapshot.summary.period.start.isoformat(),
            "period_end": snapshot.summary.period.end.isoformat()
            if snapshot.summary.period.end
            else None,
            "top_up_reasons": [
                reason.value for reason in snapshot.summary.thresholds.reasons
            ],
        },
        "recent_messages": [
            {**asdict(record), "received": record.received.isoformat()}
            for record in coordinator.recent_messages
        ],
        "plan_state": coordinator.plan_state_json(),
        "state": {
            "paused": coordinator.paused,
            "manual_top_up": None
            if (manual := coordinator.manual_top_up) is None
            else manual[1].value,
            "unreadable_answer": coordinator.unreadable_sample is not None,
            "other_sim_present": coordinator.other_sim is not None,
        },
    }
    return diagnostics


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: DataBalanceConfigEntry, device: dr.DeviceEntry
) -> dict[str, Any]:
    """The SIM's device: the entry's diagnostics (one device per entry) and the device."""
    return {
        **await async_get_config_entry_diagnostics(hass, entry),
        "device_entry": {
            "manufacturer": device.manufacturer,
            "model": device.model,
            "sw_version": device.sw_version,
            "disabled": device.disabled,
        },
    }
