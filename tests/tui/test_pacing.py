"""Frame pacing (mentor_tui/tui/pacing.py): the frame after a pause keeps to its grid.

Textual's screen timer, after a pause, schedules the frame that follows the first one a
whole interval late. Every screen here paints from ``FramePacer`` instead. The timer is
driven on a made-up clock, so these tests say when frames are due without waiting for
any.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import _time
from textual.screen import Screen

import mentor_tui.tui.screens
from mentor_tui.tui.pacing import FramePacer, PacedScreen, next_tick
from mentor_tui.tui.screens.search import SearchScreen
from tests.tui.conftest import OpenScreen
from tests.tui.helpers import press, screen_text, settle


@given(
    start=st.floats(0, 1e6),
    interval=st.floats(0.001, 10),
    later=st.floats(0, 1e5),
)
def test_the_next_tick_is_the_first_grid_point_after_now(
    start: float, interval: float, later: float
) -> None:
    now = start + later
    count, due = next_tick(start, interval, now)
    assert count >= 1
    assert due == start + count * interval
    assert due > now or due == pytest.approx(now, abs=1e-6)  # float rounding on the grid
    assert due <= now + interval * (1 + 1e-9) + 1e-9


START = 1000.0
FRAME = 1 / 60
"""A clock that reads like a real one and Textual's frame interval: neither sums exactly
in floating point, which is where a grid can slip back a slot."""


def slot(k: float) -> Any:
    return pytest.approx(START + k * FRAME, abs=1e-9)


class Clock:
    """A clock that moves only when told to, or when the timer sleeps."""

    def __init__(self) -> None:
        self.now = START

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


class Recorder(FramePacer):
    """Notes when it ticks and pauses itself, as the screen's frame callback does."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(cast(Any, clock), FRAME, pause=True)  # a target it never sends to
        self.clock = clock
        self.ticks: list[float] = []

    async def _tick(self, *, next_timer: float, count: int) -> None:
        self.ticks.append(self.clock.now)
        self.pause()


async def _turns() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    made = Clock()
    monkeypatch.setattr(_time, "get_time", made.time)
    monkeypatch.setattr(_time, "sleep", made.sleep)
    return made


@pytest.fixture
async def pacer(clock: Clock) -> AsyncIterator[Recorder]:
    """A started pacer on the made-up clock, paused until something asks for a frame."""
    started = Recorder(clock)
    started._start()
    yield started
    started.stop()


async def test_the_frame_after_a_pause_waits_at_most_one_interval(
    clock: Clock, pacer: Recorder
) -> None:
    pacer.resume()  # something changed: the first frame is on the grid's first tick
    await _turns()
    assert pacer.ticks == [slot(1)]

    clock.now = START + 10.3 * FRAME  # a pause; then a keystroke is painted at once
    pacer.resume()
    await _turns()
    assert pacer.ticks == [slot(1), slot(10.3)]

    pacer.resume()  # its results: the next tick of the grid, not the one after
    await _turns()
    assert pacer.ticks == [slot(1), slot(10.3), slot(11)]

    pacer.resume()  # in steady state, one frame per interval
    await _turns()
    assert pacer.ticks == [slot(1), slot(10.3), slot(11), slot(12)]


async def test_frames_asked_for_at_once_come_one_slot_apart(pacer: Recorder) -> None:
    # A frame that ends before its own due time (Textual's sleep wakes early) must not
    # tick again in the same slot: every tick is on a later slot than the last.
    for _ in range(12):
        pacer.resume()
        await _turns()
    assert pacer.ticks == [slot(k) for k in range(1, 13)]
    gaps = [b - a for a, b in zip(pacer.ticks, pacer.ticks[1:], strict=False)]
    assert min(gaps) == pytest.approx(FRAME)


async def test_a_reset_starts_the_grid_again(clock: Clock, pacer: Recorder) -> None:
    pacer.resume()
    await _turns()
    clock.now = START + 5.5 * FRAME
    pacer.reset()  # as in Textual, a reset also resumes the timer
    await _turns()
    assert pacer.ticks == [slot(1), slot(6.5)]


def test_every_screen_of_the_app_is_paced() -> None:
    screens = []
    for module_info in pkgutil.iter_modules(mentor_tui.tui.screens.__path__):
        module = importlib.import_module(f"mentor_tui.tui.screens.{module_info.name}")
        screens += [
            cls
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, Screen) and cls.__module__ == module.__name__
        ]
    assert len(screens) >= 12
    assert [cls for cls in screens if not issubclass(cls, PacedScreen)] == []


async def test_a_running_screen_paints_from_the_pacer(open_screen: OpenScreen) -> None:
    app = open_screen("demo.student", SearchScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await press(pilot, "/", *"finance")
        assert "finance" in screen_text(app)
        # It painted through the pacer: Textual's own timer was never made.
        assert isinstance(screen._pacer, FramePacer) and screen._pacer in screen._timers
        assert screen._Screen__update_timer is None  # type: ignore[attr-defined]
