r"""Split the byte stream from a modem into lines and the `> ` prompt.

Modems frame lines as `\r\n...\r\n`, some end them with `\r\r\n`, and echo commands
with a bare `\r`; text inside quotes (a USSD reply) may itself contain line breaks.
The splitter is pure: bytes in, events out, so it can be fuzzed.
"""

from __future__ import annotations

from dataclasses import dataclass
import re

MAX_LINE = 64 * 1024
MAX_QUOTED_LINES = 64
PROMPT = ">"
_FINAL = re.compile(r"^(OK|ERROR|\+CM[ES] ERROR:.*)$")
_CUSD_END = re.compile(r'",\s*\d{1,3}\s*$')  # the closing quote and the dcs


@dataclass(frozen=True, slots=True)
class Line:
    """One complete line, without its line end."""

    text: str


@dataclass(frozen=True, slots=True)
class Prompt:
    """The `> ` prompt of `AT+CMGS`, which comes without a line end."""


type Event = Line | Prompt


class LineSplitter:
    """Turns received bytes into `Line` and `Prompt` events."""

    def __init__(self) -> None:
        """Start with nothing buffered."""
        self._buffer = bytearray()
        self._quoted: list[str] = []
        self.expect_prompt = False

    def feed(self, data: bytes) -> list[Event]:
        """Add bytes; return the events they complete."""
        self._buffer.extend(data)
        events: list[Event] = []
        while (end := self._buffer.find(b"\n")) >= 0:
            raw = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            events.extend(self._line(_decode(raw).strip("\r")))
        if self.expect_prompt and _decode(bytes(self._buffer)).strip("\r\n ") == PROMPT:
            self._buffer.clear()
            self.expect_prompt = False
            events.append(Prompt())
        if len(self._buffer) > MAX_LINE:
            # A line this long is garbage; drop it rather than grow without bound.
            self._buffer.clear()
        return events

    def reset(self) -> None:
        """Forget partial input (after a reconnect)."""
        self._buffer.clear()
        self._quoted.clear()
        self.expect_prompt = False

    def _line(self, text: str) -> list[Event]:
        if self.expect_prompt and text.strip() == PROMPT:
            # The prompt, with a line end after it this time (more data followed).
            self.expect_prompt = False
            return [Prompt()]
        if self._quoted:
            if _FINAL.match(text):
                # A final result ends the reply even if a stray quote was never closed.
                joined = "\n".join(self._quoted)
                self._quoted.clear()
                return [Line(joined), Line(text)]
            self._quoted.append(text)
            joined = "\n".join(self._quoted)
            if (
                _quotes_balanced(joined)
                or _CUSD_END.search(text)
                or len(self._quoted) >= MAX_QUOTED_LINES
            ):
                self._quoted.clear()
                return [Line(joined)]
            return []
        if not text.strip():
            return []
        if text.startswith("+CUSD:") and not (
            _quotes_balanced(text) or _CUSD_END.search(text)
        ):
            self._quoted.append(text)
            return []
        return [Line(text)]


def _quotes_balanced(text: str) -> bool:
    return text.count('"') % 2 == 0


def _decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 where valid, else Latin-1 (modems speak both, and noise)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
