"""Top-up thresholds: each rule, the hysteresis band, inputs, and persistence."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from custom_components.data_balance.plan import (
    EndReason,
    EndSource,
    JsonObject,
    Period,
    PlanError,
    Projection,
    RemainingData,
    RemainingSource,
    StateError,
    ThresholdInputs,
    ThresholdSettings,
    ThresholdState,
    TopUpReason,
    evaluate_thresholds,
    threshold_inputs,
)

GB = 10**9
MB = 10**6
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
T0 = datetime(2026, 3, 10, tzinfo=UTC)

SETTINGS = ThresholdSettings(
    remaining_percent_below=20.0,
    remaining_percent_band=5.0,
    remaining_bytes_below=GB,
    remaining_bytes_band=100 * MB,
    expiring_within=3 * DAY,
    expiring_band=HOUR,
    balance_below=Decimal("5.00"),
    balance_band=Decimal("1.00"),
    run_out_before_plan_end=True,
    run_out_band=12 * HOUR,
)


def _run(
    settings: ThresholdSettings, steps: list[ThresholdInputs]
) -> list[tuple[tuple[TopUpReason, ...], tuple[TopUpReason, ...]]]:
    """Evaluate a sequence; return (reasons, fired) after each step."""
    state = ThresholdState()
    seen = []
    for inputs in steps:
        result = evaluate_thresholds(settings, inputs, state)
        state = result.state
        seen.append((result.reasons, result.fired))
    return seen


PERCENT = TopUpReason.REMAINING_PERCENT_LOW
BYTES = TopUpReason.REMAINING_DATA_LOW
EXPIRING = TopUpReason.PLAN_EXPIRING
BALANCE = TopUpReason.BALANCE_LOW
RUN_OUT = TopUpReason.RUN_OUT_BEFORE_PLAN_END


@pytest.mark.parametrize(
    ("reason", "field", "values", "held"),
    [
        # fires below 20 %, stays through the band, re-arms at 25 %, fires again
        (
            PERCENT,
            "remaining_percent",
            [50.0, 19.9, 15.0, 24.9, 19.0, 25.0, 19.0],
            "-FHHHRF",
        ),
        (
            BYTES,
            "remaining_bytes",
            [2 * GB, GB - 1, GB + 50 * MB, GB + 100 * MB, GB - 1],
            "-FHRF",
        ),
        (
            EXPIRING,
            "time_to_expiry",
            [10 * DAY, 3 * DAY, 3 * DAY - HOUR, -HOUR, 3 * DAY, 30 * DAY, 2 * DAY],
            "--FHHRF",
        ),
        (
            BALANCE,
            "balance",
            [Decimal(10), Decimal("4.99"), Decimal("5.99"), Decimal(6), Decimal(1)],
            "-FHRF",
        ),
        (
            RUN_OUT,
            "run_out_margin",
            [DAY, -HOUR, 6 * HOUR, 12 * HOUR, -DAY, timedelta.max],
            "-FHRFR",
        ),
        # an unknown figure leaves the reason as it was
        (
            BALANCE,
            "balance",
            [Decimal(10), None, Decimal(4), None, Decimal(5), None, Decimal(7)],
            "--FHHHR",
        ),
    ],
)
def test_rule_fires_once_and_rearms_past_the_band(
    reason: TopUpReason, field: str, values: list[object], held: str
) -> None:
    """`held` per step: - inactive, F fired, H held, R re-armed."""
    steps = [ThresholdInputs(**{field: value}) for value in values]  # type: ignore[arg-type]
    seen = _run(SETTINGS, steps)
    codes = ""
    previous = False
    for reasons, fired in seen:
        active = reason in reasons
        if reason in fired:
            codes += "F"
        elif active:
            codes += "H"
        else:
            codes += "R" if previous else "-"
        previous = active
        assert reasons == tuple(r for r in reasons if r == reason)  # only this rule
    assert codes == held


def test_rules_that_are_off_never_hold() -> None:
    inputs = ThresholdInputs(
        remaining_percent=0.0,
        remaining_bytes=0,
        time_to_expiry=-DAY,
        balance=Decimal(0),
        run_out_margin=-DAY,
    )
    result = evaluate_thresholds(ThresholdSettings(), inputs, ThresholdState())
    assert result.reasons == ()
    assert not result.top_up_needed
    latched = ThresholdState(active=frozenset(TopUpReason))
    assert evaluate_thresholds(ThresholdSettings(), inputs, latched).reasons == ()


def test_every_reason_at_once_in_a_stable_order() -> None:
    inputs = ThresholdInputs(
        remaining_percent=1.0,
        remaining_bytes=MB,
        time_to_expiry=HOUR,
        balance=Decimal(0),
        run_out_margin=-DAY,
    )
    result = evaluate_thresholds(SETTINGS, inputs, ThresholdState())
    assert result.reasons == (PERCENT, BYTES, EXPIRING, BALANCE, RUN_OUT)
    assert result.fired == result.reasons
    assert result.top_up_needed
    again = evaluate_thresholds(SETTINGS, inputs, result.state)
    assert again.reasons == result.reasons
    assert again.fired == ()
    assert [reason.value for reason in again.reasons] == [
        "remaining_percent_low",
        "remaining_data_low",
        "plan_expiring",
        "balance_low",
        "run_out_before_plan_end",
    ]


def _projection(run_out: datetime | None, daily: int | None = GB) -> Projection:
    return Projection(
        daily_usage=daily,
        run_out=run_out,
        ends_at=run_out,
        end_reason=EndReason.RUN_OUT,
        days_left=None,
    )


@pytest.mark.parametrize(
    ("period_end", "projection", "expected_expiry", "expected_margin"),
    [
        (T0 + 5 * DAY, _projection(T0 + 2 * DAY), 5 * DAY, -3 * DAY),
        (T0 + 5 * DAY, _projection(None), 5 * DAY, timedelta.max),
        (T0 + 5 * DAY, _projection(None, daily=None), 5 * DAY, None),
        (None, _projection(T0 + 2 * DAY), None, None),
    ],
)
def test_threshold_inputs(
    period_end: datetime | None,
    projection: Projection,
    expected_expiry: timedelta | None,
    expected_margin: timedelta | None,
) -> None:
    source = EndSource.NONE if period_end is None else EndSource.PLAN
    period = Period(start=T0 - DAY, end=period_end, end_source=source)
    remaining = RemainingData(
        remaining=3 * GB,
        source=RemainingSource.CARRIER,
        as_of=T0,
        age=timedelta(0),
        percent=30.0,
    )
    inputs = threshold_inputs(
        now=T0,
        remaining=remaining,
        period=period,
        projection=projection,
        balance=Decimal("2.50"),
    )
    assert inputs == ThresholdInputs(
        remaining_percent=30.0,
        remaining_bytes=3 * GB,
        time_to_expiry=expected_expiry,
        balance=Decimal("2.50"),
        run_out_margin=expected_margin,
    )


def test_state_round_trip() -> None:
    state = ThresholdState(active=frozenset({BALANCE, PERCENT}))
    data = state.to_json()
    assert data == {"version": 1, "active": ["remaining_percent_low", "balance_low"]}
    assert ThresholdState.from_json(data) == state
    newer: JsonObject = {"version": 1, "active": ["balance_low", "something_new"]}
    assert ThresholdState.from_json(newer) == ThresholdState(
        active=frozenset({BALANCE})
    )
    with pytest.raises(StateError):
        ThresholdState.from_json({"version": 2, "active": []})
    with pytest.raises(StateError):
        ThresholdState.from_json({"version": 1, "active": "balance_low"})


@pytest.mark.parametrize(
    "band",
    [
        {"remaining_percent_band": -0.1},
        {"remaining_bytes_band": -1},
        {"expiring_band": -HOUR},
        {"balance_band": Decimal("-0.01")},
        {"run_out_band": -HOUR},
    ],
)
def test_negative_bands_are_rejected(band: dict[str, object]) -> None:
    with pytest.raises(PlanError, match="bands"):
        ThresholdSettings(**band)  # type: ignore[arg-type]


def test_zero_band_rearms_at_the_limit() -> None:
    settings = ThresholdSettings(
        remaining_percent_below=20.0, remaining_percent_band=0.0
    )
    seen = _run(
        settings, [ThresholdInputs(remaining_percent=v) for v in (10.0, 20.0, 10.0)]
    )
    assert [fired for _, fired in seen] == [(PERCENT,), (), (PERCENT,)]
