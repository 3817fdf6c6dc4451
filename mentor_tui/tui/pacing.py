"""Frame pacing: the frame after the first one after a pause is painted on time.

Textual paints a screen at most ``MAX_FPS`` times a second (60), from an interval timer
that is paused while nothing changes. The first change after a pause is painted at
once; the timer then catches up with the clock, and its catch-up
(``count = int((now - start) / interval + 1)`` in ``Timer._run``, Textual 8) lands one
whole interval late: the next frame waits one to two intervals (17 to 33 ms), not the
zero to one that its grid allows.

That next frame is very often the one a person is waiting for: a keystroke paints the
letter typed, and the search results it started arrive some milliseconds later; a
screen paints its frame, then the data its worker fetched. On the search screen
that late frame was a third of the time from keystroke to results (bench/search.py:
37 ms median on 1,000 mentors, 25 ms with this timer).

So every screen of this app paints from a :class:`FramePacer`: Textual's timer with
the catch-up on the grid, each tick on a later slot of it than the last. Over time that
is at most one frame per interval; after a pause or a late frame the next one may come
sooner than a whole interval, where Textual's timer would wait one to two. (Textual's
command palette and the app's default screen, which this app never shows, keep
Textual's timer.)
"""

from __future__ import annotations

from textual import _time
from textual.screen import UPDATE_PERIOD, ModalScreen, Screen, ScreenResultType
from textual.timer import EventTargetGone, Timer


def next_tick(start: float, interval: float, now: float) -> tuple[int, float]:
    """The first tick of the grid ``start + k * interval`` after ``now``: ``(k, time)``."""
    count = max(int((now - start) / interval) + 1, 1)
    return count, start + count * interval


class FramePacer(Timer):
    """Textual's :class:`~textual.timer.Timer` whose catch-up after a pause keeps to its
    grid: the tick after ``now`` is the next grid point, not the one after it.

    Made for the screens' frame timer: it always skips missed ticks (``skip`` is not
    read) and counts ``repeat`` in grid slots."""

    async def _run(self) -> None:
        interval = self._interval
        await self._active.wait()
        start = _time.get_time()
        count = 0
        while self._repeat is None or count <= self._repeat:
            # Never the slot just ticked again: Textual's sleep wakes half a millisecond
            # early, so a quick frame can end before its own due time.
            slot, _ = next_tick(start, interval, _time.get_time())
            count = max(slot, count + 1)
            due = start + count * interval
            await _time.sleep(max(0.0, due - _time.get_time()))
            await self._active.wait()
            if self._reset:
                start = _time.get_time()
                count = 0
                self._reset = False
                continue
            try:
                await self._tick(next_timer=due, count=count)
            except EventTargetGone:
                break


class PacedScreen(Screen[ScreenResultType]):
    """A screen painted from a :class:`FramePacer` (the base of every screen here)."""

    _pacer: FramePacer | None = None

    @property
    def _update_timer(self) -> Timer:
        # Screen keeps its own timer in a private property; this one is the same timer
        # (same period, callback and start paused), made as set_interval makes it.
        if self._pacer is None:
            pacer = FramePacer(
                self,
                UPDATE_PERIOD,
                name="screen_update",
                callback=self._on_timer_update,
                pause=True,
            )
            pacer._start()
            self._timers.add(pacer)
            self._pacer = pacer
        return self._pacer


class PacedModalScreen(PacedScreen[ScreenResultType], ModalScreen[ScreenResultType]):
    """A modal screen painted from a :class:`FramePacer`."""
