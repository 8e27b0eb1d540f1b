"""Binary sensors: top-up needed (with its reasons), modem connected, SIM ready."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import DataBalanceConfigEntry
from .entity import DataBalanceEntity
from .models import Snapshot
from .modem import SimState

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class DataBalanceBinarySensorDescription(BinarySensorEntityDescription):
    """A yes/no read from the snapshot."""

    is_on_fn: Callable[[Snapshot], bool]
    attributes_fn: Callable[[Snapshot], Mapping[str, Any]] | None = None
    # Says "off" while the modem is away instead of going unavailable itself.
    reports_outage: bool = False


BINARY_SENSORS: tuple[DataBalanceBinarySensorDescription, ...] = (
    DataBalanceBinarySensorDescription(
        key="top_up_needed",
        translation_key="top_up_needed",
        device_class=BinarySensorDeviceClass.PROBLEM,
        is_on_fn=lambda snapshot: snapshot.summary.thresholds.top_up_needed,
        # Stable values only: the reasons change when a threshold is crossed, not every poll.
        attributes_fn=lambda snapshot: {
            "reasons": sorted(
                reason.value for reason in snapshot.summary.thresholds.reasons
            )
        },
    ),
    DataBalanceBinarySensorDescription(
        key="modem_connected",
        translation_key="modem_connected",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        is_on_fn=lambda snapshot: snapshot.device.connected,
        reports_outage=True,
    ),
    DataBalanceBinarySensorDescription(
        key="sim_ready",
        translation_key="sim_ready",
        entity_category=EntityCategory.DIAGNOSTIC,
        is_on_fn=lambda snapshot: snapshot.device.sim_state is SimState.READY,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DataBalanceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the SIM's binary sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        DataBalanceBinarySensor(coordinator, description)
        for description in BINARY_SENSORS
    )


class DataBalanceBinarySensor(DataBalanceEntity, BinarySensorEntity):
    """A yes/no of the snapshot."""

    entity_description: DataBalanceBinarySensorDescription

    @property
    def available(self) -> bool:
        """Available while polls succeed; "modem connected" stays available to say off."""
        if self.entity_description.reports_outage:
            return self.coordinator.data is not None
        return super().available

    @property
    def is_on(self) -> bool:
        """Whether it holds now."""
        if (
            self.entity_description.reports_outage
            and not self.coordinator.last_update_success
        ):
            return False
        return self.entity_description.is_on_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Stable attributes (the top-up reasons)."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.coordinator.data)
