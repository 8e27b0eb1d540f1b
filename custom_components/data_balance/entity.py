"""The base entity: one device per SIM, names from translation keys."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import DataBalanceCoordinator


class DataBalanceEntity(CoordinatorEntity[DataBalanceCoordinator]):
    """An entity of the SIM's device."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: DataBalanceCoordinator, description: EntityDescription
    ) -> None:
        """Name the entity after its description; attach it to the SIM's device."""
        super().__init__(coordinator)
        self.entity_description = description
        sim_id = coordinator.config_entry.unique_id or coordinator.config_entry.entry_id
        self._attr_unique_id = f"{sim_id}_{description.key}"
        info = coordinator.data.info
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, sim_id)},
            manufacturer=info.manufacturer,
            model=info.model,
            sw_version=info.firmware,
            name=coordinator.config_entry.title,
        )
