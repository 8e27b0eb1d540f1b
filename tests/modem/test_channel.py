"""The AT channel over a real socket pair: edge cases of futures and loss."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
from typing import Any

import pytest

from custom_components.data_balance.modem import CmeError, ModemTimeoutError
from custom_components.data_balance.modem.channel import AtChannel


async def test_lost_then_cancelled_command_leaves_nothing_unretrieved() -> None:
    """Regression: a command failed by the port's loss, then cancelled, logged "never retrieved"."""
    loop = asyncio.get_running_loop()
    seen: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _, context: seen.append(context))
    channel = AtChannel(lambda _line: None, lambda _exc: None)
    ours, theirs = socket.socketpair()
    transport, _ = await loop.connect_accepted_socket(lambda: channel, sock=ours)
    try:
        task = asyncio.ensure_future(channel.command("AT", timeout=5))
        await asyncio.sleep(0.01)  # written, waiting for its answer
        channel.connection_lost(None)  # the port goes away...
        task.cancel()  # ...and the caller is cancelled before it wakes
        with contextlib.suppress(asyncio.CancelledError):
            await task
        del task
        gc.collect()
        await asyncio.sleep(0)
        assert seen == []
    finally:
        loop.set_exception_handler(None)
        transport.close()
        theirs.close()


async def pair() -> tuple[AtChannel, socket.socket, asyncio.BaseTransport]:
    """A channel on one end of a socket pair; the test plays the modem on the other."""
    loop = asyncio.get_running_loop()
    channel = AtChannel(lambda _line: None, lambda _exc: None)
    ours, theirs = socket.socketpair()
    theirs.setblocking(False)
    transport, _ = await loop.connect_accepted_socket(lambda: channel, sock=ours)
    return channel, theirs, transport


async def test_stray_ok_before_the_prompt_is_not_success() -> None:
    """Regression: a late OK before `> ` made a text look sent and left the modem at the prompt."""
    channel, modem_side, transport = await pair()
    try:
        task = asyncio.ensure_future(
            channel.command("AT+CMGS=23", timeout=1, prefix="+CMGS:", body="00")
        )
        await asyncio.sleep(0.01)
        modem_side.send(b"\r\nOK\r\n")
        with pytest.raises(ModemTimeoutError, match="instead of the prompt"):
            await task
        await asyncio.sleep(0.01)
        assert modem_side.recv(100).endswith(b"\x1b\r")  # the prompt was cancelled
    finally:
        transport.close()
        modem_side.close()


async def test_late_replies_after_a_timeout_are_not_the_next_answer() -> None:
    """Regression: after a timeout, the old command's lines were taken for the next one's."""
    channel, modem_side, transport = await pair()
    try:
        with pytest.raises(ModemTimeoutError):
            await channel.command("AT+CMGL=4", timeout=0.05)
        next_command = asyncio.ensure_future(
            channel.command("AT+CSQ", timeout=1, prefix="+CSQ:")
        )
        modem_side.send(
            b"\r\n+CMGL: 1,0,,23\r\n0791ABCDEF\r\n\r\nOK\r\n"
        )  # the late answer
        await asyncio.sleep(0.3)
        modem_side.send(b"\r\n+CSQ: 18,99\r\n\r\nOK\r\n")
        assert await next_command == ["+CSQ: 18,99"]
    finally:
        transport.close()
        modem_side.close()


async def test_unreadable_line_does_not_break_the_port() -> None:
    """Regression: `+CME ERROR: ²` raised ValueError inside data_received."""
    channel, modem_side, transport = await pair()
    try:
        task = asyncio.ensure_future(
            channel.command("AT+CPIN?", timeout=1, prefix="+CPIN:")
        )
        await asyncio.sleep(0.01)
        modem_side.send(b"\r\n+CME ERROR: \xc2\xb2\r\n")
        with pytest.raises(CmeError):
            await task
        assert not channel.closed
    finally:
        transport.close()
        modem_side.close()
