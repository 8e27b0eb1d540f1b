"""Fixtures: a simulated router on loopback HTTP, an aiohttp session, clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiohttp import ClientSession
import pytest

from custom_components.data_balance.hotspot import (
    HiLinkClient,
    HotspotOptions,
    ZteClient,
)
from simulator.hotspot import HotspotSimulator

FAST = HotspotOptions(timeout=2.0, ussd_timeout=5.0, ussd_poll_interval=0.05)


@dataclass
class FakeClock:
    """Monotonic seconds and wall time that move only when a test says so."""

    seconds: float = 1000.0
    wall: datetime = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def __call__(self) -> float:
        """Monotonic seconds."""
        return self.seconds

    def now(self) -> datetime:
        """Wall time."""
        return self.wall

    def advance(self, delta: timedelta) -> None:
        """Move both clocks."""
        self.seconds += delta.total_seconds()
        self.wall += delta


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def hilink_sim(
    socket_enabled: None, clock: FakeClock
) -> AsyncIterator[HotspotSimulator]:
    """A HiLink router (password `admin`) on the US scenario, on a fake clock."""
    simulator = HotspotSimulator("generic_us", clock=clock, now=clock.now)
    simulator.carrier.with_spec(reply_delay=0.05, sms_delay=0.05)
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


@pytest.fixture
def hilink(hilink_sim: HotspotSimulator, http: ClientSession) -> HiLinkClient:
    return HiLinkClient(http, hilink_sim.url, password="admin", options=FAST)


@pytest.fixture
async def zte_sim(
    socket_enabled: None, clock: FakeClock
) -> AsyncIterator[HotspotSimulator]:
    """A ZTE router (password `admin`) on the US scenario, on a fake clock."""
    simulator = HotspotSimulator("generic_us", family="zte", clock=clock, now=clock.now)
    simulator.carrier.with_spec(reply_delay=0.05, sms_delay=0.05)
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
def zte(zte_sim: HotspotSimulator, http: ClientSession) -> ZteClient:
    return ZteClient(http, zte_sim.url, password="admin", options=FAST)
