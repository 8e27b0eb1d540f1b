"""The notification blueprint: it loads, and tells the phone what it should."""

from __future__ import annotations

from pathlib import Path
import shutil
from typing import Any

from homeassistant.components.automation.const import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.const import STATE_ON
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from custom_components.data_balance.const import (
    ATTR_DEVICE_ID,
    ATTR_ENTRY_ID,
    DOMAIN,
    EVENT_MESSAGE_RECEIVED,
    EVENT_PLAN_EXPIRING,
    EVENT_TOP_UP_DETECTED,
    EVENT_TOP_UP_NEEDED,
)
from simulator.control import Simulator

from .helpers import state_of

BLUEPRINT = (
    Path(__file__).parents[2]
    / "blueprints"
    / "automation"
    / "data_balance"
    / "notify_top_up.yaml"
)
BLUEPRINT_PATH = "data_balance/notify_top_up.yaml"
AUTOMATION = "automation.tell_my_phone"
NOTIFY = "notify.mobile_app_test"

# What the coordinator sends when the data runs low (events.top_up_needed_data).
NEEDED_FIGURES: dict[str, Any] = {
    "remaining_data": 400_000_000,
    "remaining_data_gb": 0.4,
    "remaining_percent": 4.0,
    "balance": 1.2,
    "currency": "USD",
    # The end of the last day, Saturday December 5, in Home Assistant's zone (US/Pacific).
    "expires": "2026-12-06T08:00:00+00:00",
    "run_out": "2026-11-26T18:00:00+00:00",
    "sim_number": "+15550100",
    "carrier": "Example Mobile",
    "top_up_url": "https://example.com/top-up",
    "reasons": [
        "remaining_percent_low",
        "remaining_data_low",
        "balance_low",
        "run_out_before_plan_end",
    ],
    "new_reasons": ["remaining_data_low"],
}
# ... and when it sees the top-up (events.top_up_detected_data).
DETECTED_FIGURES: dict[str, Any] = {
    **{key: value for key, value in NEEDED_FIGURES.items() if "reasons" not in key},
    "remaining_data": 10_400_000_000,
    "remaining_data_gb": 10.4,
    "remaining_percent": 100.0,
    "balance": 6.2,
    "run_out": None,
    "data_added": 10_000_000_000,
    "balance_added": 5.0,
    "evidence": ["data_rose", "balance_rose"],
}
NONE_FIGURES = dict.fromkeys(
    (
        "remaining_data",
        "remaining_data_gb",
        "remaining_percent",
        "balance",
        "currency",
        "expires",
        "run_out",
        "sim_number",
        "carrier",
        "top_up_url",
    )
)


def install_blueprint(hass: HomeAssistant, config_dir: Path) -> None:
    """Give hass a config folder of its own, holding the blueprint as a user imports it."""
    hass.config.config_dir = str(config_dir)
    folder = Path(hass.config.path("blueprints", "automation", "data_balance"))
    folder.mkdir(parents=True)
    shutil.copy(BLUEPRINT, folder)


@pytest.fixture
def blueprint_folder(hass: HomeAssistant, tmp_path: Path) -> None:
    """The blueprint in the test's own config folder."""
    install_blueprint(hass, tmp_path)


@pytest.fixture
def notify_calls(hass: HomeAssistant) -> list[ServiceCall]:
    """The phone: a notify action that records what it was asked to show."""
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "mobile_app_test")
    return calls


def sim_device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The id of the SIM's device."""
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert len(devices) == 1
    return devices[0].id


async def use_blueprint(hass: HomeAssistant, device_id: str, **inputs: str) -> None:
    """An automation made from the blueprint for the SIM and the test phone."""
    assert await async_setup_component(
        hass,
        AUTOMATION_DOMAIN,
        {
            AUTOMATION_DOMAIN: {
                "alias": "Tell my phone",
                "use_blueprint": {
                    "path": BLUEPRINT_PATH,
                    "input": {
                        "data_balance_device": device_id,
                        "notify_action": NOTIFY,
                        **inputs,
                    },
                },
            }
        },
    )
    await hass.async_block_till_done()
    assert state_of(hass, AUTOMATION) == STATE_ON


