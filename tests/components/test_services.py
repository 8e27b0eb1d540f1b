"""The actions: validated, admin-only where they cost money, rate-limited, with responses."""

from __future__ import annotations

from typing import Any

from homeassistant.auth.models import User
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.data_balance.const import (
    CONF_REQUESTS_PER_DAY,
    CONF_REQUESTS_PER_HOUR,
    DOMAIN,
)
from simulator.control import Simulator
from tests.frozen import FROZEN_CLOCK

from .helpers import eventually, state_of
from .test_carrier_checks import BALANCE, REMAINING, setup_with
from .test_events import device_id

pytestmark = FROZEN_CLOCK


async def call(
    hass: HomeAssistant,
    service: str,
    data: dict[str, Any],
    *,
    user: User | None = None,
    response: bool = False,
) -> Any:
    """Call one of the integration's actions and wait for it."""
    return await hass.services.async_call(
        DOMAIN,
        service,
        data,
        blocking=True,
        context=Context(user_id=user.id) if user else None,
        return_response=response,
    )


async def test_check_balance(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    modem_simulator.drain("1.5GB")
    await call(hass, "check_balance", {"device_id": device_id(hass)})
    assert float(state_of(hass, REMAINING)) == pytest.approx(5.0)
    assert modem_simulator.carrier.requests_seen == 2


async def test_send_ussd_returns_the_reply_and_updates_figures(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    hass_admin_user: User,
) -> None:
    modem_simulator.carrier.balance += 3
    response = await call(
        hass,
        "send_ussd",
        {"device_id": device_id(hass), "code": "*100#"},
        user=hass_admin_user,
        response=True,
    )
    assert "10.20" in response["reply"]
    assert state_of(hass, BALANCE) == "10.20"


async def test_send_sms(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    hass_admin_user: User,
) -> None:
    await call(
        hass,
        "send_sms",
        {"device_id": device_id(hass), "number": "6399", "message": "BAL"},
        user=hass_admin_user,
    )
    assert modem_simulator.engine.sent_messages == [("6399", "BAL")]


async def test_read_messages_returns_the_texts(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    hass_admin_user: User,
) -> None:
    modem_simulator.engine.deliver_sms("6399", "Balance $4.00, 2GB left", notify=False)
    response = await call(
        hass,
        "read_messages",
        {"device_id": device_id(hass)},
        user=hass_admin_user,
        response=True,
    )
    messages = response["messages"]
    # Oldest first: the scenario's stored text, the start-up USSD answer, then the
    # text read from the SIM just now.
    assert [message["source"] for message in messages] == ["sms", "ussd", "sms"]
    assert messages[-1]["text"] == "Balance $4.00, 2GB left"
    assert messages[-1]["sender"] == "6399"
    assert messages[-1]["kind"] == "balance"
    assert messages[-1]["report"]["data_remaining"] == 2_000_000_000


@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("send_ussd", {"code": "*100#"}),
        ("send_sms", {"number": "6399", "message": "BAL"}),
        ("read_messages", {}),
    ],
)
async def test_sending_and_reading_are_for_admins(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    hass_read_only_user: User,
    service: str,
    data: dict[str, str],
) -> None:
    requests = modem_simulator.carrier.requests_seen
    with pytest.raises(Unauthorized):
        await call(
            hass,
            service,
            {"device_id": device_id(hass), **data},
            user=hass_read_only_user,
            response=service != "send_sms",
        )
    assert modem_simulator.carrier.requests_seen == requests
    assert modem_simulator.engine.sent_messages == []


async def test_an_automation_may_send(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """No user in the context (an automation or script): allowed, still rate-limited."""
    await call(
        hass,
        "send_sms",
        {"device_id": device_id(hass), "number": "6399", "message": "BAL"},
    )
    assert modem_simulator.engine.sent_messages == [("6399", "BAL")]


@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("send_ussd", {"code": "*100# ; AT+CFUN=0"}),
        ("send_ussd", {"code": ""}),
        ("send_sms", {"number": "call me", "message": "BAL"}),
        ("send_sms", {"number": "6399", "message": ""}),
        ("send_sms", {"number": "6399", "message": "x" * 1531}),
        ("record_top_up", {"data_gb": -1}),
    ],
)
async def test_bad_input_is_refused(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_admin_user: User,
    service: str,
    data: dict[str, Any],
) -> None:
    with pytest.raises(vol.Invalid):
        await call(
            hass, service, {"device_id": device_id(hass), **data}, user=hass_admin_user
        )


async def test_unknown_device(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, "check_balance", {"device_id": "no-such-device"})
    assert caught.value.translation_key == "invalid_device"
    # A device of another integration is not ours either.
    other = MockConfigEntry(domain="other")
    other.add_to_hass(hass)
    foreign = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("other", "x")}
    )
    with pytest.raises(ServiceValidationError):
        await call(hass, "check_balance", {"device_id": foreign.id})


async def test_unloaded_entry(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    device = device_id(hass)
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, "check_balance", {"device_id": device})
    assert caught.value.translation_key == "entry_not_loaded"


async def test_the_limit_counts_every_kind_of_request(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    modem_simulator: Simulator,
    hass_admin_user: User,
) -> None:
    """A loop of USSD, SMS and checks together cannot pass the configured limit."""
    await setup_with(
        hass, modem_simulator, **{CONF_REQUESTS_PER_HOUR: 3, CONF_REQUESTS_PER_DAY: 5}
    )
    device = device_id(hass)  # the start-up check was the first request
    await call(
        hass, "send_ussd", {"device_id": device, "code": "*100#"}, user=hass_admin_user
    )
    await call(
        hass,
        "send_sms",
        {"device_id": device, "number": "6399", "message": "BAL"},
        user=hass_admin_user,
    )
    for service, data in (
        ("check_balance", {}),
        ("send_ussd", {"code": "*100#"}),
        ("send_sms", {"number": "6399", "message": "BAL"}),
    ):
        with pytest.raises(HomeAssistantError) as caught:
            await call(
                hass, service, {"device_id": device, **data}, user=hass_admin_user
            )
        assert caught.value.translation_key == "rate_limited_hour"
        assert caught.value.translation_placeholders == {"count": "3"}
    # The carrier saw exactly three: start-up USSD, *100#, and the text (BAL to 6399).
    assert modem_simulator.carrier.requests_seen == 3
    assert len(modem_simulator.engine.sent_messages) == 1


async def test_the_daily_limit(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    modem_simulator: Simulator,
) -> None:
    entry = await setup_with(
        hass, modem_simulator, **{CONF_REQUESTS_PER_HOUR: 10, CONF_REQUESTS_PER_DAY: 2}
    )
    await call(hass, "check_balance", {"device_id": device_id(hass)})
    with pytest.raises(HomeAssistantError) as caught:
        await call(hass, "check_balance", {"device_id": device_id(hass)})
    assert caught.value.translation_key == "rate_limited_day"
    assert entry.runtime_data.coordinator.requests_last_day == 2


async def test_record_top_up_is_pending_until_the_carrier_shows_it(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    await call(
        hass,
        "record_top_up",
        {"device_id": device_id(hass), "data_gb": 5, "amount": 10},
    )
    manual = coordinator.manual_top_up
    assert manual is not None
    assert manual[1] == "pending"
    assert init_integration.runtime_data.watch.active
    modem_simulator.top_up(data="5GB", money="10")
    assert await eventually(
        lambda: (coordinator.manual_top_up or (0, ""))[1] == "confirmed"
    )
    assert not init_integration.runtime_data.watch.active
