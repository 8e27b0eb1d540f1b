"""HiLink sessions: both password schemes, tokens, lock-out, expiry, logout, one session."""

from __future__ import annotations

import base64
from datetime import timedelta
import hashlib

from aiohttp import ClientSession
import pytest

from custom_components.data_balance.hotspot import (
    HiLinkClient,
    HotspotAuthError,
    HotspotBusy,
    HotspotConnectionError,
    HotspotLockedOut,
    HotspotOptions,
    HotspotSessionExpired,
)
from custom_components.data_balance.hotspot.hilink import encode_password
from simulator.hotspot import HotspotSimulator

from .conftest import FAST, FakeClock


def logins(simulator: HotspotSimulator) -> int:
    """How many login requests the router has seen."""
    return simulator.hilink.requests.count("POST user/login")


def logged_in_sessions(simulator: HotspotSimulator) -> int:
    """Sessions the router holds as logged in."""
    return sum(1 for session in simulator.hilink.sessions.values() if session.logged_in)


def test_sha256_scheme_matches_the_published_recipe() -> None:
    inner = base64.b64encode(hashlib.sha256(b"secret").hexdigest().encode()).decode()
    digest = hashlib.sha256(f"admin{inner}TOKEN".encode()).hexdigest()
    expected = base64.b64encode(digest.encode()).decode()
    assert encode_password("admin", "secret", "TOKEN", "4") == expected
    assert encode_password("admin", "secret", "TOKEN", "3") == "c2VjcmV0"
    assert encode_password("admin", "secret", "TOKEN", "0") == "c2VjcmV0"


@pytest.mark.parametrize("password_type", ["4", "3", "0"])
async def test_login_with_each_password_scheme(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient, password_type: str
) -> None:
    hilink_sim.hilink_settings.password_type = password_type
    await hilink.login()
    assert hilink.logged_in
    assert (await hilink.login_state())["State"] == "0"
    assert logins(hilink_sim) == 1


