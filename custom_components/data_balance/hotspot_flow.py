"""Config flow steps for a hotspot router: address and login, tested before use; reauth.

Mixed into the config flow; the carrier and plan steps follow as for a modem.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import voluptuous as vol

from .const import (
    CONF_FAMILY,
    CONF_HOST,
    CONF_LOGOUT_AFTER_POLL,
    CONF_PASSWORD,
    CONF_PLAN_SIZE_GB,
    CONF_RENEWAL,
    CONF_RENEWAL_DAY,
    CONF_SOURCE,
    CONF_USERNAME,
    RENEWAL_MONTHLY,
    SOURCE_HOTSPOT,
)
from .hotspot import (
    DEFAULT_HOSTS,
    HotspotAuthError,
    HotspotError,
    HotspotFamily,
    HotspotInfo,
    HotspotLockedOut,
    connect,
    create_client,
)

STEP_HOTSPOT: Final = "hotspot"
DEFAULT_USERNAME: Final = "admin"
BYTES_PER_GB: Final = 1_000_000_000

HOTSPOT_SCHEMA: Final = vol.Schema(
    {
        vol.Required(CONF_FAMILY, default=HotspotFamily.HUAWEI_HILINK): SelectSelector(
            SelectSelectorConfig(
                options=[family.value for family in HotspotFamily],
                translation_key=CONF_FAMILY,
                mode=SelectSelectorMode.LIST,
            )
        ),
        vol.Optional(CONF_HOST): TextSelector(),
        vol.Optional(CONF_USERNAME, default=DEFAULT_USERNAME): TextSelector(),
        vol.Optional(CONF_PASSWORD): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
    }
)
RECONFIGURE_SCHEMA: Final = vol.Schema(
    {
        vol.Required(CONF_HOST): TextSelector(),
        vol.Optional(CONF_USERNAME): TextSelector(),
        vol.Optional(CONF_PASSWORD): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
    }
)
REAUTH_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(CONF_USERNAME): TextSelector(),
        vol.Required(CONF_PASSWORD): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
    }
)


async def async_probe_hotspot(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> HotspotInfo | str:
    """Log in and read the router's and SIM's identity; an error key when it fails."""
    try:
        client = await connect(
            async_get_clientsession(hass),
            data[CONF_FAMILY],
            data[CONF_HOST],
            username=data.get(CONF_USERNAME) or DEFAULT_USERNAME,
            password=data.get(CONF_PASSWORD) or "",
        )
    except HotspotLockedOut:
        return "locked_out"
    except HotspotAuthError:
        return "invalid_auth"
    except HotspotError:
        return "cannot_connect"
    try:
        return await client.identify()
    except HotspotError:
        return "cannot_connect"
    finally:
        await client.close()  # free the router's single admin session


async def async_router_plan(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The router's own data-plan settings as suggestions for the plan step.

    Many routers know the plan's start day and monthly limit; nothing when they don't
    (or cannot be asked).
    """
    client = create_client(
        async_get_clientsession(hass),
        data[CONF_FAMILY],
        data[CONF_HOST],
        username=data.get(CONF_USERNAME) or DEFAULT_USERNAME,
        password=data.get(CONF_PASSWORD) or "",
    )
    try:
        traffic = await client.traffic()
    except HotspotError:
        return {}
    finally:
        await client.close()
    suggested: dict[str, Any] = {}
    if traffic.plan_start_day:
        suggested[CONF_RENEWAL] = RENEWAL_MONTHLY
        suggested[CONF_RENEWAL_DAY] = traffic.plan_start_day
    if traffic.data_limit:
        suggested[CONF_PLAN_SIZE_GB] = _gigabytes(traffic.data_limit)
    return suggested


def _gigabytes(limit: int) -> float:
    """A router's limit as the GB the user typed into it (routers count in 1024s)."""
    if limit % (1024 * 1024) == 0:
        return round(limit / (1024**3), 2)
    return round(limit / BYTES_PER_GB, 2)


def hotspot_unique_id(info: HotspotInfo) -> str:
    """One entry per SIM, as for a modem: its ICCID, else IMSI, else the router's IMEI."""
    return info.iccid or info.imsi or info.imei


