"""Sensors: remaining data, usage, plan, expiry, projection, balance, signal and SIM."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfInformation,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import DataBalanceConfigEntry
from .entity import DataBalanceEntity
from .models import Snapshot
from .modem import AccessTechnology

PARALLEL_UPDATES = 0

type SensorValue = int | float | str | datetime | Decimal | None


@dataclass(frozen=True, kw_only=True)
class DataBalanceSensorDescription(SensorEntityDescription):
    """A sensor read from the snapshot."""

    value_fn: Callable[[Snapshot], SensorValue]
    last_reset_fn: Callable[[Snapshot], datetime | None] | None = None


def _data(
    key: str,
    value_fn: Callable[[Snapshot], SensorValue],
    *,
    state_class: SensorStateClass | None = None,
    entity_category: EntityCategory | None = None,
    last_reset_fn: Callable[[Snapshot], datetime | None] | None = None,
) -> DataBalanceSensorDescription:
    """A data-size sensor: bytes natively, shown in GB."""
    return DataBalanceSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.GIGABYTES,
        suggested_display_precision=2,
        state_class=state_class,
        entity_category=entity_category,
        value_fn=value_fn,
        last_reset_fn=last_reset_fn,
    )


# Figures are stored in steps finer than they are shown (GB with two decimals), but not
# byte by byte: every change of state is a row in the user's database.
MEGABYTE = 1_000_000


def _to_step(value: float | None, step: int) -> int | None:
    """`value` to the nearest multiple of `step` (a rising total keeps rising)."""
    return None if value is None else round(value / step) * step


def _days_left(snapshot: Snapshot) -> float | None:
    days = snapshot.summary.projection.days_left
    return None if days is None else round(days, 1)


SENSORS: tuple[DataBalanceSensorDescription, ...] = (
    _data(
        "remaining_data",
        lambda snapshot: _to_step(snapshot.summary.remaining.remaining, MEGABYTE),
        state_class=SensorStateClass.MEASUREMENT,
    ),
    _data(
        "data_used",
        lambda snapshot: _to_step(snapshot.data_used, MEGABYTE),
        state_class=SensorStateClass.TOTAL,
        last_reset_fn=lambda snapshot: snapshot.summary.period.start,
    ),
    _data(
        "plan_size",
        lambda snapshot: snapshot.plan.size,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
    _data(
        "daily_usage",
        lambda snapshot: _to_step(
            snapshot.summary.projection.daily_usage, 10 * MEGABYTE
        ),
        state_class=SensorStateClass.MEASUREMENT,
    ),
    DataBalanceSensorDescription(
        key="remaining_percent",
        translation_key="remaining_percent",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda snapshot: (
            None
            if (percent := snapshot.summary.remaining.percent) is None
            else round(percent, 1)
        ),
    ),
    DataBalanceSensorDescription(
        key="plan_expires",
        translation_key="plan_expires",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda snapshot: snapshot.summary.period.end,
    ),
    DataBalanceSensorDescription(
        key="days_left",
        translation_key="days_left",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.DAYS,
        suggested_display_precision=1,
        value_fn=_days_left,
    ),
    DataBalanceSensorDescription(
        key="projected_run_out",
        translation_key="projected_run_out",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda snapshot: snapshot.summary.projection.run_out,
    ),
    DataBalanceSensorDescription(
        key="balance",
        translation_key="balance",
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
        value_fn=lambda snapshot: snapshot.summary.balance,
    ),
    DataBalanceSensorDescription(
        key="signal_strength",
        translation_key="signal_strength",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda snapshot: (
            snapshot.device.signal.rssi_dbm if snapshot.device.signal else None
        ),
    ),
    DataBalanceSensorDescription(
        key="operator",
        translation_key="operator",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda snapshot: (
            snapshot.device.network.operator if snapshot.device.network else None
        ),
    ),
    DataBalanceSensorDescription(
        key="network_type",
        translation_key="network_type",
        device_class=SensorDeviceClass.ENUM,
        options=[technology.value for technology in AccessTechnology],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda snapshot: (
            technology.value
            if snapshot.device.network
            and (technology := snapshot.device.network.access_technology)
            else None
        ),
    ),
    DataBalanceSensorDescription(
        key="sim_number",
        translation_key="sim_number",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda snapshot: snapshot.info.own_number,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DataBalanceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the SIM's sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        DataBalanceSensor(coordinator, description) for description in SENSORS
    )


class DataBalanceSensor(DataBalanceEntity, SensorEntity):
    """A figure of the snapshot."""

    entity_description: DataBalanceSensorDescription

    @property
    def native_value(self) -> SensorValue:
        """The figure now."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def last_reset(self) -> datetime | None:
        """When the usage period began (for `data_used`)."""
        if self.entity_description.last_reset_fn is None:
            return None
        return self.entity_description.last_reset_fn(self.coordinator.data)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """The balance's currency comes from the carrier; other units are fixed."""
        if self.entity_description.key == "balance":
            return self.coordinator.data.currency
        return self.entity_description.native_unit_of_measurement
