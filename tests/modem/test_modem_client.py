"""The modem client against the simulator over TCP and a pty: the public surface end to end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import dataclasses
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from custom_components.data_balance.modem import (
    AccessTechnology,
    CmeError,
    Modem,
    ModemConnectionError,
    ModemError,
    ModemTimeoutError,
    ModemTimeouts,
    NotAModemError,
    RegistrationState,
    SimNotInsertedError,
    SimPinRequiredError,
    SimState,
    Sms,
    SmsError,
    UssdNotSupportedError,
    UssdTerminatedError,
    UssdTimeoutError,
)
from simulator.carrier import UssdOutcome, UssdReply
from simulator.control import Simulator
from simulator.scenario import Scenario, load_scenario
from tests.frozen import FROZEN_CLOCK, NOW

# The simulated plans' expiry dates appear in the carrier's replies.
pytestmark = FROZEN_CLOCK

FAST = ModemTimeouts(command=2.0, probe=0.5, ussd=2.0, send_sms=2.0, release_grace=0.3)
FAST_RETRIES = (0.01, 0.02)

type OpenModem = Callable[..., Awaitable[tuple[Simulator, Modem]]]


def variant(
    name: str, *, carrier: dict[str, Any] | None = None, **modem: Any
) -> Scenario:
    """A shipped scenario with parts of its modem or carrier changed."""
    scenario = load_scenario(name)
    return dataclasses.replace(
        scenario,
        modem=dataclasses.replace(scenario.modem, **modem),
        carrier=dataclasses.replace(scenario.carrier, **(carrier or {})),
    )


class Clock:
    """A wall clock the test moves."""

    def __init__(self) -> None:
        """Start at a fixed moment."""
        self.now = NOW

    def __call__(self) -> datetime:
        """The current time."""
        return self.now


@pytest.fixture
async def open_modem(socket_enabled: None) -> AsyncIterator[OpenModem]:
    """Start a simulator (TCP) and open the client on it; both are closed after the test."""
    running: list[tuple[Simulator, Modem]] = []

    async def _open(
        scenario: Scenario | str = "generic_us", **options: Any
    ) -> tuple[Simulator, Modem]:
        simulator = Simulator(scenario)
        simulator.carrier.with_spec(reply_delay=0.02, sms_delay=0.05)
        await simulator.start_tcp()
        options.setdefault("timeouts", FAST)
        options.setdefault("retry_delays", FAST_RETRIES)
        modem = await Modem.open(simulator.url, **options)
        running.append((simulator, modem))
        return simulator, modem

    yield _open
    for simulator, modem in running:
        await modem.close()
        await simulator.stop()


# --- opening and identity ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario", "manufacturer", "iccid", "own_number"),
    [
        ("generic_us", "Quectel", "8901260123456789012", "+15550100"),
        ("huawei_eu", "huawei", "8949022123456789012", None),
        ("ucs2_ru", "SIMCOM INCORPORATED", "8970101123456789012", None),
    ],
)
async def test_identify_every_scenario(
    open_modem: OpenModem,
    scenario: str,
    manufacturer: str,
    iccid: str,
    own_number: str | None,
) -> None:
    simulator, modem = await open_modem(scenario)
    info = await modem.identify()
    assert info.manufacturer == manufacturer
    assert info.model == simulator.scenario.modem.model
    assert info.firmware == simulator.scenario.modem.revision
    assert info.imei == simulator.scenario.modem.imei
    assert info.imsi == simulator.scenario.modem.imsi
    assert info.iccid == iccid
    assert info.own_number == own_number
    assert modem.sim_state is SimState.READY
    assert modem.push_enabled


@pytest.mark.parametrize(
    "iccid_commands",
    [("+CRSM",), ("!ICCID", "+CRSM"), ("+ICCID",), ("+QCCID",)],
    ids=lambda c: c[0],
)
async def test_iccid_strategies(
    open_modem: OpenModem, iccid_commands: tuple[str, ...]
) -> None:
    _, modem = await open_modem(variant("generic_us", iccid_commands=iccid_commands))
    assert (await modem.identify()).iccid == "8901260123456789012"
    # The working command is remembered: the second read asks once.
    assert (await modem.identify()).iccid == "8901260123456789012"


async def test_no_iccid_at_all(open_modem: OpenModem) -> None:
    _, modem = await open_modem(variant("generic_us", iccid_commands=()))
    with pytest.raises(ModemError, match="ICCID"):
        await modem.identify()


async def test_missing_ok_and_double_cr(open_modem: OpenModem) -> None:
    _, modem = await open_modem(
        variant("generic_us", omit_ok_after=("+CGMR",), line_end="\r\r\n")
    )
    info = await modem.identify()
    assert info.firmware == "EC25AFAR05A07M4G"
    assert info.imsi == "310260123456789"


async def test_over_a_pty(socket_enabled: None, tmp_path: Path) -> None:
    simulator = Simulator("huawei_eu")
    url = await simulator.start_pty(tmp_path / "ttyUSB2")
    modem = await Modem.open(url, timeouts=FAST, retry_delays=FAST_RETRIES)
    try:
        assert (await modem.identify()).model == "E3372"
        assert (
            await modem.ussd("*100#")
            == "Guthaben: 3,40 EUR. Datenvolumen: noch 3,75 GB. Gültig bis 31.12.2026."
        )
    finally:
        await modem.close()
        await simulator.stop()


async def test_signal_and_network(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem()
    assert (await modem.signal()).rssi_dbm == -73
    network = await modem.network()
    assert network.registration is RegistrationState.HOME
    assert network.operator == "T-Mobile"
    assert network.access_technology is AccessTechnology.LTE
    simulator.engine.rssi = 99
    simulator.engine.registration = 5
    assert (await modem.signal()).rssi_dbm is None
    assert (await modem.network()).registration is RegistrationState.ROAMING
    simulator.engine.registration = 3
    network = await modem.network()
    assert network.registration is RegistrationState.DENIED
    assert network.operator is None


# --- SIM problems and errors ------------------------------------------------------------


async def test_pin_locked_sim(open_modem: OpenModem) -> None:
    _, modem = await open_modem(variant("generic_us", sim_state="SIM PIN"))
    assert modem.sim_state is SimState.PIN_REQUIRED
    assert not modem.push_enabled
    with pytest.raises(SimPinRequiredError):
        await modem.identify()


async def test_puk_and_absent_sim(open_modem: OpenModem) -> None:
    _, puk = await open_modem(variant("generic_us", sim_state="SIM PUK"))
    assert puk.sim_state is SimState.PUK_REQUIRED
    _, absent = await open_modem(variant("generic_us", sim_state="ABSENT"))
    assert absent.sim_state is SimState.NOT_INSERTED
    with pytest.raises(SimNotInsertedError):
        await absent.ussd("*100#")


async def test_transient_errors_are_retried(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem()
    await simulator.fault("sim_busy", count=2)
    assert (await modem.identify()).imsi == "310260123456789"
    await simulator.fault("sim_busy", count=5)
    with pytest.raises(CmeError) as caught:
        await modem.command("AT+CIMI")
    assert caught.value.code == 14


async def test_verbose_errors_carry_codes(open_modem: OpenModem) -> None:
    _, modem = await open_modem()
    await modem.command("AT+CMEE=2")
    with pytest.raises(CmeError) as caught:
        await modem.command("AT+CMEE=9")
    assert caught.value.code == 3
    with pytest.raises(ModemError, match=r"COMMAND|ERROR"):
        await modem.command("AT+BOGUS")


# --- USSD -------------------------------------------------------------------------------


async def test_ussd_text_ucs2_and_packed(open_modem: OpenModem) -> None:
    _, us = await open_modem()
    assert await us.ussd("*100#") == (
        "Your balance is $7.20. You have 6.50 GB of high-speed data left. Plan renews 12/05/2026."
    )
    _, russian = await open_modem("ucs2_ru")
    assert (
        await russian.ussd("*100#")
        == "Баланс: 150,25 руб. Остаток интернета 3,10 ГБ до 21.12.26"
    )
    _, mislabelled = await open_modem(
        variant("ucs2_ru", carrier={"mislabel_dcs": True})
    )
    assert (await mislabelled.ussd("*100#")).startswith("Баланс: 150,25 руб.")
    _, packed = await open_modem(variant("huawei_eu", ussdmode_switchable=False))
    assert packed.ussd_packed
    assert (
        await packed.ussd("*100#")
        == "Guthaben: 3,40 EUR. Datenvolumen: noch 3,75 GB. Gültig bis 31.12.2026."
    )


async def test_huawei_without_ussdmode_is_packed(open_modem: OpenModem) -> None:
    _, modem = await open_modem(variant("huawei_eu", supports_ussdmode=False))
    assert modem.ussd_packed
    assert (await modem.ussd("*100#")).startswith("Guthaben: 3,40 EUR.")
    _, other = await open_modem()
    assert not other.ussd_packed


async def test_ussd_with_ucs2_character_set(open_modem: OpenModem) -> None:
    _, modem = await open_modem()
    await modem.command('AT+CSCS="UCS2"')
    modem.ucs2_charset = True
    assert (await modem.ussd("*100#")).startswith("Your balance is $7.20.")


async def test_ussd_menus(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem()
    menu = await modem.ussd_session("*101#")
    assert menu.menu
    assert menu.text == "Main menu\n1. Balance\n2. Data passes\n3. Exit"
    assert simulator.engine.commands_seen[-1] == "AT+CUSD=2"  # cancelled after reading
    answer = await modem.ussd_session("*101#", answers=["1"])
    assert not answer.menu
    assert answer.text == "Balance $7.20, 6.50 GB data left, renews 12/05/2026."


async def test_ussd_answered_by_sms(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem()
    received: asyncio.Queue[Sms] = asyncio.Queue()
    modem.subscribe_messages(received.put_nowait)
    assert "text message shortly" in await modem.ussd("#225#")
    sms = await asyncio.wait_for(received.get(), 1)
    assert sms.sender == "6399"
    assert sms.text == "Your account balance is $7.20. Your plan renews on 12/05/2026."
    assert simulator.carrier.requests_seen == 1


async def test_ussd_release_then_answer(open_modem: OpenModem) -> None:
    _, modem = await open_modem(
        variant("generic_us", carrier={"release_notice_first": True})
    )
    assert (await modem.ussd("*100#")).startswith("Your balance is")


@pytest.mark.parametrize(
    ("replies", "error"),
    [
        ((UssdReply(status=4),), UssdNotSupportedError),
        ((UssdReply(status=2),), UssdTerminatedError),
        ((UssdReply(status=3),), UssdTerminatedError),
        ((UssdReply(status=5),), UssdTimeoutError),
        ((), UssdTimeoutError),
    ],
)
async def test_ussd_failures(
    open_modem: OpenModem, replies: tuple[UssdReply, ...], error: type[Exception]
) -> None:
    simulator, modem = await open_modem()
    simulator.carrier.handle_ussd = lambda code: UssdOutcome(replies=replies)  # type: ignore[method-assign]  # noqa: ARG005
    with pytest.raises(error):
        await modem.ussd("*100#", timeout=0.3)
    if not replies:
        assert simulator.engine.commands_seen[-1] == "AT+CUSD=2"


async def test_ussd_rejects_quotes(open_modem: OpenModem) -> None:
    _, modem = await open_modem()
    with pytest.raises(ModemError, match="ASCII"):
        await modem.ussd('*1"#')


# --- SMS -----------------------------------------------------------------------------------


async def test_messages_join_parts_and_delete(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem()
    simulator.engine.deliver_parts_reversed = True
    long_text = "Your 8GB data pass is now active until 12/24/2026. " * 5
    simulator.deliver_sms("+15550199", long_text)
    messages = await modem.messages(delete=True)
    assert [sms.text for sms in messages] == [
        "Welcome to your prepaid plan. Dial #225# for your balance.",
        long_text,
    ]
    assert messages[1].storage_indices == (1, 2)
    assert len(simulator.engine.storage) == 0
    assert await modem.messages() == []
    assert (await modem.storage()).used == 0


async def test_parts_across_reads_and_partial_after_timeout(
    open_modem: OpenModem,
) -> None:
    clock = Clock()
    simulator, modem = await open_modem(now=clock)
    text = "Остаток пакета интернета: 0,40 ГБ. Пакет действует до 21.12.26. Продлите пакет заранее."
    simulator.engine.deliver_sms("MTS", text, only_parts=(2,), reference=77)
    assert [sms.sender for sms in await modem.messages()] == ["6399"]
    simulator.engine.deliver_sms("MTS", text, only_parts=(1,), reference=77)
    joined = [sms for sms in await modem.messages() if sms.sender == "MTS"]
    assert [sms.text for sms in joined] == [text]
    simulator.engine.deliver_sms("MTS", text * 2, only_parts=(1, 3), reference=78)
    assert [sms.sender for sms in await modem.messages()] == [
        "6399",
        "MTS",
    ]  # the earlier one, read again
    clock.now += timedelta(minutes=11)
    partial = [sms for sms in await modem.messages() if sms.partial]
    assert len(partial) == 1
    assert partial[0].missing_parts == (2,)


async def test_push_by_cmti_and_cmt(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem("ucs2_ru")
    received: asyncio.Queue[Sms] = asyncio.Queue()
    unsubscribe = modem.subscribe_messages(received.put_nowait)
    simulator.deliver_sms("MTS", "Баланс пополнен на 300 руб.")
    sms = await asyncio.wait_for(received.get(), 1)
    assert sms.text == "Баланс пополнен на 300 руб."
    assert sms.storage_indices == (4,)
    await modem.command("AT+CNMI=2,2,0,0,0")
    simulator.deliver_sms("+79161234567", "прямо")
    assert (await asyncio.wait_for(received.get(), 1)).text == "прямо"
    unsubscribe()
    simulator.deliver_sms("MTS", "nobody listens")
    await asyncio.sleep(0.1)
    assert received.empty()


async def test_subscriber_errors_do_not_stop_delivery(
    open_modem: OpenModem, caplog: pytest.LogCaptureFixture
) -> None:
    simulator, modem = await open_modem()
    received: asyncio.Queue[Sms] = asyncio.Queue()

    def broken(sms: Sms) -> None:
        raise RuntimeError("subscriber bug")

    modem.subscribe_messages(broken)
    modem.subscribe_messages(received.put_nowait)
    simulator.deliver_sms("6399", "still delivered")
    assert (await asyncio.wait_for(received.get(), 1)).text == "still delivered"
    assert "Error in a modem subscriber" in caplog.text


async def test_send_sms_keyword_gets_answer(open_modem: OpenModem) -> None:
    _, modem = await open_modem()
    received: asyncio.Queue[Sms] = asyncio.Queue()
    modem.subscribe_messages(received.put_nowait)
    assert await modem.send_sms("6399", "BAL") == [1]
    sms = await asyncio.wait_for(received.get(), 1)
    assert sms.text == "Balance: $7.20. Data remaining: 6.50 GB. Expires 12/05/2026."


async def test_send_long_and_unicode_sms(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem()
    long_text = "Please top up the cabin hotspot today. " * 6
    references = await modem.send_sms("+15550123", long_text)
    assert len(references) == 2
    await modem.send_sms("+15550123", "Привет 👋")
    sent = simulator.engine.sent_messages
    assert "".join(text for _, text in sent[:2]) == long_text
    assert sent[2] == ("+15550123", "Привет 👋")
    with pytest.raises(SmsError):
        await modem.send_sms("call me", "hi")


async def test_unreadable_stored_pdu_is_skipped(
    open_modem: OpenModem, caplog: pytest.LogCaptureFixture
) -> None:
    simulator, modem = await open_modem()
    welcome = simulator.engine.storage.get(0)
    assert welcome is not None
    simulator.engine.storage._messages[0] = dataclasses.replace(
        welcome, pdu_hex="07915155000000F004"
    )
    assert await modem.messages() == []
    assert "cannot be decoded" in caplog.text
    assert "Welcome" not in caplog.text  # message bodies never reach the log


async def test_noise_is_routed_to_subscribers(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem("huawei_eu")
    simulator.engine.urc_every_n_replies = 1
    noise: list[str] = []
    modem.subscribe_urcs(noise.append)
    assert (await modem.signal()).rssi_dbm == -77
    assert (await modem.identify()).model == "E3372"
    assert "^RSSI: 18" in noise
    assert any(
        line.startswith("^DSFLOWQRY")
        for line in await modem.command("AT^DSFLOWQRY", prefix="^DSFLOWQRY:")
    )


# --- connection problems -------------------------------------------------------------------


async def test_unplug_fails_fast_and_reopen_works(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem()
    lost = asyncio.Event()
    modem.subscribe_disconnect(lost.set)
    await simulator.fault("silence")
    pending = asyncio.ensure_future(modem.command("AT+CSQ", timeout=30))
    await asyncio.sleep(0.05)
    await simulator.unplug()
    with pytest.raises(ModemConnectionError):
        await asyncio.wait_for(pending, 2)
    await asyncio.wait_for(lost.wait(), 1)
    assert not modem.connected
    with pytest.raises(ModemConnectionError):
        await modem.signal()
    with pytest.raises(ModemConnectionError):
        await Modem.open(simulator.url, timeouts=FAST)
    await simulator.fault("silence", on=False)
    await simulator.replug()
    again = await Modem.open(simulator.url, timeouts=FAST)
    assert (await again.identify()).imei == "867698041234567"
    await again.close()


async def test_close_is_not_a_loss(open_modem: OpenModem) -> None:
    _, modem = await open_modem()
    lost: list[bool] = []
    modem.subscribe_disconnect(lambda: lost.append(True))
    await modem.close()
    await modem.close()
    await asyncio.sleep(0.05)
    assert lost == []


async def test_silent_port_and_garbage_port(socket_enabled: None) -> None:
    simulator = Simulator()
    await simulator.start_tcp()
    await simulator.fault("silence")
    with pytest.raises(ModemTimeoutError):
        await Modem.open(simulator.url, timeouts=FAST)
    await simulator.stop()

    async def babble(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        while await reader.read(100):
            writer.write(b"\x00\xff<html>not a modem</html>\r\n")

    server = await asyncio.start_server(babble, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with pytest.raises(NotAModemError):
        await Modem.open(f"socket://127.0.0.1:{port}", timeouts=FAST)
    server.close()
    await server.wait_closed()


async def test_nothing_listening(socket_enabled: None) -> None:
    with pytest.raises(ModemConnectionError, match="cannot open"):
        await Modem.open("socket://127.0.0.1:1", timeouts=FAST)
    with pytest.raises(ModemConnectionError):
        await Modem.open("/dev/does-not-exist-modem", timeouts=FAST)


def open_descriptors() -> int:
    """How many file descriptors this process holds (/proc is memory, not disk)."""
    return len(list(Path("/proc/self/fd").iterdir()))


async def test_no_file_descriptor_or_task_leaks(
    socket_enabled: None, tmp_path: Path
) -> None:
    simulator = Simulator("generic_us")
    url = await simulator.start_pty(tmp_path / "modem")
    descriptors_before = open_descriptors()
    tasks_before = len(asyncio.all_tasks())
    for _ in range(10):
        modem = await Modem.open(url, timeouts=FAST, retry_delays=FAST_RETRIES)
        simulator.deliver_sms("6399", "pushed while open")
        await modem.signal()
        await modem.close()
    await asyncio.sleep(0.05)
    assert open_descriptors() == descriptors_before
    assert len(asyncio.all_tasks()) == tasks_before
    await simulator.stop()


async def test_prompt_that_never_comes(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem(
        timeouts=dataclasses.replace(FAST, send_sms=0.3)
    )
    await simulator.fault("silence")
    with pytest.raises(ModemTimeoutError, match="no prompt"):
        await modem.send_sms("6399", "BAL")
    await simulator.fault("silence", on=False)
    assert (await modem.signal()).rssi_dbm == -73  # the channel is usable again


async def test_traffic_counters(open_modem: OpenModem) -> None:
    simulator, huawei = await open_modem("huawei_eu")
    counters = await huawei.traffic_counters()
    assert counters is not None
    assert counters.sent + counters.received == 1_250_000_000
    simulator.drain("100MB")
    later = await huawei.traffic_counters()
    assert later is not None
    assert later.sent + later.received == 1_350_000_000
    generic_simulator, generic = await open_modem()
    assert await generic.traffic_counters() is None
    assert await generic.traffic_counters() is None
    asked = [
        line for line in generic_simulator.engine.commands_seen if "DSFLOWQRY" in line
    ]
    assert len(asked) == 1  # found out once


async def test_over_rfc2217(socket_enabled: None) -> None:
    """A serial access server speaking RFC 2217 (ser2net's telnet mode) in front of the modem."""
    simulator = Simulator("ucs2_ru")
    url = await simulator.start_tcp(rfc2217=True)
    assert url.startswith("rfc2217://")
    modem = await Modem.open(url, timeouts=FAST, retry_delays=FAST_RETRIES)
    try:
        assert (await modem.identify()).iccid == "8970101123456789012"
        assert (await modem.ussd("*100#")).startswith("Баланс: 150,25 руб.")
        assert len(await modem.messages()) == 1
    finally:
        await modem.close()
        await simulator.stop()


async def test_open_recovers_a_modem_left_at_the_prompt(open_modem: OpenModem) -> None:
    """Another program quit at `> `: opening must not send our commands as a text."""
    simulator, first = await open_modem()
    await first.close()
    writer = (
        await asyncio.open_connection(
            *simulator.url.removeprefix("socket://").split(":")
        )
    )[1]
    writer.write(b'AT+CMGS="6399"\r')
    await writer.drain()
    await asyncio.sleep(0.05)
    writer.close()
    modem = await Modem.open(simulator.url, timeouts=FAST, retry_delays=FAST_RETRIES)
    assert (await modem.identify()).imei == "867698041234567"
    assert simulator.engine.sent_messages == []
    await modem.close()


async def test_pushed_message_is_delivered_once(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem()
    modem.delete_after_read = True
    received: asyncio.Queue[Sms] = asyncio.Queue()
    modem.subscribe_messages(received.put_nowait)
    simulator.deliver_sms("6399", "Your balance is $9.00.")
    assert (await asyncio.wait_for(received.get(), 1)).text == "Your balance is $9.00."
    await asyncio.sleep(0.05)
    listed = await modem.messages(delete=True)
    assert [sms.text for sms in listed] == [
        "Welcome to your prepaid plan. Dial #225# for your balance."
    ]


async def test_ussd_session_ends_when_the_port_goes(open_modem: OpenModem) -> None:
    simulator, modem = await open_modem()
    simulator.carrier.handle_ussd = lambda code: UssdOutcome(replies=())  # type: ignore[method-assign]  # noqa: ARG005
    session = asyncio.ensure_future(modem.ussd("*100#", timeout=30))
    await asyncio.sleep(0.1)
    await simulator.unplug()
    with pytest.raises(ModemConnectionError):
        await asyncio.wait_for(session, 2)


@pytest.mark.parametrize("scenario", ["generic_us", "huawei_eu", "ucs2_ru"])
async def test_everything_over_a_slow_line(
    open_modem: OpenModem, scenario: str
) -> None:
    """Replies that arrive in pieces of a few bytes, a little apart, read the same."""
    simulator, modem = await open_modem(scenario)
    simulator.engine.trickle = 0.001
    simulator.engine.urc_every_n_replies = 2
    info = await modem.identify()
    assert info.imei == simulator.scenario.modem.imei
    assert (await modem.ussd("*100#")).startswith(
        ("Your balance", "Guthaben", "Баланс")
    )
    simulator.deliver_sms("+15550199", "Пакет продлён. " * 12)
    listed = await modem.messages()
    assert "Пакет продлён. " * 12 in [sms.text for sms in listed]
    await modem.send_sms("+15550123", "slow line " * 20)
    assert (
        "".join(text for _, text in simulator.engine.sent_messages) == "slow line " * 20
    )
