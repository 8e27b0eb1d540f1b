"""Integration figures against the simulator: push latency, traffic, state writes, setup, memory.

Run by `scripts/bench` (`.venv/bin/pytest benchmarks -s -p no:cacheprovider`); each test
records figures for the table the session prints. Nothing asserts a time.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
import gc
import os
import statistics
import time
import tracemalloc

from freezegun import freeze_time
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.data_balance.const import (
    CONF_FAMILY,
    CONF_HOST,
    CONF_LOGOUT_AFTER_POLL,
    CONF_PASSWORD,
    CONF_SOURCE,
    CONF_URL,
    CONF_USERNAME,
    DEFAULT_DEVICE_POLL_MINUTES,
    DOMAIN,
    EVENT_MESSAGE_RECEIVED,
    SOURCE_HOTSPOT,
    SOURCE_MODEM,
)
from custom_components.data_balance.coordinator import DataBalanceCoordinator
from custom_components.data_balance.sources import ModemSource
from simulator.control import Simulator
from simulator.hotspot.simulator import HotspotSimulator
from tests.conftest import US_OPTIONS

from .conftest import record

PUSHES = 20
POLLS = int(os.environ.get("DATA_BALANCE_BENCH_POLLS", "10000"))
DAY_STEPS = 24 * 60 // DEFAULT_DEVICE_POLL_MINUTES


def _coordinator(entry: MockConfigEntry) -> DataBalanceCoordinator:
    coordinator: DataBalanceCoordinator = entry.runtime_data.coordinator
    return coordinator


def _modem_traffic(entry: MockConfigEntry) -> tuple[int, int, int]:
    source = _coordinator(entry).source
    if not isinstance(source, ModemSource):
        raise TypeError("the entry is not connected to a modem")
    return source.modem.traffic


async def test_sms_to_event(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """Time from the network delivering a text to the bus event, against polling."""
    arrived: asyncio.Queue[float] = asyncio.Queue()

    @callback
    def on_message(_: Event) -> None:
        arrived.put_nowait(time.perf_counter())

    hass.bus.async_listen(EVENT_MESSAGE_RECEIVED, on_message)
    latencies = []
    for number in range(PUSHES):
        sent = time.perf_counter()
        modem_simulator.deliver_sms("6399", f"Notice {number}: 80% of your data used.")
        latencies.append(await asyncio.wait_for(arrived.get(), 10) - sent)
    # A design without push finds a text at the next poll: half an interval on average.
    interval = DEFAULT_DEVICE_POLL_MINUTES * 60
    record(
        "1 carrier SMS to Home Assistant",
        "push (+CMTI) to data_balance_message_received",
        f"{statistics.median(latencies) * 1000:.1f} ms",
        f"median of {PUSHES}; max {max(latencies) * 1000:.1f} ms",
    )
    record(
        "1 carrier SMS to Home Assistant",
        "polling only, every 5 min",
        f"{interval / 2:.0f} s",
        f"average (half the interval); up to {interval} s",
    )


async def test_modem_traffic_per_poll_and_check(
    hass: HomeAssistant, init_integration: MockConfigEntry, modem_simulator: Simulator
) -> None:
    """AT commands and bytes per device poll and per carrier check."""
    coordinator = _coordinator(init_integration)
    rounds = 10
    before = _modem_traffic(init_integration)
    started = time.perf_counter()
    for _ in range(rounds):
        await coordinator.async_refresh()
    elapsed = time.perf_counter() - started
    after = _modem_traffic(init_integration)
    commands, sent, received = (
        (end - start) / rounds for start, end in zip(before, after, strict=True)
    )
    section = "2 wire traffic (modem, generic_us)"
    record(section, "device poll: AT commands", f"{commands:.1f}")
    record(
        section, "device poll: bytes sent / received", f"{sent:.0f} / {received:.0f}"
    )
    record(section, "device poll: time", f"{elapsed / rounds * 1000:.1f} ms")
    before = _modem_traffic(init_integration)
    await coordinator.async_check_balance()
    await hass.async_block_till_done(wait_background_tasks=True)
    after = _modem_traffic(init_integration)
    commands, sent, received = (
        end - start for start, end in zip(before, after, strict=True)
    )
    record(section, "carrier check (USSD *100#): AT commands", f"{commands}")
    record(
        section,
        "carrier check: bytes sent / received",
        f"{sent} / {received}",
    )


@pytest.fixture
async def router(socket_enabled: None) -> AsyncIterator[HotspotSimulator]:
    """A simulated Huawei HiLink router on the US scenario."""
    simulator = HotspotSimulator("generic_us", family="huawei_hilink")
    simulator.carrier.with_spec(reply_delay=0.02, sms_delay=0.02)
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.mark.usefixtures("enable_custom_integrations", "us_home")
async def test_hotspot_requests_per_poll_and_check(
    hass: HomeAssistant, router: HotspotSimulator
) -> None:
    """HTTP requests per device poll and per carrier check on a HiLink router."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Router SIM",
        unique_id="8901260123456789012",
        data={
            CONF_SOURCE: SOURCE_HOTSPOT,
            CONF_FAMILY: router.family,
            CONF_HOST: router.url,
            CONF_USERNAME: "admin",
            CONF_PASSWORD: "admin",
        },
        options={**US_OPTIONS, CONF_LOGOUT_AFTER_POLL: True},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    coordinator = _coordinator(entry)
    rounds = 10
    before = len(router.hilink.requests)
    for _ in range(rounds):
        await coordinator.async_refresh()
    per_poll = (len(router.hilink.requests) - before) / rounds
    before = len(router.hilink.requests)
    await coordinator.async_check_balance()
    await hass.async_block_till_done(wait_background_tasks=True)
    per_check = len(router.hilink.requests) - before
    section = "3 HTTP traffic (Huawei HiLink hotspot, logout after poll)"
    record(section, "device poll: HTTP requests", f"{per_poll:.1f}")
    record(section, "carrier check (USSD): HTTP requests", f"{per_check}")


