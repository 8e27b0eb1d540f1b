"""Asking the carrier and hearing from it: USSD in session, answers by SMS, pushed notices."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from homeassistant.components.button.const import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.data_balance.const import (
    CONF_ANSWER,
    CONF_SMS_KEYWORD,
    CONF_SMS_NUMBER,
    CONF_USSD_CODE,
    DOMAIN,
)
from simulator.carrier import USSD_NOT_SUPPORTED
from simulator.control import Simulator
from tests.conftest import US_OPTIONS

from .helpers import eventually, state_of

BALANCE = "sensor.us_prepaid_account_balance"
REMAINING = "sensor.us_prepaid_remaining_data"
BUTTON = "button.us_prepaid_check_balance_now"


async def setup_with(
    hass: HomeAssistant, simulator: Simulator, **options: Any
) -> MockConfigEntry:
    """Set up an entry for the simulator with some options changed (in the US, like it)."""
    hass.config.country = "US"
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="US prepaid",
        unique_id="8901260123456789012",
        data={"url": simulator.url, "source": "modem"},
        options={**US_OPTIONS, **options},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


async def press(hass: HomeAssistant) -> None:
    """Press "Check balance now"."""
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: BUTTON}, blocking=True
    )


async def test_button_asks_again(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    modem_simulator.drain("1.5GB")
    await press(hass)
    await hass.async_block_till_done()
    assert float(state_of(hass, REMAINING)) == pytest.approx(5.0)
    assert modem_simulator.carrier.requests_seen == 2  # at start, and the press


async def test_answer_by_sms_after_ussd(
    hass: HomeAssistant, enable_custom_integrations: None, modem_simulator: Simulator
) -> None:
    modem_simulator.carrier.with_spec(sms_delay=0.05)
    entry = await setup_with(
        hass, modem_simulator, **{CONF_USSD_CODE: "#225#", CONF_ANSWER: "sms"}
    )
    assert await eventually(lambda: state_of(hass, BALANCE) == "7.20")
    modem_simulator.carrier.balance += 5
    await press(hass)
    assert await eventually(lambda: state_of(hass, BALANCE) == "12.20")
    kinds = [record.source for record in entry.runtime_data.coordinator.recent_messages]
    assert kinds.count("sms") >= 2


async def test_sms_keyword_request(
    hass: HomeAssistant, enable_custom_integrations: None, modem_simulator: Simulator
) -> None:
    modem_simulator.carrier.with_spec(sms_delay=0.05)
    await setup_with(
        hass,
        modem_simulator,
        **{
            CONF_USSD_CODE: "",
            CONF_SMS_NUMBER: "6399",
            CONF_SMS_KEYWORD: "BAL",
            CONF_ANSWER: "sms",
        },
    )
    assert await eventually(lambda: state_of(hass, BALANCE) == "7.20")
    assert modem_simulator.engine.sent_messages == [("6399", "BAL")]


async def test_top_up_notice_updates_figures(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    modem_simulator.carrier.with_spec(sms_delay=0.05)
    modem_simulator.top_up(data="5GB", money="10")
    assert await eventually(lambda: state_of(hass, BALANCE) == "17.20")
    assert float(state_of(hass, REMAINING)) == pytest.approx(11.5)


async def test_unreadable_message_is_recorded_not_applied(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    modem_simulator.deliver_sms("+15550199", "Happy holidays from your carrier!")
    assert await eventually(
        lambda: any(not record.readable for record in coordinator.recent_messages)
    )
    assert state_of(hass, BALANCE) == "7.20"


async def test_check_fails_with_translated_errors(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    modem_simulator.carrier.handle_ussd = lambda code: USSD_NOT_SUPPORTED  # type: ignore[method-assign]  # noqa: ARG005
    with pytest.raises(HomeAssistantError) as caught:
        await press(hass)
    assert caught.value.translation_key == "balance_check_failed"
    await modem_simulator.unplug()
    assert await eventually(lambda: state_of(hass, BALANCE) == STATE_UNAVAILABLE)
    # The button is unavailable now; the scheduled check meets the same error.
    with pytest.raises(HomeAssistantError) as caught:
        await init_integration.runtime_data.coordinator.async_check_balance()
    assert caught.value.translation_key == "modem_unavailable"


async def test_sim_locked_while_running(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    modem_simulator.engine.sim_state = "SIM PIN"
    await coordinator.async_refresh()
    # The modem still answers: it says the SIM needs its PIN, and the last figures stay.
    assert coordinator.last_update_success
    assert state_of(hass, "binary_sensor.us_prepaid_sim_ready") == "off"
    assert state_of(hass, "binary_sensor.us_prepaid_modem_connected") == "on"
    assert state_of(hass, BALANCE) == "7.20"


async def test_rate_limit_stops_a_pressing_loop(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Regression: nothing limited paid requests; an automation loop could send without end."""
    modem_simulator.carrier.with_spec(reply_delay=0.01)
    for _ in range(9):  # the start-up check was the first of ten this hour
        await press(hass)
    with pytest.raises(HomeAssistantError) as caught:
        await press(hass)
    assert caught.value.translation_key == "rate_limited_hour"
    assert caught.value.translation_placeholders == {"count": "10"}
    assert modem_simulator.carrier.requests_seen == 10


