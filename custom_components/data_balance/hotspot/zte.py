"""ZTE MF / MC "goform" routers (MF79U, MF286, MF935, MF971, MC801A...).

The local web API at `http://192.168.0.1/goform/...`: JSON reads, form writes, a
login with base64 (old firmware) or `SHA256(SHA256(password).upper() + LD).upper()`
(newer), `AD` tokens on writes, a lock-out after repeated failures that the router
reports in `psw_fail_num_str` (attempts left) and `login_lock_time` (seconds).
USSD replies are polled through `ussd_write_flag`: 15 waiting, 16 answered,
1/2/3/4/10/41/99 failures (stock service.js). Sources: see `zte_api.py`.

ZTE routers have no "statistics month start day" and no totals "since reset": the
monthly counters are the month totals, and the realtime counters (since the data
connection came up) serve as the totals, which the caller must expect to reset.
"""

from __future__ import annotations

import asyncio
import base64
from datetime import datetime, timedelta
import hashlib
import logging
from typing import Any

from aiohttp import ClientSession

from custom_components.data_balance.modem import Sms

from . import zte_parse as parse
from ._base import BaseClient, HotspotOptions
from ._http import base_url
from .errors import (
    HotspotAuthError,
    HotspotBusy,
    HotspotError,
    HotspotLockedOut,
    HotspotNotSupported,
    HotspotResponseError,
    HotspotSessionExpired,
    HotspotTimeoutError,
)
from .models import HotspotInfo, HotspotNetwork, HotspotSignal, HotspotTraffic
from .validation import check_sms, check_ussd
from .zte_api import ZteApi

_LOGGER = logging.getLogger(__package__)
LOGGED_IN = "ok"
UNREAD_TAG = "1"
INBOX_TAGS = frozenset({"0", "1"})
USSD_WAITING = "15"
USSD_ANSWERED = "16"
USSD_MENU = "1"
# Seconds before a login refused for a stale token is tried again (three tries in all).
STALE_TOKEN_PAUSES = (0.2, 0.6)
_USSD_FAILURES: dict[str, type[HotspotError]] = {
    "1": HotspotNotSupported,  # no service
    "2": HotspotError,  # the network ended the session
    "3": HotspotTimeoutError,
    "4": HotspotTimeoutError,
    "10": HotspotBusy,  # retry
    "41": HotspotNotSupported,
    "99": HotspotNotSupported,
}
_SUCCESS = frozenset({"success", "0"})


def encode_password(password: str, ld: str) -> str:
    """The LOGIN `password`: SHA256 with the router's `LD` salt, or base64 without one."""
    if not ld:
        return base64.b64encode(password.encode()).decode()
    inner = hashlib.sha256(password.encode()).hexdigest().upper()
    return hashlib.sha256((inner + ld).encode()).hexdigest().upper()


