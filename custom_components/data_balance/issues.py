"""Repair issues that come and go with their cause.

The device missing, the SIM locked, carrier answers that cannot be read. (The
unconfirmed top-up lives in `top_up_watch`.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from .const import CONF_HOST, CONF_URL, DOMAIN
from .coordinator import DataBalanceCoordinator
from .modem import SimState
from .probe import sim_unique_id

# A modem re-enumerating after a reset or a router rebooting is gone for a minute or two.
MISSING_AFTER: Final = timedelta(minutes=5)
ISSUE_DEVICE_MISSING: Final = "device_missing"
ISSUE_SIM_LOCKED: Final = "sim_locked"
ISSUE_UNREADABLE_REPLY: Final = "unreadable_reply"
ISSUE_SIM_REPLACED: Final = "sim_replaced"
ISSUES_URL: Final = "https://github.com/data-balance/data-balance/issues"


def _missing_since(hass: HomeAssistant) -> dict[str, datetime]:
    """When each entry's device was last found missing (entry id to time)."""
    since: dict[str, datetime] = hass.data.setdefault(f"{DOMAIN}_missing_since", {})
    return since


def issue_id(kind: str, entry_id: str) -> str:
    """One issue of each kind per entry."""
    return f"{kind}_{entry_id}"


class IssueTracker:
    """Raises and clears one entry's repair issues as the coordinator's state changes."""

    def __init__(
        self, hass: HomeAssistant, coordinator: DataBalanceCoordinator
    ) -> None:
        """Nothing is raised until the coordinator reports."""
        self.hass = hass
        self.coordinator = coordinator
        self._entry = coordinator.config_entry
        self._missing_timer: Callable[[], None] | None = None

    @callback
    def async_update(self) -> None:
        """Look at the coordinator's latest state (a coordinator listener)."""
        coordinator = self.coordinator
        if coordinator.last_update_success:
            self._cancel_timer()
            _missing_since(self.hass).pop(self._entry.entry_id, None)
            self._delete(ISSUE_DEVICE_MISSING)
            locked = (
                coordinator.data is not None
                and coordinator.data.device.sim_state
                in (
                    SimState.PIN_REQUIRED,
                    SimState.PUK_REQUIRED,
                )
            )
            self._set(ISSUE_SIM_LOCKED, raise_it=locked)
        else:
            # Since when, kept across setup retries (each makes a new tracker).
            since = _missing_since(self.hass).setdefault(
                self._entry.entry_id, dt_util.utcnow()
            )
            left = since + MISSING_AFTER - dt_util.utcnow()
            if left <= timedelta(0):
                self._set(ISSUE_DEVICE_MISSING, raise_it=True)
            elif self._missing_timer is None:
                self._missing_timer = async_call_later(
                    self.hass, left, self._async_still_missing
                )
            error = coordinator.last_exception
            key = getattr(error, "translation_key", None)
            if key == "sim_not_ready":
                self._set(ISSUE_SIM_LOCKED, raise_it=True)
        other_sim = coordinator.other_sim
        self._set(
            ISSUE_SIM_REPLACED,
            raise_it=other_sim is not None,
            fixable=True,
            # The new SIM's identity goes to the fix flow, never into the text shown.
            data={"entry_id": self._entry.entry_id, "sim": sim_unique_id(other_sim)}
            if other_sim is not None
            else None,
        )
        sample = coordinator.unreadable_sample
        self._set(
            ISSUE_UNREADABLE_REPLY,
            raise_it=sample is not None,
            placeholders={"sample": sample or "", "url": ISSUES_URL},
        )

    @callback
    def async_stop(self) -> None:
        """The entry unloads: stop the timer (the issues stay until their cause goes)."""
        self._cancel_timer()

    @callback
    def _async_still_missing(self, _: datetime) -> None:
        self._missing_timer = None
        if not self.coordinator.last_update_success:
            self._set(ISSUE_DEVICE_MISSING, raise_it=True)

    def _cancel_timer(self) -> None:
        if self._missing_timer is not None:
            self._missing_timer()
            self._missing_timer = None

    def _set(
        self,
        kind: str,
        *,
        raise_it: bool,
        placeholders: dict[str, str] | None = None,
        fixable: bool = False,
        data: dict[str, str | int | float | None] | None = None,
    ) -> None:
        if not raise_it:
            self._delete(kind)
            return
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            issue_id(kind, self._entry.entry_id),
            is_fixable=fixable,
            data=data,
            severity=ir.IssueSeverity.ERROR
            if kind == ISSUE_DEVICE_MISSING
            else ir.IssueSeverity.WARNING,
            translation_key=kind,
            translation_placeholders={
                "title": self._entry.title,
                "where": self._entry.data.get(CONF_URL)
                or self._entry.data.get(CONF_HOST, ""),
                **(placeholders or {}),
            },
        )

    def _delete(self, kind: str) -> None:
        ir.async_delete_issue(self.hass, DOMAIN, issue_id(kind, self._entry.entry_id))
