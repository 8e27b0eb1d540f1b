"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import os
from typing import Any
from unittest.mock import PropertyMock, patch

from homeassistant.core import HomeAssistant
from hypothesis import settings as hypothesis_settings
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

# Import the package before the `hass` fixture runs: otherwise the plugin's own testing
# config directory shadows `custom_components` and Home Assistant cannot find us.
import custom_components.data_balance  # noqa: F401
from custom_components.data_balance.carrier import CUSTOM_CARRIER_ID
from custom_components.data_balance.const import (
    CONF_ANSWER,
    CONF_CARRIER,
    CONF_CARRIER_CHECK_HOURS,
    CONF_DEVICE_POLL_MINUTES,
    CONF_EXPIRY_DAYS,
    CONF_LOW_BALANCE,
    CONF_LOW_DATA_MB,
    CONF_LOW_DATA_PERCENT,
    CONF_PLAN_SIZE_GB,
    CONF_RENEWAL,
    CONF_RENEWAL_DAY,
    CONF_SENDER,
    CONF_SOURCE,
    CONF_UNLIMITED,
    CONF_URL,
    CONF_USSD_CODE,
    DOMAIN,
    RENEWAL_MONTHLY,
    SOURCE_MODEM,
)
from simulator.control import Simulator

# Property tests: the same examples on every run (a landing must not depend on luck), and
# no per-example deadline (CI machines are small and busy). `HYPOTHESIS_PROFILE=explore`
# searches afresh each run, for finding new counterexamples locally.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
async def modem_simulator(
    request: pytest.FixtureRequest,
    socket_enabled: None,
) -> AsyncIterator[Simulator]:
    """A simulated modem over TCP on loopback; parametrise indirectly with a scenario name.

    The test plugin blocks sockets; `socket_enabled` lifts that, and its host allow-list
    still keeps every connection on 127.0.0.1.
    """
    scenario = getattr(request, "param", "generic_us")
    simulator = Simulator(scenario)
    await simulator.start_tcp()
    yield simulator
    await simulator.stop()


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in Home Assistant's format (registry entries and states without volatile fields)."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Enable every entity, also those disabled by default (core has this fixture)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


US_OPTIONS: dict[str, Any] = {
    CONF_CARRIER: CUSTOM_CARRIER_ID,
    CONF_USSD_CODE: "*100#",
    CONF_ANSWER: "ussd",
    CONF_SENDER: "6399",
    CONF_UNLIMITED: False,
    CONF_PLAN_SIZE_GB: 10,
    CONF_RENEWAL: RENEWAL_MONTHLY,
    CONF_RENEWAL_DAY: 5,
    CONF_LOW_DATA_PERCENT: 10,
    CONF_LOW_DATA_MB: 500,
    CONF_EXPIRY_DAYS: 3,
    CONF_LOW_BALANCE: 2,
    CONF_DEVICE_POLL_MINUTES: 5,
    CONF_CARRIER_CHECK_HOURS: 12,
}


@pytest.fixture
def us_home(hass: HomeAssistant) -> None:
    """Home Assistant set up in the US, where the simulated carrier is (US dates)."""
    hass.config.country = "US"


@pytest.fixture
def mock_config_entry(modem_simulator: Simulator) -> MockConfigEntry:
    """An entry for the simulator's US modem with a custom carrier matching its *100#."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="US prepaid",
        unique_id="8901260123456789012",
        data={CONF_URL: modem_simulator.url, CONF_SOURCE: SOURCE_MODEM},
        options=US_OPTIONS,
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    us_home: None,
    mock_config_entry: MockConfigEntry,
) -> MockConfigEntry:
    """The entry set up against the simulator, with its first carrier check done."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return mock_config_entry
