"""The first frame comes before any database work (issue 3, "Fast").

``mentor-tui`` hands the app an ``OpeningBackend``: the storage layer is imported and the
network's file opened in a worker thread once the first screen is painted. These tests
hold the opening back and look at the screen meanwhile, check the opening happens once,
that a network that can't be opened is a one-line message on the screen (and the next
try opens it), and, in a fresh interpreter, that nothing before the opening has
imported SQLAlchemy.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mentor_tui.backend.base import Backend
from mentor_tui.backend.local import LocalBackend
from mentor_tui.backend.opening import OpeningBackend, opening_backend, without_collections
from mentor_tui.credentials import SessionStore
from mentor_tui.demo.seed import DEMO_PASSWORD
from mentor_tui.domain.errors import StorageError
from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.dashboard import DashboardScreen
from mentor_tui.tui.screens.signin import SignInScreen
from tests.test_boundaries import packages_imported_by
from tests.tui.conftest import FIXED, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text
from tests.tui.test_signin import _store_session


class HeldOpen:
    """An opener that waits for ``release`` before opening the seeded network."""

    def __init__(self, seeded: Seeded, failures: int = 0) -> None:
        self.seeded = seeded
        self.release = threading.Event()
        self.calls = 0
        self.failures = failures

    def __call__(self) -> Backend:
        self.calls += 1
        assert self.release.wait(30), "the test never let the network open"
        if self.failures:
            self.failures -= 1
            raise StorageError("network.sqlite3 is locked by another program: close it and retry.")
        return LocalBackend(self.seeded.service)


def _app(seeded: Seeded, backend: OpeningBackend, user: str | None = None) -> MentorApp:
    return MentorApp(
        backend,
        sessions=SessionStore.for_data_dir(seeded.path),
        start_user=user,
        clock=lambda: FIXED,
        remember_settings=False,
    )


async def test_the_sign_in_screen_is_up_before_the_network_is_open(seeded: Seeded) -> None:
    opener = HeldOpen(seeded)
    backend = opening_backend(opener, where="/somewhere/network.sqlite3")
    app = _app(seeded, backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        assert "/somewhere/network.sqlite3" in screen_text(app)
        assert backend.opened is None  # painted while the network is still being opened
        # the member types meanwhile (settle() would wait for the held opening: not used)
        await pilot.press(*"demo.student", "tab", *DEMO_PASSWORD)
        await pilot.pause()
        assert backend.opened is None
        opener.release.set()
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert opener.calls == 1
        assert backend.opened is not None


async def test_a_stored_session_shows_the_dashboard_loading_then_filled(seeded: Seeded) -> None:
    _store_session(seeded, "demo.mentor")
    opener = HeldOpen(seeded)
    backend = opening_backend(opener)
    app = _app(seeded, backend, user="demo.mentor")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "Loading your dashboard" in screen_text(app)
        assert app.actor is None
        opener.release.set()
        await settle(pilot)
        assert app.actor is not None and app.actor.username == "demo.mentor"
        assert "Loading your dashboard" not in screen_text(app)
        assert opener.calls == 1


async def test_a_network_that_will_not_open_is_one_line_and_the_next_try_opens_it(
    seeded: Seeded,
) -> None:
    opener = HeldOpen(seeded, failures=1)
    opener.release.set()
    backend = opening_backend(opener)
    app = _app(seeded, backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert any("locked by another program" in error for error in app.errors)
        await type_text(pilot, "demo.student")
        await press(pilot, "tab")
        await type_text(pilot, DEMO_PASSWORD)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert opener.calls == 2


async def test_calls_at_once_open_the_network_once_and_keep_the_session(seeded: Seeded) -> None:
    opener = HeldOpen(seeded)
    backend = opening_backend(opener)
    session = seeded.service.login("demo.student", DEMO_PASSWORD)
    backend.session = session  # before it is open: carried over when it is
    calls = [backend.whoami() for _ in range(5)]
    opener.release.set()
    actors = await asyncio.gather(*calls)
    assert {a.username for a in actors} == {"demo.student"}
    assert opener.calls == 1
    assert backend.opened is not None and backend.opened.session == session
    await backend.close()


@pytest.mark.parametrize("fails", [False, True])
def test_the_collector_rests_while_the_network_opens(seeded: Seeded, fails: bool) -> None:
    """Opening makes what lives as long as the app: no collections meanwhile, and it is
    frozen after, whether the opening worked or not."""
    seen: list[bool] = []

    def opener() -> Backend:
        seen.append(gc.isenabled())
        if fails:
            raise StorageError("network.sqlite3 is locked by another program.")
        return LocalBackend(seeded.service)

    gc.enable()
    frozen = gc.get_freeze_count()
    try:
        if fails:
            with pytest.raises(StorageError):
                without_collections(opener)
        else:
            assert isinstance(without_collections(opener), LocalBackend)
        assert seen == [False]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen
        gc.disable()  # a collector already paused (start-up's) is left paused
        without_collections(lambda: LocalBackend(seeded.service))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_quitting_while_the_network_opens_closes_it_once_open(seeded: Seeded) -> None:
    """As run_app does: the app's loop ends, then close() runs in a new one."""
    closed: list[bool] = []

    class Recording(LocalBackend):
        async def close(self) -> None:
            closed.append(True)

    opener = HeldOpen(seeded)
    backend = opening_backend(lambda: opener() and Recording(seeded.service))
    app = _app(seeded, backend)

    async def quit_at_once() -> None:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert opener.calls == 1 and backend.opened is None
            threading.Timer(0.3, opener.release.set).start()
            await pilot.press("ctrl+q")

    asyncio.run(quit_at_once())
    asyncio.run(backend.close())
    assert closed == [True]


