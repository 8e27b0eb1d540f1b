"""A minimal RFC 2217 (Telnet COM-PORT-OPTION) access server in front of the simulated modem.

Enough of the protocol for a client such as serialx's `rfc2217://` transport: the
BINARY and COM-PORT-OPTION negotiation, an acknowledgement for every port setting (the
setting's code + 100 with the same value, RFC 2217 §3), and IAC escaping of data both ways.
"""

from __future__ import annotations

from collections.abc import Callable

IAC = 0xFF
SB = 0xFA
SE = 0xF0
WILL = 0xFB
WONT = 0xFC
DO = 0xFD
DONT = 0xFE
BINARY = 0x00
COM_PORT_OPTION = 0x2C
SERVER_OFFSET = 100
ACCEPTED = {BINARY, COM_PORT_OPTION}
ANSWER = {WILL: DO, DO: WILL}
REFUSAL = {WILL: DONT, DO: WONT}


class TelnetCodec:
    """Splits a client's Telnet stream into serial data and answers its option requests."""

    def __init__(self, reply: Callable[[bytes], None]) -> None:
        """`reply` sends negotiation answers back to the client."""
        self._reply = reply
        self._buffer = bytearray()

    def feed(self, data: bytes) -> bytes:
        """Take bytes from the client; return the serial data among them."""
        self._buffer.extend(data)
        serial = bytearray()
        while self._buffer:
            if self._buffer[0] != IAC:
                end = self._buffer.find(IAC)
                end = len(self._buffer) if end < 0 else end
                serial.extend(self._buffer[:end])
                del self._buffer[:end]
                continue
            if self._buffer[1:2] == bytes((IAC,)):
                serial.append(IAC)  # an escaped 0xFF data byte
                del self._buffer[:2]
                continue
            used = self._command()
            if used == 0:
                break  # an incomplete command: wait for more bytes
            del self._buffer[:used]
        return bytes(serial)

    def _command(self) -> int:
        """Handle the command at the start of the buffer; the bytes it used (0: incomplete)."""
        if len(self._buffer) < 2:
            return 0
        verb = self._buffer[1]
        if verb in (WILL, WONT, DO, DONT):
            if len(self._buffer) < 3:
                return 0
            option = self._buffer[2]
            if verb in ANSWER:
                answer = ANSWER[verb] if option in ACCEPTED else REFUSAL[verb]
                self._reply(bytes((IAC, answer, option)))
            return 3
        if verb == SB:
            end = self._buffer.find(bytes((IAC, SE)))
            if end < 0:
                return 0
            self._subnegotiation(bytes(self._buffer[2:end]))
            return end + 2
        return 2

    def _subnegotiation(self, body: bytes) -> None:
        if len(body) >= 2 and body[0] == COM_PORT_OPTION:
            ack = bytes((COM_PORT_OPTION, body[1] + SERVER_OFFSET)) + body[2:]
            self._reply(bytes((IAC, SB)) + escape(ack) + bytes((IAC, SE)))


def escape(data: bytes) -> bytes:
    """Double every 0xFF byte, as Telnet requires for data."""
    return data.replace(b"\xff", b"\xff\xff")
