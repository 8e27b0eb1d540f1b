"""The coordinator: polls the modem, asks the carrier on its own schedule, merges both."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .carrier import (
    AnswerChannel,
    BalanceReport,
    IncomingMessage,
    MessageKind,
    ReplyCorrelator,
    RequestMethod,
)
from .carrier.correlation import same_sender
from .const import CONF_URL, DOMAIN, LOGGER
from .models import CarrierState, DeviceStatus, Snapshot
from .modem import (
    Modem,
    ModemConnectionError,
    ModemError,
    ModemInfo,
    SimError,
    SimState,
    Sms,
)
from .plan import (
    AccumulatorSettings,
    CarrierReading,
    CounterSample,
    PlanState,
    StateError,
    summarise,
)
from .rate_limit import RequestLimiter
from .settings import EntrySettings

STORAGE_VERSION = 1
# Modem counters (Huawei ^DSFLOWQRY) are 64-bit and kept across reboots: no wrap at 2**32.
COUNTERS = AccumulatorSettings(counter_modulus=None)
SAVE_DELAY = 10
SHORT_CODE_DIGITS = 6
RECENT_MESSAGES = 20

type DataBalanceConfigEntry = ConfigEntry[DataBalanceRuntime]


@dataclass
class DataBalanceRuntime:
    """What a loaded entry holds (entry.runtime_data)."""

    coordinator: DataBalanceCoordinator


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """A received carrier message, without its text (for diagnostics and counts)."""

    received: datetime
    source: str
    kind: str
    readable: bool


@dataclass
class _Stored:
    plan_state: PlanState = field(default_factory=lambda: PlanState.start(COUNTERS))
    carrier: CarrierState | None = None


class WrongSimError(ModemError):
    """The modem holds a different SIM than the one this entry is for."""


class DataBalanceCoordinator(DataUpdateCoordinator[Snapshot]):
    """One modem, one SIM, one plan: the device poll and the carrier check."""

    config_entry: DataBalanceConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: DataBalanceConfigEntry,
        settings: EntrySettings,
    ) -> None:
        """Set up the schedules; nothing touches the modem until the first refresh."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=settings.device_poll,
        )
        self.settings = settings
        self.url: str = entry.data[CONF_URL]
        self.modem: Modem | None = None
        self.info: ModemInfo | None = None
        self.recent_messages: list[MessageRecord] = []
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry.entry_id}"
        )
        self._stored = _Stored()
        self._correlator = ReplyCorrelator(settings.profile)
        self._device: DeviceStatus | None = None
        self._limiter = RequestLimiter()
        self._check_lock = asyncio.Lock()
        self._closed = False
        self._unsubscribers: list[Callable[[], None]] = []

    # --- lifecycle ----------------------------------------------------------------

    async def _async_setup(self) -> None:
        """Restore what was learned before the restart."""
        stored = await self._store.async_load() or {}
        try:
            plan_json = stored.get("plan_state")
            if plan_json:
                self._stored.plan_state = PlanState.from_json(plan_json, COUNTERS)
        except StateError:
            LOGGER.warning(
                "Stored usage for %s could not be read; counting starts again",
                self.config_entry.title,
            )
        self._limiter = RequestLimiter.from_json(stored.get("requests"))
        carrier_json = stored.get("carrier")
        if carrier_json:
            self._stored.carrier = CarrierState.from_json(carrier_json)
        self._unsubscribers.append(
            async_track_time_interval(
                self.hass, self._async_scheduled_check, self.settings.carrier_check
            )
        )

    async def async_close(self) -> None:
        """Stop schedules, save, and close the port."""
        self._closed = True
        for unsubscribe in self._unsubscribers:
            unsubscribe()
        self._unsubscribers.clear()
        await self._store.async_save(self._to_store())
        await self._close_modem()

    async def _close_modem(self) -> None:
        modem, self.modem = self.modem, None
        if modem is not None:
            await modem.close()

    # --- the device poll ------------------------------------------------------------

    async def _async_update_data(self) -> Snapshot:
        if self._check_lock.locked() and self.data is not None:
            # Many modems stall other commands during a USSD session: let it finish.
            return self.data
        try:
            modem = await self._connected_modem()
            sim_state = await modem.read_sim_state()
            signal = await modem.signal()
            network = await modem.network()
            counters = await modem.traffic_counters()
            if sim_state is SimState.READY:
                for sms in await modem.messages(delete=True):
                    self._take_message(sms)
        except WrongSimError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="wrong_sim"
            ) from err
        except SimError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="sim_not_ready"
            ) from err
        except ModemError as err:
            await self._close_modem()
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"error": str(err)},
            ) from err
        if counters is not None:
            sample = CounterSample(
                time=dt_util.utcnow(), received=counters.received, sent=counters.sent
            )
            self._stored.plan_state = self._stored.plan_state.fold(
                sample, self.settings.plan
            )
        self._device = DeviceStatus(
            connected=True, sim_state=sim_state, signal=signal, network=network
        )
        snapshot = self._snapshot()
        if snapshot is None:  # pragma: no cover - identify() ran in _connected_modem
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="cannot_connect"
            )
        return snapshot

    async def _connected_modem(self) -> Modem:
        if self.modem is not None and self.modem.connected:
            return self.modem
        modem = await Modem.open(self.url)
        if self._closed:  # unloaded while the port was opening
            await modem.close()
            raise ModemConnectionError("the entry was unloaded")
        modem.delete_after_read = True
        # Subscriptions live and die with this modem object; a reconnect makes a new one.
        modem.subscribe_messages(self._on_pushed_message)
        modem.subscribe_disconnect(self._on_disconnect)
        self.modem = modem
        try:
            info = await modem.identify()
            expected = self.config_entry.unique_id
            if expected is not None and expected not in (info.iccid, info.imsi):
                # Another SIM in the same modem: never count or pay for it under this entry.
                raise WrongSimError
        except ModemError:
            # Until this SIM is known to be ours, the port is not used (next poll: again).
            await self._close_modem()
            raise
        self.info = info
        return modem

    @callback
    def _on_disconnect(self) -> None:
        """The port went away: entities go unavailable now, not at the next poll."""
        modem, self.modem = self.modem, None
        if modem is not None:
            # Its background reads fail fast now; closing collects them.
            self.config_entry.async_create_background_task(
                self.hass, modem.close(), "data_balance close lost modem"
            )
        self.async_set_update_error(
            UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"error": "disconnected"},
            )
        )

    # --- the carrier ----------------------------------------------------------------

    @property
    def requests_last_day(self) -> int:
        """How often the carrier was asked in the last 24 hours (for diagnostics)."""
        return self._limiter.count_since(dt_util.utcnow() - timedelta(days=1))

    def plan_state_json(self) -> dict[str, Any]:
        """The stored usage state, as stored (for diagnostics)."""
        return dict(self._stored.plan_state.to_json())

    @property
    def carrier_state(self) -> CarrierState | None:
        """The carrier's last readable answer (restored across restarts)."""
        return self._stored.carrier

    async def async_check_if_stale(self) -> None:
        """At start: ask the carrier unless it was asked recently (a restart costs nothing)."""
        last = self._limiter.last_sent
        if last is not None and dt_util.utcnow() - last < self.settings.carrier_check:
            return
        await self._async_scheduled_check(dt_util.utcnow())

    async def _async_scheduled_check(self, _: datetime) -> None:
        try:
            await self.async_check_balance()
        except HomeAssistantError as err:
            LOGGER.debug("Scheduled balance check failed: %s", err)

    async def async_check_balance(self) -> None:
        """Send the profile's balance request (USSD or SMS); answers in session apply now.

        Requests can cost money: one at a time, and never past the rate limit.
        """
        modem = self.modem
        if modem is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="modem_unavailable"
            )
        if self._check_lock.locked():
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="check_in_progress"
            )
        # Taken at once (it is free): no await between the check above and here.
        async with self._check_lock:
            now = dt_util.utcnow()
            if (refusal := self._limiter.refusal(now)) is not None:
                raise HomeAssistantError(
                    translation_domain=DOMAIN,
                    translation_key="rate_limited",
                    translation_placeholders={
                        "count": str(refusal.count),
                        "hours": str(int(refusal.window.total_seconds() // 3600)),
                    },
                )
            self._limiter.record(now)
            await self._store.async_save(self._to_store())
            await self._send_request(modem, now)

    async def _send_request(self, modem: Modem, now: datetime) -> None:
        request = self.settings.profile.requests[0]
        try:
            if request.method is RequestMethod.USSD and request.code:
                reply = await modem.ussd(request.code)
                if request.answer is AnswerChannel.USSD:
                    self._apply_text(reply, "ussd", now)
                    return
            elif request.number and request.keyword:
                await modem.send_sms(request.number, request.keyword)
        except ModemError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="balance_check_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        self._correlator.request_sent(request, now)

    @callback
    def _on_pushed_message(self, sms: Sms) -> None:
        self._take_message(sms)
        self._publish()

    def _take_message(self, sms: Sms) -> None:
        now = dt_util.utcnow()
        routed = self._correlator.route(
            IncomingMessage(sender=sms.sender, text=sms.text, received=now)
        )
        self._record("sms", routed.report, now)
        if routed.report is not None and (
            routed.is_answer
            or (_has_figures(routed.report) and self._from_carrier(sms.sender))
        ):
            self._apply_report(routed.report, now)

    def _from_carrier(self, sender: str) -> bool:
        """Whether an unasked-for text may change the figures: anyone can text the SIM.

        The profile's senders when it names them; else carriers' own kinds of sender
        (a short code or a name), never an ordinary phone number.
        """
        senders = self.settings.profile.senders
        if senders:
            return any(same_sender(expected, sender) for expected in senders)
        digits = sender.lstrip("+")
        return not digits.isdigit() or len(digits) <= SHORT_CODE_DIGITS

    def _apply_text(self, text: str, source: str, now: datetime) -> None:
        report = self.settings.profile.parse(text)
        self._record(source, report, now)
        if report is not None:
            self._apply_report(report, now)
        self._publish()

    def _apply_report(self, report: BalanceReport, received: datetime) -> None:
        self._stored.carrier = CarrierState(report=report, received=received)
        reading = CarrierReading(
            time=received, data_remaining=report.data_remaining, balance=report.balance
        )
        self._stored.plan_state, _ = self._stored.plan_state.observe_carrier(
            reading,
            self.settings.plan,
            carrier_notice=report.kind is MessageKind.TOP_UP,
        )
        self._store.async_delay_save(self._to_store, SAVE_DELAY)

    def _record(
        self, source: str, report: BalanceReport | None, received: datetime
    ) -> None:
        kind = report.kind.value if report is not None else "other"
        self.recent_messages = [
            *self.recent_messages[-(RECENT_MESSAGES - 1) :],
            MessageRecord(
                received=received, source=source, kind=kind, readable=report is not None
            ),
        ]

    # --- the snapshot -----------------------------------------------------------------

    def _publish(self) -> None:
        """Push a fresh snapshot to the entities (after a message, between polls)."""
        snapshot = self._snapshot()
        if snapshot is not None:
            self.async_set_updated_data(snapshot)

    def _snapshot(self) -> Snapshot | None:
        """The merged figures now; None until the modem has been identified once."""
        if self.info is None or self._device is None:
            return None
        now = dt_util.utcnow()
        carrier = self._stored.carrier
        expiry = (
            carrier.report.expires_at(carrier.received) if carrier is not None else None
        )
        self._stored.plan_state, summary = summarise(
            self.settings.plan,
            self._stored.plan_state,
            now,
            settings=self.settings.summary,
            carrier_expiry=expiry,
        )
        self._store.async_delay_save(self._to_store, SAVE_DELAY)
        currency = (
            carrier.report.currency if carrier else None
        ) or self.settings.profile.currency
        if self._stored.plan_state.usage.last_sample is not None:
            data_used: int | None = summary.used  # counted from the device's counters
        else:
            # No counters on this device: the carrier's figures say what was used.
            allowance = self._stored.plan_state.usage.allowance(self.settings.plan)
            remaining = summary.remaining.remaining
            data_used = (
                None
                if allowance is None or remaining is None
                else max(0, allowance - remaining)
            )
        return Snapshot(
            info=self.info,
            device=self._device,
            carrier=carrier,
            plan=self.settings.plan,
            summary=summary,
            data_used=data_used,
            currency=currency,
            updated=now,
        )

    def _to_store(self) -> dict[str, Any]:
        carrier = self._stored.carrier
        return {
            "plan_state": self._stored.plan_state.to_json(),
            "carrier": carrier.to_json() if carrier is not None else None,
            "requests": self._limiter.to_json(),
        }


def _has_figures(report: BalanceReport) -> bool:
    return (
        report.data_remaining is not None
        or report.balance is not None
        or report.expires is not None
    )
