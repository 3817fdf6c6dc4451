"""Slowing down password guessing: a failed-sign-in limiter, in memory.

Failures are counted per username and per client address over a sliding window. Each
failure is answered a little later than the one before (a growing delay, awaited with
``asyncio.sleep`` so the event loop stays free); after ``MAX_FAILURES`` in the window
further attempts on that username or from that address are refused with 429 until the
oldest failure ages out. A successful sign-in clears the username's count (not the
address's, or one valid account would reset a guesser's budget).

It deliberately does not persist or share counts: one server process, one memory. A
network run behind several processes needs the same at its reverse proxy.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from mentor_tui.domain.errors import TooManyAttempts

MAX_FAILURES = 5
"""Five wrong passwords is well past typos; the sixth attempt waits."""
WINDOW_SECONDS = 15 * 60
"""Failures older than this are forgotten."""
BASE_DELAY = 0.25
"""The answer to the first failure waits this long; each further failure doubles it."""
MAX_DELAY = 4.0
MAX_KEYS = 50_000
"""Above this many tracked names and addresses, forgotten ones are swept (bounded memory)."""


class SignInLimiter:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        base_delay: float = BASE_DELAY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.base_delay = base_delay
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}

    @staticmethod
    def _keys(username: str, address: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()}", f"addr:{address}"

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def check(self, username: str, address: str) -> None:
        """Raise TooManyAttempts if this name or this address has used up its attempts."""
        now = self.clock()
        for key in self._keys(username, address):
            times = self._recent(key, now)
            if len(times) >= self.max_failures:
                wait = times[len(times) - self.max_failures] + self.window - now
                minutes = max(1, math.ceil(wait / 60))
                unit = "minute" if minutes == 1 else "minutes"
                raise TooManyAttempts(
                    f"Too many failed sign-in attempts: try again in {minutes} {unit}."
                )

    def failed(self, username: str, address: str) -> float:
        """Count a failure; returns how long to wait before answering it."""
        now = self.clock()
        if len(self._failures) > MAX_KEYS:
            for key in list(self._failures):
                self._recent(key, now)
        worst = 0
        for key in self._keys(username, address):
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            worst = max(worst, len(times))
        return min(MAX_DELAY, self.base_delay * 2 ** (worst - 1))

    def succeeded(self, username: str) -> None:
        self._failures.pop(self._keys(username, "")[0], None)
