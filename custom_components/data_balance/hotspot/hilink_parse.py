"""Reading HiLink field values: sizes like `10GB`, `-86dBm`, `2026-11-1`, network types."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
import re

from custom_components.data_balance.modem import AccessTechnology, SimState

from .errors import HotspotResponseError

# ASCII digits only (str.isdigit() takes "²", which int() refuses), and at most 19 of
# them: no router counts past 2**63, and Python refuses to parse 4,300 digits or more.
_INTEGER = re.compile(r"-?[0-9]{1,19}")
_SIZE = re.compile(
    r"^\s*([0-9]{1,15}(?:\.[0-9]{1,6})?)\s*([KMGT]?)B?\s*$", re.IGNORECASE
)
_NUMBER = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,6})?")
_POWERS = {"": 0, "K": 1, "M": 2, "G": 3, "T": 4}
CONNECTED = "901"
SIM_READY = "1"
SIM_ABSENT = frozenset({"0", "255"})


def counter(fields: dict[str, str], name: str) -> int:
    """A byte counter; a missing or unreadable one is a `HotspotResponseError`."""
    value = fields.get(name, "").strip()
    if value.startswith("-") or not _INTEGER.fullmatch(value):
        raise HotspotResponseError(f"{name} is not a counter")
    return int(value)


def optional_int(value: str | None) -> int | None:
    """An integer field, None when empty or unreadable."""
    if value is None:
        return None
    text = value.strip()
    return int(text) if _INTEGER.fullmatch(text) else None


def data_limit(value: str | None) -> int | None:
    """`10GB`, `1000MB`, `0MB` to bytes (HiLink counts in 1024s); None for none or unreadable."""
    match = _SIZE.match(value or "")
    if match is None:
        return None
    size = float(match[1]) * 1024 ** _POWERS[match[2].upper()]
    return int(size) if size > 0 else None


def measurement(value: str | None) -> float | None:
    """`-86dBm`, `&gt;=-51dBm`, `-11.5dB` to the number; None when absent."""
    match = _NUMBER.search(value or "")
    return float(match[0]) if match else None


def whole(value: float | None) -> int | None:
    """A measurement rounded to a whole number."""
    return None if value is None else round(value)


def clear_date(value: str | None) -> date | None:
    """`2026-11-1` (not always zero-padded) to a date; None when absent or unreadable."""
    parts = (value or "").strip().split("-")
    if len(parts) != 3 or not all(_INTEGER.fullmatch(part) for part in parts):
        return None
    try:
        year, month, day = (int(part) for part in parts)
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def message_time(value: str, zone: tzinfo) -> datetime:
    """`2026-11-25 12:09:24` in the router's zone."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(
            tzinfo=zone
        )
    except ValueError:
        raise HotspotResponseError("unreadable message date") from None


def access_technology(network_type: str | None) -> AccessTechnology | None:
    """`CurrentNetworkType` (or `...Ex`) to GSM/UMTS/LTE/NR, per huawei-lte-api's enum."""
    code = optional_int(network_type)
    if code is None or code == 0:
        return None
    if code in {1, 2, 3, 21, 22}:
        return AccessTechnology.GSM
    if code in {19, 101} or 1011 <= code <= 1019:
        return AccessTechnology.LTE
    if code in {111, 112, 113}:
        return AccessTechnology.NR
    return AccessTechnology.UMTS


def sim_state(sim_status: str | None) -> SimState:
    """`SimStatus`: 1 a usable SIM, 0/255 none or invalid."""
    value = (sim_status or "").strip()
    if value == SIM_READY:
        return SimState.READY
    if value in SIM_ABSENT:
        return SimState.NOT_INSERTED
    return SimState.OTHER
