"""Integration soak: the config entry against the simulator through unplug/replug cycles.

Each cycle pulls the modem (or drops the network serial line), delivers texts while it
is away, checks that the entry's entities are unavailable, plugs it back and lets the
polls find it: every entity recovers, and every text is announced exactly once on the
bus. The Home Assistant test harness fails the test on any lingering task or timer.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
import random
import re

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.data_balance.const import EVENT_MESSAGE_RECEIVED
from simulator.control import Simulator
from tests.components.helpers import eventually

from .budget import SEED, operations, soak_timeout

REMAINING = "sensor.us_prepaid_remaining_data"
_MARK = re.compile(r"SOAK#(\d+)#")


def _unavailable(hass: HomeAssistant, entity_ids: list[str]) -> set[str]:
    return {
        entity_id
        for entity_id in entity_ids
        if (state := hass.states.get(entity_id)) is not None
        and state.state == STATE_UNAVAILABLE
    }


@soak_timeout
async def test_entities_go_unavailable_and_recover_every_cycle(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
) -> None:
    rng = random.Random(SEED)  # noqa: S311 - a fault schedule, not a secret
    announced: Counter[int] = Counter()

    def on_message(event: Event) -> None:
        if found := _MARK.search(str(event.data.get("text", ""))):
            announced[int(found[1])] += 1

    hass.bus.async_listen(EVENT_MESSAGE_RECEIVED, on_message)
    entity_ids = [
        entry.entity_id
        for entry in er.async_entries_for_config_entry(
            er.async_get(hass), init_integration.entry_id
        )
    ]
    assert REMAINING in entity_ids
    assert _unavailable(hass, entity_ids) == set()
    away_set: set[str] | None = None
    now = dt_util.utcnow()
    sent = 0
    cycles = operations(8)
    for cycle in range(cycles):
        if rng.random() < 0.5:
            await modem_simulator.unplug()
        else:
            await modem_simulator.fault("drop")
        assert await eventually(lambda: REMAINING in _unavailable(hass, entity_ids))
        for _ in range(rng.randint(1, 2)):
            modem_simulator.deliver_sms("6399", f"SOAK#{sent}# Your balance is $7.20.")
            sent += 1
        unavailable = _unavailable(hass, entity_ids)
        # The same entities go each time (those that depend on the modem).
        assert away_set is None or unavailable == away_set, cycle
        away_set = unavailable

        await modem_simulator.replug()
        for _ in range(12):
            now += timedelta(minutes=6)
            async_fire_time_changed(hass, now)
            await hass.async_block_till_done(wait_background_tasks=True)
            if await eventually(lambda: not _unavailable(hass, entity_ids), 0.5):
                break
        assert _unavailable(hass, entity_ids) == set(), f"cycle {cycle}"

    # Every text sent while the modem was away was announced, once.
    assert await eventually(lambda: len(announced) == sent, 5)
    assert announced == Counter(range(sent))
