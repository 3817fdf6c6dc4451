"""Run every benchmark and print one table: ``python bench/run.py [--quick] [--record]``.

- full (default): the budgets of issue 6 on a 100,000-mentor network, and the growth
  table at 1k, 10k, 100k and 1M mentors (networks are seeded once and cached under
  ``bench/.cache``; the first full run seeds a million mentors and takes a while);
- ``--quick``: the same scripts on 1,000 (seeding: 2,000) mentors with fewer runs, in under
  two minutes, so CI (``.ci/run``) keeps them working. Its figures are not the budgets.
- ``--record``: append the table, with date and machine, to ``bench/RESULTS.md``.
- ``--only startup,search,...``: a subset.

Exits 0 whether or not the budgets are met (the table says which are): timing
budgets are not assertions on a shared machine. It fails (after printing what the
other parts measured) only if a benchmark breaks.
If ``bench/ssh_sessions.py`` (the SSH demo's load trial) is present, it runs too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import traceback

import _common as common
import growth
import memory
import search
import seeding
import server
import startup
from _common import Figure

PARTS = ("seeding", "startup", "search", "memory", "server", "growth", "ssh")


def run(parts: tuple[str, ...], quick: bool) -> tuple[list[Figure], list[str], bool]:
    """The figures, lines to print after the table, and whether every part ran."""
    figures: list[Figure] = []
    extra: list[str] = []
    ok = True
    partial = common.BENCH / "out" / "partial.json"
    partial.parent.mkdir(exist_ok=True)
    for part in parts:
        started = time.perf_counter()
        try:
            figures += _part(part, quick, extra)
        except Exception as error:  # one broken benchmark must not hide the others' figures
            ok = False
            extra.append(f"{part} FAILED: {type(error).__name__}: {error}")
            common.say(traceback.format_exc())
        partial.write_text(json.dumps([f.as_dict() for f in figures], indent=2))
        common.say(f"  {part}: {time.perf_counter() - started:.0f} s")
    return figures, extra, ok


def _part(part: str, quick: bool, extra: list[str]) -> list[Figure]:
    size = 1_000 if quick else 100_000
    figures: list[Figure] = []
    if part == "seeding":
        figures += seeding.figures(2_000 if quick else 100_000)
    elif part == "startup":
        figures += startup.figures(size, 2 if quick else 9)
    elif part == "search":
        net = common.network(size)
        figures += search.tui_figures(net.data_dir, size, quick)
        figures += search.layer_figures(net.data_dir, size, quick)
    elif part == "memory":
        figures += memory.figures(size, 1 if quick else 3)
    elif part == "server":
        figures += server.figures(size, 3 if quick else 20)
    elif part == "growth":
        figures += growth.figures((1_000,) if quick else growth.SIZES, quick)
    elif part == "ssh":
        extra += _ssh_sessions(quick)
    return figures


def _ssh_sessions(quick: bool) -> list[str]:
    """The SSH demo's own benchmark, when it is there (it is optional here)."""
    script = common.BENCH / "ssh_sessions.py"
    if not script.exists():
        return []
    argv = [common.PYTHON, str(script), *(["--quick"] if quick else [])]
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=600, env=common.child_env()
        )
    except subprocess.TimeoutExpired:
        return ["bench/ssh_sessions.py: did not finish in 10 minutes"]
    if done.returncode != 0:
        return [f"bench/ssh_sessions.py failed ({done.returncode}): {done.stderr.strip()[-500:]}"]
    return ["bench/ssh_sessions.py:", done.stdout.rstrip()]


def record(text: str, quick: bool, parts: tuple[str, ...] = PARTS) -> None:
    results = common.BENCH / "RESULTS.md"
    if not results.exists():
        results.write_text(
            "# Benchmark results\n\nAppended by `python bench/run.py --record`; newest last.\n"
        )
    kind = "quick run (small networks: not the budgets)" if quick else "full run"
    if parts != PARTS:
        kind += f", only {', '.join(parts)}"
    with results.open("a") as out:
        out.write(f"\n## {time.strftime('%Y-%m-%d %H:%M %Z')}, {kind}\n\n")
        out.write(f"Machine: {common.machine()}\n\n{text}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small networks, few runs")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--only", help=f"comma-separated, of: {', '.join(PARTS)}")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    parts = tuple(args.only.split(",")) if args.only else PARTS
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    figures, extra, ok = run(parts, args.quick)
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], indent=2))
    else:
        text = common.table(figures)
        if extra:
            text += "\n\n" + "\n".join(extra)
        print(text)
        met = [f.met for f in figures if f.met is not None]
        print(
            f"\n{sum(met)} of {len(met)} budgets met; {time.perf_counter() - started:.0f} s; "
            f"{common.machine()}"
        )
        if args.record:
            record(text, args.quick, parts)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    sys.exit(main())
