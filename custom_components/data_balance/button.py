"""Buttons: check the balance now, restart the modem."""

from __future__ import annotations

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import DataBalanceConfigEntry
from .entity import DataBalanceEntity

PARALLEL_UPDATES = 1

CHECK_BALANCE = ButtonEntityDescription(
    key="check_balance", translation_key="check_balance"
)
RESTART_MODEM = ButtonEntityDescription(
    key="restart_modem",
    translation_key="restart_modem",
    device_class=ButtonDeviceClass.RESTART,
    entity_category=EntityCategory.CONFIG,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DataBalanceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        [
            CheckBalanceButton(coordinator, CHECK_BALANCE),
            RestartModemButton(coordinator, RESTART_MODEM),
        ]
    )


class CheckBalanceButton(DataBalanceEntity, ButtonEntity):
    """Ask the carrier for the balance now (may cost money on some plans)."""

    async def async_press(self) -> None:
        """Send the request; answers in the USSD session show at once, SMS answers when they come."""
        await self.coordinator.async_check_balance()


class RestartModemButton(DataBalanceEntity, ButtonEntity):
    """Reset the modem (it leaves the bus for a while, then is opened again)."""

    async def async_press(self) -> None:
        """Send the reset."""
        await self.coordinator.async_restart_modem()
