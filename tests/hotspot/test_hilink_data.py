"""HiLink reads and writes: identity, counters, plan, signal, status, SMS, USSD."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from aiohttp import ClientSession
import pytest

from custom_components.data_balance.hotspot import (
    HiLinkClient,
    HotspotNotSupported,
    HotspotOptions,
    HotspotRequestError,
    HotspotTimeoutError,
)
from custom_components.data_balance.modem import AccessTechnology, Signal, SimState
from simulator.hotspot import HotspotSimulator

from .conftest import FakeClock

GB = 1000**3


async def test_identify(hilink: HiLinkClient) -> None:
    info = await hilink.identify()
    assert info.manufacturer == "Huawei"
    assert info.model == "E5577Cs-321"
    assert info.firmware == "21.333.64.00.1456"
    assert info.serial_number == "G4Q7S17A12345678"
    assert info.imei == "867698041234567"
    assert info.imsi == "310260123456789"
    assert info.iccid == "8901260123456789012"
    assert info.own_number == "+15550100"


async def test_traffic_follows_the_carrier(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    first = await hilink.traffic()
    assert first.month_total == int(3.5 * GB)
    assert first.month_download == int(3.5 * GB * 0.9)
    assert first.month_cleared == date(2026, 11, 5)
    assert first.plan_start_day == 5
    assert first.data_limit == 10 * 1024**3  # "10GB" as HiLink counts
    assert first.alert_percent == 90

    hilink_sim.drain("500MB")
    second = await hilink.traffic()
    assert second.month_total - first.month_total == 500_000_000
    assert second.total_download - first.total_download == 450_000_000
    assert second.total_upload - first.total_upload == 50_000_000


async def test_traffic_grows_with_the_drain_rate(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient, clock: FakeClock
) -> None:
    hilink_sim.set_drain_rate("100MB")
    before = await hilink.traffic()
    clock.advance(timedelta(minutes=3))  # within the session timeout
    after = await hilink.traffic()
    assert after.month_total - before.month_total == 5_000_000


async def test_month_counters_clear_on_the_start_day(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient, clock: FakeClock
) -> None:
    november = await hilink.traffic()
    clock.wall = datetime(2026, 12, 5, 0, 30, tzinfo=UTC)
    december = await hilink.traffic()
    assert december.month_total == 0
    assert december.month_cleared == date(2026, 12, 5)
    assert december.total_download == november.total_download
    hilink_sim.drain("1GB")
    assert (await hilink.traffic()).month_total == GB


async def test_reboot_resets_totals_but_not_the_month(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    before = await hilink.traffic()
    hilink_sim.reboot()
    after = await hilink.traffic()
    assert after.total_download == after.total_upload == 0
    assert after.month_total == before.month_total


async def test_plan_not_set_on_the_router(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    hilink_sim.device.plan.enabled = False
    traffic = await hilink.traffic()
    assert traffic.plan_start_day is None
    assert traffic.data_limit is None
    assert traffic.alert_percent is None


async def test_a_router_without_plan_settings(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    hilink_sim.inject_error(100002, endpoint="monitoring/start_date")
    traffic = await hilink.traffic()
    assert traffic.data_limit is None
    assert traffic.month_total > 0


async def test_signal(hilink: HiLinkClient) -> None:
    signal = await hilink.signal()
    assert isinstance(signal, Signal)
    assert signal.rssi_dbm == -73
    assert signal.ber is None
    assert signal.rsrp_dbm == -95
    assert signal.rsrq_db == -11.0
    assert signal.sinr_db == 12.0
    assert signal.bars == 3


async def test_network(hilink_sim: HotspotSimulator, hilink: HiLinkClient) -> None:
    network = await hilink.network()
    assert network.connected
    assert network.sim_state is SimState.READY
    assert network.operator == "T-Mobile"
    assert network.access_technology is AccessTechnology.LTE
    assert not network.roaming
    assert network.battery_percent == 80
    assert network.unread_messages == 1

    hilink_sim.device.connected = False
    hilink_sim.inject_error(100002, endpoint="net/current-plmn")
    hilink_sim.inject_error(100002, endpoint="sms/sms-count")
    offline = await hilink.network()
    assert not offline.connected
    assert offline.operator is None
    assert offline.unread_messages is None


async def test_messages_are_marked_read(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    hilink_sim.deliver_sms("6399", "Data 80% used. Reply STOP to opt out.")
    texts = await hilink.messages()
    assert [sms.sender for sms in texts] == ["6399", "6399"]
    assert texts[0].text.startswith("Welcome")
    assert texts[1].text.startswith("Data 80%")
    assert texts[0].timestamp == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert all(sms.read for sms in hilink_sim.device.inbox)
    assert (await hilink.network()).unread_messages == 0
    assert len(await hilink.messages()) == 2


async def test_messages_deleted_after_reading(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    texts = await hilink.messages(delete=True)
    assert len(texts) == 1
    assert hilink_sim.device.inbox == []
    assert await hilink.messages() == []


async def test_delete_one_message(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    hilink_sim.deliver_sms("+15550199", "Hi there")
    texts = await hilink.messages()
    await hilink.delete(texts[0])
    remaining = await hilink.messages()
    assert [sms.text for sms in remaining] == ["Hi there"]


async def test_many_messages_are_read_page_by_page(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    for number in range(44):
        hilink_sim.deliver_sms("6399", f"notice {number}")
    texts = await hilink.messages()
    assert len(texts) == 45
    assert hilink_sim.hilink.requests.count("POST sms/sms-list") == 3


async def test_long_and_unusual_texts_arrive_whole(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    long_text = "Баланс: 150,25 руб. <Остаток> & интернета 3.1 ГБ. " * 8
    hilink_sim.deliver_sms("MTS", long_text)
    texts = await hilink.messages(delete=True)
    assert texts[-1].text == long_text


async def test_top_up_confirmation_lands_in_the_inbox(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    hilink_sim.top_up(data="2GB", money="10")
    texts = await hilink.messages()
    assert "$17.20" in texts[-1].text


async def test_send_sms_and_the_carrier_answers(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    await hilink.send_sms("6399", "BAL")
    assert hilink_sim.device.sent == [("6399", "BAL")]
    await hilink_sim.wait_for_messages(2)
    texts = await hilink.messages()
    assert texts[-1].text.startswith("Balance: $7.20")


@pytest.mark.parametrize(
    ("number", "text"),
    [("not a number", "BAL"), ("6399", ""), ("", "BAL"), ("6399", "x" * 2000)],
)
async def test_send_sms_refuses_bad_input(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient, number: str, text: str
) -> None:
    with pytest.raises(HotspotRequestError):
        await hilink.send_sms(number, text)
    assert hilink_sim.hilink.requests == []


async def test_ussd_answer_in_the_session(hilink: HiLinkClient) -> None:
    answer = await hilink.ussd("*100#")
    assert answer.startswith("Your balance is $7.20.")


async def test_ussd_answered_by_sms(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    notice = await hilink.ussd("#225#")
    assert "text message shortly" in notice
    await hilink_sim.wait_for_messages(2)
    assert "Your account balance is $7.20" in (await hilink.messages())[-1].text


async def test_ussd_menu_and_choice(hilink: HiLinkClient) -> None:
    menu = await hilink.ussd("*101#")
    assert menu == "Main menu\n1. Balance\n2. Data passes\n3. Exit"
    assert (await hilink.ussd("1")).startswith("Balance $7.20")


async def test_ussd_code_the_network_does_not_know(hilink: HiLinkClient) -> None:
    with pytest.raises(HotspotNotSupported) as caught:
        await hilink.ussd("*999#")
    assert caught.value.code == 111022


async def test_ussd_without_an_answer_times_out_and_releases(
    hilink_sim: HotspotSimulator, http: ClientSession
) -> None:
    hilink_sim.carrier.with_spec(reply_delay=30.0)
    client = HiLinkClient(
        http,
        hilink_sim.url,
        password="admin",
        options=HotspotOptions(ussd_timeout=0.3, ussd_poll_interval=0.05),
    )
    with pytest.raises(HotspotTimeoutError):
        await client.ussd("*100#")
    assert "GET ussd/release" in hilink_sim.hilink.requests
    hilink_sim.carrier.with_spec(reply_delay=0.05)
    assert (await client.ussd("*100#")).startswith("Your balance")


async def test_ussd_answer_not_ready_yet_is_polled_again(
    hilink_sim: HotspotSimulator, hilink: HiLinkClient
) -> None:
    hilink_sim.inject_error(111019, endpoint="ussd/get")
    assert (await hilink.ussd("*100#")).startswith("Your balance")
    assert hilink_sim.hilink.requests.count("GET ussd/get") == 2


@pytest.mark.parametrize("code", ["", "hello", "*100#; rm", "1" * 65])
async def test_ussd_refuses_bad_codes(hilink: HiLinkClient, code: str) -> None:
    with pytest.raises(HotspotRequestError):
        await hilink.ussd(code)