async def test_session_id_changes_at_login_and_is_followed(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    before = await hilink.login_state()
    assert before["State"] == "-1"
    sessions = hilink_sim.hilink.sessions
    before_login = set(sessions)
    await hilink.login()
    # Login opened a fresh session and the router renamed it: the old, idle one
    # stays, the fresh one's first id is gone, and the client holds the new id.
    assert len(sessions) == 2
    (logged_in,) = (key for key, value in sessions.items() if value.logged_in)
    assert logged_in not in before_login
    assert hilink._api._session_id == logged_in
    info = await hilink.identify()
    assert info.model == "E5577Cs-321"
    assert logins(hilink_sim) == 1


async def test_tokens_rotate_on_every_write(
    hilink_sim: HotspotSimulator, http: ClientSession, hilink: HiLinkClient
) -> None:
    for number in range(40):  # more writes than the 32 tokens handed out at login
        await hilink.send_sms("6399", f"hello {number}")
    assert len(hilink_sim.device.sent) == 40
    assert logins(hilink_sim) == 1


async def test_a_used_token_is_refused(
    hilink_sim: HotspotSimulator, http: ClientSession
) -> None:
    async with http.get(f"{hilink_sim.url}/api/webserver/SesTokInfo") as reply:
        body = await reply.text()
    session_id = body.split("<SesInfo>SessionID=")[1].split("<")[0]
    token = body.split("<TokInfo>")[1].split("<")[0]
    headers = {"Cookie": f"SessionID={session_id}", "__RequestVerificationToken": token}
    request = b"<request><Logout>1</Logout></request>"
    async with http.post(
        f"{hilink_sim.url}/api/user/logout", data=request, headers=headers
    ) as reply:
        assert "<response>OK</response>" in await reply.text()
        assert reply.headers["__RequestVerificationToken"] != token
    async with http.post(
        f"{hilink_sim.url}/api/user/logout", data=request, headers=headers
    ) as reply:
        assert "<code>125002</code>" in await reply.text()


async def test_wrong_password(
    hilink_sim: HotspotSimulator, http: ClientSession
) -> None:
    client = HiLinkClient(http, hilink_sim.url, password="wrong-secret", options=FAST)
    with pytest.raises(HotspotAuthError) as caught:
        await client.identify()
    assert not isinstance(caught.value, HotspotLockedOut)
    assert caught.value.code == 108006
    assert "wrong-secret" not in str(caught.value)


async def test_lock_out_after_three_failures_and_its_wait(
    hilink_sim: HotspotSimulator, http: ClientSession, clock: FakeClock
) -> None:
    wrong = HiLinkClient(http, hilink_sim.url, password="nope", options=FAST)
    right = HiLinkClient(http, hilink_sim.url, password="admin", options=FAST)
    for _ in range(2):
        with pytest.raises(HotspotAuthError):
            await wrong.login()
    with pytest.raises(HotspotLockedOut) as third:
        await wrong.login()
    assert third.value.wait == timedelta(minutes=1)
    assert third.value.code == 108007

    # Even the right password is refused while locked; state-login tells the wait.
    with pytest.raises(HotspotLockedOut) as locked:
        await right.login()
    assert locked.value.wait == timedelta(minutes=1)
    assert logins(hilink_sim) == 3

    clock.advance(timedelta(seconds=61))
    await right.login()
    assert right.logged_in

    # The next lock lasts longer.
    await right.logout()
    for _ in range(2):
        with pytest.raises(HotspotAuthError):
            await wrong.login()
    with pytest.raises(HotspotLockedOut) as again:
        await wrong.login()
    assert again.value.wait == timedelta(minutes=2)


async def test_expired_session_is_re_established_once(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient, clock: FakeClock
) -> None:
    await hilink.identify()
    clock.advance(timedelta(minutes=6))  # beyond the 5-minute idle timeout
    info = await hilink.identify()
    assert info.imei == "867698041234567"
    assert logins(hilink_sim) == 2


async def test_session_errors_retry_only_once(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    await hilink.login()
    hilink_sim.inject_error(125002, endpoint="device/information", count=2)
    with pytest.raises(HotspotSessionExpired):
        await hilink.identify()
    assert logins(hilink_sim) == 2
    # The next call starts afresh and works.
    assert (await hilink.identify()).model == "E5577Cs-321"


@pytest.mark.parametrize("code", [100003, 125001, 125002, 125003])
async def test_each_session_error_triggers_one_re_login(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient, code: int
) -> None:
    await hilink.login()
    hilink_sim.inject_error(code, endpoint="device/signal")
    signal = await hilink.signal()
    assert signal.rsrp_dbm == -95
    assert logins(hilink_sim) == 2


async def test_logout_after_poll_frees_the_router(
    hilink_sim: HotspotSimulator, http: ClientSession
) -> None:
    client = HiLinkClient(
        http,
        hilink_sim.url,
        password="admin",
        options=HotspotOptions(logout_after_poll=True, timeout=2.0),
    )
    await client.identify()
    assert logged_in_sessions(hilink_sim) == 0
    assert not client.logged_in

    async with client.poll():
        await client.identify()
        await client.traffic()
        await client.network()
        assert logged_in_sessions(hilink_sim) == 1
    assert logged_in_sessions(hilink_sim) == 0
    assert logins(hilink_sim) == 2
    assert hilink_sim.hilink.requests.count("POST user/logout") == 2


async def test_logout_and_close(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    await hilink.login()
    await hilink.logout()
    assert logged_in_sessions(hilink_sim) == 0
    assert (await hilink.login_state())["State"] == "-1"
    await hilink.identify()
    await hilink.close()
    assert logged_in_sessions(hilink_sim) == 0
    with pytest.raises(HotspotConnectionError):
        await hilink.identify()
    await hilink.logout()  # nothing to do, no error


async def test_a_second_login_replaces_the_first(
    hilink_sim: HotspotSimulator, http: ClientSession, hilink: HiLinkClient
) -> None:
    other = HiLinkClient(http, hilink_sim.url, password="admin", options=FAST)
    await hilink.identify()
    await other.identify()  # the router drops the first session
    assert (await hilink.identify()).serial_number == "G4Q7S17A12345678"
    assert logins(hilink_sim) == 3


async def test_a_second_login_refused_is_busy(
    hilink_sim: HotspotSimulator, http: ClientSession, hilink: HiLinkClient
) -> None:
    hilink_sim.hilink_settings.second_login = "refuse"
    other = HiLinkClient(http, hilink_sim.url, password="admin", options=FAST)
    await other.login()
    with pytest.raises(HotspotBusy) as caught:
        await hilink.login()
    assert caught.value.code == 108003
    await other.logout()
    await hilink.login()


async def test_a_stick_without_a_password(
    socket_enabled: None, http: ClientSession
) -> None:
    simulator = HotspotSimulator("generic_us", password="")
    await simulator.start()
    try:
        client = HiLinkClient(http, simulator.url, options=FAST)
        assert (await client.identify()).imsi == "310260123456789"
        await client.send_sms("6399", "BAL")
        await client.logout()
        assert simulator.hilink.requests.count("POST user/login") == 0
    finally:
        await simulator.stop()


async def test_password_changed_on_the_router(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    await hilink.identify()
    hilink_sim.set_password("new-secret")
    hilink_sim.reboot()
    with pytest.raises(HotspotAuthError):
        await hilink.identify()
