"""The simulated hotspot as one object: a router, its web API, its carrier, its controls.

Tests drive it in process (`HotspotSimulator`); people drive it over the same small
HTTP control API as the modem simulator (`hotspot_control_app`), so
`python -m simulator ctl --control ... drain 500MB` works against either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
import time
from typing import Any, Literal, Protocol

from aiohttp import web

from simulator.carrier import CarrierModel
from simulator.control import json_control_app, parse_size
from simulator.scenario import Scenario, load_scenario

from .device import HotspotDevice, HotspotPersonality
from .faults import FaultPlan, Spoil
from .hilink import HiLinkApi, HiLinkSettings
from .zte import ZteApi, ZteSettings

type Family = Literal["huawei_hilink", "zte"]
FAMILIES: tuple[Family, ...] = ("huawei_hilink", "zte")
PERSONALITIES: dict[Family, HotspotPersonality] = {
    "huawei_hilink": HotspotPersonality(
        manufacturer="Huawei",
        model="E5577Cs-321",
        firmware="21.333.64.00.1456",
        serial_number="G4Q7S17A12345678",
    ),
    "zte": HotspotPersonality(
        manufacturer="ZTE",
        model="MF79U",
        firmware="BD_MF79UV1.0.0B06",
        serial_number="",
        battery_percent=None,
    ),
}


class WebApi(Protocol):
    """What the simulator needs of a family's web API."""

    requests: list[str]

    def app(self) -> web.Application:
        """The aiohttp application."""
        ...

    def logout_everyone(self) -> None:
        """Forget every session."""


