"""The event-loop safety net of tests/conftest.py catches what it is meant to catch.

Code compiled under a file name inside our package stands in for a defect in it: Home
Assistant and the watch attribute a frame to an integration by its file name. Each test
checks what the watch collected, then clears it, so the test itself passes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
import time
from typing import Any

from homeassistant.core import HomeAssistant
import pytest

import custom_components.data_balance
import simulator
from simulator.control import Simulator
from tests.conftest import LoopSafetyWatch

PROBE_FILE = str(Path(custom_components.data_balance.__file__).parent / "probe_x.py")
SIMULATOR_PROBE_FILE = str(Path(simulator.__file__).parent / "probe_x.py")
PROBE_SOURCE = """
import time

def sleep_in_loop():
    time.sleep(0.001)

def open_in_loop(path):
    with open(path, encoding="utf-8") as file:
        return file.read()

async def busy_step(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass
"""


def _probe(file: str = PROBE_FILE) -> dict[str, Any]:
    """Functions whose frames say they are in `file` (our package unless told)."""
    namespace: dict[str, Any] = {}
    exec(compile(PROBE_SOURCE, file, "exec"), namespace)  # noqa: S102
    return namespace


def _taken(watch: LoopSafetyWatch | None) -> list[str]:
    assert watch is not None
    offences = list(watch.offences)
    watch.offences.clear()
    return offences


async def test_a_blocking_sleep_in_our_code_is_caught(
    hass: HomeAssistant, event_loop_safety: LoopSafetyWatch | None
) -> None:
    sleep_in_loop: Callable[[], None] = _probe()["sleep_in_loop"]
    # Home Assistant raises for time.sleep, and reports it.
    with pytest.raises(RuntimeError, match="Caught blocking call to sleep"):
        sleep_in_loop()
    offences = _taken(event_loop_safety)
    assert len(offences) == 1
    assert "Detected blocking call to sleep" in offences[0]


async def test_a_file_read_in_our_code_is_caught(
    hass: HomeAssistant, event_loop_safety: LoopSafetyWatch | None, tmp_path: Path
) -> None:
    open_in_loop: Callable[[str], str] = _probe()["open_in_loop"]
    path = tmp_path / "carriers.json"
    await hass.async_add_executor_job(path.write_text, "{}")
    assert open_in_loop(str(path)) == "{}"  # reported, not raised: tests still run
    offences = _taken(event_loop_safety)
    assert offences
    assert "Detected blocking call to open" in offences[0]
    # The same read in an executor thread, where it belongs, is fine.
    await hass.async_add_executor_job(open_in_loop, str(path))
    assert _taken(event_loop_safety) == []


async def test_a_file_read_in_the_simulator_is_caught(
    hass: HomeAssistant,
    event_loop_safety: LoopSafetyWatch | None,
    tmp_path: Path,
    socket_enabled: None,
) -> None:
    open_in_loop: Callable[[str], str] = _probe(SIMULATOR_PROBE_FILE)["open_in_loop"]
    path = tmp_path / "scenario.json"
    await hass.async_add_executor_job(path.write_text, "{}")
    assert open_in_loop(str(path)) == "{}"
    offences = _taken(event_loop_safety)
    assert offences
    assert "Detected blocking call to open" in offences[0]
    assert SIMULATOR_PROBE_FILE in offences[0]
    # Starting a shipped scenario's simulator reads nothing in the loop.
    simulator = Simulator("huawei_eu")
    await simulator.start_tcp()
    await simulator.stop()
    assert _taken(event_loop_safety) == []


async def test_a_slow_callback_in_our_code_is_caught_and_others_are_not(
    hass: HomeAssistant, event_loop_safety: LoopSafetyWatch | None
) -> None:
    busy_step = _probe()["busy_step"]
    await asyncio.ensure_future(busy_step(0.3))
    offences = _taken(event_loop_safety)
    assert len(offences) == 1
    assert offences[0].startswith("Executing <Task")

    async def not_ours() -> None:
        end = time.perf_counter() + 0.3
        while time.perf_counter() < end:
            pass

    await asyncio.ensure_future(not_ours())
    assert _taken(event_loop_safety) == []
