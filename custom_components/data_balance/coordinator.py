"""The coordinator: polls the modem, asks the carrier on its own schedule, merges both."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
import re
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_call_later, async_track_time_interval
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
from .const import (
    ATTR_DEVICE_ID,
    ATTR_ENTRY_ID,
    CONF_FAMILY,
    CONF_HOST,
    CONF_LOGOUT_AFTER_POLL,
    CONF_PASSWORD,
    CONF_SOURCE,
    CONF_URL,
    CONF_USERNAME,
    DOMAIN,
    EVENT_MESSAGE_RECEIVED,
    EVENT_PLAN_EXPIRING,
    EVENT_TOP_UP_DETECTED,
    EVENT_TOP_UP_NEEDED,
    LOGGER,
    SOURCE_HOTSPOT,
    SOURCE_MODEM,
)
from .events import (
    EventData,
    ReceivedMessage,
    figures,
    top_up_detected_data,
    top_up_needed_data,
)
from .hotspot import HotspotOptions, create_client
from .models import CarrierState, DeviceStatus, Snapshot
from .modem import (
    ModemConnectionError,
    ModemError,
    ModemInfo,
    SimError,
    SimState,
    Sms,
)
from .modem.modem import DeliveredTexts
from .plan import (
    AccumulatorSettings,
    CarrierReading,
    CounterSample,
    PlanState,
    StateError,
    TopUp,
    TopUpReason,
    TopUpStatus,
    summarise,
)
from .rate_limit import HOUR, RequestLimiter
from .settings import EntrySettings
from .sources import (
    DeviceReading,
    HotspotSource,
    ModemSource,
    Source,
    SourceAuthError,
    SourceLockedOutError,
    SourceNotSupportedError,
)

if TYPE_CHECKING:
    from .top_up_watch import TopUpWatch

STORAGE_VERSION = 1
# Modem counters (Huawei ^DSFLOWQRY) are 64-bit and kept across reboots: no wrap at 2**32.
COUNTERS = AccumulatorSettings(counter_modulus=None)
SAVE_DELAY = 10
SHORT_CODE_DIGITS = 6
RECENT_MESSAGES = 20

# Restarting the modem: how long until it is looked for again (USB re-enumeration).
RESTART_SETTLE = 20

type DataBalanceConfigEntry = ConfigEntry[DataBalanceRuntime]
type MessageListener = Callable[[ReceivedMessage], None]


@dataclass
class DataBalanceRuntime:
    """What a loaded entry holds (entry.runtime_data)."""

    coordinator: DataBalanceCoordinator
    watch: TopUpWatch


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
    paused: bool = False


class WrongSimError(ModemError):
    """The modem holds a different SIM than the one this entry is for."""


def _error(key: str, **placeholders: str) -> HomeAssistantError:
    """A translated error for an action or button."""
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


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
        self.source: Source | None = None
        self.info: ModemInfo | None = None
        self.recent_messages: list[MessageRecord] = []
        # The last texts themselves, for the read_messages action: memory only.
        self.received: list[ReceivedMessage] = []
        # The device's registry id; events wait for it (it exists once entities do).
        self.device_id: str | None = None
        self._pending_events: list[tuple[str, EventData]] = []
        self._message_listeners: list[MessageListener] = []
        self._detected: TopUp | None = None
        # The last answer to our own request that could not be read, digits masked;
        # None once an answer is read again (a repair issue shows it).
        self.unreadable_sample: str | None = None
        # The identity of a different SIM found in the device (a replaced SIM).
        self.other_sim: ModemInfo | None = None
        self._top_up_listeners: list[Callable[[], None]] = []
        self._refresh_listeners: list[Callable[[], None]] = []
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry.entry_id}"
        )
        self._stored = _Stored()
        self._correlator = ReplyCorrelator(settings.profile)
        self._device: DeviceStatus | None = None
        self._limiter = RequestLimiter(
            per_hour=settings.requests_per_hour, per_day=settings.requests_per_day
        )
        self._check_lock = asyncio.Lock()
        self._closed = False
        self._unsubscribers: list[Callable[[], None]] = []
        self._source_unsubscribers: list[Callable[[], None]] = []
        # Texts delivered but perhaps not yet deleted, kept across reconnects.
        self._delivered = DeliveredTexts()

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
        self._limiter = RequestLimiter.from_json(
            stored.get("requests"),
            per_hour=self.settings.requests_per_hour,
            per_day=self.settings.requests_per_day,
        )
        carrier_json = stored.get("carrier")
        if carrier_json:
            self._stored.carrier = CarrierState.from_json(carrier_json)
        self._stored.paused = bool(stored.get("paused", False))
        if self._stored.paused:
            self.update_interval = None
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
        await self._close_source()

    async def _close_source(self) -> None:
        """Let the device go on purpose (callers report any error themselves)."""
        source, self.source = self.source, None
        for unsubscribe in self._source_unsubscribers:
            unsubscribe()
        self._source_unsubscribers.clear()
        if source is not None:
            await source.close()

    # --- pause and restart ---------------------------------------------------------

    @property
    def paused(self) -> bool:
        """Whether polling is paused: no device or carrier traffic at all."""
        return self._stored.paused

    async def async_set_paused(self, *, paused: bool) -> None:
        """Pause (close the port, stop schedules) or resume polling; kept across restarts."""
        if paused == self._stored.paused:
            return
        self._stored.paused = paused
        await self._store.async_save(self._to_store())
        if paused:
            self.update_interval = None
            await self._close_source()
            self.async_update_listeners()
        else:
            self.update_interval = self.settings.device_poll
            await self.async_refresh()

    async def async_restart_modem(self) -> None:
        """Reset the modem (AT+CFUN=1,1); it leaves the bus and is opened again later."""
        self._raise_if_paused()
        source = self.source
        if source is None:
            raise _error("modem_unavailable")
        LOGGER.info("Restarting the modem of %s", self.config_entry.title)
        try:
            await source.restart()
        except SourceNotSupportedError as err:
            raise _error("restart_not_supported") from err
        except ModemError as err:
            await self._close_source()
            raise _error("restart_failed", error=str(err)) from err
        await self._close_source()
        self.config_entry.async_on_unload(
            async_call_later(self.hass, RESTART_SETTLE, self._async_refresh_later)
        )

    async def _async_refresh_later(self, _: datetime) -> None:
        await self.async_refresh()

    def _raise_if_paused(self) -> None:
        if self._stored.paused:
            raise _error("polling_paused")

    # --- the device poll ------------------------------------------------------------

    async def _async_update_data(self) -> Snapshot:
        if self.data is not None and (self._check_lock.locked() or self.paused):
            # Many modems stall other commands during a USSD session: let it finish.
            # Paused: nothing goes to the device (a start while paused reads it once).
            return self.data
        reading = await self._read_device()
        if (counters := reading.counters) is not None:
            sample = CounterSample(
                time=dt_util.utcnow(), received=counters.received, sent=counters.sent
            )
            self._stored.plan_state = self._stored.plan_state.fold(
                sample, self.settings.plan
            )
        self._device = DeviceStatus(
            connected=True,
            sim_state=reading.sim_state,
            signal=reading.signal,
            network=reading.network,
        )
        snapshot = self._snapshot()
        if snapshot is None:  # pragma: no cover - identify() ran in _connected_source
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="cannot_connect"
            )
        if self._stored.paused:  # the one read of a start while paused is done
            await self._close_source()
        return snapshot

    async def _read_device(self) -> DeviceReading:
        """One poll of the device (and its new texts); errors as Home Assistant's."""
        try:
            source = await self._connected_source()
            async with source.poll():
                reading = await source.read()
                if reading.sim_state is SimState.READY:
                    for sms in await source.messages():
                        self._take_message(sms)
        except WrongSimError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="wrong_sim"
            ) from err
        except SimError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="sim_not_ready"
            ) from err
        except SourceAuthError as err:
            await self._close_source()
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="auth_failed"
            ) from err
        except SourceLockedOutError as err:
            await self._close_source()
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="locked_out",
                translation_placeholders={"minutes": _minutes(err.wait)},
            ) from err
        except ModemError as err:
            await self._close_source()
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"error": str(err)},
            ) from err
        return reading

    async def _connected_source(self) -> Source:
        if self.source is not None and self.source.connected:
            return self.source
        source = await self._open_source()
        if self._closed:  # unloaded while the port was opening
            await source.close()
            raise ModemConnectionError("the entry was unloaded")
        # Subscriptions live and die with this source; a reconnect makes a new one.
        self._source_unsubscribers = [
            source.subscribe_messages(self._on_pushed_message),
            source.subscribe_disconnect(self._on_disconnect),
        ]
        self.source = source
        try:
            async with source.poll():
                info = await source.identify()
            expected = self.config_entry.unique_id
            if expected is not None and expected not in _sim_ids(info):
                # Another SIM in the same device: never count or pay for it here.
                self.other_sim = info
                raise WrongSimError
        except ModemError:
            # Until this SIM is known to be ours, the device is not used (next poll: again).
            await self._close_source()
            raise
        self.info = info
        self.other_sim = None
        return source

    async def _open_source(self) -> Source:
        data = self.config_entry.data
        if data.get(CONF_SOURCE, SOURCE_MODEM) == SOURCE_HOTSPOT:
            return HotspotSource(
                create_client(
                    async_get_clientsession(self.hass),
                    data[CONF_FAMILY],
                    data[CONF_HOST],
                    username=data.get(CONF_USERNAME) or "admin",
                    password=data.get(CONF_PASSWORD) or "",
                    options=HotspotOptions(
                        logout_after_poll=self.config_entry.options.get(
                            CONF_LOGOUT_AFTER_POLL, True
                        ),
                        timezone=dt_util.get_default_time_zone(),
                    ),
                )
            )
        return await ModemSource.open(data[CONF_URL], self._delivered)

    @callback
    def _on_disconnect(self) -> None:
        """The port went away: entities go unavailable now, not at the next poll."""
        source, self.source = self.source, None
        if source is not None:
            # Its background reads fail fast now; closing collects them.
            self.config_entry.async_create_background_task(
                self.hass, source.close(), "data_balance close lost modem"
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
        if self.paused:
            return
        try:
            await self.async_check_balance()
        except HomeAssistantError as err:
            LOGGER.debug("Scheduled balance check failed: %s", err)

    async def async_check_balance(self) -> None:
        """Send the profile's balance request (USSD or SMS); answers in session apply now."""
        async with self._paid_request() as (source, now):
            await self._send_request(source, now)

    async def async_send_ussd(self, code: str) -> str:
        """Send a USSD code (rate-limited like every paid request); the decoded reply.

        A readable reply updates the figures as a balance check's would.
        """
        async with self._paid_request() as (source, now):
            try:
                async with source.poll():
                    reply = await source.ussd(code)
            except ModemError as err:
                raise _error("ussd_failed", error=str(err)) from err
            self._apply_text(reply, "ussd", now)
            return reply

    async def async_send_sms(self, number: str, text: str) -> int:
        """Send a text (rate-limited; one request however many parts); the part count."""
        async with self._paid_request() as (source, _):
            try:
                async with source.poll():
                    return await source.send_sms(number, text)
            except ModemError as err:
                raise _error("sms_failed", error=str(err)) from err

    async def async_read_messages(self) -> list[ReceivedMessage]:
        """Read any texts still on the SIM now; the last ones received, oldest first."""
        self._raise_if_paused()
        source = self.source
        if source is None:
            raise _error("modem_unavailable")
        try:
            async with source.poll():
                for sms in await source.messages():
                    self._take_message(sms)
        except ModemError as err:
            raise _error("read_failed", error=str(err)) from err
        self._publish()
        return list(self.received)

    @asynccontextmanager
    async def _paid_request(self) -> AsyncIterator[tuple[Source, datetime]]:
        """Guard a request that can cost money: one at a time, never past the limit.

        The request is counted (and saved) before it is sent: a failed one may cost too.
        """
        self._raise_if_paused()
        source = self.source
        if source is None:
            raise _error("modem_unavailable")
        if self._check_lock.locked():
            raise _error("check_in_progress")
        # Taken at once (it is free): no await between the check above and here.
        async with self._check_lock:
            now = dt_util.utcnow()
            if (refusal := self._limiter.refusal(now)) is not None:
                LOGGER.warning(
                    "Carrier request refused: at most %s in %s",
                    refusal.count,
                    refusal.window,
                )
                raise _error(
                    "rate_limited_hour"
                    if refusal.window <= HOUR
                    else "rate_limited_day",
                    count=str(refusal.count),
                )
            self._limiter.record(now)
            await self._store.async_save(self._to_store())
            yield source, now

    async def _send_request(self, source: Source, now: datetime) -> None:
        request = self.settings.profile.requests[0]
        try:
            async with source.poll():
                if request.method is RequestMethod.USSD and request.code:
                    reply = await source.ussd(request.code)
                    if request.answer is AnswerChannel.USSD:
                        self._note_readability(
                            reply, self.settings.profile.parse(reply)
                        )
                        self._apply_text(reply, "ussd", now)
                        return
                elif request.number and request.keyword:
                    await source.send_sms(request.number, request.keyword)
        except ModemError as err:
            raise _error("balance_check_failed", error=str(err)) from err
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
        self._received(
            ReceivedMessage(
                received=now,
                source="sms",
                sender=sms.sender,
                text=sms.text,
                report=routed.report,
            )
        )
        if routed.is_answer:
            self._note_readability(sms.text, routed.report)
        if routed.report is not None and (
            routed.is_answer
            or (_has_figures(routed.report) and self._from_carrier(sms.sender))
        ):
            self._apply_report(routed.report, now)

    def _note_readability(self, text: str, report: BalanceReport | None) -> None:
        """Remember (masked) whether the carrier's answer to our request could be read."""
        self.unreadable_sample = None if report is not None else mask_digits(text)

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
        self._received(
            ReceivedMessage(
                received=now, source=source, sender=None, text=text, report=report
            )
        )
        if report is not None:
            self._apply_report(report, now)
        self._publish()

    def _apply_report(self, report: BalanceReport, received: datetime) -> None:
        self._stored.carrier = CarrierState(
            report=_keep_known(self._stored.carrier, report), received=received
        )
        reading = CarrierReading(
            time=received, data_remaining=report.data_remaining, balance=report.balance
        )
        self._stored.plan_state, top_up = self._stored.plan_state.observe_carrier(
            reading,
            self.settings.plan,
            carrier_notice=report.kind is MessageKind.TOP_UP,
        )
        if top_up is not None:
            # Announced with the next snapshot, so its figures are the new ones.
            self._detected = top_up
            for listener in list(self._top_up_listeners):
                listener()
        self._store.async_delay_save(self._to_store, SAVE_DELAY)

    # --- manual top-ups ---------------------------------------------------------------

    async def async_record_top_up(
        self, *, data: int | None = None, balance: Decimal | None = None
    ) -> datetime:
        """Note a top-up made by hand (pending until the carrier shows it); when."""
        now = dt_util.utcnow()
        self._stored.plan_state = self._stored.plan_state.record_top_up(
            now, data=data, balance=balance
        )
        await self._store.async_save(self._to_store())
        self._publish()
        return now

    @property
    def manual_top_up(self) -> tuple[datetime, TopUpStatus] | None:
        """When the last top-up recorded by hand was made, and where it stands."""
        tracker = self._stored.plan_state.top_ups
        status = tracker.manual_status(dt_util.utcnow())
        if tracker.manual is None or status is None:
            return None
        return tracker.manual.recorded_at, status

    @callback
    def subscribe_top_ups(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` when the carrier's figures show a top-up."""
        self._top_up_listeners.append(listener)
        return lambda: self._top_up_listeners.remove(listener)

    @callback
    def subscribe_refreshes(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after every refresh, failed ones included.

        Entity listeners hear only of changes; repair issues need every outcome.
        """
        self._refresh_listeners.append(listener)
        return lambda: self._refresh_listeners.remove(listener)

    @callback
    def _async_refresh_finished(self) -> None:
        """Tell the refresh listeners (Home Assistant calls this after each refresh)."""
        super()._async_refresh_finished()
        for listener in list(self._refresh_listeners):
            listener()

    # --- events -------------------------------------------------------------------------

    @callback
    def subscribe_messages(self, listener: MessageListener) -> Callable[[], None]:
        """Call `listener` with every carrier message (SMS or USSD) as it arrives."""
        self._message_listeners.append(listener)
        return lambda: self._message_listeners.remove(listener)

    @callback
    def async_set_device(self, device_id: str) -> None:
        """The device exists now: send the events that waited for its id."""
        self.device_id = device_id
        pending, self._pending_events = self._pending_events, []
        for event_type, data in pending:
            self._fire(event_type, data)

    def _fire(self, event_type: str, data: EventData) -> None:
        if self.device_id is None:
            self._pending_events.append((event_type, data))
            return
        self.hass.bus.async_fire(
            event_type,
            {
                ATTR_DEVICE_ID: self.device_id,
                ATTR_ENTRY_ID: self.config_entry.entry_id,
                **data,
            },
        )

    def _received(self, message: ReceivedMessage) -> None:
        self.received = [*self.received[-(RECENT_MESSAGES - 1) :], message]
        self._fire(EVENT_MESSAGE_RECEIVED, message.as_event_data())
        for listener in list(self._message_listeners):
            listener(message)

    def _announce(self, snapshot: Snapshot) -> None:
        """Events for what this snapshot changed: thresholds crossed, a top-up seen."""
        profile = self.settings.profile
        fired = snapshot.summary.thresholds.fired
        if fired:
            self._fire(EVENT_TOP_UP_NEEDED, top_up_needed_data(snapshot, profile))
        if TopUpReason.PLAN_EXPIRING in fired:
            self._fire(EVENT_PLAN_EXPIRING, figures(snapshot, profile))
        detected, self._detected = self._detected, None
        if detected is not None:
            self._fire(
                EVENT_TOP_UP_DETECTED,
                top_up_detected_data(snapshot, profile, detected),
            )

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
        snapshot = Snapshot(
            info=self.info,
            device=self._device,
            carrier=carrier,
            plan=self.settings.plan,
            summary=summary,
            data_used=data_used,
            currency=currency,
            updated=now,
        )
        self._announce(snapshot)
        return snapshot

    def _to_store(self) -> dict[str, Any]:
        carrier = self._stored.carrier
        return {
            "plan_state": self._stored.plan_state.to_json(),
            "carrier": carrier.to_json() if carrier is not None else None,
            "requests": self._limiter.to_json(),
            "paused": self._stored.paused,
        }


def mask_digits(text: str, limit: int = 300) -> str:
    """A carrier text with every digit replaced by #: its wording, not its figures.

    Numbers (balances, phone numbers, codes) are what is private in a carrier's text;
    the words around them are what a parser needs.
    """
    masked = re.sub(r"\d", "#", text)
    return masked if len(masked) <= limit else masked[: limit - 1] + "…"


def _sim_ids(info: ModemInfo) -> set[str]:
    """What may identify this entry's SIM: its ICCID or IMSI.

    A router that tells neither is known by its IMEI.
    """
    ids = {identity for identity in (info.iccid, info.imsi) if identity}
    return ids or {info.imei}


def _keep_known(previous: CarrierState | None, report: BalanceReport) -> BalanceReport:
    """A text that says only part of the story keeps what the last one said.

    A reminder with just the expiry date must not lose the balance's currency, nor a
    balance text the plan's expiry.
    """
    if previous is None:
        return report
    changes: dict[str, Any] = {}
    if report.currency is None and previous.report.currency is not None:
        changes["currency"] = previous.report.currency
    if report.expires is None and report.valid_for is None:
        changes["expires"] = previous.report.expires_at(previous.received)
    return replace(report, **changes) if changes else report


def _minutes(wait: timedelta | None) -> str:
    """A router's lock-out in whole minutes, for the message (at least one)."""
    if wait is None:
        return "a few"
    return str(max(1, -(-int(wait.total_seconds()) // 60)))


def _has_figures(report: BalanceReport) -> bool:
    return (
        report.data_remaining is not None
        or report.balance is not None
        or report.expires is not None
    )
