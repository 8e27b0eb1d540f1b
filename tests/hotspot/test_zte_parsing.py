"""ZTE value readers: limits, dates, states, texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from custom_components.data_balance.hotspot import (
    HotspotRequestError,
    HotspotResponseError,
    zte_parse as parse,
)
from custom_components.data_balance.modem import AccessTechnology, SimState


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ("10_1024", 10 * 1024**3),
        ("500_1", 500 * 1024**2),
        ("1.5_1024", int(1.5 * 1024**3)),
        ("0_1024", None),
        ("", None),
        ("10GB", None),
    ],
)
def test_data_limit(size: str, expected: int | None) -> None:
    assert parse.data_limit(size) == expected


def test_message_time() -> None:
    assert parse.message_time("26,11,25,12,09,24,+8", UTC) == datetime(
        2026, 11, 25, 12, 9, 24, tzinfo=timezone(timedelta(hours=2))
    )
    assert parse.message_time("26,11,25,12,09,24", UTC).tzinfo is UTC
    with pytest.raises(HotspotResponseError):
        parse.message_time("yesterday", UTC)


def test_send_time() -> None:
    moment = datetime(2026, 9, 13, 14, 5, 33, tzinfo=timezone(timedelta(hours=1)))
    assert parse.send_time(moment) == "26;09;13;14;05;33;+1"
    west = datetime(2026, 9, 13, 14, 5, 33, tzinfo=timezone(timedelta(hours=-3.5)))
    assert parse.send_time(west) == "26;09;13;14;05;33;-3.5"


@pytest.mark.parametrize(
    ("network_type", "expected"),
    [
        ("LTE", AccessTechnology.LTE),
        ("ENDC", AccessTechnology.NR),
        ("WCDMA", AccessTechnology.UMTS),
        ("HSPA+", AccessTechnology.UMTS),
        ("EDGE", AccessTechnology.GSM),
        ("", None),
        ("Limited Service", None),
    ],
)
def test_access_technology(
    network_type: str, expected: AccessTechnology | None
) -> None:
    assert parse.access_technology(network_type) == expected


def test_states() -> None:
    assert parse.sim_state("modem_init_complete") is SimState.READY
    assert parse.sim_state("modem_waitpin") is SimState.PIN_REQUIRED
    assert parse.sim_state("modem_waitpuk") is SimState.PUK_REQUIRED
    assert parse.sim_state("modem_sim_undetected") is SimState.NOT_INSERTED
    assert parse.sim_state("modem_handover") is SimState.OTHER
    assert parse.connected("ipv4_ipv6_connected")
    assert not parse.connected("ppp_disconnected")
    assert parse.roaming("International")
    assert not parse.roaming("Home")
    assert not parse.roaming("")


def test_fields() -> None:
    data = {"a": " 7 ", "b": "", "c": "x", "d": None}
    assert parse.text(data, "b", "a") == "7"
    assert parse.text(data, "missing") == ""
    assert parse.number(data, "c") is None
    assert parse.whole(data, "a") == 7
    assert parse.whole(data, "d") is None
    with pytest.raises(HotspotResponseError):
        parse.counter(data, "c")


def test_texts() -> None:
    assert parse.decode_text("00480069") == "Hi"
    assert parse.decode_text("D83DDE00") == "😀"
    for bad in ("0048006", "zz", "D83D"):
        with pytest.raises(HotspotResponseError) as caught:
            parse.decode_text(bad)
        assert bad not in str(caught.value)
    assert parse.encode_text("BAL") == ("00420041004C", "GSM7_default")
    assert parse.encode_text("Привет")[1] == "UNICODE"
    with pytest.raises(HotspotRequestError):
        parse.encode_text("\ud800")
