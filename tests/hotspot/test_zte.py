"""The ZTE goform client against the simulated ZTE router, over loopback HTTP."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
import hashlib

from aiohttp import ClientSession
import pytest

from custom_components.data_balance.hotspot import (
    HotspotAuthError,
    HotspotBusy,
    HotspotConnectionError,
    HotspotError,
    HotspotFamily,
    HotspotLockedOut,
    HotspotNotSupported,
    HotspotOptions,
    HotspotResponseError,
    HotspotSessionExpired,
    HotspotTimeoutError,
    ZteClient,
    create_client,
)
from custom_components.data_balance.hotspot.zte import (
    STALE_TOKEN_PAUSES,
    encode_password,
)
from custom_components.data_balance.hotspot.zte_api import ad_token
from custom_components.data_balance.modem import AccessTechnology, SimState
from simulator.hotspot import HotspotSimulator

from .conftest import FAST, FakeClock

GB = 1000**3


def logins(simulator: HotspotSimulator) -> int:
    """How many LOGIN writes the router has seen."""
    return simulator.zte.requests.count("POST LOGIN")


def test_password_and_ad_recipes() -> None:
    inner = hashlib.sha256(b"admin").hexdigest().upper()
    assert encode_password("admin", "SALT") == (
        hashlib.sha256(f"{inner}SALT".encode()).hexdigest().upper()
    )
    assert encode_password("admin", "") == "YWRtaW4="
    first = hashlib.md5(b"ab").hexdigest()  # noqa: S324 - the router's scheme
    assert ad_token("a", "b", "rd") == hashlib.md5(f"{first}rd".encode()).hexdigest()  # noqa: S324 - the router's scheme


async def test_identify(zte_sim: HotspotSimulator, zte: ZteClient) -> None:
    info = await zte.identify()
    assert info.manufacturer == "ZTE"
    assert info.model == "MF79U"
    assert info.firmware == "BD_MF79UV1.0.0B06"
    assert info.imei == "867698041234567"
    assert info.imsi == "310260123456789"
    assert info.iccid == "8901260123456789012"
    assert info.own_number == "+15550100"
    assert logins(zte_sim) == 1


@pytest.mark.parametrize(
    ("sha256", "ad"), [(True, True), (False, False), (True, False)]
)
async def test_old_and_new_firmware(
    zte_sim: HotspotSimulator, zte: ZteClient, sha256: bool, ad: bool
) -> None:
    zte_sim.zte_settings.sha256_login = sha256
    zte_sim.zte_settings.ad_tokens = ad
    await zte.login()
    await zte.send_sms("6399", "BAL")
    assert zte_sim.device.sent == [("6399", "BAL")]


async def test_wrong_password_and_lock_out(
    zte_sim: HotspotSimulator, http: ClientSession, clock: FakeClock
) -> None:
    wrong = ZteClient(http, zte_sim.url, password="nope", options=FAST)
    for _ in range(4):
        with pytest.raises(HotspotAuthError) as caught:
            await wrong.login()
        assert not isinstance(caught.value, HotspotLockedOut)
    with pytest.raises(HotspotLockedOut) as fifth:
        await wrong.login()
    assert fifth.value.wait == timedelta(seconds=300)
    right = ZteClient(http, zte_sim.url, password="admin", options=FAST)
    with pytest.raises(HotspotLockedOut):
        await right.login()
    assert logins(zte_sim) == 5  # the locked router was not even asked
    clock.advance(timedelta(seconds=301))
    await right.login()


async def test_expired_session_is_re_established_once(
    zte_sim: HotspotSimulator, zte: ZteClient, clock: FakeClock
) -> None:
    await zte.identify()
    clock.advance(timedelta(minutes=6))
    assert (await zte.identify()).imei
    assert logins(zte_sim) == 2
    zte_sim.zte_settings.session_timeout = -1  # every session is already stale
    with pytest.raises(HotspotSessionExpired):
        await zte.identify()
    assert logins(zte_sim) == 3
    with pytest.raises(HotspotSessionExpired):
        await zte.send_sms("6399", "BAL")


async def test_another_login_ends_ours(
    zte_sim: HotspotSimulator, http: ClientSession, zte: ZteClient
) -> None:
    await zte.identify()
    await ZteClient(http, zte_sim.url, password="admin", options=FAST).login()
    assert (await zte.traffic()).month_total > 0
    assert logins(zte_sim) == 3


async def test_two_clients_logging_in_at_once_both_get_in(
    zte_sim: HotspotSimulator, http: ClientSession
) -> None:
    """A poll and a reauth flow log in together: the second login's token is stale.

    The router's one RD token (and LD) serves whichever login comes first. The other's
    refusal is no wrong password: the login is tried once more from fresh tokens.
    """
    first, second = (
        ZteClient(http, zte_sim.url, password="admin", options=FAST) for _ in range(2)
    )
    await asyncio.gather(first.login(), second.login())
    assert zte_sim.device.guard.failures == 0  # nothing counted against the lock
    assert logins(zte_sim) == 3  # both, and the one retried after the stale token


async def test_a_login_refused_every_time_is_an_error_not_a_wrong_password(
    zte_sim: HotspotSimulator, zte: ZteClient
) -> None:
    zte_sim.faults.error(99, endpoint="LOGIN", count=3)
    with pytest.raises(HotspotError, match="refused") as refused:
        await zte.login()
    assert not isinstance(refused.value, HotspotAuthError)
    assert logins(zte_sim) == 1 + len(STALE_TOKEN_PAUSES)  # a few tries, never a loop
    assert zte_sim.device.guard.failures == 0


async def test_logout_after_poll(
    zte_sim: HotspotSimulator, http: ClientSession
) -> None:
    client = ZteClient(
        http,
        zte_sim.url,
        password="admin",
        options=HotspotOptions(logout_after_poll=True, timeout=2.0),
    )
    async with client.poll():
        await client.identify()
        await client.network()
    assert zte_sim.zte.sessions == {}
    assert zte_sim.zte.requests.count("POST LOGOUT") == 1


async def test_traffic_and_plan(
    zte_sim: HotspotSimulator, zte: ZteClient, clock: FakeClock
) -> None:
    first = await zte.traffic()
    assert first.month_total == int(3.5 * GB)
    assert first.data_limit == 10 * 1024**3
    assert first.alert_percent == 90
    assert first.plan_start_day is None
    zte_sim.drain("500MB")
    second = await zte.traffic()
    assert second.month_total - first.month_total == 500_000_000
    assert second.total_download - first.total_download == 450_000_000
    zte_sim.reboot()
    await zte.login()
    assert (await zte.traffic()).total_download == 0
    clock.wall = datetime(2026, 12, 6, tzinfo=UTC)
    assert (await zte.traffic()).month_total == 0
    zte_sim.device.plan.enabled = False
    assert (await zte.traffic()).data_limit is None


async def test_signal_and_network(zte_sim: HotspotSimulator, zte: ZteClient) -> None:
    signal = await zte.signal()
    assert (signal.rssi_dbm, signal.rsrp_dbm, signal.rsrq_db, signal.sinr_db) == (
        -73,
        -95,
        -11.0,
        12.5,
    )
    assert signal.bars == 3
    network = await zte.network()
    assert network.connected
    assert network.sim_state is SimState.READY
    assert network.operator == "T-Mobile"
    assert network.access_technology is AccessTechnology.LTE
    assert not network.roaming
    assert network.unread_messages == 1
    zte_sim.device.connected = False
    assert not (await zte.network()).connected


async def test_messages(zte_sim: HotspotSimulator, zte: ZteClient) -> None:
    text = "Баланс: 150,25 руб. Остаток 3.1 ГБ 😀 " * 5
    zte_sim.deliver_sms("MTS", text)
    texts = await zte.messages()
    assert [sms.sender for sms in texts] == ["6399", "MTS"]
    assert texts[1].text == text
    assert texts[0].timestamp == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert (await zte.network()).unread_messages == 0
    await zte.delete(texts[0])
    assert len(zte_sim.device.inbox) == 1
    assert len(await zte.messages(delete=True)) == 1
    assert zte_sim.device.inbox == []
    assert await zte.messages(delete=True) == []


async def test_send_sms_and_the_carrier_answers(
    zte_sim: HotspotSimulator, zte: ZteClient
) -> None:
    await zte.send_sms("6399", "BAL")
    await zte.send_sms("+15550199", "Grüße €")
    assert zte_sim.device.sent == [("6399", "BAL"), ("+15550199", "Grüße €")]
    await zte_sim.wait_for_messages(2)
    assert (await zte.messages())[-1].text.startswith("Balance: $7.20")


async def test_ussd(zte_sim: HotspotSimulator, zte: ZteClient) -> None:
    assert (await zte.ussd("*100#")).startswith("Your balance is $7.20.")
    assert "text message shortly" in await zte.ussd("#225#")
    menu = await zte.ussd("*101#")
    assert menu.startswith("Main menu\n1. Balance")
    assert (await zte.ussd("1")).startswith("Balance $7.20")
    with pytest.raises(HotspotNotSupported):
        await zte.ussd("*999#")


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("1", HotspotNotSupported),
        ("2", HotspotError),
        ("4", HotspotTimeoutError),
        ("10", HotspotBusy),
        ("41", HotspotNotSupported),
        ("77", HotspotError),
    ],
)
async def test_ussd_failure_flags(
    zte_sim: HotspotSimulator, zte: ZteClient, flag: str, expected: type[HotspotError]
) -> None:
    zte_sim.zte.forced_ussd_flag = flag
    with pytest.raises(expected) as caught:
        await zte.ussd("*100#")
    assert type(caught.value) is expected


async def test_ussd_timeout_and_busy(
    zte_sim: HotspotSimulator, http: ClientSession
) -> None:
    zte_sim.carrier.with_spec(reply_delay=30.0)
    client = ZteClient(
        http,
        zte_sim.url,
        password="admin",
        options=HotspotOptions(ussd_timeout=0.3, ussd_poll_interval=0.05),
    )
    with pytest.raises(HotspotTimeoutError):
        await client.ussd("*100#")
    assert "POST USSD_PROCESS" in zte_sim.zte.requests
    assert zte_sim.device.send_ussd("*100#")  # someone else's request waits now
    with pytest.raises(HotspotBusy):
        await client.ussd("*100#")


async def test_refused_writes(zte_sim: HotspotSimulator, zte: ZteClient) -> None:
    zte_sim.inject_error(7, endpoint="SEND_SMS")
    with pytest.raises(HotspotError, match="result 7"):
        await zte.send_sms("6399", "BAL")
    zte_sim.inject_error(
        1, endpoint="LOGIN", count=3
    )  # a refused login is tried 3 times
    with pytest.raises(HotspotError, match="result 1"):
        await zte.login()


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        ("garbage", HotspotResponseError),
        ("wrong_root", HotspotResponseError),
        ("http_500", HotspotResponseError),
        ("drop", HotspotConnectionError),
    ],
)
async def test_spoiled_replies(
    zte_sim: HotspotSimulator, zte: ZteClient, spoil: str, expected: type[HotspotError]
) -> None:
    await zte.login()
    zte_sim.fault(spoil, count=2 if spoil == "drop" else 1)  # type: ignore[arg-type]
    with pytest.raises(expected):
        await zte.identify()
    assert (await zte.identify()).imei


async def test_without_referer_everything_is_empty(
    zte_sim: HotspotSimulator, http: ClientSession
) -> None:
    async with http.get(
        f"{zte_sim.url}/goform/goform_get_cmd_process?cmd=imei,LD&multi_data=1"
    ) as reply:
        assert await reply.json(content_type=None) == {"imei": "", "LD": ""}


async def test_a_router_without_a_password(
    socket_enabled: None, http: ClientSession
) -> None:
    simulator = HotspotSimulator(family="zte", password="")
    await simulator.start()
    try:
        client = create_client(http, HotspotFamily.ZTE, simulator.url, options=FAST)
        assert isinstance(client, ZteClient)
        assert (await client.identify()).imei == "867698041234567"
        assert len(await client.messages()) == 1
        await client.logout()
        assert simulator.zte.requests.count("POST LOGIN") == 0
    finally:
        await simulator.stop()
