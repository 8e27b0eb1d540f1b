"""PlanState and summarise: a SIM's story from first poll to top-up, across a restart."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
import json
from zoneinfo import ZoneInfo

import pytest

from custom_components.data_balance.plan import (
    AccumulatorSettings,
    CarrierReading,
    CounterSample,
    EndReason,
    EndSource,
    MonthlyRenewal,
    Plan,
    PlanState,
    RemainingSource,
    StateError,
    SummarySettings,
    ThresholdSettings,
    TopUpEvidence,
    TopUpReason,
    TopUpStatus,
    summarise,
)

GB = 10**9
MB = 10**6
NEW_YORK = ZoneInfo("America/New_York")
PLAN = Plan(size=10 * GB, renewal=MonthlyRenewal(day=25), time_zone=NEW_YORK)
START = datetime(2026, 3, 1, 12, tzinfo=NEW_YORK)
SETTINGS = SummarySettings(
    thresholds=ThresholdSettings(
        remaining_percent_below=20.0,
        balance_below=Decimal(5),
        run_out_before_plan_end=True,
    )
)
POLL = timedelta(minutes=5)


def _poll(state: PlanState, polls: int, per_poll: int, first: int = 0) -> PlanState:
    """Fold `polls` samples from poll number `first`, `per_poll` bytes apart."""
    for index in range(first, first + polls):
        sample = CounterSample(
            time=START + index * POLL, received=index * per_poll, sent=0
        )
        state = state.fold(sample, PLAN)
    return state


def test_a_sim_running_low_then_topped_up() -> None:
    # two days at 1 GB a day: 8 GB left, run-out in 8 days, before the 25th
    state = _poll(PlanState(), 577, round(GB / 288))
    now = START + 576 * POLL
    state, top_up = state.observe_carrier(
        CarrierReading(time=now, data_remaining=8 * GB, balance=Decimal("12.00")), PLAN
    )
    assert top_up is None
    state, summary = summarise(PLAN, state, now, settings=SETTINGS)
    assert summary.period.start == datetime(2026, 2, 25, tzinfo=NEW_YORK)
    assert summary.period.end_source is EndSource.PLAN
    assert summary.used == 576 * round(GB / 288)
    assert summary.remaining.remaining == 8 * GB
    assert summary.remaining.source is RemainingSource.CARRIER
    assert summary.projection.daily_usage == pytest.approx(GB, rel=1e-3)
    assert summary.projection.end_reason is EndReason.RUN_OUT
    assert summary.projection.days_left == pytest.approx(8.0, abs=0.02)
    assert summary.thresholds.reasons == (TopUpReason.RUN_OUT_BEFORE_PLAN_END,)
    assert summary.thresholds.fired == (TopUpReason.RUN_OUT_BEFORE_PLAN_END,)
    assert summary.balance == Decimal("12.00")
    assert summary.manual_top_up is None

    # the next update: still needed, fired no more
    state, summary = summarise(PLAN, state, now + POLL, settings=SETTINGS)
    assert summary.thresholds.fired == ()
    assert summary.thresholds.top_up_needed

    # a restart in between changes nothing
    stored = json.loads(json.dumps(state.to_json()))
    state = PlanState.from_json(stored)

    # the user tops up 20 GB by hand; the carrier shows it 10 minutes later
    state = state.record_top_up(now + 2 * POLL, data=20 * GB)
    _, pending = summarise(PLAN, state, now + 3 * POLL, settings=SETTINGS)
    assert pending.manual_top_up is TopUpStatus.PENDING
    state, top_up = state.observe_carrier(
        CarrierReading(
            time=now + 4 * POLL, data_remaining=28 * GB, balance=Decimal("2.00")
        ),
        PLAN,
    )
    assert top_up is not None
    assert top_up.evidence == (TopUpEvidence.DATA_ROSE,)
    assert top_up.data_added == 20 * GB
    state, summary = summarise(PLAN, state, now + 5 * POLL, settings=SETTINGS)
    assert summary.manual_top_up is TopUpStatus.CONFIRMED
    assert summary.remaining.remaining == 28 * GB
    assert summary.remaining.percent == 100.0
    assert summary.projection.end_reason is EndReason.PLAN_END
    assert summary.daily_spend == Decimal("10.00") * 288 / 4
    # run-out is fine now but the balance is low: one reason ends, another fires
    assert summary.thresholds.reasons == (TopUpReason.BALANCE_LOW,)
    assert summary.thresholds.fired == (TopUpReason.BALANCE_LOW,)


def test_summarise_starts_the_new_period_without_a_sample() -> None:
    state = _poll(PlanState(), 3, MB)
    renewal = datetime(2026, 3, 25, 0, 1, tzinfo=NEW_YORK)
    state, summary = summarise(PLAN, state, renewal, settings=SETTINGS)
    assert summary.period.start == datetime(2026, 3, 25, tzinfo=NEW_YORK)
    assert summary.used == 0
    assert state.usage.previous_period_used == 2 * MB
    assert state.usage.period_start == summary.period.start


def test_carrier_expiry_reaches_the_summary() -> None:
    expiry = datetime(2026, 3, 20, tzinfo=UTC)
    _, summary = summarise(
        PLAN, PlanState(), START, settings=SETTINGS, carrier_expiry=expiry
    )
    assert summary.period.end == expiry
    assert summary.period.end_source is EndSource.CARRIER
    assert summary.remaining.source is RemainingSource.UNKNOWN
    assert summary.thresholds.reasons == ()


def test_state_round_trip_with_settings() -> None:
    settings = AccumulatorSettings(window=timedelta(days=1))
    state = _poll(PlanState.start(settings), 300, MB)
    state, _ = state.observe_carrier(
        CarrierReading(time=START + 300 * POLL, balance=Decimal("3.5")),
        PLAN,
        carrier_notice=True,
    )
    restored = PlanState.from_json(json.loads(json.dumps(state.to_json())), settings)
    assert restored == state
    assert restored.usage.usage_window.bucket_count == 24
    assert restored.balance.window.bucket_count == 24
    assert PlanState.from_json(PlanState().to_json()) == PlanState()
    with pytest.raises(StateError):
        PlanState.from_json({**state.to_json(), "version": 0})
    with pytest.raises(StateError):
        PlanState.from_json({**state.to_json(), "usage": None})


def test_a_reply_with_data_only_leaves_the_balance_history_alone() -> None:
    state = _poll(PlanState(), 3, MB)
    after, top_up = state.observe_carrier(
        CarrierReading(time=START + 3 * POLL, data_remaining=5 * GB), PLAN
    )
    assert top_up is None
    assert after.balance == state.balance
    assert after.usage.anchor is not None
    assert after.usage.anchor.remaining == 5 * GB
    assert after.top_ups.data_remaining == 5 * GB


def test_top_up_amount_counts_usage_between_readings() -> None:
    state = _poll(PlanState(), 2, 0)
    state, _ = state.observe_carrier(
        CarrierReading(time=START + POLL, data_remaining=GB), PLAN
    )
    # 400 MB used, then 10 GB topped up
    used = CounterSample(time=START + 2 * POLL, received=400 * MB, sent=0)
    state = state.fold(used, PLAN)
    state, top_up = state.observe_carrier(
        CarrierReading(time=START + 3 * POLL, data_remaining=10_600 * MB), PLAN
    )
    assert top_up is not None
    assert top_up.data_added == 10 * GB
    # a reply after the renewal, with no carrier figure yet this period: not a top-up
    renewed = START.replace(day=26)
    state, top_up = state.observe_carrier(
        CarrierReading(time=renewed, data_remaining=10 * GB), PLAN
    )
    assert top_up is None
    assert state.usage.period_start == datetime(2026, 3, 25, tzinfo=NEW_YORK)
