"""A ZTE "goform" web API (JSON) over a simulated hotspot.

As public clients describe the stock firmware (see the library's `zte_api.py`):
reads need `Referer: .../index.html` (without it every field is empty), unknown
fields read as empty strings, fields that need a login read empty until logged in;
writes carry `AD = md5(md5(wa_inner_version + cr_version) + RD)`; LOGIN takes
`SHA256(SHA256(password).upper() + LD).upper()` (or base64 on old firmware) and
answers `result` 0 (ok) or 3 (wrong), five failures lock it for 300 s
(`psw_fail_num_str`, `login_lock_time`); the login is kept in a `stok` cookie.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web

from simulator.gsm7 import ucs2_hex

from .device import HotspotDevice, UssdState
from .faults import FaultPlan

COOKIE = "stok"
INNER_VERSION = "BD_MF79UV1.0.0B06"
CR_VERSION = "CR_MF79UV1.0.0B06"
PUBLIC = frozenset(
    {
        "LD",
        "RD",
        "wa_inner_version",
        "cr_version",
        "loginfo",
        "psw_fail_num_str",
        "login_lock_time",
        "network_type",
        "signalbar",
        "ppp_status",
        "modem_main_state",
        "network_provider",
        "battery_vol_percent",
    }
)
_USSD_FLAGS = {
    UssdState.IDLE: "0",
    UssdState.WAITING: "15",
    UssdState.ANSWERED: "16",
    UssdState.NOT_SUPPORTED: "99",
}


@dataclass
class ZteSettings:
    """Firmware behaviour that differs between models."""

    sha256_login: bool = True
    ad_tokens: bool = True
    max_attempts: int = 5
    lock_seconds: float = 300.0
    session_timeout: float = 300.0


class ZteApi:
    """The aiohttp application of one simulated ZTE router."""

    def __init__(
        self,
        device: HotspotDevice,
        faults: FaultPlan,
        settings: ZteSettings | None = None,
    ) -> None:
        """Serve `device`; `faults` may spoil replies."""
        self.device = device
        self.faults = faults
        self.settings = settings or ZteSettings()
        device.guard.max_attempts = self.settings.max_attempts
        device.guard.lock_seconds = self.settings.lock_seconds
        self.requests: list[str] = []
        self.sessions: dict[str, float] = {}
        self._ld = secrets.token_hex(32).upper()
        self._rd = secrets.token_hex(16)
        self.forced_ussd_flag: str | None = None

    def app(self) -> web.Application:
        """The web application: the two goform endpoints."""
        application = web.Application()
        application.router.add_get("/goform/goform_get_cmd_process", self._get)
        application.router.add_post("/goform/goform_set_cmd_process", self._set)
        return application

    def logout_everyone(self) -> None:
        """Forget every session (a reboot)."""
        self.sessions.clear()

    # --- plumbing ------------------------------------------------------------------

    def _logged_in(self, request: web.Request) -> bool:
        if not self.device.password:
            return True
        stok = request.cookies.get(COOKIE, "")
        seen = self.sessions.get(stok)
        now = self.device.clock()
        if seen is None or now - seen > self.settings.session_timeout:
            self.sessions.pop(stok, None)
            return False
        self.sessions[stok] = now
        return True

    async def _get(self, request: web.Request) -> web.StreamResponse:
        commands = request.query.get("cmd", "").split(",")
        self.requests.append("GET " + ",".join(commands))
        spoiled = await self.faults.apply(request)
        if spoiled is not None:
            return spoiled
        if not request.headers.get("Referer", "").endswith("/index.html"):
            return _json(dict.fromkeys(commands, ""))
        logged_in = self._logged_in(request)
        if commands == ["ussd_data_info"]:
            return _json(self.ussd_data() if logged_in else {"ussd_data": ""})
        if commands == ["sms_data_total"]:
            return _json({"messages": self._messages() if logged_in else []})
        values: dict[str, Any] = {}
        for command in commands:
            values[command] = (
                self._field(command) if logged_in or command in PUBLIC else ""
            )
        if "loginfo" in values:
            values["loginfo"] = "ok" if logged_in else "no"
        return _json(values)

    async def _set(self, request: web.Request) -> web.StreamResponse:
        form = {
            key: values[0]
            for key, values in parse_qs(
                (await request.read()).decode(errors="replace"), keep_blank_values=True
            ).items()
        }
        goform_id = form.get("goformId", "")
        self.requests.append(f"POST {goform_id}")
        spoiled = await self.faults.apply(request)
        if spoiled is not None:
            return spoiled
        forced = self.faults.forced_error(goform_id)
        if forced is not None:
            return _json({"result": str(forced)})
        if self.settings.ad_tokens and not self._ad_matches(form.get("AD", "")):
            return _json({"result": "failure"})
        if goform_id == "LOGIN":
            return self._login(form)
        if not self._logged_in(request):
            return _json({"result": "failure"})
        handler = {
            "LOGOUT": self._logout,
            "SET_MSG_READ": self._set_read,
            "DELETE_SMS": self._delete,
            "SEND_SMS": self._send_sms,
            "USSD_PROCESS": self._ussd,
        }.get(goform_id)
        if handler is None:
            return _json({"result": "failure"})
        return _json({"result": "success" if handler(request, form) else "failure"})

    def _ad_matches(self, sent: str) -> bool:
        first = hashlib.md5((INNER_VERSION + CR_VERSION).encode()).hexdigest()  # noqa: S324 - the router's scheme
        expected = hashlib.md5((first + self._rd).encode()).hexdigest()  # noqa: S324 - the router's scheme
        self._rd = secrets.token_hex(16)  # each RD serves one write
        return secrets.compare_digest(sent, expected)

    # --- login ---------------------------------------------------------------------

    def _login(self, form: dict[str, str]) -> web.Response:
        device, guard = self.device, self.device.guard
        now = device.clock()
        if guard.remaining(now) > 0:
            return _json({"result": "3"})
        if self.settings.sha256_login:
            inner = hashlib.sha256(device.password.encode()).hexdigest().upper()
            expected = hashlib.sha256((inner + self._ld).encode()).hexdigest().upper()
        else:
            expected = base64.b64encode(device.password.encode()).decode()
        self._ld = secrets.token_hex(32).upper()
        if not secrets.compare_digest(form.get("password", ""), expected):
            guard.fail(now)
            return _json({"result": "3"})
        guard.succeed()
        self.sessions.clear()  # one admin session: a new login ends the old one
        stok = secrets.token_hex(16)
        self.sessions[stok] = now
        response = _json({"result": "0"})
        response.set_cookie(COOKIE, stok, path="/", httponly=True)
        return response

    def _logout(self, request: web.Request, _: dict[str, str]) -> bool:
        self.sessions.pop(request.cookies.get(COOKIE, ""), None)
        return True

    # --- fields --------------------------------------------------------------------

    def _field(self, command: str) -> str:
        device = self.device
        sim = device.scenario.modem
        guard = device.guard
        now = device.clock()
        counters = device.sync()
        remaining = guard.remaining(now)
        plan = device.plan
        values: dict[str, object] = {
            "LD": self._ld if self.settings.sha256_login else "",
            "RD": self._rd,
            "wa_inner_version": INNER_VERSION if self.settings.ad_tokens else "",
            "cr_version": CR_VERSION if self.settings.ad_tokens else "",
            "loginfo": "ok",
            "psw_fail_num_str": 0 if remaining else guard.max_attempts - guard.failures,
            "login_lock_time": round(remaining) if remaining else -1,
            "imei": sim.imei,
            "sim_imsi": sim.imsi,
            "sim_iccid": sim.iccid,
            "msisdn": sim.own_number,
            "model_name": device.personality.model,
            "hardware_version": "MF79U-1.0.0",
            "monthly_rx_bytes": counters.month_download,
            "monthly_tx_bytes": counters.month_upload,
            "realtime_rx_bytes": counters.current_download,
            "realtime_tx_bytes": counters.current_upload,
            "data_volume_limit_switch": 1 if plan.enabled else 0,
            "data_volume_limit_unit": "data",
            "data_volume_limit_size": _limit_size(plan.limit),
            "data_volume_alert_percent": plan.alert_percent,
            "lte_rssi": -113 + 2 * sim.rssi,
            "lte_rsrp": -95,
            "lte_rsrq": -11,
            "lte_snr": 12.5,
            "signalbar": min(5, max(0, sim.rssi // 6)),
            "ppp_status": "ppp_connected" if device.connected else "ppp_disconnected",
            "modem_main_state": "modem_init_complete"
            if sim.sim_state == "READY"
            else "modem_waitpin",
            "network_provider": sim.operator_name,
            "network_type": "LTE",
            "simcard_roam": "Home",
            "sms_unread_num": sum(1 for sms in device.inbox if not sms.read),
            "ussd_write_flag": self.forced_ussd_flag or _USSD_FLAGS[device.ussd.state],
        }
        return str(values.get(command, ""))

    # --- SMS -----------------------------------------------------------------------

    def _messages(self) -> list[dict[str, str]]:
        newest_first = sorted(
            self.device.inbox, key=lambda sms: (sms.received, sms.index), reverse=True
        )
        return [
            {
                "id": str(sms.index),
                "number": sms.sender,
                "content": ucs2_hex(sms.text),
                "tag": "0" if sms.read else "1",
                "date": sms.received.strftime("%y,%m,%d,%H,%M,%S,+0"),
                "draft_group_id": "",
            }
            for sms in newest_first
        ]

    def _ids(self, form: dict[str, str]) -> list[int]:
        return [
            int(part) for part in form.get("msg_id", "").split(";") if part.isdigit()
        ]

    def _set_read(self, _: web.Request, form: dict[str, str]) -> bool:
        for index in self._ids(form):
            message = self.device.find(index)
            if message is not None:
                message.read = True
        return True

    def _delete(self, _: web.Request, form: dict[str, str]) -> bool:
        for index in self._ids(form):
            self.device.delete(index)
        return True

    def _send_sms(self, _: web.Request, form: dict[str, str]) -> bool:
        number = form.get("Number", "")
        try:
            text = bytes.fromhex(form.get("MessageBody", "")).decode("utf-16-be")
        except ValueError:
            return False
        if not number or not text:
            return False
        self.device.send_sms(number, text)
        return True

    # --- USSD ----------------------------------------------------------------------

    def _ussd(self, _: web.Request, form: dict[str, str]) -> bool:
        operator = form.get("USSD_operator", "")
        if operator == "ussd_cancel":
            self.device.cancel_ussd()
            return True
        code = form.get(
            "USSD_reply_number" if operator == "ussd_reply" else "USSD_send_number", ""
        )
        return bool(code) and self.device.send_ussd(code)

    def ussd_data(self) -> dict[str, str]:
        """What `cmd=ussd_data_info` answers."""
        ussd = self.device.ussd
        if ussd.state is not UssdState.ANSWERED:
            return {"ussd_data": "", "ussd_action": "0", "ussd_dcs": "72"}
        return {
            "ussd_data": ucs2_hex(ussd.answer),
            "ussd_action": "1" if self.device.carrier.menu_open else "0",
            "ussd_dcs": "72",
        }


def _json(data: dict[str, Any]) -> web.Response:
    # The stock firmware labels its JSON text/html.
    return web.json_response(data, content_type="text/html")


def _limit_size(limit: str) -> str:
    """The router's `10GB`-style plan as ZTE's `<n>_<MB per unit>` (`10_1024`)."""
    if limit.endswith("GB"):
        return f"{limit[:-2]}_1024"
    return f"{limit.removesuffix('MB')}_1"
