"""What the modem reports about itself, its SIM and the network, and how to read it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
import re

from .errors import ModemReplyError

_ICCID = re.compile(r"^[0-9Ff]{18,22}$")
_PREFIX = re.compile(r"^\s*(?:[+^!$%][A-Z]+:|[A-Za-z ]+:)\s*")


class SimState(StrEnum):
    """What `AT+CPIN?` says (and what an error says when it cannot)."""

    READY = "ready"
    PIN_REQUIRED = "pin_required"
    PUK_REQUIRED = "puk_required"
    NOT_INSERTED = "not_inserted"
    OTHER = "other"


class RegistrationState(StrEnum):
    """`<stat>` of `+CREG`/`+CGREG`/`+CEREG`."""

    NOT_REGISTERED = "not_registered"
    HOME = "home"
    SEARCHING = "searching"
    DENIED = "denied"
    UNKNOWN = "unknown"
    ROAMING = "roaming"


class AccessTechnology(StrEnum):
    """`<AcT>` of `+COPS?`, grouped as people name them."""

    GSM = "gsm"
    UMTS = "umts"
    LTE = "lte"
    NR = "nr"


_REGISTRATION = {
    0: RegistrationState.NOT_REGISTERED,
    1: RegistrationState.HOME,
    2: RegistrationState.SEARCHING,
    3: RegistrationState.DENIED,
    4: RegistrationState.UNKNOWN,
    5: RegistrationState.ROAMING,
    6: RegistrationState.HOME,  # SMS only, home
    7: RegistrationState.ROAMING,  # SMS only, roaming
}
_ACCESS_TECHNOLOGY = {
    0: AccessTechnology.GSM,
    1: AccessTechnology.GSM,
    3: AccessTechnology.GSM,
    2: AccessTechnology.UMTS,
    4: AccessTechnology.UMTS,
    5: AccessTechnology.UMTS,
    6: AccessTechnology.UMTS,
    7: AccessTechnology.LTE,
    8: AccessTechnology.LTE,
    9: AccessTechnology.LTE,
    10: AccessTechnology.LTE,
    11: AccessTechnology.NR,
    12: AccessTechnology.NR,
    13: AccessTechnology.NR,
}
_SIM_STATES = {
    "READY": SimState.READY,
    "SIM PIN": SimState.PIN_REQUIRED,
    "SIM PUK": SimState.PUK_REQUIRED,
}


@dataclass(frozen=True, slots=True)
class ModemInfo:
    """Identity of the modem and its SIM."""

    manufacturer: str
    model: str
    firmware: str
    imei: str
    imsi: str
    iccid: str
    own_number: str | None = None


@dataclass(frozen=True, slots=True)
class Signal:
    """`AT+CSQ`: received signal strength in dBm and bit error rate class, None when unknown."""

    rssi_dbm: int | None
    ber: int | None


@dataclass(frozen=True, slots=True)
class TrafficCounters:
    """Bytes the modem has moved since its counters were last cleared."""

    sent: int
    received: int


@dataclass(frozen=True, slots=True)
class NetworkStatus:
    """Registration, operator and access technology."""

    registration: RegistrationState
    operator: str | None
    access_technology: AccessTechnology | None


def strip_prefix(line: str) -> str:
    """`+CGMI: Quectel` / `Manufacturer: huawei` / `^ICCID: 89...` to the value alone."""
    return _PREFIX.sub("", line, count=1).strip().strip('"')


def parse_value(lines: list[str]) -> str:
    """The single value of an identity command's reply."""
    values = [strip_prefix(line) for line in lines if line.strip()]
    if not values or not values[0]:
        raise ModemReplyError("empty reply")
    return values[0]


def parse_digits(lines: list[str], *, minimum: int, maximum: int) -> str:
    """An IMEI or IMSI: the first run of digits of plausible length."""
    for line in lines:
        digits = re.search(rf"\d{{{minimum},{maximum}}}", line)
        if digits:
            return digits[0]
    raise ModemReplyError(f"no {minimum}-{maximum} digit number in the reply")


