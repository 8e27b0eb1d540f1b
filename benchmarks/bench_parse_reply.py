"""Benchmark parse_reply: carrier messages parsed per second over the reply corpus.

Run from the repository root: `.venv/bin/python -m benchmarks.bench_parse_reply`
(or `.venv/bin/python benchmarks/bench_parse_reply.py`). It prints figures and
never asserts times; the tests do not run it.
"""

import json
from pathlib import Path
import sys
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.data_balance.carrier import parse_reply

CORPUS_DIRECTORY = (
    Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "carrier"
)
ROUNDS = 20


def load_messages() -> list[tuple[str, str | None]]:
    """Every (text, country) pair of the reply corpus."""
    messages: list[tuple[str, str | None]] = []
    for path in sorted(CORPUS_DIRECTORY.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        messages.extend((case["text"], case["country"]) for case in document["cases"])
    return messages


def parse_all(messages: list[tuple[str, str | None]], rounds: int) -> float:
    """Parse every message ``rounds`` times; return the seconds it took."""
    start = time.perf_counter()
    for _ in range(rounds):
        for text, country in messages:
            parse_reply(text, country)
    return time.perf_counter() - start


def main() -> None:
    """Print messages parsed per second, and the slowest message."""
    messages = load_messages()
    parse_all(messages, 1)  # warm the compiled patterns and the catalogue cache
    seconds = parse_all(messages, ROUNDS)
    parsed = len(messages) * ROUNDS
    print(f"corpus: {len(messages)} messages, {ROUNDS} rounds")
    print(
        f"parse_reply: {parsed / seconds:,.0f} messages/s ({seconds / parsed * 1e6:,.0f} µs each)"
    )
    slowest = max(messages, key=lambda message: parse_all([message], 5))
    print(f"slowest: {slowest[0][:60]!r}")


if __name__ == "__main__":
    main()
