"""Fault-injection soak: the real `Modem` client against the simulator over TCP.

Thousands of AT commands with random disconnects, unplug/replug cycles, line noise,
stalls (a silent modem), a slow line, SIM-busy errors and cancelled commands, while
texts arrive and data is used. What must hold:

- no hang: every operation ends within its limit (`asyncio.timeout`);
- nothing leaks: file descriptors and asyncio tasks are back to what they were;
- no text is lost or read twice: every text the network delivered is read exactly once;
- no byte is counted twice or lost: the Huawei `^DSFLOWQRY` counters folded through
  `PlanState.fold` (as the coordinator does) add up to the simulator's true usage.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
import random
import re
from typing import Any
from zoneinfo import ZoneInfo

from custom_components.data_balance.modem import (
    DeliveredTexts,
    Modem,
    ModemError,
    ModemTimeouts,
    Sms,
)
from custom_components.data_balance.plan import (
    AccumulatorSettings,
    CounterSample,
    MonthlyRenewal,
    Plan,
    PlanState,
)
from simulator.control import Simulator

from .budget import SEED, operations, soak_timeout

TIMEOUTS = ModemTimeouts(
    command=0.25, probe=0.2, ussd=0.5, send_sms=0.5, release_grace=0.1
)
RETRIES = (0.01, 0.02, 0.05)
# Longer than any operation can take when the library keeps its own timeouts.
HANG_LIMIT = 15.0
COUNTERS = AccumulatorSettings(counter_modulus=None)  # what the coordinator uses
PLAN = Plan(size=5 * 10**9, renewal=MonthlyRenewal(day=25), time_zone=ZoneInfo("UTC"))
_MARK = re.compile(r"SOAK#(\d+)#")
LONG_TEXT = " ".join(["Ihr Datenvolumen ist fast aufgebraucht."] * 6)


class Clock:
    """The time the client's samples carry: five seconds pass per operation."""

    def __init__(self) -> None:
        """Start at a fixed moment."""
        self.now = datetime(2026, 11, 20, tzinfo=UTC)

    def __call__(self) -> datetime:
        """The current time."""
        return self.now


@dataclass
class Soak:
    """One soak run: the simulator, the client (reopened after each loss) and the books."""

    simulator: Simulator
    rng: random.Random
    clock: Clock = field(default_factory=Clock)
    modem: Modem | None = None
    # Carried across reconnects, as a long-lived owner of the modem should.
    delivered: DeliveredTexts = field(default_factory=DeliveredTexts)
    plan_state: PlanState = field(default_factory=lambda: PlanState.start(COUNTERS))
    first_used: int | None = None
    sent_texts: int = 0
    received: Counter[int] = field(default_factory=Counter)
    how: dict[int, list[str]] = field(default_factory=dict)
    other_texts: int = 0
    library_errors: Counter[str] = field(default_factory=Counter)
    commands: int = 0
    opens: int = 0
    replug_after: int | None = None

    # --- the client ------------------------------------------------------------

    def _on_text(self, sms: Sms, path: str = "push") -> None:
        found = _MARK.search(sms.text)
        if found is None:
            self.other_texts += 1
        else:
            self.received[int(found[1])] += 1
            self.how.setdefault(int(found[1]), []).append(
                f"{path}:{self.opens}:{sms.partial}:{sms.storage_indices}:{sms.missing_parts}"
            )

    async def _connected(self) -> Modem | None:
        if self.modem is not None and self.modem.connected:
            return self.modem
        await self._drop_modem()
        try:
            modem = await Modem.open(
                self.simulator.url,
                timeouts=TIMEOUTS,
                retry_delays=RETRIES,
                now=self.clock,
                delivered=self.delivered,
            )
        except ModemError as err:
            self.library_errors[type(err).__name__] += 1
            return None
        self.opens += 1
        modem.delete_after_read = True
        modem.subscribe_messages(self._on_text)
        self.modem = modem
        return modem

    async def _drop_modem(self) -> None:
        modem, self.modem = self.modem, None
        if modem is not None:
            self.commands += modem.traffic[0]
            await modem.close()

    async def _use(self, work: Callable[[Modem], Awaitable[Any]]) -> None:
        """Run one client operation; library errors are expected, a hang is not."""
        async with asyncio.timeout(HANG_LIMIT):
            modem = await self._connected()
            if modem is None:
                return
            try:
                await work(modem)
            except ModemError as err:
                self.library_errors[type(err).__name__] += 1

    async def _poll_counters(self, modem: Modem) -> None:
        counters = await modem.traffic_counters()
        if counters is None:
            return
        if self.first_used is None:
            self.first_used = counters.sent + counters.received
        sample = CounterSample(
            time=self.clock.now, received=counters.received, sent=counters.sent
        )
        self.plan_state = self.plan_state.fold(sample, PLAN)

    async def _read_messages(self, modem: Modem) -> None:
        for sms in await modem.messages(delete=True):
            self._on_text(sms, "list")

    async def _cancelled_command(self, modem: Modem) -> None:
        task = asyncio.ensure_future(modem.signal())
        await asyncio.sleep(self.rng.choice([0, 0.0005, 0.002, 0.01]))
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    # --- the world ---------------------------------------------------------------

    def _deliver_text(self) -> None:
        number = self.sent_texts
        self.sent_texts += 1
        text = f"SOAK#{number}# Guthaben 3,40 EUR."
        if self.rng.random() < 0.3:
            text = f"SOAK#{number}# {LONG_TEXT}"  # three parts
        self.simulator.deliver_sms("55222", text)

    async def _fault(self) -> None:
        simulator, engine = self.simulator, self.simulator.engine
        kind = self.rng.choice(
            ["garbage", "sim_busy", "stall", "drop", "unplug", "slow", "cancel"]
        )
        if kind == "garbage":
            await simulator.fault("garbage")
        elif kind == "sim_busy":
            await simulator.fault("sim_busy", count=self.rng.randint(1, 4))
        elif kind == "stall":
            engine.silent = True
            asyncio.get_running_loop().call_later(
                self.rng.uniform(0.05, 0.3), setattr, engine, "silent", False
            )
        elif kind == "drop":
            await simulator.fault("drop")
        elif kind == "unplug" and simulator.plugged:
            await simulator.unplug()
            self.replug_after = self.rng.randint(1, 8)
        elif kind == "slow":
            # A slow line: replies come in pieces of up to 48 bytes, a little apart.
            engine.trickle_chunk = 48
            engine.trickle = None if engine.trickle else 0.0005
        elif kind == "cancel":
            await self._use(self._cancelled_command)

    async def step(self) -> None:
        """One operation of the soak: a command, a fault, or something from the network."""
        self.clock.now += timedelta(seconds=5)
        if self.replug_after is not None:
            self.replug_after -= 1
            if self.replug_after <= 0:
                self.replug_after = None
                await self.simulator.replug()
        roll = self.rng.random()
        if roll < 0.40:
            await self._use(self._poll_counters)
        elif roll < 0.55:
            await self._use(
                self.rng.choice(
                    [
                        lambda modem: modem.signal(),
                        lambda modem: modem.network(),
                        lambda modem: modem.read_sim_state(),
                    ]
                )
            )
        elif roll < 0.65:
            await self._use(self._read_messages)
        elif roll < 0.67:
            await self._use(lambda modem: modem.ussd("*100#"))
        elif roll < 0.77:
            self._deliver_text()
        elif roll < 0.85:
            self.simulator.drain(self.rng.randint(1, 5_000_000))
        else:
            await self._fault()

    async def settle(self) -> None:
        """Faults off, the modem back: read until every text has come, and sample once more."""
        engine = self.simulator.engine
        engine.silent = False
        engine.trickle = None
        engine.sim_busy_remaining = 0
        await self.simulator.replug()
        for _ in range(100):
            self.clock.now += timedelta(seconds=5)
            await self._use(self._read_messages)
            if len(self.received) == self.sent_texts:
                break
            await asyncio.sleep(0.05)
        self.clock.now += timedelta(seconds=5)
        await self._use(self._poll_counters)
        await self._drop_modem()


