"""A Huawei HiLink web API (`/api/...`, XML) over a simulated hotspot.

Behaves as the public sources describe real firmware (huawei-lte-api, the E5785
firmware's Lua handlers, docs/protocols.md §5): `SesTokInfo` hands out a session
cookie and a token; every POST must carry an unused token and gets the next one in
a reply header (after a login, the E5785's `one`/`two` headers and a `#`-joined
list); the session id changes at login; sessions time out when idle; three wrong
passwords lock the login for a minute (longer each time); errors are HTTP 200 with
`<error><code>N</code></error>`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
import hashlib
import secrets
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from aiohttp import web

from .device import HotspotDevice, StoredSms, UssdState
from .faults import FaultPlan

TOKEN_HEADER = "__RequestVerificationToken"  # noqa: S105 - a header name
COOKIE = "SessionID"
TOKENS_AFTER_LOGIN = 32
SHA256_SCHEME = "4"
SMS_LIST = "sms/sms-list"
PUBLIC = frozenset(
    {
        "webserver/SesTokInfo",
        "webserver/token",
        "user/state-login",
        "user/login",
        "user/logout",
        "monitoring/status",
        "monitoring/traffic-statistics",
        "net/current-plmn",
    }
)

type Fields = dict[str, str | int | None]


class ApiError(Exception):
    """Answer with `<error><code>...`; `extra` fields go inside the error element."""

    def __init__(self, code: int, **extra: str | int) -> None:
        """Keep the code and the extra fields."""
        super().__init__(code)
        self.code = code
        self.extra = extra


@dataclass
class WebSession:
    """One browser/client session: its id, tokens, login and last activity."""

    session_id: str
    last_seen: float
    tokens: list[str] = field(default_factory=list)
    logged_in: bool = False

    def issue(self, count: int = 1) -> list[str]:
        """New valid tokens."""
        fresh = [secrets.token_hex(16) for _ in range(count)]
        self.tokens.extend(fresh)
        return fresh


@dataclass
class HiLinkSettings:
    """Firmware behaviour that differs between models."""

    password_type: str = "4"  # noqa: S105 - the login scheme number
    session_timeout: float = 300.0
    second_login: str = "replace"  # or "refuse" (error 108003)


class HiLinkApi:
    """The aiohttp application of one simulated HiLink router."""

    def __init__(
        self, device: HotspotDevice, faults: FaultPlan, settings: HiLinkSettings
    ) -> None:
        """Serve `device`; `faults` may spoil replies."""
        self.device = device
        self.faults = faults
        self.settings = settings
        self.sessions: dict[str, WebSession] = {}
        self.requests: list[str] = []
        self._last_token = ""
        self._gets: dict[str, Callable[[WebSession | None], Fields]] = {
            "webserver/SesTokInfo": self._ses_tok_info,
            "webserver/token": self._token,
            "user/state-login": self._state_login,
            "monitoring/status": self._status,
            "monitoring/traffic-statistics": self._traffic,
            "monitoring/month_statistics": self._month,
            "monitoring/start_date": self._start_date,
            "device/information": self._information,
            "device/signal": self._signal,
            "net/current-plmn": self._plmn,
            "sms/sms-count": self._sms_count,
            "ussd/status": self._ussd_status,
            "ussd/get": self._ussd_get,
            "ussd/release": self._ussd_release,
        }
        self._posts: dict[str, Callable[[WebSession, ET.Element], Fields]] = {
            "user/login": self._login,
            "user/logout": self._logout,
            "sms/set-read": self._set_read,
            "sms/delete-sms": self._delete_sms,
            "sms/send-sms": self._send_sms,
            "ussd/send": self._ussd_send,
        }

    def app(self) -> web.Application:
        """The web application: every `/api/...` path."""
        application = web.Application()
        application.router.add_route("*", "/api/{path:.+}", self._handle)
        return application

    def logout_everyone(self) -> None:
        """Forget every session (a reboot)."""
        self.sessions.clear()

    # --- dispatch ------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        self.requests.append(f"{request.method} {path}")
        spoiled = await self.faults.apply(request)
        if spoiled is not None:
            return spoiled
        session = self._session(request)
        headers: dict[str, str] = {}
        try:
            self._raise_forced(path)
            if request.method == "POST":
                body = await self._post(request, path, session, headers)
            else:
                body = self._get(path, session)
        except ApiError as err:
            body = _error_xml(err)
        response = web.Response(
            body=body, content_type="text/xml", charset="utf-8", headers=headers
        )
        if session is not None and request.cookies.get(COOKIE) != session.session_id:
            response.set_cookie(COOKIE, session.session_id, path="/", httponly=True)
        return response

    def _raise_forced(self, path: str) -> None:
        forced = self.faults.forced_error(path)
        if forced is not None:
            raise ApiError(forced)

    def _get(self, path: str, session: WebSession | None) -> bytes:
        handler = self._gets.get(path)
        if handler is None:
            raise ApiError(100002)
        if path not in PUBLIC:
            self._require_login(session)
        return _response_xml(handler(session))

    async def _post(
        self,
        request: web.Request,
        path: str,
        session: WebSession | None,
        headers: dict[str, str],
    ) -> bytes:
        handler = self._posts.get(path)
        if handler is None and path != SMS_LIST:
            raise ApiError(100002)
        token = request.headers.get(TOKEN_HEADER, "")
        if session is None or token not in session.tokens:
            raise ApiError(125002)
        session.tokens.remove(token)
        self._last_token = token
        try:
            document = _parse(await request.read())
            if path not in PUBLIC:
                self._require_login(session)
            if handler is None:
                return self._sms_list(document)
            return _response_xml(handler(session, document))
        finally:
            self._hand_out_tokens(session, path, headers)

    def _hand_out_tokens(
        self, session: WebSession, path: str, headers: dict[str, str]
    ) -> None:
        if path == "user/login" and session.logged_in:
            fresh = session.issue(TOKENS_AFTER_LOGIN)
            headers[f"{TOKEN_HEADER}one"] = fresh[0]
            headers[f"{TOKEN_HEADER}two"] = fresh[1]
            headers[TOKEN_HEADER] = "#".join(fresh)
        else:
            headers[TOKEN_HEADER] = session.issue()[0]

    def _session(self, request: web.Request) -> WebSession | None:
        session = self.sessions.get(request.cookies.get(COOKIE, ""))
        if session is None:
            return None
        now = self.device.clock()
        if now - session.last_seen > self.settings.session_timeout:
            del self.sessions[session.session_id]
            return None
        session.last_seen = now
        return session

    def _require_login(self, session: WebSession | None) -> None:
        if not self.device.password:
            return
        if session is None or not session.logged_in:
            raise ApiError(100003)

    # --- session and login ------------------------------------------------------------

    def _new_session(self) -> WebSession:
        session = WebSession(secrets.token_hex(32), last_seen=self.device.clock())
        self.sessions[session.session_id] = session
        return session

    def _ses_tok_info(self, session: WebSession | None) -> Fields:
        if session is None:
            session = self._new_session()
        token = session.issue()[0]
        return {"SesInfo": f"{COOKIE}={session.session_id}", "TokInfo": token}

    def _token(self, session: WebSession | None) -> Fields:
        if session is None:
            session = self._new_session()
        return {"token": session.issue()[0]}

    def _state_login(self, session: WebSession | None) -> Fields:
        guard = self.device.guard
        now = self.device.clock()
        locked = guard.remaining(now) > 0
        return {
            "State": 0 if session is not None and session.logged_in else -1,
            "Username": self.device.username if session and session.logged_in else "",
            "password_type": self.settings.password_type,
            "extern_password_type": 1,
            "firstlogin": 1,
            "lockstatus": 1 if locked else 0,
            "remainwaittime": guard.remaining_minutes(now) if locked else 0,
        }

    def _login(self, session: WebSession, request: ET.Element) -> Fields:
        guard = self.device.guard
        now = self.device.clock()
        if guard.remaining(now) > 0:
            raise ApiError(108007, waittime=guard.remaining_minutes(now))
        username = _text(request, "Username")
        sent = _text(request, "Password")
        if not self._password_matches(username, sent):
            if guard.fail(now):
                raise ApiError(108007, waittime=guard.remaining_minutes(now))
            raise ApiError(108006, count=guard.failures)
        others = [
            other
            for other in self.sessions.values()
            if other.logged_in and other is not session
        ]
        if others and self.settings.second_login == "refuse":
            raise ApiError(108003)
        for other in others:
            other.logged_in = False
        guard.succeed()
        # The session id changes at login (no session fixation).
        del self.sessions[session.session_id]
        session.session_id = secrets.token_hex(32)
        self.sessions[session.session_id] = session
        session.logged_in = True
        return {"": "OK"}

    def _password_matches(self, username: str, sent: str) -> bool:
        device = self.device
        if self.settings.password_type == SHA256_SCHEME:
            inner = base64.b64encode(
                hashlib.sha256(device.password.encode()).hexdigest().encode()
            ).decode()
            digest = hashlib.sha256(
                (device.username + inner + self._last_token).encode()
            ).hexdigest()
            expected = base64.b64encode(digest.encode()).decode()
        else:
            expected = base64.b64encode(device.password.encode()).decode()
        return username == device.username and secrets.compare_digest(sent, expected)

    def _logout(self, session: WebSession, _: ET.Element) -> Fields:
        session.logged_in = False
        return {"": "OK"}

    # --- monitoring and device ------------------------------------------------------

    def _status(self, _: WebSession | None) -> Fields:
        device = self.device
        personality = device.scenario.modem
        return {
            "ConnectionStatus": 901 if device.connected else 902,
            "SignalIcon": min(5, max(0, personality.rssi // 6)),
            "CurrentNetworkType": 19,
            "CurrentNetworkTypeEx": 101,
            "RoamingStatus": 0,
            "SimStatus": 1 if personality.sim_state != "ABSENT" else 255,
            "BatteryPercent": device.personality.battery_percent,
            "WanIPAddress": "10.64.12.7",
        }

    def _traffic(self, _: WebSession | None) -> Fields:
        counters = self.device.sync()
        return {
            "CurrentConnectTime": 3600,
            "CurrentUpload": counters.current_upload,
            "CurrentDownload": counters.current_download,
            "CurrentDownloadRate": 0,
            "CurrentUploadRate": 0,
            "TotalUpload": counters.total_upload,
            "TotalDownload": counters.total_download,
            "TotalConnectTime": 86400,
            "showtraffic": 1,
        }

    def _month(self, _: WebSession | None) -> Fields:
        counters = self.device.sync()
        cleared = counters.month_cleared
        return {
            "CurrentMonthDownload": counters.month_download,
            "CurrentMonthUpload": counters.month_upload,
            "MonthDuration": 86400,
            "MonthLastClearTime": f"{cleared.year}-{cleared.month}-{cleared.day}"
            if cleared
            else "",
        }

    def _start_date(self, _: WebSession | None) -> Fields:
        plan = self.device.plan
        return {
            "StartDay": plan.start_day,
            "DataLimit": plan.limit,
            "DataLimitAwoke": 0,
            "MonthThreshold": plan.alert_percent,
            "SetMonthData": 1 if plan.enabled else 0,
            "trafficmaxlimit": 0,
        }

    def _information(self, _: WebSession | None) -> Fields:
        device = self.device
        sim = device.scenario.modem
        return {
            "DeviceName": device.personality.model,
            "SerialNumber": device.personality.serial_number,
            "Imei": sim.imei,
            "Imsi": sim.imsi,
            "Iccid": sim.iccid,
            "Msisdn": sim.own_number,
            "HardwareVersion": "CL1E5577SM",
            "SoftwareVersion": device.personality.firmware,
            "WebUIVersion": "17.100.13.01.03",
            "ProductFamily": "LTE",
            "Classify": "mobile-wifi",
        }

    def _signal(self, _: WebSession | None) -> Fields:
        rssi = -113 + 2 * self.device.scenario.modem.rssi
        return {
            "pci": 256,
            "cell_id": 12345678,
            "rssi": f"{rssi}dBm",
            "rsrp": "-95dBm",
            "rsrq": "-11.0dB",
            "sinr": "12dB",
            "mode": 7,
        }

    def _plmn(self, _: WebSession | None) -> Fields:
        sim = self.device.scenario.modem
        return {
            "State": 0,
            "FullName": sim.operator_name,
            "ShortName": sim.operator_name,
            "Numeric": sim.operator_numeric,
            "Rat": 7,
        }

    # --- SMS -------------------------------------------------------------------------

    def _sms_count(self, _: WebSession | None) -> Fields:
        inbox = self.device.inbox
        return {
            "LocalUnread": sum(1 for sms in inbox if not sms.read),
            "LocalInbox": len(inbox),
            "LocalOutbox": len(self.device.sent),
            "LocalMax": 500,
        }

    def _sms_list(self, request: ET.Element) -> bytes:
        page = max(1, _int(request, "PageIndex"))
        count = max(1, _int(request, "ReadCount"))
        newest_first = sorted(
            self.device.inbox, key=lambda sms: (sms.received, sms.index), reverse=True
        )
        shown = newest_first[(page - 1) * count : page * count]
        messages = "".join(_message_xml(sms) for sms in shown)
        return (
            '<?xml version="1.0" encoding="UTF-8"?><response>'
            f"<Count>{len(newest_first)}</Count><Messages>{messages}</Messages>"
            "</response>"
        ).encode()

    def _set_read(self, _: WebSession, request: ET.Element) -> Fields:
        message = self.device.find(_int(request, "Index"))
        if message is not None:
            message.read = True
        return {"": "OK"}

    def _delete_sms(self, _: WebSession, request: ET.Element) -> Fields:
        self.device.delete(_int(request, "Index"))
        return {"": "OK"}

    def _send_sms(self, _: WebSession, request: ET.Element) -> Fields:
        numbers = [(phone.text or "").strip() for phone in request.iter("Phone")]
        text = _text(request, "Content")
        if not numbers or not all(numbers) or not text:
            raise ApiError(100005)
        for number in numbers:
            self.device.send_sms(number, text)
        return {"": "OK"}

    # --- USSD ------------------------------------------------------------------------

    def _ussd_send(self, _: WebSession, request: ET.Element) -> Fields:
        code = _text(request, "content")
        if not code:
            raise ApiError(100005)
        if not self.device.send_ussd(code):
            raise ApiError(111013)
        return {"": "OK"}

    def _ussd_status(self, _: WebSession | None) -> Fields:
        return {"result": 1 if self.device.ussd.state is UssdState.WAITING else 0}

    def _ussd_get(self, _: WebSession | None) -> Fields:
        ussd = self.device.ussd
        if ussd.state is UssdState.NOT_SUPPORTED:
            raise ApiError(111022)
        if ussd.state is not UssdState.ANSWERED:
            raise ApiError(111019)
        return {"content": ussd.answer}

    def _ussd_release(self, _: WebSession | None) -> Fields:
        self.device.cancel_ussd()
        return {"": "OK"}


def _parse(body: bytes) -> ET.Element:
    if b"<!" in body:
        raise ApiError(100005)
    try:
        return ET.fromstring(body)  # noqa: S314 - requests from our own tests; DTDs refused above
    except ET.ParseError:
        raise ApiError(100005) from None


def _text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _int(element: ET.Element, tag: str) -> int:
    value = _text(element, tag)
    if not value.lstrip("-").isdigit():
        raise ApiError(100005)
    return int(value)


def _response_xml(fields: Fields) -> bytes:
    if set(fields) == {""}:
        inner = escape(str(fields[""]))
    else:
        inner = "".join(
            f"<{name}>{escape('' if value is None else str(value))}</{name}>"
            for name, value in fields.items()
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><response>{inner}</response>'.encode()
    )


def _error_xml(error: ApiError) -> bytes:
    extra = "".join(f"<{name}>{value}</{name}>" for name, value in error.extra.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<error><code>{error.code}</code><message></message>{extra}</error>"
    ).encode()


def _message_xml(sms: StoredSms) -> str:
    return (
        "<Message>"
        f"<Smstat>{1 if sms.read else 0}</Smstat><Index>{sms.index}</Index>"
        f"<Phone>{escape(sms.sender)}</Phone><Content>{escape(sms.text)}</Content>"
        f"<Date>{sms.received:%Y-%m-%d %H:%M:%S}</Date><Sca></Sca>"
        "<SaveType>4</SaveType><Priority>0</Priority><SmsType>1</SmsType>"
        "</Message>"
    )
