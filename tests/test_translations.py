"""The translations mirror strings.json: same keys, placeholders and Markdown."""

from __future__ import annotations

from collections.abc import Iterator
import json
from pathlib import Path
import re
from typing import Any

import pytest

PACKAGE = Path(__file__).parents[1] / "custom_components" / "data_balance"
STRINGS = PACKAGE / "strings.json"
TRANSLATIONS = PACKAGE / "translations"
LANGUAGES = ("de", "es", "fr", "zh-Hans")

# English texts that are rightly the same in every language: placeholders,
# network generations, product and protocol names.
SAME_EVERYWHERE = frozenset(
    {
        "{name}",
        "2G (GSM)",
        "3G (UMTS)",
        "4G (LTE)",
        "5G (NR)",
        "Huawei HiLink",
        "URL",
        "ZTE (goform)",
    }
)
# Words the language itself borrowed from English, spelled the same.
SAME_IN = {
    "de": frozenset({"Code", "Port"}),
    "es": frozenset[str](),
    "fr": frozenset({"Code", "Message", "Port"}),
    "zh-Hans": frozenset[str](),
}

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
Path_ = tuple[str, ...]


def load(path: Path) -> Any:
    """The parsed JSON of a file."""
    return json.loads(path.read_text(encoding="utf-8"))


def leaves(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every (key path, value) pair below the dictionaries of a JSON tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    else:
        yield path, node


def flat(path: Path) -> dict[Path_, Any]:
    """A JSON file as {key path: leaf value}."""
    return dict(leaves(load(path)))


def dotted(paths: set[Path_]) -> list[str]:
    """Key paths as sorted dotted strings, for messages."""
    return sorted(".".join(path) for path in paths)


def markdown(text: str) -> tuple[int, int, int, int]:
    """What a translation must keep: backticks, bold marks, line breaks, quotes."""
    quotes = sum(line.startswith("> ") for line in text.split("\n"))
    return text.count("`"), text.count("**"), text.count("\n"), quotes


ENGLISH = flat(STRINGS)


def test_strings_json_is_all_text() -> None:
    bad = [".".join(path) for path, value in ENGLISH.items() if not value]
    assert not bad, f"empty or non-text values in strings.json: {bad}"
    assert all(isinstance(value, str) for value in ENGLISH.values())


def test_en_json_mirrors_strings_json() -> None:
    strings = STRINGS.read_bytes()
    assert (TRANSLATIONS / "en.json").read_bytes() == strings


def test_no_stray_translation_files() -> None:
    present = {path.stem for path in TRANSLATIONS.glob("*.json")}
    assert present == {"en", *LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_file_format(language: str) -> None:
    text = (TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, dict)
    canonical = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert text == canonical, (
        f"{language}.json: not 2-space indented JSON ending in a newline"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_same_key_paths(language: str) -> None:
    translated = set(flat(TRANSLATIONS / f"{language}.json"))
    missing = set(ENGLISH) - translated
    extra = translated - set(ENGLISH)
    assert (missing, extra) == (set(), set()), (
        f"{language}: missing {dotted(missing)}, extra {dotted(extra)}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_values_are_text(language: str) -> None:
    bad = [
        ".".join(path)
        for path, value in flat(TRANSLATIONS / f"{language}.json").items()
        if not isinstance(value, str) or not value.strip()
    ]
    assert not bad, f"{language}: empty or non-text values {bad}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_kept(language: str) -> None:
    wrong = []
    for path, value in flat(TRANSLATIONS / f"{language}.json").items():
        english = ENGLISH.get(path)
        if not isinstance(english, str) or not isinstance(value, str):
            continue
        want = set(PLACEHOLDER.findall(english))
        got = set(PLACEHOLDER.findall(value))
        if want != got:
            wrong.append(f"{'.'.join(path)}: {sorted(got)} != {sorted(want)}")
    assert not wrong, f"{language}: placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_markdown_kept(language: str) -> None:
    wrong = [
        ".".join(path)
        for path, value in flat(TRANSLATIONS / f"{language}.json").items()
        if isinstance(english := ENGLISH.get(path), str)
        and isinstance(value, str)
        and markdown(value) != markdown(english)
    ]
    assert not wrong, (
        f"{language}: backticks, bold, line breaks or quotes differ {wrong}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated(language: str) -> None:
    allowed = SAME_EVERYWHERE | SAME_IN[language]
    untranslated = [
        ".".join(path)
        for path, value in flat(TRANSLATIONS / f"{language}.json").items()
        if value == ENGLISH.get(path) and value not in allowed
    ]
    assert not untranslated, f"{language}: still in English {untranslated}"


def test_placeholder_pattern() -> None:
    assert PLACEHOLDER.findall("{title}: `{where}` {count}") == [
        "{title}",
        "{where}",
        "{count}",
    ]
    assert markdown("a `b`\n\n> **c**") == (2, 2, 2, 1)
