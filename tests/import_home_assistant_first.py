"""A pytest plugin loaded first (`-p`, in pyproject's addopts): it imports Home Assistant.

Home Assistant 2026.11 aliases `httpx` to `httpx2` and `voluptuous` to `probatio` when
the `homeassistant` package is imported, and refuses once `httpx` is already loaded.
Its newest test plugin (0.13.375, built for 2026.10.4) imports `respx`, hence `httpx`,
before `homeassistant`; importing Home Assistant here, before any plugin, keeps the
order 2026.11 needs. Earlier releases have no aliases and do not mind.

That plugin also imports `_clear_logger_overwrites` from `homeassistant.components.logger`,
which 2026.11 keeps only in `logger.helpers`: it is re-exported where the plugin looks.
"""

from __future__ import annotations

import homeassistant  # noqa: F401
from homeassistant.components import logger
from homeassistant.components.logger import helpers as logger_helpers

_MOVED = "_clear_logger_overwrites"
if not hasattr(logger, _MOVED) and hasattr(logger_helpers, _MOVED):
    setattr(logger, _MOVED, getattr(logger_helpers, _MOVED))
