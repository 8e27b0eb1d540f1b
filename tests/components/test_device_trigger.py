"""Device triggers: the bus events of one SIM's device, offered to the automation editor."""

from __future__ import annotations

from typing import Any

from homeassistant.components.automation.const import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.components.device_automation import DeviceAutomationType
from homeassistant.const import STATE_ON
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.trigger import async_validate_trigger_config
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_get_device_automations,
    async_mock_service,
)
import voluptuous as vol

from custom_components.data_balance import device_trigger
from custom_components.data_balance.const import (
    ATTR_DEVICE_ID,
    ATTR_ENTRY_ID,
    DOMAIN,
    EVENT_MESSAGE_RECEIVED,
    EVENT_PLAN_EXPIRING,
    EVENT_TOP_UP_DETECTED,
    EVENT_TOP_UP_NEEDED,
    TRIGGER_EVENTS,
)

from .helpers import state_of

# Some of each event's figures, to see them reach the automation's templates.
SAMPLE_DATA: dict[str, dict[str, Any]] = {
    EVENT_TOP_UP_NEEDED: {
        "remaining_data_gb": 0.4,
        "sim_number": "+15550100",
        "reasons": ["remaining_data_low"],
    },
    EVENT_TOP_UP_DETECTED: {"remaining_data_gb": 10.4, "data_added": 10737418240},
    EVENT_PLAN_EXPIRING: {"remaining_data_gb": 3.0, "expires": "2026-12-05T00:00:00"},
    EVENT_MESSAGE_RECEIVED: {"source": "sms", "sender": "6399", "text": "Hello"},
}


def sim_device(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry:
    """The SIM's device, which the entry made."""
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert len(devices) == 1
    return devices[0]


def foreign_device(hass: HomeAssistant) -> dr.DeviceEntry:
    """A device of another integration."""
    other_entry = MockConfigEntry(domain="other_modem")
    other_entry.add_to_hass(hass)
    return dr.async_get(hass).async_get_or_create(
        config_entry_id=other_entry.entry_id, identifiers={("other_modem", "1")}
    )


def trigger_config(device_id: str, trigger_type: str) -> dict[str, str]:
    """A device trigger as the automation editor writes it."""
    return {
        "trigger": "device",
        "domain": DOMAIN,
        "device_id": device_id,
        "type": trigger_type,
    }


async def set_up_automations(hass: HomeAssistant, device_id: str) -> list[ServiceCall]:
    """One automation per trigger type, each reporting its type and the event's data."""
    calls: list[ServiceCall] = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        AUTOMATION_DOMAIN,
        {
            AUTOMATION_DOMAIN: [
                {
                    "alias": trigger_type,
                    "triggers": [trigger_config(device_id, trigger_type)],
                    "actions": [
                        {
                            "action": "test.automation",
                            "data": {
                                "type": trigger_type,
                                "platform": "{{ trigger.platform }}",
                                "event_type": "{{ trigger.event.event_type }}",
                                "device_id": "{{ trigger.event.data.device_id }}",
                                "figures": "{{ trigger.event.data }}",
                            },
                        }
                    ],
                }
                for trigger_type in TRIGGER_EVENTS
            ]
        },
    )
    await hass.async_block_till_done()
    return calls


