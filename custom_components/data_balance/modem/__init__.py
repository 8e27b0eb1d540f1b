"""An asyncio AT modem client: identity, USSD, SMS, signal, push, recovery.

Pure Python on serialx; imports nothing from Home Assistant.

    modem = await Modem.open("socket://127.0.0.1:7000")
    info = await modem.identify()
    text = await modem.ussd("*100#")
"""

from .concat import Sms
from .errors import (
    CmeError,
    CmsError,
    CommandError,
    ModemConnectionError,
    ModemError,
    ModemReplyError,
    ModemTimeoutError,
    NotAModemError,
    SimError,
    SimNotInsertedError,
    SimPinRequiredError,
    SimPukRequiredError,
    SmsError,
    StorageFullError,
    UssdError,
    UssdNotSupportedError,
    UssdTerminatedError,
    UssdTimeoutError,
)
from .modem import DeliveredTexts, Modem, ModemTimeouts, StorageStatus, UssdReply
from .status import (
    AccessTechnology,
    ModemInfo,
    NetworkStatus,
    RegistrationState,
    Signal,
    SimState,
    TrafficCounters,
)

__all__ = [
    "AccessTechnology",
    "CmeError",
    "CmsError",
    "CommandError",
    "DeliveredTexts",
    "Modem",
    "ModemConnectionError",
    "ModemError",
    "ModemInfo",
    "ModemReplyError",
    "ModemTimeoutError",
    "ModemTimeouts",
    "NetworkStatus",
    "NotAModemError",
    "RegistrationState",
    "Signal",
    "SimError",
    "SimNotInsertedError",
    "SimPinRequiredError",
    "SimPukRequiredError",
    "SimState",
    "Sms",
    "SmsError",
    "StorageFullError",
    "StorageStatus",
    "TrafficCounters",
    "UssdError",
    "UssdNotSupportedError",
    "UssdReply",
    "UssdTerminatedError",
    "UssdTimeoutError",
]
