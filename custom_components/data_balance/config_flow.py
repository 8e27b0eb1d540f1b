"""Config, options and reconfigure flows: find the modem, then the carrier and the plan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryBaseFlow,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.core import callback
from homeassistant.data_entry_flow import AbortFlow
from homeassistant.helpers.selector import (
    BooleanSelector,
    DateSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.usb import UsbServiceInfo
from homeassistant.util import dt as dt_util
from serialx import SerialPortInfo
import voluptuous as vol

from .carrier import (
    CUSTOM_CARRIER_ID,
    AnswerChannel,
    InvalidProfileError,
    carrier_choices,
    carrier_profile,
    custom_profile,
    load_catalogue,
)
from .const import (
    CONF_ANSWER,
    CONF_BALANCE_PATTERN,
    CONF_CARRIER,
    CONF_CARRIER_CHECK_HOURS,
    CONF_DATA_PATTERN,
    CONF_DEVICE_POLL_MINUTES,
    CONF_EXPIRY_DAYS,
    CONF_EXPIRY_PATTERN,
    CONF_LOGOUT_AFTER_POLL,
    CONF_LOW_BALANCE,
    CONF_LOW_DATA_MB,
    CONF_LOW_DATA_PERCENT,
    CONF_PLAN_SIZE_GB,
    CONF_RENEWAL,
    CONF_RENEWAL_ANCHOR,
    CONF_RENEWAL_DAY,
    CONF_RENEWAL_DAYS,
    CONF_REQUESTS_PER_DAY,
    CONF_REQUESTS_PER_HOUR,
    CONF_SENDER,
    CONF_SMS_KEYWORD,
    CONF_SMS_NUMBER,
    CONF_SOURCE,
    CONF_UNLIMITED,
    CONF_URL,
    CONF_USSD_CODE,
    DEFAULT_CARRIER_CHECK_HOURS,
    DEFAULT_DEVICE_POLL_MINUTES,
    DEFAULT_EXPIRY_DAYS,
    DEFAULT_LOW_BALANCE,
    DEFAULT_LOW_DATA_MB,
    DEFAULT_LOW_DATA_PERCENT,
    DEFAULT_PLAN_SIZE_GB,
    DEFAULT_RENEWAL_DAY,
    DEFAULT_RENEWAL_DAYS,
    DEFAULT_REQUESTS_PER_DAY,
    DEFAULT_REQUESTS_PER_HOUR,
    DOMAIN,
    LOGGER,
    MAX_CARRIER_CHECK_HOURS,
    MAX_DEVICE_POLL_MINUTES,
    MAX_REQUESTS_PER_DAY,
    MAX_REQUESTS_PER_HOUR,
    MIN_CARRIER_CHECK_HOURS,
    MIN_DEVICE_POLL_MINUTES,
    RENEWAL_EVERY_N_DAYS,
    RENEWAL_MONTHLY,
    RENEWAL_NON_EXPIRING,
    RENEWALS,
    SOURCE_HOTSPOT,
    SOURCE_MODEM,
)
from .hotspot_flow import STEP_HOTSPOT, HotspotSteps
from .modem import ModemInfo
from .probe import (
    ProbeError,
    async_find_modem,
    async_identify,
    async_list_ports,
    by_id_stem,
    is_url,
    modem_name,
    modem_ports,
    port_label,
    sim_unique_id,
    stable_path,
)

STEP_SERIAL: Final = "serial"
STEP_NETWORK: Final = "network"
URL_SCHEMES: Final = ("socket", "rfc2217", "esphome")
CUSTOM_TITLE: Final = "Prepaid SIM"
PATTERN_KEYS: Final = (CONF_DATA_PATTERN, CONF_BALANCE_PATTERN, CONF_EXPIRY_PATTERN)
CUSTOM_KEYS: Final = (
    CONF_USSD_CODE,
    CONF_SMS_NUMBER,
    CONF_SMS_KEYWORD,
    CONF_SENDER,
    CONF_ANSWER,
    *PATTERN_KEYS,
)
RENEWALS_NEEDING_ANCHOR: Final = frozenset({RENEWAL_EVERY_N_DAYS, RENEWAL_NON_EXPIRING})


def _number(
    minimum: float, maximum: float, step: float = 1, unit: str | None = None
) -> NumberSelector:
    config = NumberSelectorConfig(
        min=minimum, max=maximum, step=step, mode=NumberSelectorMode.BOX
    )
    if unit is not None:
        config["unit_of_measurement"] = unit
    return NumberSelector(config)


def _text(kind: TextSelectorType = TextSelectorType.TEXT) -> TextSelector:
    return TextSelector(TextSelectorConfig(type=kind))


def _select(options: Sequence[str], key: str) -> SelectSelector:
    return SelectSelector(
        SelectSelectorConfig(
            options=list(options), translation_key=key, mode=SelectSelectorMode.LIST
        )
    )


NETWORK_SCHEMA: Final = vol.Schema({vol.Required(CONF_URL): _text()})

CUSTOM_CARRIER_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(CONF_USSD_CODE): _text(),
        vol.Optional(CONF_SMS_NUMBER): _text(TextSelectorType.TEL),
        vol.Optional(CONF_SMS_KEYWORD): _text(),
        vol.Optional(CONF_SENDER): _text(),
        vol.Required(CONF_ANSWER, default=AnswerChannel.USSD.value): _select(
            [channel.value for channel in AnswerChannel], CONF_ANSWER
        ),
        vol.Optional(CONF_DATA_PATTERN): _text(),
        vol.Optional(CONF_BALANCE_PATTERN): _text(),
        vol.Optional(CONF_EXPIRY_PATTERN): _text(),
    }
)

PLAN_SCHEMA: Final = vol.Schema(
    {
        vol.Required(CONF_UNLIMITED, default=False): BooleanSelector(),
        vol.Required(CONF_PLAN_SIZE_GB, default=DEFAULT_PLAN_SIZE_GB): _number(
            0.1, 100_000, 0.1, "GB"
        ),
        vol.Required(CONF_RENEWAL, default=RENEWAL_MONTHLY): _select(
            RENEWALS, CONF_RENEWAL
        ),
        vol.Required(CONF_RENEWAL_DAY, default=DEFAULT_RENEWAL_DAY): _number(1, 31),
        vol.Required(CONF_RENEWAL_DAYS, default=DEFAULT_RENEWAL_DAYS): _number(
            1, 366, unit="d"
        ),
        vol.Optional(CONF_RENEWAL_ANCHOR): DateSelector(),
        vol.Required(CONF_LOW_DATA_PERCENT, default=DEFAULT_LOW_DATA_PERCENT): _number(
            0, 100, unit="%"
        ),
        vol.Required(CONF_LOW_DATA_MB, default=DEFAULT_LOW_DATA_MB): _number(
            0, 1_000_000, unit="MB"
        ),
        vol.Required(CONF_EXPIRY_DAYS, default=DEFAULT_EXPIRY_DAYS): _number(
            0, 365, unit="d"
        ),
        vol.Required(CONF_LOW_BALANCE, default=DEFAULT_LOW_BALANCE): _number(
            0, 1_000_000, 0.01
        ),
    }
)

SCHEDULE_SCHEMA: Final = vol.Schema(
    {
        vol.Required(
            CONF_DEVICE_POLL_MINUTES, default=DEFAULT_DEVICE_POLL_MINUTES
        ): _number(MIN_DEVICE_POLL_MINUTES, MAX_DEVICE_POLL_MINUTES, unit="min"),
        vol.Required(
            CONF_CARRIER_CHECK_HOURS, default=DEFAULT_CARRIER_CHECK_HOURS
        ): _number(MIN_CARRIER_CHECK_HOURS, MAX_CARRIER_CHECK_HOURS, unit="h"),
        vol.Required(
            CONF_REQUESTS_PER_HOUR, default=DEFAULT_REQUESTS_PER_HOUR
        ): _number(1, MAX_REQUESTS_PER_HOUR),
        vol.Required(CONF_REQUESTS_PER_DAY, default=DEFAULT_REQUESTS_PER_DAY): _number(
            1, MAX_REQUESTS_PER_DAY
        ),
    }
)


def _port_schema(ports: Iterable[SerialPortInfo]) -> vol.Schema:
    """A port picker that also takes a typed path or serial URL."""
    options = [
        SelectOptionDict(value=port.device, label=port_label(port)) for port in ports
    ]
    return vol.Schema(
        {
            vol.Required(CONF_URL): SelectSelector(
                SelectSelectorConfig(
                    options=options,
                    custom_value=True,
                    sort=False,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            )
        }
    )


def _carrier_schema() -> vol.Schema:
    """The catalogue sorted by name, and "custom" last."""
    choices = carrier_choices()
    custom_label = choices.pop(CUSTOM_CARRIER_ID)
    options = [
        SelectOptionDict(value=carrier_id, label=name)
        for carrier_id, name in sorted(
            choices.items(), key=lambda item: item[1].casefold()
        )
    ]
    options.append(SelectOptionDict(value=CUSTOM_CARRIER_ID, label=custom_label))
    return vol.Schema(
        {
            vol.Required(CONF_CARRIER): SelectSelector(
                SelectSelectorConfig(
                    options=options,
                    sort=False,
                    translation_key=CONF_CARRIER,
                    mode=SelectSelectorMode.DROPDOWN,
                )
            )
        }
    )


def _url_error(url: str) -> str | None:
    """`invalid_url` for a serial URL of a scheme we cannot open, or without a target."""
    scheme, _, target = url.partition("://")
    if scheme.casefold() not in URL_SCHEMES or not target:
        return "invalid_url"
    return None


def _valid_pattern(pattern: str) -> bool:
    """Whether the carrier library accepts `pattern` (a regex, one group at most)."""
    try:
        custom_profile(code="#", data_pattern=pattern)
    except InvalidProfileError:
        return False
    return True


def _missing_request_field(values: Mapping[str, Any]) -> str:
    """The field to blame when neither a USSD code nor a full SMS request is given."""
    if values.get(CONF_SMS_NUMBER):
        return CONF_SMS_KEYWORD
    if values.get(CONF_SMS_KEYWORD):
        return CONF_SMS_NUMBER
    return CONF_USSD_CODE


def _custom_carrier_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """Errors of the custom carrier form, each on the field it concerns."""
    errors = {
        key: "invalid_pattern"
        for key in PATTERN_KEYS
        if key in values and not _valid_pattern(values[key])
    }
    code = values.get(CONF_USSD_CODE)
    sms = (values.get(CONF_SMS_NUMBER), values.get(CONF_SMS_KEYWORD))
    if code and any(sms):
        errors[CONF_USSD_CODE] = "request_conflict"
    elif not code and not all(sms):
        errors[_missing_request_field(values)] = "request_required"
    elif not code and values[CONF_ANSWER] == AnswerChannel.USSD:
        errors[CONF_ANSWER] = "answer_sms_only"
    return errors


def _cleaned(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Text answers stripped; empty ones dropped."""
    values = {
        key: value.strip() if isinstance(value, str) else value
        for key, value in user_input.items()
    }
    return {key: value for key, value in values.items() if value != ""}


