"""The library subpackages never import Home Assistant (design.md §3)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "custom_components" / "data_balance"
LIBRARIES = ("modem", "hotspot", "carrier", "plan.py", "planning")


def homeassistant_imports(source: str) -> list[int]:
    """Line numbers of `import homeassistant...` / `from homeassistant... import`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] == "homeassistant" for name in names):
            lines.append(node.lineno)
    return lines


def library_files() -> list[Path]:
    """Every Python file of the library subpackages that exists now."""
    files: list[Path] = []
    for name in LIBRARIES:
        path = PACKAGE / name
        files.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return files


def test_detector_finds_imports() -> None:
    assert homeassistant_imports(
        "import homeassistant.core\nfrom homeassistant import config_entries\n"
    ) == [1, 2]
    assert homeassistant_imports(
        "def f():\n    from homeassistant.const import X\n"
    ) == [2]
    assert (
        homeassistant_imports(
            "from . import homeassistant_like\nimport homeassistantx\n"
        )
        == []
    )


@pytest.mark.parametrize(
    "path", library_files(), ids=lambda path: str(path.relative_to(PACKAGE))
)
def test_library_is_free_of_homeassistant(path: Path) -> None:
    assert homeassistant_imports(path.read_text(encoding="utf-8")) == []
