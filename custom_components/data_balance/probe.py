"""Serial ports for setup: list them, group a USB modem's ports, and find the one that answers AT."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
import re
from typing import Final

from homeassistant.core import HomeAssistant
from serialx import SerialPortInfo, list_serial_ports

from .const import LOGGER, PROBE_TIMEOUT
from .modem import (
    Modem,
    ModemError,
    ModemInfo,
    ModemReplyError,
    ModemTimeoutError,
    ModemTimeouts,
    NotAModemError,
    SimNotInsertedError,
    SimPinRequiredError,
    SimPukRequiredError,
    SimState,
)

# Short waits: a modem answers `AT` within milliseconds, and a silent port (a modem's
# diagnostic or GPS interface) should cost little while the ports are tried in turn.
PROBE_TIMEOUTS: Final = ModemTimeouts(
    command=PROBE_TIMEOUT.total_seconds(), probe=0.5, release_grace=0.5
)
PROBE_RETRY_DELAYS: Final = (0.2, 0.5)

CANNOT_CONNECT: Final = "cannot_connect"
NOT_A_MODEM: Final = "not_a_modem"
SIM_PIN_REQUIRED: Final = "sim_pin_required"
SIM_NOT_INSERTED: Final = "sim_not_inserted"
NO_SIM_IDENTITY: Final = "no_sim_identity"
# Reasons that say "not this port": discovery then tries the modem's next port.
WRONG_PORT_REASONS: Final = frozenset({CANNOT_CONNECT, NOT_A_MODEM})

_ERROR_REASONS: Final[tuple[tuple[tuple[type[ModemError], ...], str], ...]] = (
    ((SimPinRequiredError, SimPukRequiredError), SIM_PIN_REQUIRED),
    ((SimNotInsertedError,), SIM_NOT_INSERTED),
    ((NotAModemError, ModemTimeoutError), NOT_A_MODEM),
    ((ModemReplyError,), NO_SIM_IDENTITY),
)
_SIM_STATE_REASONS: Final = {
    SimState.PIN_REQUIRED: SIM_PIN_REQUIRED,
    SimState.PUK_REQUIRED: SIM_PIN_REQUIRED,
    SimState.NOT_INSERTED: SIM_NOT_INSERTED,
}
# `usb-Quectel_EG25-G_0123-if02-port0`: udev names each interface of a USB device alike.
_INTERFACE_SUFFIX = re.compile(r"-if[0-9A-Fa-f]{2}(?:-port\d+)?$")


class ProbeError(Exception):
    """A port is not a usable modem; `reason` is the flow's translation key."""

    def __init__(self, reason: str) -> None:
        """Remember why."""
        super().__init__(reason)
        self.reason = reason


def error_reason(err: ModemError) -> str:
    """The translation key for a library error."""
    return next(
        (reason for kinds, reason in _ERROR_REASONS if isinstance(err, kinds)),
        CANNOT_CONNECT,
    )


async def async_identify(url: str) -> ModemInfo:
    """Open the modem at `url`, read its identity and close it again.

    Raises:
        ProbeError: the port cannot be opened, does not answer AT, or the SIM is unusable.
    """
    try:
        modem = await Modem.open(
            url, timeouts=PROBE_TIMEOUTS, retry_delays=PROBE_RETRY_DELAYS
        )
    except ModemError as err:
        raise ProbeError(error_reason(err)) from err
    try:
        if reason := _SIM_STATE_REASONS.get(modem.sim_state):
            raise ProbeError(reason)
        return await modem.identify()
    except ModemError as err:
        raise ProbeError(error_reason(err)) from err
    finally:
        await modem.close()


async def async_find_modem(paths: Sequence[str]) -> tuple[str, ModemInfo]:
    """The first of `paths` that answers as a modem, with its identity.

    Raises:
        ProbeError: no port answers (`not_a_modem`), or the modem's SIM is unusable.
    """
    for path in paths:
        try:
            return path, await async_identify(path)
        except ProbeError as err:
            if err.reason not in WRONG_PORT_REASONS:
                raise
            LOGGER.debug("No modem on %s (%s)", path, err.reason)
    raise ProbeError(NOT_A_MODEM)


async def async_list_ports(hass: HomeAssistant) -> list[SerialPortInfo]:
    """The machine's serial ports (listed in the executor: it reads sysfs)."""
    try:
        return await hass.async_add_executor_job(list_serial_ports)
    except OSError as err:
        LOGGER.debug("Cannot list serial ports: %s", err)
        return []


def is_url(value: str) -> bool:
    """Whether `value` is a serial URL (`socket://`, ...) rather than a device path."""
    return "://" in value


def stable_path(path: str, ports: Sequence[SerialPortInfo]) -> str:
    """The `/dev/serial/by-id/...` name of a device path, when the listing knows one."""
    return next(
        (port.device for port in ports if path in (port.device, port.resolved_device)),
        path,
    )


def modem_ports(device: str, ports: Sequence[SerialPortInfo]) -> list[str]:
    """A discovered port first, then the other ports of the same USB device."""
    own = stable_path(device, ports)
    stem = by_id_stem(own)
    siblings = sorted(
        port.device
        for port in ports
        if port.device != own and stem is not None and by_id_stem(port.device) == stem
    )
    return [own, *siblings]


def by_id_stem(path: str) -> str | None:
    """A by-id link without its `-ifNN-portN` suffix: the same for every port of a device."""
    link = PurePosixPath(path)
    stem = _INTERFACE_SUFFIX.sub("", link.name)
    if link.parent.name != "by-id" or stem == link.name:
        return None
    return str(link.parent / stem)


def port_label(port: SerialPortInfo) -> str:
    """How a port is shown in the picker: maker and product, then the stable path."""
    name = " ".join(part for part in (port.manufacturer, port.product) if part)
    return f"{name} - {port.device}" if name else port.device


def modem_name(info: ModemInfo) -> str:
    """Manufacturer and model, for the confirm step (no identifiers)."""
    return f"{info.manufacturer} {info.model}".strip() or "Modem"


def sim_unique_id(info: ModemInfo) -> str:
    """The config entry's unique id: the SIM's ICCID, else its IMSI."""
    return info.iccid or info.imsi
