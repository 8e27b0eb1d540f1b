"""Exceptions of the hotspot library: every failure a caller can meet is one of these.

Messages name the endpoint and the router's error code, never a password, an
identity (IMEI, IMSI, ICCID), a phone number or a message body.
"""

from __future__ import annotations

from datetime import timedelta


class HotspotError(Exception):
    """Base class of every error this library raises."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        """Remember the router's own error code, when it gave one."""
        super().__init__(message)
        self.code = code


class HotspotConnectionError(HotspotError):
    """The router cannot be reached, or the connection broke or timed out."""


class HotspotResponseError(HotspotError):
    """The router answered with something that cannot be read (garbled, truncated)."""


class HotspotAuthError(HotspotError):
    """The username or password is wrong."""


class HotspotLockedOut(HotspotAuthError):  # noqa: N818 - the name says what the router did
    """Too many failed logins: the router refuses logins for a while.

    Attributes:
        wait: how long the router says to wait, when it says.
    """

    def __init__(
        self, message: str, *, wait: timedelta | None = None, code: int | None = None
    ) -> None:
        """Keep the remaining wait."""
        super().__init__(message, code=code)
        self.wait = wait


class HotspotSessionExpired(HotspotError):  # noqa: N818 - a state, not a failure of ours
    """The router forgot the session or its token (idle timeout, reboot, another login)."""


class HotspotBusy(HotspotError):  # noqa: N818 - the router's own word
    """The router is busy (another admin session, a USSD session in progress)."""


class HotspotNotSupported(HotspotError):  # noqa: N818 - the router's own word
    """This router or firmware does not offer the function."""


class HotspotTimeoutError(HotspotError):
    """The network gave no answer in time (a USSD reply that never came)."""


class HotspotRequestError(HotspotError):
    """The caller's request is not valid (not a phone number, an empty text, not a USSD code)."""
