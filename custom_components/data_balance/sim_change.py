"""A replaced SIM: move the entry, its device and its entities to the new card.

Entity ids, history and the stored usage stay; the device is renamed in place (no
second device appears), and the old SIM's identity is forgotten.
"""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er

from .const import DOMAIN


class SimInUseError(Exception):
    """Another entry already watches the new SIM."""


async def async_move_to_sim(
    hass: HomeAssistant, entry: ConfigEntry, new_sim: str
) -> None:
    """Make `entry` the new SIM's, keeping its device, entities and history."""
    old_sim = entry.unique_id
    if old_sim is None or old_sim == new_sim:
        return
    if any(
        other.unique_id == new_sim
        for other in hass.config_entries.async_entries(DOMAIN)
        if other.entry_id != entry.entry_id
    ):
        raise SimInUseError
    devices = dr.async_get(hass)
    # The entry's own device (identifiers are unique per entry only, since 2026.10).
    for device in dr.async_entries_for_config_entry(devices, entry.entry_id):
        if (DOMAIN, old_sim) in device.identifiers:
            devices.async_update_device(device.id, new_identifiers={(DOMAIN, new_sim)})

    @callback
    def renamed(entity: er.RegistryEntry) -> dict[str, str] | None:
        if not entity.unique_id.startswith(f"{old_sim}_"):
            return None
        return {"new_unique_id": new_sim + entity.unique_id.removeprefix(old_sim)}

    await er.async_migrate_entries(hass, entry.entry_id, renamed)
    hass.config_entries.async_update_entry(entry, unique_id=new_sim)
    hass.config_entries.async_schedule_reload(entry.entry_id)
