"""A SIM in a hotspot router: setup from the UI, entities, events, reauth and lock-out."""

from __future__ import annotations

from collections.abc import AsyncIterator
import dataclasses
from typing import Any

from aiohttp import ClientSession
from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.data_balance.const import (
    CONF_FAMILY,
    CONF_HOST,
    CONF_LOGOUT_AFTER_POLL,
    CONF_PASSWORD,
    CONF_SOURCE,
    CONF_USERNAME,
    DOMAIN,
    EVENT_MESSAGE_RECEIVED,
    SOURCE_HOTSPOT,
)
from custom_components.data_balance.hotspot import HotspotAuthError, connect
from simulator.hotspot import HotspotSimulator
from tests.conftest import US_OPTIONS
from tests.frozen import FROZEN_CLOCK

from .helpers import eventually, state_of
from .test_config_flow import suggested
from .test_entities import snapshot_entities

pytestmark = [
    FROZEN_CLOCK,
    pytest.mark.usefixtures("us_home"),
]

SIM = "8901260123456789012"


@pytest.fixture(params=["huawei_hilink", "zte"])
async def router(
    request: pytest.FixtureRequest, socket_enabled: None
) -> AsyncIterator[HotspotSimulator]:
    """A simulated router of each family, password `admin`, on the US scenario."""
    simulator = HotspotSimulator("generic_us", family=request.param)
    simulator.carrier.with_spec(reply_delay=0.02, sms_delay=0.02)
    await simulator.start()
    yield simulator
    await simulator.stop()


def router_entry(router: HotspotSimulator, **data: Any) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="Router SIM",
        unique_id=SIM,
        data={
            CONF_SOURCE: SOURCE_HOTSPOT,
            CONF_FAMILY: router.family,
            CONF_HOST: router.url,
            CONF_USERNAME: "admin",
            CONF_PASSWORD: "admin",
            **data,
        },
        options={**US_OPTIONS, CONF_LOGOUT_AFTER_POLL: True},
    )


async def setup_router(
    hass: HomeAssistant, router: HotspotSimulator, **data: Any
) -> MockConfigEntry:
    entry = router_entry(router, **data)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


async def test_add_a_router_from_the_ui(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert "hotspot" in result["menu_options"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "hotspot"}
    )
    assert result["step_id"] == "hotspot"
    # A wrong password first: said plainly, nothing created.
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_FAMILY: router.family, CONF_HOST: router.url, CONF_PASSWORD: "wrong"},
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_FAMILY: router.family, CONF_HOST: router.url, CONF_PASSWORD: "admin"},
    )
    assert result["step_id"] == "carrier"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"carrier": "tmobile_us"}
    )
    assert result["step_id"] == "plan"
    # The router's own plan settings are offered: its monthly limit, and the day
    # its month starts where it has one (HiLink; ZTE routers have none).
    assert suggested(result, "plan_size_gb") == 10
    expected_day = 5 if router.family == "huawei_hilink" else None
    assert suggested(result, "renewal_day") == expected_day
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            "unlimited": False,
            "plan_size_gb": 10,
            "renewal": "monthly",
            "renewal_day": 5,
            "low_data_percent": 10,
            "low_data_mb": 500,
            "expiry_days": 3,
            "low_balance": 0,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == SIM
    assert result["data"] == {
        CONF_SOURCE: SOURCE_HOTSPOT,
        CONF_FAMILY: router.family,
        CONF_HOST: router.url,
        CONF_USERNAME: "admin",
        CONF_PASSWORD: "admin",
    }
    assert result["options"][CONF_LOGOUT_AFTER_POLL] is True
    await hass.async_block_till_done(wait_background_tasks=True)
    assert result["result"].state is ConfigEntryState.LOADED


