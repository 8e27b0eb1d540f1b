"""Repair issues raised and cleared with their cause (snapshots of what the user sees)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.data_balance import async_remove_config_entry_device
from custom_components.data_balance.const import DOMAIN
from custom_components.data_balance.coordinator import mask_digits
from custom_components.data_balance.issues import issue_id
from custom_components.data_balance.repairs import (
    EntryConfirmRepairFlow,
    async_create_fix_flow,
)
from simulator.control import Simulator
from tests.frozen import FROZEN_CLOCK

from .helpers import eventually, sim_device
from .test_carrier_checks import press

pytestmark = FROZEN_CLOCK


def entry_state(entry: MockConfigEntry) -> ConfigEntryState:
    """The entry's state now (a call, so that type narrowing does not stick)."""
    state: ConfigEntryState = entry.state
    return state


def issue_of(
    hass: HomeAssistant, kind: str, entry: MockConfigEntry
) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, issue_id(kind, entry.entry_id))


def described(issue: ir.IssueEntry, **replace: str) -> dict[str, Any]:
    """What the user is shown (the fields that do not change between runs)."""
    placeholders = dict(issue.translation_placeholders or {})
    placeholders.update(replace)
    return {
        "translation_key": issue.translation_key,
        "severity": issue.severity,
        "is_fixable": issue.is_fixable,
        "placeholders": placeholders,
    }


