"""Growth: how search latency and start-up grow from 1,000 to 1,000,000 mentors.

For each size (seeded once and cached under bench/.cache: a million mentors take
minutes to seed), in the same run:

- search: ``MentoringService.search_mentors`` in-process, median and 95th percentile
  wall time over the fixed queries and filter sets of ``bench/search.py``;
- start-up: ``mentor-tui`` on a pseudo-terminal to the dashboard's first frame and to
  it filled, medians of a few runs (as ``bench/startup.py``).

No budget: the table is there to show how cost grows.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import _common as common
import search
import startup
from _common import Figure

SIZES = (1_000, 10_000, 100_000, 1_000_000)


def search_latency(data_dir: Path, quick: bool) -> tuple[float, float]:
    """(median, p95) wall milliseconds of the service's search over the fixed set."""
    from mentor_tui.backend.local import LocalBackend
    from mentor_tui.demo.seed import DEMO_PASSWORD
    from mentor_tui.domain.models import SearchQuery

    backend = LocalBackend.open(data_dir)
    service = backend.service
    actor = service.authenticate(service.login("demo.student", DEMO_PASSWORD).token)
    texts = ("", *search.TEXTS[:3]) if quick else ("", *search.TEXTS)
    combos = search.COMBOS[:3] if quick else search.COMBOS
    samples: list[float] = []
    for combo in combos:
        for text in texts:
            query: Any = SearchQuery(text=text, page_size=20, **combo)
            service.search_mentors(actor, query)  # warm: the first touch reads the pages
            for _ in range(3):
                started = time.perf_counter()
                service.search_mentors(actor, query)
                samples.append((time.perf_counter() - started) * 1000)
    service.store.close()
    return common.median(samples), common.percentile(samples, 95)


def figures(sizes: tuple[int, ...], quick: bool) -> list[Figure]:
    result: list[Figure] = []
    for mentors in sizes:
        net = common.network(mentors)
        common.say(f"growth: {mentors:,} mentors")
        med, p95 = search_latency(net.data_dir, quick)
        got = startup.measure(net.data_dir, 1 if quick else 3)
        size = f"{mentors:,} mentors"
        result += [
            Figure(f"growth: service search median ({size})", med, "ms", note=f"p95 {p95:.1f} ms"),
            Figure(
                f"growth: start-up first frame / filled ({size})",
                common.median(got["first_frame"]) * 1000,
                "ms",
                baseline=common.median(got["bare"]) * 1000,
                note=f"filled {common.median(got['filled']) * 1000:,.0f} ms",
            ),
        ]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    result = figures(sizes, args.quick)
    if args.json:
        print(json.dumps([f.as_dict() for f in result], indent=2))
    else:
        print(common.table(result))


if __name__ == "__main__":
    sys.exit(main())
