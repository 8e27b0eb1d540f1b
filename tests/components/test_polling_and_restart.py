"""The Polling switch (pause all traffic, kept across restarts) and the Restart modem button."""

from __future__ import annotations

from homeassistant.components.button.const import (
    DOMAIN as BUTTON_DOMAIN,
    SERVICE_PRESS,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator.control import Simulator
from tests.frozen import FROZEN_CLOCK

from .helpers import eventually, state_of
from .test_carrier_checks import BALANCE, press

pytestmark = FROZEN_CLOCK

POLLING = "switch.us_prepaid_polling"
RESTART = "button.us_prepaid_restart_modem"


async def switch(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call(
        "switch", service, {ATTR_ENTITY_ID: POLLING}, blocking=True
    )


async def test_pause_lets_the_port_go_and_refuses_requests(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    assert state_of(hass, POLLING) == STATE_ON
    await switch(hass, SERVICE_TURN_OFF)
    assert state_of(hass, POLLING) == STATE_OFF
    assert coordinator.source is None
    assert await eventually(lambda: not modem_simulator.engine.links)  # port closed
    # The last figures stay on show; nothing goes to the modem or the carrier.
    assert state_of(hass, BALANCE) == "7.20"
    commands = len(modem_simulator.engine.commands_seen)
    await coordinator.async_refresh()
    with pytest.raises(HomeAssistantError) as caught:
        await press(hass)
    assert caught.value.translation_key == "polling_paused"
    assert len(modem_simulator.engine.commands_seen) == commands
    assert modem_simulator.carrier.requests_seen == 1

    await switch(hass, SERVICE_TURN_ON)
    assert state_of(hass, POLLING) == STATE_ON
    reconnected = coordinator.source is not None  # (mypy still thinks it is None)
    assert reconnected
    assert len(modem_simulator.engine.commands_seen) > commands


async def test_pause_is_kept_across_a_restart(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    await switch(hass, SERVICE_TURN_OFF)
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state_of(hass, POLLING) == STATE_OFF
    # The start read the modem once (to show something), then let it go; the carrier
    # was not asked again.
    assert init_integration.runtime_data.coordinator.source is None
    assert modem_simulator.carrier.requests_seen == 1
    assert state_of(hass, BALANCE) == "7.20"


async def test_restart_button_resets_the_modem_and_it_comes_back(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: RESTART}, blocking=True
    )
    assert "+CFUN=1,1" in " ".join(modem_simulator.engine.commands_seen)
    assert modem_simulator.resets == 1
    assert await eventually(lambda: modem_simulator.plugged)
    await coordinator.async_refresh()
    assert coordinator.last_update_success
    assert coordinator.source is not None


async def test_restart_without_a_modem(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    await modem_simulator.unplug()
    coordinator = init_integration.runtime_data.coordinator
    assert await eventually(lambda: coordinator.source is None)
    # The button is unavailable now (Home Assistant skips it); the fix flow asks directly.
    assert state_of(hass, RESTART) == STATE_UNAVAILABLE
    with pytest.raises(HomeAssistantError) as caught:
        await coordinator.async_restart_modem()
    assert caught.value.translation_key == "modem_unavailable"
    assert modem_simulator.resets == 0
