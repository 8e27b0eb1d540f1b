"""Actions: check the balance, send USSD or SMS, read messages, record a top-up.

Sending costs money: `send_ussd`, `send_sms` and `read_messages` (message bodies can be
private) are for administrators, and every request to the carrier goes through the
entry's rate limit, whoever or whatever asks.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from decimal import Decimal
from typing import Any, Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.util.json import JsonValueType
import voluptuous as vol

from .carrier import BalanceReport
from .const import DOMAIN
from .coordinator import DataBalanceConfigEntry, DataBalanceRuntime

SERVICE_CHECK_BALANCE: Final = "check_balance"
SERVICE_SEND_USSD: Final = "send_ussd"
SERVICE_SEND_SMS: Final = "send_sms"
SERVICE_READ_MESSAGES: Final = "read_messages"
SERVICE_RECORD_TOP_UP: Final = "record_top_up"

ATTR_CODE: Final = "code"
ATTR_NUMBER: Final = "number"
ATTR_MESSAGE: Final = "message"
ATTR_DATA_GB: Final = "data_gb"
ATTR_AMOUNT: Final = "amount"

BYTES_PER_GB: Final = 1_000_000_000
# Concatenated SMS of up to 10 parts (GSM-7); more is almost certainly a mistake.
MAX_SMS_LENGTH: Final = 1530

DEVICE_SCHEMA: Final = vol.Schema({vol.Required(ATTR_DEVICE_ID): cv.string})
SEND_USSD_SCHEMA: Final = DEVICE_SCHEMA.extend(
    {
        # A code such as *100# or #225#, or a menu answer such as 1.
        vol.Required(ATTR_CODE): vol.All(
            cv.string, vol.Strip, vol.Match(r"^[0-9*#+]{1,64}$")
        )
    }
)
SEND_SMS_SCHEMA: Final = DEVICE_SCHEMA.extend(
    {
        vol.Required(ATTR_NUMBER): vol.All(
            cv.string, vol.Strip, vol.Match(r"^\+?[0-9]{2,20}$")
        ),
        vol.Required(ATTR_MESSAGE): vol.All(
            cv.string, vol.Length(min=1, max=MAX_SMS_LENGTH)
        ),
    }
)
RECORD_TOP_UP_SCHEMA: Final = DEVICE_SCHEMA.extend(
    {
        vol.Optional(ATTR_DATA_GB): vol.All(
            vol.Coerce(float), vol.Range(min=0, max=100_000)
        ),
        vol.Optional(ATTR_AMOUNT): vol.All(
            vol.Coerce(float), vol.Range(min=0, max=1_000_000)
        ),
    }
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions (once, for every entry: the device says which)."""
    hass.services.async_register(
        DOMAIN, SERVICE_CHECK_BALANCE, _async_check_balance, schema=DEVICE_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_SEND_USSD,
        _admin(_async_send_ussd),
        schema=SEND_USSD_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_SEND_SMS, _admin(_async_send_sms), schema=SEND_SMS_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_READ_MESSAGES,
        _admin(_async_read_messages),
        schema=DEVICE_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_RECORD_TOP_UP,
        _async_record_top_up,
        schema=RECORD_TOP_UP_SCHEMA,
    )


type Handler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]


def _admin(handler: Handler) -> Handler:
    """Refuse users who are not administrators (automations and scripts may call)."""

    async def admin_handler(call: ServiceCall) -> ServiceResponse:
        if call.context.user_id:
            user = await call.hass.auth.async_get_user(call.context.user_id)
            if user is None or not user.is_admin:
                raise Unauthorized(context=call.context)
        return await handler(call)

    return admin_handler


def _runtime(call: ServiceCall) -> DataBalanceRuntime:
    """The loaded entry of the call's device, or a translated error."""
    device_id: str = call.data[ATTR_DEVICE_ID]
    registry = dr.async_get(call.hass)
    # Our entries, and whether the device is one of theirs: `DeviceEntry.config_entries`
    # is deprecated from 2026.10, and its successor is missing in 2025.4.
    entries: list[DataBalanceConfigEntry] = [
        entry
        for entry in call.hass.config_entries.async_entries(DOMAIN)
        if any(
            device.id == device_id
            for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
        )
    ]
    if not entries:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_device",
            translation_placeholders={"device_id": device_id},
        )
    entry = entries[0]
    if entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="entry_not_loaded",
            translation_placeholders={"title": entry.title},
        )
    return entry.runtime_data


async def _async_check_balance(call: ServiceCall) -> None:
    await _runtime(call).coordinator.async_check_balance()


async def _async_send_ussd(call: ServiceCall) -> ServiceResponse:
    reply = await _runtime(call).coordinator.async_send_ussd(call.data[ATTR_CODE])
    return {"reply": reply} if call.return_response else None


async def _async_send_sms(call: ServiceCall) -> ServiceResponse:
    await _runtime(call).coordinator.async_send_sms(
        call.data[ATTR_NUMBER], call.data[ATTR_MESSAGE]
    )
    return None


async def _async_read_messages(call: ServiceCall) -> ServiceResponse:
    messages = await _runtime(call).coordinator.async_read_messages()
    return {
        "messages": [
            {
                "received": message.received.isoformat(),
                "source": message.source,
                "sender": message.sender,
                "text": message.text,
                "kind": message.kind,
                "report": _report(message.report),
            }
            for message in messages
        ]
    }


def _report(report: BalanceReport | None) -> JsonValueType:
    if report is None:
        return None
    return dict(report.as_event_data().items())


async def _async_record_top_up(call: ServiceCall) -> None:
    runtime = _runtime(call)
    data_gb: float | None = call.data.get(ATTR_DATA_GB)
    amount: float | None = call.data.get(ATTR_AMOUNT)
    recorded_at = await runtime.coordinator.async_record_top_up(
        data=None if data_gb is None else round(data_gb * BYTES_PER_GB),
        balance=None if amount is None else Decimal(str(amount)),
    )
    runtime.watch.start(recorded_at)