async def test_one_check_at_a_time(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    first = hass.async_create_task(coordinator.async_check_balance())
    await asyncio.sleep(0.05)
    with pytest.raises(HomeAssistantError) as caught:
        await coordinator.async_check_balance()
    assert caught.value.translation_key == "check_in_progress"
    await coordinator.async_refresh()  # a poll during the session waits its turn
    await first
    assert modem_simulator.carrier.requests_seen == 2


async def test_restart_after_a_failed_check_does_not_ask_again(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Regression: only a readable answer counted, so each reload after a failure paid again."""
    modem_simulator.carrier.handle_ussd = lambda code: USSD_NOT_SUPPORTED  # type: ignore[method-assign]  # noqa: ARG005
    with pytest.raises(HomeAssistantError):
        await press(hass)
    seen = [line for line in modem_simulator.engine.commands_seen if "CUSD=1," in line]
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [
        line for line in modem_simulator.engine.commands_seen if "CUSD=1," in line
    ] == seen


async def test_another_sim_in_the_modem_is_not_counted(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Regression: after a replug the SIM was never checked again."""
    coordinator = init_integration.runtime_data.coordinator
    await modem_simulator.unplug()
    modem_simulator.engine.personality = dataclasses.replace(
        modem_simulator.engine.personality,
        iccid="8901260999999999999",
        imsi="310260999999999",
    )
    await modem_simulator.replug()
    await coordinator.async_refresh()
    assert not coordinator.last_update_success
    assert coordinator.last_exception is not None
    assert coordinator.last_exception.translation_key == "wrong_sim"
    assert state_of(hass, BALANCE) == STATE_UNAVAILABLE


async def test_locked_new_sim_is_identified_once_unlocked(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Regression: a SIM that was locked at reconnect was never identified afterwards."""
    coordinator = init_integration.runtime_data.coordinator
    await modem_simulator.unplug()
    modem_simulator.engine.personality = dataclasses.replace(
        modem_simulator.engine.personality,
        iccid="8901260999999999999",
        imsi="310260999999999",
    )
    modem_simulator.engine.sim_state = "SIM PIN"
    await modem_simulator.replug()
    await coordinator.async_refresh()
    assert not coordinator.last_update_success
    modem_simulator.engine.sim_state = "READY"  # unlocked on the modem itself
    await coordinator.async_refresh()
    assert not coordinator.last_update_success
    assert coordinator.last_exception is not None
    assert coordinator.last_exception.translation_key == "wrong_sim"


async def test_texts_from_strangers_do_not_change_figures(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Regression: any text with a figure in it, from anyone, replaced the carrier's figures."""
    coordinator = init_integration.runtime_data.coordinator
    modem_simulator.deliver_sms("+15550199", "Your balance is $999.00.")
    assert await eventually(lambda: len(coordinator.recent_messages) == 2)
    assert state_of(hass, BALANCE) == "7.20"
    modem_simulator.deliver_sms(
        "6399", "Your balance is $8.00."
    )  # the carrier's own sender
    assert await eventually(lambda: state_of(hass, BALANCE) == "8.00")


async def test_partial_text_keeps_currency_and_expiry(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Regression: a partial text dropped what the last one said until the next.

    A reminder with only a date dropped the balance's currency, and a balance-only
    text the plan's expiry.
    """
    coordinator = init_integration.runtime_data.coordinator
    state = hass.states.get(BALANCE)
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "USD"
    expires = state_of(hass, "sensor.us_prepaid_plan_expires")
    modem_simulator.deliver_sms(
        "6399", "Reminder: your plan renews on 12/20/2026. Dial #225# for your balance."
    )
    assert await eventually(lambda: len(coordinator.received) == 3)
    state = hass.states.get(BALANCE)
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "USD"
    assert state.state == "7.20"
    assert state_of(hass, "sensor.us_prepaid_plan_expires") != expires  # the new date
    expires = state_of(hass, "sensor.us_prepaid_plan_expires")
    modem_simulator.deliver_sms("6399", "Your balance is $6.00.")
    assert await eventually(lambda: state_of(hass, BALANCE) == "6.00")
    assert state_of(hass, "sensor.us_prepaid_plan_expires") == expires
