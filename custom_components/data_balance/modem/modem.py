"""`Modem`: the public client of an AT modem — identity, USSD, SMS, signal, push, recovery."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
import logging
import re
from typing import Self

from serialx import SerialException, create_serial_connection

from .channel import AtChannel, describe
from .concat import Reassembler, Sms
from .errors import (
    CmeError,
    CmsError,
    CommandError,
    ModemConnectionError,
    ModemError,
    ModemReplyError,
    ModemTimeoutError,
    NotAModemError,
    SimError,
    SimNotInsertedError,
    SimPinRequiredError,
    SimPukRequiredError,
    SmsError,
    UssdNotSupportedError,
    UssdTerminatedError,
    UssdTimeoutError,
)
from .gsm7 import encode_ucs2_hex, pack_ussd_hex
from .pdu import PduError, decode_deliver, encode_submit
from .status import (
    ModemInfo,
    NetworkStatus,
    RegistrationState,
    Signal,
    SimState,
    TrafficCounters,
    normalise_iccid,
    parse_crsm_iccid,
    parse_digits,
    parse_dsflowqry,
    parse_operator,
    parse_own_number,
    parse_registration,
    parse_signal,
    parse_sim_state,
    parse_value,
)
from .ussd import CusdResult, UssdStatus, decode_ussd_text, parse_cusd

_LOGGER = logging.getLogger(__name__)
PORT_LOST = "port lost"  # put in the USSD queue so a waiting session ends at once
INVALID_MEMORY_INDEX = 321  # +CMS ERROR: the slot is empty (already deleted)

DEFAULT_BAUDRATE = 115200
TRANSIENT_CME = frozenset({14, 515})
TRANSIENT_CMS = frozenset({314})
ICCID_COMMANDS = (
    ("AT+CCID", "+CCID:"),
    ("AT^ICCID?", "^ICCID:"),
    ("AT+QCCID", "+QCCID:"),
    ("AT+CICCID", "+ICCID:"),
    ("AT!ICCID?", None),
    ("AT+ICCID", "+ICCID:"),
)
READ_ICCID_FILE = "AT+CRSM=176,12258,0,0,10"
NEW_MESSAGE_INDICATIONS = ("AT+CNMI=2,1,0,0,0", "AT+CNMI=1,1,0,0,0", "AT+CNMI=2,1")
_CMTI = re.compile(r'^\+CMTI:\s*"?(\w*)"?\s*,\s*(\d{1,5})\s*$')
_CMGL = re.compile(r"^\+CMG[LR]:\s*(?:(\d{1,5})\s*,)?\s*(\d{1,2})\s*,")

type MessageCallback = Callable[[Sms], None]
type DisconnectCallback = Callable[[], None]


class DeliveredTexts:
    """Stored texts already handed to the caller whose slots are not yet known to be free.

    Deleting a text can fail (a timeout, the port lost) after it was delivered; until the
    delete goes through, the text is still in storage, and without this memory the next
    listing, or a `+CMTI` read racing with a listing, would deliver it a second time.
    Keyed by storage slot and PDU, so a new text in a reused slot is never mistaken for
    an old one. Pass the same object to each `Modem.open` for one modem, so a reconnect
    remembers too.
    """

    def __init__(self, limit: int = 1024) -> None:
        """Remember at most `limit` texts (the oldest are forgotten first)."""
        self._limit = limit
        self._keys: dict[tuple[int, str], None] = {}

    def __contains__(self, key: object) -> bool:
        """Whether this (slot, PDU) was delivered and may still be stored."""
        return key in self._keys

    def __len__(self) -> int:
        """How many delivered texts may still be stored."""
        return len(self._keys)

    def add(self, key: tuple[int, str]) -> None:
        """A stored part was delivered (as part of its whole text)."""
        self._keys[key] = None
        while len(self._keys) > self._limit:
            del self._keys[next(iter(self._keys))]

    def discard_slot(self, index: int) -> None:
        """The slot is free now: whatever was delivered from it is gone."""
        for key in [key for key in self._keys if key[0] == index]:
            del self._keys[key]


@dataclass(frozen=True, slots=True)
class ModemTimeouts:
    """How long to wait, in seconds; tests shorten them."""

    command: float = 5.0
    probe: float = 2.0
    ussd: float = 30.0
    send_sms: float = 60.0
    release_grace: float = 3.0


@dataclass(frozen=True, slots=True)
class StorageStatus:
    """Used and total slots of the message storage."""

    used: int
    total: int

    @property
    def full(self) -> bool:
        """Whether no slot is free."""
        return self.used >= self.total


@dataclass(frozen=True, slots=True)
class UssdReply:
    """A USSD answer: its text and whether the network waits for a menu choice."""

    text: str
    menu: bool


class Modem:
    """An AT modem on a serial URL: a device path, `socket://`, `rfc2217://`, `esphome://`."""

    def __init__(
        self,
        channel: AtChannel,
        *,
        timeouts: ModemTimeouts,
        retry_delays: Sequence[float],
        now: Callable[[], datetime],
        delivered: DeliveredTexts | None = None,
    ) -> None:
        """Use `Modem.open()`; this wraps a channel that is already connected."""
        self._channel = channel
        self._delivered = DeliveredTexts() if delivered is None else delivered
        # The PDU last read from each storage slot, to recognise it when delivered.
        self._slot_pdus: dict[int, str] = {}
        self._timeouts = timeouts
        self._retry_delays = tuple(retry_delays)
        self._now = now
        self._ussd_lock = asyncio.Lock()
        # Reading stored texts and deleting them is one step: a slot freed by one reader
        # and taken by a new text must never be deleted by another on old evidence.
        self._storage_lock = asyncio.Lock()
        self._ussd_replies: asyncio.Queue[str] = asyncio.Queue()
        self._reassembler = Reassembler()
        self._message_callbacks: list[MessageCallback] = []
        self._disconnect_callbacks: list[DisconnectCallback] = []
        self._urc_callbacks: list[Callable[[str], None]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._iccid_command: tuple[str, str | None] | None = None
        self._counters_supported: bool | None = None
        self._concat_reference = 0
        self.ussd_packed = False
        self.ucs2_charset = False
        # Delete texts from the SIM once delivered (pushed or listed with delete=True).
        self.delete_after_read = False
        self.push_enabled = False
        self.sim_state = SimState.OTHER

    # --- opening and closing --------------------------------------------------------

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        baudrate: int = DEFAULT_BAUDRATE,
        timeouts: ModemTimeouts | None = None,
        retry_delays: Sequence[float] = (0.5, 1.0, 2.0),
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        delivered: DeliveredTexts | None = None,
    ) -> Self:
        """Open the port and prepare the modem; raises a `ModemError` if it is not usable.

        `delivered` carries, across reconnects, which texts were delivered but perhaps not
        yet deleted (see `DeliveredTexts`); without it each connection starts afresh.
        """
        timeouts = timeouts or ModemTimeouts()
        modem: Self | None = None

        def on_urc(line: str) -> None:
            if modem is not None:
                modem._handle_urc(line)

        def on_lost(exc: Exception | None) -> None:
            if modem is not None:
                modem._handle_lost(exc)

        channel = AtChannel(on_urc, on_lost)
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeouts.command * 2):
                await create_serial_connection(
                    loop, lambda: channel, url, baudrate=baudrate
                )
        except (OSError, SerialException, ValueError, TimeoutError) as err:
            raise ModemConnectionError(f"cannot open {_redact(url)}: {err}") from err
        modem = cls(
            channel,
            timeouts=timeouts,
            retry_delays=retry_delays,
            now=now,
            delivered=delivered,
        )
        try:
            await modem._initialise()
        except BaseException:
            await modem.close()
            raise
        return modem

    async def close(self) -> None:
        """Close the port; pending commands fail, background work stops."""
        self._ussd_replies.put_nowait(PORT_LOST)
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, ModemError):
                await task
        self._channel.close()
        await self._channel.wait_closed(self._timeouts.command)

    @property
    def connected(self) -> bool:
        """Whether the port is still there."""
        return not self._channel.closed

    @property
    def traffic(self) -> tuple[int, int, int]:
        """Commands sent, bytes sent and bytes received so far (for benchmarks)."""
        channel = self._channel
        return channel.commands_sent, channel.bytes_sent, channel.bytes_received

    async def _initialise(self) -> None:
        await self._channel.abort_prompt()
        await self._probe()
        await self.command("ATE0")
        await self._optional("AT+CMEE=1")
        self.sim_state = await self.read_sim_state()
        if self.sim_state is SimState.READY:
            await self._prepare_messaging()
            await self._detect_ussd_mode()

    async def _probe(self) -> None:
        """Find out whether anything answers AT; the first try may meet leftover bytes."""
        received_before = self._channel.bytes_received
        for _ in range(3):
            try:
                await self._channel.command("AT", timeout=self._timeouts.probe)
            except ModemTimeoutError:
                continue
            except CommandError:
                pass  # an error result is still an AT answer
            return
        if self._channel.bytes_received > received_before:
            raise NotAModemError("the port answers, but not to AT")
        raise ModemTimeoutError("nothing answers AT on this port")

    async def _prepare_messaging(self) -> None:
        await self._optional("AT+CMGF=0")
        await self._optional('AT+CSCS="GSM"')
        await self._optional('AT+CPMS="SM","SM","SM"')
        for command in NEW_MESSAGE_INDICATIONS:
            if await self._optional(command) is not None:
                self.push_enabled = True
                break

    async def _detect_ussd_mode(self) -> None:
        """Huawei firmwares keep USSD in packed hex unless `^USSDMODE=0` switches them."""
        lines = await self._optional("AT^USSDMODE?", prefix="^USSDMODE:")
        if lines and parse_value(lines) == "1":
            self.ussd_packed = await self._optional("AT^USSDMODE=0") is None
        elif lines is None:
            # Without ^USSDMODE, Huawei firmwares still speak packed hex (as ModemManager assumes).
            manufacturer = await self.command("AT+CGMI", ok_optional=True)
            self.ussd_packed = "huawei" in parse_value(manufacturer).casefold()
        await self._optional("AT+CUSD=1")

    # --- commands ------------------------------------------------------------------

    async def command(
        self,
        text: str,
        *,
        timeout: float | None = None,
        prefix: str | None = None,
        ok_optional: bool = False,
        body: str | None = None,
    ) -> list[str]:
        """Run one AT command; transient errors (SIM busy, device busy) are retried with backoff."""
        for delay in (*self._retry_delays, None):
            try:
                return await self._channel.command(
                    text,
                    timeout=timeout or self._timeouts.command,
                    prefix=prefix,
                    ok_optional=ok_optional,
                    body=body,
                )
            except (CmeError, CmsError) as err:
                transient = (
                    TRANSIENT_CME if isinstance(err, CmeError) else TRANSIENT_CMS
                )
                if delay is None or err.code not in transient:
                    raise
                _LOGGER.debug("%s: %s, retrying in %.1f s", describe(text), err, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _optional(
        self, text: str, *, prefix: str | None = None
    ) -> list[str] | None:
        """A command the modem may not support: None when it answers with an error."""
        try:
            return await self.command(text, prefix=prefix)
        except CommandError:
            return None

    # --- identity and state ----------------------------------------------------------

    async def identify(self) -> ModemInfo:
        """IMEI, IMSI, ICCID, manufacturer, model, firmware and, when known, the own number."""
        manufacturer = parse_value(await self.command("AT+CGMI", ok_optional=True))
        model = parse_value(await self.command("AT+CGMM", ok_optional=True))
        firmware = parse_value(await self.command("AT+CGMR", ok_optional=True))
        imei = parse_digits(
            await self.command("AT+CGSN", ok_optional=True), minimum=14, maximum=17
        )
        imsi = parse_digits(
            await self.command("AT+CIMI", ok_optional=True), minimum=6, maximum=15
        )
        iccid = await self._read_iccid()
        own_number = parse_own_number(await self._optional("AT+CNUM") or [])
        return ModemInfo(
            manufacturer=manufacturer,
            model=model,
            firmware=firmware,
            imei=imei,
            imsi=imsi,
            iccid=iccid,
            own_number=own_number,
        )

    async def _read_iccid(self) -> str:
        candidates = (
            [self._iccid_command] if self._iccid_command else list(ICCID_COMMANDS)
        )
        for command, prefix in candidates:
            lines = await self._optional(command, prefix=prefix)
            iccid = next(
                (
                    normalise_iccid(value)
                    for value in map(_last_field, lines or [])
                    if normalise_iccid(value)
                ),
                None,
            )
            if iccid:
                self._iccid_command = (command, prefix)
                return iccid
        iccid = parse_crsm_iccid(await self._optional(READ_ICCID_FILE) or [])
        if iccid is None:
            raise ModemReplyError("the modem does not tell the SIM's ICCID")
        return iccid

    async def read_sim_state(self) -> SimState:
        """`AT+CPIN?`, with the errors that mean "no SIM" read as states."""
        try:
            return parse_sim_state(await self.command("AT+CPIN?", prefix="+CPIN:"))
        except SimError as err:
            return _sim_state_of(err)

    async def traffic_counters(self) -> TrafficCounters | None:
        """Bytes sent and received as the modem counts them; None when it does not count.

        Huawei sticks answer `AT^DSFLOWQRY`; whether the modem does is found out once.
        """
        if self._counters_supported is False:
            return None
        lines = await self._optional("AT^DSFLOWQRY", prefix="^DSFLOWQRY:")
        counters = parse_dsflowqry(lines or [])
        if self._counters_supported is None:
            self._counters_supported = counters is not None
        return counters

    async def signal(self) -> Signal:
        """Signal strength from `AT+CSQ`."""
        return parse_signal(await self.command("AT+CSQ", prefix="+CSQ:"))

    async def network(self) -> NetworkStatus:
        """Registration (LTE `+CEREG` preferred), operator and access technology."""
        registration = parse_registration(
            await self._optional("AT+CEREG?", prefix="+CEREG:") or []
        )
        if registration not in (RegistrationState.HOME, RegistrationState.ROAMING):
            registration = (
                parse_registration(
                    await self._optional("AT+CREG?", prefix="+CREG:") or []
                )
                or registration
            )
        operator, technology = parse_operator(
            await self._optional("AT+COPS?", prefix="+COPS:") or []
        )
        return NetworkStatus(
            registration=registration or RegistrationState.UNKNOWN,
            operator=operator,
            access_technology=technology,
        )

    # --- USSD ----------------------------------------------------------------------

    async def ussd(self, code: str, *, timeout: float | None = None) -> str:
        """Send a USSD code and return the decoded answer; a menu is read, then cancelled."""
        reply = await self.ussd_session(code, timeout=timeout)
        return reply.text

    async def ussd_session(
        self, code: str, *, answers: Sequence[str] = (), timeout: float | None = None
    ) -> UssdReply:
        """Send a code, answer menus with `answers` in turn, and return the last reply."""
        async with self._ussd_lock:
            _drain(self._ussd_replies)
            reply = await self._ussd_request(code, timeout)
            for answer in answers:
                if not reply.menu:
                    break
                reply = await self._ussd_request(answer, timeout)
            if reply.menu:
                await self._optional("AT+CUSD=2")
            return reply

    async def _ussd_request(self, text: str, timeout: float | None) -> UssdReply:
        await self.command(f'AT+CUSD=1,"{self._encode_ussd(text)}",15')
        wait = timeout or self._timeouts.ussd
        try:
            async with asyncio.timeout(wait):
                line = await self._ussd_replies.get()
            if line is PORT_LOST:
                raise ModemConnectionError(
                    "the modem went away during the USSD session"
                )
            result = parse_cusd(line)
        except TimeoutError as err:
            await self._optional("AT+CUSD=2")
            raise UssdTimeoutError(f"no USSD answer within {wait:g} s") from err
        if result.status is UssdStatus.TERMINATED and result.raw is None:
            # Some networks release the session just before the real answer.
            try:
                async with asyncio.timeout(self._timeouts.release_grace):
                    result = parse_cusd(await self._ussd_replies.get())
            except TimeoutError as err:
                raise UssdTerminatedError("the network ended the session") from err
        return self._ussd_reply(result)

    def _ussd_reply(self, result: CusdResult) -> UssdReply:
        if result.status is UssdStatus.NOT_SUPPORTED:
            raise UssdNotSupportedError("the network does not support this code")
        if result.status is UssdStatus.NETWORK_TIMEOUT:
            raise UssdTimeoutError("the network timed out")
        if (
            result.status in (UssdStatus.OTHER_CLIENT, UssdStatus.TERMINATED)
            and result.raw is None
        ):
            raise UssdTerminatedError("the session ended without an answer")
        text = decode_ussd_text(
            result.raw or "",
            result.dcs,
            ucs2_charset=self.ucs2_charset,
            packed=self.ussd_packed,
        )
        return UssdReply(text=text, menu=result.status is UssdStatus.ACTION_REQUIRED)

    def _encode_ussd(self, text: str) -> str:
        if self.ucs2_charset:
            return encode_ucs2_hex(text)
        if self.ussd_packed:
            return pack_ussd_hex(text)
        if '"' in text or not text.isascii():
            raise ModemError("a USSD code is plain ASCII without quotes")
        return text

    # --- SMS -------------------------------------------------------------------------

    async def messages(self, *, delete: bool = False) -> list[Sms]:
        """All texts in storage, multi-part ones joined (parts still missing wait).

        With `delete`, what is returned is deleted from storage; a text whose delete
        fails is not returned again (its delete is retried at the next listing).
        """
        async with self._storage_lock:
            return await self._list_messages(delete=delete)

    async def _list_messages(self, *, delete: bool) -> list[Sms]:
        lines = await self.command(
            "AT+CMGL=4", prefix="+CMGL:", timeout=self._timeouts.command * 4
        )
        complete: list[Sms] = []
        undeleted: list[int] = []
        for index, pdu_hex in _listing(lines):
            if (index, pdu_hex.upper()) in self._delivered:
                undeleted.append(index)
                continue
            sms = self._take_part(index, pdu_hex)
            if sms is not None:
                complete.append(sms)
        complete.extend(self._reassembler.expire(self._now()))
        if delete:
            for sms in complete:
                self._remember(sms)
            for sms in complete:
                await self._delete_quietly(sms.storage_indices)
        await self._delete_quietly(undeleted)
        return complete

    async def storage(self) -> StorageStatus:
        """How full the SIM's message storage is (a full one makes new texts wait)."""
        lines = await self.command("AT+CPMS?", prefix="+CPMS:")
        match = next(
            (
                re.search(
                    r'\+CPMS:\s*"?\w*"?\s*,\s*([0-9]{1,6})\s*,\s*([0-9]{1,6})\b', line
                )
                for line in lines
            ),
            None,
        )
        if match is None:
            raise ModemReplyError("unreadable +CPMS")
        return StorageStatus(used=int(match[1]), total=int(match[2]))

    async def delete(self, sms: Sms) -> None:
        """Delete the stored parts of a text."""
        async with self._storage_lock:
            await self._delete_slots(sms.storage_indices)

    async def _delete_slots(self, indices: Sequence[int]) -> None:
        for index in indices:
            try:
                await self.command(f"AT+CMGD={index}")
            except CmsError as err:
                if err.code != INVALID_MEMORY_INDEX:
                    continue  # still stored: a later listing retries
            self._delivered.discard_slot(index)

    async def _delete_quietly(self, indices: Sequence[int]) -> None:
        """Delete delivered parts; a failure leaves them remembered, not redelivered."""
        try:
            await self._delete_slots(indices)
        except ModemError as err:
            _LOGGER.debug("Could not delete delivered messages yet: %s", err)

    def _remember(self, sms: Sms) -> None:
        """The text is delivered: its stored parts must never be delivered again."""
        for index in sms.storage_indices:
            if (pdu_hex := self._slot_pdus.get(index)) is not None:
                self._delivered.add((index, pdu_hex))

    async def send_sms(self, number: str, text: str) -> list[int]:
        """Send a text (GSM-7 or UCS2 by content, in parts when long); returns message references."""
        if not re.fullmatch(r"\+?[0-9*#]{1,20}", number):
            raise SmsError("a phone number is digits, optionally after +")
        self._concat_reference = (self._concat_reference + 1) % 256
        references: list[int] = []
        for part in encode_submit(
            number, text, concat_reference=self._concat_reference
        ):
            lines = await self.command(
                f"AT+CMGS={part.tpdu_length}",
                prefix="+CMGS:",
                body=part.hex,
                timeout=self._timeouts.send_sms,
            )
            found = next(
                (
                    re.search(r"\+CMGS:\s*([0-9]{1,6})\b", line)
                    for line in lines
                    if "+CMGS" in line
                ),
                None,
            )
            references.append(int(found[1]) if found else -1)
        return references

    def subscribe_messages(self, callback: MessageCallback) -> Callable[[], None]:
        """Call `callback(sms)` for each new text the modem pushes (`+CMTI`)."""
        self._message_callbacks.append(callback)
        return lambda: self._message_callbacks.remove(callback)

    def subscribe_disconnect(self, callback: DisconnectCallback) -> Callable[[], None]:
        """Call `callback()` once when the port goes away."""
        self._disconnect_callbacks.append(callback)
        return lambda: self._disconnect_callbacks.remove(callback)

    def subscribe_urcs(self, callback: Callable[[str], None]) -> Callable[[], None]:
        """Call `callback(line)` for every unsolicited line (vendor noise included)."""
        self._urc_callbacks.append(callback)
        return lambda: self._urc_callbacks.remove(callback)

    def _take_part(self, index: int, pdu_hex: str) -> Sms | None:
        try:
            pdu = decode_deliver(pdu_hex)
        except PduError as err:
            _LOGGER.warning(
                "Skipping stored message %d that cannot be decoded (%s)",
                index,
                type(err).__name__,
            )
            return None
        if index >= 0:
            self._slot_pdus[index] = pdu_hex.upper()
        return self._reassembler.add(
            pdu, received=self._now(), storage_index=index if index >= 0 else None
        )

    # --- unsolicited -------------------------------------------------------------------

    def _handle_urc(self, line: str) -> None:
        for callback in list(self._urc_callbacks):
            _call_safely(callback, line)
        if line.startswith("+CUSD:"):
            self._ussd_replies.put_nowait(line)
        elif match := _CMTI.match(line):
            self._spawn(self._read_pushed(int(match[2])))
        elif line.startswith("+CMT:") and "\n" in line:
            sms = self._take_part(-1, line.split("\n", 1)[1].strip())
            if sms is not None:
                self._deliver(sms)

    async def _read_pushed(self, index: int) -> None:
        async with self._storage_lock:
            await self._read_slot(index)

    async def _read_slot(self, index: int) -> None:
        try:
            lines = await self.command(f"AT+CMGR={index}", prefix="+CMGR:")
        except ModemError as err:
            _LOGGER.debug("Could not read pushed message %d: %s", index, err)
            return
        for _, pdu_hex in _listing(lines, read_index=index):
            if (index, pdu_hex.upper()) in self._delivered:
                # A listing delivered it meanwhile; its delete may still be due.
                await self._delete_quietly([index])
                continue
            sms = self._take_part(index, pdu_hex)
            if sms is not None:
                if self.delete_after_read:
                    # Delivered once: a later listing must not deliver it again.
                    self._remember(sms)
                self._deliver(sms)
                if self.delete_after_read:
                    await self._delete_quietly(sms.storage_indices)

    def _deliver(self, sms: Sms) -> None:
        for callback in list(self._message_callbacks):
            _call_safely(callback, sms)

    def _handle_lost(self, exc: Exception | None) -> None:
        _LOGGER.debug("Modem port lost: %s", exc)
        self._ussd_replies.put_nowait(PORT_LOST)
        for callback in list(self._disconnect_callbacks):
            _call_safely(callback)

    def _spawn(self, work: Awaitable[None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _call_safely(callback: Callable[..., None], *args: object) -> None:
    """Run a subscriber; its bugs are logged (without the data), never raised into the port."""
    try:
        callback(*args)
    except Exception:
        _LOGGER.exception("Error in a modem subscriber")


def _listing(lines: list[str], read_index: int | None = None) -> list[tuple[int, str]]:
    """The (slot, PDU) pairs of a listing or, with `read_index`, of one slot's read.

    A listing has `+CMGL: <i>,<stat>,,<len>` headers, a read `+CMGR: <stat>,,<len>`;
    each header is followed by a PDU line.

    Only the header of the command asked is taken: a late reply of another command (a
    read that timed out) must not be delivered as this one's, nor under the wrong slot.
    """
    wanted = "+CMGL" if read_index is None else "+CMGR"
    messages: list[tuple[int, str]] = []
    header_index: int | None = None
    for line in lines:
        header = _CMGL.match(line)
        if header:
            header_index = None
            if line.startswith(wanted):
                if read_index is not None:
                    header_index = read_index
                elif header[1] is not None:
                    header_index = int(header[1])
            continue
        if header_index is not None and re.fullmatch(r"[0-9A-Fa-f]+", line.strip()):
            messages.append((header_index, line.strip()))
            header_index = None
    return messages


def _last_field(line: str) -> str:
    return line.rsplit(":", 1)[-1].strip().strip('"')


def _sim_state_of(error: SimError) -> SimState:
    if isinstance(error, SimPinRequiredError):
        return SimState.PIN_REQUIRED
    if isinstance(error, SimPukRequiredError):
        return SimState.PUK_REQUIRED
    if isinstance(error, SimNotInsertedError):
        return SimState.NOT_INSERTED
    return SimState.OTHER


def _drain(queue: asyncio.Queue[str]) -> None:
    while not queue.empty():
        queue.get_nowait()


def _redact(url: str) -> str:
    """Hide credentials in a URL before it reaches a log or an error."""
    return re.sub(r"//[^@/]*@", "//***@", url)
