"""Errors raised by the carrier library."""


class CarrierError(Exception):
    """Base error of the carrier library."""


class UnknownCarrierError(CarrierError):
    """No carrier with that id is in the catalogue."""


class InvalidProfileError(CarrierError):
    """A carrier profile is incomplete or contradicts itself."""
