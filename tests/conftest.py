"""Fixtures every test shares: a fixed clock, a real SQLite network, members built through
the same service calls a person would make, and no developer config leaking in."""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

if False:  # typing only: the server process is started by the fixture that needs it
    from tests.live_server import LiveServer

from mentor_tui.domain.enums import NotificationKind, Role
from mentor_tui.domain.models import Actor, Registration
from mentor_tui.service import MentoringService
from mentor_tui.store.database import DB_FILENAME, Store

PASSWORD = "correct horse battery"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the developer's own data, config and keyring out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MENTOR_TUI_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("MENTOR_TUI_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("MENTOR_TUI_NO_KEYRING", "1")
    monkeypatch.setenv("MENTOR_TUI_FAST_HASH", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)


@dataclass
class FakeClock:
    """A clock tests move by hand, so waiting 14 days takes no time."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class Network:
    """A real network on a temporary SQLite file, with helpers that act like people."""

    service: MentoringService
    clock: FakeClock
    data_dir: Path
    admin: Actor
    _counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def actor(self, username: str, password: str = PASSWORD) -> Actor:
        session = self.service.login(username, password)
        return self.service.authenticate(session.token)

    def member(
        self,
        role: Role = Role.STUDENT,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        verified: bool = True,
        programme: str = "Economics",
    ) -> Actor:
        n = next(self._counter)
        reg = Registration(
            first_name=first_name or f"Member{n}",
            last_name=last_name or f"Test{n}",
            password=PASSWORD,
            email=f"member{n}@example.org",
            role=role,
            institution="University of Testing",
            programme=programme,
            year_started=2015,
            year_graduated=2019 if role is Role.ALUMNUS else None,
            accept_guidelines=True,
        )
        member = self.service.register(reg)
        if verified:
            self.service.verify_member(self.admin, member.username)
        return self.actor(member.username)

    def mentor(
        self,
        *,
        sectors: list[str] | None = None,
        max_mentees: int = 2,
        help_areas: list[str] | None = None,
        activities: list[str] | None = None,
        **kwargs: object,
    ) -> Actor:
        actor = self.member(Role.ALUMNUS, **kwargs)  # type: ignore[arg-type]
        self.service.update_mentor(
            actor,
            sectors=sectors or ["Finance"],
            job_title="Analyst",
            employer="Example Bank",
            help_areas=help_areas or ["industry insight"],
            activities=activities or ["messages", "video call"],
            max_mentees=max_mentees,
        )
        self.service.activate_mentor(actor)
        return actor

    def request(self, mentee: Actor, mentor: Actor) -> int:
        req = self.service.send_request(
            mentee, mentor.username, "Hello, I would value your advice on my career plans."
        )
        return req.id

    def mentoring(self, mentee: Actor, mentor: Actor) -> int:
        """A request sent and accepted: the id of the active relationship (and its thread)."""
        return self.service.accept_request(mentor, self.request(mentee, mentor)).id

    def kinds(self, actor: Actor) -> list[NotificationKind]:
        """The kinds of the member's notifications, oldest first."""
        page = self.service.list_notifications(actor, page_size=100)
        return [n.kind for n in reversed(page.items)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


PG_OWNER_ENV = "MENTOR_TUI_TEST_PG_OWNER"
"""Set by the xdist worker that made the database, so processes it starts (which import
this module again) use that database instead of making, or dropping, their own."""


def _postgres_for_this_worker(url: str) -> str:
    """Under pytest-xdist each worker of each run gets a database of its own
    (``<db>_gw0_<run>``), since the tests empty their database as they go; it is
    dropped when the worker ends."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker:
        return url
    from sqlalchemy import create_engine

    base, _, name = url.rpartition("/")
    run = "".join(c for c in os.environ.get("PYTEST_XDIST_TESTRUNUID", "") if c.isalnum())
    mine = f"{name}_{worker}_{run[:10]}"
    if os.environ.get(PG_OWNER_ENV):  # a process the worker started: the worker's database
        return f"{base}/{mine}"
    os.environ[PG_OWNER_ENV] = owner = str(os.getpid())
    engine = create_engine(
        "postgresql+psycopg://" + url.split("://", 1)[1], isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{mine}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{mine}"')

    def drop() -> None:
        if str(os.getpid()) != owner:  # a forked child leaving: not its database to drop
            return
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{mine}" WITH (FORCE)')
        engine.dispose()

    atexit.register(drop)
    return f"{base}/{mine}"


POSTGRES_URL = _postgres_for_this_worker(os.environ.get("MENTOR_TUI_TEST_POSTGRES", ""))
"""Set (as .ci/run does) to run every network test on PostgreSQL as well as SQLite."""
DATABASES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def fresh_postgres_store(url: str = POSTGRES_URL) -> Store:
    """A store on an emptied PostgreSQL database (its public schema dropped and recreated)."""
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://" + url.split("://", 1)[1])
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return Store.open_url(url)


ADMIN = Registration(
    first_name="Alex",
    last_name="Office",
    password=PASSWORD,
    email="office@example.org",
    role=Role.STAFF,
    accept_guidelines=True,
)
"""The first admin of every test network (username ``alex.office``)."""

_TEMPLATE: dict[str, Path] = {}


def empty_network_file() -> Path:
    """A migrated SQLite network holding only its admin, built once per process.

    Tests copy it instead of building the schema again: the same file a fresh
    ``init_network`` at START makes, for a fraction of the time.
    """
    if "file" not in _TEMPLATE:
        directory = Path(tempfile.mkdtemp(prefix="mentor-tui-template-"))
        atexit.register(shutil.rmtree, directory, True)
        with pytest.MonkeyPatch.context() as env:
            env.setenv("MENTOR_TUI_FAST_HASH", "1")  # the admin's hash keeps these costs
            store = Store.open_data_dir(directory)
            MentoringService(store, FakeClock()).init_network(ADMIN)
            store.close()
        _TEMPLATE["file"] = directory / DB_FILENAME
    return _TEMPLATE["file"]


def copy_empty_network(data_dir: Path) -> Store:
    """A fresh network (admin only) under ``data_dir``, copied from the template."""
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(empty_network_file(), data_dir / DB_FILENAME)
    return Store.open_data_dir(data_dir)


@pytest.fixture(params=DATABASES)
def network(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Iterator[Network]:
    if request.param == "postgresql":
        store = fresh_postgres_store()
        MentoringService(store, clock).init_network(ADMIN)
    else:
        store = copy_empty_network(tmp_path / "net")
    service = MentoringService(store, clock)
    admin = service.authenticate(service.login("alex.office", PASSWORD).token)
    yield Network(service=service, clock=clock, data_dir=tmp_path / "net", admin=admin)
    store.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real ``mentor-tui serve`` process on loopback for the run (tests/live_server.py)."""
    from tests.live_server import start_live_server

    server = start_live_server(tmp_path_factory.mktemp("live-server"))
    yield server
    server.stop()
