"""Bus events and the Carrier message event entity, driven through the simulated carrier."""

from __future__ import annotations

from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from custom_components.data_balance.const import (
    CONF_EXPIRY_DAYS,
    EVENT_MESSAGE_RECEIVED,
    EVENT_PLAN_EXPIRING,
    EVENT_TOP_UP_DETECTED,
    EVENT_TOP_UP_NEEDED,
)
from simulator.control import Simulator
from tests.frozen import FROZEN_CLOCK

from .helpers import eventually, sim_device, state_of
from .test_carrier_checks import press, setup_with

pytestmark = FROZEN_CLOCK

SIM = "8901260123456789012"
MESSAGE_ENTITY = "event.us_prepaid_carrier_message"


def device_id(hass: HomeAssistant) -> str:
    """The SIM's device in the registry."""
    return sim_device(hass, SIM).id


async def test_top_up_needed_fires_once_per_crossing_and_re_arms(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    needed = async_capture_events(hass, EVENT_TOP_UP_NEEDED)
    detected = async_capture_events(hass, EVENT_TOP_UP_DETECTED)
    assert needed == []  # 6.5 GB of 10 GB left at start: nothing to say

    modem_simulator.drain("6.1GB")  # 0.4 GB left: below 500 MB and below 10 %
    await press(hass)
    await hass.async_block_till_done()
    assert len(needed) == 1
    data = needed[0].data
    assert data["device_id"] == device_id(hass)
    assert data["entry_id"] == init_integration.entry_id
    assert data["remaining_data"] == 400_000_000
    assert data["remaining_data_gb"] == 0.4
    assert data["remaining_percent"] == 4.0
    assert sorted(data["new_reasons"]) == [
        "remaining_data_low",
        "remaining_percent_low",
    ]
    assert sorted(data["reasons"]) == sorted(data["new_reasons"])
    assert data["balance"] == 7.2
    assert data["currency"] == "USD"
    assert data["carrier"] is None  # a custom carrier has no name to show
    assert data["expires"] is not None

    # Still low at the next check and poll: no second notification.
    modem_simulator.drain("0.1GB")
    await press(hass)
    await init_integration.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    assert len(needed) == 1

    # A top-up brings it back (and is announced) ...
    modem_simulator.top_up(data="5GB")
    await press(hass)
    assert await eventually(lambda: len(detected) == 1)
    assert detected[0].data["device_id"] == device_id(hass)
    assert detected[0].data["data_added"] == 5_000_000_000
    assert "data_rose" in detected[0].data["evidence"]
    assert detected[0].data["remaining_data"] == 5_300_000_000
    assert len(needed) == 1

    # ... and the next crossing is told again.
    modem_simulator.drain("5GB")
    await press(hass)
    await hass.async_block_till_done()
    assert len(needed) == 2


async def test_plan_expiring_waits_for_the_device_and_names_it(
    hass: HomeAssistant, enable_custom_integrations: None, modem_simulator: Simulator
) -> None:
    """The crossing at the very first poll comes before the entities: it is not lost."""
    expiring = async_capture_events(hass, EVENT_PLAN_EXPIRING)
    needed = async_capture_events(hass, EVENT_TOP_UP_NEEDED)
    # The simulated plan ends 2026-12-05: ten days away, inside a 15-day warning.
    await setup_with(hass, modem_simulator, **{CONF_EXPIRY_DAYS: 15})
    assert len(expiring) == 1
    assert expiring[0].data["device_id"] == device_id(hass)
    assert expiring[0].data["expires"].startswith("2026-12-05")
    assert [event.data["new_reasons"] for event in needed] == [["plan_expiring"]]


async def test_message_event_carries_the_whole_text(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    received = async_capture_events(hass, EVENT_MESSAGE_RECEIVED)
    text = (
        "Your balance is $3.50. Data: 1.2GB left, valid until 12/20/2026. "
        + "Thank you for choosing us. " * 10
    )
    assert len(text) > 255  # three parts on the air, one message here
    modem_simulator.deliver_sms("6399", text)
    assert await eventually(lambda: len(received) == 1)
    data = received[0].data
    assert data["text"] == text
    assert data["device_id"] == device_id(hass)
    assert data["source"] == "sms"
    assert data["sender"] == "6399"
    assert data["kind"] == "balance"
    assert data["report"]["balance"] == "3.50"
    assert data["report"]["data_remaining"] == 1_200_000_000
    # The event entity fired too, with the figures but not the text.
    state = hass.states.get(MESSAGE_ENTITY)
    assert state is not None
    assert state.attributes["event_type"] == "sms"
    assert state.attributes["balance"] == "3.50"
    assert state.attributes["readable"] is True
    assert "text" not in state.attributes


async def test_ussd_reply_fires_the_event_entity(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    fired: list[Event] = async_capture_events(hass, EVENT_MESSAGE_RECEIVED)
    await press(hass)
    await hass.async_block_till_done()
    assert [event.data["source"] for event in fired] == ["ussd"]
    assert fired[0].data["sender"] is None
    assert state_of(hass, MESSAGE_ENTITY) != "unknown"
    state = hass.states.get(MESSAGE_ENTITY)
    assert state is not None
    assert state.attributes["event_type"] == "ussd"
    assert state.attributes["kind"] == "balance"


async def test_unreadable_message_is_still_an_event(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    received = async_capture_events(hass, EVENT_MESSAGE_RECEIVED)
    modem_simulator.deliver_sms("+15550100", "Hi, are you coming tonight?")
    assert await eventually(lambda: len(received) == 1)
    assert received[0].data["kind"] == "other"
    assert received[0].data["report"] is None
    state = hass.states.get(MESSAGE_ENTITY)
    assert state is not None
    assert state.attributes["readable"] is False


async def test_incoming_texts_never_send_anything(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Money safety: a text asking for a reply gets none, and asks the carrier nothing."""
    requests = modem_simulator.carrier.requests_seen
    received = async_capture_events(hass, EVENT_MESSAGE_RECEIVED)
    modem_simulator.deliver_sms(
        "6399", "Reply YES to buy 1GB for $10. Reply BAL for balance."
    )
    assert await eventually(lambda: len(received) == 1)
    await init_integration.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    assert modem_simulator.engine.sent_messages == []
    assert modem_simulator.carrier.requests_seen == requests
    assert ATTR_DEVICE_ID in received[0].data