def normalise_iccid(value: str, *, swapped: bool = False) -> str | None:
    """An ICCID in its printed form, un-swapping BCD nibbles when needed; None if implausible.

    ICCIDs start with 89 (the telecom industry identifier), so a value that starts with
    98 is nibble-swapped as stored in EF_ICCID.
    """
    value = value.strip().strip('"')
    if not _ICCID.match(value):
        return None
    if swapped or value.startswith("98"):
        value = "".join(
            value[index + 1] + value[index] for index in range(0, len(value) - 1, 2)
        )
    value = value.rstrip("Ff")
    return value if value.isdigit() and value.startswith("89") else None


def parse_crsm_iccid(lines: list[str]) -> str | None:
    """`+CRSM: 144,0,"98..."` (EF_ICCID read) to the ICCID."""
    for line in lines:
        match = re.search(r'\+CRSM:\s*144\s*,\s*0\s*,\s*"?([0-9A-Fa-f]+)"?', line)
        if match:
            return normalise_iccid(match[1], swapped=True)
    return None


def parse_sim_state(lines: list[str]) -> SimState:
    """`+CPIN: READY` and friends."""
    value = parse_value(lines).upper()
    return _SIM_STATES.get(value, SimState.OTHER)


def parse_signal(lines: list[str]) -> Signal:
    """`+CSQ: <rssi>,<ber>`: rssi 0..31 maps to -113..-51 dBm, 99 is unknown."""
    match = next(
        (
            re.search(r"\+CSQ:\s*([0-9]{1,3})\s*,\s*([0-9]{1,3})", line)
            for line in lines
            if "+CSQ" in line
        ),
        None,
    )
    if match is None:
        raise ModemReplyError("no +CSQ in the reply")
    rssi, ber = int(match[1]), int(match[2])
    return Signal(
        rssi_dbm=-113 + 2 * rssi if 0 <= rssi <= 31 else None,
        ber=ber if 0 <= ber <= 7 else None,
    )


def parse_registration(lines: list[str]) -> RegistrationState | None:
    """`+CREG: <n>,<stat>[,...]` (read form) to the registration state."""
    for line in lines:
        match = re.search(r"\+C(?:G|E|5G)?REG:\s*\d+\s*,\s*([0-9]{1,3})\b", line)
        if match:
            return _REGISTRATION.get(int(match[1]), RegistrationState.UNKNOWN)
    return None


def parse_operator(lines: list[str]) -> tuple[str | None, AccessTechnology | None]:
    """`+COPS: <mode>[,<format>,"<oper>"[,<AcT>]]` to the operator and technology."""
    for line in lines:
        match = re.search(
            r'\+COPS:\s*\d+\s*(?:,\s*\d+\s*,\s*"([^"]*)"\s*(?:,\s*([0-9]{1,3})\b)?)?',
            line,
        )
        if match:
            technology = _ACCESS_TECHNOLOGY.get(int(match[2])) if match[2] else None
            return (match[1] or None), technology
    return None, None


def parse_own_number(lines: list[str]) -> str | None:
    """`+CNUM: "","+15550100",145`: the SIM's own number, when it knows it."""
    for line in lines:
        match = re.search(r'\+CNUM:\s*"[^"]*"\s*,\s*"([+\d]+)"', line)
        if match:
            return match[1]
    return None


def parse_dsflowqry(lines: list[str]) -> TrafficCounters | None:
    """Huawei `^DSFLOWQRY: <last time>,<last tx>,<last rx>,<total time>,<total tx>,<total rx>` (hex)."""
    for line in lines:
        match = re.search(r"\^DSFLOWQRY:\s*(.*)$", line)
        if not match:
            continue
        fields = [field.strip() for field in match[1].split(",")]
        try:
            return TrafficCounters(sent=int(fields[4], 16), received=int(fields[5], 16))
        except (IndexError, ValueError):
            return None
    return None
