"""After a balance request, the next message from the profile's sender is its answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.data_balance.carrier import (
    IncomingMessage,
    ReplyCorrelator,
    carrier_profile,
    custom_profile,
)
from custom_components.data_balance.carrier.catalogue import RequestMethod
from custom_components.data_balance.carrier.correlation import same_sender

SENT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PROFILE = carrier_profile("tmobile_us")
KEYWORD = next(
    request for request in PROFILE.requests if request.method is RequestMethod.SMS
)
USSD_BY_SMS = next(request for request in PROFILE.requests if request.code == "#225#")


def message(sender: str, text: str, seconds: float) -> IncomingMessage:
    return IncomingMessage(sender, text, SENT + timedelta(seconds=seconds))


def test_answer_from_the_sender_within_the_window_is_matched_and_parsed() -> None:
    correlator = ReplyCorrelator(PROFILE)
    correlator.request_sent(KEYWORD, SENT)
    assert correlator.waiting
    routed = correlator.route(message("6399", "Your balance is $7.20.", 5))
    assert routed.is_answer
    assert routed.report is not None
    assert routed.report.balance == Decimal("7.20")
    assert not correlator.waiting


def test_other_senders_pass_through_and_the_request_keeps_waiting() -> None:
    correlator = ReplyCorrelator(PROFILE)
    correlator.request_sent(KEYWORD, SENT)
    other = correlator.route(message("+15550100", "See you at 6?", 2))
    assert not other.is_answer
    assert other.report is None
    assert correlator.waiting
    assert correlator.route(message("6399", "Your balance is $1.00.", 3)).is_answer


def test_only_the_first_answer_counts() -> None:
    correlator = ReplyCorrelator(PROFILE)
    correlator.request_sent(KEYWORD, SENT)
    assert correlator.route(message("6399", "Your balance is $1.00.", 3)).is_answer
    second = correlator.route(message("6399", "Your balance is $1.00.", 4))
    assert not second.is_answer
    assert second.report is not None


def test_late_answer_is_an_ordinary_message() -> None:
    correlator = ReplyCorrelator(PROFILE, window=timedelta(minutes=1))
    correlator.request_sent(KEYWORD, SENT)
    routed = correlator.route(message("6399", "Your balance is $1.00.", 61))
    assert not routed.is_answer
    assert not correlator.waiting


def test_message_from_before_the_request_is_not_its_answer() -> None:
    correlator = ReplyCorrelator(PROFILE)
    correlator.request_sent(KEYWORD, SENT)
    assert not correlator.route(message("6399", "Your balance is $1.00.", -1)).is_answer
    assert correlator.waiting


def test_request_without_known_senders_takes_the_next_message_from_anyone() -> None:
    correlator = ReplyCorrelator(PROFILE)
    correlator.request_sent(USSD_BY_SMS, SENT)
    routed = correlator.route(message("456", "Your account balance is $12.50.", 4))
    assert routed.is_answer


def test_ussd_answered_in_session_needs_no_correlation() -> None:
    profile = custom_profile(code="*100#")
    correlator = ReplyCorrelator(profile)
    correlator.request_sent(profile.requests[0], SENT)
    assert not correlator.waiting
    assert not correlator.route(message("100", "Saldo 5,00 EUR", 1)).is_answer


def test_expire_forgets_a_request_only_after_its_window() -> None:
    correlator = ReplyCorrelator(PROFILE, window=timedelta(seconds=30))
    assert not correlator.expire(SENT)
    correlator.request_sent(KEYWORD, SENT)
    assert not correlator.expire(SENT + timedelta(seconds=30))
    assert correlator.expire(SENT + timedelta(seconds=31))
    assert not correlator.waiting


def test_a_new_request_restarts_the_window() -> None:
    correlator = ReplyCorrelator(PROFILE, window=timedelta(seconds=30))
    correlator.request_sent(KEYWORD, SENT)
    correlator.request_sent(KEYWORD, SENT + timedelta(seconds=25))
    assert correlator.route(message("6399", "Your balance is $2.00.", 50)).is_answer


@pytest.mark.parametrize(
    ("expected", "actual", "same"),
    [
        ("6399", "6399", True),
        ("6399", "16399", False),
        ("T-Mobile", "t-mobile", True),
        ("+44 7700 900123", "07700900123", True),
        ("+447700900123", "447700900124", False),
        ("MTS", "111", False),
        ("0601593603", "+33601593603", True),
    ],
)
def test_same_sender(expected: str, actual: str, same: bool) -> None:
    assert same_sender(expected, actual) is same


@settings(max_examples=200, deadline=None)
@given(
    arrivals=st.lists(
        st.tuples(st.sampled_from(["6399", "+15550100", "611"]), st.integers(-60, 400)),
        max_size=12,
    )
)
def test_at_most_one_answer_per_request_and_only_in_the_window(
    arrivals: list[tuple[str, int]],
) -> None:
    correlator = ReplyCorrelator(PROFILE, window=timedelta(minutes=3))
    correlator.request_sent(KEYWORD, SENT)
    routed = [
        correlator.route(message(sender, "Your balance is $1.00.", seconds))
        for sender, seconds in sorted(arrivals, key=lambda arrival: arrival[1])
    ]
    answers = [item for item in routed if item.is_answer]
    assert len(answers) <= 1
    for answer in answers:
        assert answer.message.sender == "6399"
        assert SENT <= answer.message.received <= SENT + timedelta(minutes=3)
    assert all(item.report is not None for item in routed)
