"""The reply corpus in tests/fixtures/carrier: texts and the figures they hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
import json
from pathlib import Path
import re
from typing import Any

from custom_components.data_balance.carrier import (
    BalanceReport,
    MessageKind,
    ParseOptions,
    parse_reply,
    parse_with_options,
)

CORPUS_DIRECTORY = Path(__file__).parents[1] / "fixtures" / "carrier"

# Written out independently of the parser: the test must not trust the code it tests.
_UNIT_BYTES = {
    "B": 1,
    "KB": 1000,
    "MB": 1000**2,
    "GB": 1000**3,
    "TB": 1000**4,
    "KiB": 1024,
    "MiB": 1024**2,
    "GiB": 1024**3,
}
_BINARY_UNIT_BYTES = {"KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
_DURATION = re.compile(r"(?P<count>\d+)(?P<unit>[dh])")
_EXPECTED_KEYS = frozenset(
    {
        "kind",
        "data_remaining",
        "data_total",
        "data_used",
        "unlimited",
        "balance",
        "currency",
        "top_up_amount",
        "expires",
        "valid_for",
    }
)
_CASE_KEYS = frozenset({"id", "text", "country", "expected", "binary", "source"})


@dataclass(frozen=True)
class CorpusCase:
    """One reply text and what it must parse to (None: nothing recognisable)."""

    case_id: str
    text: str
    country: str | None
    binary: bool
    expected: BalanceReport | None

    def parse(self) -> BalanceReport | None:
        """Parse the text the way the case says."""
        if self.binary:
            options = ParseOptions(country=self.country, binary_units=True)
            return parse_with_options(self.text, options)
        return parse_reply(self.text, self.country)


def load_corpus() -> list[CorpusCase]:
    """Every case of every corpus file, in file order."""
    cases = []
    for path in sorted(CORPUS_DIRECTORY.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for raw in document["cases"]:
            assert set(raw) <= _CASE_KEYS, f"unknown keys in {path.name}: {raw}"
            binary = bool(raw.get("binary", False))
            cases.append(
                CorpusCase(
                    case_id=f"{path.stem}/{raw['id']}",
                    text=raw["text"],
                    country=raw["country"],
                    binary=binary,
                    expected=_expected_report(raw["expected"], binary=binary),
                )
            )
    return cases


def corpus_texts() -> list[str]:
    """Every text of the corpus."""
    return [case.text for case in load_corpus()]


def to_bytes(amount: int | str, *, binary: bool = False) -> int:
    """Read "2.5 GB" (or an integer of bytes) the way the corpus writes it."""
    if isinstance(amount, int):
        return amount
    number, unit = amount.split()
    factor = (_BINARY_UNIT_BYTES if binary else {}).get(unit) or _UNIT_BYTES[unit]
    return int(Decimal(number) * factor)


def _expected_report(
    raw: dict[str, Any] | None, *, binary: bool
) -> BalanceReport | None:
    if raw is None:
        return None
    assert set(raw) <= _EXPECTED_KEYS, (
        f"unknown expected fields: {set(raw) - _EXPECTED_KEYS}"
    )

    def data(key: str) -> int | None:
        value = raw.get(key)
        return None if value is None else to_bytes(value, binary=binary)

    def money(key: str) -> Decimal | None:
        value = raw.get(key)
        return None if value is None else Decimal(value)

    return BalanceReport(
        kind=MessageKind(raw["kind"]),
        data_remaining=data("data_remaining"),
        data_total=data("data_total"),
        data_used=data("data_used"),
        unlimited=bool(raw.get("unlimited", False)),
        balance=money("balance"),
        currency=raw.get("currency"),
        top_up_amount=money("top_up_amount"),
        expires=_expected_expiry(raw.get("expires")),
        valid_for=_expected_duration(raw.get("valid_for")),
    )


def _expected_expiry(value: str | None) -> date | datetime | None:
    if value is None:
        return None
    if "T" in value:
        return datetime.fromisoformat(value)
    return date.fromisoformat(value)


def _expected_duration(value: str | None) -> timedelta | None:
    if value is None:
        return None
    match = _DURATION.fullmatch(value)
    assert match is not None, f"bad duration {value!r} in the corpus"
    count = int(match["count"])
    return timedelta(days=count) if match["unit"] == "d" else timedelta(hours=count)
