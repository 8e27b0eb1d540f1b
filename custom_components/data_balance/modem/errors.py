"""Exceptions of the modem library: every failure the caller can meet is one of these."""

from __future__ import annotations


class ModemError(Exception):
    """Base class of every error this library raises."""


class ModemConnectionError(ModemError):
    """The port could not be opened, or it went away (unplugged, ser2net restarted)."""


class ModemTimeoutError(ModemError):
    """The modem did not answer in time."""


class NotAModemError(ModemError):
    """Something answers on the port, but not with AT commands."""


class ModemReplyError(ModemError):
    """The modem answered, but the answer cannot be read."""


class CommandError(ModemError):
    """A command ended in `ERROR` (no code: the modem gave none)."""

    def __init__(
        self, command: str, message: str = "ERROR", code: int | None = None
    ) -> None:
        """Remember which command failed and how."""
        super().__init__(f"{command}: {message}")
        self.command = command
        self.code = code


class CmeError(CommandError):
    """`+CME ERROR: <n>`: an equipment error, with its 27.007 code when known."""


class CmsError(CommandError):
    """`+CMS ERROR: <n>`: a message-service error, with its 27.005 code when known."""


class SimError(ModemError):
    """The SIM cannot be used."""


class SimNotInsertedError(SimError):
    """No SIM in the modem."""


class SimPinRequiredError(SimError):
    """The SIM is locked by its PIN."""


class SimPukRequiredError(SimError):
    """The SIM is blocked and needs its PUK."""


class UssdError(ModemError):
    """A USSD request failed."""


class UssdNotSupportedError(UssdError):
    """The network does not know this code (`+CUSD: 4`)."""


class UssdTimeoutError(UssdError):
    """No answer from the network in time (the session was cancelled)."""


class UssdTerminatedError(UssdError):
    """The network or another client ended the session without an answer."""


class SmsError(ModemError):
    """Sending or reading a text failed."""


class StorageFullError(SmsError):
    """The SIM's message storage is full: new texts wait at the network."""
