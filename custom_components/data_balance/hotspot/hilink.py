"""Huawei HiLink routers and sticks (E3372h, E5573, E5577, E5785, B310/B525/B535...).

The local web API at `http://192.168.8.1/api/...`: XML over HTTP, a session cookie,
CSRF tokens that rotate on every write, and a login with one of two password
schemes. Sources: huawei-lte-api (Salamek/huawei-lte-api: `Session.py`,
`api/User.py`, `api/Sms.py`, `api/Ussd.py`, `api/Monitoring.py`), the E5785
firmware's Lua handlers (janglapuk/huawei-e5785lh-92a-fw), and the project's
docs/protocols.md §5.

    client = HiLinkClient(session, "192.168.8.1", password="...")
    info = await client.identify()
    traffic = await client.traffic()
"""

from __future__ import annotations

import asyncio
import base64
from datetime import datetime
import hashlib
import logging
import re
from xml.etree import ElementTree as ET

from aiohttp import ClientSession

from custom_components.data_balance.modem import Sms

from . import hilink_parse as parse, xmlsafe
from ._base import BaseClient, HotspotOptions
from ._http import base_url
from .errors import (
    HotspotError,
    HotspotLockedOut,
    HotspotNotSupported,
    HotspotResponseError,
    HotspotTimeoutError,
)
from .hilink_api import HiLinkApi
from .hilink_errors import USSD_NOT_READY, lock_wait
from .models import HotspotInfo, HotspotNetwork, HotspotSignal, HotspotTraffic
from .validation import check_sms, check_ussd

_LOGGER = logging.getLogger(__package__)
PASSWORD_SHA256 = "4"  # noqa: S105 - the login scheme number, not a password
LOGGED_IN = "0"
SMS_PAGE_SIZE = 20
SMS_MAX_PAGES = 50
UNREAD = "0"
_USSD_WAITING = "1"


def encode_password(
    username: str, password: str, token: str, password_type: str
) -> str:
    """The `<Password>` of a login.

    Type 4: base64(sha256hex(username + base64(sha256hex(password)) + token));
    any other type (0, 3): base64(password).
    """
    if password_type.strip() == PASSWORD_SHA256:
        inner = base64.b64encode(
            hashlib.sha256(password.encode()).hexdigest().encode()
        ).decode()
        digest = hashlib.sha256((username + inner + token).encode()).hexdigest()
        return base64.b64encode(digest.encode()).decode()
    return base64.b64encode(password.encode()).decode()