def test_nothing_imports_the_storage_layer_before_the_first_frame(tmp_path: Path) -> None:
    """In a fresh interpreter, as ``mentor-tui`` starts: the opening is the first to need it."""
    script = """
import asyncio, json, sys
from pathlib import Path
from mentor_tui.cli import CliContext
from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.signin import SignInScreen

context = CliContext(Path(sys.argv[1]), None, False)
backend = context.app_backend()
seen = {}
real_open = backend._open

def spy():
    seen["storage imported before"] = "sqlalchemy" in sys.modules
    seen["screen"] = type(app.screen).__name__
    seen["painted"] = app.screen.is_mounted and bool(app.screen.region)
    return real_open()

backend._open = spy
app = MentorApp(backend, sessions=context.sessions(), remember_settings=False)

async def main():
    async with app.run_test() as pilot:
        while backend.opened is None:
            await pilot.pause(0.05)
    await backend.close()

asyncio.run(main())
print(json.dumps(seen))
"""
    env = {**os.environ, "MENTOR_TUI_FAST_HASH": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "net")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"storage imported before": False, "screen": "SignInScreen", "painted": True}


START_UP_MODULES = [
    "mentor_tui.cli",
    "mentor_tui.tui.app",
    "mentor_tui.config",
    "mentor_tui.credentials",
    "mentor_tui.backend.opening",
    "mentor_tui.tui.screens.dashboard",
    "mentor_tui.tui.screens.signin",
]


@pytest.mark.parametrize("module", START_UP_MODULES)
def test_the_start_up_modules_import_neither_storage_nor_pydantic(module: str) -> None:
    """The first frame waits for these modules: the storage layer (SQLAlchemy) and the
    models (pydantic, ~0.1 s) load after it."""
    assert not packages_imported_by(module) & {"sqlalchemy", "pydantic"}


def test_the_command_line_turns_the_collector_back_on() -> None:
    """``mentor-tui`` pauses the garbage collector for start-up; a verb (or a usage
    mistake) must not run, or leave the process, without it."""
    code = """
import gc, sys
from mentor_tui import cli
for argv in (["--version"], ["no-such-verb"]):
    gc.disable()
    try:
        cli.main(argv)
    except SystemExit:
        pass
    assert gc.isenabled(), argv
seen = []
@cli.cli.command("probe")
def probe():
    seen.append(gc.isenabled())
gc.disable()
try:
    cli.main(["probe"])
except SystemExit:
    pass
print(seen)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[True]"


async def test_the_collector_is_back_on_once_the_network_is_open(seeded: Seeded) -> None:
    """Paused by ``mentor_tui.start``, on after the first frame, paused again while the
    opening makes the storage layer (``opening.without_collections``), and on for good
    once the network is open."""
    _store_session(seeded, "demo.mentor")
    opener = HeldOpen(seeded)
    backend = opening_backend(opener)
    app = _app(seeded, backend, user="demo.mentor")
    gc.disable()  # as mentor_tui.start leaves it
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(200):
                await pilot.pause(0.01)
                if opener.calls:
                    break
            assert isinstance(app.screen, DashboardScreen)
            assert opener.calls == 1
            assert not gc.isenabled()  # the opening holds it
            opener.release.set()
            await settle(pilot)
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()  # the app froze what start-up made: this process goes on testing
