"""Where the SIM sits: a modem on a serial port, or a hotspot router's web API.

Both look the same to the coordinator: identify the SIM, read its state, signal and
traffic counters, read texts, send USSD and SMS. Errors come out as the modem library's
(`ModemError` and its subclasses) plus the two a router with a password adds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from .hotspot import (
    HotspotAuthError,
    HotspotClient,
    HotspotError,
    HotspotLockedOut,
    HotspotNetwork,
    HotspotNotSupported,
)
from .modem import (
    Modem,
    ModemConnectionError,
    ModemError,
    ModemInfo,
    NetworkStatus,
    RegistrationState,
    Signal,
    SimState,
    Sms,
    TrafficCounters,
)
from .modem.modem import DeliveredTexts, DisconnectCallback, MessageCallback

RESET_COMMAND = "AT+CFUN=1,1"


class SourceAuthError(ModemError):
    """The router refused the password: the user must enter it again."""


class SourceLockedOutError(ModemError):
    """The router locks logins for a while after wrong passwords."""

    def __init__(self, wait: timedelta | None) -> None:
        """Remember how long the router said to wait."""
        super().__init__("the router locks logins for a while")
        self.wait = wait


class SourceNotSupportedError(ModemError):
    """This kind of device cannot do that."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceReading:
    """One poll's worth of device state."""

    sim_state: SimState
    signal: Signal | None
    network: NetworkStatus | None
    counters: TrafficCounters | None


class Source(Protocol):
    """What the coordinator needs of a device holding the SIM."""

    @property
    def connected(self) -> bool:
        """Whether the device can be talked to now."""

    def poll(self) -> AbstractAsyncContextManager[None]:
        """Group one poll's calls (a router's single admin session)."""

    async def identify(self) -> ModemInfo:
        """The device's and the SIM's identity."""

    async def read(self) -> DeviceReading:
        """SIM state, signal, network and traffic counters."""

    async def messages(self) -> list[Sms]:
        """The texts waiting on the SIM or router; they are deleted once read."""

    async def ussd(self, code: str) -> str:
        """Send a USSD code; the network's answer."""

    async def send_sms(self, number: str, text: str) -> int:
        """Send a text; how many parts went out."""

    async def restart(self) -> None:
        """Reset the device (it goes away for a while)."""

    async def close(self) -> None:
        """Let the device go."""

    def subscribe_messages(self, callback: MessageCallback) -> Callable[[], None]:
        """Call back with texts pushed by the device (modems; routers are polled)."""

    def subscribe_disconnect(self, callback: DisconnectCallback) -> Callable[[], None]:
        """Call back when the device goes away between polls."""


class ModemSource:
    """A modem's AT port."""

    def __init__(self, modem: Modem) -> None:
        """Wrap an open modem; texts are deleted from the SIM once read."""
        self.modem = modem
        modem.delete_after_read = True

    @classmethod
    async def open(
        cls, url: str, delivered: DeliveredTexts | None = None
    ) -> ModemSource:
        """Open the port and prepare the modem.

        `delivered` remembers, across reconnects, texts delivered but perhaps not yet
        deleted, so that none is announced twice.
        """
        return cls(await Modem.open(url, delivered=delivered))

    @property
    def connected(self) -> bool:
        """Whether the port is still there."""
        return self.modem.connected

    @asynccontextmanager
    async def poll(self) -> AsyncIterator[None]:
        """A serial port needs no session."""
        yield

    async def identify(self) -> ModemInfo:
        """`AT+CGMI`, `+CGMM`, `+CGSN`, `+CIMI`, the ICCID and `+CNUM`."""
        return await self.modem.identify()

    async def read(self) -> DeviceReading:
        """`+CPIN`, `+CSQ`, registration and operator, and the vendor's counters."""
        sim_state = await self.modem.read_sim_state()
        signal = await self.modem.signal()
        network = await self.modem.network()
        counters = await self.modem.traffic_counters()
        return DeviceReading(
            sim_state=sim_state, signal=signal, network=network, counters=counters
        )

    async def messages(self) -> list[Sms]:
        """Every stored text, deleted after reading."""
        return await self.modem.messages(delete=True)

    async def ussd(self, code: str) -> str:
        """Send the code; the decoded answer."""
        return await self.modem.ussd(code)

    async def send_sms(self, number: str, text: str) -> int:
        """Send in as many parts as it needs."""
        return len(await self.modem.send_sms(number, text))

    async def restart(self) -> None:
        """`AT+CFUN=1,1`: a full reset, understood by nearly every modem."""
        await self.modem.command(RESET_COMMAND)

    async def close(self) -> None:
        """Close the port."""
        await self.modem.close()

    def subscribe_messages(self, callback: MessageCallback) -> Callable[[], None]:
        """Texts announced by `+CMTI`."""
        return self.modem.subscribe_messages(callback)

    def subscribe_disconnect(self, callback: DisconnectCallback) -> Callable[[], None]:
        """The port went away."""
        return self.modem.subscribe_disconnect(callback)


