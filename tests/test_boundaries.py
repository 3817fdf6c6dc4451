"""The layers import one way (style.md, "Boundaries that are checked, not hoped for")."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mentor_tui"
NON_UI = [
    "mentor_tui.domain.models",
    "mentor_tui.domain.linkedin",
    "mentor_tui.store.database",
    "mentor_tui.store.search",
    "mentor_tui.service",
    "mentor_tui.backend",
    "mentor_tui.server",
    "mentor_tui.server.command",
    "mentor_tui.mail",
]


def packages_imported_by(module: str) -> set[str]:
    """The top-level packages loaded by importing ``module`` in a fresh interpreter."""
    code = (
        f"import sys, {module}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module", NON_UI)
def test_non_ui_layers_never_import_textual(module: str) -> None:
    assert not packages_imported_by(module) & {"textual", "rich"}


def test_remote_backend_never_imports_textual() -> None:
    """httpx loads rich for its own command line when rich is installed; textual never."""
    assert "textual" not in packages_imported_by("mentor_tui.backend.remote")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_imports_nothing_of_ours_but_domain() -> None:
    for path in (PACKAGE / "domain").rglob("*.py"):
        ours = {n for n in _imports(path) if n.startswith("mentor_tui")}
        assert all(n.startswith("mentor_tui.domain") for n in ours), (path, ours)


def test_tui_never_imports_store_or_service() -> None:
    files = list((PACKAGE / "tui").rglob("*.py"))
    for path in files:
        bad = {
            n for n in _imports(path) if n.startswith(("mentor_tui.store", "mentor_tui.service"))
        }
        assert not bad, f"{path} imports {bad}: talk to the Backend instead"


def test_store_never_imports_service_or_faces() -> None:
    for path in (PACKAGE / "store").rglob("*.py"):
        bad = {
            n
            for n in _imports(path)
            if n.startswith(
                ("mentor_tui.service", "mentor_tui.backend", "mentor_tui.tui", "mentor_tui.cli")
            )
        }
        assert not bad, (path, bad)
