"""How long the soaks run: a CI-sized default, or the long mode.

`DATA_BALANCE_SOAK_OPERATIONS=20000 .venv/bin/pytest tests/soak -p no:cacheprovider`
runs that many operations (and a proportionate number of unplug cycles in the
integration soak); `DATA_BALANCE_SOAK_SEED` picks another random schedule of faults.
"""

from __future__ import annotations

import os

import pytest

LONG_OPERATIONS = os.environ.get("DATA_BALANCE_SOAK_OPERATIONS")
SEED = int(os.environ.get("DATA_BALANCE_SOAK_SEED", "1"))


def operations(ci_default: int) -> int:
    """The number of operations a soak runs."""
    return ci_default if LONG_OPERATIONS is None else int(LONG_OPERATIONS)


# A long soak takes as long as it takes; the suite's per-test timeout is for CI sizes.
soak_timeout = pytest.mark.timeout(0 if LONG_OPERATIONS is not None else 240)
