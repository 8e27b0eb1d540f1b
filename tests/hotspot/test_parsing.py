"""The small readers: safe XML, HiLink values, addresses, request checks, the factory."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime

from aiohttp import ClientSession
from hypothesis import given, strategies as st
import pytest

from custom_components.data_balance.hotspot import (
    HiLinkClient,
    HotspotClient,
    HotspotConnectionError,
    HotspotFamily,
    HotspotRequestError,
    HotspotResponseError,
    connect,
    create_client,
    hilink_parse as parse,
    xmlsafe,
)
from custom_components.data_balance.hotspot._http import base_url
from custom_components.data_balance.modem import AccessTechnology, SimState
from simulator.hotspot import HotspotSimulator

from .conftest import FAST


def test_parse_and_fields() -> None:
    root = xmlsafe.parse(
        b'<?xml version="1.0" encoding="UTF-8"?><response><A>1</A><B/>'
        b"<C> spaced </C></response>"
    )
    assert root.tag == "response"
    assert xmlsafe.fields(root) == {"A": "1", "B": "", "C": " spaced "}


@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"<response>",
        b"not xml",
        b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>',
        b"<r><!ENTITY x 'y'></r>",
        b"<r>" + b"a" * (xmlsafe.MAX_DOCUMENT_BYTES + 1) + b"</r>",
        b"<r>&undefined;</r>",
    ],
)
def test_refused_documents(document: bytes) -> None:
    with pytest.raises(HotspotResponseError):
        xmlsafe.parse(document)


@given(st.binary(max_size=300))
def test_any_bytes_parse_or_fail_typed(document: bytes) -> None:
    with contextlib.suppress(HotspotResponseError):
        xmlsafe.parse(document)


@given(st.text(max_size=200))
def test_build_escapes_and_round_trips(text: str) -> None:
    cleaned = "".join(
        char for char in text if char in "\t\n" or " " <= char <= "\ud7ff"
    ).replace("\r", "")
    document = xmlsafe.build((("Content", cleaned), ("Phones", (("Phone", "1"),))))
    root = xmlsafe.parse(document)
    assert xmlsafe.fields(root)["Content"] == cleaned
    assert root.findtext("Phones/Phone") == "1"


def test_build_keeps_order() -> None:
    document = xmlsafe.build((("PageIndex", 1), ("ReadCount", 20), ("BoxType", 1)))
    assert document.endswith(
        b"<request><PageIndex>1</PageIndex><ReadCount>20</ReadCount>"
        b"<BoxType>1</BoxType></request>"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10GB", 10 * 1024**3),
        ("1000MB", 1000 * 1024**2),
        ("1.5GB", int(1.5 * 1024**3)),
        ("2TB", 2 * 1024**4),
        ("512KB", 512 * 1024),
        ("0MB", None),
        ("", None),
        (None, None),
        ("lots", None),
    ],
)
def test_data_limit(text: str | None, expected: int | None) -> None:
    assert parse.data_limit(text) == expected


def test_values() -> None:
    assert parse.measurement("&gt;=-51dBm") == -51
    assert parse.measurement(">=-51dBm") == -51
    assert parse.measurement("-11.5dB") == -11.5
    assert parse.measurement("") is None
    assert parse.whole(-85.6) == -86
    assert parse.whole(None) is None
    assert parse.optional_int(" 7 ") == 7
    assert parse.optional_int("-3") == -3
    assert parse.optional_int("x") is None
    assert parse.optional_int(None) is None
    assert parse.clear_date("2026-11-1") == date(2026, 11, 1)
    assert parse.clear_date("2026-13-1") is None
    assert parse.clear_date("") is None
    assert parse.message_time("2026-11-25 12:09:24", UTC) == datetime(
        2026, 11, 25, 12, 9, 24, tzinfo=UTC
    )
    with pytest.raises(HotspotResponseError):
        parse.message_time("yesterday", UTC)
    with pytest.raises(HotspotResponseError):
        parse.counter({"TotalUpload": "-1"}, "TotalUpload")
    with pytest.raises(HotspotResponseError):
        parse.counter({}, "TotalUpload")


@pytest.mark.parametrize(
    ("network_type", "expected"),
    [
        ("0", None),
        ("", None),
        ("1", AccessTechnology.GSM),
        ("3", AccessTechnology.GSM),
        ("4", AccessTechnology.UMTS),
        ("9", AccessTechnology.UMTS),
        ("19", AccessTechnology.LTE),
        ("101", AccessTechnology.LTE),
        ("1011", AccessTechnology.LTE),
        ("111", AccessTechnology.NR),
    ],
)
def test_access_technology(
    network_type: str, expected: AccessTechnology | None
) -> None:
    assert parse.access_technology(network_type) == expected


def test_sim_state() -> None:
    assert parse.sim_state("1") is SimState.READY
    assert parse.sim_state("255") is SimState.NOT_INSERTED
    assert parse.sim_state("0") is SimState.NOT_INSERTED
    assert parse.sim_state("260") is SimState.OTHER
    assert parse.sim_state(None) is SimState.OTHER


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("192.168.8.1", "http://192.168.8.1"),
        ("http://192.168.8.1/", "http://192.168.8.1"),
        ("https://router.lan:8443/html/home.html", "https://router.lan:8443"),
        ("127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("[fe80::1]:80", "http://[fe80::1]:80"),
    ],
)
def test_base_url(host: str, expected: str) -> None:
    assert base_url(host) == expected


async def test_factory(hilink_sim: HotspotSimulator, http: ClientSession) -> None:
    client = create_client(
        http, "huawei_hilink", hilink_sim.url, password="admin", options=FAST
    )
    assert isinstance(client, HiLinkClient)
    assert isinstance(client, HotspotClient)
    assert hilink_sim.hilink.requests == []
    connected = await connect(
        http,
        HotspotFamily.HUAWEI_HILINK,
        hilink_sim.url,
        password="admin",
        options=FAST,
    )
    assert hilink_sim.hilink.requests.count("POST user/login") == 1
    await connected.close()
    with pytest.raises(HotspotRequestError):
        create_client(http, "netgear", hilink_sim.url)
    with pytest.raises(HotspotConnectionError):
        create_client(http, "huawei_hilink", "ftp://x")
