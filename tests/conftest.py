"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

# Import the package before the `hass` fixture runs: otherwise the plugin's own testing
# config directory shadows `custom_components` and Home Assistant cannot find us.
import custom_components.data_balance  # noqa: F401
from simulator.control import Simulator


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
