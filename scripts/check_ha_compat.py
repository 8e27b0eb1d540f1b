"""Check the integration's Home Assistant imports against the newest release.

A quick static check beside the runtime legs (scripts/test's py314 and ha2611 run the
suite on 2026.10.4 and 2026.11.0): this downloads the newest wheel and verifies that
every `homeassistant` module and name the integration imports (and every attribute used
through an imported module, such as `cv.string`) still exists there. Names that exist
but are deprecated are warnings; missing ones are failures. It sees imports, not calls.

Usage: python scripts/check_ha_compat.py [--version 2026.11.0] [--wheel PATH]
"""

from __future__ import annotations

import argparse
import ast
from dataclasses import dataclass, field
from pathlib import Path
import re
import subprocess
import sys
import zipfile

NEWEST_HOME_ASSISTANT = "2026.11.0"
PYTHON_OF_NEWEST = "3.14.2"
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "custom_components" / "data_balance"
CACHE = ROOT / ".cache" / "ha-wheels"
DEPRECATION_MARKERS = (
    "deprecated_function",
    "deprecated_class",
    "deprecated_hass_argument",
)


@dataclass
class ModuleFacts:
    """What a module of the wheel defines, and which of it is deprecated."""

    names: set[str] = field(default_factory=set)
    deprecated: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Use:
    """One `homeassistant` name the integration uses, and where."""

    module: str
    name: str | None
    where: str
    via_alias: bool = False


class Wheel:
    """Module sources of a Home Assistant wheel, parsed on demand."""

    def __init__(self, path: Path) -> None:
        """Open the wheel."""
        self._zip = zipfile.ZipFile(path)
        self._files = set(self._zip.namelist())
        self._facts: dict[str, ModuleFacts | None] = {}

    def source_path(self, module: str) -> str | None:
        """The file holding a module, if the wheel has it."""
        base = module.replace(".", "/")
        for candidate in (f"{base}.py", f"{base}/__init__.py"):
            if candidate in self._files:
                return candidate
        return None

    def facts(self, module: str) -> ModuleFacts | None:
        """The names a module defines (None when the module is gone)."""
        if module not in self._facts:
            path = self.source_path(module)
            self._facts[module] = (
                None if path is None else _module_facts(self._zip.read(path).decode())
            )
        return self._facts[module]


def _tolerant_parse(source: str) -> ast.Module:
    """Parse Python 3.14 source on an older Python: unparenthesised `except A, B:` first."""
    rewritten = re.sub(
        r"^(\s*except\*?\s+)(?!\()([^:\n]+,[^:\n]+?)(\s+as\s+\w+)?:",
        r"\1(\2)\3:",
        source,
        flags=re.MULTILINE,
    )
    return ast.parse(rewritten)


