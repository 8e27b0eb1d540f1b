"""The "Carrier message" event entity: one event per SMS or USSD reply from the carrier.

The event data holds the parsed figures, not the text (entity history is kept by the
recorder); the `data_balance_message_received` bus event carries the whole text.
"""

from __future__ import annotations

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import DataBalanceConfigEntry
from .entity import DataBalanceEntity
from .events import ReceivedMessage

PARALLEL_UPDATES = 0

CARRIER_MESSAGE = EventEntityDescription(
    key="carrier_message",
    translation_key="carrier_message",
    event_types=["sms", "ussd"],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DataBalanceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the event entity."""
    async_add_entities(
        [CarrierMessageEvent(entry.runtime_data.coordinator, CARRIER_MESSAGE)]
    )


class CarrierMessageEvent(DataBalanceEntity, EventEntity):
    """Fires when the carrier's text or USSD reply arrives."""

    async def async_added_to_hass(self) -> None:
        """Listen for messages while the entity exists."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.subscribe_messages(self._async_message))

    @callback
    def _async_message(self, message: ReceivedMessage) -> None:
        report = message.report
        figures = report.as_event_data() if report is not None else {}
        self._trigger_event(
            message.source,
            {**figures, "kind": message.kind, "readable": report is not None},
        )
        self.async_write_ha_state()
