"""A demo sandbox that opens before it is filled: the first frame never waits for the seed.

``mentor-tui demo`` used to seed its network before starting the app, so a visitor
looked at a blank terminal for as long as the seed took (a second or two at the default
size, half a minute at 100,000 mentors). Now the app starts at once, on the sign-in
screen with the demo logins, while a separate process seeds the sandbox: another core,
and no interpreter lock shared with the app drawing its first frame. The backend's
first call (signing in, in practice) waits for the seed to be done.

What it deliberately does not do: show the network half-seeded. The seed is one
transaction, and nothing is read from the sandbox until it has been committed.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mentor_tui.backend.local import LocalBackend
from mentor_tui.domain.errors import StorageError
from mentor_tui.service import MentoringService

R = TypeVar("R")


def start_seeding(data_dir: Path, mentors: int, seed: int) -> subprocess.Popen[bytes]:
    """Seed the (empty, already created) network of ``data_dir`` in a child process."""
    log = (data_dir / "seed.log").open("wb")
    try:
        argv = ["-m", "mentor_tui", "--data-dir", str(data_dir), "seed", "--json"]
        return subprocess.Popen(
            [sys.executable, *argv, "--mentors", str(mentors), "--seed", str(seed)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            env={**os.environ, "MENTOR_TUI_FAST_HASH": "1"},
        )
    finally:
        log.close()


class SeedingBackend(LocalBackend):
    """The embedded backend of a sandbox whose seed may still be running."""

    def __init__(
        self,
        service: MentoringService,
        seeding: subprocess.Popen[bytes],
        on_seeded: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(service)
        self.seeding = seeding
        self.on_seeded = on_seeded
        self._ready = False

    async def _seeded(self) -> None:
        if self._ready:
            return
        code = await asyncio.to_thread(self.seeding.wait)
        if code != 0:
            log = Path(self.service.store.where).parent / "seed.log"
            detail = (
                log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
            )
            raise StorageError(
                "The demo network could not be filled"
                + (f" ({detail[0]})" if detail else "")
                + ". Quit and start the demo again."
            )
        if not self._ready:
            self._ready = True
            if self.on_seeded is not None:
                self.on_seeded()

    async def _run(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        await self._seeded()
        return await super()._run(fn, *args, **kwargs)

    async def _act(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        await self._seeded()
        return await super()._act(fn, *args, **kwargs)

    def stop_seeding(self) -> None:
        """End the seed if the visitor quit before it was done (the sandbox goes too)."""
        if self.seeding.poll() is None:
            self.seeding.kill()
            self.seeding.wait()
