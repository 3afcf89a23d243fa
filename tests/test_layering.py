"""The pipeline's layering holds: layout is pure, the library never imports click."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "slidegen"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("layout"), ids=lambda p: p.name)
def test_layout_never_imports_a_backend_an_exporter_or_io_libraries(path: Path) -> None:
    forbidden = (
        "slidegen.backends",
        "slidegen.export",
        "slidegen.cli",
        "slidegen.sync",
        "slidegen.pipeline",
        "googleapiclient",
        "google",
        "requests",
        "pptx",
        "subprocess",
        "socket",
    )
    bad = sorted(m for m in _imports(path) if m.startswith(forbidden))
    assert not bad, f"{path.relative_to(PACKAGE.parent)} imports {bad}"


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PACKAGE.rglob("*.py")) if "cli" not in p.relative_to(PACKAGE).parts],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_only_the_command_line_imports_click(path: Path) -> None:
    assert not {m for m in _imports(path) if m == "click" or m.startswith("click.")}
