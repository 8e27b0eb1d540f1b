"""The simulated modem: an AT command interpreter with a SIM, SMS storage and USSD.

`ModemEngine` is transport-agnostic: bytes go in through `receive()`, and everything the
modem says goes to the attached links. The TCP and pty transports live in `transport.py`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
import functools
import random
from typing import Protocol

from .at_syntax import (
    AtError,
    Command,
    Form,
    cme,
    cms,
    int_arg,
    parse_extended,
    split_basic,
    split_command_line,
)
from .carrier import CarrierModel, OutgoingSms, UssdOutcome, UssdReply
from .gsm7 import from_ucs2_hex, is_gsm7, ucs2_hex, ussd_pack_hex, ussd_unpack_hex
from .pdu import Concat, PduError, decode_submit, encode_deliver, split_for_delivery
from .scenario import ModemPersonality, Scenario
from .sms_storage import MessageStatus, MessageStorage, StoredMessage

CTRL_Z = 0x1A
ESC = 0x1B
SIM_COMMANDS = frozenset(
    {
        "+CIMI",
        "+CCID",
        "+QCCID",
        "+CICCID",
        "^ICCID",
        "!ICCID",
        "+ICCID",
        "+CRSM",
        "+CNUM",
        "+CUSD",
    }
)
SMS_COMMANDS = frozenset({"+CMGL", "+CMGR", "+CMGD", "+CMGS", "+CPMS"})


class Link(Protocol):
    """Where the modem's output goes: a TCP connection or a pty."""

    def write(self, data: bytes) -> None:
        """Send bytes to the host."""


