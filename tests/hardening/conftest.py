"""A small network with one member of every kind the hardening tests act as.

The world is built once per test session through the service (as people would build it),
saved as a SQLite file, and copied for each test that changes it: every cell of the
authorisation matrix starts from the same state, so no cell depends on another's order.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from mentor_tui.domain.enums import Role
from mentor_tui.domain.models import Actor, Registration
from mentor_tui.server import create_app
from mentor_tui.server.ratelimit import SignInLimiter
from mentor_tui.service import MentoringService
from mentor_tui.store.database import DB_FILENAME, Store
from tests.conftest import PASSWORD, FakeClock, copy_empty_network

ACTORS = (
    "anonymous",
    "pending",
    "student",
    "alumnus",
    "mentor",
    "mentee",
    "unrelated",
    "suspended",
    "admin",
)
"""Who knocks, in the order of the matrix's columns."""

INTRO_SECRET = "intro-secret-4c1e"
"""In the pair's introduction message: only the pair and the office may ever read it."""
MENTOR_EMAIL = "mentor.private@hardening.test"
MENTEE_EMAIL = "mentee.private@hardening.test"


@dataclass(frozen=True)
class World:
    """The members of the template network, their sessions, and the pair's request."""

    actors: dict[str, Actor]
    """Everyone but ``anonymous``."""
    tokens: dict[str, str]
    """The bearer token of each actor; the suspended one's was ended by the suspension."""
    request_id: int
    """The mentee's pending request to the mentor (also the id of its thread)."""
    intro_message_id: int
    mentor_notification_id: int
    """The mentor's 'request received' notification."""
    file: Path
    """The template SQLite file; copy it, never open it."""

    def headers(self, who: str) -> dict[str, str]:
        if who == "anonymous":
            return {}
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def _register(
    service: MentoringService, admin: Actor, name: str, role: Role, *, verified: bool = True
) -> Actor:
    email = {"mentor": MENTOR_EMAIL, "mentee": MENTEE_EMAIL}.get(name, f"{name}@hardening.test")
    member = service.register(
        Registration(
            first_name=name.capitalize(),
            last_name="Hardening",
            username=f"{name}.hardening",
            password=PASSWORD,
            email=email,
            role=role,
            institution="University of Testing",
            programme="Economics",
            year_started=2012,
            year_graduated=2016 if role is Role.ALUMNUS else None,
            accept_guidelines=True,
        )
    )
    if verified:
        service.verify_member(admin, member.username)
    return service.authenticate(service.login(member.username, PASSWORD).token)


def _make_mentor(service: MentoringService, actor: Actor) -> None:
    service.update_mentor(
        actor,
        sectors=["Finance"],
        job_title="Analyst",
        employer="Example Bank",
        help_areas=["industry insight"],
        activities=["messages", "video call"],
        max_mentees=5,
    )
    service.activate_mentor(actor)


def build_world(directory: Path) -> World:
    store = copy_empty_network(directory)
    service = MentoringService(store, FakeClock())
    try:
        tokens = {"admin": service.login("alex.office", PASSWORD).token}
        admin = service.authenticate(tokens["admin"])
        actors = {"admin": admin}
        kinds = {
            "pending": Role.ALUMNUS,  # an alumnus, so the mentor-profile rows say something
            "student": Role.STUDENT,
            "alumnus": Role.ALUMNUS,
            "mentor": Role.ALUMNUS,
            "mentee": Role.STUDENT,
            "unrelated": Role.ALUMNUS,
            "suspended": Role.STUDENT,
        }
        for name, role in kinds.items():
            actors[name] = _register(service, admin, name, role, verified=name != "pending")
            tokens[name] = service.login(actors[name].username, PASSWORD).token
        _make_mentor(service, actors["mentor"])
        _make_mentor(service, actors["unrelated"])  # a mentor too, just not of this pair
        request = service.send_request(
            actors["mentee"],
            actors["mentor"].username,
            f"Hello, I would value your advice on banking careers ({INTRO_SECRET}).",
        )
        thread = service.get_thread(actors["mentee"], request.id, mark_read=False)
        note = service.list_notifications(actors["mentor"]).items[0]
        service.suspend_member(admin, actors["suspended"].username)  # ends its session
        return World(
            actors=actors,
            tokens=tokens,
            request_id=request.id,
            intro_message_id=thread.messages[0].id,
            mentor_notification_id=note.id,
            file=directory / DB_FILENAME,
        )
    finally:
        store.close()


_WORLD: dict[str, World] = {}
_APP: dict[str, FastAPI] = {}


@pytest.fixture(scope="session")
def world() -> Iterator[World]:
    if "world" not in _WORLD:
        directory = Path(tempfile.mkdtemp(prefix="mentor-tui-hardening-"))
        atexit.register(shutil.rmtree, directory, True)
        with pytest.MonkeyPatch.context() as env:  # built before the per-test isolation
            env.setenv("MENTOR_TUI_FAST_HASH", "1")  # cheap hashes: every sign-in is fast
            _WORLD["world"] = build_world(directory)
    yield _WORLD["world"]


@dataclass
class Copy:
    """A private copy of the world: its own file and service, served by the shared app
    (tests run one at a time in a process, so re-pointing the app per copy is safe)."""

    world: World
    store: Store
    service: MentoringService
    app: FastAPI


def copy_world(world: World, data_dir: Path) -> Copy:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(world.file, data_dir / DB_FILENAME)
    store = Store.open_data_dir(data_dir)
    service = MentoringService(store, FakeClock())
    if "app" not in _APP:  # building the app costs half a second: one, re-pointed per copy
        _APP["app"] = create_app(service)
    app = _APP["app"]
    app.state.service = service
    app.state.limiter = SignInLimiter(base_delay=0.001)
    app.state.closing = True  # event streams answer their first lines and end
    return Copy(world, store, service, app)


@pytest.fixture
def world_copy(world: World, tmp_path: Path) -> Iterator[Copy]:
    copy = copy_world(world, tmp_path / "net")
    yield copy
    copy.store.close()


@pytest.fixture
async def world_client(world_copy: Copy) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=world_copy.app, client=("192.0.2.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
