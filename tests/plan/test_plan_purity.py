"""plan.py and its package stay a pure library: stdlib only, no clock, no Home Assistant."""

import ast
from pathlib import Path

import pytest

import custom_components.data_balance.plan as plan_module

PACKAGE = Path(plan_module.__file__).parent
SOURCES = [PACKAGE / "plan.py", *sorted((PACKAGE / "planning").glob("*.py"))]
ALLOWED = {
    "__future__",
    "calendar",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "json",
    "typing",
    "zoneinfo",
}
CLOCK_READS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter"}


def _imports(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_imports_only_the_standard_library(source: Path) -> None:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    top_level = {name.split(".")[0] for name in _imports(tree)}
    assert "homeassistant" not in top_level
    assert top_level <= ALLOWED


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_never_reads_the_clock(source: Path) -> None:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    called = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert not called & CLOCK_READS


def test_the_package_is_all_there() -> None:
    assert len(SOURCES) >= 8
    assert set(plan_module.__all__) <= set(dir(plan_module))
