"""AT command-line syntax: splitting a command line, parsing arguments, error texts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CME_TEXT = {
    3: "operation not allowed",
    4: "operation not supported",
    10: "SIM not inserted",
    11: "SIM PIN required",
    12: "SIM PUK required",
    13: "SIM failure",
    14: "SIM busy",
    16: "incorrect password",
    21: "invalid index",
    30: "no network service",
    100: "unknown",
    515: "device busy",
}
CMS_TEXT = {
    302: "operation not allowed",
    304: "invalid PDU mode parameter",
    305: "invalid text mode parameter",
    310: "SIM not inserted",
    311: "SIM PIN required",
    314: "SIM busy",
    316: "SIM PUK required",
    321: "invalid memory index",
    322: "memory full",
    331: "no network service",
    500: "unknown error",
}


class ErrorFamily(StrEnum):
    """Which final error result a failure uses."""

    CME = "CME"
    CMS = "CMS"


class AtError(Exception):
    """A command failed; rendered as ERROR, +CME ERROR or +CMS ERROR per `AT+CMEE`."""

    def __init__(self, family: ErrorFamily, code: int) -> None:
        """Remember the error family and its numeric code."""
        super().__init__(f"+{family} ERROR: {code}")
        self.family = family
        self.code = code

    def render(self, cmee: int) -> str:
        """The final result line for the current `AT+CMEE` mode."""
        if cmee == 0:
            return "ERROR"
        if cmee == 2:
            table = CME_TEXT if self.family is ErrorFamily.CME else CMS_TEXT
            return f"+{self.family} ERROR: {table.get(self.code, self.code)}"
        return f"+{self.family} ERROR: {self.code}"


def cme(code: int) -> AtError:
    """An equipment error."""
    return AtError(ErrorFamily.CME, code)


def cms(code: int) -> AtError:
    """A message service error."""
    return AtError(ErrorFamily.CMS, code)


class Form(StrEnum):
    """The four forms of an extended command."""

    EXECUTE = "execute"  # AT+CSQ
    READ = "read"  # AT+CREG?
    TEST = "test"  # AT+CREG=?
    SET = "set"  # AT+CREG=1


@dataclass(frozen=True, slots=True)
class Command:
    """One command of a command line, such as `+CMGL` with its arguments."""

    name: str
    form: Form
    args: tuple[str, ...] = ()
    raw_args: str = ""


def split_command_line(body: str) -> list[str]:
    """Split what follows `AT` into commands: `E0`, `+CMGF=1;+CSCS="GSM"` and so on."""
    commands: list[str] = []
    current: list[str] = []
    in_quotes = False
    for char in body:
        if char == '"':
            in_quotes = not in_quotes
        if char == ";" and not in_quotes:
            commands.append("".join(current))
            current = []
            continue
        current.append(char)
    commands.append("".join(current))
    return [part.strip() for part in commands if part.strip()]


def split_basic(segment: str) -> list[str]:
    """Split basic commands written together (`E0V1`) into `["E0", "V1"]`."""
    parts: list[str] = []
    index = 0
    while index < len(segment):
        start = index
        index += 2 if segment[index] == "&" else 1
        while index < len(segment) and segment[index].isdigit():
            index += 1
        parts.append(segment[start:index].upper())
    return parts


def parse_extended(segment: str) -> Command:
    """Parse `+CMGS="123"` / `^USSDMODE?` / `+CREG=?` / `+CSQ` into a Command."""
    for marker, form in (("=?", Form.TEST), ("?", Form.READ), ("=", Form.SET)):
        position = segment.find(marker)
        if position > 0:
            name = segment[:position].upper()
            raw = segment[position + len(marker) :]
            if form is Form.READ and raw:
                break
            return Command(name=name, form=form, args=split_args(raw), raw_args=raw)
    return Command(name=segment.upper(), form=Form.EXECUTE)


def split_args(raw: str) -> tuple[str, ...]:
    """Split comma-separated arguments, removing the quotes around strings."""
    if not raw:
        return ()
    args: list[str] = []
    current: list[str] = []
    in_quotes = False
    for char in raw:
        if char == '"':
            in_quotes = not in_quotes
            continue
        if char == "," and not in_quotes:
            args.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    args.append("".join(current).strip())
    return tuple(args)


def int_arg(args: tuple[str, ...], position: int, default: int | None = None) -> int:
    """An integer argument, or an error a modem would give for a bad one."""
    if position >= len(args) or args[position] == "":
        if default is None:
            raise cme(3)
        return default
    try:
        return int(args[position])
    except ValueError as err:
        raise cme(3) from err
