"""Benchmark plan.py: samples folded per second, and the stored state after a year.

Run from the repository root: `.venv/bin/python benchmarks/bench_plan.py`.
A year of 5-minute samples from a device with 32-bit counters that wrap, a weekly
reboot, the odd duplicate, a daily carrier figure, and a monthly plan in London.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
import json
from pathlib import Path
import random
import sys
import time
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.data_balance.plan import (
    Accumulator,
    BalanceHistory,
    CarrierReading,
    CounterSample,
    MonthlyRenewal,
    Plan,
    ThresholdSettings,
    ThresholdState,
    TopUpTracker,
    evaluate_thresholds,
    project,
    remaining_data,
    threshold_inputs,
)

WRAP = 2**32
START = datetime(2026, 1, 1, tzinfo=UTC)
POLL = timedelta(minutes=5)
SAMPLES_PER_YEAR = 365 * 24 * 12
PLAN = Plan(
    size=20 * 10**9,
    renewal=MonthlyRenewal(day=25),
    time_zone=ZoneInfo("Europe/London"),
    rollover=True,
)
THRESHOLDS = ThresholdSettings(
    remaining_percent_below=20.0,
    remaining_bytes_below=10**9,
    expiring_within=timedelta(days=3),
    balance_below=Decimal(5),
    run_out_before_plan_end=True,
)


def year_of_samples(seed: int = 5) -> list[CounterSample]:
    """Return a year of 5-minute samples: wraps, weekly reboots, some duplicates."""
    rng = random.Random(seed)
    received = sent = 0
    samples = []
    for index in range(SAMPLES_PER_YEAR):
        if index and index % (7 * 24 * 12) == 0:
            received = sent = 0
        received = (received + rng.randint(0, 4_000_000)) % WRAP
        sent = (sent + rng.randint(0, 400_000)) % WRAP
        sample = CounterSample(time=START + index * POLL, received=received, sent=sent)
        samples.append(sample)
        if rng.random() < 0.01:
            samples.append(sample)
    return samples


@dataclass
class Figures:
    """What one run measured."""

    rate: float
    state: Accumulator


def fold_only(samples: list[CounterSample]) -> Figures:
    """Fold every sample; return samples per second and the final state."""
    state = Accumulator()
    started = time.perf_counter()
    for sample in samples:
        state = state.fold(sample, PLAN)
    elapsed = time.perf_counter() - started
    return Figures(rate=len(samples) / elapsed, state=state)


def full_poll(samples: list[CounterSample]) -> tuple[float, dict[str, int]]:
    """Run what the integration runs per poll; return polls per second and state sizes."""
    state, thresholds = Accumulator(), ThresholdState()
    tracker, balance = TopUpTracker(), BalanceHistory.covering()
    money = Decimal(50)
    started = time.perf_counter()
    for index, sample in enumerate(samples):
        state = state.fold(sample, PLAN)
        now = sample.time
        period = PLAN.period_at(now)
        if index % (24 * 12) == 0:
            left = state.estimate(PLAN) or 0
            money -= Decimal("0.10")
            state = state.rebase(now, max(0, left - 1_000_000), PLAN)
            reading = CarrierReading(time=now, data_remaining=left, balance=money)
            tracker, _ = tracker.observe(reading, period_start=period.start)
            balance = balance.observe(now, money)
        remaining = remaining_data(PLAN, state, now)
        projection = project(state, remaining, period, now)
        inputs = threshold_inputs(
            now=now,
            remaining=remaining,
            period=period,
            projection=projection,
            balance=money,
        )
        thresholds = evaluate_thresholds(THRESHOLDS, inputs, thresholds).state
    elapsed = time.perf_counter() - started
    sizes = {
        "accumulator": _size(state.to_json()),
        "balance history": _size(balance.to_json()),
        "top-up tracker": _size(tracker.to_json()),
        "thresholds": _size(thresholds.to_json()),
    }
    return len(samples) / elapsed, sizes


def _size(data: object) -> int:
    return len(json.dumps(data).encode())


def main() -> None:
    """Print the figures."""
    samples = year_of_samples()
    day = fold_only(samples[: 24 * 12])
    month = fold_only(samples[: 30 * 24 * 12])
    year = fold_only(samples)
    print(f"samples in a year of 5-minute polls: {len(samples)} (duplicates included)")
    print(f"samples folded per second: {year.rate:,.0f}")
    print("serialised accumulator (bytes of JSON):")
    for label, figures in (
        ("after a day", day),
        ("after a month", month),
        ("after a year", year),
    ):
        print(f"  {label:>14}: {_size(figures.state.to_json())}")
    polls_per_second, sizes = full_poll(samples)
    print(
        f"full polls per second (fold, remaining, projection, thresholds): {polls_per_second:,.0f}"
    )
    print("stored state after a year (bytes of JSON):")
    for label, size in sizes.items():
        print(f"  {label:>16}: {size}")
    print(f"  {'total':>16}: {sum(sizes.values())}")


if __name__ == "__main__":
    main()
