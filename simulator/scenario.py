"""Scenarios: a modem personality and the carrier behind it, loaded from JSON files."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
import json
from pathlib import Path
from typing import Any, Literal

SCENARIO_DIR = Path(__file__).parent / "scenarios"

type UssdMode = Literal["text", "packed_hex"]
type ReplyEncoding = Literal["auto", "ucs2"]
type Answer = Literal["session", "sms"]


class ScenarioError(ValueError):
    """A scenario file is missing or malformed."""


@dataclass(frozen=True, kw_only=True)
class NoiseSpec:
    """An unsolicited line the modem repeats, like Huawei's `^RSSI: 18`."""

    line: str
    interval: float


@dataclass(frozen=True, kw_only=True)
class ModemPersonality:
    """How one model of modem behaves on the wire."""

    manufacturer: str
    model: str
    revision: str
    imei: str
    imsi: str
    iccid: str
    own_number: str = ""
    iccid_commands: tuple[str, ...] = ("+CCID", "+CRSM")
    ussd_mode: UssdMode = "text"
    ussd_reply_before_ok: bool = False
    supports_ussdmode: bool = False
    ussdmode_switchable: bool = True
    supports_dsflowqry: bool = False
    unknown_command_reply: str = "ERROR"
    omit_ok_after: tuple[str, ...] = ()
    line_end: str = "\r\n"
    noise: tuple[NoiseSpec, ...] = ()
    rssi: int = 18
    operator_name: str = "Carrier"
    operator_numeric: str = "00101"
    access_technology: int = 7
    registration: int = 1
    sim_state: Literal["READY", "SIM PIN", "SIM PUK", "ABSENT"] = "READY"
    sim_pin: str = "1234"
    storage_capacity: int = 30


@dataclass(frozen=True, kw_only=True)
class BalanceRequest:
    """One way the carrier answers "how much is left": a USSD code or an SMS keyword."""

    template: str
    answer: Answer = "session"
    ussd_code: str | None = None
    sms_number: str | None = None
    sms_keyword: str | None = None
    session_notice: str = (
        "Your request is being processed. You will receive a text message shortly."
    )


@dataclass(frozen=True, kw_only=True)
class UssdMenu:
    """A USSD menu (`m=1`) with the replies to each choice."""

    code: str
    text: str
    choices: dict[str, str]


@dataclass(frozen=True, kw_only=True)
class CarrierSpec:
    """The carrier's account model and how it words its messages."""

    name: str
    country: str
    sender: str
    plan_bytes: int
    used_bytes: int = 0
    balance: Decimal = Decimal(0)
    currency: str = "USD"
    expires_in_days: int | None = None
    drain_bytes_per_hour: int = 0
    decimal_separator: str = "."
    date_format: str = "%m/%d/%Y"
    unit_base: int = 1000
    reply_encoding: ReplyEncoding = "auto"
    mislabel_dcs: bool = False
    release_notice_first: bool = False
    reply_delay: float = 0.2
    sms_delay: float = 1.0
    requests: tuple[BalanceRequest, ...] = ()
    menus: tuple[UssdMenu, ...] = ()
    top_up_template: str = "Top-up successful."
    low_data_template: str | None = None


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A modem personality plus the carrier behind it."""

    name: str
    description: str
    modem: ModemPersonality
    carrier: CarrierSpec
    inbox: tuple[tuple[str, str], ...] = field(default=())


def _read_shipped() -> dict[str, str]:
    return {
        path.stem: path.read_text(encoding="utf-8")
        for path in sorted(SCENARIO_DIR.glob("*.json"))
    }


# Read once, when the simulator is imported: a simulator started inside a running
# event loop (the tests, Home Assistant's) then never reads a file in that loop.
_SHIPPED = _read_shipped()


def available_scenarios() -> list[str]:
    """Names of the scenarios shipped with the simulator."""
    return list(_SHIPPED)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a shipped scenario by name, or any scenario file by path.

    A file by path is read here: call it before the event loop runs, or in an executor.
    """
    path = Path(name_or_path)
    try:
        text = (
            _SHIPPED[str(name_or_path)]
            if not path.suffix
            else path.read_text(encoding="utf-8")
        )
    except (KeyError, FileNotFoundError) as err:
        raise ScenarioError(
            f"no scenario {name_or_path!r}; shipped: {available_scenarios()}"
        ) from err
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise ScenarioError(f"{path}: {err}") from err
    return scenario_from_dict(raw, default_name=path.stem)


def scenario_from_dict(
    raw: dict[str, Any], *, default_name: str = "custom"
) -> Scenario:
    """Build a scenario from its JSON form."""
    if "expires" in raw.get("carrier", {}):
        # An absolute date would make the simulated plan expire by itself one day.
        raise ScenarioError(
            f"scenario {default_name!r}: dates are relative to the simulator's "
            "start; give carrier.expires_in_days, not carrier.expires"
        )
    try:
        modem_raw = dict(raw["modem"])
        carrier_raw = dict(raw["carrier"])
        modem_raw["noise"] = tuple(
            NoiseSpec(**noise) for noise in modem_raw.get("noise", ())
        )
        for key in ("iccid_commands", "omit_ok_after"):
            if key in modem_raw:
                modem_raw[key] = tuple(modem_raw[key])
        carrier_raw["requests"] = tuple(
            BalanceRequest(**request) for request in carrier_raw.get("requests", ())
        )
        carrier_raw["menus"] = tuple(
            UssdMenu(**menu) for menu in carrier_raw.get("menus", ())
        )
        carrier_raw["balance"] = Decimal(str(carrier_raw.get("balance", "0")))
        return Scenario(
            name=raw.get("name", default_name),
            description=raw.get("description", ""),
            modem=ModemPersonality(**modem_raw),
            carrier=CarrierSpec(**carrier_raw),
            inbox=tuple((sender, text) for sender, text in raw.get("inbox", ())),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as err:
        raise ScenarioError(f"scenario {default_name!r} is malformed: {err!r}") from err