def _open_descriptors() -> int:
    return len(list(Path("/proc/self/fd").iterdir()))


async def _settled(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


@soak_timeout
async def test_modem_client_survives_faults_without_losing_anything(
    socket_enabled: None,
) -> None:
    simulator = Simulator("huawei_eu")
    simulator.carrier.with_spec(reply_delay=0.01, sms_delay=0.02)
    await simulator.start_tcp()
    descriptors_before = _open_descriptors()
    tasks_before = asyncio.all_tasks()
    soak = Soak(simulator, random.Random(SEED))  # noqa: S311 - a fault schedule, not a secret
    try:
        for _ in range(operations(1500)):
            await soak.step()
        await soak.settle()

        # Nothing left behind: the simulator's connections end, and with them its tasks.
        assert await _settled(lambda: simulator.engine.links == [])
        assert await _settled(
            lambda: asyncio.all_tasks() - tasks_before <= {asyncio.current_task()}
        ), asyncio.all_tasks() - tasks_before
        assert await _settled(lambda: _open_descriptors() <= descriptors_before)

        # Every text read exactly once.
        duplicates = {number: n for number, n in soak.received.items() if n > 1}
        missing = set(range(soak.sent_texts)) - set(soak.received)
        assert not duplicates, (
            f"read more than once: {[soak.how[n] for n in duplicates]}"
        )
        assert not missing, (
            f"never read: {sorted(missing)}; still stored: "
            f"{[(m.index, m.text[:12]) for m in simulator.engine.storage.listing(None)]}; "
            f"waiting: {[m.text[:12] for m in simulator.engine._waiting_for_space]}"
        )

        # Every byte counted once: what the counters rose by is what the carrier saw.
        assert soak.first_used is not None
        true_usage = simulator.carrier.used_bytes - soak.first_used
        assert soak.plan_state.usage.lifetime_used == true_usage
    finally:
        await soak._drop_modem()
        await simulator.stop()

    # The run was a soak, not a stroll: it met faults and still did its work.
    assert soak.commands >= operations(1500)
    assert soak.opens > 5
    assert soak.sent_texts > 50
    assert soak.library_errors["ModemTimeoutError"] > 0
    assert sum(soak.library_errors.values()) > 20
    print(  # noqa: T201 - the soak's figures, shown with -s
        f"soak: {soak.commands} AT commands, {soak.opens} opens, "
        f"{soak.sent_texts} texts, {sum(soak.library_errors.values())} library errors "
        f"{dict(soak.library_errors)}"
    )
