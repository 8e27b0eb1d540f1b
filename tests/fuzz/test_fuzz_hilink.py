"""Fuzz the Huawei HiLink XML reader and its field readers (the hotspot library, read-only).

Whatever a router sends, only the hotspot library's own `HotspotError` may escape:
`xmlsafe.parse` refuses DTDs, entities, oversized and malformed documents; a reply is a
`<response>` or becomes its error; each field reader returns a value or None, or raises
`HotspotResponseError`.
"""

from __future__ import annotations

from collections.abc import Callable
import contextlib
from datetime import UTC
from http.cookies import SimpleCookie
from typing import Any
from xml.etree import ElementTree as ET

from hypothesis import given, strategies as st
from multidict import CIMultiDict, CIMultiDictProxy

from custom_components.data_balance.hotspot import hilink_parse, xmlsafe
from custom_components.data_balance.hotspot._http import Reply
from custom_components.data_balance.hotspot.errors import HotspotError
from custom_components.data_balance.hotspot.hilink_api import _response
from custom_components.data_balance.hotspot.hilink_errors import lock_wait

from .budget import fuzz_settings

_TAGS = [
    "response",
    "error",
    "code",
    "message",
    "Count",
    "Messages",
    "Message",
    "Index",
    "Content",
    "Date",
    "CurrentMonthDownload",
    "DataLimit",
    "rsrp",
    "SimStatus",
]
_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "100003",
            "108007",
            "125002",
            "-86dBm",
            "10GB",
            "2026-11-1",
            "2026-11-25 12:09:24",
            "9" * 400,
            "²",
            "&amp;",
            "&lt;",
            "]]>",
        ]
    ),
)


@st.composite
def hilink_document(draw: st.DrawFn) -> bytes:
    """A HiLink-shaped XML document, well-formed or broken."""
    root = draw(st.sampled_from(["response", "error", "request", "x"]))
    children = draw(st.lists(st.tuples(st.sampled_from(_TAGS), _TEXT), max_size=8))
    body = "".join(f"<{tag}>{text}</{tag}>" for tag, text in children)
    head = draw(
        st.sampled_from(
            [
                '<?xml version="1.0" encoding="UTF-8"?>',
                "",
                '<?xml version="1.0"?>\n',
                '<!DOCTYPE r [<!ENTITY a "b">]>',
                '<?xml version="1.0" encoding="UTF-16"?>',
            ]
        )
    )
    document = f"{head}<{root}>{body}</{root}>".encode()
    cut = draw(st.one_of(st.none(), st.integers(0, len(document))))
    return document if cut is None else document[:cut]


def _reply(body: bytes) -> Reply:
    return Reply(200, CIMultiDictProxy(CIMultiDict()), SimpleCookie(), body)


@fuzz_settings(1500)
@given(document=st.one_of(hilink_document(), st.binary(max_size=200)))
def test_any_reply_is_a_response_or_a_hotspot_error(document: bytes) -> None:
    try:
        root = _response("api/monitoring/status", _reply(document))
    except HotspotError:
        return
    assert isinstance(root, ET.Element)
    assert root.tag == "response"
    assert all(isinstance(value, str) for value in xmlsafe.fields(root).values())


_FIELD = st.one_of(
    _TEXT,
    st.from_regex(
        r"-?[0-9]{1,500}(\.[0-9]{1,5})?\s?(d[Bb]m?|[KMGT]?B)?", fullmatch=True
    ),
    st.from_regex(r"[0-9]{1,25}-[0-9]{1,25}-[0-9]{1,25}", fullmatch=True),
)
_READERS: dict[str, Callable[[str], Any]] = {
    "counter": lambda value: hilink_parse.counter({"Count": value}, "Count"),
    "optional_int": hilink_parse.optional_int,
    "data_limit": hilink_parse.data_limit,
    "measurement": lambda value: hilink_parse.whole(hilink_parse.measurement(value)),
    "clear_date": hilink_parse.clear_date,
    "message_time": lambda value: hilink_parse.message_time(value, UTC),
    "access_technology": hilink_parse.access_technology,
    "sim_state": hilink_parse.sim_state,
    "lock_wait": lock_wait,
}


@fuzz_settings(1500)
@given(value=_FIELD)
def test_field_readers_raise_only_hotspot_errors(value: str) -> None:
    for reader in _READERS.values():
        with contextlib.suppress(HotspotError):
            reader(value)
