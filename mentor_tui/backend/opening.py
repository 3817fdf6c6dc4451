"""A backend that is opened after the app's first frame, not before it.

``mentor-tui`` shows its first screen before any database work (issue 3): importing the
storage layer (SQLAlchemy, the service) and opening the network's file take longer than
Textual takes to paint. :class:`OpeningBackend` stands in for the real backend from the
start; the first call opens it in a worker thread (the app asks at once, after its first
frame), every call waits for that, and a failure to open (a corrupt or newer database)
is raised by every call as the one-line error it is, so the app shows it where the
member is.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from mentor_tui.backend.base import WATCH_INTERVAL, Backend

if TYPE_CHECKING:
    from mentor_tui.domain.models import NotificationSummary, Session


class OpeningBackend(Backend):
    """Every method of :class:`Backend`, on a backend that ``open`` builds on first use."""

    def __init__(self, open: Callable[[], Backend], where: str = "") -> None:
        self._open = open
        self._where = where
        self._backend: Backend | None = None
        self._opening: asyncio.Future[Backend] | None = None
        self._session: Session | None = None
        self._lock = threading.Lock()
        """Held by the thread that opens: one opening at a time, whatever the event loop."""
        self._opened: Backend | None = None
        """What that thread opened (it may finish after the loop that asked has closed)."""

    @property
    def where(self) -> str:
        return self._backend.where if self._backend is not None else self._where

    @property
    def session(self) -> Session | None:
        return self._backend.session if self._backend is not None else self._session

    @session.setter
    def session(self, value: Session | None) -> None:
        if self._backend is not None:
            self._backend.session = value
        self._session = value

    @property
    def opened(self) -> Backend | None:
        """The real backend once it is open."""
        return self._backend

    def _open_once(self) -> Backend:
        with self._lock:
            if self._opened is None:
                self._opened = without_collections(self._open)
            return self._opened

    async def ready(self) -> Backend:
        """The real backend, opened in a thread the first time (the loop goes on meanwhile).

        A failure is not remembered: the next call tries again (the member may have
        freed the disk or closed the other program in between).
        """
        if self._backend is not None:
            return self._backend
        loop = asyncio.get_running_loop()
        if self._opening is None or self._opening.get_loop() is not loop:
            self._opening = asyncio.ensure_future(asyncio.to_thread(self._open_once))
        opening = self._opening
        try:
            backend = await asyncio.shield(opening)
        except BaseException:
            if self._opening is opening and opening.done():
                self._opening = None
            raise
        if self._backend is None:
            backend.session = self._session
            self._backend = backend
        return self._backend

    async def watch_notifications(
        self, interval: float = WATCH_INTERVAL
    ) -> AsyncIterator[NotificationSummary]:
        backend = await self.ready()
        async for summary in backend.watch_notifications(interval):
            yield summary

    async def close(self) -> None:
        """Close the real backend; if the app quit while it was opening, once it is open.

        Called from a new event loop after the app's has ended (``run_app``), so it waits
        for the opening thread itself, never for a future of the loop that is gone.
        """
        backend = self._backend or await asyncio.to_thread(self._wait_for_opening)
        if backend is not None:
            await backend.close()

    def _wait_for_opening(self) -> Backend | None:
        with self._lock:  # an opening under way holds it until done
            return self._opened


def without_collections(open: Callable[[], Backend]) -> Backend:
    """``open()`` with the garbage collector paused, and what it made frozen after.

    Opening imports the storage layer (SQLAlchemy, pydantic and the models, the service):
    objects that live as long as the app, which the collector's passes walked over and
    over while they were made (~15-20 ms of a start, bench/startup.py). Frozen, they are
    left out of later passes too. A collector that was already paused stays paused.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return open()
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _delegate(name: str) -> Callable[..., Any]:
    async def call(self: OpeningBackend, *args: Any, **kwargs: Any) -> Any:
        backend = await self.ready()
        return await getattr(backend, name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = getattr(Backend, name).__doc__
    return call


# The methods are made here rather than written out 50 times: each waits for the real
# backend, then calls it; so do the methods with a default that a backend may override.
for _name in sorted(Backend.__abstractmethods__ | {"notification_summary", "has_members"}):
    setattr(OpeningBackend, _name, _delegate(_name))
OpeningBackend.__abstractmethods__ = frozenset()


def opening_backend(open: Callable[[], Backend], where: str = "") -> OpeningBackend:
    """An :class:`OpeningBackend` (made here: type checkers can't see the methods above)."""
    return OpeningBackend(open, where)  # type: ignore[abstract]
