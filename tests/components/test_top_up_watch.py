"""After a top-up: re-checks at 5, 15 and 30 minutes, the repair issue and its fix flow."""

from __future__ import annotations

from datetime import timedelta
from http import HTTPStatus
from typing import Any

from aiohttp.test_utils import TestClient
from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.components.repairs import DOMAIN as REPAIRS_DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.data_balance.const import DOMAIN, EVENT_TOP_UP_DETECTED
from custom_components.data_balance.top_up_watch import issue_id
from simulator.control import Simulator
from tests.frozen import FROZEN_CLOCK

from .helpers import eventually
from .test_events import device_id

pytestmark = FROZEN_CLOCK


async def record_top_up(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        DOMAIN,
        "record_top_up",
        {"device_id": device_id(hass), "amount": 10},
        blocking=True,
    )


async def advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float
) -> None:
    """Move the clock on and run what was due (with slack: the loop's clock lags)."""
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=10))
    await hass.async_block_till_done(wait_background_tasks=True)


async def fresh_client(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, user: User
) -> TestClient[Any, Any]:
    """A client with a token made now (the clock moved past the fixture's token)."""
    refresh_token = await hass.auth.async_create_refresh_token(
        user, "https://example.com/"
    )
    client: TestClient[Any, Any] = await hass_client(
        hass.auth.async_create_access_token(refresh_token)
    )
    return client


async def test_rechecks_then_repair_issue_then_restart(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    hass_client: ClientSessionGenerator,
    hass_admin_user: User,
) -> None:
    """The carrier never shows the top-up: three re-checks, then the repair."""
    issues = ir.async_get(hass)
    the_issue = issue_id(init_integration.entry_id)
    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    await record_top_up(hass)
    assert modem_simulator.carrier.requests_seen == 1  # the start-up check only

    await advance(hass, freezer, 5)
    assert modem_simulator.carrier.requests_seen == 2
    await advance(hass, freezer, 10)
    assert modem_simulator.carrier.requests_seen == 3
    await advance(hass, freezer, 15)
    assert modem_simulator.carrier.requests_seen == 4
    assert issues.async_get_issue(DOMAIN, the_issue) is None  # an SMS answer may come
    await advance(hass, freezer, 3)
    assert modem_simulator.carrier.requests_seen == 4  # no more asking
    issue = issues.async_get_issue(DOMAIN, the_issue)
    assert issue is not None
    assert issue.is_fixable
    assert issue.translation_key == "top_up_unconfirmed"
    assert issue.translation_placeholders == {"title": "US prepaid"}

    # The fix flow restarts the modem; the issue is gone afterwards.
    client = await fresh_client(hass, hass_client, hass_admin_user)
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": the_issue}
    )
    assert response.status == HTTPStatus.OK
    flow = await response.json()
    assert flow["step_id"] == "confirm"
    assert flow["description_placeholders"] == {"title": "US prepaid"}
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert response.status == HTTPStatus.OK
    assert (await response.json())["type"] == "create_entry"
    assert modem_simulator.resets == 1
    assert issues.async_get_issue(DOMAIN, the_issue) is None

    # The modem comes back after its reboot and is read again.
    await eventually(lambda: modem_simulator.plugged)
    await advance(hass, freezer, 1)
    assert await eventually(
        lambda: init_integration.runtime_data.coordinator.source is not None
    )


async def test_fix_flow_without_a_modem(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    hass_client: ClientSessionGenerator,
    hass_admin_user: User,
) -> None:
    assert await async_setup_component(hass, REPAIRS_DOMAIN, {})
    await record_top_up(hass)
    await advance(hass, freezer, 33)
    the_issue = issue_id(init_integration.entry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, the_issue) is not None
    await modem_simulator.unplug()
    assert await eventually(
        lambda: init_integration.runtime_data.coordinator.source is None
    )
    client = await fresh_client(hass, hass_client, hass_admin_user)
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": the_issue}
    )
    flow = await response.json()
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    result = await response.json()
    assert result["type"] == "form"
    assert result["errors"] == {"base": "modem_unavailable"}
    assert ir.async_get(hass).async_get_issue(DOMAIN, the_issue) is not None


async def test_top_up_seen_stops_the_watch(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    detected = async_capture_events(hass, EVENT_TOP_UP_DETECTED)
    await record_top_up(hass)
    modem_simulator.top_up(money="10")  # the carrier's confirmation text arrives
    assert await eventually(lambda: len(detected) == 1)
    assert detected[0].data["balance_added"] == 10.0
    assert not init_integration.runtime_data.watch.active
    for _ in range(4):
        await advance(hass, freezer, 10)
    assert modem_simulator.carrier.requests_seen == 1  # no re-checks were needed
    issue = issue_id(init_integration.entry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue) is None


async def test_the_watch_resumes_after_a_restart(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    await record_top_up(hass)
    await advance(hass, freezer, 6)
    assert modem_simulator.carrier.requests_seen == 2
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert init_integration.runtime_data.watch.active
    await advance(hass, freezer, 10)
    assert modem_simulator.carrier.requests_seen == 3  # the 15-minute re-check
    await advance(hass, freezer, 20)
    issue = issue_id(init_integration.entry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue) is not None


async def test_a_top_up_shown_while_away_clears_the_issue(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    await record_top_up(hass)
    await advance(hass, freezer, 33)
    issue = issue_id(init_integration.entry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue) is not None
    modem_simulator.top_up(money="10")
    coordinator = init_integration.runtime_data.coordinator
    assert await eventually(
        lambda: (coordinator.manual_top_up or (0, ""))[1] == "confirmed"
    )
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue) is None
