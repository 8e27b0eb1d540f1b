"""Read what carriers say: balance replies and notices, and the carrier catalogue.

Pure Python, without Home Assistant. ``parse_reply`` turns a carrier's free text
into a :class:`BalanceReport`; the catalogue says how to ask each carrier and how
to read its answers; :class:`ReplyCorrelator` matches SMS answers to requests.
"""

from .catalogue import (
    CUSTOM_CARRIER_ID,
    AnswerChannel,
    BalanceRequest,
    CarrierProfile,
    DateOrder,
    RequestMethod,
    carrier_choices,
    carrier_profile,
    custom_profile,
    load_catalogue,
)
from .correlation import (
    DEFAULT_ANSWER_WINDOW,
    IncomingMessage,
    ReplyCorrelator,
    RoutedMessage,
)
from .errors import CarrierError, InvalidProfileError, UnknownCarrierError
from .parse import ParseOptions, parse_reply, parse_with_options
from .report import BalanceReport, MessageKind

__all__ = [
    "CUSTOM_CARRIER_ID",
    "DEFAULT_ANSWER_WINDOW",
    "AnswerChannel",
    "BalanceReport",
    "BalanceRequest",
    "CarrierError",
    "CarrierProfile",
    "DateOrder",
    "IncomingMessage",
    "InvalidProfileError",
    "MessageKind",
    "ParseOptions",
    "ReplyCorrelator",
    "RequestMethod",
    "RoutedMessage",
    "UnknownCarrierError",
    "carrier_choices",
    "carrier_profile",
    "custom_profile",
    "load_catalogue",
    "parse_reply",
    "parse_with_options",
]
