"""Log hygiene: an outage is logged once and its end once; nothing private is ever logged.

Private here: the modem's IMEI, the SIM's IMSI, ICCID and phone number, the bodies of
texts (received and sent) and their numbers, USSD replies, USSD codes (a top-up voucher's
PIN is dialled as one) and a router's password. Every record the integration's loggers
emit is searched at DEBUG, and every WARNING or worse that Home Assistant logs about it.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterable
from datetime import timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.data_balance.const import (
    CONF_FAMILY,
    CONF_HOST,
    CONF_LOGOUT_AFTER_POLL,
    CONF_PASSWORD,
    CONF_SOURCE,
    CONF_USERNAME,
    DOMAIN,
    SOURCE_HOTSPOT,
)
from custom_components.data_balance.diagnostics import (
    async_get_config_entry_diagnostics,
)
from simulator.control import Simulator
from simulator.hotspot import HotspotSimulator
from simulator.scenario import load_scenario
from tests.conftest import US_OPTIONS
from tests.frozen import FROZEN_CLOCK

from .helpers import eventually, sim_device

pytestmark = FROZEN_CLOCK

OUR_LOGGER = "custom_components.data_balance"
# Loggers of the test harness and of the simulated devices (the far end of the wire):
# the mock store logs what it writes, and the routers' web servers log their requests.
NOT_HOME_ASSISTANT = ("pytest_homeassistant_custom_component", "simulator", "aiohttp.")
MODEM = load_scenario("generic_us").modem
IDENTITIES = {
    "IMEI": MODEM.imei,
    "IMSI": MODEM.imsi,
    "ICCID": MODEM.iccid,
    "SIM number": MODEM.own_number,
    "SIM number digits": MODEM.own_number.lstrip("+"),
}
RECEIVED_TEXT = "Meet at the north gate, door code 4471 QUOKKA"
SENT_TEXT = "Private note to a friend WOMBAT"
SENT_TO = "+15559876543"
ROUTER_PASSWORD = "Tr0ub4dor-and-3"
WRONG_PASSWORDS = ("Wr0ng-first-try", "Wr0ng-second-try")
# What a text-mode modem is sent for a voucher top-up: the code carries the voucher PIN.
VOUCHER_CODE = "*123*8472019365#"


def _record_texts(record: logging.LogRecord) -> Iterable[str]:
    """Everything of a record that could reach a log file."""
    yield record.getMessage()
    args: Any = record.args
    if isinstance(args, dict):
        args = tuple(args.values())
    for arg in args or ():
        yield str(arg)
        yield repr(arg)
    if record.exc_info:
        yield logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        yield record.exc_text
    if record.stack_info:
        yield record.stack_info


def _is_watched(record: logging.LogRecord) -> bool:
    """Ours at any level; Home Assistant's own from WARNING (they may quote our errors)."""
    if record.name.startswith(OUR_LOGGER):
        return True
    if record.name.startswith(NOT_HOME_ASSISTANT):
        return False
    return record.levelno >= logging.WARNING


def leaks(records: Iterable[logging.LogRecord], secrets: dict[str, str]) -> list[str]:
    """`what: logger: message` for every watched record holding a secret."""
    found: list[str] = []
    for record in records:
        if not _is_watched(record):
            continue
        for text in _record_texts(record):
            found.extend(
                f"{what}: {record.name}: {record.getMessage()!r}"
                for what, secret in secrets.items()
                if secret in text
            )
    return found


def ours_at_warning_or_worse(
    records: Iterable[logging.LogRecord],
) -> list[logging.LogRecord]:
    return [
        record
        for record in records
        if record.name.startswith(OUR_LOGGER) and record.levelno >= logging.WARNING
    ]


async def advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float
) -> None:
    """Let time pass: the polls (and the repair timers) due by then run."""
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=10))
    await hass.async_block_till_done(wait_background_tasks=True)


def healthy(entry: MockConfigEntry) -> bool:
    """Whether the entry's last refresh succeeded (read anew: it changes under awaits)."""
    return bool(entry.runtime_data.coordinator.last_update_success)


