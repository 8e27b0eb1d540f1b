"""Small helpers for the integration tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from custom_components.data_balance.const import DOMAIN


async def eventually(condition: Callable[[], bool], seconds: float = 3.0) -> bool:
    """Whether `condition` comes true within `seconds` (the simulator runs beside hass)."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()


def state_of(hass: HomeAssistant, entity_id: str) -> str:
    """An entity's state, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def sim_device(
    hass: HomeAssistant, sim: str, entry_id: str | None = None
) -> dr.DeviceEntry:
    """The device for `sim` (of that entry, or of any of ours), which must be one.

    Looked up per entry: `async_get_device` is deprecated since 2026.10 (identifiers
    are no longer unique across entries), and its successors are missing in 2025.4.
    """
    registry = dr.async_get(hass)
    entry_ids = (
        [entry_id]
        if entry_id
        else [entry.entry_id for entry in hass.config_entries.async_entries(DOMAIN)]
    )
    found = [
        device
        for each in entry_ids
        for device in dr.async_entries_for_config_entry(registry, each)
        if (DOMAIN, sim) in device.identifiers
    ]
    assert len(found) == 1, found
    return found[0]
