"""The static check against the newest Home Assistant can fail, and says why."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
import sys
from types import ModuleType
import zipfile

import pytest


def load_checker() -> ModuleType:
    """Import scripts/check_ha_compat.py (scripts/ is not a package)."""
    path = Path(__file__).parents[1] / "scripts" / "check_ha_compat.py"
    spec = importlib.util.spec_from_file_location("check_ha_compat", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(name="checker")
def checker_fixture() -> ModuleType:
    """The checker module."""
    return load_checker()


@pytest.fixture
def wheel(tmp_path: Path) -> Path:
    """A tiny fake Home Assistant wheel with Python 3.14 syntax in it."""
    path = tmp_path / "homeassistant-9999.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("homeassistant/__init__.py", "")
        archive.writestr(
            "homeassistant/const.py",
            "from enum import StrEnum\n"
            "class Platform(StrEnum):\n    SENSOR = 'sensor'\n"
            "_DEPRECATED_OLD_UNIT = DeprecatedConstant('x', 'y', '2027.1')\n"
            "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
        )
        archive.writestr("homeassistant/helpers/__init__.py", "")
        archive.writestr(
            "homeassistant/helpers/config_validation.py",
            "@deprecated_function('new')\ndef old_helper(): ...\ndef string(value): ...\n",
        )
    return path


def uses_of(checker: ModuleType, source: str) -> list[object]:
    """What the checker collects from a source text."""
    result: list[object] = checker._uses_in(ast.parse(source), "x.py")
    return result


def test_missing_and_deprecated_names(checker: ModuleType, wheel: Path) -> None:
    source = (
        "from homeassistant.const import Platform, OLD_UNIT, GONE\n"
        "from homeassistant.helpers import config_validation as cv\n"
        "import homeassistant.removed_module\n"
        "cv.string\ncv.old_helper\ncv.vanished\nPlatform.SENSOR\n"
    )
    missing, deprecated = checker.check(checker.Wheel(wheel), uses_of(checker, source))
    assert missing == [
        "x.py:1: homeassistant.const.GONE does not exist",
        "x.py:3: module homeassistant.removed_module is gone",
        "x.py:6: homeassistant.helpers.config_validation.vanished does not exist",
    ]
    assert deprecated == [
        "x.py:1: homeassistant.const.OLD_UNIT is deprecated",
        "x.py:5: homeassistant.helpers.config_validation.old_helper is deprecated",
    ]


def test_the_integration_passes_against_a_compatible_wheel(
    checker: ModuleType, wheel: Path
) -> None:
    uses = checker.collect_uses(checker.PACKAGE)
    assert any(use.module == "homeassistant.core" for use in uses)
    missing, _ = checker.check(checker.Wheel(wheel), uses)
    assert missing  # the fake wheel lacks homeassistant.core: the check notices


def test_unparseable_module_falls_back_to_a_scan(checker: ModuleType) -> None:
    facts = checker._module_facts(
        "def ok(): ...\nCONSTANT: int = 1\nmatch x:\n  case ??? :\n"
    )
    assert {"ok", "CONSTANT"} <= facts.names
