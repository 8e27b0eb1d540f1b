"""The Data Balance integration: remaining data, balance and expiry of a prepaid SIM."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType
from homeassistant.util import dt as dt_util

from .carrier import load_catalogue
from .const import DOMAIN
from .coordinator import (
    DataBalanceConfigEntry,
    DataBalanceCoordinator,
    DataBalanceRuntime,
)
from .entity import device_info
from .issues import IssueTracker
from .services import async_setup_services
from .settings import SettingsError, entry_settings
from .top_up_watch import TopUpWatch

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.SENSOR,
    Platform.SWITCH,
]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions; entries are added through the UI."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: DataBalanceConfigEntry) -> bool:
    """Open the modem, restore the stored figures, and add the entities."""
    # The carrier catalogue is a file: read it once, away from the event loop.
    await hass.async_add_executor_job(load_catalogue)
    try:
        settings = entry_settings(
            entry.options,
            hass.config.time_zone,
            dt_util.now().date(),
            hass.config.country,
        )
    except SettingsError as err:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="invalid_settings",
            translation_placeholders={"error": str(err)},
        ) from err
    coordinator = DataBalanceCoordinator(hass, entry, settings)
    entry.async_on_unload(coordinator.async_close)
    tracker = IssueTracker(hass, coordinator)
    entry.async_on_unload(tracker.async_stop)
    try:
        await coordinator.async_config_entry_first_refresh()
    except ConfigEntryNotReady:
        # Missing at start (or a locked or other SIM): the repairs still say so.
        tracker.async_update()
        raise
    watch = TopUpWatch(hass, coordinator)
    entry.async_on_unload(watch.cancel)
    entry.async_on_unload(coordinator.subscribe_top_ups(watch.confirmed))
    entry.runtime_data = DataBalanceRuntime(coordinator=coordinator, watch=watch)
    # The device exists before its entities so that events can name it at once.
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **device_info(coordinator)
    )
    coordinator.async_set_device(device.id)
    watch.resume()
    entry.async_on_unload(coordinator.async_add_listener(tracker.async_update))
    entry.async_on_unload(coordinator.subscribe_refreshes(tracker.async_update))
    tracker.async_update()
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    entry.async_create_background_task(
        hass, coordinator.async_check_if_stale(), "data_balance carrier check"
    )
    return True


async def async_unload_entry(
    hass: HomeAssistant, entry: DataBalanceConfigEntry
) -> bool:
    """Remove the entities; the port is closed by the unload callbacks."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def _async_options_updated(
    hass: HomeAssistant, entry: DataBalanceConfigEntry
) -> None:
    """New carrier, plan or schedule: start again with them."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: DataBalanceConfigEntry, device: dr.DeviceEntry
) -> bool:
    """A device of a SIM this entry no longer watches may be deleted; the current not."""
    return (DOMAIN, entry.unique_id or entry.entry_id) not in device.identifiers