async def fire(
    hass: HomeAssistant,
    event_type: str,
    device_id: str,
    entry_id: str,
    figures: dict[str, Any],
) -> None:
    """Fire one of the integration's events, as the coordinator does."""
    hass.bus.async_fire(
        event_type, {ATTR_DEVICE_ID: device_id, ATTR_ENTRY_ID: entry_id, **figures}
    )
    await hass.async_block_till_done()


@pytest.mark.usefixtures("blueprint_folder")
async def test_blueprint_loads(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    await use_blueprint(hass, sim_device_id(hass, init_integration))
    blueprint = await async_get_blueprints(hass).async_get_blueprint(BLUEPRINT_PATH)
    assert blueprint.domain == AUTOMATION_DOMAIN
    assert set(blueprint.inputs) == {"data_balance_device", "notify_action", "title"}
    device_selector = blueprint.inputs["data_balance_device"]["selector"]["device"]
    assert device_selector["filter"] == [{"integration": DOMAIN}]
    assert blueprint.metadata["source_url"].endswith(
        "blueprints/automation/data_balance/notify_top_up.yaml"
    )


@pytest.mark.usefixtures("blueprint_folder")
async def test_top_up_needed_message(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    notify_calls: list[ServiceCall],
) -> None:
    device_id = sim_device_id(hass, init_integration)
    await use_blueprint(hass, device_id)

    await fire(
        hass,
        EVENT_TOP_UP_NEEDED,
        device_id,
        init_integration.entry_id,
        NEEDED_FIGURES,
    )

    assert len(notify_calls) == 1
    assert notify_calls[0].data == {
        "title": "Top up US prepaid",
        "message": (
            "SIM +15550100: data is low (0.4 GB, 4% left), data will run out before "
            "the plan renews, balance is low (1.20 USD).\n"
            "Data runs out around Thursday, November 26.\n"
            "Top up at https://example.com/top-up (Example Mobile)."
        ),
        "data": {
            "tag": f"data_balance_{device_id}",
            "actions": [
                {"action": f"DATA_BALANCE_CHECK_{device_id}", "title": "Check again"},
                {
                    "action": "URI",
                    "title": "Top up",
                    "uri": "https://example.com/top-up",
                },
            ],
        },
    }


@pytest.mark.usefixtures("blueprint_folder")
@pytest.mark.parametrize(
    ("figures", "message"),
    [
        (
            {"reasons": ["plan_expiring"], "new_reasons": ["plan_expiring"]},
            (
                "SIM +15550100: plan expires Saturday, December 5.\n"
                "Data runs out around Thursday, November 26.\n"
                "Top up at https://example.com/top-up (Example Mobile)."
            ),
        ),
        (
            # A plan that ends at a time of day ends on that day (10:30 in US/Pacific).
            {
                **NONE_FIGURES,
                "expires": "2026-12-05T18:30:00+00:00",
                "reasons": ["plan_expiring"],
            },
            "US prepaid: plan expires Saturday, December 5.",
        ),
        (
            {**NONE_FIGURES, "reasons": ["remaining_data_low", "balance_low"]},
            "US prepaid: data is low, balance is low.",
        ),
        (
            {
                **NONE_FIGURES,
                "remaining_percent": 9.6,
                "balance": 0,
                "carrier": "Example Mobile",
                "reasons": ["remaining_percent_low", "balance_low", "plan_expiring"],
            },
            (
                "US prepaid: data is low (10% left), plan expires soon, "
                "balance is low (0.00).\nTop up with Example Mobile."
            ),
        ),
        # A reason from a later release, or none at all: still a useful message.
        (
            {**NONE_FIGURES, "reasons": ["solar_flare"]},
            "US prepaid: a top-up is needed.",
        ),
        ({**NONE_FIGURES, "reasons": None}, "US prepaid: a top-up is needed."),
    ],
    ids=[
        "plan-expiring",
        "plan-expiring-at-a-time",
        "no-figures",
        "percent-only",
        "unknown-reason",
        "no-reasons",
    ],
)
async def test_top_up_needed_message_with_fewer_figures(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    notify_calls: list[ServiceCall],
    figures: dict[str, Any],
    message: str,
) -> None:
    device_id = sim_device_id(hass, init_integration)
    await use_blueprint(hass, device_id)

    await fire(
        hass,
        EVENT_TOP_UP_NEEDED,
        device_id,
        init_integration.entry_id,
        {**NEEDED_FIGURES, **figures},
    )

    assert len(notify_calls) == 1
    assert notify_calls[0].data["message"] == message
    buttons = notify_calls[0].data["data"]["actions"]
    assert buttons[0] == {
        "action": f"DATA_BALANCE_CHECK_{device_id}",
        "title": "Check again",
    }
    # The "Top up" button only where there is an address to open.
    assert len(buttons) == (2 if figures.get("top_up_url", True) else 1)


@pytest.mark.usefixtures("blueprint_folder")
async def test_own_title(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    notify_calls: list[ServiceCall],
) -> None:
    device_id = sim_device_id(hass, init_integration)
    await use_blueprint(hass, device_id, title="Hotspot SIM")

    await fire(
        hass, EVENT_TOP_UP_NEEDED, device_id, init_integration.entry_id, NEEDED_FIGURES
    )

    assert [call.data["title"] for call in notify_calls] == ["Hotspot SIM"]


@pytest.mark.usefixtures("blueprint_folder")
@pytest.mark.parametrize(
    ("figures", "message"),
    [
        (
            {},
            (
                "SIM +15550100: 10 GB and 5.00 USD added. Now 10.4 GB, 100% left, "
                "balance 6.20 USD, plan until Saturday, December 5."
            ),
        ),
        (
            {"balance_added": None, "balance": None, "remaining_percent": None},
            (
                "SIM +15550100: 10 GB added. Now 10.4 GB left, plan until Saturday, "
                "December 5."
            ),
        ),
        (
            {**NONE_FIGURES, "data_added": None, "balance_added": None},
            "US prepaid: the carrier confirmed a top-up.",
        ),
    ],
    ids=["all-figures", "data-only", "no-figures"],
)
async def test_top_up_arrived_message(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    notify_calls: list[ServiceCall],
    figures: dict[str, Any],
    message: str,
) -> None:
    device_id = sim_device_id(hass, init_integration)
    await use_blueprint(hass, device_id)

    await fire(
        hass,
        EVENT_TOP_UP_DETECTED,
        device_id,
        init_integration.entry_id,
        {**DETECTED_FIGURES, **figures},
    )

    assert len(notify_calls) == 1
    assert notify_calls[0].data == {
        "title": "Top-up arrived",
        "message": message,
        # The same tag: the phone replaces the "top up" notification with this one.
        "data": {"tag": f"data_balance_{device_id}"},
    }


@pytest.mark.usefixtures("blueprint_folder")
async def test_check_again_button(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    notify_calls: list[ServiceCall],
) -> None:
    device_id = sim_device_id(hass, init_integration)
    await use_blueprint(hass, device_id)
    asked = modem_simulator.carrier.requests_seen

    # Another SIM's button, and another app's action, are not ours.
    hass.bus.async_fire(
        "mobile_app_notification_action", {"action": "DATA_BALANCE_CHECK_other-sim"}
    )
    hass.bus.async_fire("mobile_app_notification_action", {"action": "OPEN_GARAGE"})
    await hass.async_block_till_done()
    assert modem_simulator.carrier.requests_seen == asked

    # Ours asks the carrier once, through data_balance.check_balance.
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {
            "action": f"DATA_BALANCE_CHECK_{device_id}",
            "tag": f"data_balance_{device_id}",
        },
    )
    await hass.async_block_till_done()
    assert modem_simulator.carrier.requests_seen == asked + 1
    assert notify_calls == []


@pytest.mark.usefixtures("blueprint_folder")
async def test_other_devices_and_events_ignored(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    notify_calls: list[ServiceCall],
) -> None:
    device_id = sim_device_id(hass, init_integration)
    await use_blueprint(hass, device_id)

    for event_type in (EVENT_TOP_UP_NEEDED, EVENT_TOP_UP_DETECTED):
        await fire(hass, event_type, "other-sim", "other-entry", NEEDED_FIGURES)
    # Events the blueprint does not announce, from this very SIM.
    await fire(
        hass, EVENT_PLAN_EXPIRING, device_id, init_integration.entry_id, NEEDED_FIGURES
    )
    await fire(
        hass,
        EVENT_MESSAGE_RECEIVED,
        device_id,
        init_integration.entry_id,
        {"source": "sms", "sender": "6399", "text": "Balance 1.20", "kind": "balance"},
    )
    assert notify_calls == []

    await fire(
        hass, EVENT_TOP_UP_NEEDED, device_id, init_integration.entry_id, NEEDED_FIGURES
    )
    assert len(notify_calls) == 1
