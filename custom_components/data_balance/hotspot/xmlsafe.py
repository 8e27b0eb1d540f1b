"""Reading and writing the small XML documents HiLink routers speak, safely.

The standard library's parser is used behind a guard: a document that declares a
DTD or entities is refused before parsing (no entity expansion, no external
fetches), and so is one that is too large. This replaces a dependency on
defusedxml for the tiny, flat documents routers send.
"""

from __future__ import annotations

from collections.abc import Sequence
import re
from xml.etree import ElementTree as ET

from .errors import HotspotResponseError

MAX_DOCUMENT_BYTES = 4 * 1024 * 1024
_FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)

type XmlValue = str | int | Sequence[tuple[str, XmlValue]]
type XmlFields = Sequence[tuple[str, XmlValue]]


def parse(document: bytes) -> ET.Element:
    """Parse a router's reply; any failure is a `HotspotResponseError`."""
    if len(document) > MAX_DOCUMENT_BYTES:
        raise HotspotResponseError("reply too large")
    if _FORBIDDEN.search(document):
        raise HotspotResponseError("reply declares a DTD or entities")
    parser = ET.XMLParser()  # noqa: S314 - DTDs and entities are refused above
    try:
        parser.feed(document)
        return parser.close()
    except ET.ParseError as err:
        raise HotspotResponseError(f"unreadable XML: {err}") from None


def fields(element: ET.Element) -> dict[str, str]:
    """The child elements' texts by tag, as sent (empty string for an empty element)."""
    return {child.tag: child.text or "" for child in element}


def build(request: XmlFields, root: str = "request") -> bytes:
    """`<?xml ...?><request><Name>value</Name>...</request>`, escaped, in the given order."""
    element = ET.Element(root)
    _append(element, request)
    body = ET.tostring(element, encoding="unicode", short_empty_elements=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode()


def _append(parent: ET.Element, children: XmlFields) -> None:
    for tag, value in children:
        child = ET.SubElement(parent, tag)
        if isinstance(value, str | int):
            child.text = str(value)
        else:
            _append(child, value)
