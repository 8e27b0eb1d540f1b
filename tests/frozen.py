"""The instant date-sensitive tests run at, whatever today's date.

Scenario dates count from the simulator's start, so under this clock the simulated
plans end on fixed days (generic_us: 2026-12-05, ucs2_ru: 2026-12-21, huawei_eu:
2026-12-31) and snapshots hold dates that never move. Time still ticks (`tick=True`)
so timeouts and the simulators' delays run as usual.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
FROZEN_CLOCK = pytest.mark.freeze_time(NOW, tick=True)
