"""Library throughput: carrier texts parsed per second, SMS-DELIVER PDUs decoded per second."""

from __future__ import annotations

from datetime import UTC, datetime
import time

from custom_components.data_balance.modem.pdu import decode_deliver
from simulator.pdu import Concat, encode_deliver

from .bench_parse_reply import load_messages, parse_all
from .conftest import record

ROUNDS = 20
DECODES = 20_000


def test_parse_reply_rate() -> None:
    """Carrier texts of the reply corpus parsed per second."""
    messages = load_messages()
    parse_all(messages, 1)  # warm the compiled patterns
    seconds = parse_all(messages, ROUNDS)
    rate = len(messages) * ROUNDS / seconds
    record(
        "6 library throughput (one core)",
        "parse_reply",
        f"{rate:,.0f} /s",
        f"{len(messages)} corpus texts x {ROUNDS}",
    )


def test_pdu_decode_rate() -> None:
    """SMS-DELIVER PDUs decoded per second."""
    stamp = datetime(2026, 11, 25, 12, tzinfo=UTC)
    pdus = [
        encode_deliver(
            "+15550100", "Your balance is $7.20. Plan renews 12/05/2026.", stamp
        ),
        encode_deliver("6399", "Баланс: 150,25 руб. Остаток 3.1 ГБ", stamp),  # noqa: RUF001
        encode_deliver("Carrier", "x" * 153, stamp, concat=Concat(7, 3, 2)),
    ]
    started = time.perf_counter()
    for index in range(DECODES):
        hex_text, length = pdus[index % len(pdus)]
        decode_deliver(hex_text, length)
    rate = DECODES / (time.perf_counter() - started)
    record(
        "6 library throughput (one core)",
        "SMS-DELIVER decode",
        f"{rate:,.0f} /s",
        "GSM-7, UCS2 and a concatenated part",
    )
