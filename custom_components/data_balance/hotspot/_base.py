"""What every hotspot client shares: options, one session at a time, re-login once.

A router has a single admin session. The client holds it under a lock so calls never
interleave, re-establishes an expired session once per call (never in a loop), and
can log out after each call or each `poll()` block so a person can still open the
router's own web page.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
from dataclasses import dataclass
from datetime import UTC, tzinfo
import logging

from aiohttp import ClientSession

from .errors import HotspotConnectionError, HotspotError, HotspotSessionExpired

_LOGGER = logging.getLogger(__package__)


@dataclass(frozen=True, slots=True, kw_only=True)
class HotspotOptions:
    """How a client behaves.

    Attributes:
        logout_after_poll: log out after each call (or each `poll()` block), so the
            router's single admin session is free between polls.
        timeout: seconds for one HTTP request.
        ussd_timeout: seconds to wait for the network's USSD answer.
        ussd_poll_interval: seconds between polls for that answer.
        timezone: the zone the router's clock shows (message time stamps).
    """

    logout_after_poll: bool = False
    timeout: float = 10.0
    ussd_timeout: float = 30.0
    ussd_poll_interval: float = 1.0
    timezone: tzinfo = UTC


class BaseClient:
    """Session discipline for a router client; subclasses speak the protocol."""

    def __init__(
        self,
        session: ClientSession,
        *,
        username: str,
        password: str,
        options: HotspotOptions | None,
    ) -> None:
        """Keep the caller's HTTP session and the credentials (never logged)."""
        self._http = session
        self._username = username
        self._password = password
        self.options = options or HotspotOptions()
        self._lock = asyncio.Lock()
        self._holds = 0
        self._logged_in = False
        self._closed = False

    @property
    def logged_in(self) -> bool:
        """Whether the client believes it holds a logged-in session."""
        return self._logged_in

    # --- what subclasses provide ----------------------------------------------------

    async def _login(self) -> None:
        """Open a session and log in (or just open one where no login is needed)."""
        raise NotImplementedError

    async def _logout(self) -> None:
        """End the session on the router."""
        raise NotImplementedError

    def _forget_session(self) -> None:
        """Drop session state the router no longer honours."""
        self._logged_in = False

    # --- the public session surface -------------------------------------------------

    async def login(self) -> None:
        """Log in now (setup uses this to prove the password)."""
        self._check_open()
        async with self._lock:
            self._forget_session()
            await self._login()
            self._logged_in = True

    async def logout(self) -> None:
        """Log out now, if logged in."""
        async with self._lock:
            if self._logged_in:
                await self._logout()
                self._forget_session()

    async def close(self) -> None:
        """Log out (quietly) and refuse further calls; the HTTP session stays the caller's."""
        async with self._lock:
            await self._quiet_logout()
            self._closed = True

    @contextlib.asynccontextmanager
    async def poll(self) -> AsyncIterator[None]:
        """Group calls: with `logout_after_poll`, log out once at the end of the block."""
        self._holds += 1
        try:
            yield
        finally:
            self._holds -= 1
            if self._holds == 0 and self.options.logout_after_poll:
                async with self._lock:
                    await self._quiet_logout()

    # --- running a call -------------------------------------------------------------

    async def _run[T](self, work: Callable[[], Awaitable[T]]) -> T:
        """Run `work` logged in; an expired session is re-established once."""
        self._check_open()
        async with self._lock:
            try:
                if not self._logged_in:
                    await self._login()
                    self._logged_in = True
                try:
                    return await work()
                except HotspotSessionExpired:
                    _LOGGER.debug("router session expired; logging in again once")
                    self._forget_session()
                    await self._login()
                    self._logged_in = True
                    return await work()
            finally:
                if self._holds == 0 and self.options.logout_after_poll:
                    await self._quiet_logout()

    async def _quiet_logout(self) -> None:
        if not self._logged_in:
            return
        try:
            await self._logout()
        except HotspotError as err:
            _LOGGER.debug("logout failed: %s", type(err).__name__)
        self._forget_session()

    def _check_open(self) -> None:
        if self._closed:
            raise HotspotConnectionError("the client is closed")
