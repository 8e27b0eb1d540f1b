"""The config, options and reconfigure flows, driven against the simulated modem."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
import dataclasses
import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_USB, SOURCE_USER, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.usb import UsbServiceInfo
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from serialx import SerialPortInfo

from custom_components.data_balance.carrier import CUSTOM_CARRIER_ID
from custom_components.data_balance.config_flow import CUSTOM_TITLE
from custom_components.data_balance.const import (
    CONF_ANSWER,
    CONF_BALANCE_PATTERN,
    CONF_CARRIER,
    CONF_CARRIER_CHECK_HOURS,
    CONF_DATA_PATTERN,
    CONF_DEVICE_POLL_MINUTES,
    CONF_EXPIRY_DAYS,
    CONF_EXPIRY_PATTERN,
    CONF_LOW_BALANCE,
    CONF_LOW_DATA_MB,
    CONF_LOW_DATA_PERCENT,
    CONF_PLAN_SIZE_GB,
    CONF_RENEWAL,
    CONF_RENEWAL_ANCHOR,
    CONF_RENEWAL_DAY,
    CONF_RENEWAL_DAYS,
    CONF_REQUESTS_PER_DAY,
    CONF_REQUESTS_PER_HOUR,
    CONF_SENDER,
    CONF_SMS_KEYWORD,
    CONF_SMS_NUMBER,
    CONF_SOURCE,
    CONF_UNLIMITED,
    CONF_URL,
    CONF_USSD_CODE,
    DOMAIN,
    RENEWAL_EVERY_N_DAYS,
    RENEWAL_MONTHLY,
    RENEWAL_NON_EXPIRING,
    SOURCE_MODEM,
)
from custom_components.data_balance.probe import (
    PROBE_TIMEOUTS,
    by_id_stem,
    port_label,
)
from simulator.control import Simulator
from simulator.scenario import Scenario, load_scenario

GENERIC_ICCID = "8901260123456789012"
HUAWEI_ICCID = "8949022123456789012"
LISTING = "custom_components.data_balance.probe.list_serial_ports"
COMPONENT = Path(__file__).parents[2] / "custom_components" / DOMAIN

PLAN_INPUT: dict[str, Any] = {
    CONF_UNLIMITED: False,
    CONF_PLAN_SIZE_GB: 15.5,
    CONF_RENEWAL: RENEWAL_MONTHLY,
    CONF_RENEWAL_DAY: 7.0,
    CONF_RENEWAL_DAYS: 30.0,
    CONF_LOW_DATA_PERCENT: 10.0,
    CONF_LOW_DATA_MB: 500.0,
    CONF_EXPIRY_DAYS: 3.0,
    CONF_LOW_BALANCE: 2.5,
}
PLAN_OPTIONS: dict[str, Any] = {
    CONF_UNLIMITED: False,
    CONF_PLAN_SIZE_GB: 15.5,
    CONF_RENEWAL: RENEWAL_MONTHLY,
    CONF_RENEWAL_DAY: 7,
    CONF_RENEWAL_DAYS: 30,
    CONF_LOW_DATA_PERCENT: 10,
    CONF_LOW_DATA_MB: 500,
    CONF_EXPIRY_DAYS: 3,
    CONF_LOW_BALANCE: 2.5,
}


def variant(name: str = "generic_us", **modem: Any) -> Scenario:
    """A shipped scenario with parts of its modem changed."""
    scenario = load_scenario(name)
    return dataclasses.replace(
        scenario, modem=dataclasses.replace(scenario.modem, **modem)
    )


def port_info(device: str, resolved: str, **usb: Any) -> SerialPortInfo:
    """A serial port as serialx lists it (the listing is the OS side we fake)."""
    return SerialPortInfo(
        device=device,
        resolved_device=resolved,
        vid=usb.get("vid"),
        pid=usb.get("pid"),
        serial_number=usb.get("serial_number"),
        manufacturer=usb.get("manufacturer"),
        product=usb.get("product"),
        bcd_device=None,
        interface_description=None,
        interface_num=usb.get("interface_num"),
        port_number=0 if usb else None,
    )


class FakeListing:
    """The machine's serial ports; `fail` makes the next listing raise."""

    def __init__(self) -> None:
        """No ports yet."""
        self.ports: list[SerialPortInfo] = []
        self.fail: BaseException | None = None

    def __call__(self) -> list[SerialPortInfo]:
        """List (or fail once)."""
        if self.fail is not None:
            error, self.fail = self.fail, None
            raise error
        return list(self.ports)


