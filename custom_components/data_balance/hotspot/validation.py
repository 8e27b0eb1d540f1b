"""Checking what a caller asks to send, before it reaches a router."""

from __future__ import annotations

import re

from .errors import HotspotRequestError

_NUMBER = re.compile(r"^\+?[0-9]{1,20}$")
_USSD = re.compile(r"^[0-9*#+]{1,64}$")
MAX_SMS_CHARS = 1530


def check_sms(number: str, text: str) -> None:
    """A phone number or short code, and a non-empty text the router can send."""
    if not _NUMBER.match(number.strip()):
        raise HotspotRequestError("not a phone number or short code")
    if not text or len(text) > MAX_SMS_CHARS:
        raise HotspotRequestError(f"a text must have 1 to {MAX_SMS_CHARS} characters")


def check_ussd(code: str) -> None:
    """A USSD code (`*100#`) or a menu choice (`1`)."""
    if not _USSD.match(code.strip()):
        raise HotspotRequestError("not a USSD code or menu choice")
