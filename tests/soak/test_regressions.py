"""Defects the fault-injection soak found, each pinned by a test that failed before its fix.

A scripted line stands in for the modem where the defect needs exact timing: it answers
each command the client writes with the bytes the test chose, when the test chose.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from custom_components.data_balance.modem import (
    Modem,
    ModemTimeoutError,
    ModemTimeouts,
    Sms,
)
from custom_components.data_balance.modem.channel import AtChannel
from simulator.control import Simulator

TEXT_A = "07915155000000F0040481369900006211522100000016D9775D0E1287D961F7B80C4ACF41829B4B067301"
TEXT_B = "07915155000000F004048136990000621152210000000BD3F2F8ED2683E8653C1D"
type Answer = tuple[float, bytes] | None


class ScriptedLine(asyncio.WriteTransport):
    """A serial line whose modem answers from a script: command -> (delay, reply)."""

    def __init__(self, channel: AtChannel, script: dict[str, list[Answer]]) -> None:
        """Answer `channel`'s commands in order from `script` (None: never answer)."""
        super().__init__()
        self.channel = channel
        self.script = script
        self.written: list[str] = []
        self._closing = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """A command from the client: answer it as scripted."""
        command = bytes(data).decode("latin-1").strip("\r")
        self.written.append(command)
        answers = self.script.get(command)
        answer = answers.pop(0) if answers else (0.0, b"\r\nOK\r\n")
        if answer is not None:
            delay, reply = answer
            asyncio.get_running_loop().call_later(
                delay, self.channel.data_received, reply
            )

    def later(self, delay: float, data: bytes) -> None:
        """Bytes the modem sends on its own after `delay` seconds."""
        asyncio.get_running_loop().call_later(delay, self.channel.data_received, data)

    def is_closing(self) -> bool:
        """Whether close() was called."""
        return self._closing

    def close(self) -> None:
        """Close the line."""
        self._closing = True


def scripted_modem(
    script: dict[str, list[Answer]], on_urc: Callable[[str], None] | None = None
) -> tuple[Modem, ScriptedLine]:
    """A `Modem` on a scripted line (already initialised: no opening handshake)."""
    modem: Modem | None = None

    def urc(line: str) -> None:
        if modem is not None:
            modem._handle_urc(line)

    channel = AtChannel(on_urc or urc, lambda _: None)
    line = ScriptedLine(channel, script)
    channel.connection_made(line)
    modem = Modem(
        channel,
        timeouts=ModemTimeouts(command=0.3),
        retry_delays=(),
        now=lambda: datetime(2026, 11, 25, 12, tzinfo=UTC),
    )
    return modem, line


def listing(*slots: tuple[int, str]) -> bytes:
    """A `+CMGL` reply listing these (slot, PDU) pairs."""
    body = "".join(
        f"\r\n+CMGL: {slot},1,,{len(pdu) // 2 - 8}\r\n{pdu}" for slot, pdu in slots
    )
    return f"{body}\r\n\r\nOK\r\n".encode()


async def test_a_text_whose_delete_failed_is_not_delivered_again() -> None:
    modem, line = scripted_modem(
        {
            "AT+CMGL=4": [(0, listing((1, TEXT_A))), (0, listing((1, TEXT_A)))],
            "AT+CMGD=1": [(0, b"\r\n+CMS ERROR: 314\r\n")],
        }
    )
    first = await modem.messages(delete=True)
    second = await modem.messages(delete=True)
    assert [sms.text for sms in first] == ["Your balance is $7.20."]
    assert second == []
    assert line.written.count("AT+CMGD=1") == 2  # the delete is retried


async def test_a_delete_that_times_out_still_returns_the_text() -> None:
    modem, _ = scripted_modem(
        {"AT+CMGL=4": [(0, listing((1, TEXT_A)))], "AT+CMGD=1": [None]}
    )
    texts = await modem.messages(delete=True)
    assert [sms.text for sms in texts] == ["Your balance is $7.20."]


