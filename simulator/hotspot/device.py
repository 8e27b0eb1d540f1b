"""The simulated hotspot's insides, shared by every API family it can speak.

A router with a SIM on the scenario's carrier: traffic counters that grow as the
carrier model uses data (and whose month counters clear on the plan's start day),
an SMS inbox the carrier writes to, one USSD session, and admin logins with a
lock-out after repeated failures. Time is injected: `clock` (monotonic seconds)
for sessions, lock-outs and the carrier's drain, `now` (wall time) for dates.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
import math
import time

from simulator.carrier import CarrierModel, OutgoingSms, UssdOutcome
from simulator.scenario import Scenario

FIRST_SMS_INDEX = 40000
DOWNLOAD_SHARE = 0.9


@dataclass
class Counters:
    """Bytes moved: since connect, since the last reset, and this statistics month."""

    current_download: int = 0
    current_upload: int = 0
    total_download: int = 0
    total_upload: int = 0
    month_download: int = 0
    month_upload: int = 0
    month_cleared: date | None = None

    def add(self, amount: int) -> None:
        """Count `amount` bytes, split between the directions as households use data."""
        download = int(amount * DOWNLOAD_SHARE)
        upload = amount - download
        self.current_download += download
        self.current_upload += upload
        self.total_download += download
        self.total_upload += upload
        self.month_download += download
        self.month_upload += upload


@dataclass
class StoredSms:
    """A text in the router's inbox."""

    index: int
    sender: str
    text: str
    received: datetime
    read: bool = False


@dataclass
class PlanSettings:
    """The router's own data-plan settings (start day, limit, warning threshold)."""

    enabled: bool = True
    start_day: int = 1
    limit: str = "0MB"
    alert_percent: int = 90


class UssdState(Enum):
    """Where the one USSD session stands."""

    IDLE = "idle"
    WAITING = "waiting"
    ANSWERED = "answered"
    NOT_SUPPORTED = "not_supported"


@dataclass
class LoginGuard:
    """Failed-login counting and lock-out: `max_attempts` failures lock for a while.

    Each lock lasts `lock_seconds` times the number of locks so far, as Huawei's
    manuals describe ("incremented by one minute each time").
    """

    max_attempts: int = 3
    lock_seconds: float = 60.0
    failures: int = 0
    locks: int = 0
    locked_until: float = 0.0

    def remaining(self, now: float) -> float:
        """Seconds the lock still lasts (0 when not locked)."""
        return max(0.0, self.locked_until - now)

    def remaining_minutes(self, now: float) -> int:
        """The remaining lock in whole minutes, rounded up."""
        return math.ceil(self.remaining(now) / 60)

    def fail(self, now: float) -> bool:
        """Count a failure; True when it locks the login."""
        self.failures += 1
        if self.failures < self.max_attempts:
            return False
        self.failures = 0
        self.locks += 1
        self.locked_until = now + self.lock_seconds * self.locks
        return True

    def succeed(self) -> None:
        """A good login clears the failures."""
        self.failures = 0


@dataclass(frozen=True, kw_only=True)
class HotspotPersonality:
    """What kind of router this is (identities come from the scenario's SIM)."""

    manufacturer: str
    model: str
    firmware: str
    serial_number: str
    battery_percent: int | None = 80


@dataclass
class UssdSession:
    """The router's single USSD session."""

    state: UssdState = UssdState.IDLE
    answer: str = ""
    timer: asyncio.TimerHandle | None = field(default=None, repr=False)