class HotspotSimulator:
    """A running simulated hotspot router on loopback HTTP."""

    def __init__(
        self,
        scenario: Scenario | str = "generic_us",
        *,
        family: Family = "huawei_hilink",
        password: str = "admin",  # noqa: S107 - the simulated router's factory default
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Load the scenario; nothing listens until `start()`."""
        if family not in FAMILIES:
            raise ValueError(f"unknown family {family!r}; one of {FAMILIES}")
        self.scenario = (
            load_scenario(scenario) if isinstance(scenario, str) else scenario
        )
        self.family = family
        self.device = HotspotDevice(
            self.scenario,
            PERSONALITIES[family],
            password=password,
            clock=clock,
            now=now,
        )
        self.faults = FaultPlan()
        self.hilink_settings = HiLinkSettings()
        self.zte_settings = ZteSettings()
        self.api: WebApi = self._build_api()
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port = 0
        self.powered = False

    def _build_api(self) -> WebApi:
        if self.family == "zte":
            return ZteApi(self.device, self.faults, self.zte_settings)
        return HiLinkApi(self.device, self.faults, self.hilink_settings)

    @property
    def hilink(self) -> HiLinkApi:
        """The HiLink web API (its sessions and request log), for tests."""
        if not isinstance(self.api, HiLinkApi):
            raise TypeError(f"this simulator speaks {self.family}")
        return self.api

    @property
    def zte(self) -> ZteApi:
        """The ZTE web API (its sessions and request log), for tests."""
        if not isinstance(self.api, ZteApi):
            raise TypeError(f"this simulator speaks {self.family}")
        return self.api

    async def wait_for_messages(self, count: int, timeout: float = 5.0) -> None:
        """Until the router's inbox holds `count` texts."""
        async with asyncio.timeout(timeout):
            await self.device.wait_for_inbox(count)

    @property
    def carrier(self) -> CarrierModel:
        """The carrier model behind the SIM."""
        return self.device.carrier

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>`: what a client is given as the host."""
        if not self._port:
            raise RuntimeError("the simulator is not started")
        return f"http://{self._host}:{self._port}"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve the router's web API; returns its URL."""
        self._host, self._port = host, port or self._port
        await self._listen()
        return self.url

    async def _listen(self) -> None:
        runner = web.AppRunner(
            self.api.app(), handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        await site.start()
        if not self._port:
            self._port = runner.addresses[0][1]
        self._runner = runner
        self.powered = True

    async def stop(self) -> None:
        """Stop serving and cancel pending carrier replies."""
        self.device.stop()
        await self._shut()

    async def _shut(self) -> None:
        self.faults.release()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self.powered = False

    # --- the carrier ------------------------------------------------------------------

    def drain(self, amount: int | str) -> None:
        """Use data at once (`"500MB"`, or bytes); the router's counters follow."""
        self.device.carrier.use_data(parse_size(amount))

    def set_drain_rate(self, per_hour: int | str) -> None:
        """Use data continuously at this many bytes per hour."""
        self.device.carrier.set_drain_rate(parse_size(per_hour))

    def top_up(
        self, *, data: int | str = 0, money: Decimal | str = "0", days: int = 0
    ) -> None:
        """Pay: add data, money or days; the carrier's confirmation lands in the inbox."""
        confirmation = self.device.carrier.top_up(
            data_bytes=parse_size(data),
            money=Decimal(money),
            days=days,
            today=self.device.today(),
        )
        self.device.deliver_sms(confirmation.sender, confirmation.text)

    def deliver_sms(self, sender: str, text: str) -> None:
        """A text arrives from the network now."""
        self.device.deliver_sms(sender, text)

    # --- the router ---------------------------------------------------------------------

    def set_password(self, password: str) -> None:
        """Someone changed the admin password on the router."""
        self.device.password = password

    def reboot(self) -> None:
        """Restart: sessions end, connection and total counters reset."""
        self.device.reboot()
        self.api.logout_everyone()

    async def unplug(self) -> None:
        """Power off: the web API stops answering."""
        if self.powered:
            await self._shut()

    async def replug(self) -> None:
        """Power on again on the same port (a reboot)."""
        if not self.powered and self._port:
            self.reboot()
            await self._listen()

    def fault(
        self,
        kind: Spoil | Literal["silence", "busy"],
        *,
        count: int = 1,
        on: bool = True,
    ) -> None:
        """Spoil replies: `silence` (on/off), `busy` (error 100004 `count` times), or a spoil."""
        if kind == "silence" and on:
            self.faults.silent = True
        elif kind == "silence":
            self.faults.release()
        elif kind == "busy":
            self.faults.error(100004, count=count)
        else:
            self.faults.spoil(kind, count)

    def inject_error(
        self, code: int, *, endpoint: str | None = None, count: int = 1
    ) -> None:
        """Answer the next request(s) with the router's error `code`."""
        self.faults.error(code, endpoint=endpoint, count=count)

    def state(self) -> dict[str, Any]:
        """What the carrier and router know now (no identities: this is for people)."""
        carrier = self.device.carrier
        counters = self.device.sync()
        return {
            "scenario": self.scenario.name,
            "family": self.family,
            "powered": self.powered,
            "url": self.url if self._port else None,
            "plan_bytes": carrier.plan_bytes,
            "used_bytes": carrier.used_bytes,
            "remaining_bytes": carrier.remaining_bytes,
            "balance": str(carrier.balance),
            "currency": carrier.spec.currency,
            "expires": carrier.expires.isoformat() if carrier.expires else None,
            "month_bytes": counters.month_download + counters.month_upload,
            "total_bytes": counters.total_download + counters.total_upload,
            "stored_messages": len(self.device.inbox),
            "sent_messages": len(self.device.sent),
            "locked_for_seconds": round(
                self.device.guard.remaining(self.device.clock())
            ),
        }


def hotspot_control_app(simulator: HotspotSimulator) -> web.Application:
    """The modem simulator's JSON control API, for a hotspot (plus reboot and password)."""
    return json_control_app(
        simulator.state, lambda action, body: _act(simulator, action, body)
    )


async def _act(simulator: HotspotSimulator, action: str, body: dict[str, Any]) -> None:
    if action == "drain":
        simulator.drain(body["amount"])
    elif action == "drain-rate":
        simulator.set_drain_rate(body["per_hour"])
    elif action == "top-up":
        simulator.top_up(
            data=body.get("data", 0),
            money=str(body.get("money", "0")),
            days=int(body.get("days", 0)),
        )
    elif action == "sms":
        simulator.deliver_sms(str(body["sender"]), str(body["text"]))
    elif action == "unplug":
        await simulator.unplug()
    elif action == "replug":
        await simulator.replug()
    elif action == "reboot":
        simulator.reboot()
    elif action == "password":
        simulator.set_password(str(body["password"]))
    elif action == "fault":
        kind = {"sim_busy": "busy", "drop": "drop"}.get(body["kind"], body["kind"])
        simulator.fault(
            kind, count=int(body.get("count", 1)), on=bool(body.get("on", True))
        )
    else:
        raise KeyError(f"unknown action {action!r}")