@pytest.fixture(autouse=True)
def no_entry_setup() -> Iterator[None]:
    """Created or reloaded entries are not set up: these tests are about the flows."""
    with (
        patch("custom_components.data_balance.async_setup_entry", return_value=True),
        patch("custom_components.data_balance.async_unload_entry", return_value=True),
    ):
        yield


@pytest.fixture
def listing() -> Iterator[FakeListing]:
    """Replace the OS port listing."""
    fake = FakeListing()
    with patch(LISTING, side_effect=fake):
        yield fake


@pytest.fixture
async def simulators(
    socket_enabled: None,
) -> AsyncIterator[Callable[..., Any]]:
    """Start extra simulated modems (TCP, or a pty behind a by-id style link)."""
    running: list[Simulator] = []

    async def start(
        scenario: Scenario | str = "generic_us", *, link: Path | None = None
    ) -> Simulator:
        simulator = Simulator(scenario)
        if link is None:
            await simulator.start_tcp()
        else:
            await simulator.start_pty(link)
        running.append(simulator)
        return simulator

    yield start
    for simulator in running:
        await simulator.stop()


@pytest.fixture
def by_id(tmp_path: Path) -> Path:
    """A stand-in for /dev/serial/by-id."""
    folder = tmp_path / "serial" / "by-id"
    folder.mkdir(parents=True)
    return folder


def pty_path(simulator: Simulator) -> str:
    """The pty's own path (what /dev/ttyUSB2 is to its by-id link)."""
    assert simulator.port is not None
    return str(getattr(simulator.port, "path"))  # noqa: B009


async def start_user_flow(hass: HomeAssistant, step: str) -> ConfigFlowResult:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["serial", "network", "hotspot"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": step}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == step
    return result


async def finish_with_catalogue_carrier(
    hass: HomeAssistant, result: ConfigFlowResult, carrier: str = "tmobile_us"
) -> ConfigFlowResult:
    assert result["step_id"] == "carrier"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CARRIER: carrier}
    )
    assert result["step_id"] == "plan"
    return await hass.config_entries.flow.async_configure(result["flow_id"], PLAN_INPUT)


def select_options(result: ConfigFlowResult, key: str) -> Any:
    """The options of a form's select field."""
    assert result["data_schema"] is not None
    return result["data_schema"].schema[key].config["options"]


async def configure(
    hass: HomeAssistant, result: ConfigFlowResult, user_input: dict[str, Any]
) -> ConfigFlowResult:
    return await hass.config_entries.flow.async_configure(result["flow_id"], user_input)


# --- the network path ------------------------------------------------------------------


async def test_network_modem_with_catalogue_carrier(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    modem_simulator: Simulator,
) -> None:
    result = await start_user_flow(hass, "network")
    result = await configure(hass, result, {CONF_URL: f" {modem_simulator.url} "})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "carrier"
    result = await finish_with_catalogue_carrier(hass, result)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "T-Mobile (US) Prepaid"
    assert result["data"] == {CONF_URL: modem_simulator.url, CONF_SOURCE: SOURCE_MODEM}
    assert result["options"] == {
        CONF_CARRIER: "tmobile_us",
        **PLAN_OPTIONS,
        CONF_DEVICE_POLL_MINUTES: 5,
        CONF_CARRIER_CHECK_HOURS: 12,
        CONF_REQUESTS_PER_HOUR: 10,
        CONF_REQUESTS_PER_DAY: 30,
    }
    assert result["result"].unique_id == GENERIC_ICCID


async def _silent(simulators: Callable[..., Any]) -> str:
    simulator = await simulators()
    await simulator.fault("silence")
    return str(simulator.url)


