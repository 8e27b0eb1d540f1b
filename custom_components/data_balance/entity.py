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
        self._attr_unique_id = f"{sim_id(coordinator)}_{description.key}"
        self._attr_device_info = device_info(coordinator)


def sim_id(coordinator: DataBalanceCoordinator) -> str:
    """What identifies the SIM's device: the entry's unique id (ICCID)."""
    return coordinator.config_entry.unique_id or coordinator.config_entry.entry_id


def device_info(coordinator: DataBalanceCoordinator) -> DeviceInfo:
    """The SIM's device, named after the entry, made by the modem's maker."""
    info = coordinator.data.info
    return DeviceInfo(
        identifiers={(DOMAIN, sim_id(coordinator))},
        manufacturer=info.manufacturer,
        model=info.model,
        sw_version=info.firmware,
        name=coordinator.config_entry.title,
    )