def _plan_options(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """The plan step's answers with the types the integration reads."""
    options: dict[str, Any] = {
        CONF_UNLIMITED: bool(user_input[CONF_UNLIMITED]),
        CONF_PLAN_SIZE_GB: float(user_input[CONF_PLAN_SIZE_GB]),
        CONF_RENEWAL: user_input[CONF_RENEWAL],
        CONF_RENEWAL_DAY: int(user_input[CONF_RENEWAL_DAY]),
        CONF_RENEWAL_DAYS: int(user_input[CONF_RENEWAL_DAYS]),
        CONF_LOW_DATA_PERCENT: int(user_input[CONF_LOW_DATA_PERCENT]),
        CONF_LOW_DATA_MB: int(user_input[CONF_LOW_DATA_MB]),
        CONF_EXPIRY_DAYS: int(user_input[CONF_EXPIRY_DAYS]),
        CONF_LOW_BALANCE: float(user_input[CONF_LOW_BALANCE]),
    }
    if anchor := user_input.get(CONF_RENEWAL_ANCHOR):
        options[CONF_RENEWAL_ANCHOR] = anchor
    return options


def _schedule_options(user_input: Mapping[str, Any]) -> dict[str, int]:
    return {
        CONF_DEVICE_POLL_MINUTES: int(user_input[CONF_DEVICE_POLL_MINUTES]),
        CONF_CARRIER_CHECK_HOURS: int(user_input[CONF_CARRIER_CHECK_HOURS]),
        CONF_REQUESTS_PER_HOUR: int(user_input[CONF_REQUESTS_PER_HOUR]),
        CONF_REQUESTS_PER_DAY: int(user_input[CONF_REQUESTS_PER_DAY]),
    }


def _entry_title(options: Mapping[str, Any]) -> str:
    """The carrier's name; a custom carrier has no name to show."""
    if options[CONF_CARRIER] == CUSTOM_CARRIER_ID:
        return CUSTOM_TITLE
    return carrier_profile(options[CONF_CARRIER]).name


class CarrierPlanSteps(ConfigEntryBaseFlow):
    """The carrier and plan steps, shared by the config flow and the options flow."""

    _settings: dict[str, Any]
    _previous: Mapping[str, Any]

    async def _async_plan_done(self) -> ConfigFlowResult:
        """What follows the plan step."""
        raise NotImplementedError

    async def async_step_carrier(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the carrier from the catalogue, or "custom"."""
        if user_input is not None:
            for key in CUSTOM_KEYS:
                self._settings.pop(key, None)
            self._settings[CONF_CARRIER] = user_input[CONF_CARRIER]
            if user_input[CONF_CARRIER] == CUSTOM_CARRIER_ID:
                return await self.async_step_custom_carrier()
            return await self.async_step_plan()
        # The catalogue is a file: read it (once) away from the event loop.
        await self.hass.async_add_executor_job(load_catalogue)
        return self.async_show_form(
            step_id="carrier",
            data_schema=self.add_suggested_values_to_schema(
                _carrier_schema(), self._previous
            ),
        )

    async def async_step_custom_carrier(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How to ask a carrier that is not in the catalogue, and how to read it."""
        errors: dict[str, str] = {}
        if user_input is not None:
            values = _cleaned(user_input)
            if not (errors := _custom_carrier_errors(values)):
                self._settings.update(values)
                return await self.async_step_plan()
        return self.async_show_form(
            step_id="custom_carrier",
            data_schema=self.add_suggested_values_to_schema(
                CUSTOM_CARRIER_SCHEMA, user_input or self._previous
            ),
            errors=errors,
        )

    async def async_step_plan(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Plan size, how it renews, and the thresholds that mean "top up now"."""
        errors: dict[str, str] = {}
        if user_input is not None:
            if user_input[CONF_RENEWAL] in RENEWALS_NEEDING_ANCHOR and not (
                user_input.get(CONF_RENEWAL_ANCHOR)
            ):
                errors[CONF_RENEWAL_ANCHOR] = "anchor_required"
            else:
                self._settings.pop(CONF_RENEWAL_ANCHOR, None)
                self._settings.update(_plan_options(user_input))
                return await self._async_plan_done()
        suggested = {
            CONF_RENEWAL_ANCHOR: dt_util.now().date().isoformat(),
            **self._previous,
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="plan",
            data_schema=self.add_suggested_values_to_schema(PLAN_SCHEMA, suggested),
            errors=errors,
        )


class DataBalanceConfigFlow(CarrierPlanSteps, HotspotSteps, ConfigFlow, domain=DOMAIN):
    """Add a SIM: find its modem or router, then its carrier and plan."""

    VERSION = 1

    def __init__(self) -> None:
        """Start with nothing found."""
        self._url: str | None = None
        self._entry_data = None
        self._name = ""
        self._settings = {}
        self._previous = {}

    @staticmethod
    @callback
    def async_get_options_flow(
        config_entry: ConfigEntry,  # noqa: ARG004
    ) -> DataBalanceOptionsFlow:
        """Edit the carrier, the plan and the schedules."""
        return DataBalanceOptionsFlow()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose how the modem is connected."""
        return self.async_show_menu(
            step_id="user", menu_options=[STEP_SERIAL, STEP_NETWORK, STEP_HOTSPOT]
        )

    async def async_step_serial(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A USB or serial modem: pick a port or type its path."""
        errors: dict[str, str] = {}
        if user_input is not None:
            found = await self._async_probe(user_input[CONF_URL].strip())
            if isinstance(found, str):
                errors[CONF_URL] = found
            else:
                return await self._async_modem_found(*found)
        ports = await self._async_free_ports()
        return self.async_show_form(
            step_id=STEP_SERIAL,
            data_schema=self.add_suggested_values_to_schema(
                _port_schema(ports), user_input
            ),
            errors=errors,
        )

    async def async_step_network(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A modem behind ser2net, an RFC 2217 server or an ESPHome serial proxy."""
        errors: dict[str, str] = {}
        if user_input is not None:
            url = user_input[CONF_URL].strip()
            found = _url_error(url) or await self._async_probe(url)
            if isinstance(found, str):
                errors[CONF_URL] = found
            else:
                return await self._async_modem_found(*found)
        return self.async_show_form(
            step_id=STEP_NETWORK,
            data_schema=self.add_suggested_values_to_schema(NETWORK_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_usb(self, discovery_info: UsbServiceInfo) -> ConfigFlowResult:
        """A USB modem was plugged in: find its AT port among its serial ports."""
        paths = modem_ports(discovery_info.device, await async_list_ports(self.hass))
        # Each port of a modem starts a discovery: the first one probes them all, the
        # others (same device, so same by-id stem) abort as already in progress.
        await self.async_set_unique_id(f"usb:{by_id_stem(paths[0]) or paths[0]}")
        for path in paths:
            self._abort_if_url_configured(path)
        try:
            url, info = await async_find_modem(paths)
        except ProbeError as err:
            return self.async_abort(reason=err.reason)
        await self.async_set_unique_id(sim_unique_id(info))
        self._abort_if_unique_id_configured(updates={CONF_URL: url})
        self._url, self._name = url, modem_name(info)
        self.context["title_placeholders"] = {"name": self._name}
        return await self.async_step_usb_confirm()

    async def async_step_usb_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm the discovered modem."""
        if user_input is not None:
            return await self.async_step_carrier()
        self._set_confirm_only()
        return self.async_show_form(
            step_id="usb_confirm",
            description_placeholders={"name": self._name, "port": str(self._url)},
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Move the SIM's entry to another port or URL, keeping its history."""
        entry = self._get_reconfigure_entry()
        if entry.data.get(CONF_SOURCE) == SOURCE_HOTSPOT:
            return await self.async_step_reconfigure_hotspot()
        errors: dict[str, str] = {}
        if user_input is not None:
            url = user_input[CONF_URL].strip()
            found = (is_url(url) and _url_error(url)) or await self._async_probe(
                url, entry
            )
            if isinstance(found, str):
                errors[CONF_URL] = found
            else:
                url, info = found
                await self.async_set_unique_id(sim_unique_id(info))
                self._abort_if_unique_id_mismatch(reason="wrong_sim")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_URL: url}
                )
        ports = await self._async_free_ports(entry)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                _port_schema(ports), user_input or entry.data
            ),
            errors=errors,
        )

    async def _async_plan_done(self) -> ConfigFlowResult:
        """Create the entry: the modem in its data, the answers in its options."""
        options = {
            CONF_DEVICE_POLL_MINUTES: DEFAULT_DEVICE_POLL_MINUTES,
            CONF_CARRIER_CHECK_HOURS: DEFAULT_CARRIER_CHECK_HOURS,
            CONF_REQUESTS_PER_HOUR: DEFAULT_REQUESTS_PER_HOUR,
            CONF_REQUESTS_PER_DAY: DEFAULT_REQUESTS_PER_DAY,
            **self._settings,
        }
        return self.async_create_entry(
            title=_entry_title(options),
            data=self._entry_data or {CONF_URL: self._url, CONF_SOURCE: SOURCE_MODEM},
            options=options,
        )

    async def _async_probe(
        self, url: str, entry: ConfigEntry | None = None
    ) -> tuple[str, ModemInfo] | str:
        """The modem at `url` (as stored) and its identity, or an error key.

        A device path becomes its stable by-id name first. A port that another entry
        (not `entry`) already uses aborts the flow rather than being opened twice.
        """
        try:
            if not is_url(url):
                url = stable_path(url, await async_list_ports(self.hass))
            self._abort_if_url_configured(url, entry)
            info = await async_identify(url)
        except ProbeError as err:
            return err.reason
        except AbortFlow:
            raise
        except Exception:  # noqa: BLE001
            LOGGER.exception("Unexpected error while probing the modem")
            return "unknown"
        return url, info

    async def _async_modem_found(self, url: str, info: ModemInfo) -> ConfigFlowResult:
        """One entry per SIM, then on to the carrier."""
        await self.async_set_unique_id(sim_unique_id(info), raise_on_progress=False)
        self._abort_if_unique_id_configured()
        self._url = url
        return await self.async_step_carrier()

    async def _async_free_ports(
        self, entry: ConfigEntry | None = None
    ) -> list[SerialPortInfo]:
        """The machine's ports that no other entry uses."""
        used = self._urls_in_use(entry)
        return [
            port
            for port in await async_list_ports(self.hass)
            if port.device not in used
        ]

    def _urls_in_use(self, entry: ConfigEntry | None = None) -> set[str]:
        return {
            other.data.get(CONF_URL, "")
            for other in self._async_current_entries(include_ignore=False)
            if entry is None or other.entry_id != entry.entry_id
        }

    def _abort_if_url_configured(
        self, url: str, entry: ConfigEntry | None = None
    ) -> None:
        if url in self._urls_in_use(entry):
            raise AbortFlow("already_configured")


class DataBalanceOptionsFlow(CarrierPlanSteps, OptionsFlow):
    """Change the carrier, the plan, the thresholds and the schedules."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Start from the entry's current answers."""
        self._previous = self.config_entry.options
        self._settings = dict(self._previous)
        return await self.async_step_carrier()

    async def _async_plan_done(self) -> ConfigFlowResult:
        return await self.async_step_schedule()

    async def async_step_schedule(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How often the modem is polled and the carrier asked."""
        hotspot = self.config_entry.data.get(CONF_SOURCE) == SOURCE_HOTSPOT
        if user_input is not None:
            self._settings.update(_schedule_options(user_input))
            if hotspot:
                self._settings[CONF_LOGOUT_AFTER_POLL] = bool(
                    user_input.get(CONF_LOGOUT_AFTER_POLL, True)
                )
            return self.async_create_entry(data=self._settings)
        schema = SCHEDULE_SCHEMA
        if hotspot:
            schema = schema.extend(
                {vol.Required(CONF_LOGOUT_AFTER_POLL, default=True): BooleanSelector()}
            )
        return self.async_show_form(
            step_id="schedule",
            data_schema=self.add_suggested_values_to_schema(schema, self._previous),
        )
