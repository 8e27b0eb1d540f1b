"""Errors raised by the plan arithmetic."""


class PlanError(ValueError):
    """A plan, setting or figure that cannot be used (a negative size, day 32)."""


class StateError(ValueError):
    """Stored state that cannot be restored (unknown version, missing or malformed field)."""
