"""The carrier behind the simulated modem: an account, balance requests and top-ups.

The model is synchronous and clock-driven (the clock is injected), so tests can move
time; the simulator schedules the replies it asks for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
import time

from .scenario import BalanceRequest, CarrierSpec, UssdMenu


@dataclass(frozen=True, kw_only=True)
class UssdReply:
    """One `+CUSD` the network sends: `m` and the text (None for a bare status)."""

    status: int
    text: str | None = None


@dataclass(frozen=True, kw_only=True)
class OutgoingSms:
    """A text the carrier sends to the SIM after `delay` seconds."""

    sender: str
    text: str
    delay: float


@dataclass(frozen=True, kw_only=True)
class UssdOutcome:
    """What the network does with a USSD string: session replies and later texts."""

    replies: tuple[UssdReply, ...]
    texts: tuple[OutgoingSms, ...] = ()


USSD_NOT_SUPPORTED = UssdOutcome(replies=(UssdReply(status=4),))


class CarrierModel:
    """A prepaid account: plan size, data used (optionally draining), money, expiry."""

    def __init__(
        self,
        spec: CarrierSpec,
        clock: Callable[[], float] = time.monotonic,
        *,
        today: date,
    ) -> None:
        """Start the account from the scenario's figures, on the simulator's `today`."""
        self.spec = spec
        self.plan_bytes = spec.plan_bytes
        self.balance = spec.balance
        self.expires = (
            None
            if spec.expires_in_days is None
            else today + timedelta(days=spec.expires_in_days)
        )
        self._clock = clock
        self._used_bytes = float(spec.used_bytes)
        self._drain_since = clock()
        self._drain_bytes_per_hour = spec.drain_bytes_per_hour
        self._open_menu: UssdMenu | None = None
        self.requests_seen = 0

    # --- the account -------------------------------------------------------------

    @property
    def used_bytes(self) -> int:
        """Data used so far, including what the drain rate has used since the last look."""
        self._apply_drain()
        return int(self._used_bytes)

    @property
    def remaining_bytes(self) -> int:
        """Data left on the plan, never below zero."""
        return max(0, self.plan_bytes - self.used_bytes)

    def set_drain_rate(self, bytes_per_hour: int) -> None:
        """Change how fast the simulated household uses data."""
        self._apply_drain()
        self._drain_bytes_per_hour = bytes_per_hour

    def use_data(self, amount: int) -> None:
        """Use `amount` bytes at once (the control surface's "drain")."""
        self._apply_drain()
        self._used_bytes = min(float(self.plan_bytes), self._used_bytes + amount)

    def top_up(
        self,
        *,
        today: date,
        data_bytes: int = 0,
        money: Decimal = Decimal(0),
        days: int = 0,
    ) -> OutgoingSms:
        """Add data, money or validity; returns the confirmation text the carrier sends."""
        self._apply_drain()
        self.plan_bytes += data_bytes
        self.balance += money
        if days:
            start = max(self.expires or today, today)
            self.expires = start + timedelta(days=days)
        return OutgoingSms(
            sender=self.spec.sender,
            text=self.render(self.spec.top_up_template),
            delay=self.spec.sms_delay,
        )

    def _apply_drain(self) -> None:
        now = self._clock()
        elapsed_hours = (now - self._drain_since) / 3600
        self._drain_since = now
        if self._drain_bytes_per_hour > 0 and elapsed_hours > 0:
            self._used_bytes = min(
                float(self.plan_bytes),
                self._used_bytes + self._drain_bytes_per_hour * elapsed_hours,
            )

    # --- wording -------------------------------------------------------------

    def render(self, template: str) -> str:
        """Fill a reply template with the account's figures, in the carrier's formats."""
        base = self.spec.unit_base
        remaining = self.remaining_bytes
        used = self.used_bytes
        values = {
            "remaining_gb": self._number(Decimal(remaining) / base**3),
            "remaining_mb": self._number(Decimal(remaining) / base**2),
            "used_gb": self._number(Decimal(used) / base**3),
            "used_mb": self._number(Decimal(used) / base**2),
            "total_gb": self._number(Decimal(self.plan_bytes) / base**3),
            "balance": self._number(self.balance),
            "currency": self.spec.currency,
            "expires": self.expires.strftime(self.spec.date_format)
            if self.expires
            else "-",
        }
        return template.format_map(values)

    def _number(self, value: Decimal) -> str:
        text = str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        return text.replace(".", self.spec.decimal_separator)

    # --- requests --------------------------------------------------------------

    def handle_ussd(self, code: str) -> UssdOutcome:
        """Answer a USSD string: a balance code, a menu, a menu choice, or nothing known."""
        if self._open_menu is not None:
            menu, self._open_menu = self._open_menu, None
            template = menu.choices.get(code.strip())
            if template is None:
                return UssdOutcome(
                    replies=(UssdReply(status=0, text="Invalid choice."),)
                )
            return self._final(self.render(template))
        for menu in self.spec.menus:
            if menu.code == code:
                self._open_menu = menu
                return UssdOutcome(
                    replies=(UssdReply(status=1, text=self.render(menu.text)),)
                )
        request = self._ussd_request(code)
        if request is None:
            return USSD_NOT_SUPPORTED
        self.requests_seen += 1
        if request.answer == "sms":
            later = OutgoingSms(
                sender=self.spec.sender,
                text=self.render(request.template),
                delay=self.spec.sms_delay,
            )
            return self._final(request.session_notice, texts=(later,))
        return self._final(self.render(request.template))

    def cancel_ussd(self) -> None:
        """The handset ended the session (`AT+CUSD=2`)."""
        self._open_menu = None

    @property
    def menu_open(self) -> bool:
        """Whether a USSD menu waits for a choice."""
        return self._open_menu is not None

    def handle_sms(self, number: str, text: str) -> tuple[OutgoingSms, ...]:
        """Answer a text sent to the carrier: a balance keyword gets the balance by SMS."""
        for request in self.spec.requests:
            if (
                request.sms_number is not None
                and _digits(request.sms_number) == _digits(number)
                and (request.sms_keyword or "").casefold() == text.strip().casefold()
            ):
                self.requests_seen += 1
                return (
                    OutgoingSms(
                        sender=self.spec.sender,
                        text=self.render(request.template),
                        delay=self.spec.sms_delay,
                    ),
                )
        return ()

    def _ussd_request(self, code: str) -> BalanceRequest | None:
        return next(
            (request for request in self.spec.requests if request.ussd_code == code),
            None,
        )

    def _final(self, text: str, *, texts: tuple[OutgoingSms, ...] = ()) -> UssdOutcome:
        replies: tuple[UssdReply, ...] = (UssdReply(status=0, text=text),)
        if self.spec.release_notice_first:
            replies = (UssdReply(status=2), *replies)
        return UssdOutcome(replies=replies, texts=texts)

    def with_spec(self, **changes: object) -> None:
        """Change wording or timing of the running carrier (tests use this)."""
        self.spec = replace(self.spec, **changes)  # type: ignore[arg-type]


def _digits(number: str) -> str:
    return "".join(char for char in number if char.isdigit())
