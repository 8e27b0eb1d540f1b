"""Constants for the Data Balance integration."""

import logging
from typing import Final

DOMAIN: Final = "data_balance"
LOGGER = logging.getLogger(__package__)
