"""The Polling switch: pause all device and carrier traffic (kept across restarts)."""

from __future__ import annotations

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import DataBalanceConfigEntry
from .entity import DataBalanceEntity

PARALLEL_UPDATES = 0

POLLING = SwitchEntityDescription(
    key="polling", translation_key="polling", entity_category=EntityCategory.CONFIG
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DataBalanceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the switch."""
    async_add_entities([PollingSwitch(entry.runtime_data.coordinator, POLLING)])


class PollingSwitch(DataBalanceEntity, SwitchEntity):
    """On: the modem is polled and the carrier asked. Off: the port is let go."""

    @property
    def available(self) -> bool:
        """Always available: it is how polling is turned back on."""
        return True

    @property
    def is_on(self) -> bool:
        """Whether polling runs."""
        return not self.coordinator.paused

    async def async_turn_on(self, **kwargs: object) -> None:
        """Resume polling now."""
        await self.coordinator.async_set_paused(paused=False)
        self.async_write_ha_state()

    async def async_turn_off(self, **kwargs: object) -> None:
        """Pause: close the port, stop the schedules."""
        await self.coordinator.async_set_paused(paused=True)
        self.async_write_ha_state()
