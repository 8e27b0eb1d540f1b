"""Entity states and registry entries as snapshots, for each platform."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.data_balance.sensor import MEGABYTE, _to_step
from simulator.control import Simulator
from tests.frozen import FROZEN_CLOCK

pytestmark = [
    FROZEN_CLOCK,
    pytest.mark.usefixtures("entity_registry_enabled_by_default", "us_home"),
]


REGISTRY_FIELDS = (
    "entity_id",
    "unique_id",
    "translation_key",
    "original_name",
    "original_device_class",
    "entity_category",
    "capabilities",
    "unit_of_measurement",
    "options",
    "disabled_by",
    "has_entity_name",
)


async def setup_platform(
    hass: HomeAssistant, entry: MockConfigEntry, platform: Platform
) -> None:
    """Set the entry up with one platform only (snapshot_platform wants one)."""
    entry.add_to_hass(hass)
    with patch("custom_components.data_balance.PLATFORMS", [platform]):
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


async def snapshot_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    entry_id: str,
) -> None:
    """Every entity's registry entry and state, matched against the stored snapshot."""
    entries = er.async_entries_for_config_entry(entity_registry, entry_id)
    assert entries
    for entity_entry in entries:
        # The fields that say what the entity is; whole entries gain fields between releases.
        described = {field: getattr(entity_entry, field) for field in REGISTRY_FIELDS}
        assert described == snapshot(name=f"{entity_entry.entity_id}-entry")
        state = hass.states.get(entity_entry.entity_id)
        assert state is not None
        if entity_entry.domain == Platform.EVENT:
            # An event entity's state is the moment it fired (the clock ticks here).
            assert dt_util.parse_datetime(state.state) is not None
            described_state = {"attributes": dict(state.attributes)}
            assert described_state == snapshot(name=f"{entity_entry.entity_id}-state")
            continue
        assert state == snapshot(name=f"{entity_entry.entity_id}-state")


@pytest.mark.parametrize(
    "platform",
    [
        Platform.SENSOR,
        Platform.BINARY_SENSOR,
        Platform.BUTTON,
        Platform.EVENT,
        Platform.SWITCH,
    ],
)
async def test_entities(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
    modem_simulator: Simulator,
    platform: Platform,
) -> None:
    await setup_platform(hass, mock_config_entry, platform)
    await snapshot_entities(hass, entity_registry, snapshot, mock_config_entry.entry_id)


def test_figures_are_stored_in_steps() -> None:
    """Every change of state is a database row: bytes are kept in whole steps."""
    assert _to_step(None, MEGABYTE) is None
    assert _to_step(1_234_567_891, MEGABYTE) == 1_235_000_000
    assert _to_step(4_999_999, 10 * MEGABYTE) == 0
    rising = [_to_step(value, MEGABYTE) or 0 for value in range(0, 5_000_000, 123_457)]
    assert rising == sorted(rising)  # a rising total keeps rising