class HiLinkClient(BaseClient):
    """A Huawei HiLink device, one admin session at a time."""

    manufacturer = "Huawei"

    def __init__(
        self,
        session: ClientSession,
        host: str,
        *,
        username: str = "admin",
        password: str = "",
        options: HotspotOptions | None = None,
    ) -> None:
        """Address the router; nothing is sent until the first call.

        Args:
            session: the caller's aiohttp session (its cookie jar is not relied on).
            host: `192.168.8.1`, `http://192.168.8.1` or `host:port`.
            username: the admin user (`admin` on almost every model).
            password: the admin password; empty for sticks that need no login.
            options: session behaviour and timeouts.
        """
        super().__init__(session, username=username, password=password, options=options)
        self._api = HiLinkApi(session, base_url(host), self.options.timeout)

    # --- session -----------------------------------------------------------------

    async def _login(self) -> None:
        await self._api.open_session()
        if not self._password:
            return
        state = await self._api.get("user/state-login")
        if state.get("State", "").strip() == LOGGED_IN:
            return
        if state.get("lockstatus", "").strip() == "1":
            raise HotspotLockedOut(
                "user/state-login: locked out after too many attempts",
                wait=lock_wait(state.get("remainwaittime")),
            )
        password_type = state.get("password_type", "").strip() or PASSWORD_SHA256
        encoded = encode_password(
            self._username, self._password, await self._api.token(), password_type
        )
        await self._api.post(
            "user/login",
            (
                ("Username", self._username),
                ("Password", encoded),
                ("password_type", password_type),
            ),
        )
        _LOGGER.debug("logged in to the router")

    async def _logout(self) -> None:
        if self._password and self._api.has_session:
            await self._api.post("user/logout", (("Logout", 1),))
        self._api.forget()

    def _forget_session(self) -> None:
        super()._forget_session()
        self._api.forget()

    async def login_state(self) -> dict[str, str]:
        """`user/state-login` as the router reports it (no login needed)."""

        async def work() -> dict[str, str]:
            if not self._api.has_session:
                await self._api.open_session()
            return await self._api.get("user/state-login")

        self._check_open()
        async with self._lock:
            return await work()

    # --- reading -----------------------------------------------------------------

    async def identify(self) -> HotspotInfo:
        """Model, firmware, serial number and the SIM's identities."""
        raw = await self._run(lambda: self._api.get("device/information"))
        data = {name: value.strip() for name, value in raw.items()}
        return HotspotInfo(
            manufacturer=self.manufacturer,
            model=data.get("DeviceName", ""),
            firmware=data.get("SoftwareVersion", ""),
            serial_number=data.get("SerialNumber", ""),
            imei=data.get("Imei", ""),
            imsi=data.get("Imsi", ""),
            iccid=data.get("Iccid", ""),
            own_number=data.get("Msisdn") or None,
        )

    async def traffic(self) -> HotspotTraffic:
        """Month and total counters, and the router's own plan settings."""

        async def work() -> HotspotTraffic:
            month = await self._api.get("monitoring/month_statistics")
            totals = await self._api.get("monitoring/traffic-statistics")
            plan = await self._optional("monitoring/start_date")
            plan_set = plan.get("SetMonthData", "1").strip() != "0"
            return HotspotTraffic(
                month_download=parse.counter(month, "CurrentMonthDownload"),
                month_upload=parse.counter(month, "CurrentMonthUpload"),
                month_cleared=parse.clear_date(month.get("MonthLastClearTime")),
                total_download=parse.counter(totals, "TotalDownload"),
                total_upload=parse.counter(totals, "TotalUpload"),
                plan_start_day=parse.optional_int(plan.get("StartDay"))
                if plan_set
                else None,
                data_limit=parse.data_limit(plan.get("DataLimit"))
                if plan_set
                else None,
                alert_percent=parse.optional_int(plan.get("MonthThreshold"))
                if plan_set
                else None,
            )

        return await self._run(work)

    async def signal(self) -> HotspotSignal:
        """RSSI, RSRP, RSRQ and SINR, and the bars the router shows."""

        async def work() -> HotspotSignal:
            data = await self._api.get("device/signal")
            status = await self._optional("monitoring/status")
            return HotspotSignal(
                rssi_dbm=parse.whole(parse.measurement(data.get("rssi"))),
                ber=None,
                rsrp_dbm=parse.whole(parse.measurement(data.get("rsrp"))),
                rsrq_db=parse.measurement(data.get("rsrq")),
                sinr_db=parse.measurement(data.get("sinr")),
                bars=parse.optional_int(status.get("SignalIcon")),
            )

        return await self._run(work)

    async def network(self) -> HotspotNetwork:
        """Connection, SIM, operator, technology, roaming, battery, unread texts."""

        async def work() -> HotspotNetwork:
            status = await self._api.get("monitoring/status")
            plmn = await self._optional("net/current-plmn")
            count = await self._optional("sms/sms-count")
            network_type = status.get("CurrentNetworkTypeEx") or status.get(
                "CurrentNetworkType"
            )
            return HotspotNetwork(
                connected=status.get("ConnectionStatus", "").strip() == parse.CONNECTED,
                sim_state=parse.sim_state(status.get("SimStatus")),
                operator=(plmn.get("FullName") or plmn.get("ShortName") or "").strip()
                or None,
                access_technology=parse.access_technology(network_type),
                roaming=status.get("RoamingStatus", "").strip() == "1",
                battery_percent=parse.optional_int(status.get("BatteryPercent")),
                unread_messages=parse.optional_int(count.get("LocalUnread")),
            )

        return await self._run(work)

    async def _optional(self, endpoint: str) -> dict[str, str]:
        """An endpoint some models lack: empty when not supported."""
        try:
            return await self._api.get(endpoint)
        except HotspotNotSupported:
            return {}

    # --- messages ----------------------------------------------------------------

    async def messages(self, *, delete: bool = False) -> list[Sms]:
        """Every text in the inbox (the router joins long ones), oldest first.

        Unread texts are marked read; with `delete` every listed text is deleted.
        """

        async def work() -> list[Sms]:
            listed = await self._list_inbox()
            for sms, unread in listed:
                index = sms.storage_indices[0]
                if delete:
                    await self._api.post("sms/delete-sms", (("Index", index),))
                elif unread:
                    await self._api.post("sms/set-read", (("Index", index),))
            return sorted(
                (sms for sms, _ in listed),
                key=lambda sms: (sms.timestamp, sms.storage_indices),
            )

        return await self._run(work)

    async def delete(self, sms: Sms) -> None:
        """Delete one text read by `messages()`."""

        async def work() -> None:
            for index in sms.storage_indices:
                await self._api.post("sms/delete-sms", (("Index", index),))

        await self._run(work)

    async def _list_inbox(self) -> list[tuple[Sms, bool]]:
        listed: list[tuple[Sms, bool]] = []
        for page in range(1, SMS_MAX_PAGES + 1):
            reply = await self._api.post(
                "sms/sms-list",
                (
                    ("PageIndex", page),
                    ("ReadCount", SMS_PAGE_SIZE),
                    ("BoxType", 1),
                    ("SortType", 0),
                    ("Ascending", 0),
                    ("UnreadPreferred", 0),
                ),
            )
            found = [self._message(element) for element in reply.iter("Message")]
            listed.extend(found)
            total = parse.optional_int(xmlsafe.fields(reply).get("Count")) or 0
            if len(found) < SMS_PAGE_SIZE or len(listed) >= total:
                break
        return listed

    def _message(self, element: ET.Element) -> tuple[Sms, bool]:
        data = xmlsafe.fields(element)
        index = parse.optional_int(data.get("Index"))
        if index is None:
            raise HotspotResponseError("sms/sms-list: a message without an index")
        sms = Sms(
            sender=data.get("Phone", "").strip(),
            text=data.get("Content", ""),
            timestamp=parse.message_time(data.get("Date", ""), self.options.timezone),
            storage_indices=(index,),
        )
        return sms, data.get("Smstat", "").strip() == UNREAD

    async def send_sms(self, number: str, text: str) -> None:
        """Send a text (the router splits long ones)."""
        check_sms(number, text)
        now = datetime.now(self.options.timezone).strftime("%Y-%m-%d %H:%M:%S")

        async def work() -> None:
            await self._api.post(
                "sms/send-sms",
                (
                    ("Index", -1),
                    ("Phones", (("Phone", number),)),
                    ("Sca", ""),
                    ("Content", text),
                    ("Length", len(text)),
                    ("Reserved", 1),
                    ("Date", now),
                ),
            )

        await self._run(work)

    # --- USSD ----------------------------------------------------------------------

    async def ussd(self, code: str) -> str:
        """Send a USSD string (a code, or a menu choice) and return the network's answer."""
        check_ussd(code)

        async def work() -> str:
            await self._api.post(
                "ussd/send",
                (("content", code), ("codeType", "CodeType"), ("timeout", "")),
            )
            try:
                async with asyncio.timeout(self.options.ussd_timeout):
                    return await self._ussd_answer()
            except TimeoutError:
                await self._release_ussd()
                raise HotspotTimeoutError("ussd: no answer in time") from None

        return await self._run(work)

    async def _ussd_answer(self) -> str:
        while True:
            status = await self._api.get("ussd/status")
            if status.get("result", "").strip() != _USSD_WAITING:
                try:
                    answer = await self._api.get("ussd/get")
                except HotspotError as err:
                    if err.code != USSD_NOT_READY:
                        raise
                else:
                    return _tidy(answer.get("content", ""))
            await asyncio.sleep(self.options.ussd_poll_interval)

    async def _release_ussd(self) -> None:
        try:
            await self._api.get("ussd/release")
        except HotspotError as err:
            _LOGGER.debug("ussd/release failed: %s", type(err).__name__)


def _tidy(text: str) -> str:
    """USSD text with the router's CR/LF pairs made plain newlines."""
    return re.sub(r"\r\n?", "\n", text)