async def _babbling(simulators: Callable[..., Any]) -> str:
    async def babble(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        while await reader.read(100):
            writer.write(b"\x00\xff<html>not a modem</html>\r\n")

    server = await asyncio.start_server(babble, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    asyncio.get_running_loop().call_later(10, server.close)
    return f"socket://127.0.0.1:{port}"


async def _closed_port(simulators: Callable[..., Any]) -> str:
    simulator = await simulators()
    url = str(simulator.url)
    await simulator.stop()
    return url


def _scenario(**modem: Any) -> Callable[..., Any]:
    async def start(simulators: Callable[..., Any]) -> str:
        return str((await simulators(variant(**modem))).url)

    return start


@pytest.mark.parametrize(
    ("make_url", "error"),
    [
        (_closed_port, "cannot_connect"),
        (_silent, "not_a_modem"),
        (_babbling, "not_a_modem"),
        (_scenario(sim_state="SIM PIN"), "sim_pin_required"),
        (_scenario(sim_state="SIM PUK"), "sim_pin_required"),
        (_scenario(sim_state="ABSENT"), "sim_not_inserted"),
        (_scenario(iccid_commands=()), "no_sim_identity"),
        (lambda _: _async_value("http://192.0.2.1:80"), "invalid_url"),
        (lambda _: _async_value("socket://"), "invalid_url"),
    ],
    ids=[
        "closed",
        "silent",
        "babbling",
        "pin",
        "puk",
        "no_sim",
        "no_iccid",
        "http",
        "no_target",
    ],
)
async def test_network_errors_recover(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    modem_simulator: Simulator,
    simulators: Callable[..., Any],
    *,
    make_url: Callable[..., Any],
    error: str,
) -> None:
    result = await start_user_flow(hass, "network")
    bad_url = await make_url(simulators)
    result = await configure(hass, result, {CONF_URL: bad_url})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "network"
    assert result["errors"] == {CONF_URL: error}

    result = await configure(hass, result, {CONF_URL: modem_simulator.url})
    result = await finish_with_catalogue_carrier(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def _async_value(value: str) -> str:
    return value


async def test_same_sim_is_configured_once(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    modem_simulator: Simulator,
) -> None:
    MockConfigEntry(
        domain=DOMAIN,
        unique_id=GENERIC_ICCID,
        data={CONF_URL: "/dev/serial/by-id/elsewhere", CONF_SOURCE: SOURCE_MODEM},
    ).add_to_hass(hass)
    result = await start_user_flow(hass, "network")
    result = await configure(hass, result, {CONF_URL: modem_simulator.url})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_a_port_in_use_is_not_opened_again(
    hass: HomeAssistant, enable_custom_integrations: None
) -> None:
    MockConfigEntry(
        domain=DOMAIN,
        unique_id=GENERIC_ICCID,
        data={CONF_URL: "socket://127.0.0.1:7000", CONF_SOURCE: SOURCE_MODEM},
    ).add_to_hass(hass)
    result = await start_user_flow(hass, "network")
    result = await configure(hass, result, {CONF_URL: "socket://127.0.0.1:7000"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


# --- the serial path and the custom carrier -------------------------------------------------


async def test_serial_modem_with_custom_carrier(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    simulators: Callable[..., Any],
    listing: FakeListing,
    by_id: Path,
) -> None:
    link = by_id / "usb-Quectel_EG25-G_0123-if02-port0"
    simulator = await simulators(link=link)
    listing.ports = [
        port_info("/dev/ttyS0", "/dev/ttyS0"),
        port_info(
            str(link), pty_path(simulator), manufacturer="Quectel", product="EG25-G"
        ),
        port_info("/dev/ttyUSB9", "/dev/ttyUSB9"),
    ]
    MockConfigEntry(
        domain=DOMAIN, unique_id="other", data={CONF_URL: "/dev/ttyUSB9"}
    ).add_to_hass(hass)

    result = await start_user_flow(hass, "serial")
    options = select_options(result, CONF_URL)
    assert options == [
        {"value": "/dev/ttyS0", "label": "/dev/ttyS0"},
        {"value": str(link), "label": f"Quectel EG25-G - {link}"},
    ]

    # Something unexpected goes wrong: logged, shown as "unknown", and the user retries.
    listing.fail = RuntimeError("udev went away")
    result = await configure(hass, result, {CONF_URL: pty_path(simulator)})
    assert result["errors"] == {CONF_URL: "unknown"}

    # The device path typed by hand is stored as its stable by-id link.
    result = await configure(hass, result, {CONF_URL: pty_path(simulator)})
    assert result["step_id"] == "carrier"
    result = await configure(hass, result, {CONF_CARRIER: CUSTOM_CARRIER_ID})
    assert result["step_id"] == "custom_carrier"

    for user_input, errors in (
        ({CONF_ANSWER: "ussd"}, {CONF_USSD_CODE: "request_required"}),
        (
            {CONF_SMS_NUMBER: "6399", CONF_ANSWER: "sms"},
            {CONF_SMS_KEYWORD: "request_required"},
        ),
        (
            {CONF_SMS_KEYWORD: "BAL", CONF_ANSWER: "sms"},
            {CONF_SMS_NUMBER: "request_required"},
        ),
        (
            {CONF_USSD_CODE: "*100#", CONF_SMS_NUMBER: "6399", CONF_ANSWER: "ussd"},
            {CONF_USSD_CODE: "request_conflict"},
        ),
        (
            {CONF_SMS_NUMBER: "6399", CONF_SMS_KEYWORD: "BAL", CONF_ANSWER: "ussd"},
            {CONF_ANSWER: "answer_sms_only"},
        ),
        (
            {
                CONF_USSD_CODE: "*100#",
                CONF_ANSWER: "ussd",
                CONF_DATA_PATTERN: "([0-9",
                CONF_BALANCE_PATTERN: "(a)(b)",
                CONF_EXPIRY_PATTERN: r"until (\S+)",
            },
            {
                CONF_DATA_PATTERN: "invalid_pattern",
                CONF_BALANCE_PATTERN: "invalid_pattern",
            },
        ),
    ):
        result = await configure(hass, result, user_input)
        assert result["step_id"] == "custom_carrier"
        assert result["errors"] == errors

    result = await configure(
        hass,
        result,
        {
            CONF_USSD_CODE: " *100# ",
            CONF_SMS_NUMBER: "",
            CONF_SENDER: "6399, T-Mobile",
            CONF_ANSWER: "sms",
            CONF_DATA_PATTERN: r"(\d+ ?MB) left",
        },
    )
    assert result["step_id"] == "plan"

    # Every few days needs the day it started from.
    every = {**PLAN_INPUT, CONF_RENEWAL: RENEWAL_EVERY_N_DAYS}
    result = await configure(hass, result, every)
    assert result["errors"] == {CONF_RENEWAL_ANCHOR: "anchor_required"}
    result = await configure(hass, result, {**every, CONF_RENEWAL_ANCHOR: "2026-11-20"})

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == CUSTOM_TITLE
    assert result["data"] == {CONF_URL: str(link), CONF_SOURCE: SOURCE_MODEM}
    assert result["options"] == {
        CONF_CARRIER: CUSTOM_CARRIER_ID,
        CONF_USSD_CODE: "*100#",
        CONF_SENDER: "6399, T-Mobile",
        CONF_ANSWER: "sms",
        CONF_DATA_PATTERN: r"(\d+ ?MB) left",
        **PLAN_OPTIONS,
        CONF_RENEWAL: RENEWAL_EVERY_N_DAYS,
        CONF_RENEWAL_ANCHOR: "2026-11-20",
        CONF_DEVICE_POLL_MINUTES: 5,
        CONF_CARRIER_CHECK_HOURS: 12,
        CONF_REQUESTS_PER_HOUR: 10,
        CONF_REQUESTS_PER_DAY: 30,
    }


async def test_serial_without_a_port_listing(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    modem_simulator: Simulator,
    listing: FakeListing,
) -> None:
    listing.fail = OSError("no sysfs")
    result = await start_user_flow(hass, "serial")
    assert select_options(result, CONF_URL) == []
    # A serial URL typed into the port field is taken as it is.
    result = await configure(hass, result, {CONF_URL: modem_simulator.url})
    result = await finish_with_catalogue_carrier(hass, result, "giffgaff_uk")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_URL] == modem_simulator.url


async def test_serial_path_that_does_not_open(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    modem_simulator: Simulator,
    listing: FakeListing,
    tmp_path: Path,
) -> None:
    result = await start_user_flow(hass, "serial")
    result = await configure(hass, result, {CONF_URL: str(tmp_path / "ttyUSB7")})
    assert result["errors"] == {CONF_URL: "cannot_connect"}
    result = await configure(hass, result, {CONF_URL: modem_simulator.url})
    result = await finish_with_catalogue_carrier(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_carrier_picker_is_sorted_with_custom_last(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    modem_simulator: Simulator,
) -> None:
    result = await start_user_flow(hass, "network")
    result = await configure(hass, result, {CONF_URL: modem_simulator.url})
    options = select_options(result, CONF_CARRIER)
    labels = [option["label"] for option in options[:-1]]
    assert labels == sorted(labels, key=str.casefold)
    assert options[-1]["value"] == CUSTOM_CARRIER_ID


# --- USB discovery ------------------------------------------------------------------------


def usb_info(device: str) -> UsbServiceInfo:
    return UsbServiceInfo(
        device=device,
        vid="2C7C",
        pid="0125",
        serial_number="0123",
        manufacturer="Quectel",
        description="EG25-G",
    )


async def quectel_ports(
    simulators: Callable[..., Any],
    by_id: Path,
    listing: FakeListing,
    scenario: Scenario | str = "generic_us",
) -> tuple[str, str, str]:
    """A modem whose first port (diagnostics) is silent and whose third answers AT."""
    diag_link = by_id / "usb-Quectel_EG25-G_0123-if00-port0"
    at_link = by_id / "usb-Quectel_EG25-G_0123-if02-port0"
    diag = await simulators(link=diag_link)
    await diag.fault("silence")
    modem = await simulators(scenario, link=at_link)
    usb = {"vid": 0x2C7C, "pid": 0x0125, "manufacturer": "Quectel"}
    listing.ports = [
        port_info(str(diag_link), pty_path(diag), interface_num=0, **usb),
        port_info(str(at_link), pty_path(modem), interface_num=2, **usb),
        port_info(str(by_id / "usb-FTDI_FT232R_99-if00-port0"), "/dev/ttyUSB8"),
    ]
    return pty_path(diag), str(diag_link), str(at_link)


async def test_usb_discovery_finds_the_at_port(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    simulators: Callable[..., Any],
    listing: FakeListing,
    by_id: Path,
) -> None:
    diag, _, at_link = await quectel_ports(simulators, by_id, listing)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USB}, data=usb_info(diag)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "usb_confirm"
    model = load_scenario("generic_us").modem.model
    assert result["description_placeholders"] == {
        "name": f"Quectel {model}",
        "port": at_link,
    }

    result = await configure(hass, result, {})
    result = await finish_with_catalogue_carrier(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {CONF_URL: at_link, CONF_SOURCE: SOURCE_MODEM}
    assert result["result"].unique_id == GENERIC_ICCID


async def test_usb_discovery_of_sibling_ports_probes_once(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    simulators: Callable[..., Any],
    listing: FakeListing,
    by_id: Path,
) -> None:
    diag, _, at_link = await quectel_ports(simulators, by_id, listing)
    results = await asyncio.gather(
        hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USB}, data=usb_info(diag)
        ),
        hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USB}, data=usb_info(at_link)
        ),
    )
    outcomes = sorted(
        (str(result["type"]), result.get("step_id") or result.get("reason"))
        for result in results
    )
    assert outcomes == [("abort", "already_in_progress"), ("form", "usb_confirm")]


async def test_usb_discovery_updates_a_moved_modem(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    simulators: Callable[..., Any],
    listing: FakeListing,
    by_id: Path,
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=GENERIC_ICCID,
        data={CONF_URL: "/dev/ttyUSB2", CONF_SOURCE: SOURCE_MODEM},
    )
    entry.add_to_hass(hass)
    diag, _, at_link = await quectel_ports(simulators, by_id, listing)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USB}, data=usb_info(diag)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_URL] == at_link


