"""Seeding: a fresh network of N mentors with ``mentor-tui seed``, timed end to end.

The command runs in a fresh interpreter into an empty data dir, as a person runs it;
the clock covers everything (start, schema, the seed itself, the planner statistics,
the final checkpoint). The child's CPU time is reported beside the wall time: on a
shared machine the wall time also counts the time other programs had the cores.

Budget (issue 6): 100,000 mentors in under 30 seconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys

import _common as common
from _common import Figure

BUDGET_SECONDS = 30.0
BUDGET_MENTORS = 100_000


def figures(mentors: int) -> list[Figure]:
    work = common.CACHE / "seeding-bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    common.say(f"seeding: {mentors:,} mentors")
    try:
        wall, cpu = common.seed_into(work, mentors)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [
        Figure(
            f"seed {mentors:,} mentors (mentor-tui seed)",
            wall,
            "s",
            budget=BUDGET_SECONDS if mentors == BUDGET_MENTORS else None,
            note=f"CPU {cpu:.1f} s; {mentors / wall:,.0f} mentors/s",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=BUDGET_MENTORS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = figures(args.mentors)
    if args.json:
        print(json.dumps([f.as_dict() for f in result], indent=2))
    else:
        print(common.table(result))


if __name__ == "__main__":
    sys.exit(main())
