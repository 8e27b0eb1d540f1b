"""Modem client figures against the simulator over a pseudo-terminal.

Run: .venv/bin/python -m benchmarks.bench_modem
Prints AT commands per second, the time to read 50 stored messages, and the time from a
simulated incoming SMS to the subscriber's callback (push via +CMTI).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
import statistics
import tempfile
import time

from custom_components.data_balance.modem import Modem, Sms
from simulator.control import Simulator

COMMANDS = 500
STORED = 50
PUSHES = 20


async def commands_per_second(modem: Modem) -> float:
    """Round trips of a cheap query."""
    start = time.perf_counter()
    for _ in range(COMMANDS):
        await modem.signal()
    return COMMANDS / (time.perf_counter() - start)


async def read_stored(simulator: Simulator, modem: Modem) -> float:
    """Seconds to list and decode 50 stored messages (a few multi-part)."""
    simulator.engine.storage.capacity = STORED + 10
    for number in range(STORED):
        simulator.engine.deliver_sms(
            f"+1555010{number % 10}",
            f"Message {number}: your balance is $7.20.",
            notify=False,
        )
    start = time.perf_counter()
    messages = await modem.messages()
    elapsed = time.perf_counter() - start
    if len(messages) < STORED:
        raise RuntimeError(f"read {len(messages)} of {STORED} messages")
    return elapsed


async def push_latency(simulator: Simulator, modem: Modem) -> list[float]:
    """Seconds from the network delivering a text to the callback."""
    arrived: asyncio.Queue[float] = asyncio.Queue()

    def on_message(_: Sms) -> None:
        arrived.put_nowait(time.perf_counter())

    modem.subscribe_messages(on_message)
    await modem.command("AT+CMGD=0,4")
    latencies = []
    for number in range(PUSHES):
        sent = time.perf_counter()
        simulator.deliver_sms("6399", f"Notice {number}")
        latencies.append(await asyncio.wait_for(arrived.get(), 5) - sent)
    return latencies


async def main() -> None:
    """Run every figure once and print them."""
    with tempfile.TemporaryDirectory() as folder:
        simulator = Simulator("generic_us")
        url = await simulator.start_pty(Path(folder) / "modem")
        modem = await Modem.open(url)
        try:
            rate = await commands_per_second(modem)
            commands, sent, received = modem.traffic
            stored = await read_stored(simulator, modem)
            latencies = await push_latency(simulator, modem)
        finally:
            await modem.close()
            await simulator.stop()
    print("modem client over a pty (simulator, generic_us)")
    print(f"  AT commands per second (AT+CSQ round trips): {rate:8.0f}")
    print(
        f"  bytes per AT+CSQ round trip (sent/received): {sent / commands:8.1f} / {received / commands:.1f}"
    )
    print(f"  read and decode {STORED} stored messages:        {stored * 1000:8.1f} ms")
    print(
        f"  incoming SMS to callback (+CMTI push):       {statistics.median(latencies) * 1000:8.1f} ms median, "
        f"{max(latencies) * 1000:.1f} ms max over {PUSHES}"
    )


if __name__ == "__main__":
    asyncio.run(main())
