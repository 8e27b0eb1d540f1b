"""After a top-up made by hand: ask the carrier again until the new figures show.

Re-checks at about 5, 15 and 30 minutes (each through the rate limit); when the top-up
shows, the remaining re-checks are dropped. When it has not shown a little after the last
one, a repair issue suggests restarting the modem (a modem that lost the network often
misses the carrier's texts). A restart of Home Assistant resumes the watch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .const import (
    DOMAIN,
    ISSUE_TOP_UP_UNCONFIRMED,
    LOGGER,
    TOP_UP_ANSWER_GRACE,
    TOP_UP_RECHECKS,
)
from .coordinator import DataBalanceCoordinator
from .plan import TopUpStatus


def issue_id(entry_id: str) -> str:
    """The repair issue of one entry's unconfirmed top-up."""
    return f"{ISSUE_TOP_UP_UNCONFIRMED}_{entry_id}"


class TopUpWatch:
    """The re-checks and the repair issue of one entry."""

    def __init__(
        self, hass: HomeAssistant, coordinator: DataBalanceCoordinator
    ) -> None:
        """Nothing is scheduled until `start` or `resume`."""
        self.hass = hass
        self.coordinator = coordinator
        self._entry_id = coordinator.config_entry.entry_id
        self._timers: list[Callable[[], None]] = []

    @property
    def active(self) -> bool:
        """Whether re-checks or the final look are still to come."""
        return bool(self._timers)

    @callback
    def resume(self) -> None:
        """At start: go on watching a top-up recorded before the restart."""
        manual = self.coordinator.manual_top_up
        if manual is None:
            return
        recorded_at, status = manual
        if status is TopUpStatus.CONFIRMED:
            self._clear_issue()
        else:
            self.start(recorded_at)

    @callback
    def start(self, recorded_at: datetime) -> None:
        """Schedule the re-checks still ahead of now, and the final look."""
        self.cancel()
        now = dt_util.utcnow()
        for delay in TOP_UP_RECHECKS:
            if (when := recorded_at + delay) > now:
                self._timers.append(
                    async_track_point_in_utc_time(self.hass, self._async_recheck, when)
                )
        deadline = max(recorded_at + TOP_UP_RECHECKS[-1] + TOP_UP_ANSWER_GRACE, now)
        self._timers.append(
            async_track_point_in_utc_time(self.hass, self._final_look, deadline)
        )

    @callback
    def cancel(self) -> None:
        """Drop whatever is still scheduled."""
        for unsubscribe in self._timers:
            unsubscribe()
        self._timers.clear()

    @callback
    def confirmed(self) -> None:
        """The carrier's figures show the top-up: stop asking, clear the issue."""
        self.cancel()
        self._clear_issue()

    async def _async_recheck(self, _: datetime) -> None:
        try:
            await self.coordinator.async_check_balance()
        except HomeAssistantError as err:
            LOGGER.info("Re-check after the top-up not sent: %s", err)

    @callback
    def _final_look(self, _: datetime) -> None:
        self.cancel()
        manual = self.coordinator.manual_top_up
        if manual is None or manual[1] is TopUpStatus.CONFIRMED:
            return
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id(self._entry_id),
            is_fixable=True,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_TOP_UP_UNCONFIRMED,
            translation_placeholders={"title": self.coordinator.config_entry.title},
            data={"entry_id": self._entry_id},
        )

    def _clear_issue(self) -> None:
        ir.async_delete_issue(self.hass, DOMAIN, issue_id(self._entry_id))