async def test_a_listing_ignores_a_late_read_reply() -> None:
    stray = f"\r\n+CMGR: 1,,25\r\n{TEXT_B}".encode()
    modem, _ = scripted_modem({"AT+CMGL=4": [(0, stray + listing((2, TEXT_A)))]})
    texts = await modem.messages()
    assert [(sms.text, sms.storage_indices) for sms in texts] == [
        ("Your balance is $7.20.", (2,))
    ]


async def test_a_pushed_read_ignores_a_late_listing_and_deletes_nothing() -> None:
    delivered: list[Sms] = []
    stray = listing((5, TEXT_B))
    modem, line = scripted_modem({"AT+CMGR=4": [(0, stray)]})
    modem.delete_after_read = True
    modem.subscribe_messages(delivered.append)
    line.later(0, b'\r\n+CMTI: "SM",4\r\n')
    await asyncio.sleep(0.1)
    assert delivered == []
    assert "AT+CMGD=4" not in line.written


async def test_a_pushed_read_whose_delete_fails_leaves_no_task_error() -> None:
    modem, line = scripted_modem(
        {
            "AT+CMGR=4": [(0, f"\r\n+CMGR: 1,,35\r\n{TEXT_A}\r\n\r\nOK\r\n".encode())],
            "AT+CMGD=4": [None],
        }
    )
    modem.delete_after_read = True
    delivered: list[Sms] = []
    modem.subscribe_messages(delivered.append)
    line.later(0, b'\r\n+CMTI: "SM",4\r\n')
    await asyncio.sleep(0.01)
    (task,) = modem._tasks
    await asyncio.wait([task], timeout=2)
    assert task.exception() is None
    assert [sms.text for sms in delivered] == ["Your balance is $7.20."]


async def test_the_reply_of_a_cancelled_command_is_not_taken_for_the_next() -> None:
    modem, line = scripted_modem(
        {"AT+CSQ": [None], "AT+CGMI": [(0.05, b"\r\nhuawei\r\n\r\nOK\r\n")]}
    )
    signal = asyncio.ensure_future(modem.signal())
    await asyncio.sleep(0.01)
    signal.cancel()
    line.later(0.02, b"\r\n+CSQ: 18,99\r\n\r\nOK\r\n")  # the cancelled command's reply
    assert await modem.command("AT+CGMI") == ["huawei"]


async def test_after_a_timeout_a_slow_line_is_let_finish_first() -> None:
    modem, line = scripted_modem(
        {"AT+CSQ": [None], "AT+CGMI": [(0.3, b"\r\nhuawei\r\n\r\nOK\r\n")]}
    )
    with pytest.raises(ModemTimeoutError):
        await modem.signal()
    # The late reply trickles in a byte at a time for half a second, then its OK.
    late = b"\r\n+CSQ: 18,99\r\n"
    for position in range(len(late)):
        line.later(0.5 * position / len(late), late[position : position + 1])
    line.later(0.55, b"\r\nOK\r\n")
    assert await modem.command("AT+CGMI") == ["huawei"]


async def test_a_text_arriving_in_a_slot_just_freed_is_not_deleted_unread(
    socket_enabled: None,
) -> None:
    simulator = Simulator("generic_us")
    simulator.engine.storage.delete_by_flag(4)  # no welcome text
    simulator.engine.storage.capacity = 1  # the second text waits for the first's slot
    await simulator.start_tcp()
    modem = await Modem.open(
        simulator.url, timeouts=ModemTimeouts(command=1.0), retry_delays=(0.01,)
    )
    modem.delete_after_read = True
    texts: list[str] = []
    modem.subscribe_messages(lambda sms: texts.append(sms.text))
    try:
        simulator.deliver_sms("6399", "first")
        simulator.deliver_sms("6399", "second")
        # The listing runs while the +CMTI of the first text is on its way.
        texts.extend(sms.text for sms in await modem.messages(delete=True))
        for _ in range(100):
            if "second" in texts and len(simulator.engine.storage) == 0:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.1)
        assert sorted(texts) == ["first", "second"]
    finally:
        await modem.close()
        await simulator.stop()
