"""Driving the app in tests: wait for its workers, press keys, read the screen as text."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from mentor_tui.tui.app import WATCH_GROUP


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the workers are done (searches debounce) and stop cursors blinking.

    The live unread-count watcher runs for as long as someone is signed in, so it is the
    one worker not waited for.
    """
    app = pilot.app
    for _ in range(4):
        await pilot.pause(0.05)
        waiting = [worker for worker in app.workers if worker.group != WATCH_GROUP]
        for worker in waiting:
            # A worker an exclusive group replaced ends cancelled; only failures matter.
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys, letting the workers each key starts finish before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


def drawn(app: App[Any], color_system: str | None = None) -> Console:
    """The screen drawn into a recording console (colours as ``color_system``, or none)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=color_system,  # type: ignore[arg-type]
        record=True,
        legacy_windows=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console


def screen_text(app: App[Any]) -> str:
    """What the screen shows, as plain text (for asserting on words, not on styles)."""
    return drawn(app).export_text()


async def click_text(pilot: Pilot[Any], needle: str) -> None:
    """Click the first place on the screen showing ``needle`` (it must be visible)."""
    for y, line in enumerate(screen_text(pilot.app).splitlines()):
        x = line.find(needle)
        if x >= 0:
            await pilot.click(offset=(x + 1, y))
            await settle(pilot)
            return
    raise AssertionError(f"{needle!r} is not on the screen")
