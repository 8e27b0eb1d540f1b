"""The HiLink wire protocol: session cookie, rotating CSRF tokens, XML in and out.

Sources: huawei-lte-api (`Session.py`: `SesTokInfo`, the `__RequestVerificationToken`
header, `...one`/`...two` reply headers, a single token reused when only one is
known) and the E5785 firmware's `login.lua`, which after a login also sends a
`#`-joined list of fresh tokens in `__RequestVerificationToken`.
"""

from __future__ import annotations

from collections import deque
import logging
from xml.etree import ElementTree as ET

from aiohttp import ClientSession

from . import xmlsafe
from ._http import Reply, exchange
from .errors import HotspotResponseError
from .hilink_errors import error_for

_LOGGER = logging.getLogger(__package__)
TOKEN_HEADER = "__RequestVerificationToken"  # noqa: S105 - a header name
SESSION_COOKIE = "SessionID"


class HiLinkApi:
    """GETs and token-carrying POSTs to one router's `/api/...`."""

    def __init__(self, session: ClientSession, base_url: str, timeout: float) -> None:
        """Address the router; no request is made yet."""
        self._http = session
        self._base = base_url
        self._timeout = timeout
        self._session_id: str | None = None
        self._tokens: deque[str] = deque()

    @property
    def has_session(self) -> bool:
        """Whether a session cookie is held."""
        return self._session_id is not None

    def forget(self) -> None:
        """Drop the session cookie and tokens."""
        self._session_id = None
        self._tokens.clear()

    async def open_session(self) -> None:
        """`GET /api/webserver/SesTokInfo`: a fresh session cookie and token."""
        self.forget()
        data = await self.get("webserver/SesTokInfo")
        session_info = data.get("SesInfo", "")
        name, _, value = session_info.partition("=")
        if name.strip() == SESSION_COOKIE and value:
            self._session_id = value.strip()
        token = data.get("TokInfo", "").strip()
        if not token:
            raise HotspotResponseError("webserver/SesTokInfo: no token")
        self._tokens.append(token)

    async def token(self) -> str:
        """The token the next write will carry (fetching one if none is held)."""
        if not self._tokens:
            data = await self.get("webserver/SesTokInfo")
            token = data.get("TokInfo", "").strip()
            if not token:
                raise HotspotResponseError("webserver/SesTokInfo: no token")
            self._tokens.append(token)
        return self._tokens[0]

    async def get(self, endpoint: str) -> dict[str, str]:
        """`GET /api/<endpoint>` → the reply's fields."""
        return xmlsafe.fields(await self.get_element(endpoint))

    async def get_element(self, endpoint: str) -> ET.Element:
        """`GET /api/<endpoint>` → the `<response>` element."""
        reply = await exchange(
            self._http,
            "GET",
            f"{self._base}/api/{endpoint}",
            timeout=self._timeout,
            headers=self._headers(self._tokens[0] if self._tokens else None),
        )
        self._take_cookie(reply)
        return _response(endpoint, reply)

    async def post(self, endpoint: str, request: xmlsafe.XmlFields) -> ET.Element:
        """`POST /api/<endpoint>` with the next token; keeps the tokens the reply hands out."""
        token = await self.token()
        if len(self._tokens) > 1:
            self._tokens.popleft()
        headers = self._headers(token)
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        reply = await exchange(
            self._http,
            "POST",
            f"{self._base}/api/{endpoint}",
            timeout=self._timeout,
            headers=headers,
            data=xmlsafe.build(request),
        )
        self._take_cookie(reply)
        self._take_tokens(reply)
        return _response(endpoint, reply)

    def _headers(self, token: str | None) -> dict[str, str]:
        headers = {"X-Requested-With": "XMLHttpRequest"}
        if self._session_id is not None:
            headers["Cookie"] = f"{SESSION_COOKIE}={self._session_id}"
        if token is not None:
            headers[TOKEN_HEADER] = token
        return headers

    def _take_cookie(self, reply: Reply) -> None:
        morsel = reply.cookies.get(SESSION_COOKIE)
        if morsel is not None and morsel.value:
            self._session_id = morsel.value

    def _take_tokens(self, reply: Reply) -> None:
        listed = reply.headers.get(TOKEN_HEADER)
        if listed:
            fresh = [token for token in listed.split("#") if token]
        else:
            fresh = [
                token
                for name in (f"{TOKEN_HEADER}one", f"{TOKEN_HEADER}two")
                if (token := reply.headers.get(name))
            ]
        if fresh:
            self._tokens = deque(fresh)
        # Without successors the last token is used again (older firmware does not rotate).


def _response(endpoint: str, reply: Reply) -> ET.Element:
    root = xmlsafe.parse(reply.body)
    if root.tag == "error":
        details = xmlsafe.fields(root)
        try:
            code = int(details.get("code", ""))
        except ValueError:
            raise HotspotResponseError(f"{endpoint}: error without a code") from None
        raise error_for(endpoint, code, details)
    if root.tag != "response":
        raise HotspotResponseError(f"{endpoint}: unexpected <{root.tag}>")
    return root
