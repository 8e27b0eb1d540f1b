"""Constants for the Data Balance integration: config keys, defaults, limits."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "data_balance"
LOGGER = logging.getLogger(__package__)

# --- config entry data (what identifies the device) -----------------------------------
# A serial URL: /dev/serial/by-id/..., socket://, rfc2217:// or esphome://
CONF_URL: Final = "url"
CONF_SOURCE: Final = "source"
SOURCE_MODEM: Final = "modem"

# --- config entry options: the carrier ------------------------------------------------
CONF_CARRIER: Final = "carrier"  # a catalogue id, or carrier.CUSTOM_CARRIER_ID
CONF_USSD_CODE: Final = "ussd_code"
CONF_SMS_NUMBER: Final = "sms_number"
CONF_SMS_KEYWORD: Final = "sms_keyword"
CONF_SENDER: Final = "sender"
# A carrier.AnswerChannel value: "ussd" (in the session) or "sms"
CONF_ANSWER: Final = "answer"
CONF_DATA_PATTERN: Final = "data_pattern"
CONF_BALANCE_PATTERN: Final = "balance_pattern"
CONF_EXPIRY_PATTERN: Final = "expiry_pattern"

# --- config entry options: the plan -----------------------------------------------------
CONF_UNLIMITED: Final = "unlimited"
CONF_PLAN_SIZE_GB: Final = "plan_size_gb"
CONF_RENEWAL: Final = "renewal"
RENEWAL_MONTHLY: Final = "monthly"
RENEWAL_EVERY_N_DAYS: Final = "every_n_days"
RENEWAL_NON_EXPIRING: Final = "non_expiring"
RENEWALS: Final = (RENEWAL_MONTHLY, RENEWAL_EVERY_N_DAYS, RENEWAL_NON_EXPIRING)
CONF_RENEWAL_DAY: Final = "renewal_day"  # monthly: day of the month, 1..31
CONF_RENEWAL_DAYS: Final = "renewal_days"  # every N days: N
# Every N days / non-expiring: the ISO start date
CONF_RENEWAL_ANCHOR: Final = "renewal_anchor"

# --- config entry options: thresholds and schedules ------------------------------------
CONF_LOW_DATA_PERCENT: Final = "low_data_percent"
CONF_LOW_DATA_MB: Final = "low_data_mb"
CONF_EXPIRY_DAYS: Final = "expiry_days"
CONF_LOW_BALANCE: Final = "low_balance"  # 0 turns the balance threshold off
CONF_DEVICE_POLL_MINUTES: Final = "device_poll_minutes"
CONF_CARRIER_CHECK_HOURS: Final = "carrier_check_hours"

DEFAULT_PLAN_SIZE_GB: Final = 10.0
DEFAULT_RENEWAL_DAY: Final = 1
DEFAULT_RENEWAL_DAYS: Final = 30
DEFAULT_LOW_DATA_PERCENT: Final = 10
DEFAULT_LOW_DATA_MB: Final = 500
DEFAULT_EXPIRY_DAYS: Final = 3
DEFAULT_LOW_BALANCE: Final = 0.0
DEFAULT_DEVICE_POLL_MINUTES: Final = 5
DEFAULT_CARRIER_CHECK_HOURS: Final = 12

MIN_DEVICE_POLL_MINUTES: Final = 1
MAX_DEVICE_POLL_MINUTES: Final = 60
MIN_CARRIER_CHECK_HOURS: Final = 1
MAX_CARRIER_CHECK_HOURS: Final = 168

# How long setup waits for a modem to answer when probing a port.
PROBE_TIMEOUT: Final = timedelta(seconds=3)