class HotspotSteps(ConfigFlow):
    """The hotspot and reauthentication steps (mixed into the config flow)."""

    _settings: dict[str, Any]
    _previous: Mapping[str, Any]
    _entry_data: dict[str, Any] | None

    async def async_step_carrier(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The carrier step (from the carrier and plan steps)."""
        raise NotImplementedError

    async def async_step_hotspot(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A hotspot router: its family, address and admin login."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                CONF_SOURCE: SOURCE_HOTSPOT,
                CONF_FAMILY: user_input[CONF_FAMILY],
                CONF_HOST: (user_input.get(CONF_HOST) or "").strip()
                or DEFAULT_HOSTS[HotspotFamily(user_input[CONF_FAMILY])],
                CONF_USERNAME: user_input.get(CONF_USERNAME) or DEFAULT_USERNAME,
                CONF_PASSWORD: user_input.get(CONF_PASSWORD) or "",
            }
            self._async_abort_entries_match({CONF_HOST: data[CONF_HOST]})
            found = await async_probe_hotspot(self.hass, data)
            if isinstance(found, str):
                errors["base"] = found
            else:
                await self.async_set_unique_id(
                    hotspot_unique_id(found), raise_on_progress=False
                )
                self._abort_if_unique_id_configured(
                    updates={
                        key: data[key]
                        for key in (CONF_HOST, CONF_USERNAME, CONF_PASSWORD)
                    }
                )
                self._entry_data = data
                # What the router knows of the plan is offered in the plan step.
                self._previous = await async_router_plan(self.hass, data)
                self._settings[CONF_LOGOUT_AFTER_POLL] = True
                self.context["title_placeholders"] = {
                    "name": f"{found.manufacturer} {found.model}".strip()
                }
                return await self.async_step_carrier()
        return self.async_show_form(
            step_id=STEP_HOTSPOT,
            data_schema=self.add_suggested_values_to_schema(
                HOTSPOT_SCHEMA,
                {
                    key: value
                    for key, value in (user_input or {}).items()
                    if key != CONF_PASSWORD
                },
            ),
            errors=errors,
        )

    async def async_step_reconfigure_hotspot(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A new address or login for the same router (and SIM), keeping its history."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                **entry.data,
                CONF_HOST: user_input[CONF_HOST].strip(),
                CONF_USERNAME: user_input.get(CONF_USERNAME) or DEFAULT_USERNAME,
                CONF_PASSWORD: user_input.get(CONF_PASSWORD)
                or entry.data.get(CONF_PASSWORD, ""),
            }
            result = await self._async_update_router(entry, data)
            if isinstance(result, str):
                errors["base"] = result
            else:
                return result
        return self.async_show_form(
            step_id="reconfigure_hotspot",
            data_schema=self.add_suggested_values_to_schema(
                RECONFIGURE_SCHEMA,
                {
                    CONF_HOST: entry.data.get(CONF_HOST),
                    CONF_USERNAME: entry.data.get(CONF_USERNAME),
                },
            ),
            errors=errors,
        )

    async def _async_update_router(
        self, entry: ConfigEntry, data: dict[str, Any]
    ) -> ConfigFlowResult | str:
        """Prove the new address or login on the same SIM, then save and reload.

        An error key when the router cannot be reached or refuses the login; a router
        holding another SIM aborts (it belongs in an entry of its own).
        """
        found = await async_probe_hotspot(self.hass, data)
        if isinstance(found, str):
            return found
        await self.async_set_unique_id(hotspot_unique_id(found))
        self._abort_if_unique_id_mismatch(reason="wrong_sim")
        return self.async_update_reload_and_abort(entry, data=data)

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """The router refused the stored password."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the new password and prove it before saving it."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                **entry.data,
                CONF_USERNAME: user_input.get(CONF_USERNAME)
                or entry.data.get(CONF_USERNAME)
                or DEFAULT_USERNAME,
                CONF_PASSWORD: user_input[CONF_PASSWORD],
            }
            result = await self._async_update_router(entry, data)
            if isinstance(result, str):
                errors["base"] = result
            else:
                return result
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(
                REAUTH_SCHEMA, {CONF_USERNAME: entry.data.get(CONF_USERNAME)}
            ),
            description_placeholders={
                "title": entry.title,
                "host": entry.data.get(CONF_HOST, ""),
            },
            errors=errors,
        )
