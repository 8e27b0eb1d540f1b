"""The simulated modem at the byte level, as a real modem behaves (protocols.md §1-4)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
import dataclasses
from datetime import UTC, datetime
import re
from typing import Any

import pytest

from simulator.control import Simulator
from simulator.gsm7 import from_ucs2_hex, ucs2_hex, ussd_pack_hex, ussd_unpack_hex
from simulator.pdu import encode_submit
from simulator.scenario import Scenario, load_scenario
from tests.frozen import FROZEN_CLOCK

from .wire import RawWire

# The simulated plans' expiry dates appear in replies and in the diagnostics.
pytestmark = FROZEN_CLOCK

type StartScenario = Callable[[Scenario], Awaitable[tuple[Simulator, RawWire]]]


def variant(name: str, **modem: Any) -> Scenario:
    """A shipped scenario with some of its modem personality changed."""
    scenario = load_scenario(name)
    return dataclasses.replace(
        scenario, modem=dataclasses.replace(scenario.modem, **modem)
    )


@pytest.fixture
async def wire(modem_simulator: Simulator) -> AsyncIterator[RawWire]:
    """A raw connection to the simulator of `modem_simulator`."""
    connection = await RawWire.connect(modem_simulator.url)
    yield connection
    await connection.close()


@pytest.fixture
async def start(socket_enabled: None) -> AsyncIterator[StartScenario]:
    """Start simulators of given scenarios; stops them after the test."""
    started: list[Simulator] = []

    async def _start(scenario: Scenario) -> tuple[Simulator, RawWire]:
        simulator = Simulator(scenario)
        await simulator.start_tcp()
        started.append(simulator)
        return simulator, await RawWire.connect(simulator.url)

    yield _start
    for simulator in started:
        await simulator.stop()


# --- framing and echo -------------------------------------------------------------


async def test_echo_on_until_ate0(wire: RawWire) -> None:
    assert await wire.command("AT") == b"AT\r\r\nOK\r\n"
    assert await wire.command("ATE0") == b"ATE0\r\r\nOK\r\n"
    assert await wire.command("AT") == b"\r\nOK\r\n"
    assert await wire.command("AT+CSQ") == b"\r\n+CSQ: 20,99\r\n\r\nOK\r\n"


async def test_chained_commands_and_unknown_command(wire: RawWire) -> None:
    assert (
        await wire.command('ATE0;+CMGF=1;+CSCS="GSM"')
        == b'ATE0;+CMGF=1;+CSCS="GSM"\r\r\nOK\r\n'
    )
    assert (
        await wire.command("AT+CMGF?;+CSCS?")
        == b'\r\n+CMGF: 1\r\n\r\n+CSCS: "GSM"\r\n\r\nOK\r\n'
    )
    assert await wire.command("AT+NOPE", b"ERROR\r\n") == b"\r\nERROR\r\n"
    # Not a command at all: a modem ignores the line.
    await wire.send(b"hello\r")
    assert await wire.command("AT") == b"\r\nOK\r\n"


async def test_line_ends_split_across_writes(wire: RawWire) -> None:
    await wire.send(b"ATE")
    await wire.send(b"0\r\n")
    assert await wire.read_until(b"OK\r\n") == b"ATE0\r\r\nOK\r\n"
    assert await wire.command("ATI") == (
        b"\r\nManufacturer: Quectel\r\nModel: EC25\r\nRevision: EC25AFAR05A07M4G\r\n"
        b"IMEI: 867698041234567\r\n+GCAP: +CGSM,+DS,+ES\r\n\r\nOK\r\n"
    )


async def test_cmee_modes(start: StartScenario) -> None:
    _, wire = await start(variant("generic_us", sim_state="SIM PIN"))
    await wire.command("ATE0")
    assert await wire.command("AT+CIMI", b"ERROR\r\n") == b"\r\nERROR\r\n"
    await wire.command("AT+CMEE=1")
    assert (
        await wire.command("AT+CIMI", b"\r\n") + await wire.read_until(b"\r\n")
        == b"\r\n+CME ERROR: 11\r\n"
    )
    await wire.command("AT+CMEE=2")
    assert (
        await wire.command("AT+CIMI", b"required\r\n")
        == b"\r\n+CME ERROR: SIM PIN required\r\n"
    )
    assert (
        await wire.command("AT+CMGL=4", b"required\r\n")
        == b"\r\n+CMS ERROR: SIM PIN required\r\n"
    )
    assert await wire.command("AT+CPIN?") == b"\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n"
    assert (
        await wire.command('AT+CPIN="0000"', b"password\r\n")
        == b"\r\n+CME ERROR: incorrect password\r\n"
    )
    await wire.command('AT+CPIN="1234"')
    assert await wire.command("AT+CPIN?") == b"\r\n+CPIN: READY\r\n\r\nOK\r\n"
    assert await wire.command("AT+CIMI") == b"\r\n310260123456789\r\n\r\nOK\r\n"


async def test_sim_absent(start: StartScenario) -> None:
    _, wire = await start(variant("generic_us", sim_state="ABSENT"))
    await wire.command("ATE0;+CMEE=1")
    assert await wire.command("AT+CPIN?", b"10\r\n") == b"\r\n+CME ERROR: 10\r\n"
    assert await wire.command("AT+CCID", b"10\r\n") == b"\r\n+CME ERROR: 10\r\n"


# --- identity, signal, registration ------------------------------------------------


async def test_identity(wire: RawWire) -> None:
    await wire.command("ATE0")
    for command, answer in (
        ("AT+CGMI", b"Quectel"),
        ("AT+CGMM", b"EC25"),
        ("AT+CGMR", b"EC25AFAR05A07M4G"),
        ("AT+CGSN", b"867698041234567"),
        ("AT+CIMI", b"310260123456789"),
        ("AT+CCID", b"+CCID: 8901260123456789012"),
        ("AT+QCCID", b"+QCCID: 8901260123456789012"),
        ("AT+CNUM", b'+CNUM: "","+15550100",145'),
    ):
        assert await wire.command(command) == b"\r\n" + answer + b"\r\n\r\nOK\r\n", (
            command
        )


async def test_iccid_by_crsm_is_nibble_swapped(wire: RawWire) -> None:
    await wire.command("ATE0")
    reply = await wire.command("AT+CRSM=176,12258,0,0,10")
    assert reply == b'\r\n+CRSM: 144,0,"981062103254769810F2"\r\n\r\nOK\r\n'


async def test_huawei_iccid_and_unknown_command(
    start: StartScenario,
) -> None:
    _, wire = await start(load_scenario("huawei_eu"))
    await wire.command("ATE0;^CURC=0")
    assert (
        await wire.command("AT^ICCID?")
        == b"\r\n^ICCID: 989420123254769810F2\r\n\r\nOK\r\n"
    )
    assert (
        await wire.command("AT+CCID", b"SUPPORT\r\n") == b"\r\nCOMMAND NOT SUPPORT\r\n"
    )


async def test_simcom_iccid(start: StartScenario) -> None:
    _, wire = await start(load_scenario("ucs2_ru"))
    await wire.command("ATE0")
    assert (
        await wire.command("AT+CICCID")
        == b"\r\n+ICCID: 8970101123456789012\r\n\r\nOK\r\n"
    )
    assert await wire.command("AT+CNUM") == b"\r\nOK\r\n"


async def test_signal_operator_registration(
    modem_simulator: Simulator, wire: RawWire
) -> None:
    await wire.command("ATE0")
    assert (
        await wire.command("AT+COPS?") == b'\r\n+COPS: 0,0,"T-Mobile",7\r\n\r\nOK\r\n'
    )
    await wire.command("AT+COPS=3,2")
    assert await wire.command("AT+COPS?") == b'\r\n+COPS: 0,2,"310260",7\r\n\r\nOK\r\n'
    assert await wire.command("AT+CREG?") == b"\r\n+CREG: 0,1\r\n\r\nOK\r\n"
    await wire.command("AT+CEREG=2")
    assert (
        await wire.command("AT+CEREG?")
        == b'\r\n+CEREG: 2,1,"1A2B","01A2B3C4",7\r\n\r\nOK\r\n'
    )
    modem_simulator.engine.registration = 2
    assert await wire.command("AT+COPS?") == b"\r\n+COPS: 0\r\n\r\nOK\r\n"
    assert (
        await wire.command('AT+CMEE=1;+CUSD=1,"*100#",15', b"30\r\n")
        == b"\r\n+CME ERROR: 30\r\n"
    )


# --- USSD ----------------------------------------------------------------------------


async def test_ussd_text_reply_after_ok(wire: RawWire) -> None:
    reply = await wire.command('AT+CUSD=1,"*100#",15')
    assert reply == b'AT+CUSD=1,"*100#",15\r\r\nOK\r\n'
    urc = await wire.read_until(b",15\r\n")
    assert urc == (
        b'\r\n+CUSD: 0,"Your balance is $7.20. You have 6.50 GB of high-speed data left. '
        b'Plan renews 12/05/2026.",15\r\n'
    )


async def test_ussd_menu_choice_cancel_and_unknown(wire: RawWire) -> None:
    await wire.command("ATE0")
    await wire.command('AT+CUSD=1,"*101#",15')
    menu = await wire.read_until(b",15\r\n")
    assert (
        menu == b'\r\n+CUSD: 1,"Main menu\n1. Balance\n2. Data passes\n3. Exit",15\r\n'
    )
    await wire.command('AT+CUSD=1,"2",15')
    assert (
        b'+CUSD: 0,"1. 8GB for $20 (30 days)\n2. 2GB for $10 (7 days)",15'
        in await wire.read_until(b",15\r\n")
    )
    await wire.command('AT+CUSD=1,"*101#",15')
    await wire.read_until(b",15\r\n")
    await wire.command("AT+CUSD=2")
    await wire.command('AT+CUSD=1,"*999*9#",15')
    assert await wire.read_until(b"\r\n+CUSD: 4\r\n") == b"\r\n+CUSD: 4\r\n"


async def test_ussd_answered_by_sms(modem_simulator: Simulator, wire: RawWire) -> None:
    modem_simulator.carrier.with_spec(sms_delay=0.05)
    await wire.command("ATE0;+CNMI=2,1,0,0,0;+CMGF=1")
    await wire.command('AT+CUSD=1,"#225#",15')
    notice = await wire.read_until(b",15\r\n")
    assert b"You will receive a text message shortly" in notice
    assert await wire.read_until(b'\r\n+CMTI: "SM",1\r\n') == b'\r\n+CMTI: "SM",1\r\n'
    listing = await wire.command("AT+CMGR=1")
    assert b"Your account balance is $7.20. Your plan renews on 12/05/2026." in listing


async def test_huawei_packed_hex_ussd_before_ok(
    start: StartScenario,
) -> None:
    _, wire = await start(load_scenario("huawei_eu"))
    await wire.command("ATE0;^CURC=0")
    # Plain text is not what this firmware takes.
    await wire.command("AT+CMEE=1")
    assert (
        await wire.command('AT+CUSD=1,"*100#",15', b"100\r\n")
        == b"\r\n+CME ERROR: 100\r\n"
    )
    assert ussd_pack_hex("*100#") == "AA180C3602"
    reply = await wire.command('AT+CUSD=1,"AA180C3602",15')
    match = re.fullmatch(rb'\r\n\+CUSD: 0,"([0-9A-F]+)",15\r\n\r\nOK\r\n', reply)
    assert match is not None, reply
    assert ussd_unpack_hex(match[1].decode()) == (
        "Guthaben: 3,40 EUR. Datenvolumen: noch 3,75 GB. Gültig bis 31.12.2026."
    )
    # ^USSDMODE=0 switches the stick to text.
    assert await wire.command("AT^USSDMODE?") == b"\r\n^USSDMODE: 1\r\n\r\nOK\r\n"
    await wire.command("AT^USSDMODE=0")
    reply = await wire.command('AT+CUSD=1,"*100#",15')
    assert b'+CUSD: 0,"Guthaben: 3,40 EUR.' in reply.decode("latin-1").encode("latin-1")


async def test_ucs2_ussd_reply(start: StartScenario) -> None:
    _, wire = await start(load_scenario("ucs2_ru"))
    await wire.command("ATE0")
    await wire.command('AT+CUSD=1,"*100#",15')
    urc = await wire.read_until(b",72\r\n")
    match = re.search(rb'\+CUSD: 0,"([0-9A-F]+)",72', urc)
    assert match is not None
    assert (
        from_ucs2_hex(match[1].decode())
        == "Баланс: 150,25 руб. Остаток интернета 3,10 ГБ до 21.12.26"
    )


async def test_ussd_with_ucs2_character_set(wire: RawWire) -> None:
    await wire.command('ATE0;+CSCS="UCS2"')
    await wire.command(f'AT+CUSD=1,"{ucs2_hex("*100#")}",15')
    urc = await wire.read_until(b",15\r\n")
    match = re.search(rb'\+CUSD: 0,"([0-9A-F]+)",15', urc)
    assert match is not None
    assert from_ucs2_hex(match[1].decode()).startswith("Your balance is $7.20.")


async def test_release_notice_before_answer(
    modem_simulator: Simulator, wire: RawWire
) -> None:
    modem_simulator.carrier.with_spec(release_notice_first=True)
    await wire.command("ATE0")
    await wire.command('AT+CUSD=1,"*100#",15')
    assert await wire.read_until(b"\r\n+CUSD: 2\r\n") == b"\r\n+CUSD: 2\r\n"
    assert (await wire.read_until(b",15\r\n")).startswith(b'\r\n+CUSD: 0,"Your balance')


async def test_mislabelled_dcs(start: StartScenario) -> None:
    scenario = load_scenario("ucs2_ru")
    scenario = dataclasses.replace(
        scenario, carrier=dataclasses.replace(scenario.carrier, mislabel_dcs=True)
    )
    _, wire = await start(scenario)
    await wire.command("ATE0")
    await wire.command('AT+CUSD=1,"*100#",15')
    urc = await wire.read_until(b",15\r\n")
    match = re.search(rb'\+CUSD: 0,"([0-9A-F]+)",15', urc)
    assert match is not None
    assert from_ucs2_hex(match[1].decode()).startswith("Баланс")


# --- SMS -------------------------------------------------------------------------------


def _tpdu_length_of(pdu_hex: str) -> int:
    smsc_octets = int(pdu_hex[:2], 16)
    return len(pdu_hex) // 2 - 1 - smsc_octets


async def test_pdu_listing_is_real_sms_deliver(wire: RawWire) -> None:
    await wire.command("ATE0")
    listing = await wire.command("AT+CMGL=4")
    match = re.fullmatch(
        rb"\r\n\+CMGL: 0,0,,(\d+)\r\n([0-9A-F]+)\r\n\r\nOK\r\n", listing
    )
    assert match is not None, listing
    pdu_hex = match[2].decode()
    assert _tpdu_length_of(pdu_hex) == int(match[1])
    tpdu = bytes.fromhex(pdu_hex)[1 + int(pdu_hex[:2], 16) :]
    assert tpdu[0] & 0x03 == 0  # SMS-DELIVER
    assert tpdu[1:5] == bytes.fromhex("04813699")  # 4 digits, national, "6399"
    # Listing made it read: stat 1 now.
    assert (await wire.command("AT+CMGL=4")).startswith(b"\r\n+CMGL: 0,1,,")
    assert await wire.command("AT+CMGL=0") == b"\r\nOK\r\n"


async def test_multipart_message_in_both_modes(
    modem_simulator: Simulator, wire: RawWire
) -> None:
    text = "Your data pass is active. " * 8
    await wire.command("ATE0;+CMGF=0;+CMGD=0,4")
    modem_simulator.deliver_sms("+15550199", text)
    listing = await wire.command("AT+CMGL=0")
    pdus = re.findall(rb"\+CMGL: (\d+),0,,(\d+)\r\n([0-9A-F]+)", listing)
    assert len(pdus) == 2
    for _, length, pdu in pdus:
        assert _tpdu_length_of(pdu.decode()) == int(length)
        tpdu = bytes.fromhex(pdu.decode())[-int(length) :]
        assert tpdu[0] & 0x40  # UDHI: a concatenation header is present
    await wire.command("AT+CMGF=1")
    listing = await wire.command('AT+CMGL="ALL"')
    bodies = re.findall(
        rb'\+CMGL: \d+,"REC READ","\+15550199",,"[^"]+"\r\n([^\r]*)', listing
    )
    assert b"".join(bodies).decode() == text


async def test_text_mode_ucs2_message_and_charset(
    start: StartScenario,
) -> None:
    _, wire = await start(load_scenario("ucs2_ru"))
    await wire.command("ATE0;+CMGF=1")
    listing = await wire.command('AT+CMGL="ALL"')
    match = re.search(
        rb'\+CMGL: 0,"REC UNREAD","MTS",,"[^"]+"\r\n([0-9A-F]+)\r\n', listing
    )
    assert match is not None
    assert from_ucs2_hex(match[1].decode()).startswith("Уважаемый абонент!")
    await wire.command('AT+CSCS="UCS2"')
    listing = await wire.command("AT+CMGR=0")
    assert f'"REC READ","{ucs2_hex("MTS")}"'.encode() in listing


async def test_read_delete_and_errors(
    modem_simulator: Simulator, wire: RawWire
) -> None:
    modem_simulator.deliver_sms("+15550199", "second")
    await wire.command("ATE0;+CMEE=1;+CMGF=1")
    assert b'"REC UNREAD","+15550199"' in await wire.command("AT+CMGR=1")
    assert b'"REC READ","+15550199"' in await wire.command("AT+CMGR=1")
    assert await wire.command("AT+CMGR=9", b"321\r\n") == b"\r\n+CMS ERROR: 321\r\n"
    await wire.command("AT+CMGD=1")
    assert await wire.command("AT+CMGD=1", b"321\r\n") == b"\r\n+CMS ERROR: 321\r\n"
    assert (
        await wire.command('AT+CMGL="BOGUS"', b"305\r\n") == b"\r\n+CMS ERROR: 305\r\n"
    )
    await wire.command("AT+CMGD=0,4")
    assert await wire.command('AT+CMGL="ALL"') == b"\r\nOK\r\n"
    assert (
        await wire.command("AT+CPMS?")
        == b'\r\n+CPMS: "SM",0,30,"SM",0,30,"SM",0,30\r\n\r\nOK\r\n'
    )


async def test_cmti_pushed_and_storage_full(
    start: StartScenario,
) -> None:
    simulator, wire = await start(variant("generic_us", storage_capacity=2))
    await wire.command("ATE0;+CNMI=2,1,0,0,0")
    simulator.deliver_sms("+15550199", "one")
    assert (
        await wire.read_until(b"\r\n") + await wire.read_until(b"\r\n")
        == b'\r\n+CMTI: "SM",1\r\n'
    )
    simulator.deliver_sms("+15550199", "two")  # no room: the network holds it
    assert await wire.read_for(0.2) == b""
    await wire.command("AT+CMGD=0")
    assert await wire.read_until(b'\r\n+CMTI: "SM",0\r\n') == b'\r\n+CMTI: "SM",0\r\n'


async def test_cmt_routes_without_storing(
    modem_simulator: Simulator, wire: RawWire
) -> None:
    await wire.command("ATE0;+CMGF=1;+CNMI=2,2,0,0,0")
    modem_simulator.deliver_sms("+15550199", "direct")
    urc = await wire.read_until(b"direct\r\n")
    assert re.fullmatch(rb'\r\n\+CMT: "\+15550199",,"[^"]+"\r\ndirect\r\n', urc)
    assert len(modem_simulator.engine.storage) == 1  # only the welcome text


async def test_send_sms_text_mode_keyword_gets_balance(
    modem_simulator: Simulator, wire: RawWire
) -> None:
    modem_simulator.carrier.with_spec(sms_delay=0.05)
    await wire.command("ATE0;+CMGF=1;+CNMI=2,1,0,0,0")
    await wire.send(b'AT+CMGS="6399"\r')
    assert await wire.read_until(b"> ") == b"\r\n> "
    await wire.send(b"BAL\x1a")
    assert await wire.read_until(b"OK\r\n") == b"\r\n+CMGS: 1\r\n\r\nOK\r\n"
    assert modem_simulator.engine.sent_messages == [("6399", "BAL")]
    await wire.read_until(b'+CMTI: "SM",1\r\n')
    assert (
        b"Balance: $7.20. Data remaining: 6.50 GB. Expires 12/05/2026."
        in await wire.command("AT+CMGR=1")
    )


async def test_send_sms_pdu_mode_and_abort(
    modem_simulator: Simulator, wire: RawWire
) -> None:
    await wire.command("ATE0;+CMGF=0;+CMEE=1")
    pdu_hex, length = encode_submit("+15550123", "Привет")
    await wire.send(f"AT+CMGS={length}\r".encode())
    await wire.read_until(b"> ")
    await wire.send(pdu_hex.encode() + b"\x1a")
    assert await wire.read_until(b"OK\r\n") == b"\r\n+CMGS: 1\r\n\r\nOK\r\n"
    assert modem_simulator.engine.sent_messages == [("+15550123", "Привет")]
    await wire.send(f"AT+CMGS={length}\r".encode())
    await wire.read_until(b"> ")
    await wire.send(b"00FF\x1a")
    assert await wire.read_until(b"304\r\n") == b"\r\n+CMS ERROR: 304\r\n"
    await wire.send(b"AT+CMGS=10\r")
    await wire.read_until(b"> ")
    await wire.send(b"never mind\x1b")
    assert await wire.read_until(b"OK\r\n") == b"\r\nOK\r\n"
    assert len(modem_simulator.engine.sent_messages) == 1


async def test_echo_of_message_body(wire: RawWire) -> None:
    await wire.command("AT+CMGF=1")
    await wire.send(b'AT+CMGS="+15550123"\r')
    assert await wire.read_until(b"> ") == b'AT+CMGS="+15550123"\r\r\n> '
    await wire.send(b"hi\x1a")
    assert await wire.read_until(b"OK\r\n") == b"hi\r\n+CMGS: 1\r\n\r\nOK\r\n"


# --- noise and faults ------------------------------------------------------------------


async def test_huawei_noise_and_curc(start: StartScenario) -> None:
    scenario = load_scenario("huawei_eu")
    fast = dataclasses.replace(scenario.modem.noise[0], interval=0.05)
    _, wire = await start(
        dataclasses.replace(
            scenario, modem=dataclasses.replace(scenario.modem, noise=(fast,))
        ),
    )
    assert b"\r\n^RSSI: 18\r\n" in await wire.read_for(0.2)
    await wire.command("ATE0;^CURC=0")
    assert await wire.read_for(0.2) == b""
    assert await wire.command("AT^CURC?") == b"\r\n^CURC: 0\r\n\r\nOK\r\n"


async def test_urc_between_echo_and_reply(start: StartScenario) -> None:
    simulator, wire = await start(load_scenario("huawei_eu"))
    simulator.engine.urc_every_n_replies = 1
    assert (
        await wire.command("AT+CSQ")
        == b"AT+CSQ\r\r\n^RSSI: 18\r\n\r\n+CSQ: 18,99\r\n\r\nOK\r\n"
    )


async def test_dsflowqry_counts_drained_data(
    start: StartScenario,
) -> None:
    simulator, wire = await start(load_scenario("huawei_eu"))
    await wire.command("ATE0;^CURC=0")
    simulator.drain("100MB")
    reply = await wire.command("AT^DSFLOWQRY")
    fields = re.search(rb"\^DSFLOWQRY: (.*)\r\n", reply)
    assert fields is not None
    values = [int(value, 16) for value in fields[1].decode().split(",")]
    assert values[4] + values[5] == 1_350_000_000


async def test_omitted_ok_and_double_cr(start: StartScenario) -> None:
    _, wire = await start(
        variant("generic_us", omit_ok_after=("+CGMR",), line_end="\r\r\n")
    )
    await wire.command("ATE0", b"OK\r\r\n")
    await wire.send(b"AT+CGMR\r")
    assert await wire.read_for(0.2) == b"\r\nEC25AFAR05A07M4G\r\r\n"


async def test_faults(modem_simulator: Simulator, wire: RawWire) -> None:
    await wire.command("ATE0;+CMEE=1")
    await modem_simulator.fault("sim_busy", count=2)
    assert await wire.command("AT+CIMI", b"14\r\n") == b"\r\n+CME ERROR: 14\r\n"
    assert await wire.command("AT+CMGL=4", b"314\r\n") == b"\r\n+CMS ERROR: 314\r\n"
    assert (await wire.command("AT+CIMI")).endswith(b"OK\r\n")
    await modem_simulator.fault("silence")
    await wire.send(b"AT\r")
    assert await wire.read_for(0.2) == b""
    await modem_simulator.fault("silence", on=False)
    assert await wire.command("AT") == b"\r\nOK\r\n"
    await modem_simulator.fault("garbage")
    assert len(await wire.read_for(0.1)) == 12
    with pytest.raises(ValueError, match="unknown fault"):
        await modem_simulator.fault("fire")  # type: ignore[arg-type]


async def test_drop_then_reconnect(modem_simulator: Simulator, wire: RawWire) -> None:
    await wire.command("ATE0")
    await modem_simulator.fault("drop")
    assert await wire.read_for(0.5) == b""
    again = await RawWire.connect(modem_simulator.url)
    # A dropped line is not a power cycle: settings stay.
    assert await again.command("AT") == b"\r\nOK\r\n"
    await again.close()


async def test_unplug_and_replug(modem_simulator: Simulator, wire: RawWire) -> None:
    await wire.command("ATE0")
    await modem_simulator.unplug()
    assert await wire.read_for(0.5) == b""
    with pytest.raises(ConnectionRefusedError):
        await RawWire.connect(modem_simulator.url)
    await modem_simulator.replug()
    again = await RawWire.connect(modem_simulator.url)
    # Unplugging power-cycles the modem: echo is back on.
    assert await again.command("AT") == b"AT\r\r\nOK\r\n"
    await again.close()
    assert modem_simulator.state()["plugged"] is True


async def test_time_stamps_carry_the_zone(start: StartScenario) -> None:
    simulator, wire = await start(load_scenario("generic_us"))
    from datetime import timedelta, timezone  # noqa: PLC0415 - local to this test

    simulator.engine._now = lambda: datetime(
        2026, 11, 25, 12, 9, 24, tzinfo=timezone(timedelta(hours=-5))
    )
    simulator.deliver_sms("+15550199", "zoned")
    await wire.command("ATE0;+CMGF=1")
    assert b'"26/11/25,12:09:24-20"' in await wire.command("AT+CMGR=1")
    assert datetime.now(UTC)  # the default clock is aware


# --- the less travelled forms of each command ------------------------------------------

COMMAND_TABLE = [
    ("AT+CMEE?", "+CMEE: 1"),
    ("AT+CMEE=?", "+CMEE: (0-2)"),
    ("AT+CMEE=7", "+CME ERROR: 3"),
    (
        "AT+GMI;+GMM;+GMR;+GSN",
        "Quectel\r\n\r\nEC25\r\n\r\nEC25AFAR05A07M4G\r\n\r\n867698041234567",
    ),
    ("AT+GCAP", "+GCAP: +CGSM,+DS,+ES"),
    ("AT+CSCA?", '+CSCA: "+15550000000",145'),
    ("AT+CNUM=?", None),
    ("AT+CPIN=1234", "+CME ERROR: 3"),
    ("AT+CRSM=176,28423,0,0,9", "+CME ERROR: 4"),
    ("AT+COPS=?", '+COPS: (2,"T-Mobile","","310260",7),,(0-4),(0-2)'),
    ("AT+COPS=0", None),
    ("AT+CREG=?", "+CREG: (0-2)"),
    ("AT+CREG=5", "+CME ERROR: 3"),
    ("AT+CREG=x", "+CME ERROR: 3"),
    ("AT+CGREG?", "+CGREG: 0,1"),
    ("AT+CFUN?", "+CFUN: 1"),
    ("AT+CFUN=?", "+CFUN: (0,1,4),(0-1)"),
    ("AT+CFUN=1", None),
    ("AT+CUSD?", "+CUSD: 1"),
    ("AT+CUSD=?", "+CUSD: (0-2)"),
    ("AT+CUSD=1", None),
    ("AT+CUSD=7", "+CME ERROR: 3"),
    ("AT+CMGF=?", "+CMGF: (0-1)"),
    ("AT+CMGF=2", "+CME ERROR: 3"),
    ("AT+CSCS=?", '+CSCS: ("GSM","IRA","UCS2")'),
    ('AT+CSCS="KLINGON"', "+CME ERROR: 4"),
    ("AT+CPMS=?", '+CPMS: ("SM"),("SM"),("SM")'),
    ('AT+CPMS="SM","SM","SM"', "+CPMS: 1,30,1,30,1,30"),
    ('AT+CPMS="BM"', "+CMS ERROR: 302"),
    ("AT+CNMI?", "+CNMI: 2,0,0,0,0"),
    ("AT+CNMI=?", "+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)"),
    ("AT+CNMI=2,9", "+CME ERROR: 3"),
    ("AT+CMGL=?", "+CMGL: (0-4)"),
    ("AT+CMGL=9", "+CMS ERROR: 304"),
    ('AT+CMGL="ALL"', "+CMS ERROR: 304"),
    ("AT+CMGD=?", "+CMGD: (0-29),(0-4)"),
    ("AT+CMGD=0,9", "+CMS ERROR: 302"),
    ("AT+CMGS=?", None),
    ("AT+CMGS=", "+CMS ERROR: 304"),
    ("ATZ", None),
    ("ATV1Q0&F", None),
    ("ATX", "ERROR"),
]


@pytest.mark.parametrize(("command", "answer"), COMMAND_TABLE)
async def test_command_forms(wire: RawWire, command: str, answer: str | None) -> None:
    await wire.command("ATE0;+CMEE=1")
    expected = (
        b"\r\nOK\r\n"
        if answer is None or "ERROR" in answer
        else f"\r\n{answer}\r\n\r\nOK\r\n".encode()
    )
    if answer is not None and "ERROR" in answer:
        expected = f"\r\n{answer}\r\n".encode()
    await wire.send(command.encode() + b"\r")
    assert await wire.read_for(0.15) == expected


async def test_text_mode_send_with_ucs2_charset(
    modem_simulator: Simulator, wire: RawWire
) -> None:
    await wire.command('ATE0;+CMGF=1;+CSCS="UCS2"')
    await wire.send(f'AT+CMGS="{ucs2_hex("6399")}"\r'.encode())
    await wire.read_until(b"> ")
    await wire.send(ucs2_hex("BAL").encode() + b"\x1a")
    await wire.read_until(b"OK\r\n")
    assert modem_simulator.engine.sent_messages == [("6399", "BAL")]
    await wire.send(b'AT+CMGS="0036"\r')
    await wire.read_until(b"> ")
    await wire.send(b"XYZ\x1a")  # not UCS2 hex
    assert await wire.read_until(b"ERROR\r\n") == b"\r\nERROR\r\n"


async def test_send_without_network(modem_simulator: Simulator, wire: RawWire) -> None:
    modem_simulator.engine.registration = 3
    await wire.command("ATE0;+CMEE=1;+CMGF=1")
    await wire.send(b'AT+CMGS="6399"\r')
    await wire.read_until(b"> ")
    await wire.send(b"BAL\x1a")
    assert await wire.read_until(b"331\r\n") == b"\r\n+CMS ERROR: 331\r\n"


async def test_garbled_ucs2_ussd_request(wire: RawWire) -> None:
    await wire.command('ATE0;+CMEE=1;+CSCS="UCS2"')
    assert (
        await wire.command('AT+CUSD=1,"ZZZ",15', b"100\r\n")
        == b"\r\n+CME ERROR: 100\r\n"
    )


async def test_sim_puk_and_unknown_cpin_read(start: StartScenario) -> None:
    _, wire = await start(variant("generic_us", sim_state="SIM PUK"))
    await wire.command("ATE0;+CMEE=1")
    assert await wire.command("AT+CPIN?") == b"\r\n+CPIN: SIM PUK\r\n\r\nOK\r\n"
    assert (
        await wire.command('AT+CUSD=1,"*100#",15', b"12\r\n")
        == b"\r\n+CME ERROR: 12\r\n"
    )
    assert await wire.command("AT+CMGR=0", b"316\r\n") == b"\r\n+CMS ERROR: 316\r\n"
