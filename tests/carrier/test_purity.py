"""The carrier package is plain Python: standard library and itself, nothing else."""

from __future__ import annotations

import ast
from pathlib import Path
import sys

import pytest

PACKAGE = Path(__file__).parents[2] / "custom_components" / "data_balance" / "carrier"


def absolute_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name
)
def test_module_imports_only_the_standard_library(path: Path) -> None:
    outside = absolute_imports(path) - set(sys.stdlib_module_names) - {"__future__"}
    assert outside == set()
    assert "homeassistant" not in absolute_imports(path)


def test_catalogue_ships_inside_the_package() -> None:
    assert (PACKAGE / "carriers.json").is_file()
