"""Reading ZTE goform values: UCS2 hex texts, `yy,MM,dd,hh,mm,ss,+q` dates, limits, states."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
import re
from typing import Any

from custom_components.data_balance.modem import AccessTechnology, SimState
from custom_components.data_balance.modem.gsm7 import (
    CodecError,
    decode_ucs2_hex,
    encode_ucs2_hex,
    is_gsm7,
)

from .errors import HotspotRequestError, HotspotResponseError

_CONNECTED = frozenset({"ppp_connected", "ipv6_connected", "ipv4_ipv6_connected"})
_SIM = {
    "modem_init_complete": SimState.READY,
    "modem_waitpin": SimState.PIN_REQUIRED,
    "modem_waitpuk": SimState.PUK_REQUIRED,
    "modem_sim_undetected": SimState.NOT_INSERTED,
    "modem_undetected": SimState.NOT_INSERTED,
    "modem_sim_destroy": SimState.NOT_INSERTED,
}
_TECHNOLOGY = (
    (re.compile(r"5G|NR|ENDC", re.IGNORECASE), AccessTechnology.NR),
    (re.compile(r"LTE|4G", re.IGNORECASE), AccessTechnology.LTE),
    (
        re.compile(r"WCDMA|UMTS|HSPA|HSDPA|HSUPA|TD|3G|DC", re.IGNORECASE),
        AccessTechnology.UMTS,
    ),
    (re.compile(r"GSM|GPRS|EDGE|2G", re.IGNORECASE), AccessTechnology.GSM),
)
_LIMIT = re.compile(r"^\s*(\d+(?:\.\d+)?)_(\d+)\s*$")
MEGABYTE = 1024 * 1024


def text(data: dict[str, Any], *names: str) -> str:
    """The first non-empty field of `names`, as a stripped string."""
    for name in names:
        value = data.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def number(data: dict[str, Any], *names: str) -> float | None:
    """The first field of `names` that reads as a number."""
    value = text(data, *names)
    try:
        return float(value)
    except ValueError:
        return None


def whole(data: dict[str, Any], *names: str) -> int | None:
    """Like `number`, rounded."""
    value = number(data, *names)
    return None if value is None else round(value)


def counter(data: dict[str, Any], name: str) -> int:
    """A byte counter; missing or unreadable is a `HotspotResponseError`."""
    value = text(data, name)
    if not value.isdigit():
        raise HotspotResponseError(f"{name} is not a counter")
    return int(value)


def data_limit(size: str) -> int | None:
    """`data_volume_limit_size` `<n>_<MB per unit>` (`10_1024` is 10 GB) in bytes."""
    match = _LIMIT.match(size)
    if match is None:
        return None
    total = float(match[1]) * int(match[2]) * MEGABYTE
    return int(total) if total > 0 else None


def connected(ppp_status: str) -> bool:
    """`ppp_status` says the data connection is up."""
    return ppp_status in _CONNECTED


def sim_state(modem_main_state: str) -> SimState:
    """`modem_main_state` as a SIM state."""
    return _SIM.get(modem_main_state, SimState.OTHER)


def access_technology(network_type: str) -> AccessTechnology | None:
    """`network_type` (`LTE`, `WCDMA`, `GSM`, `ENDC`...) grouped as people name it."""
    for pattern, technology in _TECHNOLOGY:
        if network_type and pattern.search(network_type):
            return technology
    return None


def roaming(simcard_roam: str) -> bool:
    """`simcard_roam`: `Home` (or empty) is not roaming."""
    return simcard_roam.casefold() not in {"", "home"}


def decode_text(hex_text: str) -> str:
    """A UCS2-hex message body or USSD answer."""
    try:
        return decode_ucs2_hex(hex_text.strip())
    except CodecError:
        raise HotspotResponseError("unreadable UCS2 text") from None


def encode_text(body: str) -> tuple[str, str]:
    """A text as the router wants it: (UCS2 hex, `GSM7_default` or `UNICODE`)."""
    try:
        encoded = encode_ucs2_hex(body)
    except CodecError:
        raise HotspotRequestError("the text cannot be encoded") from None
    return encoded, "GSM7_default" if is_gsm7(body) else "UNICODE"


def message_time(value: str, fallback: tzinfo) -> datetime:
    """`26,11,25,12,09,24,+8`: the zone is in quarter hours, as in an SMS time stamp."""
    parts = [part.strip() for part in value.split(",")]
    try:
        year, month, day, hour, minute, second = (int(part) for part in parts[:6])
        zone: tzinfo = fallback
        if len(parts) > 6 and parts[6]:
            zone = timezone(timedelta(minutes=15 * int(parts[6])))
        return datetime(2000 + year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        raise HotspotResponseError("unreadable message date") from None


def send_time(moment: datetime) -> str:
    """`yy;MM;dd;hh;mm;ss;+h` as the web UI sends with a text."""
    offset = moment.utcoffset() or timedelta()
    hours = offset.total_seconds() / 3600
    zone = f"{'+' if hours >= 0 else '-'}{abs(hours):g}"
    return moment.strftime("%y;%m;%d;%H;%M;%S;") + zone
