"""Home Assistant-level benchmarks: pytest modules run by `scripts/bench`, not by the tests.

They reuse the suite's fixtures (the simulator, the config entry), record figures with
`record(...)`, and the session ends by printing one table of every figure recorded.
Nothing here asserts a time: figures are printed, never judged.
"""

from __future__ import annotations

from dataclasses import dataclass

from _pytest.terminal import TerminalReporter
import pytest

from tests.conftest import (  # noqa: F401 - fixtures for the benchmark modules
    entity_registry_enabled_by_default,
    init_integration,
    mock_config_entry,
    modem_simulator,
    us_home,
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the table."""

    section: str
    name: str
    value: str
    note: str = ""


FIGURES: list[Figure] = []


@pytest.fixture(autouse=True)
def enable_event_loop_debug() -> None:
    """Replaces the test plugin's fixture: asyncio debug mode slows every callback.

    The tests run in debug mode (and fail on slow callbacks); figures are taken without.
    """


def record(section: str, name: str, value: str, note: str = "") -> None:
    """Add a row to the table printed at the end of the session."""
    FIGURES.append(Figure(section, name, value, note))


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    """Print every figure as one table."""
    if not FIGURES:
        return
    name_width = max(len(figure.name) for figure in FIGURES)
    value_width = max(len(figure.value) for figure in FIGURES)
    write = terminalreporter.write_line
    write("")
    write("Data Balance figures (default settings; the simulator on loopback)")
    section = ""
    for figure in sorted(FIGURES, key=lambda figure: figure.section):
        if figure.section != section:
            section = figure.section
            write(f"\n{section}")
        write(
            f"  {figure.name:<{name_width}}  {figure.value:>{value_width}}  {figure.note}".rstrip()
        )
