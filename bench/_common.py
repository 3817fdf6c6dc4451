"""What every benchmark shares: seeded networks (cached), child processes, statistics, figures.

The machines these run on are shared and noisy, so a figure is never judged by its
absolute time alone: each script measures a baseline in the same run (a bare Textual
app, the raw SQL, a bare FastAPI endpoint) and the budget is a ratio against it. The
exceptions are budgets the issue states in absolute terms (search latency, seeding).

Seeded networks are kept under ``bench/.cache`` (or ``$MENTOR_TUI_BENCH_CACHE``), one
directory per size and seed, so a million mentors are seeded once, not on every run.
Benchmarks that write (the server's mix) work on a copy.
"""

from __future__ import annotations

import compileall
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
CACHE = Path(os.environ.get("MENTOR_TUI_BENCH_CACHE") or BENCH / ".cache")
SEED = 1
"""Every benchmark network is seeded with this seed: same network, comparable runs."""


@functools.cache
def compile_bytecode() -> None:
    """Compile the product's modules once, as ``pip install .`` does for a user.

    Textual, the baseline, comes from bytecode that pip compiled when it was installed;
    a checkout of ours has none until something writes it, and children run with
    ``PYTHONDONTWRITEBYTECODE``. Without this, every start of the product on a fresh
    clone would compile it from source: 30-50 ms that no user's start pays."""
    compileall.compile_dir(ROOT / "mentor_tui", quiet=1)


def child_env(**extra: str) -> dict[str, str]:
    """Environment of a child process: cheap hashes, no developer settings, fixed size.
    The product's bytecode is compiled first (``compile_bytecode``)."""
    compile_bytecode()
    config = CACHE / "config"
    config.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "MENTOR_TUI_FAST_HASH": "1",
        "MENTOR_TUI_CONFIG_DIR": str(config),
        "PYTHONDONTWRITEBYTECODE": "1",
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
    }
    env.pop("MENTOR_TUI_SERVER", None)
    env.pop("MENTOR_TUI_DATA_DIR", None)
    env.pop("TEXTUAL", None)  # no devtools
    env.update(extra)
    return env


def mentor_tui(*args: str) -> list[str]:
    """The command line, run by the interpreter that runs the benchmarks."""
    return [PYTHON, "-m", "mentor_tui", *args]


@dataclass
class Network:
    """A seeded network on disk: its data dir and what seeding it cost."""

    mentors: int
    data_dir: Path
    seed_seconds: float
    seed_cpu_seconds: float
    fresh: bool
    """Seeded by this run (so ``seed_seconds`` was measured now, on this machine)."""


def seed_into(data_dir: Path, mentors: int) -> tuple[float, float]:
    """Seed ``mentors`` into an empty ``data_dir`` with ``mentor-tui seed`` in a fresh
    process; returns (wall seconds, CPU seconds of the child)."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(
        mentor_tui("--data-dir", str(data_dir), "seed", "--mentors", str(mentors), "--json"),
        env=child_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def network(mentors: int) -> Network:
    """The cached network of ``mentors`` mentors, seeding it first if it isn't there."""
    home = CACHE / f"net-{mentors}-s{SEED}"
    marker = home / "seeded.json"
    if marker.exists():
        info = json.loads(marker.read_text())
        if not info.get("prepared"):
            prepare(home)
            info["prepared"] = True
            marker.write_text(json.dumps(info))
        return Network(mentors, home, info["seconds"], info["cpu_seconds"], fresh=False)
    work = CACHE / f".seeding-{mentors}-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    wall, cpu = seed_into(work, mentors)
    info = {
        "mentors": mentors,
        "seed": SEED,
        "seconds": wall,
        "cpu_seconds": cpu,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "prepared": True,
    }
    prepare(work)
    (work / "seeded.json").write_text(json.dumps(info))
    shutil.rmtree(home, ignore_errors=True)
    work.rename(home)
    return Network(mentors, home, wall, cpu, fresh=True)


