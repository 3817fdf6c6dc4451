"""CI's look for known vulnerabilities in the installed dependencies (pip-audit).

The rule (SECURITY.md, "Dependencies"):
- a vulnerability that has a fixed version fails CI: upgrade the pin and move on;
- a vulnerability with no fix anywhere yet is printed, loudly, and does not fail CI:
  nothing could be done about it today, and a red CI would only block unrelated work;
- packages pip-audit could not look up (no vulnerability data reachable, as inside a
  sandbox whose package mirror has no vulnerability API) are counted and said, not failed:
  the audit is only as good as its data, and the line says so.

Run from the repository root after the test install: ``.venv/bin/python .ci/pip_audit_gate.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        run = subprocess.run(
            [
                str(PIP_AUDIT),
                "--skip-editable",  # mentor-tui itself: not on PyPI
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(report),
            ],
            capture_output=True,
            text=True,
        )
        if not report.exists():  # pip-audit itself failed: that is a failure of the check
            print(f"pip-audit did not run:\n{run.stderr.strip()}", file=sys.stderr)
            return 1
        data = json.loads(report.read_text())
    code, said, failed = judge(data)
    for line in said:
        print(line)
    for line in failed:
        print(line, file=sys.stderr)
    return code


def judge(data: dict[str, Any]) -> tuple[int, list[str], list[str]]:
    """pip-audit's JSON report → (exit code, lines to say, lines of failure)."""
    dependencies = data.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    fixable: list[str] = []
    said: list[str] = []
    audited = len(dependencies) - len(skipped)
    said.append(f"pip-audit: {audited} of {len(dependencies)} installed packages audited.")
    if skipped:
        said.append(
            f"pip-audit: WARNING {len(skipped)} packages could not be looked up "
            f"(e.g. {skipped[0]['name']}: {skipped[0]['skip_reason']}); they are not audited."
        )
    for dep in dependencies:
        for vuln in dep.get("vulns", []):
            line = f"{dep['name']} {dep.get('version', '?')}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(
                    f"pip-audit: FAIL {line} (fixed in {', '.join(vuln['fix_versions'])})"
                )
            else:
                said.append(f"pip-audit: WARNING {line} (no fix released yet)")
    if fixable:
        fixable.append(
            f"pip-audit: {len(fixable)} known vulnerabilities have a fix: raise the lower "
            "bounds in pyproject.toml (or upgrade the package) and run CI again."
        )
        return 1, said, fixable
    return 0, said, []


if __name__ == "__main__":
    sys.exit(main())