async def test_usb_discovery_of_a_configured_modem_does_not_probe(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    simulators: Callable[..., Any],
    listing: FakeListing,
    by_id: Path,
) -> None:
    diag, _, at_link = await quectel_ports(simulators, by_id, listing)
    MockConfigEntry(
        domain=DOMAIN, unique_id=GENERIC_ICCID, data={CONF_URL: at_link}
    ).add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USB}, data=usb_info(diag)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_usb_discovery_without_a_modem_port(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    simulators: Callable[..., Any],
    listing: FakeListing,
    tmp_path: Path,
) -> None:
    # A device the listing does not know and whose only port stays silent.
    silent = await simulators(link=tmp_path / "ttyACM0")
    await silent.fault("silence")
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USB}, data=usb_info(str(silent.url))
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_a_modem"


async def test_usb_discovery_of_a_locked_sim(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    simulators: Callable[..., Any],
    listing: FakeListing,
    by_id: Path,
) -> None:
    diag, _, _ = await quectel_ports(
        simulators, by_id, listing, variant(sim_state="SIM PIN")
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USB}, data=usb_info(diag)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "sim_pin_required"


# --- reconfigure ---------------------------------------------------------------------------


async def test_reconfigure_moves_the_entry(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    modem_simulator: Simulator,
    simulators: Callable[..., Any],
    listing: FakeListing,
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=GENERIC_ICCID,
        data={CONF_URL: "/dev/ttyUSB2", CONF_SOURCE: SOURCE_MODEM},
    )
    entry.add_to_hass(hass)
    listing.ports = [port_info("/dev/ttyUSB2", "/dev/ttyUSB2")]
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    # Its own port stays in the list.
    assert select_options(result, CONF_URL) == [
        {"value": "/dev/ttyUSB2", "label": "/dev/ttyUSB2"}
    ]

    result = await configure(hass, result, {CONF_URL: "ftp://modem"})
    assert result["errors"] == {CONF_URL: "invalid_url"}
    result = await configure(hass, result, {CONF_URL: "/dev/ttyUSB2"})
    assert result["errors"] == {CONF_URL: "cannot_connect"}

    result = await configure(hass, result, {CONF_URL: modem_simulator.url})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {CONF_URL: modem_simulator.url, CONF_SOURCE: SOURCE_MODEM}