def prepare(data_dir: Path) -> None:
    """Catch up the clock's work once (a cached network may be days old, and the first
    call after that would expire and remind in bulk) and store a session of each demo
    login, so the app opens straight on the dashboard."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mentor_tui.backend.local import LocalBackend\n"
        "backend = LocalBackend.open(Path(sys.argv[1]))\n"
        "backend.service.process_due()\n"
        "with backend.service.store.write() as conn:  # seeded before the seeder analysed\n"
        '    if not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = '
        "'sqlite_stat1'\").first():\n"
        "        conn.exec_driver_sql('PRAGMA analysis_limit = 1000')\n"
        "        conn.exec_driver_sql('ANALYZE')\n"
    )
    subprocess.run([PYTHON, "-c", code, str(data_dir)], env=child_env(), check=True)
    for login in ("demo.admin", "demo.mentor", "demo.student"):  # the last is the default
        sign_in(data_dir, login)


def sign_in(data_dir: Path, username: str) -> None:
    """Store a session of ``username`` in ``data_dir`` (as ``mentor-tui login`` does)."""
    from mentor_tui.demo.seed import DEMO_PASSWORD

    subprocess.run(
        mentor_tui("--data-dir", str(data_dir), "login", username, "--password-stdin"),
        input=DEMO_PASSWORD + "\n",
        text=True,
        env=child_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def copy_network(source: Path, target: Path) -> Path:
    """A private copy of a network (for benchmarks that write)."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("network.sqlite3", "sessions.json"):
        if (source / name).exists():
            shutil.copy2(source / name, target / name)
    return target


# -- statistics --------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the value below which ``pct`` percent of the samples lie."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


# -- figures -----------------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the table: a measurement, its baseline, and the budget it answers."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    """The same-run baseline (same unit), when the budget is a ratio."""
    budget: float | None = None
    """The limit: of the ratio when there is a baseline, of the value otherwise."""
    higher_is_better: bool = False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        assert self.baseline is not None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.budget is None:
            return None
        judged = self.ratio if self.baseline is not None else self.value
        if judged is None:
            return None
        return judged >= self.budget if self.higher_is_better else judged <= self.budget

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "budget": self.budget,
            "met": self.met,
            "note": self.note,
            **({"extra": self.extra} if self.extra else {}),
        }


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if unit == "ms":
        text = f"{value:.1f}" if value < 100 else f"{value:,.0f}"
    elif unit == "s":
        text = f"{value:.2f}"
    elif unit in ("MiB", "req/s"):
        text = f"{value:,.0f}" if value >= 100 else f"{value:.1f}"
    else:
        text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def budget_text(figure: Figure) -> str:
    if figure.budget is None:
        return ""
    sign = "≥" if figure.higher_is_better else "≤"
    if figure.baseline is not None:
        return f"{sign} {figure.budget:g}×"
    return f"{sign} {_num(figure.budget, figure.unit)}"


def table(figures: Sequence[Figure]) -> str:
    """A Markdown table (readable as plain text too)."""
    rows = [("measure", "value", "baseline", "ratio", "budget", "met", "note")]
    for f in figures:
        met = {True: "yes", False: "**NO**", None: ""}[f.met]
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else ""
        rows.append(
            (
                f.name,
                _num(f.value, f.unit),
                _num(f.baseline, f.unit) if f.baseline is not None else "",
                ratio,
                budget_text(f),
                met,
                f.note,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    """One line about where the figures were taken."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        memory = ""
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load {:.1f}/{:.1f}/{:.1f}".format(*os.getloadavg())
    return (
        f"{platform.node()}: {cpu}, {os.cpu_count()} cores{memory}{load}; "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def say(text: str) -> None:
    """Progress on stderr, so stdout stays the table (and JSON with --json)."""
    print(text, file=sys.stderr, flush=True)
