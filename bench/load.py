"""Issue 7 §4's full minute: ``python bench/load.py [SECONDS]`` (default 60).

Runs ``tests/hardening/test_load_no_doubles.py`` (200 clients against a real server with
dropped connections; every acknowledged send stored exactly once, domain.md's
invariants checked at the end) for the full minute instead of CI's 12 seconds, and
prints what the clients did. Exits with the test's status: unlike the timing budgets,
lost or doubled data is a failure on any machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    seconds = sys.argv[1] if len(sys.argv) > 1 else "60"
    env = {**os.environ, "MENTOR_TUI_LOAD_SECONDS": seconds}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:xdist",
        "-q",
        "-s",
        "-o",
        "timeout=0",
        "tests/hardening/test_load_no_doubles.py",
    ]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
