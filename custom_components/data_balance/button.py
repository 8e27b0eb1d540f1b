"""The "Check balance now" button: sends the carrier profile's balance request."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import DataBalanceConfigEntry
from .entity import DataBalanceEntity

PARALLEL_UPDATES = 1

CHECK_BALANCE = ButtonEntityDescription(
    key="check_balance", translation_key="check_balance"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DataBalanceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the button."""
    async_add_entities(
        [CheckBalanceButton(entry.runtime_data.coordinator, CHECK_BALANCE)]
    )


class CheckBalanceButton(DataBalanceEntity, ButtonEntity):
    """Ask the carrier for the balance now (may cost money on some plans)."""

    async def async_press(self) -> None:
        """Send the request; answers in the USSD session show at once, SMS answers when they come."""
        await self.coordinator.async_check_balance()
