"""The AT channel over a real socket pair: edge cases of futures and loss."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
from typing import Any

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