@pytest.mark.usefixtures("enable_custom_integrations")
async def test_state_writes_per_day(
    hass: HomeAssistant,
    socket_enabled: None,
) -> None:
    """State writes of the device's entities over 24 simulated hours."""
    simulator = Simulator("huawei_eu")
    simulator.carrier.with_spec(reply_delay=0.01, sms_delay=0.02)
    await simulator.start_tcp()
    hass.config.country = "DE"
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="DE prepaid",
        unique_id="8949022123456789012",
        data={CONF_URL: simulator.url, CONF_SOURCE: SOURCE_MODEM},
        options=US_OPTIONS,
    )
    entry.add_to_hass(hass)
    try:
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done(wait_background_tasks=True)
        ours = {
            registered.entity_id
            for registered in er.async_entries_for_config_entry(
                er.async_get(hass), entry.entry_id
            )
        }
        writes: Counter[str] = Counter()

        @callback
        def on_state(event: Event) -> None:
            if event.data["entity_id"] in ours:
                writes[event.data["entity_id"]] += 1

        hass.bus.async_listen("state_changed", on_state)
        # A day of use: 1.2 GB, spread over the day, read by the modem's counters. The
        # clock moves; the loop's own clock stays real, so the modem's timeouts work.
        with freeze_time(dt_util.utcnow(), real_asyncio=True) as frozen:
            for _ in range(DAY_STEPS):
                simulator.drain(1_200_000_000 // DAY_STEPS)
                frozen.tick(timedelta(minutes=DEFAULT_DEVICE_POLL_MINUTES))
                async_fire_time_changed(hass)
                await hass.async_block_till_done(wait_background_tasks=True)
        section = "4 recorder load (24 simulated hours, huawei_eu, draining)"
        record(section, "state writes per device per day", f"{sum(writes.values())}")
        record(section, "entities of the device", f"{len(ours)}")
        busiest = ", ".join(
            f"{entity_id.split('.', 1)[1].removeprefix('de_prepaid_')} {count}"
            for entity_id, count in writes.most_common(4)
        )
        record(section, "busiest entities", "", busiest)
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    finally:
        await simulator.stop()


@pytest.mark.usefixtures("enable_custom_integrations", "us_home")
async def test_setup_time(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Time to set up the config entry against the simulator."""
    mock_config_entry.add_to_hass(hass)
    times = []
    for _ in range(6):
        started = time.perf_counter()
        if not await hass.config_entries.async_setup(mock_config_entry.entry_id):
            raise RuntimeError("setup failed")
        await hass.async_block_till_done(wait_background_tasks=True)
        times.append(time.perf_counter() - started)
        if not await hass.config_entries.async_unload(mock_config_entry.entry_id):
            raise RuntimeError("unload failed")
        await hass.async_block_till_done(wait_background_tasks=True)
    section = "5 setup and memory"
    record(
        section,
        "config entry setup (first, imports included)",
        f"{times[0] * 1000:.0f} ms",
    )
    record(
        section,
        "config entry setup (again)",
        f"{statistics.median(times[1:]) * 1000:.0f} ms",
        "median of 5; opens the port, identifies, first poll and USSD check",
    )


def _traced_size(snapshot: tracemalloc.Snapshot) -> int:
    """Bytes traced, leaving out the simulator (it keeps a log of every command)."""
    return sum(
        stat.size
        for stat in snapshot.filter_traces(
            [tracemalloc.Filter(inclusive=False, filename_pattern="*/simulator/*")]
        ).statistics("filename")
    )


def _growth_by_line(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot) -> str:
    """Where the largest growth outside the simulator was allocated."""
    keep = [tracemalloc.Filter(inclusive=False, filename_pattern="*/simulator/*")]
    differences = after.filter_traces(keep).compare_to(
        before.filter_traces(keep), "lineno"
    )
    top = differences[0] if differences else None
    if top is None or top.size_diff <= 0:
        return "nothing grew"
    frame = top.traceback[0]
    return f"most: {frame.filename.rsplit('/', 2)[-1]}:{frame.lineno} {top.size_diff / 1024:+.0f} KiB"


async def test_memory_after_polls(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Traced memory growth over many device polls."""
    coordinator = _coordinator(init_integration)
    warm_up = POLLS // 10
    for _ in range(warm_up):
        await coordinator.async_refresh()
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.take_snapshot()
        middle = start
        started = time.perf_counter()
        for poll in range(POLLS):
            await coordinator.async_refresh()
            if poll == POLLS // 2:
                gc.collect()
                middle = tracemalloc.take_snapshot()
        elapsed = time.perf_counter() - started
        gc.collect()
        end = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    start_size = _traced_size(start)
    section = "5 setup and memory"
    record(
        section,
        f"memory growth over {POLLS:,} polls",
        f"{(_traced_size(end) - start_size) / 1024:+.0f} KiB",
        f"{(_traced_size(middle) - start_size) / 1024:+.0f} KiB at half way; "
        f"after {warm_up:,} warm-up polls; {_growth_by_line(middle, end)}",
    )
    record(
        section, "device poll, whole coordinator", f"{elapsed / POLLS * 1000:.1f} ms"
    )