async def test_router_unreachable_or_locked(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "hotspot"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_FAMILY: router.family, CONF_HOST: "127.0.0.1:1", CONF_PASSWORD: "admin"},
    )
    assert result["errors"] == {"base": "cannot_connect"}
    for _ in range(6):  # past either family's limit of wrong passwords
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {CONF_FAMILY: router.family, CONF_HOST: router.url, CONF_PASSWORD: "x"},
        )
    assert result["errors"] == {"base": "locked_out"}


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_router_entities(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    router: HotspotSimulator,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """The same sensors as a modem's, from the router's pages and the carrier."""
    router.drain("100MB")
    entry = await setup_router(hass, router)
    assert entry.state is ConfigEntryState.LOADED
    assert state_of(hass, "sensor.router_sim_account_balance") == "7.20"
    assert float(state_of(hass, "sensor.router_sim_remaining_data")) == pytest.approx(
        6.5, abs=0.2
    )
    assert state_of(hass, "binary_sensor.router_sim_modem_connected") == "on"
    assert state_of(hass, "binary_sensor.router_sim_sim_ready") == "on"
    states = {
        entity.entity_id: state_of(hass, entity.entity_id)
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    }
    assert set(states) == snapshot(name="entity_ids")
    await snapshot_entities(hass, entity_registry, snapshot, entry.entry_id)


async def test_sms_through_the_router_is_an_event(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    entry = await setup_router(hass, router)
    received = async_capture_events(hass, EVENT_MESSAGE_RECEIVED)
    router.deliver_sms("6399", "Your balance is $3.10. 2GB left.")
    await entry.runtime_data.coordinator.async_refresh()  # routers are polled
    await hass.async_block_till_done()
    assert [event.data["text"] for event in received] == [
        "Your balance is $3.10. 2GB left."
    ]
    assert state_of(hass, "sensor.router_sim_account_balance") == "3.10"


async def test_password_changed_asks_for_the_new_one(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    entry = await setup_router(hass, router)
    coordinator = entry.runtime_data.coordinator
    await coordinator.async_set_paused(paused=True)  # drop the logged-in session
    router.set_password("n3w-secret")
    await coordinator.async_set_paused(paused=False)
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    flow_id = flows[0]["flow_id"]
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_PASSWORD: "still-wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_PASSWORD: "n3w-secret"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD] == "n3w-secret"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED


async def test_lock_out_waits_without_reauth(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    """A locked router is waited for: no reauth flow, a clear reason, no retry loop."""
    async with ClientSession() as session:
        for _ in range(6):  # someone mistypes the password until logins lock
            with pytest.raises(HotspotAuthError):
                await connect(session, router.family, router.url, password="typo")
    entry = await setup_router(hass, router)  # the right password, but locked
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert "locks logins" in entry.reason
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []


async def test_wrong_password_at_start_asks_for_it(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    entry = await setup_router(hass, router, **{CONF_PASSWORD: "old"})
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_pause_logs_out_and_a_restart_is_not_offered(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    entry = await setup_router(hass, router)
    coordinator = entry.runtime_data.coordinator
    await coordinator.async_set_paused(paused=True)
    assert coordinator.source is None
    await coordinator.async_set_paused(paused=False)
    assert await eventually(lambda: coordinator.source is not None)
    with pytest.raises(HomeAssistantError) as caught:
        await coordinator.async_restart_modem()
    assert caught.value.translation_key == "restart_not_supported"


async def test_reconfigure_a_router(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    entry = await setup_router(hass, router, **{CONF_HOST: "127.0.0.1:1"})
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure_hotspot"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "127.0.0.1:1"}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: router.url, CONF_USERNAME: "admin"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_HOST] == router.url
    assert entry.data[CONF_PASSWORD] == "admin"  # kept when left empty
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED


async def test_router_that_hides_the_sim_is_known_by_its_imei(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    """Regression: such a router's entry was refused as holding "another SIM"."""
    scenario = router.device.scenario
    router.device.scenario = dataclasses.replace(
        scenario, modem=dataclasses.replace(scenario.modem, iccid="", imsi="")
    )
    entry = router_entry(router)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, unique_id=scenario.modem.imei)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.coordinator.last_update_success


async def start_hotspot_flow(hass: HomeAssistant) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    return dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "hotspot"}
        )
    )


async def test_errors_recover_to_an_entry(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    result = await start_hotspot_flow(hass)
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {
                CONF_FAMILY: router.family,
                CONF_HOST: "127.0.0.1:1",
                CONF_PASSWORD: "admin",
            },
        )
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {CONF_FAMILY: router.family, CONF_HOST: router.url, CONF_PASSWORD: "admin"},
        )
    )
    assert result["step_id"] == "carrier"
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {"carrier": "tmobile_us"}
        )
    )
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {
                "unlimited": True,
                "plan_size_gb": 10,
                "renewal": "monthly",
                "renewal_day": 1,
                "low_data_percent": 0,
                "low_data_mb": 0,
                "expiry_days": 0,
                "low_balance": 0,
            },
        )
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_same_router_or_sim_is_not_added_twice(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    entry = router_entry(router)
    entry.add_to_hass(hass)
    # The same address: refused at once.
    result = await start_hotspot_flow(hass)
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {CONF_FAMILY: router.family, CONF_HOST: router.url, CONF_PASSWORD: "admin"},
        )
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    # The same SIM at another address (the router moved): refused, the address kept.
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_HOST: "127.0.0.1:1"}
    )
    result = await start_hotspot_flow(hass)
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {CONF_FAMILY: router.family, CONF_HOST: router.url, CONF_PASSWORD: "admin"},
        )
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == router.url


async def test_reauth_and_reconfigure_refuse_another_sim(
    hass: HomeAssistant, enable_custom_integrations: None, router: HotspotSimulator
) -> None:
    entry = await setup_router(hass, router)
    hass.config_entries.async_update_entry(entry, unique_id="8900000000000000000")
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_PASSWORD: "admin"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_sim"
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: router.url}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_sim"
