"""Mobile hotspot routers over their local HTTP API: Huawei HiLink and ZTE MF.

Pure Python on aiohttp; imports nothing from Home Assistant. The caller owns the
`aiohttp.ClientSession` (one whose cookie jar accepts IP hosts is fine but not
needed: the clients keep their session cookies themselves).

    client = await connect(session, HotspotFamily.HUAWEI_HILINK, "192.168.8.1",
                           password="...")
    async with client.poll():          # one admin session for the whole poll
        info = await client.identify()
        traffic = await client.traffic()
        texts = await client.messages(delete=True)
    await client.close()
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from enum import StrEnum
from typing import Protocol, runtime_checkable

from aiohttp import ClientSession

from custom_components.data_balance.modem import Sms

from ._base import HotspotOptions
from .errors import (
    HotspotAuthError,
    HotspotBusy,
    HotspotConnectionError,
    HotspotError,
    HotspotLockedOut,
    HotspotNotSupported,
    HotspotRequestError,
    HotspotResponseError,
    HotspotSessionExpired,
    HotspotTimeoutError,
)
from .hilink import HiLinkClient
from .models import HotspotInfo, HotspotNetwork, HotspotSignal, HotspotTraffic
from .zte import ZteClient


class HotspotFamily(StrEnum):
    """Which local API a router speaks."""

    HUAWEI_HILINK = "huawei_hilink"
    ZTE = "zte"


DEFAULT_HOSTS = {
    HotspotFamily.HUAWEI_HILINK: "192.168.8.1",
    HotspotFamily.ZTE: "192.168.0.1",
}


@runtime_checkable
class HotspotClient(Protocol):
    """What the integration uses of any router, whatever its family.

    Every method raises only `HotspotError` subclasses. Calls are serialised: one
    admin session at a time, an expired session re-established once per call.
    """

    async def login(self) -> None:
        """Log in now (proves the password)."""

    async def logout(self) -> None:
        """Log out now, freeing the router's admin session."""

    async def close(self) -> None:
        """Log out quietly and refuse further calls."""

    def poll(self) -> AbstractAsyncContextManager[None]:
        """Group calls under one session; with `logout_after_poll`, log out at the end."""

    async def identify(self) -> HotspotInfo:
        """Model, firmware, serial number, IMEI, IMSI, ICCID, own number."""

    async def traffic(self) -> HotspotTraffic:
        """Month and total byte counters, and the router's plan settings."""

    async def signal(self) -> HotspotSignal:
        """Signal figures (a `modem.Signal` with LTE extras)."""

    async def network(self) -> HotspotNetwork:
        """Connection and SIM state, operator, technology."""

    async def messages(self, *, delete: bool = False) -> list[Sms]:
        """Every text in the inbox, oldest first; optionally deleted once read."""

    async def delete(self, sms: Sms) -> None:
        """Delete one text returned by `messages()`."""

    async def send_sms(self, number: str, text: str) -> None:
        """Send a text."""

    async def ussd(self, code: str) -> str:
        """Send a USSD code or menu choice; the network's answer."""


def create_client(
    session: ClientSession,
    family: HotspotFamily | str,
    host: str,
    *,
    username: str = "admin",
    password: str = "",
    options: HotspotOptions | None = None,
) -> HotspotClient:
    """A client for `family` at `host`; nothing is sent yet.

    Raises:
        HotspotRequestError: an unknown family.
        HotspotConnectionError: `host` is not an address.
    """
    try:
        kind = HotspotFamily(family)
    except ValueError:
        raise HotspotRequestError(f"unknown hotspot family {family!r}") from None
    if kind is HotspotFamily.HUAWEI_HILINK:
        return HiLinkClient(
            session, host, username=username, password=password, options=options
        )
    return ZteClient(session, host, password=password, options=options)


async def connect(
    session: ClientSession,
    family: HotspotFamily | str,
    host: str,
    *,
    username: str = "admin",
    password: str = "",
    options: HotspotOptions | None = None,
) -> HotspotClient:
    """A client for `family` at `host`, logged in (the password is proven)."""
    client = create_client(
        session, family, host, username=username, password=password, options=options
    )
    await client.login()
    return client


__all__ = [
    "DEFAULT_HOSTS",
    "HiLinkClient",
    "HotspotAuthError",
    "HotspotBusy",
    "HotspotClient",
    "HotspotConnectionError",
    "HotspotError",
    "HotspotFamily",
    "HotspotInfo",
    "HotspotLockedOut",
    "HotspotNetwork",
    "HotspotNotSupported",
    "HotspotOptions",
    "HotspotRequestError",
    "HotspotResponseError",
    "HotspotSessionExpired",
    "HotspotSignal",
    "HotspotTimeoutError",
    "HotspotTraffic",
    "ZteClient",
    "connect",
    "create_client",
]
