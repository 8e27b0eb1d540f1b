"""A modem that counts its traffic (Huawei ^DSFLOWQRY) feeds usage, burn rate and run-out."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.data_balance.const import CONF_SENDER, CONF_USSD_CODE, DOMAIN
from simulator.control import Simulator
from tests.conftest import US_OPTIONS

from .helpers import eventually, state_of


@pytest.mark.parametrize("modem_simulator", ["huawei_eu"], indirect=True)
async def test_counted_usage(
    hass: HomeAssistant, enable_custom_integrations: None, modem_simulator: Simulator
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="DE prepaid",
        unique_id="8949022123456789012",
        data={"url": modem_simulator.url, "source": "modem"},
        options={**US_OPTIONS, CONF_USSD_CODE: "*100#", CONF_SENDER: "55222"},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state_of(hass, "sensor.de_prepaid_account_balance") == "3.40"
    assert (
        float(state_of(hass, "sensor.de_prepaid_data_used_this_period")) == 0.0
    )  # first sample: baseline
    modem_simulator.drain("250MB")
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=6))
    assert await eventually(
        lambda: (
            state_of(hass, "sensor.de_prepaid_data_used_this_period")
            not in ("0.0", "unavailable")
        )
    )
    assert float(
        state_of(hass, "sensor.de_prepaid_data_used_this_period")
    ) == pytest.approx(0.25)
