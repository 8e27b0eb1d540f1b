"""Fuzz the AT byte stream: the line splitter, the channel that frames replies, the reply readers.

Only the library's own exceptions (`ModemError` and its subclasses) may escape, and the
channel must never hit its last-resort "skipped a line" guard, which would hide a crash.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
import contextlib
import itertools
import logging

from hypothesis import given, strategies as st

from custom_components.data_balance.modem import ModemError
from custom_components.data_balance.modem.channel import AtChannel, error_for
from custom_components.data_balance.modem.framing import (
    MAX_LINE,
    MAX_QUOTED_LINES,
    Line,
    LineSplitter,
    Prompt,
)
from custom_components.data_balance.modem.modem import _listing
from custom_components.data_balance.modem.status import (
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

from .budget import fuzz_settings

# Pieces of what modems really send, so random streams reach the framing's corners.
_TOKENS = [
    b"\r\n",
    b"\r",
    b"\n",
    b"\r\r\n",
    b"OK",
    b"ERROR",
    b"+CME ERROR: 14",
    b"+CMS ERROR: SIM busy",
    b"+CME ERROR: ",
    b'+CUSD: 0,"',
    b'+CUSD: 1,"Menu\r\n1. Data\r\n2. Balance",15',
    b'",15',
    b'",72',
    b'"',
    b",",
    b"> ",
    b">",
    b"+CMT: ,24",
    b'+CMTI: "SM",3',
    b"+CSQ: 18,99",
    b"^RSSI: 20",
    b"^DSFLOWQRY: 00000E10,",
    b"+CMGL: 1,0,,24",
    b"07919130",
    b"AT+CSQ",
    b"RING",
    b"COMMAND NOT SUPPORT",
    b"\x00",
    b"\xff\xfe",
    b"\xc3\xa9",
    b"9" * 5000,
]
_PIECE = st.one_of(st.sampled_from(_TOKENS), st.binary(max_size=12))
modem_stream = st.lists(_PIECE, max_size=40).map(b"".join)


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    """`data` cut at the given positions (as a serial port delivers it)."""
    positions = sorted({cut % (len(data) + 1) for cut in cuts})
    bounds = [0, *positions, len(data)]
    return [data[start:end] for start, end in itertools.pairwise(bounds)]


@fuzz_settings(1000)
@given(
    data=modem_stream,
    cuts=st.lists(st.integers(min_value=0), max_size=12),
    prompts=st.lists(st.booleans(), max_size=12),
)
def test_splitter_takes_any_stream(
    data: bytes, cuts: list[int], prompts: list[bool]
) -> None:
    splitter = LineSplitter()
    for index, chunk in enumerate(_chunks(data, cuts)):
        splitter.expect_prompt = prompts[index] if index < len(prompts) else False
        for event in splitter.feed(chunk):
            assert isinstance(event, Line | Prompt)
            if isinstance(event, Line):
                assert event.text.strip(), "a blank line is never an event"
        assert len(splitter._buffer) <= MAX_LINE
        assert len(splitter._quoted) < MAX_QUOTED_LINES


@fuzz_settings(1000)
@given(data=modem_stream, cuts=st.lists(st.integers(min_value=0), max_size=12))
def test_splitter_events_do_not_depend_on_how_bytes_arrive(
    data: bytes, cuts: list[int]
) -> None:
    whole = LineSplitter().feed(data)
    splitter = LineSplitter()
    pieces = [event for chunk in _chunks(data, cuts) for event in splitter.feed(chunk)]
    assert pieces == whole


@fuzz_settings(300)
@given(length=st.integers(min_value=MAX_LINE - 2, max_value=3 * MAX_LINE))
def test_splitter_drops_an_endless_line_and_recovers(length: int) -> None:
    splitter = LineSplitter()
    for start in range(0, length, 4096):
        splitter.feed(b"x" * min(4096, length - start))
        assert len(splitter._buffer) <= MAX_LINE
    events = splitter.feed(b"\r\nOK\r\n")
    assert events[-1] == Line("OK")


class _Wire(asyncio.WriteTransport):
    """The host side of a serial line: keeps what the channel writes."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self._closing = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += data

    def is_closing(self) -> bool:
        return self._closing

    def close(self) -> None:
        self._closing = True