async def test_triggers_listed_for_the_sim(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    device = sim_device(hass, init_integration)
    triggers = await async_get_device_automations(
        hass, DeviceAutomationType.TRIGGER, device.id
    )
    # Entity triggers of the sensors (domain "sensor", ...) are listed too; these are ours.
    ours = [trigger for trigger in triggers if trigger["domain"] == DOMAIN]
    assert sorted(ours, key=lambda trigger: trigger["type"]) == [
        {
            "platform": "device",
            "domain": DOMAIN,
            "device_id": device.id,
            "type": trigger_type,
            "metadata": {},
        }
        for trigger_type in sorted(TRIGGER_EVENTS)
    ]


async def test_no_triggers_for_another_integrations_device(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    assert await device_trigger.async_get_triggers(hass, foreign_device(hass).id) == []
    assert await device_trigger.async_get_triggers(hass, "no-such-device") == []


@pytest.mark.parametrize(("trigger_type", "event_type"), TRIGGER_EVENTS.items())
async def test_each_event_runs_its_own_automation_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    trigger_type: str,
    event_type: str,
) -> None:
    device = sim_device(hass, init_integration)
    calls = await set_up_automations(hass, device.id)
    assert state_of(hass, f"automation.{trigger_type}") == STATE_ON

    data = {
        ATTR_DEVICE_ID: device.id,
        ATTR_ENTRY_ID: init_integration.entry_id,
        **SAMPLE_DATA[event_type],
    }
    hass.bus.async_fire(event_type, data)
    await hass.async_block_till_done()

    assert len(calls) == 1
    assert calls[0].data == {
        "type": trigger_type,
        "platform": "device",
        "event_type": event_type,
        "device_id": device.id,
        "figures": data,
    }


async def test_another_devices_event_runs_nothing(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    device = sim_device(hass, init_integration)
    calls = await set_up_automations(hass, device.id)
    for event_type in TRIGGER_EVENTS.values():
        hass.bus.async_fire(
            event_type,
            {
                ATTR_DEVICE_ID: "another-sim",
                ATTR_ENTRY_ID: "another-entry",
                **SAMPLE_DATA[event_type],
            },
        )
        # The same event without a device (from a release that forgot it) runs nothing either.
        hass.bus.async_fire(event_type, SAMPLE_DATA[event_type])
    await hass.async_block_till_done()
    assert calls == []

    hass.bus.async_fire(EVENT_TOP_UP_NEEDED, {ATTR_DEVICE_ID: device.id})
    await hass.async_block_till_done()
    assert [call.data["type"] for call in calls] == ["top_up_needed"]


async def test_trigger_stops_with_its_automation(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    device = sim_device(hass, init_integration)
    calls = await set_up_automations(hass, device.id)
    await hass.services.async_call(
        AUTOMATION_DOMAIN,
        "turn_off",
        {"entity_id": "automation.top_up_needed"},
        blocking=True,
    )
    hass.bus.async_fire(EVENT_TOP_UP_NEEDED, {ATTR_DEVICE_ID: device.id})
    await hass.async_block_till_done()
    assert calls == []


@pytest.mark.parametrize(
    ("trigger", "problem"),
    [
        ({"type": "balance_changed"}, "value must be one of"),
        ({"type": None}, "required key not provided"),
        ({"device_id": "foreign"}, "has no config entry from domain 'data_balance'"),
        ({"device_id": "no-such-device"}, "Unknown device"),
    ],
)
async def test_invalid_trigger_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    trigger: dict[str, Any],
    problem: str,
) -> None:
    device = sim_device(hass, init_integration)
    config = trigger_config(device.id, "top_up_needed")
    config.update(trigger)
    if config["device_id"] == "foreign":
        config["device_id"] = foreign_device(hass).id
    config = {key: value for key, value in config.items() if value is not None}
    # Shape errors are voluptuous's; a device that is not ours, Home Assistant's.
    with pytest.raises((vol.Invalid, HomeAssistantError), match=problem):
        await async_validate_trigger_config(hass, cv.TRIGGER_SCHEMA([config]))


async def test_invalid_trigger_leaves_automation_unavailable(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    device = sim_device(hass, init_integration)
    calls = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        AUTOMATION_DOMAIN,
        {
            AUTOMATION_DOMAIN: {
                "alias": "wrong",
                "triggers": [trigger_config(device.id, "balance_changed")],
                "actions": [{"action": "test.automation"}],
            }
        },
    )
    await hass.async_block_till_done()
    assert state_of(hass, "automation.wrong") == "unavailable"
    assert "Automation with alias 'wrong' failed to setup triggers" in caplog.text
    assert "value must be one of" in caplog.text
    hass.bus.async_fire(EVENT_TOP_UP_NEEDED, {ATTR_DEVICE_ID: device.id})
    await hass.async_block_till_done()
    assert calls == []