async def test_reconfigure_refuses_another_sim(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    simulators: Callable[..., Any],
    listing: FakeListing,
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=GENERIC_ICCID,
        data={CONF_URL: "/dev/ttyUSB2", CONF_SOURCE: SOURCE_MODEM},
    )
    entry.add_to_hass(hass)
    other = await simulators("huawei_eu")
    result = await entry.start_reconfigure_flow(hass)
    result = await configure(hass, result, {CONF_URL: other.url})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_sim"
    assert entry.data[CONF_URL] == "/dev/ttyUSB2"


# --- options --------------------------------------------------------------------------------

CUSTOM_OPTIONS: dict[str, Any] = {
    CONF_CARRIER: CUSTOM_CARRIER_ID,
    CONF_USSD_CODE: "*100#",
    CONF_ANSWER: "ussd",
    CONF_SENDER: "6399",
    CONF_EXPIRY_PATTERN: r"until (\S+)",
    **PLAN_OPTIONS,
    CONF_DEVICE_POLL_MINUTES: 5,
    CONF_CARRIER_CHECK_HOURS: 12,
}


def options_entry(hass: HomeAssistant, options: dict[str, Any]) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=GENERIC_ICCID,
        data={CONF_URL: "/dev/ttyUSB2", CONF_SOURCE: SOURCE_MODEM},
        options=options,
    )
    entry.add_to_hass(hass)
    return entry


