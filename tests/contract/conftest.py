"""One network per backend kind for the whole contract suite, and people who act on it.

``local``: LocalBackend on an SQLite network in this process. ``remote``: RemoteBackend
talking to a real ``mentor-tui serve`` subprocess on a loopback port (the session's
``live_server``, shared with tests/server). Every test builds
what it needs through backends only (register, sign in, verify, ...) with names of its
own, so tests don't depend on each other or on their order.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mentor_tui.backend.base import Backend
from mentor_tui.backend.local import LocalBackend
from mentor_tui.backend.remote import RemoteBackend
from mentor_tui.domain.enums import Role
from mentor_tui.domain.models import Registration
from mentor_tui.service import MentoringService
from mentor_tui.store.database import Store
from tests.live_server import ADMIN, PASSWORD, LiveServer, create_network

KINDS = ["local", "remote"]
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def contract_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MentoringService]:
    data_dir: Path = tmp_path_factory.mktemp("contract-local")
    create_network(data_dir)
    store = Store.open_data_dir(data_dir)
    yield MentoringService(store)
    store.close()


@dataclass
class Person:
    """A member with a signed-in backend of their own."""

    backend: Backend
    username: str
    id: int


@dataclass
class ContractNetwork:
    kind: str
    make: Callable[[], Backend]
    opened: list[Backend] = field(default_factory=list)
    _office: Person | None = None

    def backend(self) -> Backend:
        backend = self.make()
        self.opened.append(backend)
        return backend

    async def admin(self) -> Person:
        """The network's admin, signed in once per test."""
        if self._office is None:
            backend = self.backend()
            await backend.login(ADMIN, PASSWORD)
            actor = await backend.whoami()
            self._office = Person(backend, actor.username, actor.id)
        return self._office

    def registration(self, role: Role = Role.STUDENT, **changes: object) -> Registration:
        n = next(_numbers)
        values: dict[str, object] = {
            "first_name": f"Member{n}",
            "last_name": "Contract",
            "username": f"{self.kind}.m{n}",
            "password": PASSWORD,
            "email": f"m{n}.{self.kind}@example.org",
            "role": role,
            "institution": "University of Testing",
            "programme": "Economics",
            "year_started": 2015,
            "year_graduated": 2019 if role is Role.ALUMNUS else None,
            "accept_guidelines": True,
        }
        values.update(changes)
        return Registration.model_validate(values)

    async def member(
        self, role: Role = Role.STUDENT, *, verified: bool = True, **changes: object
    ) -> Person:
        backend = self.backend()
        member = await backend.register(self.registration(role, **changes))
        if verified:
            office = await self.admin()
            await office.backend.verify_member(member.username)
        await backend.login(member.username, PASSWORD)
        if verified:
            await backend.mark_notifications_read()  # start each person with a clean badge
        return Person(backend, member.username, member.id)

    async def mentor(
        self,
        *,
        employer: str = "Example Bank",
        sectors: list[str] | None = None,
        max_mentees: int = 2,
        **changes: object,
    ) -> Person:
        person = await self.member(Role.ALUMNUS, **changes)
        await person.backend.update_mentor(
            sectors=sectors or ["Finance"],
            job_title="Analyst",
            employer=employer,
            help_areas=["industry insight", "salary negotiation"],
            activities=["messages", "video call"],
            max_mentees=max_mentees,
        )
        await person.backend.activate_mentor()
        return person


INTRO = "Hello, I would value your advice on my first steps into finance."


@pytest.fixture(params=KINDS)
async def net(
    request: pytest.FixtureRequest,
) -> AsyncIterator[ContractNetwork]:
    kind: str = request.param
    if kind == "local":
        service: MentoringService = request.getfixturevalue("contract_service")

        def make() -> Backend:
            return LocalBackend(service)
    else:
        server: LiveServer = request.getfixturevalue("live_server")

        def make() -> Backend:
            return RemoteBackend(server.url)

    network = ContractNetwork(kind, make)
    yield network
    for backend in network.opened:
        if isinstance(backend, RemoteBackend):
            await backend.close()
