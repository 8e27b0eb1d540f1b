"""Ways to spoil a simulated router's replies, for robustness tests and demos."""

from __future__ import annotations

import asyncio
from collections import deque
import contextlib
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import web

type Spoil = Literal[
    "garbage", "truncated", "entities", "wrong_root", "http_500", "drop", "hang"
]
SPOILS: tuple[Spoil, ...] = (
    "garbage",
    "truncated",
    "entities",
    "wrong_root",
    "http_500",
    "drop",
    "hang",
)
HANG_SECONDS = 3600.0
_ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><response>&b;</response>'
)


@dataclass
class FaultPlan:
    """Spoiled replies and forced error codes waiting for the next requests."""

    spoils: deque[Spoil] = field(default_factory=deque)
    errors: deque[tuple[int, str | None]] = field(default_factory=deque)
    silent: bool = False
    _wake: asyncio.Event = field(default_factory=asyncio.Event)

    def release(self) -> None:
        """End a silence and let hanging requests go on (a stop, or silence off)."""
        self.silent = False
        self._wake.set()
        self._wake = asyncio.Event()

    def spoil(self, kind: Spoil, count: int = 1) -> None:
        """Spoil the next `count` replies this way."""
        if kind not in SPOILS:
            raise ValueError(f"unknown fault {kind!r}")
        self.spoils.extend([kind] * count)

    def error(self, code: int, *, endpoint: str | None = None, count: int = 1) -> None:
        """Answer the next `count` requests (to `endpoint`, or any) with error `code`."""
        self.errors.extend([(code, endpoint)] * count)

    def forced_error(self, path: str) -> int | None:
        """The error code to answer `path` with now, if one is queued for it."""
        for position, (code, endpoint) in enumerate(self.errors):
            if endpoint is None or endpoint == path:
                del self.errors[position]
                return code
        return None

    async def _hang(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), HANG_SECONDS)

    async def apply(self, request: web.Request) -> web.StreamResponse | None:
        """A spoiled reply for this request, or None to answer normally."""
        if self.silent:
            await self._hang()
            return None
        if not self.spoils:
            return None
        kind = self.spoils.popleft()
        if kind == "hang":
            await self._hang()
            return None
        if kind == "drop":
            transport = request.transport
            if transport is not None:
                transport.close()
            return web.Response(status=200)
        if kind == "http_500":
            return web.Response(status=500, text="Internal Server Error")
        body = {
            "garbage": b"\x00\xff<<>>not xml at all{",
            "truncated": b'<?xml version="1.0"?><response><Imei>8676',
            "entities": _ENTITIES,
            "wrong_root": b"<html><body>Login</body></html>",
        }[kind]
        return web.Response(body=body, content_type="text/xml")
