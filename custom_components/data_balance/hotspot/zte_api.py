"""The ZTE "goform" wire protocol: JSON reads, form-encoded writes, LD/RD/AD tokens.

Sources: docs/protocols.md §5; a live-verified MF935 client (Dart, "routspan":
`zte_client.dart`, ported from the stock web UI's service.js/util.js) and an MC7010
aiohttp script: reads are `GET /goform/goform_get_cmd_process?isTest=false&cmd=a,b
&multi_data=1` (table reads such as `sms_data_total` go without `multi_data`);
the `Referer: http://<host>/index.html` header is required; writes are `POST
/goform/goform_set_cmd_process` with `goformId=...`, and on firmware that reports a
`wa_inner_version` they carry `AD = md5(md5(wa_inner_version + cr_version) + RD)`
with a fresh `RD`. Newer firmware keeps the login in a `stok` cookie, older firmware
by the client's address.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import hashlib
import json
from typing import Any
from urllib.parse import urlencode

from aiohttp import ClientSession

from ._http import Reply, exchange
from .errors import HotspotResponseError

SESSION_COOKIE = "stok"
type Fields = dict[str, Any]


def ad_token(inner_version: str, cr_version: str, rd: str) -> str:
    """The `AD` anti-forgery value a write carries on newer firmware."""
    first = hashlib.md5((inner_version + cr_version).encode()).hexdigest()  # noqa: S324 - the router's scheme
    return hashlib.md5((first + rd).encode()).hexdigest()  # noqa: S324 - the router's scheme


class ZteApi:
    """Reads and writes to one router's `/goform/...`."""

    def __init__(self, session: ClientSession, base_url: str, timeout: float) -> None:
        """Address the router; no request is made yet."""
        self._http = session
        self._base = base_url
        self._timeout = timeout
        self._stok: str | None = None
        self._versions: tuple[str, str] | None = None

    def forget(self) -> None:
        """Drop the session cookie."""
        self._stok = None

    async def get(
        self, commands: Sequence[str], extra: Mapping[str, str | int] | None = None
    ) -> Fields:
        """Read `commands` (one table read, or several plain fields at once)."""
        query: dict[str, str | int] = {"isTest": "false", "cmd": ",".join(commands)}
        if len(commands) > 1:
            query["multi_data"] = 1
        query.update(extra or {})
        reply = await exchange(
            self._http,
            "GET",
            f"{self._base}/goform/goform_get_cmd_process?{urlencode(query)}",
            timeout=self._timeout,
            headers=self._headers(),
        )
        return self._json(reply, "goform_get_cmd_process")

    async def set(self, goform_id: str, fields: Mapping[str, str | int]) -> Fields:
        """Write `goformId` with `fields`, carrying an AD token where the firmware wants one."""
        form: dict[str, str | int] = {"isTest": "false", "goformId": goform_id}
        form.update(fields)
        ad = await self._ad()
        if ad is not None:
            form["AD"] = ad
        headers = self._headers()
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        reply = await exchange(
            self._http,
            "POST",
            f"{self._base}/goform/goform_set_cmd_process",
            timeout=self._timeout,
            headers=headers,
            data=urlencode(form),
        )
        return self._json(reply, goform_id)

    async def _ad(self) -> str | None:
        if self._versions is None:
            versions = await self.get(["wa_inner_version", "cr_version"])
            self._versions = (
                str(versions.get("wa_inner_version", "")),
                str(versions.get("cr_version", "")),
            )
        inner, cr = self._versions
        if not inner:
            return None
        rd = str((await self.get(["RD"])).get("RD", ""))
        return ad_token(inner, cr, rd)

    def _headers(self) -> dict[str, str]:
        headers = {
            "Referer": f"{self._base}/index.html",
            "X-Requested-With": "XMLHttpRequest",
        }
        if self._stok is not None:
            headers["Cookie"] = f"{SESSION_COOKIE}={self._stok}"
        return headers

    def _json(self, reply: Reply, what: str) -> Fields:
        morsel = reply.cookies.get(SESSION_COOKIE)
        if morsel is not None and morsel.value:
            self._stok = morsel.value
        try:
            data = json.loads(reply.body)
        except (ValueError, UnicodeDecodeError):
            raise HotspotResponseError(f"{what}: not JSON") from None
        if not isinstance(data, dict):
            raise HotspotResponseError(f"{what}: not a JSON object")
        return data