class _PromptRequested(Exception):  # noqa: N818 - a control-flow signal, not an error
    """`AT+CMGS` wants the `> ` prompt and the message body next."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


@dataclass
class ModemSettings:
    """What the host can change; a power cycle resets it."""

    echo: bool = True
    cmee: int = 0
    sms_text_mode: bool = False
    charset: str = "GSM"
    new_message_mode: int = 0  # <mt> of AT+CNMI: 0 store quietly, 1 +CMTI, 2 +CMT
    creg_mode: int = 0
    cereg_mode: int = 0
    operator_format: int = 0
    vendor_urcs: bool = True
    ussd_packed: bool = False


class ModemEngine:
    """One simulated modem, its SIM and the carrier network it is registered on."""

    def __init__(
        self,
        scenario: Scenario,
        carrier: CarrierModel,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Build the modem from a scenario's personality; call `start()` inside a loop."""
        self.personality: ModemPersonality = scenario.modem
        self.carrier = carrier
        self._now = now
        self.settings = ModemSettings(
            ussd_packed=self.personality.ussd_mode == "packed_hex"
        )
        self.storage = MessageStorage(self.personality.storage_capacity)
        self.sim_state = self.personality.sim_state
        self.rssi = self.personality.rssi
        self.registration = self.personality.registration
        self.links: list[Link] = []
        self.powered = True
        self.silent = False
        self.sim_busy_remaining = 0
        self.urc_every_n_replies = 0
        self.deliver_parts_reversed = False
        # Seconds between output pieces of 1..trickle_chunk bytes (None: one write each).
        self.trickle: float | None = None
        self.trickle_chunk = 7
        self._outbox = bytearray()
        self._trickler: asyncio.Task[None] | None = None
        self.sent_messages: list[tuple[str, str]] = []
        self.commands_seen: list[str] = []
        # Called after `AT+CFUN=1,1` has been answered: the modem reboots.
        self.on_reset: Callable[[], None] | None = None
        self._buffer = bytearray()
        self._prompt_target: str | None = None
        self._replies = 0
        self._message_reference = 0
        self._concat_reference = 0
        self._waiting_for_space: list[StoredMessage] = []
        self._timers: set[asyncio.TimerHandle] = set()
        self._noise_tasks: list[asyncio.Task[None]] = []
        for sender, text in scenario.inbox:
            self.deliver_sms(sender, text, notify=False)

    # --- lifecycle ---------------------------------------------------------------

    def start(self) -> None:
        """Start the vendor noise timers (needs a running loop)."""
        loop = asyncio.get_running_loop()
        self._noise_tasks = [
            loop.create_task(self._repeat_noise(noise.line, noise.interval))
            for noise in self.personality.noise
        ]

    def stop(self) -> None:
        """Cancel timers and noise; the modem falls silent."""
        if self._trickler is not None:
            self._trickler.cancel()
        for task in self._noise_tasks:
            task.cancel()
        self._noise_tasks = []
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()

    def power_cycle(self) -> None:
        """What unplugging does: settings back to defaults, pending input and timers gone."""
        self.settings = ModemSettings(
            ussd_packed=self.personality.ussd_mode == "packed_hex"
        )
        self._buffer.clear()
        self._prompt_target = None
        self.carrier.cancel_ussd()
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()

    def attach(self, link: Link) -> None:
        """A host opened the port."""
        self.links.append(link)

    def detach(self, link: Link) -> None:
        """A host closed the port (or the line dropped)."""
        if link in self.links:
            # Like a real modem, it stays where it was (at a `> ` prompt, say): closing the
            # port is not a reset.
            self.links.remove(link)

    # --- output ----------------------------------------------------------------

    def _write(self, data: bytes) -> None:
        if self.trickle is None:
            self._send(data)
            return
        # A slow line: bytes leave in small pieces, in order, a little apart.
        self._outbox.extend(data)
        if self._trickler is None or self._trickler.done():
            self._trickler = asyncio.get_running_loop().create_task(self._trickle_out())

    def _send(self, data: bytes) -> None:
        for link in list(self.links):
            link.write(data)

    async def _trickle_out(self) -> None:
        while self._outbox and self.trickle is not None:
            size = random.randint(1, self.trickle_chunk)
            chunk = bytes(self._outbox[:size])
            del self._outbox[:size]
            self._send(chunk)
            await asyncio.sleep(self.trickle)
        if self._outbox:  # trickling was switched off meanwhile
            self._send(bytes(self._outbox))
            self._outbox.clear()

    def _frame(self, line: str) -> str:
        return f"\r\n{line}{self.personality.line_end}"

    def send_urc(self, line: str) -> None:
        """An unsolicited result code, framed as a line."""
        if self.powered and not self.silent:
            self._write(self._frame(line).encode("latin-1", "replace"))

    def send_garbage(self, data: bytes | None = None) -> None:
        """Line noise: bytes that are no AT response at all."""
        self._write(
            data
            if data is not None
            else bytes(random.randrange(256) for _ in range(12))
        )

    def _later(self, delay: float, callback: Callable[[], None]) -> None:
        loop = asyncio.get_running_loop()
        handle: asyncio.TimerHandle

        def run() -> None:
            self._timers.discard(handle)
            callback()

        handle = loop.call_later(delay, run)
        self._timers.add(handle)

    async def _repeat_noise(self, line: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            if self.settings.vendor_urcs:
                self.send_urc(line.format(rssi=self.rssi))

    # --- input -------------------------------------------------------------------

    def receive(self, data: bytes) -> None:
        """Bytes from the host: command lines, or a message body after the `> ` prompt."""
        if not self.powered or self.silent:
            return
        self._buffer.extend(data)
        while self._buffer:
            if self._prompt_target is not None:
                if not self._take_message_body():
                    return
                continue
            end = self._buffer.find(b"\r")
            if end < 0:
                return
            line = self._buffer[:end].decode("latin-1").strip("\n ")
            del self._buffer[: end + 1]
            if line:
                self._run_line(line)

    def _take_message_body(self) -> bool:
        for position, byte in enumerate(self._buffer):
            if byte in (CTRL_Z, ESC):
                body = self._buffer[:position].decode("latin-1")
                del self._buffer[: position + 1]
                target, self._prompt_target = self._prompt_target, None
                if self.settings.echo:
                    self._write(body.encode("latin-1"))
                if byte == ESC or target is None:
                    self._finish([], "OK")
                else:
                    self._finish_send(target, body)
                return True
        return False

    def _run_line(self, line: str) -> None:
        if self.settings.echo:
            self._write(f"{line}\r".encode("latin-1"))
        if line[:2].upper() != "AT":
            return
        self.commands_seen.append(line)
        self._replies += 1
        if (
            self.urc_every_n_replies
            and self._replies % self.urc_every_n_replies == 0
            and self.personality.noise
        ):
            self.send_urc(self.personality.noise[0].line.format(rssi=self.rssi))
        info: list[str] = []
        last_name = ""
        try:
            for segment in split_command_line(line[2:]):
                if segment[0] in "+^!%$":
                    command = parse_extended(segment)
                    last_name = command.name
                    info.extend(self._block(self._run_extended(command)))
                else:
                    for basic in split_basic(segment):
                        last_name = basic
                        info.extend(self._block(self._run_basic(basic)))
        except _PromptRequested as prompt:
            self._write_lines(info)
            self._prompt_target = prompt.target
            self._write(b"\r\n> ")
            return
        except AtError as error:
            self._finish(info, error.render(self.settings.cmee))
            return
        except _UnknownCommandError:
            self._finish(info, self.personality.unknown_command_reply)
            return
        final = None if last_name in self.personality.omit_ok_after else "OK"
        self._finish(info, final)

    def _block(self, lines: list[str]) -> list[str]:
        """One command's information lines as one framed block (a listing's lines within it)."""
        return [self.personality.line_end.join(lines)] if lines else []

    def _write_lines(self, blocks: list[str]) -> None:
        if blocks:
            self._write(
                "".join(self._frame(block) for block in blocks).encode(
                    "latin-1", "replace"
                )
            )

    def _finish(self, info: list[str], final: str | None) -> None:
        self._write_lines([*info, final] if final is not None else info)

    # --- basic commands ----------------------------------------------------------

    def _run_basic(self, command: str) -> list[str]:
        if command in ("E0", "E1", "E"):
            self.settings.echo = command == "E1"
            return []
        if command in ("V1", "Q0", "&F", "&F0", "&W", "&W0"):
            return []
        if command in ("Z", "Z0"):
            self.settings = ModemSettings(
                ussd_packed=self.personality.ussd_mode == "packed_hex"
            )
            return []
        if command in ("I", "I0"):
            personality = self.personality
            return [
                f"Manufacturer: {personality.manufacturer}",
                f"Model: {personality.model}",
                f"Revision: {personality.revision}",
                f"IMEI: {personality.imei}",
                "+GCAP: +CGSM,+DS,+ES",
            ]
        raise _UnknownCommandError

    # --- extended commands -------------------------------------------------------

    def _run_extended(self, command: Command) -> list[str]:
        self._check_sim(command.name)
        handler = self._handlers().get(command.name)
        if handler is None:
            raise _UnknownCommandError
        return handler(command)

    def _handlers(self) -> dict[str, Callable[[Command], list[str]]]:
        personality = self.personality
        handlers: dict[str, Callable[[Command], list[str]]] = {
            "+CMEE": self._cmee,
            "+CGMI": lambda _: [personality.manufacturer],
            "+GMI": lambda _: [personality.manufacturer],
            "+CGMM": lambda _: [personality.model],
            "+GMM": lambda _: [personality.model],
            "+CGMR": lambda _: [personality.revision],
            "+GMR": lambda _: [personality.revision],
            "+CGSN": lambda _: [personality.imei],
            "+GSN": lambda _: [personality.imei],
            "+CIMI": lambda _: [personality.imsi],
            "+GCAP": lambda _: ["+GCAP: +CGSM,+DS,+ES"],
            "+CNUM": self._cnum,
            "+CPIN": self._cpin,
            "+CSQ": lambda _: [f"+CSQ: {self.rssi},99"],
            "+COPS": self._cops,
            "+CREG": self._registration,
            "+CGREG": self._registration,
            "+CEREG": self._registration,
            "+CFUN": self._cfun,
            "+CUSD": self._cusd,
            "+CMGF": self._cmgf,
            "+CSCS": self._cscs,
            "+CPMS": self._cpms,
            "+CNMI": self._cnmi,
            "+CSCA": lambda _: ['+CSCA: "+15550000000",145'],
            "+CMGL": self._cmgl,
            "+CMGR": self._cmgr,
            "+CMGD": self._cmgd,
            "+CMGS": self._cmgs,
        }
        for iccid_command in personality.iccid_commands:
            handlers[iccid_command] = self._iccid
        if personality.noise:
            handlers["^CURC"] = self._curc
        if personality.supports_ussdmode:
            handlers["^USSDMODE"] = self._ussdmode
        if personality.supports_dsflowqry:
            handlers["^DSFLOWQRY"] = self._dsflowqry
        return handlers

    def _check_sim(self, name: str) -> None:
        is_sms = name in SMS_COMMANDS
        if name not in SIM_COMMANDS and not is_sms:
            return
        state_errors = {"ABSENT": (10, 310), "SIM PIN": (11, 311), "SIM PUK": (12, 316)}
        if self.sim_state in state_errors:
            cme_code, cms_code = state_errors[self.sim_state]
            raise cms(cms_code) if is_sms else cme(cme_code)
        if self.sim_busy_remaining > 0:
            self.sim_busy_remaining -= 1
            raise cms(314) if is_sms else cme(14)

    def _cmee(self, command: Command) -> list[str]:
        if command.form is Form.READ:
            return [f"+CMEE: {self.settings.cmee}"]
        if command.form is Form.TEST:
            return ["+CMEE: (0-2)"]
        mode = int_arg(command.args, 0, 0)
        if mode not in (0, 1, 2):
            raise cme(3)
        self.settings.cmee = mode
        return []

    def _cnum(self, command: Command) -> list[str]:
        if command.form is Form.TEST:
            return []
        number = self.personality.own_number
        if not number:
            return []
        number_type = 145 if number.startswith("+") else 129
        return [f'+CNUM: "","{number}",{number_type}']

    def _cpin(self, command: Command) -> list[str]:
        if command.form is Form.READ:
            if self.sim_state == "ABSENT":
                raise cme(10)
            return [f"+CPIN: {self.sim_state}"]
        if command.form is Form.SET and self.sim_state == "SIM PIN":
            if command.args[:1] != (self.personality.sim_pin,):
                raise cme(16)
            self.sim_state = "READY"
            return []
        raise cme(3)

    def _iccid(self, command: Command) -> list[str]:
        iccid = self.personality.iccid
        name = command.name
        if name == "+CRSM":
            if command.args[:2] != ("176", "12258"):
                raise cme(4)
            return [f'+CRSM: 144,0,"{_swap_nibbles(iccid)}"']
        if name == "^ICCID":
            return [f"^ICCID: {_swap_nibbles(iccid)}"]
        if name == "!ICCID":
            return [f"ICCID: {iccid}"]
        if name == "+CICCID":
            return [f"+ICCID: {iccid}"]
        return [f"{name}: {iccid}"]

    def _cops(self, command: Command) -> list[str]:
        if command.form is Form.SET:
            if int_arg(command.args, 0) == 3:
                self.settings.operator_format = int_arg(command.args, 1, 0)
            return []
        if command.form is Form.TEST:
            return [
                f'+COPS: (2,"{self.personality.operator_name}","","{self.personality.operator_numeric}",7),,(0-4),(0-2)'
            ]
        if self.registration not in (1, 5):
            return ["+COPS: 0"]
        fmt = self.settings.operator_format
        name = (
            self.personality.operator_numeric
            if fmt == 2
            else self.personality.operator_name
        )
        return [f'+COPS: 0,{fmt},"{name}",{self.personality.access_technology}']

    def _registration(self, command: Command) -> list[str]:
        attribute = "cereg_mode" if command.name == "+CEREG" else "creg_mode"
        if command.form is Form.SET:
            mode = int_arg(command.args, 0, 0)
            if mode not in (0, 1, 2):
                raise cme(3)
            setattr(self.settings, attribute, mode)
            return []
        if command.form is Form.TEST:
            return [f"{command.name}: (0-2)"]
        mode = getattr(self.settings, attribute)
        line = f"{command.name}: {mode},{self.registration}"
        if mode == 2:
            line += ',"1A2B","01A2B3C4",7'
        return [line]

    def _cfun(self, command: Command) -> list[str]:
        if command.form is Form.READ:
            return ["+CFUN: 1"]
        if command.form is Form.TEST:
            return ["+CFUN: (0,1,4),(0-1)"]
        if int_arg(command.args, 1, 0) == 1 and self.on_reset is not None:
            # A reset: answer OK first, as a real modem does, then drop off the bus.
            asyncio.get_running_loop().call_soon(self.on_reset)
        return []

    def _curc(self, command: Command) -> list[str]:
        if command.form is Form.READ:
            return [f"^CURC: {int(self.settings.vendor_urcs)}"]
        self.settings.vendor_urcs = int_arg(command.args, 0) != 0
        return []

    def _ussdmode(self, command: Command) -> list[str]:
        if command.form is Form.READ:
            return [f"^USSDMODE: {int(self.settings.ussd_packed)}"]
        if not self.personality.ussdmode_switchable:
            raise cme(4)
        self.settings.ussd_packed = int_arg(command.args, 0) != 0
        return []

    def _dsflowqry(self, _: Command) -> list[str]:
        used = self.carrier.used_bytes
        sent, received = used // 10, used - used // 10
        return [
            f"^DSFLOWQRY: 00000E10,{sent:016X},{received:016X},0003F480,{sent:016X},{received:016X}"
        ]

    # --- USSD ------------------------------------------------------------------

    def _cusd(self, command: Command) -> list[str]:
        if command.form is Form.READ:
            return ["+CUSD: 1"]
        if command.form is Form.TEST:
            return ["+CUSD: (0-2)"]
        mode = int_arg(command.args, 0, 0)
        if mode == 2:
            self.carrier.cancel_ussd()
            return []
        if mode not in (0, 1):
            raise cme(3)
        if len(command.args) < 2:
            return []
        request = self._decode_ussd_request(command.args[1])
        if self.registration not in (1, 5):
            raise cme(30)
        return self._answer_ussd(self.carrier.handle_ussd(request))

    def _decode_ussd_request(self, sent: str) -> str:
        try:
            if self.settings.charset == "UCS2":
                return from_ucs2_hex(sent)
            if self.settings.ussd_packed:
                return ussd_unpack_hex(sent)
        except ValueError as err:
            raise cme(100) from err
        return sent

    def _answer_ussd(self, outcome: UssdOutcome) -> list[str]:
        replies = list(outcome.replies)
        inline: list[str] = []
        if self.personality.ussd_reply_before_ok and replies:
            inline.append(self._cusd_line(replies.pop(0)))
        delay = self.carrier.spec.reply_delay
        for step, reply in enumerate(replies, start=1):
            self._later(
                delay * step, functools.partial(self.send_urc, self._cusd_line(reply))
            )
        for text in outcome.texts:
            # The text follows the session's last reply.
            self._later(
                delay * len(replies) + text.delay,
                functools.partial(self.deliver_sms, text.sender, text.text),
            )
        return inline

    def _cusd_line(self, reply: UssdReply) -> str:
        if reply.text is None:
            return f"+CUSD: {reply.status}"
        text = reply.text
        spec = self.carrier.spec
        if self.settings.charset == "UCS2":
            return f'+CUSD: {reply.status},"{ucs2_hex(text)}",{15 if is_gsm7(text) else 72}'
        if spec.reply_encoding == "ucs2" or not is_gsm7(text):
            return f'+CUSD: {reply.status},"{ucs2_hex(text)}",{15 if spec.mislabel_dcs else 72}'
        if self.settings.ussd_packed:
            return f'+CUSD: {reply.status},"{ussd_pack_hex(text)}",15'
        return f'+CUSD: {reply.status},"{text}",15'

    # --- SMS settings ------------------------------------------------------------

    def _cmgf(self, command: Command) -> list[str]:
        if command.form is Form.READ:
            return [f"+CMGF: {int(self.settings.sms_text_mode)}"]
        if command.form is Form.TEST:
            return ["+CMGF: (0-1)"]
        mode = int_arg(command.args, 0, 0)
        if mode not in (0, 1):
            raise cme(3)
        self.settings.sms_text_mode = mode == 1
        return []

    def _cscs(self, command: Command) -> list[str]:
        if command.form is Form.READ:
            return [f'+CSCS: "{self.settings.charset}"']
        if command.form is Form.TEST:
            return ['+CSCS: ("GSM","IRA","UCS2")']
        charset = (command.args[:1] or ("",))[0].upper()
        if charset not in ("GSM", "IRA", "UCS2"):
            raise cme(4)
        self.settings.charset = charset
        return []

    def _cpms(self, command: Command) -> list[str]:
        used, total = len(self.storage), self.storage.capacity
        if command.form is Form.TEST:
            return ['+CPMS: ("SM"),("SM"),("SM")']
        if command.form is Form.READ:
            return [
                f'+CPMS: "SM",{used},{total},"SM",{used},{total},"SM",{used},{total}'
            ]
        if any(memory.upper() not in ("SM", "MT") for memory in command.args):
            raise cms(302)
        return [f"+CPMS: {used},{total},{used},{total},{used},{total}"]

    def _cnmi(self, command: Command) -> list[str]:
        if command.form is Form.READ:
            return [f"+CNMI: 2,{self.settings.new_message_mode},0,0,0"]
        if command.form is Form.TEST:
            return ["+CNMI: (0-2),(0-3),(0,2),(0-2),(0,1)"]
        mode = int_arg(command.args, 1, 0)
        if mode not in (0, 1, 2, 3):
            raise cme(3)
        self.settings.new_message_mode = mode
        return []

    # --- reading and deleting SMS ------------------------------------------------

    def _cmgl(self, command: Command) -> list[str]:
        if command.form is Form.TEST:
            return [
                "+CMGL: (0-4)"
                if not self.settings.sms_text_mode
                else '+CMGL: ("REC UNREAD","REC READ","STO UNSENT","STO SENT","ALL")'
            ]
        status = self._status_filter(command.args[0] if command.args else None)
        lines: list[str] = []
        for message in self.storage.listing(status):
            lines.extend(self._show(message, listing=True))
            self.storage.mark_read(message.index)
        return lines

    def _status_filter(self, argument: str | None) -> MessageStatus | None:
        if self.settings.sms_text_mode:
            name = (argument or "REC UNREAD").upper()
            if name == "ALL":
                return None
            try:
                return MessageStatus.from_text(name)
            except KeyError as err:
                raise cms(305) from err
        try:
            number = int(argument) if argument else 0
        except ValueError as err:
            raise cms(304) from err
        if number == 4:
            return None
        if number not in range(4):
            raise cms(304)
        return MessageStatus(number)

    def _cmgr(self, command: Command) -> list[str]:
        message = self.storage.get(int_arg(command.args, 0))
        if message is None:
            raise cms(321)
        lines = self._show(message, listing=False)
        self.storage.mark_read(message.index)
        return lines

    def _show(self, message: StoredMessage, *, listing: bool) -> list[str]:
        prefix = f"+CMGL: {message.index}," if listing else "+CMGR: "
        if not self.settings.sms_text_mode:
            return [
                f"{prefix}{int(message.status)},,{message.tpdu_length}",
                message.pdu_hex,
            ]
        ucs2 = self.settings.charset == "UCS2"
        sender = ucs2_hex(message.sender) if ucs2 else message.sender
        body = ucs2_hex(message.text) if ucs2 or message.ucs2 else message.text
        stamp = _text_timestamp(message.timestamp)
        return [f'{prefix}"{message.status.text_name}","{sender}",,"{stamp}"', body]

    def _cmgd(self, command: Command) -> list[str]:
        if command.form is Form.TEST:
            return ["+CMGD: (0-29),(0-4)"]
        index = int_arg(command.args, 0, 0)
        flag = int_arg(command.args, 1, 0)
        if flag:
            if flag not in range(1, 5):
                raise cms(302)
            self.storage.delete_by_flag(flag)
        elif not self.storage.delete(index):
            raise cms(321)
        if self._waiting_for_space:
            self._later(0, self._store_waiting)
        return []

    # --- sending SMS -------------------------------------------------------------

    def _cmgs(self, command: Command) -> list[str]:
        if command.form is Form.TEST:
            return []
        if not command.args or not command.args[0]:
            raise cms(305 if self.settings.sms_text_mode else 304)
        if self.settings.sms_text_mode:
            target = command.args[0]
            if self.settings.charset == "UCS2":
                target = from_ucs2_hex(target)
        else:
            target = str(int_arg(command.args, 0))
        raise _PromptRequested(target)

    def _finish_send(self, target: str, body: str) -> None:
        try:
            if self.settings.sms_text_mode:
                number = target
                text = from_ucs2_hex(body) if self.settings.charset == "UCS2" else body
            else:
                submit = decode_submit(body.strip(), tpdu_length=int(target))
                number, text = submit.destination, submit.text
        except (PduError, ValueError):
            error = cms(305 if self.settings.sms_text_mode else 304)
            self._finish([], error.render(self.settings.cmee))
            return
        if self.registration not in (1, 5):
            self._finish([], cms(331).render(self.settings.cmee))
            return
        self._message_reference = (self._message_reference + 1) % 256
        self.sent_messages.append((number, text))
        for reply in self.carrier.handle_sms(number, text):
            self._schedule_sms(reply)
        self._finish([f"+CMGS: {self._message_reference}"], "OK")

    # --- incoming SMS --------------------------------------------------------------

    def _schedule_sms(self, sms: OutgoingSms) -> None:
        self._later(sms.delay, lambda: self.deliver_sms(sms.sender, sms.text))

    def deliver_sms(
        self,
        sender: str,
        text: str,
        *,
        notify: bool = True,
        only_parts: tuple[int, ...] | None = None,
        reference: int | None = None,
    ) -> None:
        """The network delivers a text: split into parts, stored, announced by `+CMTI`.

        `only_parts` (1-based) and `reference` let a test deliver a long text's parts
        across several calls, as a network sometimes does.
        """
        parts = split_for_delivery(text)
        stamp = self._now().replace(microsecond=0)
        pieces: list[tuple[str, Concat | None]] = [(parts[0], None)]
        if len(parts) > 1:
            if reference is None:
                self._concat_reference = (self._concat_reference + 1) % 256
                reference = self._concat_reference
            total = len(parts)
            pieces = [
                (part, Concat(reference, total, seq, 8))
                for seq, part in enumerate(parts, start=1)
                if only_parts is None or seq in only_parts
            ]
        if self.deliver_parts_reversed:
            pieces.reverse()
        for part, concat in pieces:
            ucs2 = not is_gsm7(text)
            pdu_hex, tpdu_length = encode_deliver(
                sender,
                part,
                stamp,
                encoding="ucs2" if ucs2 else "gsm7",
                smsc="+15550000000",
                concat=concat,
            )
            message = StoredMessage(
                index=-1,
                status=MessageStatus.REC_UNREAD,
                sender=sender,
                text=part,
                ucs2=ucs2,
                timestamp=stamp,
                pdu_hex=pdu_hex,
                tpdu_length=tpdu_length,
            )
            self._arrive(message, notify=notify)

    def _arrive(self, message: StoredMessage, *, notify: bool) -> None:
        mode = self.settings.new_message_mode
        if notify and mode in (2, 3):
            if self.settings.sms_text_mode:
                self.send_urc(
                    f'+CMT: "{message.sender}",,"{_text_timestamp(message.timestamp)}"\r\n{message.text}'
                )
            else:
                self.send_urc(f"+CMT: ,{message.tpdu_length}\r\n{message.pdu_hex}")
            return
        if self.storage.full:
            self._waiting_for_space.append(message)
            return
        stored = self.storage.store(message)
        if notify and mode == 1:
            self.send_urc(f'+CMTI: "SM",{stored.index}')

    def _store_waiting(self) -> None:
        """The network retries messages refused while storage was full."""
        while self._waiting_for_space and not self.storage.full:
            self._arrive(self._waiting_for_space.pop(0), notify=True)


class _UnknownCommandError(Exception):
    """The firmware does not know this command."""


def _swap_nibbles(digits: str) -> str:
    padded = digits + "F" * (len(digits) % 2)
    return "".join(
        padded[index + 1] + padded[index] for index in range(0, len(padded), 2)
    )


def _text_timestamp(moment: datetime) -> str:
    offset = moment.utcoffset()
    quarters = int(offset.total_seconds() // 900) if offset is not None else 0
    sign = "-" if quarters < 0 else "+"
    return f"{moment:%y/%m/%d,%H:%M:%S}{sign}{abs(quarters):02d}"
