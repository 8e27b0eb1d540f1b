"""Plain-JSON helpers shared by the state classes (strict readers, UTC timestamps)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from .errors import StateError

type JsonValue = (
    str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None
)
type JsonObject = dict[str, JsonValue]

VERSION_KEY = "version"


def check_version(data: JsonObject, version: int) -> None:
    """Raise `StateError` unless `data` carries exactly `version`."""
    found = data.get(VERSION_KEY)
    if found != version or isinstance(found, bool):
        raise StateError(f"unsupported state version {found!r}, expected {version}")


def dump_time(moment: datetime | None) -> str | None:
    """Serialise an aware datetime as an ISO 8601 string in UTC."""
    return None if moment is None else moment.astimezone(UTC).isoformat()


def dump_decimal(amount: Decimal | None) -> str | None:
    """Serialise a Decimal exactly, as a string."""
    return None if amount is None else str(amount)


def read_object(data: JsonObject, key: str) -> JsonObject:
    """Read a nested object."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise StateError(f"{key!r} is not an object")
    return value


def read_optional_object(data: JsonObject, key: str) -> JsonObject | None:
    """Read a nested object or null."""
    return None if data.get(key) is None else read_object(data, key)


def read_list(data: JsonObject, key: str) -> list[JsonValue]:
    """Read a list."""
    value = data.get(key)
    if not isinstance(value, list):
        raise StateError(f"{key!r} is not a list")
    return value


def as_int(value: JsonValue, key: str) -> int:
    """Check that a JSON value is an integer (booleans are not)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise StateError(f"{key!r} is not an integer")
    return value


def read_int(data: JsonObject, key: str) -> int:
    """Read an integer."""
    return as_int(data.get(key), key)


def read_optional_int(data: JsonObject, key: str) -> int | None:
    """Read an integer or null."""
    return None if data.get(key) is None else read_int(data, key)


def read_str(data: JsonObject, key: str) -> str:
    """Read a string."""
    value = data.get(key)
    if not isinstance(value, str):
        raise StateError(f"{key!r} is not a string")
    return value


def read_time(data: JsonObject, key: str) -> datetime:
    """Read an aware datetime written by `dump_time`."""
    text = read_str(data, key)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as err:
        raise StateError(f"{key!r} is not an ISO 8601 time") from err
    if moment.tzinfo is None:
        raise StateError(f"{key!r} has no time zone")
    return moment.astimezone(UTC)


def read_optional_time(data: JsonObject, key: str) -> datetime | None:
    """Read an aware datetime or null."""
    return None if data.get(key) is None else read_time(data, key)


def read_decimal(data: JsonObject, key: str) -> Decimal:
    """Read a Decimal written by `dump_decimal`."""
    text = read_str(data, key)
    try:
        amount = Decimal(text)
    except InvalidOperation as err:
        raise StateError(f"{key!r} is not a decimal number") from err
    if not amount.is_finite():
        raise StateError(f"{key!r} is not a finite number")
    return amount


def read_optional_decimal(data: JsonObject, key: str) -> Decimal | None:
    """Read a Decimal or null."""
    return None if data.get(key) is None else read_decimal(data, key)