def _module_facts(source: str) -> ModuleFacts:
    facts = ModuleFacts()
    try:
        tree = _tolerant_parse(source)
    except SyntaxError:
        # Fall back to a scan of top-level definitions.
        facts.names.update(
            re.findall(r"^(?:async def|def|class)\s+(\w+)", source, flags=re.MULTILINE)
        )
        facts.names.update(
            re.findall(r"^(\w+)\s*(?::[^=\n]+)?=", source, flags=re.MULTILINE)
        )
        return facts
    for node in _top_level(tree.body):
        _collect_definition(node, facts)
    for name in list(facts.names):
        if name.startswith("_DEPRECATED_"):
            facts.deprecated.add(name.removeprefix("_DEPRECATED_"))
    return facts


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements at module level, including those inside `if`/`try` blocks."""
    nodes: list[ast.stmt] = []
    for node in body:
        nodes.append(node)
        if isinstance(node, ast.If):
            nodes.extend(_top_level(node.body) + _top_level(node.orelse))
        elif isinstance(node, ast.Try):
            nodes.extend(_top_level(node.body) + _top_level(node.orelse))
            for handler in node.handlers:
                nodes.extend(_top_level(handler.body))
    return nodes


def _collect_definition(node: ast.stmt, facts: ModuleFacts) -> None:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        facts.names.add(node.name)
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(target, ast.Name) and target.id in DEPRECATION_MARKERS:
                facts.deprecated.add(node.name)
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            facts.names.update(
                name.id for name in ast.walk(target) if isinstance(name, ast.Name)
            )
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(
        node.target, ast.Name
    ):
        facts.names.add(node.target.id)
    elif isinstance(node, ast.TypeAlias) and isinstance(node.name, ast.Name):
        facts.names.add(node.name.id)
    elif isinstance(node, ast.ImportFrom):
        facts.names.update(alias.asname or alias.name for alias in node.names)
    elif isinstance(node, ast.Import):
        facts.names.update(
            (alias.asname or alias.name).split(".")[0] for alias in node.names
        )


def collect_uses(package: Path) -> list[Use]:
    """Every `homeassistant` module, name and module attribute the package uses."""
    uses: list[Use] = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        uses.extend(_uses_in(tree, str(path.relative_to(ROOT))))
    return uses


def _uses_in(tree: ast.Module, where: str) -> list[Use]:
    uses: list[Use] = []
    module_aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").split(".")[0] == "homeassistant"
        ):
            for alias in node.names:
                uses.append(Use(f"{node.module}", alias.name, f"{where}:{node.lineno}"))
                module_aliases[alias.asname or alias.name] = (
                    f"{node.module}.{alias.name}"
                )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "homeassistant":
                    uses.append(Use(alias.name, None, f"{where}:{node.lineno}"))
                    module_aliases[alias.asname or alias.name] = alias.name
    uses.extend(
        Use(
            module_aliases[node.value.id],
            node.attr,
            f"{where}:{node.lineno}",
            via_alias=True,
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in module_aliases
    )
    return uses


def check(wheel: Wheel, uses: list[Use]) -> tuple[list[str], list[str]]:
    """Missing uses (failures) and deprecated uses (warnings)."""
    missing: list[str] = []
    deprecated: list[str] = []
    for use in uses:
        facts = wheel.facts(use.module)
        if facts is None:
            if not use.via_alias:
                missing.append(f"{use.where}: module {use.module} is gone")
            continue  # an attribute of a class or enum, not of a module: not checked
        if (
            use.name is None
            or wheel.source_path(f"{use.module}.{use.name}") is not None
        ):
            continue
        if use.name in facts.deprecated:
            deprecated.append(f"{use.where}: {use.module}.{use.name} is deprecated")
        elif use.name not in facts.names:
            missing.append(f"{use.where}: {use.module}.{use.name} does not exist")
    return sorted(set(missing)), sorted(set(deprecated))


def fetch_wheel(version: str) -> Path:
    """Download the release's wheel once into .cache/ha-wheels."""
    wheel = CACHE / f"homeassistant-{version}-py3-none-any.whl"
    if wheel.exists():
        return wheel
    CACHE.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        PYTHON_OF_NEWEST,
        "--dest",
        str(CACHE),
        f"homeassistant=={version}",
    ]
    subprocess.run(command, check=True)  # noqa: S603 - fixed arguments
    return wheel


def main() -> int:
    """Run the check and report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default=NEWEST_HOME_ASSISTANT)
    parser.add_argument(
        "--wheel", type=Path, help="use this wheel instead of downloading"
    )
    args = parser.parse_args()
    try:
        wheel_path = args.wheel or fetch_wheel(args.version)
    except subprocess.CalledProcessError:
        sys.stderr.write(f"could not download homeassistant=={args.version}\n")
        return 1
    uses = collect_uses(PACKAGE)
    missing, deprecated = check(Wheel(wheel_path), uses)
    for line in deprecated:
        sys.stdout.write(f"warning: {line}\n")
    for line in missing:
        sys.stdout.write(f"error: {line}\n")
    names = len({(use.module, use.name) for use in uses})
    sys.stdout.write(
        f"Home Assistant {args.version}: {names} imported names checked, "
        f"{len(missing)} missing, {len(deprecated)} deprecated\n"
    )
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