class _GuardWatcher(logging.Handler):
    """Counts the channel's "skipped a line" guard: each is a crash it swallowed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.swallowed = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or "could not be handled" in record.getMessage():
            self.swallowed += 1


@contextlib.contextmanager
def _watching_guard() -> Iterator[_GuardWatcher]:
    logger = logging.getLogger("custom_components.data_balance.modem.channel")
    watcher = _GuardWatcher()
    level = logger.level
    logger.addHandler(watcher)
    logger.setLevel(logging.DEBUG)
    try:
        yield watcher
    finally:
        logger.removeHandler(watcher)
        logger.setLevel(level)


async def _exchange(
    channel: AtChannel, command: str, prefix: str | None, replies: list[bytes]
) -> list[str] | ModemError:
    task = asyncio.ensure_future(channel.command(command, timeout=0.3, prefix=prefix))
    await asyncio.sleep(0)
    for chunk in replies:
        channel.data_received(chunk)
    try:
        return await task
    except ModemError as err:
        return err


@fuzz_settings(500)
@given(garbage=modem_stream, cuts=st.lists(st.integers(min_value=0), max_size=8))
def test_channel_survives_any_stream_and_answers_the_next_command(
    garbage: bytes, cuts: list[int]
) -> None:
    urcs: list[str] = []
    channel = AtChannel(urcs.append, lambda _: None)
    wire = _Wire()
    channel.connection_made(wire)
    reply = garbage + b"\r\n+CSQ: 18,99\r\n\r\nOK\r\n"
    # A loop of its own, never made the current one: asyncio.Runner() would leave "no
    # current event loop" behind, which later synchronous tests trip over.
    with (
        _watching_guard() as guard,
        asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner,
    ):
        first = runner.run(_exchange(channel, "AT+CSQ", "+CSQ:", _chunks(reply, cuts)))
        # Whatever the noise did, a clean exchange afterwards is read correctly.
        second = runner.run(
            _exchange(channel, "AT+CGMI", None, [b"\r\nhuawei\r\n\r\nOK\r\n"])
        )
    assert guard.swallowed == 0
    assert isinstance(first, list | ModemError)
    assert all(isinstance(line, str) for line in urcs)
    assert second == ["huawei"]


_lines = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from(
            [
                "+CSQ: 99,99",
                "+CSQ: 31,7",
                "+CSQ: " + "9" * 5000 + ",1",
                "+CREG: 0,1",
                "+CEREG: 2," + "5" * 5000,
                '+COPS: 0,0,"T-Mobile",' + "7" * 5000,
                '+CNUM: "","+15550100",145',
                '+CRSM: 144,0,"98101430121181157002"',
                "^DSFLOWQRY: 00000E10,1,2,3,4,5",
                "^DSFLOWQRY: 0,0,0,0,FFFFFFFFFFFFFFFFFFFF,ZZ",
                "+CPIN: READY",
                "+CMGL: 1,0,,24",
                "+CMGR: 0,,24",
                "0791",
            ]
        ),
    ),
    max_size=6,
)


@fuzz_settings(1000)
@given(lines=_lines)
def test_reply_readers_raise_only_modem_errors(lines: list[str]) -> None:
    readers = (
        parse_value,
        parse_sim_state,
        parse_signal,
        parse_registration,
        parse_operator,
        parse_own_number,
        parse_dsflowqry,
        parse_crsm_iccid,
        lambda lines: parse_digits(lines, minimum=14, maximum=17),
        lambda lines: [normalise_iccid(line) for line in lines],
        _listing,
    )
    for reader in readers:
        with contextlib.suppress(ModemError):
            reader(lines)


@fuzz_settings(1000)
@given(
    secret=st.text(alphabet="0123456789*#", min_size=3, max_size=12),
    final=st.one_of(
        st.text(max_size=40),
        st.builds(
            "{}{}".format,
            st.sampled_from(["+CME ERROR:", "+CMS ERROR:", "+CME ERROR: ", "ERROR"]),
            st.text(max_size=20),
        ),
    ),
)
def test_error_results_become_modem_errors_without_the_code_sent(
    secret: str, final: str
) -> None:
    error = error_for(f'AT+CUSD=1,"{secret}",15', final)
    assert isinstance(error, ModemError)
    if secret not in final:
        assert secret not in str(error)