def suggested(result: ConfigFlowResult, key: str) -> Any:
    assert result["data_schema"] is not None
    schema = result["data_schema"].schema
    marker = next(marker for marker in schema if marker == key)
    return (marker.description or {}).get("suggested_value")


async def test_options_switch_to_a_catalogue_carrier(
    hass: HomeAssistant, enable_custom_integrations: None
) -> None:
    entry = options_entry(hass, CUSTOM_OPTIONS)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["step_id"] == "carrier"
    assert suggested(result, CONF_CARRIER) == CUSTOM_CARRIER_ID

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_CARRIER: "o2_uk"}
    )
    assert result["step_id"] == "plan"
    assert suggested(result, CONF_PLAN_SIZE_GB) == 15.5
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            **PLAN_INPUT,
            CONF_UNLIMITED: True,
            CONF_RENEWAL: RENEWAL_NON_EXPIRING,
            CONF_RENEWAL_ANCHOR: "2026-11-01",
        },
    )
    assert result["step_id"] == "schedule"
    assert suggested(result, CONF_DEVICE_POLL_MINUTES) == 5
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_DEVICE_POLL_MINUTES: 10.0,
            CONF_CARRIER_CHECK_HOURS: 24.0,
            CONF_REQUESTS_PER_HOUR: 4.0,
            CONF_REQUESTS_PER_DAY: 12.0,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_CARRIER: "o2_uk",
        **PLAN_OPTIONS,
        CONF_UNLIMITED: True,
        CONF_RENEWAL: RENEWAL_NON_EXPIRING,
        CONF_RENEWAL_ANCHOR: "2026-11-01",
        CONF_DEVICE_POLL_MINUTES: 10,
        CONF_CARRIER_CHECK_HOURS: 24,
        CONF_REQUESTS_PER_HOUR: 4,
        CONF_REQUESTS_PER_DAY: 12,
    }


