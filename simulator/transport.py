"""How the simulated modem reaches a host: a TCP port (like ser2net) or a pseudo-terminal."""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path
import tty

from .modem import ModemEngine
from .rfc2217 import TelnetCodec, escape


class _StreamLink:
    """One TCP client of the modem (raw, or RFC 2217 with Telnet escaping)."""

    def __init__(self, writer: asyncio.StreamWriter, *, telnet: bool) -> None:
        self.writer = writer
        self.telnet = telnet

    def write(self, data: bytes) -> None:
        if not self.writer.is_closing():
            self.writer.write(escape(data) if self.telnet else data)


class TcpPort:
    """The modem on a TCP port, reachable as `socket://host:port`."""

    def __init__(
        self, engine: ModemEngine, host: str, port: int, *, rfc2217: bool = False
    ) -> None:
        """Prepare to listen on host:port (port 0 picks a free one at the first start).

        With `rfc2217`, the port speaks RFC 2217 like a serial access server (ser2net's
        telnet mode), reachable as `rfc2217://host:port`.
        """
        self.engine = engine
        self.rfc2217 = rfc2217
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None
        self._clients: dict[_StreamLink, asyncio.Task[None]] = {}

    @property
    def url(self) -> str:
        """The serial URL a client opens."""
        scheme = "rfc2217" if self.rfc2217 else "socket"
        return f"{scheme}://{self.host}:{self.port}"

    async def start(self) -> None:
        """Listen (again) on the same port."""
        self._server = await asyncio.start_server(
            self._serve, self.host, self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and drop every client."""
        if self._server is not None:
            self._server.close()
            self._server = None
        await self.drop_clients()

    async def drop_clients(self) -> None:
        """Close every open connection, as a ser2net restart does."""
        for link, task in list(self._clients.items()):
            link.writer.close()
            task.cancel()
        for task in list(self._clients.values()):
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await task

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        link = _StreamLink(writer, telnet=self.rfc2217)
        codec = TelnetCodec(writer.write) if self.rfc2217 else None
        if (task := asyncio.current_task()) is not None:
            self._clients[link] = task
        self.engine.attach(link)
        try:
            while data := await reader.read(4096):
                self.engine.receive(codec.feed(data) if codec is not None else data)
        except ConnectionError:
            pass
        finally:
            self.engine.detach(link)
            self._clients.pop(link, None)
            writer.close()


class _PtyLink:
    """The master side of a pseudo-terminal."""

    def __init__(self, master: int) -> None:
        self.master = master
        self._pending = bytearray()

    def write(self, data: bytes) -> None:
        self._pending.extend(data)
        self.flush()

    def flush(self) -> None:
        while self._pending:
            try:
                written = os.write(self.master, self._pending)
            except BlockingIOError:
                asyncio.get_running_loop().add_writer(self.master, self._flush_later)
                return
            except OSError:
                self._pending.clear()
                return
            del self._pending[:written]

    def _flush_later(self) -> None:
        asyncio.get_running_loop().remove_writer(self.master)
        self.flush()


class PtyPort:
    """The modem on a pseudo-terminal, like a USB modem's `/dev/ttyUSB2`."""

    def __init__(self, engine: ModemEngine, link_path: Path | None = None) -> None:
        """Prepare a pty; `link_path` is kept pointing at it, like a `/dev/serial/by-id` link."""
        self.engine = engine
        self.link_path = link_path
        self.path = ""
        self._master = -1
        self._slave = -1
        self._link: _PtyLink | None = None

    @property
    def url(self) -> str:
        """The path a client opens (the stable link when there is one)."""
        return str(self.link_path) if self.link_path else self.path

    async def start(self) -> None:
        """Create the pty (a new one after every replug, as the kernel does)."""
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self.path = os.ttyname(self._slave)
        if self.link_path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link_path.unlink()
            self.link_path.symlink_to(self.path)
        self._link = _PtyLink(self._master)
        self.engine.attach(self._link)
        asyncio.get_running_loop().add_reader(self._master, self._readable)

    async def stop(self) -> None:
        """Remove the pty: the device node disappears, as on a USB unplug."""
        if self._link is None:
            return
        loop = asyncio.get_running_loop()
        loop.remove_reader(self._master)
        loop.remove_writer(self._master)
        self.engine.detach(self._link)
        self._link = None
        os.close(self._master)
        os.close(self._slave)
        if self.link_path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link_path.unlink()

    async def drop_clients(self) -> None:
        """A pty has no connection to drop; a hang-up is an unplug."""
        await self.stop()
        await self.start()

    def _readable(self) -> None:
        try:
            data = os.read(self._master, 4096)
        except BlockingIOError:
            return
        except OSError:
            return
        self.engine.receive(data)
