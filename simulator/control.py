"""The simulator as one object: the modem, its carrier, a port, and the controls.

Tests drive it in process (`Simulator`); people drive it over a small HTTP API
(`control_app`) with `python -m simulator ctl ...`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
import re
from typing import Any, Literal

from aiohttp import web

from .carrier import CarrierModel
from .modem import ModemEngine
from .scenario import Scenario, load_scenario
from .transport import PtyPort, TcpPort

type Fault = Literal["silence", "garbage", "sim_busy", "drop"]
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?\s*$", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "TB": 1000**4}


def parse_size(text: str | int) -> int:
    """`"500MB"` or `1500` to bytes (powers of 1000, as carriers count)."""
    if isinstance(text, int):
        return text
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"not a data size: {text!r}")
    return int(Decimal(match[1]) * _UNITS[(match[2] or "B").upper()])


class Simulator:
    """A running simulated modem with a scriptable carrier behind it."""

    def __init__(
        self,
        scenario: Scenario | str = "generic_us",
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Load the scenario; nothing runs until `start_tcp()` or `start_pty()`."""
        self.scenario = (
            load_scenario(scenario) if isinstance(scenario, str) else scenario
        )
        self._now = now
        self.carrier = CarrierModel(self.scenario.carrier, today=now().date())
        self.engine = ModemEngine(self.scenario, self.carrier, now=now)
        self.port: TcpPort | PtyPort | None = None
        self.plugged = True
        # AT+CFUN=1,1 reboots: the port goes away for `reset_seconds`, then comes back.
        self.reset_seconds = 0.2
        self.resets = 0
        self._reset_task: asyncio.Task[None] | None = None
        self.engine.on_reset = self._on_reset

    @property
    def url(self) -> str:
        """What a client opens: `socket://127.0.0.1:port` or the pty's path."""
        if self.port is None:
            raise RuntimeError("the simulator is not started")
        return self.port.url

    async def start_tcp(
        self, host: str = "127.0.0.1", port: int = 0, *, rfc2217: bool = False
    ) -> str:
        """Serve the modem on a TCP port (raw, or RFC 2217); returns its serial URL."""
        self.port = TcpPort(self.engine, host, port, rfc2217=rfc2217)
        await self.port.start()
        self.engine.start()
        return self.port.url

    async def start_pty(self, link_path: Path | None = None) -> str:
        """Serve the modem on a pseudo-terminal; returns its path."""
        self.port = PtyPort(self.engine, link_path)
        await self.port.start()
        self.engine.start()
        return self.port.url

    async def stop(self) -> None:
        """Stop everything; the port disappears."""
        self.engine.stop()
        if self.port is not None:
            await self.port.stop()

    # --- the carrier ------------------------------------------------------------

    def drain(self, amount: int | str) -> None:
        """Use data at once (`"500MB"`, or bytes)."""
        self.carrier.use_data(parse_size(amount))

    def set_drain_rate(self, per_hour: int | str) -> None:
        """Use data continuously at this many bytes per hour."""
        self.carrier.set_drain_rate(parse_size(per_hour))

    def top_up(
        self, *, data: int | str = 0, money: Decimal | str = "0", days: int = 0
    ) -> None:
        """Pay: add data, money or days; the carrier confirms by SMS."""
        confirmation = self.carrier.top_up(
            data_bytes=parse_size(data),
            money=Decimal(money),
            days=days,
            today=self._now().date(),
        )
        self.engine.deliver_sms(confirmation.sender, confirmation.text)

    def deliver_sms(self, sender: str, text: str) -> None:
        """A text arrives from the network now."""
        self.engine.deliver_sms(sender, text)

    # --- the device ---------------------------------------------------------------

    async def unplug(self) -> None:
        """Pull the modem out: the port disappears and the modem loses its settings."""
        if self.port is not None and self.plugged:
            self.plugged = False
            self.engine.powered = False
            await self.port.stop()
            self.engine.power_cycle()

    async def replug(self) -> None:
        """Plug the modem back in on the same port (or stable link)."""
        if self.port is not None and not self.plugged:
            await self.port.start()
            self.engine.powered = True
            self.plugged = True

    def _on_reset(self) -> None:
        self.resets += 1
        self._reset_task = asyncio.get_running_loop().create_task(self._reboot())

    async def _reboot(self) -> None:
        await self.unplug()
        await asyncio.sleep(self.reset_seconds)
        await self.replug()

    async def fault(self, kind: Fault, *, count: int = 1, on: bool = True) -> None:
        """Inject a fault: silence (on/off), garbage bytes, SIM busy `count` times, a dropped line."""
        if kind == "silence":
            self.engine.silent = on
        elif kind == "garbage":
            self.engine.send_garbage()
        elif kind == "sim_busy":
            self.engine.sim_busy_remaining = count
        elif kind == "drop" and self.port is not None:
            await self.port.drop_clients()
        else:
            raise ValueError(f"unknown fault {kind!r}")

    def state(self) -> dict[str, Any]:
        """What the carrier and modem know now (no identities: this is for people)."""
        carrier = self.carrier
        return {
            "scenario": self.scenario.name,
            "plugged": self.plugged,
            "url": self.port.url if self.port else None,
            "plan_bytes": carrier.plan_bytes,
            "used_bytes": carrier.used_bytes,
            "remaining_bytes": carrier.remaining_bytes,
            "balance": str(carrier.balance),
            "currency": carrier.spec.currency,
            "expires": carrier.expires.isoformat() if carrier.expires else None,
            "stored_messages": len(self.engine.storage),
            "sent_messages": len(self.engine.sent_messages),
        }


type Act = Callable[[str, dict[str, Any]], Awaitable[None]]


def json_control_app(state: Callable[[], dict[str, Any]], act: Act) -> web.Application:
    """A small JSON HTTP API: `GET /state`, and `POST /<action>` with a JSON body.

    Shared by the modem and the hotspot simulators (`python -m simulator ctl` speaks it).
    """
    routes = web.RouteTableDef()

    @routes.get("/state")
    async def get_state(_: web.Request) -> web.Response:
        return web.json_response(state())

    @routes.post("/{action}")
    async def post_action(request: web.Request) -> web.Response:
        action = request.match_info["action"]
        body: dict[str, Any] = await request.json() if request.can_read_body else {}
        try:
            await act(action, body)
        except (ValueError, TypeError, KeyError, InvalidOperation) as err:
            return web.json_response({"error": str(err)}, status=400)
        return web.json_response(state())

    app = web.Application()
    app.add_routes(routes)
    return app


def control_app(simulator: Simulator) -> web.Application:
    """The modem simulator's controls over HTTP."""
    return json_control_app(
        simulator.state, lambda action, body: _act(simulator, action, body)
    )


async def _act(simulator: Simulator, action: str, body: dict[str, Any]) -> None:
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
    elif action == "fault":
        await simulator.fault(
            body["kind"], count=int(body.get("count", 1)), on=bool(body.get("on", True))
        )
    else:
        raise KeyError(f"unknown action {action!r}")
