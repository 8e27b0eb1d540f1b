"""How many inputs each fuzz target gets: a CI-sized default, or the long mode.

`DATA_BALANCE_FUZZ_EXAMPLES=200000 .venv/bin/pytest tests/fuzz -p no:cacheprovider`
gives every target that many inputs, drawn afresh (not derandomized) each run; the
default is a few seconds per target, the same inputs every run, so CI cannot flake.
"""

from __future__ import annotations

from collections.abc import Callable
import os
from typing import Any

from hypothesis import HealthCheck, settings
import pytest

LONG_EXAMPLES = os.environ.get("DATA_BALANCE_FUZZ_EXAMPLES")


def fuzz_settings(
    ci_examples: int,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Hypothesis settings for one target: `ci_examples` in CI, the env var's count in long mode.

    The long mode also lifts the suite's per-test timeout: a long run takes hours.
    """
    long_mode = LONG_EXAMPLES is not None
    with_settings = settings(
        max_examples=ci_examples if LONG_EXAMPLES is None else int(LONG_EXAMPLES),
        derandomize=not long_mode,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
        print_blob=True,
    )
    timeout = pytest.mark.timeout(0 if long_mode else 120)

    def decorate(test: Callable[..., Any]) -> Callable[..., Any]:
        return timeout(with_settings(test))  # type: ignore[no-any-return]

    return decorate