class HotspotDevice:
    """One simulated hotspot and the carrier network behind its SIM."""

    def __init__(
        self,
        scenario: Scenario,
        personality: HotspotPersonality,
        *,
        password: str = "admin",  # noqa: S107 - the simulated router's factory default
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """Build the router from the scenario's SIM and carrier."""
        self.scenario = scenario
        self.personality = personality
        self.clock = clock
        self.now = now
        self.carrier = CarrierModel(scenario.carrier, clock=clock, today=self.today())
        self.password = password
        self.username = "admin"
        self.guard = LoginGuard()
        self.connected = True
        self.counters = Counters()
        self.plan = PlanSettings(
            start_day=_start_day(self.carrier.expires),
            limit=_limit_text(scenario.carrier.plan_bytes),
        )
        self._seen_used = self.carrier.used_bytes
        self.counters.add(self._seen_used)
        self.counters.month_cleared = self.period_start(self.today())
        self.inbox: list[StoredSms] = []
        self._arrival = asyncio.Event()
        self.sent: list[tuple[str, str]] = []
        self.ussd = UssdSession()
        self.ussd_requests: list[str] = []
        self._next_index = FIRST_SMS_INDEX
        self._timers: set[asyncio.TimerHandle] = set()
        for sender, text in scenario.inbox:
            self.deliver_sms(sender, text)

    # --- time and counters --------------------------------------------------------

    def today(self) -> date:
        """The router's date."""
        return self.now().date()

    def period_start(self, day: date) -> date:
        """The first day of the statistics month that contains `day`."""
        start_day = self.plan.start_day
        if day.day >= start_day:
            return _clamped(day.year, day.month, start_day)
        year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
        return _clamped(year, month, start_day)

    def sync(self) -> Counters:
        """Bring the counters up to what the carrier has used, clearing a new month."""
        used = self.carrier.used_bytes
        if used > self._seen_used:
            self.counters.add(used - self._seen_used)
        self._seen_used = used
        start = self.period_start(self.today())
        if self.counters.month_cleared is None or self.counters.month_cleared < start:
            self.counters.month_download = self.counters.month_upload = 0
            self.counters.month_cleared = start
        return self.counters

    def reboot(self) -> None:
        """Restart: connection and total counters reset, the month survives (flash)."""
        self.sync()
        month = (
            self.counters.month_download,
            self.counters.month_upload,
            self.counters.month_cleared,
        )
        self.counters = Counters()
        (
            self.counters.month_download,
            self.counters.month_upload,
            self.counters.month_cleared,
        ) = month
        self.cancel_ussd()

    # --- logins ----------------------------------------------------------------------

    def check_password(self, username: str, password: str) -> bool:
        """Whether the credentials match."""
        return username == self.username and password == self.password

    # --- messages ----------------------------------------------------------------------

    def deliver_sms(self, sender: str, text: str) -> StoredSms:
        """A text arrives from the network now (the router stores it whole)."""
        message = StoredSms(
            index=self._next_index,
            sender=sender,
            text=text,
            received=self.now().replace(microsecond=0),
        )
        self._next_index += 1
        self.inbox.append(message)
        self._arrival.set()
        return message

    async def wait_for_inbox(self, size: int) -> None:
        """Until the inbox holds at least `size` texts (carrier replies come later)."""
        while len(self.inbox) < size:
            self._arrival.clear()
            await self._arrival.wait()

    def find(self, index: int) -> StoredSms | None:
        """The inbox text at `index`."""
        return next((sms for sms in self.inbox if sms.index == index), None)

    def delete(self, index: int) -> bool:
        """Delete the text at `index`; False if there is none."""
        message = self.find(index)
        if message is None:
            return False
        self.inbox.remove(message)
        return True

    def send_sms(self, number: str, text: str) -> None:
        """The router sends a text; the carrier may answer it later."""
        self.sent.append((number, text))
        for reply in self.carrier.handle_sms(number, text):
            self._later_sms(reply)

    def _later_sms(self, sms: OutgoingSms) -> None:
        def arrive() -> None:
            self.deliver_sms(sms.sender, sms.text)

        self._later(sms.delay, arrive)

    # --- USSD ----------------------------------------------------------------------

    def send_ussd(self, code: str) -> bool:
        """Start a USSD request; False when one is already waiting for the network."""
        if self.ussd.state is UssdState.WAITING:
            return False
        self.ussd_requests.append(code)
        outcome = self.carrier.handle_ussd(code)
        self.ussd.state = UssdState.WAITING
        self.ussd.answer = ""
        self.ussd.timer = self._later(
            self.carrier.spec.reply_delay, lambda: self._answer_ussd(outcome)
        )
        return True

    def _answer_ussd(self, outcome: UssdOutcome) -> None:
        texts = [reply for reply in outcome.replies if reply.text is not None]
        if not texts or any(reply.status == 4 for reply in outcome.replies):
            self.ussd.state = UssdState.NOT_SUPPORTED
        else:
            self.ussd.state = UssdState.ANSWERED
            self.ussd.answer = texts[-1].text or ""
        for later in outcome.texts:
            self._later_sms(later)

    def cancel_ussd(self) -> None:
        """End the USSD session (release, or a reboot)."""
        if self.ussd.timer is not None:
            self.ussd.timer.cancel()
        self.ussd = UssdSession()
        self.carrier.cancel_ussd()

    # --- timers ----------------------------------------------------------------------

    def _later(self, delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle:
        loop = asyncio.get_running_loop()

        def run() -> None:
            self._timers.discard(handle)
            callback()

        handle = loop.call_later(delay, run)
        self._timers.add(handle)
        return handle

    def stop(self) -> None:
        """Cancel pending replies."""
        for handle in self._timers:
            handle.cancel()
        self._timers.clear()


def _start_day(expires: date | None) -> int:
    """The plan renews on the expiry's day of the month (1 when the plan never expires)."""
    return expires.day if expires else 1


def _clamped(year: int, month: int, day: int) -> date:
    """`day` of that month, or its last day when the month is shorter."""
    for candidate in range(day, 27, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day, 28))


def _limit_text(plan_bytes: int) -> str:
    """The plan size as a person types it into the router (`10GB`, `500MB`)."""
    gigabytes, rest = divmod(plan_bytes, 1000**3)
    return f"{gigabytes}GB" if not rest else f"{round(plan_bytes / 1000**2)}MB"
