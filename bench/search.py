"""Search: keystroke to results on screen in the TUI, and the service against its own SQL.

Two measurements on the same network, in one process:

1. **Keystroke → results shown.** The real app (``MentorApp`` on the embedded backend,
   signed in as demo.student) runs headless under Textual's Pilot on the search screen.
   For each filter combination the filters are set, then each query of a fixed list is
   typed a key at a time (each key sent through the driver, as a terminal's keys
   arrive); the clock runs from the key press until a frame is painted
   that shows the results of the text typed so far (the app's ``_display`` is watched:
   it is called with each frame Textual composes). Results that need no repaint (the
   screen already shows them: no mentor matched before this key, and none matches now)
   are shown once the screen has taken them and nothing on it is left to process or
   paint, timed when that is first seen (an upper bound). Every
   keystroke is a sample, short prefixes included; the last keystroke of each query is
   reported on its own too.
2. **Our layers' overhead.** ``MentoringService.search_mentors`` is timed against the
   SQL it runs to find the mentors (the full-text query and its count, captured from
   the service's own run and replayed through plain ``sqlite3``), query by query, in
   CPU time of the thread (both run in it, SQLite included).

Budgets (issue 6): median keystroke → results < 30 ms, 95th percentile < 60 ms;
service search ≤ 2x the raw search SQL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common as common
from _common import Figure

TEXTS = (
    "finance",
    "software engineer",
    "london",
    "marketing manager",
    "garcia",
    "teacher",
    "economics 2015",
    "product lead",
    "nurse",
    "law",
)
"""What members type: jobs, places, names, subjects, a subject and a year."""

COMBOS: tuple[dict[str, Any], ...] = (
    {},
    {"sectors": ["Finance"]},
    {"sectors": ["Information Technology", "Engineering"], "has_room": True},
    {"help_area": "interview practice", "activity": "video call"},
    {"country": "Ireland"},
    {"programme": "Economics", "graduated_from": 2010, "graduated_to": 2020},
)
"""Filter combinations, each applied with every text above (and with no text)."""


# -- 1. the TUI ---------------------------------------------------------------------------


async def _tui_samples(
    data_dir: Path, texts: tuple[str, ...], combos: tuple[dict[str, Any], ...]
) -> tuple[list[float], list[float]]:
    """(every keystroke, last keystroke of each query) latencies in seconds."""
    from textual import events
    from textual.widgets import Input, Select, SelectionList

    from mentor_tui.backend.local import LocalBackend
    from mentor_tui.config import Settings
    from mentor_tui.credentials import SessionStore
    from mentor_tui.demo.seed import DEMO_PASSWORD
    from mentor_tui.tui.app import MentorApp
    from mentor_tui.tui.screens.search import SearchScreen
    from mentor_tui.tui.widgets.tick_box import TickBox

    backend = LocalBackend.open(data_dir)
    sessions = SessionStore(common.CACHE / "search-bench-sessions.json")
    sessions.put(await backend.login("demo.student", DEMO_PASSWORD))
    app = MentorApp(
        backend,
        sessions=sessions,
        settings=Settings(),
        remember_settings=False,
        open_on_start=SearchScreen(),
    )
    frames: list[tuple[float, Any, str]] = []
    display = app._display

    def watch(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None and isinstance(screen, SearchScreen):
            frames.append((time.perf_counter(), screen.page, screen.query_now.text))

    app._display = watch  # type: ignore[method-assign]
    every: list[float] = []
    last: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen: SearchScreen | None = None
        for _ in range(600):
            await pilot.pause(0.05)
            if isinstance(app.screen, SearchScreen) and app.screen.page is not None:
                screen = app.screen
                break
        assert screen is not None, "the search screen never showed results"

        async def settle() -> None:
            for _ in range(1200):
                await pilot.pause(0.02)
                busy = [
                    w
                    for w in app.workers
                    if w.group in ("search", "search-more") and not w.is_finished
                ]
                if not busy:
                    return
            raise TimeoutError("search never settled")

        # The pages of results the screen has taken (it sums them up last).
        taken: list[Any] = []
        summarise = screen._summarise

        def summarise_watched() -> None:
            summarise()
            taken.append(screen.page if screen else None)

        screen._summarise = summarise_watched  # type: ignore[method-assign]

        def nothing_to_paint() -> bool:
            """No message waits anywhere on the screen and no widget wants painting."""
            assert screen is not None
            nodes: list[Any] = [app, screen, *screen.walk_children()]
            return not (
                any(node._message_queue.qsize() for node in nodes)
                or any(
                    w._repaint_required
                    or w._layout_required
                    or w._scroll_required
                    or w._recompose_required
                    for w in nodes[1:]
                )
                or app._batch_count
                or screen._dirty_widgets
                or screen._layout_required
                or screen._repaint_required
            )

        async def key(char: str, expected: str) -> float:
            assert screen is not None
            before = screen.page
            mark, took = len(frames), len(taken)
            started = time.perf_counter()
            # As a terminal's key arrives: through the driver, without Pilot.press's
            # waits for the screen (a test's synchronisation, not part of a keystroke).
            driver = app._driver
            assert driver is not None
            event = events.Key("space" if char == " " else char, char)
            event.set_sender(app)
            driver.send_message(event)
            for _ in range(30_000):
                for at, page, text in frames[mark:]:
                    if page is not None and page is not before and text == expected:
                        return at - started
                mark = len(frames)
                for page in taken[took:]:
                    if (
                        page is not before
                        and page is screen.page
                        and screen.query_now.text == expected
                        and nothing_to_paint()
                    ):
                        # Shown: the screen already showed them. Timed now, when that is
                        # seen, not when they were taken (anything they set off is done).
                        return time.perf_counter() - started
                await asyncio.sleep(0.0005)
            raise TimeoutError(f"no results shown for {expected!r}")

        text_box = screen.query_one("#search-text", Input)
        for combo in combos:
            sectors = screen.query_one("#filter-sectors", SelectionList)
            sectors.deselect_all()
            for sector in combo.get("sectors", []):
                sectors.select(sector)
            choices = (("#filter-help", "help_area"), ("#filter-activity", "activity"))
            for widget_id, name in choices:
                choice = screen.query_one(widget_id, Select)
                if name in combo:
                    choice.value = combo[name]
                else:
                    choice.clear()
            screen.query_one("#filter-programme", Input).value = combo.get("programme", "")
            screen.query_one("#filter-from", Input).value = str(combo.get("graduated_from", ""))
            screen.query_one("#filter-to", Input).value = str(combo.get("graduated_to", ""))
            screen.query_one("#filter-country", Input).value = combo.get("country", "")
            screen.query_one("#filter-room", TickBox).value = combo.get("has_room", False)
            for text in texts:
                text_box.value = ""
                text_box.focus()
                await settle()
                for n, char in enumerate(text, start=1):
                    took = await key(char, text[:n].strip())
                    every.append(took)
                    if n == len(text):
                        last.append(took)
                    await settle()
    await backend.close()
    return every, last


def tui_figures(data_dir: Path, mentors: int, quick: bool) -> list[Figure]:
    texts = TEXTS[:2] if quick else TEXTS
    combos = COMBOS[:2] if quick else COMBOS
    every, last = asyncio.run(_tui_samples(data_dir, texts, combos))
    ms = [x * 1000 for x in every]
    last_ms = [x * 1000 for x in last]
    size = f"{mentors:,} mentors"
    where = f"{len(texts)} queries x {len(combos)} filter sets"
    return [
        Figure(
            f"search keystroke → results, median ({size})",
            common.median(ms),
            "ms",
            budget=30.0,
            note=f"{len(ms)} keystrokes; {where}",
        ),
        Figure(
            f"search keystroke → results, p95 ({size})",
            common.percentile(ms, 95),
            "ms",
            budget=60.0,
            note=f"worst {max(ms):,.0f} ms",
        ),
        Figure(
            f"search last keystroke → results, median / p95 ({size})",
            common.median(last_ms),
            "ms",
            note=f"p95 {common.percentile(last_ms, 95):.1f} ms; the key that completes a query",
        ),
    ]


# -- 2. the service against its SQL -------------------------------------------------------


def _timed(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of this thread over ``repeat`` calls (after one unmeasured call).

    CPU time of the thread, not wall time: both sides run in this thread (SQLite too),
    and on a shared machine wall time mostly measures who else wanted the core."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.thread_time()
        fn()
        samples.append(time.thread_time() - started)
    return common.median(samples)


def layer_figures(data_dir: Path, mentors: int, quick: bool) -> list[Figure]:
    from sqlalchemy import event

    from mentor_tui.backend.local import LocalBackend
    from mentor_tui.demo.seed import DEMO_PASSWORD
    from mentor_tui.domain.models import SearchQuery
    from mentor_tui.store.search import search_mentor_ids

    backend = LocalBackend.open(data_dir)
    service = backend.service
    actor = service.authenticate(service.login("demo.student", DEMO_PASSWORD).token)
    captured: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, params))

    raw = sqlite3.connect(data_dir / "network.sqlite3")
    repeat = 3 if quick else 7
    ours = bare = everything = 0.0
    worst = (0.0, "")
    texts = ("", *TEXTS[:3]) if quick else ("", *TEXTS)
    combos = COMBOS[:3] if quick else COMBOS
    for combo in combos:
        for text in texts:
            query = service.normalise_query(SearchQuery(text=text, page_size=20, **combo))
            event.listen(service.store.engine, "before_cursor_execute", capture)
            with service.store.read() as conn:
                search_mentor_ids(conn, query)
            search_sql = list(captured)
            captured.clear()
            service.search_mentors(actor, query)
            all_sql = list(captured)
            captured.clear()
            event.remove(service.store.engine, "before_cursor_execute", capture)

            def replay(statements: list[tuple[str, Any]]) -> None:
                for statement, params in statements:
                    raw.execute(statement, params).fetchall()

            service_s = _timed(lambda q=query: service.search_mentors(actor, q), repeat)
            sql_s = _timed(lambda s=search_sql: replay(s), repeat)
            all_s = _timed(lambda s=all_sql: replay(s), repeat)
            ours += service_s
            bare += sql_s
            everything += all_s
            ratio = service_s / sql_s if sql_s else 0.0
            if ratio > worst[0]:
                worst = (ratio, f"{text or '(no text)'} {combo or ''}".strip())
    raw.close()
    service.store.close()
    count = len(texts) * len(combos)
    size = f"{mentors:,} mentors"
    return [
        Figure(
            f"service search vs its raw search SQL ({size})",
            ours / count * 1000,
            "ms",
            baseline=bare / count * 1000,
            budget=2.0,
            note=f"mean of {count} queries; worst {worst[0]:.2f}x ({worst[1]})",
        ),
        Figure(
            f"service search vs all the SQL it runs ({size})",
            ours / count * 1000,
            "ms",
            baseline=everything / count * 1000,
            note="with the cards' own queries replayed too",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    net = common.network(args.mentors)
    result = layer_figures(net.data_dir, args.mentors, args.quick)
    result += tui_figures(net.data_dir, args.mentors, args.quick)
    if args.json:
        print(json.dumps([f.as_dict() for f in result], indent=2))
    else:
        print(common.table(result))


if __name__ == "__main__":
    sys.exit(main())
