"""A raw byte-level client for the simulator tests: no parsing, so it hides nothing."""

from __future__ import annotations

import asyncio
from typing import Self

DEFAULT_WAIT = 2.0


class RawWire:
    """Bytes in, bytes out, over the simulator's TCP port."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        """Wrap an open connection."""
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, url: str) -> Self:
        """Open `socket://host:port`."""
        host, port = url.removeprefix("socket://").rsplit(":", 1)
        reader, writer = await asyncio.open_connection(host, int(port))
        return cls(reader, writer)

    async def send(self, data: bytes) -> None:
        """Write raw bytes."""
        self.writer.write(data)
        await self.writer.drain()

    async def read_until(self, marker: bytes, wait: float = DEFAULT_WAIT) -> bytes:
        """Everything up to and including `marker`."""
        return await asyncio.wait_for(self.reader.readuntil(marker), wait)

    async def command(self, line: str, final: bytes = b"OK\r\n") -> bytes:
        """Send `line` + CR and read through the final result (OK by default)."""
        await self.send(line.encode() + b"\r")
        return await self.read_until(final)

    async def read_for(self, seconds: float) -> bytes:
        """Whatever arrives within `seconds`."""
        received = bytearray()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (left := deadline - loop.time()) > 0:
            try:
                chunk = await asyncio.wait_for(self.reader.read(4096), left)
            except TimeoutError:
                break
            if not chunk:
                break
            received.extend(chunk)
        return bytes(received)

    async def close(self) -> None:
        """Close the connection."""
        self.writer.close()
        await self.writer.wait_closed()
