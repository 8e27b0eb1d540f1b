"""The simulator's RFC 2217 front: negotiation answers, acknowledgements, IAC escaping."""

from __future__ import annotations

from simulator.rfc2217 import (
    COM_PORT_OPTION,
    DO,
    DONT,
    IAC,
    SB,
    SE,
    WILL,
    WONT,
    TelnetCodec,
    escape,
)


def codec() -> tuple[TelnetCodec, list[bytes]]:
    """A codec and the list its replies go to."""
    replies: list[bytes] = []
    return TelnetCodec(replies.append), replies


def test_negotiation_answers() -> None:
    telnet, replies = codec()
    assert (
        telnet.feed(
            bytes((IAC, WILL, 0, IAC, DO, COM_PORT_OPTION, IAC, WILL, 1, IAC, DO, 3))
        )
        == b""
    )
    assert replies == [
        bytes((IAC, DO, 0)),
        bytes((IAC, WILL, COM_PORT_OPTION)),
        bytes((IAC, DONT, 1)),
        bytes((IAC, WONT, 3)),
    ]
    replies.clear()
    assert (
        telnet.feed(bytes((IAC, WONT, 0, IAC, DONT, 0, IAC, 0xF1))) == b""
    )  # refusals and a NOP need no answer
    assert replies == []


def test_port_settings_are_acknowledged() -> None:
    telnet, replies = codec()
    baud = (115200).to_bytes(4, "big")
    assert (
        telnet.feed(bytes((IAC, SB, COM_PORT_OPTION, 1)) + baud + bytes((IAC, SE)))
        == b""
    )
    assert replies == [bytes((IAC, SB, COM_PORT_OPTION, 101)) + baud + bytes((IAC, SE))]


def test_data_and_partial_commands() -> None:
    telnet, replies = codec()
    assert (
        telnet.feed(b"AT\r" + bytes((IAC, IAC)) + b"x" + bytes((IAC,))) == b"AT\r\xffx"
    )
    assert telnet.feed(bytes((WILL,))) == b""
    assert telnet.feed(bytes((0,)) + b"OK") == b"OK"
    assert replies == [bytes((IAC, DO, 0))]
    assert telnet.feed(bytes((IAC, SB, COM_PORT_OPTION, 5))) == b""  # waits for IAC SE
    assert telnet.feed(bytes((1, IAC, SE))) == b""
    assert escape(b"\xff\x00") == b"\xff\xff\x00"
