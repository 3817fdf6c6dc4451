"""Start-up: from process start to the dashboard's first frame, and to it filled with data.

Each app is started as a person starts it, in a fresh interpreter on a pseudo-terminal
of 120x40, and the terminal is watched: the clock runs from just before the process is
spawned until the screen shows a marker text. Nothing in the product is instrumented.

- baseline: ``bench/bare_app.py`` (Header, Input, DataTable, Footer), until its title
  is on screen;
- first frame: ``mentor-tui --data-dir NET`` with a stored session (so it opens on the
  dashboard), until the dashboard is on screen (loading or already filled);
- filled: the same run, until the dashboard shows the member's greeting and counts,
  which arrive from the backend's ``dashboard`` call;
- the data path alone (no budget; it tells what the filled budget can be): a fresh
  interpreter that does only what the app does for the dashboard's data, with no
  interface: import the embedded backend, open the network, resume the stored session,
  build the dashboard. Timed from the spawn to the moment it is done (both clocks are
  the system's monotonic clock).

The two apps alternate, run after run, and the medians are compared.

Budgets (issue 6): first frame ≤ 1.25x the bare app; filled ≤ 2x the bare app.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import _common as common
from _common import Figure

ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, clipboard
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS
    rb"|\x1b[()][0-9A-Za-z]|\x1b[@-Z\\-_=>78]"
)
BARE_MARK = b"bare-textual-baseline"
FIRST_FRAME = re.compile(rb"Loading your dashboard|Hello \S")
FILLED = re.compile(rb"unread notification")
TIMEOUT = 60.0
"""Seconds a start may take before the run is abandoned as failed."""
SIZE = (40, 120)
DATA_PATH = """\
import asyncio, os, sys, time
from pathlib import Path
from mentor_tui.backend.local import LocalBackend
from mentor_tui.credentials import SessionStore
data_dir = Path(sys.argv[1])
backend = LocalBackend.open(data_dir)
sessions = SessionStore.for_data_dir(data_dir)
session = sessions.get(sessions.last())
async def dashboard():
    await backend.resume(session)
    await backend.dashboard()
asyncio.run(dashboard())
print(time.perf_counter(), flush=True)
os._exit(0)
"""
"""What the app does for the dashboard's data, and nothing else (see the module's text)."""


def _visible(raw: bytes) -> bytes:
    return ESCAPES.sub(b"", raw)


def time_start(argv: list[str], marks: list[re.Pattern[bytes]], env: dict[str, str]) -> list[float]:
    """Seconds from spawning ``argv`` on a fresh pty until each of ``marks`` is on screen."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[0], SIZE[1], 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=common.ROOT,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    times: list[float] = []
    try:
        while len(times) < len(marks):
            left = TIMEOUT - (time.perf_counter() - started)
            if left <= 0:
                raise TimeoutError(f"{argv} did not show {marks[len(times)].pattern!r}")
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                if process.poll() is not None:
                    raise RuntimeError(f"{argv} ended early: {_visible(seen)[-2000:]!r}")
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                raise RuntimeError(f"{argv} ended early: {_visible(seen)[-2000:]!r}") from None
            now = time.perf_counter()
            seen += chunk
            text = _visible(seen)
            while len(times) < len(marks) and marks[len(times)].search(text):
                times.append(now - started)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
    return times


def time_data_path(data_dir: Path, env: dict[str, str]) -> float:
    """Seconds from spawning ``DATA_PATH`` until it has built the dashboard."""
    started = time.perf_counter()
    done = subprocess.run(
        [common.PYTHON, "-c", DATA_PATH, str(data_dir)],
        env=env,
        cwd=common.ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    return float(done.stdout.split()[-1]) - started


def measure(data_dir: Path, runs: int) -> dict[str, list[float]]:
    env = common.child_env()
    bare = [common.PYTHON, str(common.BENCH / "bare_app.py")]
    product = common.mentor_tui("--data-dir", str(data_dir))
    out: dict[str, list[float]] = {"bare": [], "first_frame": [], "filled": [], "data_path": []}
    # One unmeasured start of each warms the file cache, as a person's second start is.
    time_start(bare, [re.compile(BARE_MARK)], env)
    time_start(product, [FIRST_FRAME, FILLED], env)
    time_data_path(data_dir, env)
    for _ in range(runs):
        out["bare"] += time_start(bare, [re.compile(BARE_MARK)], env)
        first, filled = time_start(product, [FIRST_FRAME, FILLED], env)
        out["first_frame"].append(first)
        out["filled"].append(filled)
        out["data_path"].append(time_data_path(data_dir, env))
    return out


def figures(mentors: int, runs: int) -> list[Figure]:
    net = common.network(mentors)
    common.say(f"start-up: {runs} alternating runs on {mentors:,} mentors")
    got = measure(net.data_dir, runs)
    bare = common.median(got["bare"]) * 1000
    size = f"{mentors:,} mentors"
    return [
        Figure(
            f"start-up to dashboard first frame ({size})",
            common.median(got["first_frame"]) * 1000,
            "ms",
            baseline=bare,
            budget=1.25,
            note=f"median of {runs}; baseline: bare Textual app",
            extra={"runs_ms": [round(x * 1000, 1) for x in got["first_frame"]]},
        ),
        Figure(
            f"start-up to dashboard filled ({size})",
            common.median(got["filled"]) * 1000,
            "ms",
            baseline=bare,
            budget=2.0,
            note=f"median of {runs}; baseline: bare Textual app",
            extra={"runs_ms": [round(x * 1000, 1) for x in got["filled"]]},
        ),
        Figure(
            f"start-up data path alone, no interface ({size})",
            common.median(got["data_path"]) * 1000,
            "ms",
            baseline=bare,
            note=f"median of {runs}; import, open, resume, dashboard; what filled can't go under",
            extra={"runs_ms": [round(x * 1000, 1) for x in got["data_path"]]},
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = figures(args.mentors, args.runs)
    if args.json:
        print(json.dumps([f.as_dict() for f in result], indent=2))
    else:
        print(common.table(result))


if __name__ == "__main__":
    sys.exit(main())
