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
SOURCE_HOTSPOT: Final = "hotspot"
# A hotspot router: its API family (hotspot.HotspotFamily), address and admin login.
CONF_FAMILY: Final = "family"
CONF_HOST: Final = "host"
CONF_USERNAME: Final = "username"
CONF_PASSWORD: Final = "password"  # noqa: S105 - the option's key, not a password
# Log out of the router after each poll, so its own web page can be opened meanwhile.
CONF_LOGOUT_AFTER_POLL: Final = "logout_after_poll"

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

# --- config entry options: money safety -------------------------------------------------
# Outgoing USSD and SMS can cost money: no automation loop may send more than this.
CONF_REQUESTS_PER_HOUR: Final = "requests_per_hour"
CONF_REQUESTS_PER_DAY: Final = "requests_per_day"
DEFAULT_REQUESTS_PER_HOUR: Final = 10
DEFAULT_REQUESTS_PER_DAY: Final = 30
MAX_REQUESTS_PER_HOUR: Final = 60
MAX_REQUESTS_PER_DAY: Final = 200

# --- bus events (device triggers of the same names, without the domain prefix) --------
EVENT_TOP_UP_NEEDED: Final = "data_balance_top_up_needed"
EVENT_TOP_UP_DETECTED: Final = "data_balance_top_up_detected"
EVENT_PLAN_EXPIRING: Final = "data_balance_plan_expiring"
EVENT_MESSAGE_RECEIVED: Final = "data_balance_message_received"
TRIGGER_TOP_UP_NEEDED: Final = "top_up_needed"
TRIGGER_TOP_UP_DETECTED: Final = "top_up_detected"
TRIGGER_PLAN_EXPIRING: Final = "plan_expiring"
TRIGGER_MESSAGE_RECEIVED: Final = "message_received"
TRIGGER_EVENTS: Final = {
    TRIGGER_TOP_UP_NEEDED: EVENT_TOP_UP_NEEDED,
    TRIGGER_TOP_UP_DETECTED: EVENT_TOP_UP_DETECTED,
    TRIGGER_PLAN_EXPIRING: EVENT_PLAN_EXPIRING,
    TRIGGER_MESSAGE_RECEIVED: EVENT_MESSAGE_RECEIVED,
}

# Event data keys. Every event: device_id, entry_id. Figure events (top-up needed,
# plan expiring, top-up detected) add the figures below; message events add the message.
ATTR_DEVICE_ID: Final = "device_id"
ATTR_ENTRY_ID: Final = "entry_id"
ATTR_REMAINING_DATA: Final = "remaining_data"  # bytes
ATTR_REMAINING_DATA_GB: Final = "remaining_data_gb"  # rounded, for messages
ATTR_REMAINING_PERCENT: Final = "remaining_percent"
ATTR_BALANCE: Final = "balance"
ATTR_CURRENCY: Final = "currency"
ATTR_EXPIRES: Final = "expires"  # ISO 8601
ATTR_RUN_OUT: Final = "run_out"  # ISO 8601, the projected run-out
ATTR_SIM_NUMBER: Final = "sim_number"
ATTR_CARRIER: Final = "carrier"  # the carrier's name
ATTR_TOP_UP_URL: Final = "top_up_url"
ATTR_REASONS: Final = "reasons"  # every active TopUpReason value
ATTR_NEW_REASONS: Final = "new_reasons"  # the ones that crossed now
ATTR_DATA_ADDED: Final = "data_added"  # bytes
ATTR_BALANCE_ADDED: Final = "balance_added"
ATTR_EVIDENCE: Final = "evidence"  # TopUpEvidence values
ATTR_SOURCE: Final = "source"  # "sms" or "ussd"
ATTR_SENDER: Final = "sender"
ATTR_TEXT: Final = "text"  # the whole text, multi-part joined
ATTR_KIND: Final = "kind"  # a carrier.MessageKind value
ATTR_RECEIVED: Final = "received"
ATTR_REPORT: Final = "report"  # parsed figures, or None

# --- the watch after a top-up -----------------------------------------------------------
TOP_UP_RECHECKS: Final = (
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=30),
)
# After the last re-check, how long an answer by SMS may take before the repair issue.
TOP_UP_ANSWER_GRACE: Final = timedelta(minutes=2)
ISSUE_TOP_UP_UNCONFIRMED: Final = "top_up_unconfirmed"
