"""HiLink `<error><code>N</code></error>` replies as typed exceptions.

Codes from huawei-lte-api (Salamek/huawei-lte-api, `enums/client.py`, `enums/user.py`)
and the E5785 firmware's `api/user/login.lua` (janglapuk/huawei-e5785lh-92a-fw):
a wrong password is 108006 with the failure `<count>`, and once the attempts are
used up 108007 with `<waittime>` in minutes (Huawei's manuals: "unlocked after one
minute, incremented by one minute each time").
"""

from __future__ import annotations

from datetime import timedelta

from .errors import (
    HotspotAuthError,
    HotspotBusy,
    HotspotError,
    HotspotLockedOut,
    HotspotNotSupported,
    HotspotSessionExpired,
    HotspotTimeoutError,
)

WRONG_CREDENTIALS = frozenset({108001, 108002, 108006})
LOCKED_OUT = 108007
ALREADY_LOGGED_IN = 108003
SESSION_ERRORS = frozenset({100003, 125001, 125002, 125003})
BUSY = frozenset({100004, 111013, 120001})
NOT_SUPPORTED = frozenset({100002, 111022})
USSD_NOT_READY = 111019
USSD_NETWORK_TIMEOUT = 111020
_NAMES = {
    100001: "unknown error",
    100005: "request format error",
    100006: "parameter error",
    113018: "SMS send timeout",
    113053: "SMS storage full",
}


def lock_wait(minutes: str | None) -> timedelta | None:
    """A `waittime`/`remainwaittime` (minutes) as a duration; None if absent or not a number."""
    text = (minutes or "").strip()
    # ASCII digits, few of them: a lock-out is minutes long, never 10**6 minutes.
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        return None
    return timedelta(minutes=int(text))


def error_for(endpoint: str, code: int, details: dict[str, str]) -> HotspotError:
    """The exception for error `code` from `endpoint` (`details`: the error's other fields)."""
    where = f"{endpoint}: error {code}"
    if code in WRONG_CREDENTIALS:
        return HotspotAuthError(f"{where} (wrong username or password)", code=code)
    if code == LOCKED_OUT:
        return HotspotLockedOut(
            f"{where} (too many login attempts)",
            wait=lock_wait(details.get("waittime")),
            code=code,
        )
    if code == ALREADY_LOGGED_IN:
        return HotspotBusy(f"{where} (another admin session is open)", code=code)
    if code in SESSION_ERRORS:
        return HotspotSessionExpired(f"{where} (session or token expired)", code=code)
    if code in BUSY:
        return HotspotBusy(f"{where} (busy)", code=code)
    if code in NOT_SUPPORTED:
        return HotspotNotSupported(f"{where} (not supported)", code=code)
    if code == USSD_NETWORK_TIMEOUT:
        return HotspotTimeoutError(f"{where} (network timeout)", code=code)
    return HotspotError(f"{where} ({_NAMES.get(code, 'router error')})", code=code)
