"""The AT channel: one command in flight, replies matched to it, URCs routed aside.

An asyncio protocol in the manner of bellows and zigpy-znp: bytes are framed into lines
(`framing.LineSplitter`), each line is either part of the pending command's reply, its
final result, or an unsolicited result code (URC) for the subscribers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
from dataclasses import dataclass, field
import logging
import re
import time
from typing import Any

from .errors import (
    CmeError,
    CmsError,
    CommandError,
    ModemConnectionError,
    ModemError,
    ModemTimeoutError,
    SimNotInsertedError,
    SimPinRequiredError,
    SimPukRequiredError,
    StorageFullError,
)
from .framing import Line, LineSplitter, Prompt

_LOGGER = logging.getLogger(__name__)

CTRL_Z = b"\x1a"
RESYNC_QUIET = 0.2
RESYNC_GAP = 0.1  # a line silent this long is done sending
RESYNC_LIMIT = 5.0
ESC = b"\x1b"
FINAL_ERRORS = frozenset(
    {
        "ERROR",
        "NO CARRIER",
        "COMMAND NOT SUPPORT",
        "TOO MANY PARAMETERS",
        "NO DIALTONE",
        "BUSY",
        "NO ANSWER",
    }
)
URC_PREFIXES = (
    "+CMTI:",
    "+CMT:",
    "+CDSI:",
    "+CDS:",
    "+CBM:",
    "+CUSD:",
    "+CREG:",
    "+CGREG:",
    "+CEREG:",
    "+C5GREG:",
    "+CLIP:",
    "+CRING:",
    "+CIEV:",
    "+CPIN:",
    "+CFUN:",
    "+QIND:",
    "+QUSIM:",
    "+PBREADY",
    "^",
    "RING",
    "RDY",
    "SMS DONE",
    "PB DONE",
    "SMS Ready",
    "Call Ready",
)
URCS_WITH_BODY = ("+CMT:", "+CDS:", "+CBM:")
_ERROR = re.compile(r"^\+(CME|CMS) ERROR:\s*(.*)$")
_CODE = re.compile(r"[0-9]{1,6}")
_QUOTED = re.compile(r'"[^"]*"')
VERBOSE_CME = {
    "operation not allowed": 3,
    "operation not supported": 4,
    "sim not inserted": 10,
    "sim pin required": 11,
    "sim puk required": 12,
    "sim failure": 13,
    "sim busy": 14,
    "sim wrong": 15,
    "incorrect password": 16,
    "memory full": 20,
    "invalid index": 21,
    "not found": 22,
    "no network service": 30,
    "network timeout": 31,
    "unknown": 100,
    "device busy": 515,
}
VERBOSE_CMS = {
    "me failure": 300,
    "operation not allowed": 302,
    "operation not supported": 303,
    "invalid pdu mode parameter": 304,
    "invalid text mode parameter": 305,
    "sim not inserted": 310,
    "sim pin required": 311,
    "sim failure": 313,
    "sim busy": 314,
    "sim puk required": 316,
    "invalid memory index": 321,
    "memory full": 322,
    "smsc address unknown": 330,
    "no network service": 331,
    "unknown error": 500,
}
SIM_ERRORS: dict[int, type[ModemError]] = {
    10: SimNotInsertedError,
    11: SimPinRequiredError,
    12: SimPukRequiredError,
    310: SimNotInsertedError,
    311: SimPinRequiredError,
    316: SimPukRequiredError,
}


@dataclass
class _Pending:
    """The command in flight and what has come back for it so far."""

    text: str
    prefix: str | None
    future: asyncio.Future[list[str]]
    lines: list[str] = field(default_factory=list)
    echo_seen: bool = False
    line_arrived: asyncio.Event = field(default_factory=asyncio.Event)
    prompt: asyncio.Future[None] | None = None


class AtChannel(asyncio.Protocol):
    """Frames the modem's byte stream and runs one command at a time."""

    def __init__(
        self, on_urc: Callable[[str], None], on_lost: Callable[[Exception | None], None]
    ) -> None:
        """Deliver URCs to `on_urc`; call `on_lost` once when the port goes away."""
        self._on_urc = on_urc
        self._on_lost = on_lost
        self._splitter = LineSplitter()
        self._transport: asyncio.BaseTransport | None = None
        self._pending: _Pending | None = None
        self._lock = asyncio.Lock()
        self._urc_with_body: str | None = None
        self._closing = False
        self._lost = asyncio.Event()
        self._dirty = False
        self.bytes_received = 0
        self._last_received = 0.0
        self.bytes_sent = 0
        self.commands_sent = 0
        self.closed = False

    # --- asyncio.Protocol ------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """The port is open."""
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        """Bytes from the modem."""
        self.bytes_received += len(data)
        self._last_received = time.monotonic()
        for event in self._splitter.feed(data):
            try:
                if isinstance(event, Prompt):
                    self._prompt_arrived()
                else:
                    self._line_arrived(event)
            except Exception:  # noqa: BLE001 - one unreadable line must not end the port
                _LOGGER.debug("Skipped a line the modem sent that could not be handled")

    def connection_lost(self, exc: Exception | None) -> None:
        """The port went away: fail what waits, tell the owner once."""
        self._lost.set()
        if self.closed:
            return
        self.closed = True
        self._transport = None
        if self._pending is not None:
            _fail(self._pending.future, ModemConnectionError("the modem went away"))
        if not self._closing:
            self._on_lost(exc)

    def close(self) -> None:
        """Close the port (the owner's choice, not a loss: `on_lost` is not called)."""
        self._closing = True
        if self._transport is not None:
            self._transport.close()

    async def wait_closed(self, timeout: float) -> None:
        """Wait until the port is really closed (its descriptor and lock released)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._lost.wait()

    # --- commands --------------------------------------------------------------

    async def command(
        self,
        text: str,
        *,
        timeout: float,
        prefix: str | None = None,
        ok_optional: bool = False,
        body: str | None = None,
    ) -> list[str]:
        """Send `AT...` and return its information lines; raise on an error result.

        `prefix` marks reply lines that would otherwise look like URCs (`+CREG:` for
        `AT+CREG?`). With `ok_optional`, a reply whose final `OK` never comes is still
        accepted once its lines have stopped arriving. `body` is sent after the `> `
        prompt, ended by Ctrl-Z.
        """
        async with self._lock:
            if self.closed or self._transport is None:
                raise ModemConnectionError("the port is closed")
            if self._dirty:
                await self._resync()
            loop = asyncio.get_running_loop()
            pending = _Pending(text=text, prefix=prefix, future=loop.create_future())
            if body is not None:
                pending.prompt = loop.create_future()
                self._splitter.expect_prompt = True
            self._pending = pending
            try:
                self._write(text.encode("ascii") + b"\r")
                if body is not None and pending.prompt is not None:
                    await self._send_body(pending, pending.prompt, body, timeout)
                return await self._wait(pending, timeout, ok_optional=ok_optional)
            finally:
                self._pending = None
                self._splitter.expect_prompt = False
                if not pending.future.done():
                    # Cancelled before its final result: the reply may still come, and
                    # must not be taken for the next command's.
                    self._dirty = True
                _settle(pending.future)

    async def abort_prompt(self) -> None:
        """Leave a `> ` prompt another program may have left the modem at (ESC cancels it)."""
        async with self._lock:
            self._write(ESC + b"\r")
            self._dirty = True

    async def _resync(self) -> None:
        """After a timeout, let late replies pass before the next command is sent.

        Whatever arrives before the line falls quiet (the old command's lines, a late
        `OK`, the answer to this `AT`) goes nowhere, so none of it is taken for the next
        answer. A slow line may still be sending the old reply: the wait goes on until
        the line has been silent for `RESYNC_GAP`, up to `RESYNC_LIMIT`.
        """
        self._write(b"AT\r")
        give_up = time.monotonic() + RESYNC_LIMIT
        await asyncio.sleep(RESYNC_QUIET)
        while time.monotonic() < give_up:
            silent_for = time.monotonic() - self._last_received
            if silent_for >= RESYNC_GAP:
                break
            await asyncio.sleep(RESYNC_GAP - silent_for)
        self._dirty = False

    async def _send_body(
        self, pending: _Pending, prompt: asyncio.Future[None], body: str, timeout: float
    ) -> None:
        waiters: set[asyncio.Future[Any]] = {prompt, pending.future}
        done, _ = await asyncio.wait(
            waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if prompt in done:
            self._write(body.encode("ascii") + CTRL_Z)
            return
        if not done or (pending.future.done() and pending.future.exception() is None):
            # No prompt, or an `OK` left over from before came instead: abort, and let
            # late replies pass before the next command, so none is taken for its answer.
            self._pending = None
            self._write(ESC + b"\r")
            self._dirty = True
            reason = "no prompt" if not done else "an answer came instead of the prompt"
            raise ModemTimeoutError(f"{describe(pending.text)}: {reason}")
        # An error result came instead of the prompt: _wait raises it.

    async def _wait(
        self, pending: _Pending, timeout: float, *, ok_optional: bool
    ) -> list[str]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        settle = min(0.5, timeout)
        while not pending.future.done():
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            wait_for = (
                min(remaining, settle) if ok_optional and pending.lines else remaining
            )
            pending.line_arrived.clear()
            try:
                async with asyncio.timeout(wait_for):
                    await _first_of(pending.future, pending.line_arrived)
            except TimeoutError:
                if ok_optional and pending.lines:
                    _LOGGER.debug(
                        "%s: no final result; taking the %d line(s) received",
                        describe(pending.text),
                        len(pending.lines),
                    )
                    self._dirty = True
                    return pending.lines
        if pending.future.done():
            return pending.future.result()
        self._dirty = True
        raise ModemTimeoutError(
            f"{describe(pending.text)}: no answer within {timeout:g} s"
        )

    def _write(self, data: bytes) -> None:
        if self._transport is None or not isinstance(
            self._transport, asyncio.WriteTransport
        ):
            raise ModemConnectionError("the port is closed")
        self.bytes_sent += len(data)
        self.commands_sent += 1 if data.endswith(b"\r") else 0
        self._transport.write(data)

    # --- incoming lines ----------------------------------------------------------

    def _prompt_arrived(self) -> None:
        pending = self._pending
        if (
            pending is not None
            and pending.prompt is not None
            and not pending.prompt.done()
        ):
            pending.prompt.set_result(None)

    def _line_arrived(self, event: Line) -> None:
        line = event.text
        if self._urc_with_body is not None:
            header, self._urc_with_body = self._urc_with_body, None
            self._on_urc(f"{header}\n{line}")
            return
        pending = self._pending
        if (
            pending is not None
            and not pending.echo_seen
            and line.strip() == pending.text
        ):
            pending.echo_seen = True
            return
        if pending is not None and _is_final(line):
            self._finish(pending, line)
            return
        if (
            pending is not None
            and pending.prefix is not None
            and line.startswith(pending.prefix)
        ):
            self._collect(pending, line)
        elif line.startswith(URC_PREFIXES):
            if line.startswith(URCS_WITH_BODY):
                self._urc_with_body = line
            else:
                self._on_urc(line)
        elif pending is not None:
            self._collect(pending, line)
        else:
            self._on_urc(line)

    def _collect(self, pending: _Pending, line: str) -> None:
        pending.lines.append(line)
        pending.line_arrived.set()

    def _finish(self, pending: _Pending, final: str) -> None:
        if pending.future.done():
            return
        if final == "OK":
            pending.future.set_result(pending.lines)
        else:
            pending.future.set_exception(error_for(pending.text, final))


def _is_final(line: str) -> bool:
    return (
        line == "OK"
        or line in FINAL_ERRORS
        or line.startswith(("+CME ERROR:", "+CMS ERROR:"))
    )


def error_for(command: str, final: str) -> ModemError:
    """The exception for a final error result, numeric or verbose."""
    match = _ERROR.match(final)
    if match is None:
        return CommandError(describe(command), final)
    family, detail = match[1], match[2].strip()
    table = VERBOSE_CME if family == "CME" else VERBOSE_CMS
    code = int(detail) if _CODE.fullmatch(detail) else table.get(detail.casefold())
    command = describe(command)
    if code in SIM_ERRORS:
        return SIM_ERRORS[code](f"{command}: {final}")
    if family == "CMS" and code == 322:
        return StorageFullError(f"{command}: {final}")
    error_class = CmeError if family == "CME" else CmsError
    return error_class(command, final, code)


def describe(command: str) -> str:
    """A command as errors and logs may show it, without its quoted arguments.

    Those are USSD codes, menu answers that may be top-up PINs, and phone numbers.
    """
    return _QUOTED.sub('"…"', command)


def _settle(future: asyncio.Future[list[str]]) -> None:
    """A command is over (answered, timed out or cancelled): leave no future behind unseen."""
    if not future.done():
        future.cancel()
    elif not future.cancelled():
        future.exception()  # mark it retrieved: the caller may have gone


def _fail(
    future: asyncio.Future[object] | asyncio.Future[list[str]] | asyncio.Future[None],
    error: Exception,
) -> None:
    if not future.done():
        future.set_exception(error)


async def _first_of(future: asyncio.Future[list[str]], event: asyncio.Event) -> None:
    """Wait until the future is done or the event is set."""
    waiter = asyncio.ensure_future(event.wait())
    waiters: set[asyncio.Future[Any]] = {future, waiter}
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
