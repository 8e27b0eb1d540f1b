"""One HTTP exchange with a router, with every transport failure made a library error."""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout
from multidict import CIMultiDictProxy

from .errors import HotspotConnectionError, HotspotNotSupported, HotspotResponseError

MAX_BODY_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Reply:
    """What came back: status, headers, cookies set, and the body."""

    status: int
    headers: CIMultiDictProxy[str]
    cookies: SimpleCookie
    body: bytes


def base_url(host: str) -> str:
    """`192.168.8.1`, `http://192.168.8.1/` or `router:8080` to `http://host[:port]`."""
    text = host.strip()
    if "://" not in text:
        text = f"http://{text}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise HotspotConnectionError("not a router address") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise HotspotConnectionError("not a router address")
    host_part = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host_part}" + (f":{port}" if port else "")


async def exchange(
    session: ClientSession,
    method: str,
    url: str,
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
    data: bytes | str | None = None,
) -> Reply:
    """Send one request; transport trouble is a `HotspotConnectionError`.

    A 404 or a redirect (routers redirect unknown API paths to their home page) is
    `HotspotNotSupported`; any other non-200 status is a `HotspotResponseError`.
    """
    path = urlsplit(url).path
    try:
        async with session.request(
            method,
            url,
            headers=headers,
            data=data,
            timeout=ClientTimeout(total=timeout),
            allow_redirects=False,
        ) as response:
            body = await response.content.read(MAX_BODY_BYTES + 1)
            reply = Reply(
                status=response.status,
                headers=response.headers,
                cookies=response.cookies,
                body=body,
            )
    except (ClientError, TimeoutError, OSError) as err:
        raise HotspotConnectionError(f"{method} {path}: {type(err).__name__}") from None
    if len(reply.body) > MAX_BODY_BYTES:
        raise HotspotResponseError(f"{path}: reply too large")
    if reply.status == 404 or 300 <= reply.status < 400:
        raise HotspotNotSupported(f"{path}: HTTP {reply.status}")
    if reply.status != 200:
        raise HotspotResponseError(f"{path}: HTTP {reply.status}")
    return reply
