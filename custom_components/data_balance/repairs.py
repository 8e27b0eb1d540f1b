"""Fix flows: restart the modem when a top-up does not show; move to a replaced SIM."""

from __future__ import annotations

from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
import voluptuous as vol

from .const import DOMAIN
from .coordinator import DataBalanceConfigEntry
from .issues import ISSUE_SIM_REPLACED
from .sim_change import SimInUseError, async_move_to_sim


class EntryConfirmRepairFlow(RepairsFlow):
    """One confirmation about one entry's issue; `_async_fix` does the work."""

    def __init__(self, entry_id: str | None) -> None:
        """Remember which entry the issue is about."""
        self.entry_id = entry_id

    async def _async_fix(
        self, entry: DataBalanceConfigEntry
    ) -> data_entry_flow.FlowResult | str:
        """Fix it: the flow's end, or an error key to show on the form."""
        raise NotImplementedError

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Start at the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Explain; on confirmation fix (the issue then goes away)."""
        entry: DataBalanceConfigEntry | None = (
            self.hass.config_entries.async_get_entry(self.entry_id)
            if self.entry_id
            else None
        )
        if entry is None or entry.domain != DOMAIN:
            return self.async_abort(reason="entry_removed")
        errors: dict[str, str] = {}
        if user_input is not None:
            result = await self._async_fix(entry)
            if not isinstance(result, str):
                return result
            errors["base"] = result
        issue = ir.async_get(self.hass).async_get_issue(self.handler, self.issue_id)
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders=issue.translation_placeholders if issue else None,
            errors=errors,
        )


class RestartModemRepairFlow(EntryConfirmRepairFlow):
    """Reset the modem of the entry whose top-up did not show."""

    async def _async_fix(
        self, entry: DataBalanceConfigEntry
    ) -> data_entry_flow.FlowResult | str:
        if entry.state is not ConfigEntryState.LOADED:
            return "modem_unavailable"
        try:
            await entry.runtime_data.coordinator.async_restart_modem()
        except HomeAssistantError:
            return "modem_unavailable"
        return self.async_create_entry(data={})


class MoveToNewSimRepairFlow(EntryConfirmRepairFlow):
    """The SIM was replaced: move the entry, its device and history to the new card."""

    def __init__(self, entry_id: str | None, new_sim: str | None) -> None:
        """Remember the entry and the new SIM's identity (never shown)."""
        super().__init__(entry_id)
        self.new_sim = new_sim

    async def _async_fix(
        self, entry: DataBalanceConfigEntry
    ) -> data_entry_flow.FlowResult | str:
        if not self.new_sim:
            return self.async_abort(reason="entry_removed")
        try:
            await async_move_to_sim(self.hass, entry, self.new_sim)
        except SimInUseError:
            return self.async_abort(reason="sim_in_use")
        return self.async_create_entry(data={})


async def async_create_fix_flow(
    hass: HomeAssistant,
    issue_id: str,
    data: dict[str, str | int | float | None] | None,
) -> RepairsFlow:
    """The fix flow of a Data Balance repair issue."""
    entry_id = (data or {}).get("entry_id")
    entry_id = entry_id if isinstance(entry_id, str) else None
    if issue_id.startswith(ISSUE_SIM_REPLACED):
        new_sim = (data or {}).get("sim")
        return MoveToNewSimRepairFlow(
            entry_id, new_sim if isinstance(new_sim, str) else None
        )
    return RestartModemRepairFlow(entry_id)