def state(entry: MockConfigEntry) -> ConfigEntryState:
    """The entry's state now (read anew: it changes under awaits)."""
    current: ConfigEntryState = entry.state
    return current


def device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    return sim_device(hass, entry.unique_id or entry.entry_id, entry.entry_id).id


@pytest.fixture
def debug_logging(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """The integration's loggers at DEBUG, as a user asked to report a problem sets them."""
    caplog.set_level(logging.DEBUG, logger=OUR_LOGGER)
    return caplog


# --- unavailable once, recovered once ------------------------------------------------------


async def test_outage_is_logged_once_and_recovery_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    debug_logging: pytest.LogCaptureFixture,
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    outcomes: list[bool] = []
    init_integration.async_on_unload(
        coordinator.subscribe_refreshes(
            lambda: outcomes.append(coordinator.last_update_success)
        )
    )
    debug_logging.clear()

    await modem_simulator.unplug()
    assert await eventually(lambda: not coordinator.last_update_success)
    for _ in range(4):  # past the five minutes after which a repair issue is raised
        await advance(hass, freezer, 6)
    assert outcomes.count(False) >= 3  # the polls went on, and failed
    assert not healthy(init_integration)
    during = list(debug_logging.records)
    unavailable = ours_at_warning_or_worse(during)
    assert len(unavailable) == 1, [record.getMessage() for record in unavailable]
    assert unavailable[0].levelno in (logging.WARNING, logging.ERROR)
    assert not [r for r in during if "recovered" in r.getMessage()]
    debug_logging.clear()

    await modem_simulator.replug()
    for _ in range(
        4
    ):  # the first poll after the replug finds it; later ones stay quiet
        await advance(hass, freezer, 6)
    assert healthy(init_integration)
    assert outcomes[-3:] == [True, True, True]
    after = list(debug_logging.records)
    recovered = [
        record
        for record in after
        if record.name.startswith(OUR_LOGGER) and "recovered" in record.getMessage()
    ]
    assert len(recovered) == 1
    assert recovered[0].levelno == logging.INFO
    assert ours_at_warning_or_worse(after) == []


# --- nothing private in the logs ---------------------------------------------------------


async def test_nothing_private_is_logged_across_a_full_run(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    freezer: FrozenDateTimeFactory,
    debug_logging: pytest.LogCaptureFixture,
) -> None:
    coordinator = init_integration.runtime_data.coordinator
    device = device_id(hass, init_integration)

    await coordinator.async_check_balance()
    modem_simulator.deliver_sms("6399", RECEIVED_TEXT)
    assert await eventually(
        lambda: any(m.text == RECEIVED_TEXT for m in coordinator.received), 5
    )
    answer = await hass.services.async_call(
        DOMAIN,
        "send_ussd",
        {"device_id": device, "code": "*100#"},
        blocking=True,
        return_response=True,
    )
    assert answer is not None
    reply = answer["reply"]
    assert isinstance(reply, str)
    assert reply
    await hass.services.async_call(
        DOMAIN,
        "send_sms",
        {"device_id": device, "number": SENT_TO, "message": SENT_TEXT},
        blocking=True,
    )
    messages = await hass.services.async_call(
        DOMAIN,
        "read_messages",
        {"device_id": device},
        blocking=True,
        return_response=True,
    )
    assert messages is not None
    listed: Any = messages["messages"]
    texts = [message["text"] for message in listed]
    assert RECEIVED_TEXT in texts
    assert reply in texts
    diagnostics = await async_get_config_entry_diagnostics(hass, init_integration)
    assert diagnostics["modem"]["identity"]["imei"] == "**REDACTED**"

    await modem_simulator.unplug()
    for _ in range(2):
        await advance(hass, freezer, 6)
    await modem_simulator.replug()
    for _ in range(2):
        await advance(hass, freezer, 6)
    assert healthy(init_integration)

    records = debug_logging.records
    assert any(r.name.startswith(OUR_LOGGER) for r in records)  # DEBUG was on
    secrets = {
        **IDENTITIES,
        "received text": RECEIVED_TEXT,
        "sent text": SENT_TEXT,
        "sent to": SENT_TO,
        "USSD reply": reply,
        "USSD reply fragment": "high-speed data left",
    }
    assert leaks(records, secrets) == []


async def test_a_retried_ussd_code_is_not_logged(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    modem_simulator: Simulator,
    debug_logging: pytest.LogCaptureFixture,
) -> None:
    """Regression: a retried command was logged whole (a USSD code may hold a PIN)."""
    device = device_id(hass, init_integration)
    await modem_simulator.fault("sim_busy", count=1)  # the next SIM command: retried
    # The simulated carrier knows no vouchers: the code is refused, after the retry.
    with pytest.raises(HomeAssistantError) as caught:
        await hass.services.async_call(
            DOMAIN,
            "send_ussd",
            {"device_id": device, "code": VOUCHER_CODE},
            blocking=True,
            return_response=True,
        )
    assert caught.value.translation_key == "ussd_failed"
    assert any("retrying" in r.getMessage() for r in debug_logging.records)
    assert leaks(debug_logging.records, {"USSD code": VOUCHER_CODE}) == []


# --- a router's password -------------------------------------------------------------------


@pytest.fixture(params=["huawei_hilink", "zte"])
async def router(
    request: pytest.FixtureRequest, socket_enabled: None
) -> AsyncIterator[HotspotSimulator]:
    """A simulated router of each family with a password of its own."""
    simulator = HotspotSimulator(
        "generic_us", family=request.param, password=ROUTER_PASSWORD
    )
    simulator.carrier.with_spec(reply_delay=0.02, sms_delay=0.02)
    await simulator.start()
    yield simulator
    await simulator.stop()


def _password_forms(password: str) -> dict[str, str]:
    """The password and its base64 (how some HiLink firmwares send it: as good as plain)."""
    return {
        f"password {password}": password,
        f"base64 of {password}": base64.b64encode(password.encode()).decode(),
    }


async def test_router_password_is_never_logged(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    us_home: None,
    router: HotspotSimulator,
    debug_logging: pytest.LogCaptureFixture,
) -> None:
    # Adding the router from the UI: a wrong password first, then the right one.
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "hotspot"}
    )
    for password, outcome in (
        (WRONG_PASSWORDS[0], "hotspot"),
        (ROUTER_PASSWORD, "carrier"),
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {
                CONF_FAMILY: router.family,
                CONF_HOST: router.url,
                CONF_PASSWORD: password,
            },
        )
        assert result["step_id"] == outcome
    hass.config_entries.flow.async_abort(result["flow_id"])

    # An entry whose stored password is wrong: reauth, wrong again, then right.
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Router SIM",
        unique_id=MODEM.iccid,
        data={
            CONF_SOURCE: SOURCE_HOTSPOT,
            CONF_FAMILY: router.family,
            CONF_HOST: router.url,
            CONF_USERNAME: "admin",
            CONF_PASSWORD: WRONG_PASSWORDS[0],
        },
        options={**US_OPTIONS, CONF_LOGOUT_AFTER_POLL: True},
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state(entry) is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    flow_id = flows[0]["flow_id"]
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_PASSWORD: WRONG_PASSWORDS[1]}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_PASSWORD: ROUTER_PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state(entry) is ConfigEntryState.LOADED
    coordinator = entry.runtime_data.coordinator
    await coordinator.async_check_balance()
    await coordinator.async_refresh()  # polled again: a new login with the password
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_get_config_entry_diagnostics(hass, entry)

    records = debug_logging.records
    assert any(r.name.startswith(OUR_LOGGER) for r in records)
    secrets = {
        **_password_forms(ROUTER_PASSWORD),
        **_password_forms(WRONG_PASSWORDS[0]),
        **_password_forms(WRONG_PASSWORDS[1]),
    }
    assert leaks(records, secrets) == []
