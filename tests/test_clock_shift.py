"""The wall clock is where the run says it is.

scripts/test's clock legs move the wall clock (libfaketime, `--clock +548d`) and set
DATA_BALANCE_CLOCK_SHIFT to the shift; every other run leaves both alone. A new file's
time comes from the kernel's clock, which libfaketime does not move (NO_FAKE_STAT), so
the difference between it and `time.time()` is the shift really in effect. Without this
check a clock leg that silently failed to move the clock would prove nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
import re
import time

DAY = 86_400


def announced_shift_days() -> int:
    """The shift the run announces, in days (0 when it moves nothing)."""
    shift = os.environ.get("DATA_BALANCE_CLOCK_SHIFT", "+0d")
    match = re.fullmatch(r"([+-]\d+)d", shift)
    assert match, f"DATA_BALANCE_CLOCK_SHIFT={shift!r} is not like +548d"
    return int(match[1])


def test_the_wall_clock_is_moved_as_announced(tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    probe.touch()
    moved_seconds = time.time() - probe.stat().st_mtime
    assert abs(moved_seconds - announced_shift_days() * DAY) < DAY / 24
