"""Fixtures of the app's tests: a seeded network, and the real app signed in on a screen.

Seeding takes seconds, so one network is seeded per test session and copied for each
test. The app is the real ``MentorApp`` on a ``LocalBackend`` whose clock, like the
service's, is fixed, so snapshots are the same on every run.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from textual.screen import Screen

from mentor_tui.backend.local import LocalBackend
from mentor_tui.config import Settings
from mentor_tui.credentials import SessionStore
from mentor_tui.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed_network
from mentor_tui.domain.models import Actor
from mentor_tui.service import MentoringService
from mentor_tui.store.database import Store
from mentor_tui.tui.app import MentorApp

FIXED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""The fixed clock of the seeded network (a Monday morning, as tests/conftest.py's START)."""
MENTORS = 60
SEED = 7


@dataclass
class Seeded:
    """The seeded network of one test: its service (for setting up and checking state)."""

    service: MentoringService
    path: Path

    def actor(self, username: str) -> Actor:
        return self.service.authenticate(self.service.login(username, DEMO_PASSWORD).token)

    def username(self, first_name: str, last_name: str) -> str:
        with self.service.store.read() as conn:
            name = conn.execute(
                text("SELECT username FROM users WHERE first_name = :f AND last_name = :l"),
                {"f": first_name, "l": last_name},
            ).scalar_one()
        return str(name)


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded network per test session, copied for each test (seeding takes seconds)."""
    path = tmp_path_factory.mktemp("seeded-template") / "net"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MENTOR_TUI_FAST_HASH", "1")
        store = Store.open_data_dir(path)
        seed_network(store, mentors=MENTORS, seed=SEED, now=FIXED)
        store.close()
    return path


@pytest.fixture
def seeded(seed_template: Path, tmp_path: Path) -> Iterator[Seeded]:
    target = tmp_path / "net"
    shutil.copytree(seed_template, target)
    store = Store.open_data_dir(target)
    yield Seeded(MentoringService(store, lambda: FIXED), target)
    store.close()


MakeApp = Callable[..., MentorApp]


@pytest.fixture
def make_app(seeded: Seeded) -> MakeApp:
    """The app on the seeded network: signed out, or signed in as ``user``."""

    def make(user: str | None = None, *, demo: bool = False, **options: Any) -> MentorApp:
        sessions = SessionStore.for_data_dir(seeded.path)
        if user is not None:
            session = seeded.service.login(user, DEMO_PASSWORD)
            # the service's clock is FIXED (March 2026); the store compares with today
            sessions.put(
                session.model_copy(update={"expires_at": datetime(2100, 1, 1, tzinfo=UTC)})
            )
        options.setdefault("settings", Settings())
        options.setdefault("remember_settings", False)
        if demo:
            options.update(demo_logins=DEMO_LOGINS, demo_password=DEMO_PASSWORD)
        return MentorApp(
            LocalBackend(seeded.service),
            sessions=sessions,
            start_user=user,
            clock=lambda: FIXED,
            **options,
        )

    return make


OpenScreen = Callable[[str, Screen[Any]], MentorApp]


@pytest.fixture
def open_screen(make_app: MakeApp) -> OpenScreen:
    """The app signed in as ``username`` (a demo login or any seeded member) on ``screen``."""

    def make(username: str, screen: Screen[Any]) -> MentorApp:
        return make_app(username, open_on_start=screen)

    return make
