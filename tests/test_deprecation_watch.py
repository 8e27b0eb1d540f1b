"""The deprecation net of tests/conftest.py catches Home Assistant's reports about us.

Each test makes Home Assistant report a deprecated call by data_balance the way it does
for real ones, checks that the watch kept it, then clears it so the test itself passes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import frame

import custom_components.data_balance
from tests.conftest import DeprecationWatch

PROBE_FILE = str(Path(custom_components.data_balance.__file__).parent / "probe_y.py")
PROBE_SOURCE = """
def call_a_retired_helper():
    frame.report_usage("calls a retired helper", breaks_in_ha_version="2099.1.0")
"""


def _taken(watch: DeprecationWatch) -> list[str]:
    reports = list(watch.reports)
    watch.reports.clear()
    return reports


async def test_a_frame_report_about_us_is_caught(
    hass: HomeAssistant, no_deprecated_calls: DeprecationWatch
) -> None:
    # Code compiled under a file name in our package stands in for our code: the frame
    # helper finds the calling integration by the file names on the stack.
    namespace: dict[str, Any] = {"frame": frame}
    exec(compile(PROBE_SOURCE, PROBE_FILE, "exec"), namespace)  # noqa: S102
    namespace["call_a_retired_helper"]()
    reports = _taken(no_deprecated_calls)
    assert len(reports) == 1
    assert "integration 'data_balance' calls a retired helper" in reports[0]


def test_a_deprecation_helper_report_about_us_is_caught(
    no_deprecated_calls: DeprecationWatch,
) -> None:
    # The wording of homeassistant.helpers.deprecation for a call from an integration.
    message = "The deprecated function old_call was used from data_balance. Use new"
    logging.getLogger("homeassistant.helpers.deprecation").warning(message)
    assert _taken(no_deprecated_calls) == [message]


def test_reports_about_others_are_left_alone(
    no_deprecated_calls: DeprecationWatch,
) -> None:
    logging.getLogger("homeassistant.helpers.frame").warning(
        "Detected that custom integration 'other_thing' calls a retired helper"
    )
    logging.getLogger("homeassistant.helpers.deprecation").warning(
        "The deprecated function old_call was used from other_thing. Use new"
    )
    assert _taken(no_deprecated_calls) == []
