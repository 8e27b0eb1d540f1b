"""quality_scale.yaml names every rule of the Integration Quality Scale, each with a status.

The rules are those of hassfest's ALL_RULES (script/hassfest/quality_scale.py in Home
Assistant core), the same 54 that every core integration's file lists in 2026.11.
"""

from __future__ import annotations

import ast
from pathlib import Path
import tomllib
from typing import Any

from homeassistant.util.yaml import load_yaml_dict
import pytest

from custom_components.data_balance import PLATFORMS as SET_UP

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "custom_components" / "data_balance"
PLATFORMS = ("sensor", "binary_sensor", "button", "event", "switch")

RULES: dict[str, tuple[str, ...]] = {
    "bronze": (
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow",
        "config-flow-test-coverage",
        "dependency-transparency",
        "docs-actions",
        "docs-conditions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "docs-triggers",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ),
    "silver": (
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ),
    "gold": (
        "devices",
        "diagnostics",
        "discovery",
        "discovery-update-info",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ),
    "platinum": ("async-dependency", "inject-websession", "strict-typing"),
}
ALL_RULES = frozenset(rule for tier in RULES.values() for rule in tier)
STATUSES = frozenset({"done", "exempt", "todo"})


def _rules() -> dict[str, Any]:
    # Read as hassfest reads it (Home Assistant's PyYAML loader).
    data = load_yaml_dict(PACKAGE / "quality_scale.yaml")
    assert set(data) == {"rules"}
    rules = data["rules"]
    assert isinstance(rules, dict)
    return rules


def _status_and_comment(value: Any) -> tuple[Any, Any]:
    """`done` alone, or a mapping with a status and a comment (core's two forms)."""
    if isinstance(value, dict):
        assert set(value) <= {"status", "comment"}, value
        return value.get("status"), value.get("comment")
    return value, None


def test_the_rule_list_is_hassfests() -> None:
    assert len(ALL_RULES) == 54
    assert sum(len(tier) for tier in RULES.values()) == len(ALL_RULES)


def test_every_rule_is_listed_and_no_other() -> None:
    rules = _rules()
    assert sorted(ALL_RULES - set(rules)) == []  # missing
    assert sorted(set(rules) - ALL_RULES) == []  # unknown


@pytest.mark.parametrize("rule", sorted(ALL_RULES))
def test_each_rule_has_a_status_and_a_reason_where_not_done(rule: str) -> None:
    status, comment = _status_and_comment(_rules()[rule])
    assert status in STATUSES
    if status != "done":
        assert isinstance(comment, str)
        assert comment.strip(), f"{rule} is {status} without a reason"
    elif comment is not None:
        assert isinstance(comment, str)
        assert comment.strip()


def test_parallel_updates_claim_holds() -> None:
    """Every platform module sets PARALLEL_UPDATES to a whole number."""
    for platform in PLATFORMS:
        tree = ast.parse((PACKAGE / f"{platform}.py").read_text(encoding="utf-8"))
        values = [
            node.value
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            and any(
                isinstance(target, ast.Name) and target.id == "PARALLEL_UPDATES"
                for target in (
                    node.targets if isinstance(node, ast.Assign) else [node.target]
                )
            )
        ]
        assert len(values) == 1, f"{platform}.py sets PARALLEL_UPDATES once"
        value = values[0]
        assert isinstance(value, ast.Constant), platform
        assert isinstance(value.value, int), platform


def test_the_platforms_checked_are_those_set_up() -> None:
    assert sorted(platform.value for platform in SET_UP) == sorted(PLATFORMS)


def test_strict_typing_claim_holds() -> None:
    """The package says it is typed (PEP 561), and mypy checks it strictly."""
    assert (PACKAGE / "py.typed").is_file()
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "mypy"
    ]
    assert mypy["strict"] is True
    assert "custom_components" in mypy["files"]
