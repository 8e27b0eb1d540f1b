"""Top-up detection from carrier figures and notices; top-ups recorded by hand."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from custom_components.data_balance.plan import (
    CONFIRM_WITHIN,
    CarrierReading,
    ManualTopUp,
    PlanError,
    StateError,
    TopUp,
    TopUpEvidence,
    TopUpNoise,
    TopUpStatus,
    TopUpTracker,
)

GB = 10**9
MB = 10**6
T0 = datetime(2026, 3, 10, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def _at(minutes: float) -> datetime:
    return T0 + minutes * MINUTE


def _reading(
    minutes: float, data: int | None = None, balance: str | None = None
) -> CarrierReading:
    return CarrierReading(
        time=_at(minutes),
        data_remaining=data,
        balance=None if balance is None else Decimal(balance),
    )


def _observe_all(
    readings: list[CarrierReading],
    tracker: TopUpTracker | None = None,
    period_start: datetime | None = None,
) -> tuple[TopUpTracker, list[TopUp | None]]:
    tracker = TopUpTracker() if tracker is None else tracker
    found = []
    for reading in readings:
        tracker, top_up = tracker.observe(reading, period_start=period_start)
        found.append(top_up)
    return tracker, found


@pytest.mark.parametrize(
    ("readings", "expected"),
    [
        # data rises by 10 GB
        (
            [_reading(0, data=GB), _reading(60, data=11 * GB)],
            TopUp(
                time=_at(60),
                evidence=(TopUpEvidence.DATA_ROSE,),
                data_added=10 * GB,
                balance_added=None,
            ),
        ),
        # a rise within the noise of the carrier's rounding is not a top-up
        ([_reading(0, data=GB), _reading(60, data=GB + 100 * MB)], None),
        # balance rises
        (
            [_reading(0, balance="1.50"), _reading(60, balance="21.50")],
            TopUp(
                time=_at(60),
                evidence=(TopUpEvidence.BALANCE_ROSE,),
                data_added=None,
                balance_added=Decimal("20.00"),
            ),
        ),
        # both, from one reply
        (
            [
                _reading(0, data=GB, balance="1"),
                _reading(60, data=6 * GB, balance="11"),
            ],
            TopUp(
                time=_at(60),
                evidence=(TopUpEvidence.DATA_ROSE, TopUpEvidence.BALANCE_ROSE),
                data_added=5 * GB,
                balance_added=Decimal(10),
            ),
        ),
        # falling figures are usage and spend
        ([_reading(0, data=GB, balance="5"), _reading(60, data=MB, balance="4")], None),
        # the first reading has nothing to compare with
        ([_reading(0, data=GB, balance="5")], None),
        # figures missing from a reply are remembered from earlier ones
        (
            [
                _reading(0, data=GB),
                _reading(10, balance="5"),
                _reading(20, data=3 * GB),
            ],
            TopUp(
                time=_at(20),
                evidence=(TopUpEvidence.DATA_ROSE,),
                data_added=2 * GB,
                balance_added=None,
            ),
        ),
        # an old or duplicate reading is ignored
        (
            [_reading(0, data=GB), _reading(60, data=GB), _reading(30, data=9 * GB)],
            None,
        ),
        ([_reading(0, data=GB), _reading(0, data=9 * GB)], None),
    ],
)
def test_detection_from_figures(
    readings: list[CarrierReading], expected: TopUp | None
) -> None:
    _, found = _observe_all(readings)
    assert found[-1] == expected
    assert all(top_up is None for top_up in found[:-1])


def test_renewal_at_a_period_boundary_is_not_a_top_up() -> None:
    period_start = _at(30)
    readings = [_reading(0, data=MB), _reading(60, data=10 * GB)]
    _, found = _observe_all(readings, period_start=period_start)
    assert found == [None, None]
    _, same_period = _observe_all(readings, period_start=_at(-10))
    assert same_period[-1] is not None


def test_carrier_notice_is_a_top_up() -> None:
    tracker, top_up = TopUpTracker().observe(_reading(0), carrier_notice=True)
    assert top_up == TopUp(
        time=_at(0),
        evidence=(TopUpEvidence.CARRIER_NOTICE,),
        data_added=None,
        balance_added=None,
    )
    assert tracker.last_time == _at(0)


def test_noise_is_configurable() -> None:
    tracker, _ = TopUpTracker().observe(_reading(0, data=GB, balance="5"))
    noise = TopUpNoise(data=10 * MB, balance=Decimal("0.50"))
    _, small = tracker.observe(
        _reading(60, data=GB + 20 * MB, balance="5.50"), noise=noise
    )
    assert small is not None
    assert small.evidence == (TopUpEvidence.DATA_ROSE,)


@pytest.mark.parametrize(
    ("evidence_at", "now", "expected"),
    [
        (None, 0, TopUpStatus.PENDING),
        (None, 29.9, TopUpStatus.PENDING),
        (None, 30, TopUpStatus.UNCONFIRMED),
        (None, 600, TopUpStatus.UNCONFIRMED),
        (5, 10, TopUpStatus.CONFIRMED),
        (5, 600, TopUpStatus.CONFIRMED),
        # a late confirmation still confirms
        (45, 60, TopUpStatus.CONFIRMED),
        # evidence from before the manual record does not confirm it
        (-5, 60, TopUpStatus.UNCONFIRMED),
    ],
)
def test_manual_top_up_status(
    evidence_at: float | None, now: float, expected: TopUpStatus
) -> None:
    tracker, _ = TopUpTracker().observe(_reading(-10, data=GB))
    if evidence_at is not None and evidence_at < 0:
        tracker, _ = tracker.observe(_reading(evidence_at, data=5 * GB))
    tracker = tracker.record_manual(_at(0), data=4 * GB, balance=Decimal(10))
    assert tracker.manual == ManualTopUp(
        recorded_at=_at(0), data=4 * GB, balance=Decimal(10)
    )
    if evidence_at is not None and evidence_at >= 0:
        tracker, top_up = tracker.observe(_reading(evidence_at, data=5 * GB))
        assert top_up is not None
    assert tracker.manual_status(_at(now)) is expected


def test_manual_status_details() -> None:
    assert TopUpTracker().manual_status(T0) is None
    assert timedelta(minutes=30) == CONFIRM_WITHIN
    tracker = TopUpTracker().record_manual(T0)
    assert (
        tracker.manual_status(_at(10), confirm_within=5 * MINUTE)
        is TopUpStatus.UNCONFIRMED
    )
    confirmed, _ = tracker.observe(_reading(1), carrier_notice=True)
    assert confirmed.manual is not None
    assert confirmed.manual.confirmed_at == _at(1)
    twice, _ = confirmed.observe(_reading(2), carrier_notice=True)
    assert twice.manual == confirmed.manual
    with pytest.raises(PlanError):
        TopUpTracker().record_manual(T0, data=-1)
    with pytest.raises(PlanError):
        TopUpTracker().record_manual(T0, balance=Decimal(-1))


def test_tracker_round_trip() -> None:
    tracker, _ = _observe_all(
        [_reading(0, data=GB, balance="1.25"), _reading(5, balance="1.20")]
    )
    tracker = tracker.record_manual(_at(6), data=GB, balance=Decimal("9.99"))
    tracker, _ = tracker.observe(_reading(7), carrier_notice=True)
    assert TopUpTracker.from_json(tracker.to_json()) == tracker
    assert TopUpTracker.from_json(TopUpTracker().to_json()) == TopUpTracker()
    with pytest.raises(StateError):
        TopUpTracker.from_json({**tracker.to_json(), "manual": "yes"})


def test_times_are_kept_in_utc_and_must_be_aware() -> None:
    local = datetime(2026, 11, 1, 1, 5, fold=1, tzinfo=ZoneInfo("America/New_York"))
    reading = CarrierReading(time=local, data_remaining=GB)
    assert reading.time == datetime(2026, 11, 1, 6, 5, tzinfo=UTC)
    assert reading.time.tzinfo is UTC
    tracker = TopUpTracker().record_manual(local)
    assert tracker.manual is not None
    assert tracker.manual.recorded_at.tzinfo is UTC
    with pytest.raises(PlanError):
        CarrierReading(time=datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(PlanError):
        CarrierReading(time=T0, data_remaining=-1)


@pytest.mark.parametrize(
    ("expected_data", "now_left", "added"),
    [
        # 1 GB was left, 400 MB used since by the counters, 10 GB topped up
        (600 * MB, 10_600 * MB, 10 * GB),
        (None, 10_600 * MB, 9_600 * MB),
        # usage alone, counted a little differently by the carrier: no top-up
        (600 * MB, 650 * MB, None),
        (600 * MB, 500 * MB, None),
    ],
)
def test_rise_measured_from_the_counted_expectation(
    expected_data: int | None, now_left: int, added: int | None
) -> None:
    tracker, _ = TopUpTracker().observe(_reading(0, data=GB))
    _, top_up = tracker.observe(
        _reading(60, data=now_left), expected_data=expected_data
    )
    assert (None if top_up is None else top_up.data_added) == added
