"""Match the SMS that answers a balance request; let every other message through.

After a request is sent, the next message from one of the request's senders
within the answer window is its answer. Time is always passed in, never read
from a clock, so the outcome depends on the inputs alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import re

from .catalogue import AnswerChannel, BalanceRequest, CarrierProfile
from .report import BalanceReport

DEFAULT_ANSWER_WINDOW = timedelta(minutes=3)
# Full phone numbers match across national and international forms
# ("+447700900123" and "07700900123" share the last digits); short codes never.
_SUFFIX_MATCH_DIGITS = 7
_NOT_SENDER_CHARACTERS = re.compile(r"[\s\-().]")


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """An SMS as received: who sent it, what it says, and when it arrived."""

    sender: str
    text: str
    received: datetime


@dataclass(frozen=True, slots=True)
class RoutedMessage:
    """A message after correlation.

    Attributes:
        message: the message itself (always passed on).
        is_answer: it answers the pending balance request.
        report: the figures read from it with the carrier's profile, if any.
    """

    message: IncomingMessage
    is_answer: bool
    report: BalanceReport | None


@dataclass(frozen=True, slots=True)
class _Pending:
    request: BalanceRequest
    sent: datetime


def same_sender(expected: str, actual: str) -> bool:
    """Return whether ``actual`` is the sender id ``expected`` names."""
    expected_id = _NOT_SENDER_CHARACTERS.sub("", expected).casefold()
    actual_id = _NOT_SENDER_CHARACTERS.sub("", actual).casefold()
    if expected_id == actual_id:
        return True
    expected_digits, actual_digits = expected_id.lstrip("+"), actual_id.lstrip("+")
    if not (expected_digits.isdigit() and actual_digits.isdigit()):
        return False
    shorter, longer = sorted(
        (expected_digits.lstrip("0"), actual_digits.lstrip("0")), key=len
    )
    return len(shorter) >= _SUFFIX_MATCH_DIGITS and longer.endswith(shorter)


class ReplyCorrelator:
    """Pairs balance requests answered by SMS with their answers."""

    def __init__(
        self, profile: CarrierProfile, window: timedelta = DEFAULT_ANSWER_WINDOW
    ) -> None:
        """Correlate for ``profile``; an answer must arrive within ``window``."""
        self._profile = profile
        self._window = window
        self._pending: _Pending | None = None

    @property
    def waiting(self) -> bool:
        """Return whether a request is waiting for its SMS answer."""
        return self._pending is not None

    def request_sent(self, request: BalanceRequest, at: datetime) -> None:
        """Note that ``request`` was sent at ``at``; a newer request replaces an older one.

        Requests answered within the USSD session need no correlation and are ignored.
        """
        if request.answer is AnswerChannel.SMS:
            self._pending = _Pending(request, at)

    def expire(self, now: datetime) -> bool:
        """Forget a request whose window has passed at ``now``; return whether one was."""
        if self._pending is None or now <= self._pending.sent + self._window:
            return False
        self._pending = None
        return True

    def route(self, message: IncomingMessage) -> RoutedMessage:
        """Decide whether ``message`` answers the pending request, and read it."""
        self.expire(message.received)
        is_answer = self._answers_pending(message)
        if is_answer:
            self._pending = None
        return RoutedMessage(message, is_answer, self._profile.parse(message.text))

    def _answers_pending(self, message: IncomingMessage) -> bool:
        pending = self._pending
        if pending is None or message.received < pending.sent:
            return False
        senders = pending.request.senders
        return not senders or any(
            same_sender(sender, message.sender) for sender in senders
        )
