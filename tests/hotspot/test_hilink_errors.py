"""Every HiLink error code as a typed exception; garbled, hostile and missing replies."""

from __future__ import annotations

import logging
import socket

from aiohttp import ClientSession
import pytest

from custom_components.data_balance.hotspot import (
    HiLinkClient,
    HotspotAuthError,
    HotspotBusy,
    HotspotConnectionError,
    HotspotError,
    HotspotLockedOut,
    HotspotNotSupported,
    HotspotOptions,
    HotspotResponseError,
    HotspotSessionExpired,
    HotspotTimeoutError,
)
from simulator.hotspot import HotspotSimulator

from .conftest import FAST


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (100001, HotspotError),
        (100002, HotspotNotSupported),
        (100004, HotspotBusy),
        (100005, HotspotError),
        (100006, HotspotError),
        (108001, HotspotAuthError),
        (108002, HotspotAuthError),
        (108003, HotspotBusy),
        (108006, HotspotAuthError),
        (108007, HotspotLockedOut),
        (111013, HotspotBusy),
        (111020, HotspotTimeoutError),
        (111022, HotspotNotSupported),
        (113018, HotspotError),
        (113053, HotspotError),
        (120001, HotspotBusy),
        (999999, HotspotError),
    ],
)
async def test_error_codes(
    hilink_sim: HotspotSimulator,
    hilink: HiLinkClient,
    code: int,
    expected: type[HotspotError],
) -> None:
    await hilink.login()
    hilink_sim.inject_error(code, endpoint="device/information")
    with pytest.raises(expected) as caught:
        await hilink.identify()
    assert type(caught.value) is expected
    assert caught.value.code == code
    assert str(code) in str(caught.value)


@pytest.mark.parametrize("code", [100003, 125001, 125002, 125003])
async def test_session_codes_that_persist(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient, code: int
) -> None:
    await hilink.login()
    hilink_sim.inject_error(code, endpoint="device/information", count=2)
    with pytest.raises(HotspotSessionExpired) as caught:
        await hilink.identify()
    assert caught.value.code == code


async def test_lock_out_without_a_stated_wait(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    hilink_sim.inject_error(108007, endpoint="user/login")
    with pytest.raises(HotspotLockedOut) as caught:
        await hilink.login()
    assert caught.value.wait is None


async def test_errors_on_writes(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    hilink_sim.inject_error(113053, endpoint="sms/send-sms")
    with pytest.raises(HotspotError) as full:
        await hilink.send_sms("6399", "BAL")
    assert full.value.code == 113053
    hilink_sim.inject_error(111013, endpoint="ussd/send")
    with pytest.raises(HotspotBusy):
        await hilink.ussd("*100#")
    hilink_sim.inject_error(100004, endpoint="sms/sms-list")
    with pytest.raises(HotspotBusy):
        await hilink.messages()


async def test_ussd_busy_while_a_request_waits(
    hilink_sim: HotspotSimulator, http: ClientSession, hilink: HiLinkClient
) -> None:
    hilink_sim.carrier.with_spec(reply_delay=30.0)
    assert hilink_sim.device.send_ussd("*100#")  # someone else's request is pending
    with pytest.raises(HotspotBusy) as caught:
        await hilink.ussd("*100#")
    assert caught.value.code == 111013


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        ("garbage", HotspotResponseError),
        ("truncated", HotspotResponseError),
        ("entities", HotspotResponseError),
        ("wrong_root", HotspotResponseError),
        ("http_500", HotspotResponseError),
        ("drop", HotspotConnectionError),
    ],
)
async def test_spoiled_replies(
    hilink_sim: HotspotSimulator,
    hilink: HiLinkClient,
    spoil: str,
    expected: type[HotspotError],
) -> None:
    await hilink.login()
    # aiohttp retries a GET once when a kept-alive connection drops: drop twice.
    hilink_sim.fault(spoil, count=2 if spoil == "drop" else 1)  # type: ignore[arg-type]
    with pytest.raises(expected):
        await hilink.identify()
    assert (await hilink.identify()).model == "E5577Cs-321"


async def test_spoiled_login_replies(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    for spoil in ("garbage", "truncated", "entities", "http_500"):
        hilink_sim.fault(spoil)
        with pytest.raises(HotspotResponseError):
            await hilink.login()
    await hilink.login()


async def test_a_router_that_hangs(
    hilink_sim: HotspotSimulator, http: ClientSession
) -> None:
    client = HiLinkClient(
        http, hilink_sim.url, password="admin", options=HotspotOptions(timeout=0.3)
    )
    hilink_sim.fault("silence")
    with pytest.raises(HotspotConnectionError):
        await client.identify()
    hilink_sim.fault("silence", on=False)
    hilink_sim.fault("hang")
    with pytest.raises(HotspotConnectionError):
        await client.identify()
    assert (await client.identify()).imei


async def test_a_router_that_is_off(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    await hilink.identify()
    await hilink_sim.unplug()
    with pytest.raises(HotspotConnectionError):
        await hilink.identify()
    await hilink_sim.replug()
    assert (await hilink.identify()).iccid == "8901260123456789012"


async def test_nobody_listening(socket_enabled: None, http: ClientSession) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = HiLinkClient(http, f"127.0.0.1:{port}", password="admin", options=FAST)
    with pytest.raises(HotspotConnectionError):
        await client.login()


async def test_an_api_path_the_router_lacks(
    hilink_sim: HotspotSimulator, http: ClientSession, hilink: HiLinkClient
) -> None:
    await hilink.login()
    with pytest.raises(HotspotNotSupported):
        await hilink._api.get("no/such-thing")  # the simulator answers 100002
    with pytest.raises(HotspotNotSupported):
        await hilink._api.get("../../index.html")  # aiohttp answers 404


@pytest.mark.parametrize(
    "host", ["", "ftp://192.168.8.1", "http://", "192.168.8.1:notaport"]
)
def test_not_an_address(http: ClientSession, host: str) -> None:
    with pytest.raises(HotspotConnectionError):
        HiLinkClient(http, host)


async def test_nothing_secret_in_errors_or_logs(
    hilink_sim: HotspotSimulator,
    http: ClientSession,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.data_balance.hotspot")
    client = HiLinkClient(
        http,
        hilink_sim.url,
        password="hunter2-secret",
        options=HotspotOptions(logout_after_poll=True, timeout=2.0),
    )
    with pytest.raises(HotspotAuthError) as caught:
        await client.login()
    hilink_sim.set_password("hunter2-secret")
    hilink_sim.deliver_sms("+15550199", "PIN 4242 private body")
    await client.identify()
    texts = await client.messages()
    await client.send_sms("+15550199", "private reply")
    hilink_sim.inject_error(113053, endpoint="sms/send-sms")
    with pytest.raises(HotspotError) as send_error:
        await client.send_sms("+15550199", "private reply")
    assert any(sms.text == "PIN 4242 private body" for sms in texts)
    secrets = (
        "hunter2-secret",
        "867698041234567",
        "310260123456789",
        "8901260123456789012",
        "+15550100",
        "+15550199",
        "4242",
        "private",
    )
    written = caplog.text + str(caught.value) + str(send_error.value)
    assert caplog.records  # the client did log something
    assert not [secret for secret in secrets if secret in written]
