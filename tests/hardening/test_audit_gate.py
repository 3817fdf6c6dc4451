"""CI's pip-audit rule (.ci/pip_audit_gate.py): a known vulnerability with a fix fails the
build; one without a fix, or a package that couldn't be looked up, is said and passes."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

GATE = Path(__file__).resolve().parents[2] / ".ci" / "pip_audit_gate.py"


def gate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pip_audit_gate", GATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_vulnerability_with_a_fix_fails_ci() -> None:
    code, _said, failed = gate().judge(
        {
            "dependencies": [
                {
                    "name": "httpx",
                    "version": "0.1",
                    "vulns": [{"id": "PYSEC-1", "fix_versions": ["0.2"]}],
                },
                {"name": "click", "version": "8.1", "vulns": []},
            ]
        }
    )
    assert code == 1
    assert "httpx 0.1: PYSEC-1 (fixed in 0.2)" in failed[0]


def test_no_fix_yet_and_unreachable_data_are_said_but_pass() -> None:
    code, said, failed = gate().judge(
        {
            "dependencies": [
                {
                    "name": "jinja2",
                    "version": "3.1",
                    "vulns": [{"id": "GHSA-2", "fix_versions": []}],
                },
                {"name": "private-pkg", "skip_reason": "Dependency not found on PyPI"},
            ]
        }
    )
    assert code == 0 and failed == []
    assert any("GHSA-2 (no fix released yet)" in line for line in said)
    assert any("1 packages could not be looked up" in line for line in said)
    assert said[0] == "pip-audit: 1 of 2 installed packages audited."