async def advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float
) -> None:
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=10))
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_device_missing_after_five_minutes_and_cleared(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    snapshot: SnapshotAssertion,
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    await modem_simulator.unplug()
    assert await eventually(lambda: not coordinator.last_update_success)
    await advance(hass, freezer, 2)
    assert issue_of(hass, "device_missing", init_integration) is None  # a reset, maybe
    await advance(hass, freezer, 4)
    issue = issue_of(hass, "device_missing", init_integration)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["where"] == modem_simulator.url
    assert described(issue, where="<port>") == snapshot
    await modem_simulator.replug()
    await coordinator.async_refresh()
    assert coordinator.last_update_success
    assert issue_of(hass, "device_missing", init_integration) is None


async def test_short_outage_raises_nothing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    await modem_simulator.unplug()
    assert await eventually(lambda: not coordinator.last_update_success)
    await advance(hass, freezer, 1)
    await modem_simulator.replug()
    await coordinator.async_refresh()
    await advance(hass, freezer, 10)
    assert issue_of(hass, "device_missing", init_integration) is None


async def test_sim_locked_and_unlocked(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    snapshot: SnapshotAssertion,
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    modem_simulator.engine.sim_state = "SIM PIN"
    await coordinator.async_refresh()
    issue = issue_of(hass, "sim_locked", init_integration)
    assert issue is not None
    assert described(issue, where="<port>") == snapshot
    modem_simulator.engine.sim_state = "READY"
    await coordinator.async_refresh()
    assert issue_of(hass, "sim_locked", init_integration) is None


async def test_unreadable_answer_shows_a_masked_sample(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    snapshot: SnapshotAssertion,
) -> None:
    carrier = modem_simulator.carrier
    readable = carrier.spec.requests
    carrier.with_spec(
        requests=tuple(
            dataclasses.replace(
                request, template="Dear customer, call 5550199 about offer 77 today."
            )
            for request in readable
        )
    )
    await press(hass)
    issue = issue_of(hass, "unreadable_reply", init_integration)
    assert issue is not None
    assert issue.translation_placeholders is not None
    sample = issue.translation_placeholders["sample"]
    assert sample == "Dear customer, call ####### about offer ## today."
    assert described(issue, where="<port>") == snapshot
    # The next readable answer clears it.
    carrier.with_spec(requests=readable)
    await press(hass)
    assert issue_of(hass, "unreadable_reply", init_integration) is None


async def test_someone_elses_unreadable_text_is_no_issue(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Only answers to our own requests count; a friend's text is nobody's problem."""
    coordinator = init_integration.runtime_data.coordinator
    modem_simulator.deliver_sms("+15550123", "See you at 7?")
    assert await eventually(lambda: len(coordinator.received) == 3)
    assert issue_of(hass, "unreadable_reply", init_integration) is None


def test_mask_digits_keeps_words_and_bounds_length() -> None:
    assert mask_digits("Bal $7.20, call 611") == "Bal $#.##, call ###"
    long = mask_digits("x" * 500)
    assert len(long) == 300
    assert long.endswith("…")


async def replace_the_sim(
    hass: HomeAssistant, entry: MockConfigEntry, simulator: Simulator
) -> None:
    """Someone puts another SIM in the modem (it replugs)."""
    coordinator = entry.runtime_data.coordinator
    await simulator.unplug()
    assert await eventually(lambda: not coordinator.last_update_success)
    simulator.engine.personality = dataclasses.replace(
        simulator.engine.personality, iccid=NEW_SIM
    )
    await simulator.replug()
    await coordinator.async_refresh()
    assert coordinator.last_exception is not None


NEW_SIM = "8901260999999999999"


async def test_replaced_sim_moves_with_its_history(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    entity_registry = er.async_get(hass)
    devices = dr.async_get(hass)
    entities_before = {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
    }
    device = sim_device(hass, "8901260123456789012", init_integration.entry_id)
    await replace_the_sim(hass, init_integration, modem_simulator)
    issue = issue_of(hass, "sim_replaced", init_integration)
    assert issue is not None
    assert NEW_SIM not in str(issue.translation_placeholders)  # never shown
    assert described(issue, where="<port>") == snapshot

    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix",
        json={
            "handler": DOMAIN,
            "issue_id": issue_id("sim_replaced", init_integration.entry_id),
        },
    )
    flow = await response.json()
    assert flow["step_id"] == "confirm"
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert (await response.json())["type"] == "create_entry"
    await hass.async_block_till_done(wait_background_tasks=True)

    assert init_integration.unique_id == NEW_SIM
    assert init_integration.state is ConfigEntryState.LOADED
    # The same device, the same entity ids: no duplicate, history kept.
    moved = devices.async_get(device.id)
    assert moved is not None
    assert moved.identifiers == {(DOMAIN, NEW_SIM)}
    assert dr.async_entries_for_config_entry(devices, init_integration.entry_id) == [
        moved
    ]
    entities_after = er.async_entries_for_config_entry(
        entity_registry, init_integration.entry_id
    )
    assert {entity.entity_id for entity in entities_after} == entities_before
    assert all(entity.unique_id.startswith(NEW_SIM) for entity in entities_after)
    assert issue_of(hass, "sim_replaced", init_integration) is None
    assert init_integration.runtime_data.coordinator.last_update_success


async def test_stale_device_can_be_removed_but_not_the_current_one(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
) -> None:
    devices = dr.async_get(hass)
    current = sim_device(hass, "8901260123456789012", init_integration.entry_id)
    stale = devices.async_get_or_create(
        config_entry_id=init_integration.entry_id, identifiers={(DOMAIN, "old-sim")}
    )
    assert await async_remove_config_entry_device(hass, init_integration, stale)
    assert not await async_remove_config_entry_device(hass, init_integration, current)


@pytest.mark.parametrize(
    ("issue", "data"),
    [
        ("top_up_unconfirmed_gone", {"entry_id": "gone"}),
        ("sim_replaced_gone", {"entry_id": "gone", "sim": NEW_SIM}),
        ("sim_replaced_x", None),
    ],
)
async def test_fix_flow_of_a_removed_entry_ends(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    issue: str,
    data: dict[str, str | int | float | None] | None,
) -> None:
    flow = await async_create_fix_flow(hass, issue, data)
    assert isinstance(flow, EntryConfirmRepairFlow)
    flow.hass = hass
    flow.handler = DOMAIN
    flow.issue_id = issue
    result = await flow.async_step_init()
    assert result["type"] == "abort"
    assert result["reason"] == "entry_removed"


async def test_missing_at_start_is_told_after_five_minutes(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    us_home: None,
    mock_config_entry: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Regression: a modem missing when Home Assistant started was never reported.

    Setup is retried, and each retry forgot since when the modem had been missing.
    """
    await modem_simulator.unplug()
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert issue_of(hass, "device_missing", mock_config_entry) is None
    for _ in range(8):  # Home Assistant retries the setup meanwhile
        await advance(hass, freezer, 1.5)
    issue = issue_of(hass, "device_missing", mock_config_entry)
    assert issue is not None
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    await modem_simulator.replug()
    for _ in range(3):
        await advance(hass, freezer, 1.5)
    assert entry_state(mock_config_entry) is ConfigEntryState.LOADED
    assert issue_of(hass, "device_missing", mock_config_entry) is None


async def test_locked_sim_at_start_is_told(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    us_home: None,
    mock_config_entry: MockConfigEntry,
    modem_simulator: Simulator,
) -> None:
    modem_simulator.engine.sim_state = "SIM PIN"
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert issue_of(hass, "sim_locked", mock_config_entry) is not None
