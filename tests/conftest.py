"""Fixtures shared by the whole suite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Generator, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
import logging
import os
from pathlib import Path
import re
import threading
from typing import Any
from unittest.mock import PropertyMock, patch

from homeassistant import block_async_io

# Imported now, with the real clock: diagnostics imports the Supervisor client, whose
# models build their date parsers at import and fail under a frozen clock (FROZEN_CLOCK).
import homeassistant.components.hassio  # noqa: F401
from homeassistant.core import HomeAssistant
from homeassistant.util.loop import protect_loop
from hypothesis import settings as hypothesis_settings
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
    HomeAssistantSnapshotSerializer,
)
from syrupy.assertion import SnapshotAssertion

# Import the package before the `hass` fixture runs: otherwise the plugin's own testing
# config directory shadows `custom_components` and Home Assistant cannot find us.
import custom_components.data_balance  # noqa: F401
from custom_components.data_balance.carrier import CUSTOM_CARRIER_ID
from custom_components.data_balance.const import (
    CONF_ANSWER,
    CONF_CARRIER,
    CONF_CARRIER_CHECK_HOURS,
    CONF_DEVICE_POLL_MINUTES,
    CONF_EXPIRY_DAYS,
    CONF_LOW_BALANCE,
    CONF_LOW_DATA_MB,
    CONF_LOW_DATA_PERCENT,
    CONF_PLAN_SIZE_GB,
    CONF_RENEWAL,
    CONF_RENEWAL_DAY,
    CONF_SENDER,
    CONF_SOURCE,
    CONF_UNLIMITED,
    CONF_URL,
    CONF_USSD_CODE,
    DOMAIN,
    RENEWAL_MONTHLY,
    SOURCE_MODEM,
)
from simulator.control import Simulator

# Property tests: the same examples on every run (a landing must not depend on luck), and
# no per-example deadline (CI machines are small and busy). `HYPOTHESIS_PROFILE=explore`
# searches afresh each run, for finding new counterexamples locally.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
async def modem_simulator(
    request: pytest.FixtureRequest,
    socket_enabled: None,
) -> AsyncIterator[Simulator]:
    """A simulated modem over TCP on loopback; parametrise indirectly with a scenario name.

    The test plugin blocks sockets; `socket_enabled` lifts that, and its host allow-list
    still keeps every connection on 127.0.0.1.
    """
    scenario = getattr(request, "param", "generic_us")
    simulator = Simulator(scenario)
    await simulator.start_tcp()
    yield simulator
    await simulator.stop()


class SnapshotSerializer(HomeAssistantSnapshotSerializer):  # type: ignore[misc]
    """Home Assistant's serializer, with mapping keys written the same on every version.

    From 2026.10 state attributes and entity capabilities are keyed by StrEnum members
    (`EntityStateAttribute.FRIENDLY_NAME`) where earlier releases use plain strings;
    both mean the same key, so a snapshot holds the string.
    """

    @classmethod
    def _serialize(cls, data: Any, **kwargs: Any) -> str:
        if isinstance(data, dict) and any(isinstance(key, StrEnum) for key in data):
            data = type(data)(
                {
                    (str(key) if isinstance(key, StrEnum) else key): value
                    for key, value in data.items()
                }
            )
        serialized: str = super()._serialize(data, **kwargs)
        return serialized


class SnapshotExtension(HomeAssistantSnapshotExtension):  # type: ignore[misc]
    """Home Assistant's snapshot format, the same on every version we test."""

    serializer_class = SnapshotSerializer


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in Home Assistant's format (registry entries and states without volatile fields)."""
    return snapshot.use_extension(SnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Enable every entity, also those disabled by default (core has this fixture)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


US_OPTIONS: dict[str, Any] = {
    CONF_CARRIER: CUSTOM_CARRIER_ID,
    CONF_USSD_CODE: "*100#",
    CONF_ANSWER: "ussd",
    CONF_SENDER: "6399",
    CONF_UNLIMITED: False,
    CONF_PLAN_SIZE_GB: 10,
    CONF_RENEWAL: RENEWAL_MONTHLY,
    CONF_RENEWAL_DAY: 5,
    CONF_LOW_DATA_PERCENT: 10,
    CONF_LOW_DATA_MB: 500,
    CONF_EXPIRY_DAYS: 3,
    CONF_LOW_BALANCE: 2,
    CONF_DEVICE_POLL_MINUTES: 5,
    CONF_CARRIER_CHECK_HOURS: 12,
}


@pytest.fixture
def us_home(hass: HomeAssistant) -> None:
    """Home Assistant set up in the US, where the simulated carrier is (US dates)."""
    hass.config.country = "US"


@pytest.fixture
def mock_config_entry(modem_simulator: Simulator) -> MockConfigEntry:
    """An entry for the simulator's US modem with a custom carrier matching its *100#."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="US prepaid",
        unique_id="8901260123456789012",
        data={CONF_URL: modem_simulator.url, CONF_SOURCE: SOURCE_MODEM},
        options=US_OPTIONS,
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    us_home: None,
    mock_config_entry: MockConfigEntry,
) -> MockConfigEntry:
    """The entry set up against the simulator, with its first carrier check done."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return mock_config_entry


# --- event-loop safety -------------------------------------------------------------
#
# pytest-homeassistant-custom-component 0.13.236 runs the loop in debug mode (its autouse
# `enable_event_loop_debug`; the 2026 one does not), which only *logs* slow callbacks
# (over 0.1 s), and neither version enables Home
# Assistant's blocking-call detection (`block_async_io.enable()` runs in bootstrap, not
# in tests). For every test that uses `hass`, this enables the detection — Home
# Assistant's list, plus the file and import calls it skips in tests, reported without
# raising — and fails the test on any blocking call or slow callback (over
# SLOW_CALLBACK seconds, generous for a busy CI machine) that comes from our code.

SLOW_CALLBACK = 0.25
OUR_CODE = f"{os.sep}custom_components{os.sep}data_balance{os.sep}"
# The simulators run inside the tests' loop (and inside scripts/develop's): they must
# not block it either. Home Assistant names no integration for them, only the file.
SIMULATOR_CODE = str(Path(__file__).resolve().parent.parent / "simulator") + os.sep
_BLOCKING_AT = re.compile(r" in (?P<file>\S+), line \d+")
_LOOP_LOGGERS = ("homeassistant.util.loop", "asyncio")


@dataclass
class LoopSafetyWatch(logging.Handler):
    """Collects blocking calls and slow callbacks caused by our code."""

    loop: asyncio.AbstractEventLoop
    offences: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """A handler that sees everything the loop loggers say."""
        logging.Handler.__init__(self, logging.DEBUG)

    def __hash__(self) -> int:
        """Handlers live in sets."""
        return id(self)

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the reports that name our code."""
        if threading.get_ident() != self.loop._thread_id:  # type: ignore[attr-defined]
            return
        message = record.getMessage()
        if record.name == "homeassistant.util.loop":
            if (
                "integration 'data_balance'" in message or _in_simulator(message)
            ) and self.loop.is_running():
                self.offences.append(message.split("\n", 1)[0])
        elif message.startswith("Executing ") and _runs_our_code(
            getattr(self.loop, "_current_handle", None)
        ):
            self.offences.append(message)


def _in_simulator(message: str) -> bool:
    """Whether a blocking-call report names a file of the simulator as the caller."""
    return any(
        match["file"].startswith(SIMULATOR_CODE)
        for match in _BLOCKING_AT.finditer(message)
    )


def _runs_our_code(handle: asyncio.Handle | None) -> bool:
    """Whether a loop callback (or the task step it runs) is in our package."""
    if handle is None:
        return False
    callback = handle._callback  # type: ignore[attr-defined]
    owner = getattr(callback, "__self__", None)
    files: list[str] = []
    if isinstance(owner, asyncio.Task):
        awaited: Any = owner.get_coro()
        while awaited is not None:
            code = getattr(awaited, "cr_code", None) or getattr(
                awaited, "gi_code", None
            )
            if code is not None:
                files.append(code.co_filename)
            awaited = getattr(awaited, "cr_await", None) or getattr(
                awaited, "gi_yieldfrom", None
            )
    else:
        function = getattr(callback, "func", callback)
        files.append(getattr(getattr(function, "__code__", None), "co_filename", ""))
    return any(OUR_CODE in name for name in files)


def _enable_blocking_call_detection(loop_thread_id: int) -> None:
    block_async_io.enable()
    for call in block_async_io._BLOCKING_CALLS:
        if call in block_async_io._BLOCKED_CALLS.calls:
            continue
        setattr(
            call.object,
            call.function,
            protect_loop(
                call.original_func,
                loop_thread_id=loop_thread_id,
                strict=False,
                strict_core=False,
                check_allowed=call.check_allowed,
            ),
        )
        block_async_io._BLOCKED_CALLS.calls.add(call)


def _disable_blocking_call_detection() -> None:
    calls = block_async_io._BLOCKED_CALLS.calls
    for call in calls:
        setattr(call.object, call.function, call.original_func)
    calls.clear()


@pytest.fixture(autouse=True)
def event_loop_safety(
    request: pytest.FixtureRequest,
) -> Generator[LoopSafetyWatch | None]:
    """Fail a `hass` test on a blocking call or slow callback from our code."""
    if "hass" not in request.fixturenames:
        yield None
        return
    hass: HomeAssistant = request.getfixturevalue("hass")
    loop = hass.loop
    # The 2025.4 plugin turns debug on; the one for 2026.2 does not.
    loop.set_debug(True)
    loop.slow_callback_duration = SLOW_CALLBACK
    watch = LoopSafetyWatch(loop)
    loggers = [logging.getLogger(name) for name in _LOOP_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(watch)
    logging.getLogger("homeassistant.util.loop").setLevel(logging.DEBUG)
    if not block_async_io._BLOCKED_CALLS.calls:
        _enable_blocking_call_detection(threading.get_ident())
    try:
        yield watch
    finally:
        _disable_blocking_call_detection()
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(watch)
            logger.setLevel(level)
    if watch.offences:
        pytest.fail(
            "our code blocked the event loop:\n" + "\n".join(watch.offences),
            pytrace=False,
        )


# --- deprecations --------------------------------------------------------------------
# Home Assistant reports a deprecated call by an integration in its log, not as a
# Python warning: the frame helper ("Detected that custom integration 'data_balance'
# calls ...") and the deprecation helpers ("The deprecated function x was used from
# data_balance"). Either, about our code, fails the test on every Home Assistant leg.
# Python's own DeprecationWarnings from our modules are errors (pyproject.toml).

DEPRECATION_REPORT = re.compile(
    r"Detected that (custom )?integration 'data_balance'"
    r"|The deprecated .+ was \w+ from data_balance\b"
)


class DeprecationWatch(logging.Handler):
    """Collects Home Assistant's deprecation reports about our code."""

    def __init__(self) -> None:
        """A handler that sees warnings and worse."""
        super().__init__(logging.WARNING)
        self.reports: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the reports that name our integration."""
        message = record.getMessage()
        if DEPRECATION_REPORT.search(message):
            self.reports.append(message.split("\n", 1)[0])


@pytest.fixture(autouse=True)
def no_deprecated_calls() -> Generator[DeprecationWatch]:
    """Fail a test in which Home Assistant reports a deprecated call by our code."""
    watch = DeprecationWatch()
    root = logging.getLogger()
    root.addHandler(watch)
    try:
        yield watch
    finally:
        root.removeHandler(watch)
    if watch.reports:
        pytest.fail(
            "Home Assistant reports deprecated use by our code:\n"
            + "\n".join(watch.reports),
            pytrace=False,
        )
