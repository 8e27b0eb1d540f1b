"""Diagnostics: useful figures, and no identity or message text anywhere in them."""

from __future__ import annotations

import json
import re
from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from simulator.control import Simulator
from tests.frozen import FROZEN_CLOCK

from .helpers import eventually, sim_device

# The simulated plans' expiry dates appear in replies and in the diagnostics.
pytestmark = FROZEN_CLOCK

ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def without_times(value: Any) -> Any:
    """The same structure with every moment in time replaced (they differ per run)."""
    if isinstance(value, dict):
        return {key: without_times(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_times(item) for item in value]
    if isinstance(value, str) and ISO_TIME.match(value):
        return "<time>"
    return value


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    snapshot: SnapshotAssertion,
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    modem_simulator.deliver_sms("+15550199", "Your balance is $7.20. Thank you!")
    assert await eventually(lambda: len(coordinator.recent_messages) == 2)
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    dumped = json.dumps(diagnostics)
    personality = modem_simulator.scenario.modem
    for secret in (
        personality.imei,
        personality.imsi,
        personality.iccid,
        personality.own_number,
        "+15550199",
    ):
        assert secret not in dumped
    assert "Thank you" not in dumped  # message texts are never kept
    assert modem_simulator.url not in dumped
    assert diagnostics["carrier"]["requests_last_day"] == 1
    assert without_times(diagnostics["plan_state"]) == without_times(
        coordinator.plan_state_json()
    )
    del diagnostics["plan_state"]  # its shape is the plan library's, tested there
    assert without_times(diagnostics) == snapshot


async def test_device_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
) -> None:
    device = sim_device(hass, "8901260123456789012", init_integration.entry_id)
    diagnostics = await get_diagnostics_for_device(
        hass, hass_client, init_integration, device
    )
    assert diagnostics["device_entry"]["model"] == modem_simulator.scenario.modem.model
    assert diagnostics["state"] == {
        "paused": False,
        "manual_top_up": None,
        "unreadable_answer": False,
        "other_sim_present": False,
    }
    dumped = json.dumps(diagnostics)
    for secret in (modem_simulator.scenario.modem.iccid, modem_simulator.url):
        assert secret not in dumped
