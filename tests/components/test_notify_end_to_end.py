"""The promise, end to end: the phone hears once when the data runs low, and once when paid.

The integration runs against the simulated modem and carrier; the blueprint automation
sends to a recorded notify action, as the user's phone would receive it.
"""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant, ServiceCall
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from custom_components.data_balance.const import DOMAIN
from simulator.control import Simulator
from tests.frozen import FROZEN_CLOCK

from .helpers import eventually
from .test_blueprint import install_blueprint, sim_device_id, use_blueprint

pytestmark = FROZEN_CLOCK


async def check_balance(hass: HomeAssistant, device_id: str) -> None:
    """Ask the carrier now, as a scheduled check or the button does."""
    await hass.services.async_call(
        DOMAIN, "check_balance", {"device_id": device_id}, blocking=True
    )
    await hass.async_block_till_done()


async def test_one_notification_when_low_and_one_when_topped_up(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    tmp_path: Path,
) -> None:
    phone: list[ServiceCall] = async_mock_service(hass, "notify", "mobile_app_test")
    install_blueprint(hass, tmp_path)
    device_id = sim_device_id(hass, init_integration)
    await use_blueprint(hass, device_id)
    assert phone == []  # 6.5 GB of 10 GB left: nothing to say

    # The hotspot uses 6.1 GB; the next carrier check sees 0.4 GB left.
    modem_simulator.drain("6.1GB")
    await check_balance(hass, device_id)
    assert len(phone) == 1
    needed = phone[0].data
    assert needed["title"] == "Top up US prepaid"
    # A custom carrier has no name or top-up page: the message says neither.
    assert needed["message"] == "SIM +15550100: data is low (0.4 GB, 4% left)."
    assert needed["data"]["actions"] == [
        {"action": f"DATA_BALANCE_CHECK_{device_id}", "title": "Check again"}
    ]

    # Still low at the next check, the next poll, and when "Check again" is pressed:
    # the phone is not told twice.
    modem_simulator.drain("0.1GB")
    await check_balance(hass, device_id)
    await init_integration.runtime_data.coordinator.async_refresh()
    asked = modem_simulator.carrier.requests_seen
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"DATA_BALANCE_CHECK_{device_id}"},
    )
    await hass.async_block_till_done()
    assert modem_simulator.carrier.requests_seen == asked + 1
    assert len(phone) == 1

    # The user pays; the carrier's confirmation text arrives.
    modem_simulator.top_up(data="5GB", money="5")
    assert await eventually(lambda: len(phone) == 2)
    arrived = phone[1].data
    assert arrived["title"] == "Top-up arrived"
    assert arrived["message"] == (
        "SIM +15550100: 5 GB and 5.00 USD added. Now 5.3 GB, 53% left, "
        "balance 12.20 USD, plan until Saturday, December 5."
    )
    assert arrived["data"] == {"tag": f"data_balance_{device_id}"}

    # A check afterwards confirms the figures and says nothing new.
    await check_balance(hass, device_id)
    assert len(phone) == 2