class HotspotSource:
    """A hotspot router's local web API."""

    def __init__(self, client: HotspotClient) -> None:
        """Wrap a client (logged in or not: each poll logs in when it must)."""
        self.client = client
        self._closed = False

    @property
    def connected(self) -> bool:
        """A web API has no connection to lose between requests."""
        return not self._closed

    @asynccontextmanager
    async def poll(self) -> AsyncIterator[None]:
        """One admin session for the whole poll (logged out after it, if asked)."""
        async with _mapped(), self.client.poll():
            yield

    async def identify(self) -> ModemInfo:
        """The router's device information page."""
        async with _mapped():
            info = await self.client.identify()
        return ModemInfo(
            manufacturer=info.manufacturer,
            model=info.model,
            firmware=info.firmware,
            imei=info.imei,
            imsi=info.imsi,
            iccid=info.iccid,
            own_number=info.own_number,
        )

    async def read(self) -> DeviceReading:
        """Status, signal and the traffic statistics."""
        async with _mapped():
            network = await self.client.network()
            signal = await self.client.signal()
            traffic = await self.client.traffic()
        return DeviceReading(
            sim_state=network.sim_state,
            signal=signal,
            network=_network_status(network),
            # The totals since the router's counters were last reset: the accumulator
            # detects each reset (a reboot, a new connection) and loses nothing.
            counters=TrafficCounters(
                sent=traffic.total_upload, received=traffic.total_download
            ),
        )

    async def messages(self) -> list[Sms]:
        """The router's inbox, deleted once read."""
        async with _mapped():
            return await self.client.messages(delete=True)

    async def ussd(self, code: str) -> str:
        """The router sends the code and polls for the answer."""
        async with _mapped():
            return await self.client.ussd(code)

    async def send_sms(self, number: str, text: str) -> int:
        """The router splits long texts itself: one request."""
        async with _mapped():
            await self.client.send_sms(number, text)
        return 1

    async def restart(self) -> None:
        """Routers are restarted from their own page or by unplugging them."""
        raise SourceNotSupportedError("restart the router from its own web page")

    async def close(self) -> None:
        """Log out and stop."""
        self._closed = True
        await self.client.close()

    def subscribe_messages(self, callback: MessageCallback) -> Callable[[], None]:
        """Routers do not push texts: they are read at each poll."""
        return _nothing

    def subscribe_disconnect(self, callback: DisconnectCallback) -> Callable[[], None]:
        """A failed request says the router is gone."""
        return _nothing


def _nothing() -> None:
    """Unsubscribe from nothing."""


def _network_status(network: HotspotNetwork) -> NetworkStatus:
    if network.roaming:
        registration = RegistrationState.ROAMING
    elif network.connected or network.operator:
        registration = RegistrationState.HOME
    else:
        registration = RegistrationState.NOT_REGISTERED
    return NetworkStatus(
        registration=registration,
        operator=network.operator,
        access_technology=network.access_technology,
    )


@asynccontextmanager
async def _mapped() -> AsyncIterator[None]:
    """A router's errors as the coordinator knows them."""
    try:
        yield
    except HotspotLockedOut as err:
        raise SourceLockedOutError(err.wait) from err
    except HotspotAuthError as err:
        raise SourceAuthError(str(err)) from err
    except HotspotNotSupported as err:
        raise SourceNotSupportedError(str(err)) from err
    except HotspotError as err:
        raise ModemConnectionError(str(err)) from err
