"""Every reply text in the corpus parses to exactly its expected figures."""

from __future__ import annotations

from collections import Counter

import pytest

from .corpus import CorpusCase, load_corpus

CORPUS = load_corpus()


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.case_id)
def test_reply_parses_to_expected_figures(case: CorpusCase) -> None:
    assert case.parse() == case.expected


def test_corpus_is_large_and_covers_every_language() -> None:
    languages = Counter(case.case_id.split("/")[0] for case in CORPUS)
    assert len(CORPUS) >= 80
    assert set(languages) >= {
        "en",
        "es",
        "pt",
        "fr",
        "de",
        "it",
        "pl",
        "ru",
        "sv",
        "hu",
        "zh",
    }
    assert all(count >= 5 for language, count in languages.items())


def test_corpus_covers_every_message_kind() -> None:
    kinds = {case.expected.kind for case in CORPUS if case.expected is not None}
    assert {kind.value for kind in kinds} == {
        "balance",
        "top_up",
        "low_data",
        "expiry_warning",
        "other",
    }
    assert any(case.expected is None for case in CORPUS)
