"""Command line: `python -m simulator modem|hotspot ...` runs one, `ctl ...` drives it."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from pathlib import Path
import sys
from typing import Any

from aiohttp import ClientError, ClientSession, web

from .control import Simulator, control_app
from .hotspot import FAMILIES, HotspotSimulator, hotspot_control_app
from .scenario import Scenario, ScenarioError, available_scenarios, load_scenario

DEFAULT_CONTROL = "127.0.0.1:7001"


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


def build_parser() -> argparse.ArgumentParser:
    """The `python -m simulator` argument parser."""
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    modem = commands.add_parser("modem", help="serve a simulated modem")
    modem.add_argument(
        "--scenario",
        default="generic_us",
        help=f"one of {available_scenarios()} or a JSON file",
    )
    where = modem.add_mutually_exclusive_group()
    where.add_argument(
        "--listen", default="127.0.0.1:7000", help="TCP host:port (default %(default)s)"
    )
    where.add_argument(
        "--pty",
        action="store_true",
        help="serve on a pseudo-terminal and print its path",
    )
    modem.add_argument(
        "--pty-link", type=Path, help="keep this symlink pointing at the pty"
    )
    modem.add_argument(
        "--rfc2217",
        action="store_true",
        help="speak RFC 2217 on the TCP port (for rfc2217:// URLs)",
    )
    modem.add_argument(
        "--control",
        default=DEFAULT_CONTROL,
        help="HTTP control host:port (default %(default)s)",
    )

    hotspot = commands.add_parser("hotspot", help="serve a simulated hotspot router")
    hotspot.add_argument(
        "--listen",
        default="127.0.0.1:8080",
        help="HTTP host:port of the router's web API (default %(default)s)",
    )
    hotspot.add_argument(
        "--family",
        choices=FAMILIES,
        default=FAMILIES[0],
        help="which web API it speaks (default %(default)s)",
    )
    hotspot.add_argument(
        "--scenario",
        default="generic_us",
        help=f"one of {available_scenarios()} or a JSON file (SIM and carrier)",
    )
    hotspot.add_argument(
        "--password", default="admin", help="admin password (default %(default)s)"
    )
    hotspot.add_argument(
        "--control",
        default=DEFAULT_CONTROL,
        help="HTTP control host:port (default %(default)s)",
    )

    ctl = commands.add_parser("ctl", help="drive a running simulator")
    ctl.add_argument(
        "--control",
        default=DEFAULT_CONTROL,
        help="its control host:port (default %(default)s)",
    )
    actions = ctl.add_subparsers(dest="action", required=True)
    actions.add_parser("state", help="print what the carrier and modem know")
    drain = actions.add_parser("drain", help="use data now, e.g. 500MB")
    drain.add_argument("amount")
    rate = actions.add_parser(
        "drain-rate", help="use data continuously, e.g. 200MB per hour"
    )
    rate.add_argument("per_hour")
    top_up = actions.add_parser("top-up", help="pay: add data, money or days")
    top_up.add_argument("--data", default="0")
    top_up.add_argument("--money", default="0")
    top_up.add_argument("--days", type=int, default=0)
    sms = actions.add_parser("sms", help="deliver a text from the network")
    sms.add_argument("sender")
    sms.add_argument("text")
    actions.add_parser("unplug", help="pull the modem out")
    actions.add_parser("replug", help="plug it back in")
    actions.add_parser("reboot", help="restart a hotspot router (counters reset)")
    password = actions.add_parser("password", help="change a hotspot's admin password")
    password.add_argument("password")
    fault = actions.add_parser("fault", help="inject a fault")
    fault.add_argument("kind", choices=["silence", "garbage", "sim_busy", "drop"])
    fault.add_argument("--count", type=int, default=1)
    fault.add_argument("--off", action="store_true", help="end a silence")

    commands.add_parser("scenarios", help="list the shipped scenarios")
    return parser


async def serve_modem(args: argparse.Namespace, scenario: Scenario) -> None:
    """Run the modem and its control API until interrupted."""
    simulator = Simulator(scenario)
    if args.pty:
        url = await simulator.start_pty(args.pty_link)
    else:
        url = await simulator.start_tcp(*_host_port(args.listen), rfc2217=args.rfc2217)
    runner = web.AppRunner(control_app(simulator))
    await runner.setup()
    control_host, control_port = _host_port(args.control)
    await web.TCPSite(runner, control_host, control_port).start()
    sys.stdout.write(
        f"modem ({simulator.scenario.name}) at {url}\ncontrol at http://{control_host}:{control_port}\n"
    )
    sys.stdout.flush()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await simulator.stop()


async def serve_hotspot(args: argparse.Namespace, scenario: Scenario) -> None:
    """Run the hotspot router and its control API until interrupted."""
    simulator = HotspotSimulator(scenario, family=args.family, password=args.password)
    url = await simulator.start(*_host_port(args.listen))
    runner = web.AppRunner(hotspot_control_app(simulator))
    await runner.setup()
    control_host, control_port = _host_port(args.control)
    await web.TCPSite(runner, control_host, control_port).start()
    sys.stdout.write(
        f"hotspot {args.family} ({simulator.scenario.name}) at {url}\n"
        f"control at http://{control_host}:{control_port}\n"
    )
    sys.stdout.flush()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await simulator.stop()


async def run_ctl(args: argparse.Namespace) -> int:
    """Send one control action to a running simulator and print its state."""
    body: dict[str, Any] = {}
    action = args.action
    if action == "drain":
        body = {"amount": args.amount}
    elif action == "drain-rate":
        body = {"per_hour": args.per_hour}
    elif action == "top-up":
        body = {"data": args.data, "money": args.money, "days": args.days}
    elif action == "sms":
        body = {"sender": args.sender, "text": args.text}
    elif action == "fault":
        body = {"kind": args.kind, "count": args.count, "on": not args.off}
    elif action == "password":
        body = {"password": args.password}
    base = f"http://{args.control}"
    async with ClientSession() as session:
        if action == "state":
            response = await session.get(f"{base}/state")
        else:
            response = await session.post(f"{base}/{action}", json=body)
        answer = await response.json()
    sys.stdout.write(json.dumps(answer, indent=2) + "\n")
    return 0 if response.status == 200 else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    if args.command == "scenarios":
        sys.stdout.write("\n".join(available_scenarios()) + "\n")
        return 0
    try:
        if args.command == "modem":
            asyncio.run(serve_modem(args, load_scenario(args.scenario)))
            return 0
        if args.command == "hotspot":
            asyncio.run(serve_hotspot(args, load_scenario(args.scenario)))
            return 0
        return asyncio.run(run_ctl(args))
    except ScenarioError as err:
        sys.stderr.write(f"{err}\n")
        return 2
    except ClientError as err:
        sys.stderr.write(f"cannot reach the simulator at {args.control}: {err}\n")
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