async def test_options_edit_the_custom_carrier(
    hass: HomeAssistant, enable_custom_integrations: None
) -> None:
    entry = options_entry(hass, {**CUSTOM_OPTIONS, CONF_RENEWAL_ANCHOR: "2026-10-01"})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_CARRIER: CUSTOM_CARRIER_ID}
    )
    assert result["step_id"] == "custom_carrier"
    assert suggested(result, CONF_USSD_CODE) == "*100#"
    assert suggested(result, CONF_EXPIRY_PATTERN) == r"until (\S+)"

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_ANSWER: "sms", CONF_SMS_NUMBER: "6399"}
    )
    assert result["errors"] == {CONF_SMS_KEYWORD: "request_required"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_ANSWER: "sms", CONF_SMS_NUMBER: "6399", CONF_SMS_KEYWORD: "BAL"},
    )
    assert result["step_id"] == "plan"
    # A monthly plan drops the old start date.
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], PLAN_INPUT
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_DEVICE_POLL_MINUTES: 5.0, CONF_CARRIER_CHECK_HOURS: 12.0},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_CARRIER: CUSTOM_CARRIER_ID,
        CONF_SMS_NUMBER: "6399",
        CONF_SMS_KEYWORD: "BAL",
        CONF_ANSWER: "sms",
        **PLAN_OPTIONS,
        CONF_DEVICE_POLL_MINUTES: 5,
        CONF_CARRIER_CHECK_HOURS: 12,
        CONF_REQUESTS_PER_HOUR: 10,
        CONF_REQUESTS_PER_DAY: 30,
    }


# --- small pieces and the strings --------------------------------------------------------------


def test_probe_is_quick() -> None:
    # A silent port costs three short AT tries, so discovery can try every port.
    assert PROBE_TIMEOUTS.probe * 3 <= 2


def test_by_id_stem_and_labels() -> None:
    assert by_id_stem("/dev/serial/by-id/usb-ZTE_MF833-if03") == (
        "/dev/serial/by-id/usb-ZTE_MF833"
    )
    assert by_id_stem("/dev/ttyUSB0") is None
    assert by_id_stem("/dev/serial/by-id/pci-0000_00_1a") is None
    assert port_label(port_info("/dev/ttyS0", "/dev/ttyS0")) == "/dev/ttyS0"


def test_translations_are_complete_and_resolved() -> None:
    strings = json.loads((COMPONENT / "strings.json").read_text())
    english = json.loads((COMPONENT / "translations" / "en.json").read_text())
    # A custom integration's references are not resolved by Home Assistant at run time,
    # so strings.json carries the resolved text and en.json mirrors it exactly.
    assert strings == english
    assert "[%key:" not in json.dumps(english)
    for step in (
        *strings["config"]["step"].values(),
        *strings["options"]["step"].values(),
    ):
        assert step.get("data", {}).keys() == step.get("data_description", {}).keys()