class ZteClient(BaseClient):
    """A ZTE goform router, one admin session at a time."""

    manufacturer = "ZTE"

    def __init__(
        self,
        session: ClientSession,
        host: str,
        *,
        password: str = "",
        options: HotspotOptions | None = None,
    ) -> None:
        """Address the router (ZTE logins have no username); nothing is sent yet."""
        super().__init__(session, username="", password=password, options=options)
        self._api = ZteApi(session, base_url(host), self.options.timeout)
        self._menu_open = False

    # --- session -----------------------------------------------------------------

    async def _login(self) -> None:
        self._api.forget()
        if not self._password:
            return
        await self._raise_if_locked()
        # A refusal other than "wrong password" is most often a stale token: the
        # router keeps one LD and one RD, and another client's login or write (the
        # poll beside a reauth or reconfigure flow) used them first. Again from fresh
        # ones, after a short pause that lets the other client finish its step.
        for pause in (0.0, *STALE_TOKEN_PAUSES):
            await asyncio.sleep(pause)
            ld = parse.text(await self._api.get(["LD"]), "LD")
            reply = await self._api.set(
                "LOGIN", {"password": encode_password(self._password, ld)}
            )
            result = parse.text(reply, "result")
            if result == "0":
                _LOGGER.debug("logged in to the router")
                return
            if result == "3":
                await self._raise_if_locked()
                raise HotspotAuthError("LOGIN: wrong password", code=3)
            _LOGGER.debug("login refused (result %s)", result)
        raise HotspotError(f"LOGIN: refused (result {result or 'empty'})")

    async def _raise_if_locked(self) -> None:
        counters = await self._api.get(["psw_fail_num_str", "login_lock_time"])
        left = parse.whole(counters, "psw_fail_num_str")
        seconds = parse.whole(counters, "login_lock_time")
        if left == 0 or (seconds is not None and seconds > 0):
            wait = seconds if seconds is not None and seconds > 0 else None
            raise HotspotLockedOut(
                "LOGIN: locked out after too many attempts",
                wait=None if wait is None else timedelta(seconds=wait),
            )

    async def _logout(self) -> None:
        if self._password:
            await self._api.set("LOGOUT", {})
        self._api.forget()

    def _forget_session(self) -> None:
        super()._forget_session()
        self._api.forget()
        self._menu_open = False

    async def _read(self, commands: list[str]) -> dict[str, Any]:
        """Fields that need a login: `loginfo` comes along to tell an expired session."""
        data = await self._api.get(["loginfo", *commands])
        if self._password and parse.text(data, "loginfo") != LOGGED_IN:
            raise HotspotSessionExpired("goform: not logged in")
        return data

    async def _write(self, goform_id: str, fields: dict[str, str | int]) -> None:
        """A write that must succeed; a refusal is a lost session or an error."""
        reply = await self._api.set(goform_id, fields)
        result = parse.text(reply, "result")
        if result in _SUCCESS:
            return
        if self._password:
            state = await self._api.get(["loginfo"])
            if parse.text(state, "loginfo") != LOGGED_IN:
                raise HotspotSessionExpired(f"{goform_id}: not logged in")
        if goform_id == "USSD_PROCESS":
            raise HotspotBusy(f"{goform_id}: refused (a USSD session is busy)")
        raise HotspotError(f"{goform_id}: refused (result {result or 'empty'})")

    # --- reading -----------------------------------------------------------------

    async def identify(self) -> HotspotInfo:
        """Model, firmware and the SIM's identities."""
        data = await self._run(
            lambda: self._read(
                [
                    "imei",
                    "sim_imsi",
                    "imsi",
                    "sim_iccid",
                    "iccid",
                    "msisdn",
                    "model_name",
                    "hardware_version",
                    "wa_inner_version",
                    "cr_version",
                ]
            )
        )
        return HotspotInfo(
            manufacturer=self.manufacturer,
            model=parse.text(data, "model_name", "hardware_version"),
            firmware=parse.text(data, "wa_inner_version", "cr_version"),
            serial_number="",
            imei=parse.text(data, "imei"),
            imsi=parse.text(data, "sim_imsi", "imsi"),
            iccid=parse.text(data, "sim_iccid", "iccid"),
            own_number=parse.text(data, "msisdn") or None,
        )

    async def traffic(self) -> HotspotTraffic:
        """Month counters, connection counters (as totals) and the data limit."""
        data = await self._run(
            lambda: self._read(
                [
                    "monthly_rx_bytes",
                    "monthly_tx_bytes",
                    "realtime_rx_bytes",
                    "realtime_tx_bytes",
                    "data_volume_limit_switch",
                    "data_volume_limit_unit",
                    "data_volume_limit_size",
                    "data_volume_alert_percent",
                ]
            )
        )
        limited = parse.text(data, "data_volume_limit_switch") == "1" and parse.text(
            data, "data_volume_limit_unit"
        ) in {"", "data"}
        return HotspotTraffic(
            month_download=parse.counter(data, "monthly_rx_bytes"),
            month_upload=parse.counter(data, "monthly_tx_bytes"),
            total_download=parse.counter(data, "realtime_rx_bytes"),
            total_upload=parse.counter(data, "realtime_tx_bytes"),
            data_limit=parse.data_limit(parse.text(data, "data_volume_limit_size"))
            if limited
            else None,
            alert_percent=parse.whole(data, "data_volume_alert_percent")
            if limited
            else None,
        )

    async def signal(self) -> HotspotSignal:
        """RSSI, RSRP, RSRQ, SINR and bars."""
        data = await self._run(
            lambda: self._read(
                ["lte_rssi", "rssi", "lte_rsrp", "lte_rsrq", "lte_snr", "signalbar"]
            )
        )
        return HotspotSignal(
            rssi_dbm=parse.whole(data, "lte_rssi", "rssi"),
            ber=None,
            rsrp_dbm=parse.whole(data, "lte_rsrp"),
            rsrq_db=parse.number(data, "lte_rsrq"),
            sinr_db=parse.number(data, "lte_snr"),
            bars=parse.whole(data, "signalbar"),
        )

    async def network(self) -> HotspotNetwork:
        """Connection, SIM, operator, technology, roaming, battery, unread texts."""
        data = await self._run(
            lambda: self._read(
                [
                    "ppp_status",
                    "modem_main_state",
                    "network_provider",
                    "network_type",
                    "simcard_roam",
                    "battery_vol_percent",
                    "sms_unread_num",
                ]
            )
        )
        return HotspotNetwork(
            connected=parse.connected(parse.text(data, "ppp_status")),
            sim_state=parse.sim_state(parse.text(data, "modem_main_state")),
            operator=parse.text(data, "network_provider") or None,
            access_technology=parse.access_technology(parse.text(data, "network_type")),
            roaming=parse.roaming(parse.text(data, "simcard_roam")),
            battery_percent=parse.whole(data, "battery_vol_percent"),
            unread_messages=parse.whole(data, "sms_unread_num"),
        )

    # --- messages ----------------------------------------------------------------

    async def messages(self, *, delete: bool = False) -> list[Sms]:
        """Every text in the inbox, oldest first; unread ones marked read, or all deleted."""

        async def work() -> list[Sms]:
            listed = await self._list_inbox()
            ids = ";".join(str(sms.storage_indices[0]) for sms, _ in listed)
            unread = ";".join(str(sms.storage_indices[0]) for sms, new in listed if new)
            if delete and ids:
                await self._write(
                    "DELETE_SMS", {"msg_id": f"{ids};", "notCallback": "true"}
                )
            elif unread:
                await self._write(
                    "SET_MSG_READ",
                    {"msg_id": f"{unread};", "tag": 0, "notCallback": "true"},
                )
            return sorted(
                (sms for sms, _ in listed),
                key=lambda sms: (sms.timestamp, sms.storage_indices),
            )

        return await self._run(work)

    async def delete(self, sms: Sms) -> None:
        """Delete one text read by `messages()`."""
        ids = ";".join(str(index) for index in sms.storage_indices)
        await self._run(
            lambda: self._write(
                "DELETE_SMS", {"msg_id": f"{ids};", "notCallback": "true"}
            )
        )

    async def _list_inbox(self) -> list[tuple[Sms, bool]]:
        if self._password:
            await self._read([])
        data = await self._api.get(
            ["sms_data_total"],
            {
                "page": 0,
                "data_per_page": 500,
                "mem_store": 1,
                "tags": 10,
                "order_by": "order by id desc",
            },
        )
        records = data.get("messages")
        if not isinstance(records, list):
            raise HotspotResponseError("sms_data_total: no message list")
        listed: list[tuple[Sms, bool]] = []
        for record in records:
            if not isinstance(record, dict):
                raise HotspotResponseError("sms_data_total: a message is not an object")
            tag = parse.text(record, "tag")
            if tag not in INBOX_TAGS:
                continue
            index = parse.whole(record, "id")
            if index is None:
                raise HotspotResponseError("sms_data_total: a message without an id")
            sms = Sms(
                sender=parse.text(record, "number"),
                text=parse.decode_text(str(record.get("content", ""))),
                timestamp=parse.message_time(
                    parse.text(record, "date"), self.options.timezone
                ),
                partial=parse.text(record, "received_all_concat_sms") == "0",
                storage_indices=(index,),
            )
            listed.append((sms, tag == UNREAD_TAG))
        return listed

    async def send_sms(self, number: str, text: str) -> None:
        """Send a text."""
        check_sms(number, text)
        body, encoding = parse.encode_text(text)
        moment = parse.send_time(datetime.now(self.options.timezone))
        await self._run(
            lambda: self._write(
                "SEND_SMS",
                {
                    "notCallback": "true",
                    "Number": number,
                    "sms_time": moment,
                    "MessageBody": body,
                    "ID": -1,
                    "encode_type": encoding,
                },
            )
        )

    # --- USSD ----------------------------------------------------------------------

    async def ussd(self, code: str) -> str:
        """Send a USSD code, or answer an open menu; the network's answer."""
        check_ussd(code)

        async def work() -> str:
            if self._menu_open and not code.startswith(("*", "#")):
                fields: dict[str, str | int] = {
                    "USSD_operator": "ussd_reply",
                    "USSD_reply_number": code,
                }
            else:
                fields = {"USSD_operator": "ussd_send", "USSD_send_number": code}
            self._menu_open = False
            await self._write("USSD_PROCESS", {**fields, "notCallback": "true"})
            try:
                async with asyncio.timeout(self.options.ussd_timeout):
                    return await self._ussd_answer()
            except TimeoutError:
                await self._cancel_ussd()
                raise HotspotTimeoutError("USSD: no answer in time") from None

        return await self._run(work)

    async def _ussd_answer(self) -> str:
        while True:
            # Flag reads go alone: some firmware answers empty with multi_data.
            flag = parse.text(
                await self._api.get(["ussd_write_flag"]), "ussd_write_flag"
            )
            if flag == USSD_ANSWERED:
                answer = await self._api.get(["ussd_data_info"])
                self._menu_open = parse.text(answer, "ussd_action") == USSD_MENU
                return parse.decode_text(parse.text(answer, "ussd_data")).replace(
                    "\r\n", "\n"
                )
            if flag != USSD_WAITING:
                failure = _USSD_FAILURES.get(flag, HotspotError)
                raise failure(f"USSD: failed (flag {flag or 'empty'})")
            await asyncio.sleep(self.options.ussd_poll_interval)

    async def _cancel_ussd(self) -> None:
        try:
            await self._api.set("USSD_PROCESS", {"USSD_operator": "ussd_cancel"})
        except HotspotError as err:
            _LOGGER.debug("USSD cancel failed: %s", type(err).__name__)
