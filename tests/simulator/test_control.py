"""The simulator's controls: in process, over HTTP, the command line, and the pty port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
from datetime import timedelta
from decimal import Decimal
import os
from pathlib import Path
import socket
import sys

from aiohttp import ClientSession, web
import pytest

from simulator.__main__ import build_parser, main, serve_modem
from simulator.control import Simulator, control_app, parse_size
from simulator.scenario import load_scenario
from tests.frozen import FROZEN_CLOCK, NOW

from .wire import RawWire


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
async def control(modem_simulator: Simulator) -> AsyncIterator[str]:
    """The HTTP control API of `modem_simulator`, as a base URL."""
    runner = web.AppRunner(control_app(modem_simulator))
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"127.0.0.1:{port}"
    await runner.cleanup()


def test_parse_size() -> None:
    assert parse_size("500MB") == 500_000_000
    assert parse_size("1.5 GB") == 1_500_000_000
    assert parse_size("12") == 12
    assert parse_size(7) == 7
    with pytest.raises(ValueError, match="not a data size"):
        parse_size("lots")


@FROZEN_CLOCK
async def test_in_process_controls(modem_simulator: Simulator) -> None:
    carrier = modem_simulator.carrier
    assert carrier.expires is not None
    # The scenario's plan ends ten days after the simulator starts: 30 more days.
    assert carrier.expires == NOW.date() + timedelta(days=10)
    renewed = carrier.expires + timedelta(days=30)
    modem_simulator.drain("500MB")
    assert carrier.used_bytes == 4_000_000_000
    modem_simulator.top_up(data="2GB", money="10", days=30)
    assert carrier.plan_bytes == 12_000_000_000
    assert carrier.balance == Decimal("17.20")
    assert carrier.expires == renewed
    # The carrier confirms by SMS, worded from the new figures.
    confirmation = modem_simulator.engine.storage.get(1)
    assert confirmation is not None
    assert confirmation.text.startswith(
        "Thank you for your payment. Your balance is now $17.20 and you have 8.00 GB"
    )
    state = modem_simulator.state()
    assert state["remaining_bytes"] == 8_000_000_000
    assert "imei" not in str(state).lower()


async def test_http_controls(modem_simulator: Simulator, control: str) -> None:
    wire = await RawWire.connect(modem_simulator.url)
    await wire.command("ATE0;+CNMI=2,1,0,0,0")
    async with ClientSession() as session:
        state = await (await session.get(f"http://{control}/state")).json()
        assert state["remaining_bytes"] == 6_500_000_000
        response = await session.post(f"http://{control}/drain", json={"amount": "1GB"})
        assert (await response.json())["remaining_bytes"] == 5_500_000_000
        await session.post(
            f"http://{control}/sms", json={"sender": "+15550199", "text": "hello"}
        )
        assert await wire.read_until(b'+CMTI: "SM",1\r\n')
        await session.post(f"http://{control}/top-up", json={"money": "5"})
        await session.post(f"http://{control}/drain-rate", json={"per_hour": "1GB"})
        await session.post(
            f"http://{control}/fault", json={"kind": "sim_busy", "count": 1}
        )
        assert modem_simulator.engine.sim_busy_remaining == 1
        bad = await session.post(f"http://{control}/drain", json={"amount": "a lot"})
        assert bad.status == 400
        assert "not a data size" in (await bad.json())["error"]
        unknown = await session.post(f"http://{control}/explode", json={})
        assert unknown.status == 400
        await session.post(f"http://{control}/unplug")
        assert modem_simulator.state()["plugged"] is False
        await session.post(f"http://{control}/replug")
        assert modem_simulator.state()["plugged"] is True
    await wire.close()


async def test_cli_ctl(
    modem_simulator: Simulator, control: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        await asyncio.to_thread(main, ["ctl", "--control", control, "drain", "250MB"])
        == 0
    )
    assert modem_simulator.carrier.used_bytes == 3_750_000_000
    for args in (
        ["top-up", "--data", "1GB", "--money", "2.50", "--days", "7"],
        ["sms", "+15550199", "hi"],
        ["drain-rate", "0"],
        ["fault", "silence", "--off"],
        ["state"],
    ):
        assert await asyncio.to_thread(main, ["ctl", "--control", control, *args]) == 0
    assert '"balance": "9.70"' in capsys.readouterr().out
    assert (
        await asyncio.to_thread(main, ["ctl", "--control", control, "fault", "garbage"])
        == 0
    )
    assert await asyncio.to_thread(main, ["ctl", "--control", control, "unplug"]) == 0
    assert await asyncio.to_thread(main, ["ctl", "--control", control, "replug"]) == 0


async def test_cli_ctl_without_simulator(
    socket_enabled: None, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    assert (
        await asyncio.to_thread(
            main, ["ctl", "--control", f"127.0.0.1:{port}", "state"]
        )
        == 1
    )
    assert "cannot reach the simulator" in capsys.readouterr().err


def test_cli_scenarios_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    assert capsys.readouterr().out.split() == ["generic_us", "huawei_eu", "ucs2_ru"]
    assert main(["modem", "--scenario", "atlantis"]) == 2
    assert "no scenario 'atlantis'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser().parse_args(["modem", "--pty", "--listen", "127.0.0.1:1"])


async def test_python_m_simulator_modem(socket_enabled: None) -> None:
    """The documented command: AT, a USSD balance, and real PDUs from AT+CMGL=4."""
    port, control_port = free_port(), free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "simulator",
        "modem",
        "--listen",
        f"127.0.0.1:{port}",
        "--control",
        f"127.0.0.1:{control_port}",
        stdout=asyncio.subprocess.PIPE,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert process.stdout is not None
        banner = await asyncio.wait_for(process.stdout.readline(), 30)
        assert (
            banner.decode().strip()
            == f"modem (generic_us) at socket://127.0.0.1:{port}"
        )
        wire = await RawWire.connect(f"socket://127.0.0.1:{port}")
        assert await wire.command("AT") == b"AT\r\r\nOK\r\n"
        await wire.command('AT+CUSD=1,"*100#",15')
        assert (await wire.read_until(b",15\r\n")).startswith(
            b'\r\n+CUSD: 0,"Your balance is $7.20.'
        )
        listing = await wire.command("AT+CMGL=4")
        assert listing.startswith(b"AT+CMGL=4\r\r\n+CMGL: 0,0,,")
        await wire.close()
    finally:
        process.terminate()
        await process.wait()


async def test_pty_port(tmp_path: Path) -> None:
    simulator = Simulator("generic_us")
    link = tmp_path / "ttyUSB-modem"
    path = await simulator.start_pty(link)
    assert path == str(link)
    assert str(link.readlink()).startswith("/dev/pts/")
    fd = os.open(link, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    try:
        assert await _pty_exchange(fd, b"AT\r") == b"AT\r\r\nOK\r\n"
        await simulator.fault("drop")  # a hang-up: a new pty behind the same link
        os.close(fd)
        fd = os.open(link, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        assert await _pty_exchange(fd, b"ATE0\r") == b"ATE0\r\r\nOK\r\n"
        await simulator.unplug()
        assert not link.exists()
        await simulator.replug()
        assert link.exists()
    finally:
        os.close(fd)
        await simulator.stop()
    assert not link.exists()


async def _pty_exchange(fd: int, data: bytes) -> bytes:
    os.write(fd, data)
    received = b""
    for _ in range(100):
        await asyncio.sleep(0.01)
        with contextlib.suppress(BlockingIOError):
            received += os.read(fd, 4096)
        if received.endswith(b"OK\r\n"):
            break
    return received


async def test_stopped_simulator_has_no_url() -> None:
    with pytest.raises(RuntimeError, match="not started"):
        _ = Simulator().url


async def test_serve_modem_in_process(
    socket_enabled: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`serve_modem` serves the pty and the control API until cancelled, then cleans up."""
    link = tmp_path / "modem"
    control_port = free_port()
    args = build_parser().parse_args(
        [
            "modem",
            "--pty",
            "--pty-link",
            str(link),
            "--control",
            f"127.0.0.1:{control_port}",
        ]
    )
    task = asyncio.create_task(serve_modem(args, load_scenario("huawei_eu")))
    for _ in range(200):
        await asyncio.sleep(0.01)
        if "control at" in capsys.readouterr().out:
            break
    async with ClientSession() as session:
        state = await (
            await session.get(f"http://127.0.0.1:{control_port}/state")
        ).json()
    assert state["scenario"] == "huawei_eu"
    assert state["url"] == str(link)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not link.exists()


async def test_cfun_reset_reboots_the_modem(socket_enabled: None) -> None:
    """AT+CFUN=1,1 is answered OK, then the port goes away and comes back."""
    simulator = Simulator("generic_us")
    url = await simulator.start_tcp()
    try:
        host, port = url.removeprefix("socket://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(b"AT+CFUN=1,1\r")
        await writer.drain()
        reply = await asyncio.wait_for(reader.readuntil(b"OK\r\n"), 2)
        assert b"OK" in reply
        # The reboot drops the line ...
        assert await asyncio.wait_for(reader.read(), 2) == b""
        writer.close()
        assert simulator.resets == 1
        # ... and the modem answers again afterwards.
        for _ in range(50):
            if simulator.plugged:
                break
            await asyncio.sleep(0.05)
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(b"AT\r")
        await writer.drain()
        assert b"OK" in await asyncio.wait_for(reader.readuntil(b"OK\r\n"), 2)
        writer.close()
    finally:
        await simulator.stop()
