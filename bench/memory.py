"""Memory: the TUI's peak resident memory after visiting every screen, against a bare app.

Each side runs in a fresh interpreter, headless under Textual's Pilot at 120x40, and
prints its peak resident set size (VmHWM) when done:

- baseline: ``bench/bare_app.py --visit`` (Header, Input, DataTable, Footer; a few keys);
- the product: ``MentorApp`` on the embedded backend of the network, signed in as
  demo.admin (the one login that sees every screen), visiting the dashboard, search
  (with a query typed), requests, mentoring, notifications, profile, admin, settings
  and help, each until its data has arrived.

Budget (issue 6): peak RSS ≤ 2x the bare app's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from pathlib import Path

import _common as common
from _common import Figure
from bare_app import peak_rss_kib

SCREENS = (
    "open_search",
    "open_requests",
    "open_relationships",
    "open_notifications",
    "open_profile",
    "open_admin",
    "open_settings",
    "open_help",
    "open_dashboard",
)


async def _visit(data_dir: Path) -> int:
    """Run the app through every screen; its peak RSS in KiB."""
    from mentor_tui.backend.local import LocalBackend
    from mentor_tui.config import Settings
    from mentor_tui.credentials import SessionStore
    from mentor_tui.demo.seed import DEMO_PASSWORD
    from mentor_tui.tui.app import MentorApp

    backend = LocalBackend.open(data_dir)
    sessions = SessionStore(common.CACHE / "memory-bench-sessions.json")
    sessions.put(await backend.login("demo.admin", DEMO_PASSWORD))
    app = MentorApp(backend, sessions=sessions, settings=Settings(), remember_settings=False)

    async with app.run_test(size=(120, 40)) as pilot:

        async def settle() -> None:
            for _ in range(600):
                await pilot.pause(0.05)
                if app.actor is not None and all(
                    w.is_finished or w.group == "notifications-watch" for w in app.workers
                ):
                    return
            raise TimeoutError(f"{app.screen} never settled")

        await settle()
        for action in SCREENS:
            getattr(app, action)()
            await settle()
            if action == "open_search":
                await pilot.press(*"engineer")
                await settle()
    await backend.close()
    return peak_rss_kib()


def _peak(argv: list[str]) -> float:
    """Peak RSS in MiB printed (in KiB) by a child."""
    out = subprocess.run(
        argv, env=common.child_env(), check=True, capture_output=True, text=True, cwd=common.ROOT
    ).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def figures(mentors: int, runs: int) -> list[Figure]:
    net = common.network(mentors)
    common.say(f"memory: {runs} runs of each on {mentors:,} mentors")
    bare_argv = [common.PYTHON, str(common.BENCH / "bare_app.py"), "--visit"]
    ours_argv = [common.PYTHON, str(Path(__file__).resolve()), "--child", str(net.data_dir)]
    bare: list[float] = []
    ours: list[float] = []
    for _ in range(runs):
        bare.append(_peak(bare_argv))
        ours.append(_peak(ours_argv))
    return [
        Figure(
            f"peak RSS after every screen ({mentors:,} mentors)",
            common.median(ours),
            "MiB",
            baseline=common.median(bare),
            budget=2.0,
            note=f"median of {runs}; baseline: bare Textual app under Pilot",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", metavar="DATA_DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(asyncio.run(_visit(Path(args.child))))
        return
    result = figures(args.mentors, args.runs)
    if args.json:
        print(json.dumps([f.as_dict() for f in result], indent=2))
    else:
        print(common.table(result))


if __name__ == "__main__":
    sys.exit(main())
