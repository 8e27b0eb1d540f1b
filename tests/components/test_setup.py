"""Setting up, unloading and recovering a config entry against the simulator."""

from __future__ import annotations

from datetime import timedelta
import threading
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.data_balance.const import (
    CONF_RENEWAL,
    CONF_RENEWAL_ANCHOR,
    CONF_URL,
    DOMAIN,
)
from custom_components.data_balance.sources import ModemSource
from simulator.control import Simulator
from tests.conftest import US_OPTIONS

from .helpers import eventually, state_of


async def test_setup_and_unload(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    assert init_integration.state is ConfigEntryState.LOADED
    state = hass.states.get("sensor.us_prepaid_remaining_data")
    assert state is not None
    assert float(state.state) == pytest.approx(6.5)
    assert state_of(hass, "sensor.us_prepaid_account_balance") == "7.20"
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    unloaded = hass.config_entries.async_get_entry(init_integration.entry_id)
    assert unloaded is not None
    assert unloaded.state is ConfigEntryState.NOT_LOADED
    assert await eventually(
        lambda: modem_simulator.engine.links == []
    )  # the port is closed


async def test_modem_missing_at_start(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    mock_config_entry: MockConfigEntry,
    modem_simulator: Simulator,
) -> None:
    await modem_simulator.unplug()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_unusable_settings(
    hass: HomeAssistant, enable_custom_integrations: None, modem_simulator: Simulator
) -> None:
    entry = MockConfigEntry(
        domain="data_balance",
        data={CONF_URL: modem_simulator.url},
        options={CONF_RENEWAL: "every_n_days", CONF_RENEWAL_ANCHOR: "not a date"},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR


async def test_unplug_unavailable_replug_recovers(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    entity_id = "sensor.us_prepaid_remaining_data"
    await modem_simulator.unplug()
    assert await eventually(lambda: state_of(hass, entity_id) == STATE_UNAVAILABLE)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=6))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state_of(hass, entity_id) == STATE_UNAVAILABLE
    await modem_simulator.replug()
    # Polls go on at their interval; one of the next ones finds the modem back.
    for minutes in range(12, 60, 6):
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=minutes))
        await hass.async_block_till_done(wait_background_tasks=True)
        if await eventually(
            lambda: state_of(hass, entity_id) != STATE_UNAVAILABLE, 0.5
        ):
            break
    assert float(state_of(hass, entity_id)) == pytest.approx(6.5)
    assert caplog.text.count("Error fetching") <= 1  # logged once while unavailable
    assert "8901260123456789012" not in caplog.text


async def test_restart_restores_carrier_figures(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    ussd_before = sum(
        'CUSD=1,"*100#"' in line for line in modem_simulator.engine.commands_seen
    )
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    # The stored answer is recent: no new (paid) request, and the figures are back.
    assert (
        sum('CUSD=1,"*100#"' in line for line in modem_simulator.engine.commands_seen)
        == ussd_before
    )
    assert state_of(hass, "sensor.us_prepaid_account_balance") == "7.20"


async def test_catalogue_is_read_away_from_the_event_loop(
    hass: HomeAssistant, enable_custom_integrations: None, modem_simulator: Simulator
) -> None:
    """Regression: the config flow and setup read carriers.json in the event loop."""
    from custom_components.data_balance.carrier import catalogue  # noqa: PLC0415

    readers: list[int] = []
    original = catalogue.catalogue_entries

    def recording() -> list[dict[str, Any]]:
        readers.append(threading.get_ident())
        return original()

    catalogue.load_catalogue.cache_clear()
    try:
        with patch.object(catalogue, "catalogue_entries", recording):
            result = await hass.config_entries.flow.async_init(
                DOMAIN, context={"source": SOURCE_USER}
            )
            result = await hass.config_entries.flow.async_configure(
                result["flow_id"], {"next_step_id": "network"}
            )
            result = await hass.config_entries.flow.async_configure(
                result["flow_id"], {"url": modem_simulator.url}
            )
            assert result["step_id"] == "carrier"
            catalogue.load_catalogue.cache_clear()
            entry = MockConfigEntry(
                domain=DOMAIN,
                unique_id="8901260123456789012",
                data={"url": modem_simulator.url, "source": "modem"},
                options={**US_OPTIONS, "carrier": "tmobile_us"},
            )
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done(wait_background_tasks=True)
    finally:
        catalogue.load_catalogue.cache_clear()
    assert len(readers) == 2
    assert threading.get_ident() not in readers


async def test_delivered_texts_are_remembered_across_reconnects(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Regression: each reconnect forgot the texts delivered but perhaps not deleted.

    A text whose delete failed just before a replug could be announced twice.
    """
    coordinator = init_integration.runtime_data.coordinator
    source = coordinator.source
    assert isinstance(source, ModemSource)
    memory = source.modem._delivered
    await modem_simulator.unplug()
    assert await eventually(lambda: coordinator.source is None)
    await modem_simulator.replug()
    await coordinator.async_refresh()
    source = coordinator.source
    assert isinstance(source, ModemSource)
    assert source.modem._delivered is memory
