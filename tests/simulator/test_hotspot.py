"""The simulated hotspot: its in-process controls, HTTP control API, CLI and raw wire."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
import socket
import sys

from aiohttp import ClientSession, web
import pytest

from simulator.__main__ import build_parser, main
from simulator.hotspot import HotspotSimulator, hotspot_control_app


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
async def router(socket_enabled: None) -> AsyncIterator[HotspotSimulator]:
    simulator = HotspotSimulator("generic_us")
    simulator.carrier.with_spec(reply_delay=0.05, sms_delay=0.05)
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def control(router: HotspotSimulator) -> AsyncIterator[str]:
    runner = web.AppRunner(hotspot_control_app(router))
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"127.0.0.1:{port}"
    await runner.cleanup()


async def test_in_process_controls(router: HotspotSimulator) -> None:
    state = router.state()
    assert state["family"] == "huawei_hilink"
    assert state["month_bytes"] == 3_500_000_000
    router.drain("500MB")
    assert router.state()["month_bytes"] == 4_000_000_000
    router.top_up(data="2GB", money="10", days=30)
    assert router.carrier.balance == Decimal("17.20")
    assert router.state()["stored_messages"] == 2
    router.deliver_sms("6399", "hello")
    assert router.state()["stored_messages"] == 3
    router.reboot()
    assert router.state()["total_bytes"] == 0
    assert router.state()["month_bytes"] == 4_000_000_000
    router.set_password("changed")
    assert router.device.password == "changed"
    with pytest.raises(ValueError, match="unknown fault"):
        router.fault("meteor")  # type: ignore[arg-type]
    router.fault("busy", count=2)
    assert len(router.faults.errors) == 2


def test_construction_errors() -> None:
    with pytest.raises(ValueError, match="unknown family"):
        HotspotSimulator(family="netgear")  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        _ = HotspotSimulator().url


async def test_http_controls(router: HotspotSimulator, control: str) -> None:
    async with ClientSession() as session:
        base = f"http://{control}"
        assert (await (await session.get(f"{base}/state")).json())["powered"]
        for action, body in (
            ("drain", {"amount": "1GB"}),
            ("drain-rate", {"per_hour": "0"}),
            ("top-up", {"data": "1GB", "money": "1.30"}),
            ("sms", {"sender": "6399", "text": "hi"}),
            ("reboot", {}),
            ("password", {"password": "new"}),
            ("fault", {"kind": "sim_busy", "count": 1}),
            ("fault", {"kind": "silence", "on": False}),
        ):
            reply = await session.post(f"{base}/{action}", json=body)
            assert reply.status == 200, action
        assert router.carrier.balance == Decimal("8.50")
        assert router.device.password == "new"
        bad = await session.post(f"{base}/teleport", json={})
        assert bad.status == 400
        missing = await session.post(f"{base}/drain", json={})
        assert missing.status == 400
        await session.post(f"{base}/unplug")
        assert not router.powered
        await session.post(f"{base}/replug")
        assert router.powered


async def test_cli_ctl_drives_a_hotspot(
    router: HotspotSimulator, control: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (
        ["drain", "250MB"],
        ["top-up", "--money", "2.50"],
        ["sms", "+15550199", "hi"],
        ["reboot"],
        ["password", "s3cret"],
        ["fault", "garbage"],
        ["state"],
    ):
        assert await asyncio.to_thread(main, ["ctl", "--control", control, *args]) == 0
    assert router.carrier.used_bytes == 3_750_000_000
    assert router.device.password == "s3cret"
    assert '"family": "huawei_hilink"' in capsys.readouterr().out


def test_hotspot_arguments() -> None:
    assert build_parser().parse_args(["hotspot", "--family", "zte"]).family == "zte"
    args = build_parser().parse_args(["hotspot"])
    assert (args.listen, args.family, args.password) == (
        "127.0.0.1:8080",
        "huawei_hilink",
        "admin",
    )
    assert main(["hotspot", "--scenario", "atlantis"]) == 2


async def test_raw_wire(router: HotspotSimulator) -> None:
    async with ClientSession() as session:
        base = f"{router.url}/api"
        reply = await session.get(f"{base}/no/such-endpoint")
        assert "<code>100002</code>" in await reply.text()
        reply = await session.get(f"{base}/device/information")
        assert "<code>100003</code>" in await reply.text()  # login needed
        reply = await session.get(f"{base}/webserver/SesTokInfo")
        body = await reply.text()
        session_id = body.split("SessionID=")[1].split("<")[0]
        token = body.split("<TokInfo>")[1].split("<")[0]
        headers = {
            "Cookie": f"SessionID={session_id}",
            "__RequestVerificationToken": token,
        }
        evil = (
            b'<!DOCTYPE r [<!ENTITY e "x">]><request><Username>&e;</Username></request>'
        )
        reply = await session.post(f"{base}/user/login", data=evil, headers=headers)
        assert "<code>100005</code>" in await reply.text()
        headers["__RequestVerificationToken"] = reply.headers[
            "__RequestVerificationToken"
        ]
        reply = await session.post(
            f"{base}/user/login", data=b"<request><Username>", headers=headers
        )
        assert "<code>100005</code>" in await reply.text()
        reply = await session.post(f"{base}/no/such-thing", data=b"<request/>")
        assert "<code>100002</code>" in await reply.text()


async def test_python_m_simulator_hotspot(socket_enabled: None) -> None:
    """The documented command serves the HiLink API and its control API."""
    port, control_port = free_port(), free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "simulator",
        "hotspot",
        "--listen",
        f"127.0.0.1:{port}",
        "--control",
        f"127.0.0.1:{control_port}",
        "--password",
        "secret",
        stdout=asyncio.subprocess.PIPE,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert process.stdout is not None
        banner = await asyncio.wait_for(process.stdout.readline(), 30)
        assert (
            banner.decode().strip()
            == f"hotspot huawei_hilink (generic_us) at http://127.0.0.1:{port}"
        )
        async with ClientSession() as session:
            reply = await session.get(
                f"http://127.0.0.1:{port}/api/webserver/SesTokInfo"
            )
            assert "<TokInfo>" in await reply.text()
            state = await (
                await session.get(f"http://127.0.0.1:{control_port}/state")
            ).json()
            assert state["scenario"] == "generic_us"
    finally:
        process.terminate()
        await process.wait()


async def test_zte_router(socket_enabled: None) -> None:
    simulator = HotspotSimulator(family="zte")
    await simulator.start()
    try:
        assert simulator.state()["family"] == "zte"
        with pytest.raises(TypeError):
            _ = simulator.hilink
        async with ClientSession() as session:
            base = f"{simulator.url}/goform"
            headers = {"Referer": f"{simulator.url}/index.html"}
            reply = await session.get(
                f"{base}/goform_get_cmd_process?cmd=imei,loginfo,LD&multi_data=1",
                headers=headers,
            )
            fields = await reply.json(content_type=None)
            assert fields["imei"] == ""  # login needed
            assert fields["loginfo"] == "no"
            assert len(fields["LD"]) == 64
            # A write without the AD token is refused.
            reply = await session.post(
                f"{base}/goform_set_cmd_process",
                data="isTest=false&goformId=LOGIN&password=x",
                headers=headers,
            )
            assert await reply.json(content_type=None) == {"result": "failure"}
        await simulator.unplug()
        await simulator.replug()
        assert simulator.powered
    finally:
        await simulator.stop()
    with pytest.raises(TypeError):
        _ = HotspotSimulator().zte
