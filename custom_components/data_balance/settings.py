"""Turn a config entry's options into the library's objects: carrier profile, plan, thresholds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from .carrier import (
    CUSTOM_CARRIER_ID,
    AnswerChannel,
    CarrierError,
    CarrierProfile,
    carrier_profile,
    custom_profile,
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
    CONF_UNLIMITED,
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
    RENEWAL_EVERY_N_DAYS,
    RENEWAL_NON_EXPIRING,
)
from .plan import (
    EveryNDays,
    MonthlyRenewal,
    NonExpiring,
    Plan,
    Renewal,
    SummarySettings,
    ThresholdSettings,
)

BYTES_PER_GB = 1_000_000_000
BYTES_PER_MB = 1_000_000


class SettingsError(ValueError):
    """The stored options cannot be turned into a working setup."""


@dataclass(frozen=True, slots=True)
class EntrySettings:
    """Everything an entry's options say, as library objects."""

    profile: CarrierProfile
    plan: Plan
    summary: SummarySettings
    device_poll: timedelta
    carrier_check: timedelta
    requests_per_hour: int = DEFAULT_REQUESTS_PER_HOUR
    requests_per_day: int = DEFAULT_REQUESTS_PER_DAY


def entry_settings(
    options: Mapping[str, Any],
    time_zone: str,
    today: date,
    country: str | None = None,
) -> EntrySettings:
    """Read the options; raises `SettingsError` when they cannot be used.

    `country` (Home Assistant's own) reads a custom carrier's dates and money the local
    way: 12/05 is December 5th in the US and 12 May almost everywhere else.
    """
    try:
        return _entry_settings(options, time_zone, today, country)
    except SettingsError:
        raise
    except (TypeError, ValueError, ArithmeticError) as err:
        raise SettingsError(f"an option has an unusable value ({err})") from err


def _entry_settings(
    options: Mapping[str, Any], time_zone: str, today: date, country: str | None
) -> EntrySettings:
    return EntrySettings(
        profile=carrier_from_options(options, country),
        plan=plan_from_options(options, ZoneInfo(time_zone), today),
        summary=SummarySettings(thresholds=thresholds_from_options(options)),
        device_poll=timedelta(
            minutes=options.get(CONF_DEVICE_POLL_MINUTES, DEFAULT_DEVICE_POLL_MINUTES)
        ),
        carrier_check=timedelta(
            hours=options.get(CONF_CARRIER_CHECK_HOURS, DEFAULT_CARRIER_CHECK_HOURS)
        ),
        requests_per_hour=_positive_int(
            options.get(CONF_REQUESTS_PER_HOUR, DEFAULT_REQUESTS_PER_HOUR)
        ),
        requests_per_day=_positive_int(
            options.get(CONF_REQUESTS_PER_DAY, DEFAULT_REQUESTS_PER_DAY)
        ),
    )


def _positive_int(value: float | str) -> int:
    number = int(value)
    if number < 1:
        raise SettingsError("a request limit must allow at least one request")
    return number


def carrier_from_options(
    options: Mapping[str, Any], country: str | None = None
) -> CarrierProfile:
    """The catalogue profile, or a custom one built from the user's code, keyword and sender."""
    carrier_id = options.get(CONF_CARRIER, CUSTOM_CARRIER_ID)
    try:
        if carrier_id != CUSTOM_CARRIER_ID:
            return carrier_profile(carrier_id)
        senders = [
            sender.strip()
            for sender in str(options.get(CONF_SENDER, "")).split(",")
            if sender.strip()
        ]
        answer = options.get(CONF_ANSWER)
        return custom_profile(
            country=country,
            code=options.get(CONF_USSD_CODE) or None,
            keyword=options.get(CONF_SMS_KEYWORD) or None,
            number=options.get(CONF_SMS_NUMBER) or None,
            senders=senders,
            answer=AnswerChannel(answer) if answer else None,
            data_pattern=options.get(CONF_DATA_PATTERN) or None,
            balance_pattern=options.get(CONF_BALANCE_PATTERN) or None,
            expiry_pattern=options.get(CONF_EXPIRY_PATTERN) or None,
        )
    except (CarrierError, ValueError) as err:
        raise SettingsError(str(err)) from err


def plan_from_options(
    options: Mapping[str, Any], time_zone: ZoneInfo, today: date
) -> Plan:
    """The plan: size (or unlimited) and how it renews."""
    size = (
        None
        if options.get(CONF_UNLIMITED)
        else int(
            float(options.get(CONF_PLAN_SIZE_GB, DEFAULT_PLAN_SIZE_GB)) * BYTES_PER_GB
        )
    )
    anchor_text = options.get(CONF_RENEWAL_ANCHOR)
    try:
        anchor = date.fromisoformat(anchor_text) if anchor_text else today
    except ValueError as err:
        raise SettingsError(f"renewal anchor {anchor_text!r} is not a date") from err
    renewal: Renewal
    kind = options.get(CONF_RENEWAL)
    if kind == RENEWAL_EVERY_N_DAYS:
        renewal = EveryNDays(
            days=int(options.get(CONF_RENEWAL_DAYS, DEFAULT_RENEWAL_DAYS)),
            anchor=anchor,
        )
    elif kind == RENEWAL_NON_EXPIRING:
        renewal = NonExpiring(start=anchor)
    else:
        renewal = MonthlyRenewal(
            day=int(options.get(CONF_RENEWAL_DAY, DEFAULT_RENEWAL_DAY))
        )
    return Plan(size=size, renewal=renewal, time_zone=time_zone)


def thresholds_from_options(options: Mapping[str, Any]) -> ThresholdSettings:
    """The user's "top up now" limits; zero turns a limit off."""
    percent = float(options.get(CONF_LOW_DATA_PERCENT, DEFAULT_LOW_DATA_PERCENT))
    megabytes = float(options.get(CONF_LOW_DATA_MB, DEFAULT_LOW_DATA_MB))
    days = float(options.get(CONF_EXPIRY_DAYS, DEFAULT_EXPIRY_DAYS))
    balance = Decimal(str(options.get(CONF_LOW_BALANCE, DEFAULT_LOW_BALANCE)))
    return ThresholdSettings(
        remaining_percent_below=percent or None,
        remaining_bytes_below=int(megabytes * BYTES_PER_MB) or None,
        expiring_within=timedelta(days=days) if days else None,
        balance_below=balance or None,
        run_out_before_plan_end=True,
    )
