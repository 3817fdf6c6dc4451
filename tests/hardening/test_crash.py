"""The server killed with SIGKILL in the middle of a write load restarts onto a consistent
database that holds every write it acknowledged.

A real ``mentor-tui serve`` process takes messages, profile changes and sign-ups from
several clients at once; once enough writes have been acknowledged (a count, not a time)
it is killed without warning. Then: the database passes its own integrity check, every
acknowledged write is there exactly once, each message came with its notification (one
transaction, both or neither), the mentor's counters match the relationships, and a
server started on it again takes new writes. On SQLite, and on PostgreSQL when
MENTOR_TUI_TEST_POSTGRES is set.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from mentor_tui.domain.enums import NotificationKind, RelationshipState, Role
from mentor_tui.service import MentoringService
from mentor_tui.store import schema as t
from mentor_tui.store.database import DB_FILENAME, Store
from tests.conftest import ADMIN, DATABASES, PASSWORD, POSTGRES_URL, FakeClock, Network
from tests.live_server import READY_TIMEOUT, create_network, free_port

ACKNOWLEDGED_BEFORE_KILL = 60
"""Writes the clients must have had answered before the kill: the load is well under way."""
CLIENTS = 4
MAX_REQUESTS_PER_CLIENT = 2_000
"""Bounds each client's loop; the kill ends it long before."""


@dataclass
class Server:
    """One ``mentor-tui serve`` process on a network (SQLite dir or PostgreSQL URL)."""

    data_dir: Path
    database: str | None
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def start(self) -> Server:
        args = [sys.executable, "-m", "mentor_tui", "--data-dir", str(self.data_dir), "serve"]
        args += ["--port", str(self.port)]
        if self.database:
            args += ["--database", self.database]
        env = {**os.environ, "MENTOR_TUI_FAST_HASH": "1", "PYTHONUNBUFFERED": "1"}
        env.pop("MENTOR_TUI_DATABASE", None)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited early:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.api}/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the server did not get ready:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def _open(database: str | None, data_dir: Path) -> Store:
    return Store.open_url(database) if database else Store.open_data_dir(data_dir)


def _prepare(database: str | None, data_dir: Path) -> tuple[int, str, str]:
    """The network before the load: a mentor and a mentee in an active mentoring.
    Returns (relationship id, mentor's username, mentee's username)."""
    if database:
        from tests.conftest import fresh_postgres_store

        store = fresh_postgres_store(database)
        with pytest.MonkeyPatch.context() as env:
            env.setenv("MENTOR_TUI_FAST_HASH", "1")
            MentoringService(store).init_network(ADMIN)
    else:
        create_network(data_dir)
        store = Store.open_data_dir(data_dir)
    try:
        service = MentoringService(store, FakeClock())
        admin = service.authenticate(service.login("alex.office", PASSWORD).token)
        network = Network(service=service, clock=FakeClock(), data_dir=data_dir, admin=admin)
        mentor = network.mentor(max_mentees=5)
        mentee = network.member(Role.STUDENT)
        return network.mentoring(mentee, mentor), mentor.username, mentee.username
    finally:
        store.close()


@dataclass
class Load:
    """What the clients were told was done (a 2xx answer): it must all be there."""

    messages: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    enough: threading.Event = field(default_factory=threading.Event)

    def acknowledged(self, kind: list[str], value: str) -> None:
        with self.lock:
            kind.append(value)
            if len(self.messages) + len(self.members) + len(self.headlines) >= (
                ACKNOWLEDGED_BEFORE_KILL
            ):
                self.enough.set()


def _client(n: int, api: str, tokens: dict[str, str], rel_id: int, load: Load) -> None:
    """One client's loop of writes, until the server is gone (or its bound is reached)."""
    with httpx.Client(base_url=api, timeout=10) as http:
        for i in range(MAX_REQUESTS_PER_CLIENT):
            try:
                kind = i % 4
                if kind in (0, 1):  # messages both ways
                    who = "mentee" if kind == 0 else "mentor"
                    body = f"load message {n}-{i} from the {who}"
                    answer = http.post(
                        f"/threads/{rel_id}/messages",
                        json={"body": body},
                        headers={"Authorization": f"Bearer {tokens[who]}"},
                    )
                    if answer.status_code == 201:
                        load.acknowledged(load.messages, body)
                elif kind == 2:
                    username = f"crash.member.{n}.{i}"
                    answer = http.post(
                        "/members",
                        json={
                            "first_name": "Crash",
                            "last_name": f"Member {n} {i}",
                            "username": username,
                            "password": PASSWORD,
                            "email": f"{username}@crash.test",
                            "role": "student",
                            "accept_guidelines": True,
                        },
                    )
                    if answer.status_code == 201:
                        load.acknowledged(load.members, username)
                else:
                    headline = f"headline {n}-{i}"
                    answer = http.patch(
                        "/me",
                        json={"headline": headline},
                        headers={"Authorization": f"Bearer {tokens['mentee']}"},
                    )
                    if answer.status_code == 200:
                        load.acknowledged(load.headlines, headline)
            except httpx.HTTPError:
                return  # the server is gone


@pytest.mark.slow
@pytest.mark.parametrize("engine", DATABASES)
def test_a_killed_server_loses_no_acknowledged_write(engine: str, tmp_path: Path) -> None:
    crash_target = POSTGRES_URL if engine == "postgresql" else None
    data_dir = tmp_path / "net"
    rel_id, mentor, mentee = _prepare(crash_target, data_dir)
    server = Server(data_dir, crash_target, tmp_path / "server.log").start()
    try:
        tokens = {
            who: httpx.post(
                f"{server.api}/sessions", json={"username": name, "password": PASSWORD}
            ).json()["token"]
            for who, name in (("mentor", mentor), ("mentee", mentee))
        }
        load = Load()
        clients = [
            threading.Thread(target=_client, args=(n, server.api, tokens, rel_id, load))
            for n in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        assert load.enough.wait(timeout=120), "the load never got under way"
        server.kill()  # SIGKILL: no shutdown, no checkpoint, writes in flight cut off
        for client in clients:
            client.join(timeout=60)
    finally:
        server.kill()
    with load.lock:
        messages, members, headlines = (
            list(load.messages),
            list(load.members),
            list(load.headlines),
        )
    assert len(messages) + len(members) + len(headlines) >= ACKNOWLEDGED_BEFORE_KILL

    if crash_target is None:  # SQLite's own verdict, straight after the kill
        raw = sqlite3.connect(data_dir / DB_FILENAME)
        try:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            raw.close()

    _assert_everything_acknowledged_is_there(
        crash_target, data_dir, rel_id, mentee, messages, members, headlines
    )

    again = Server(data_dir, crash_target, tmp_path / "server.log").start()
    try:  # the network goes on: the restarted server reads and takes writes
        headers = {"Authorization": f"Bearer {tokens['mentee']}"}
        thread = httpx.get(f"{again.api}/threads/{rel_id}", headers=headers, timeout=30)
        assert thread.status_code == 200
        stored = [m["body"] for m in thread.json()["messages"]]
        assert set(messages) <= set(stored)
        after = httpx.post(
            f"{again.api}/threads/{rel_id}/messages",
            json={"body": "after the restart"},
            headers=headers,
            timeout=30,
        )
        assert after.status_code == 201, after.text
    finally:
        again.stop()


def _assert_everything_acknowledged_is_there(
    database: str | None,
    data_dir: Path,
    rel_id: int,
    mentee: str,
    messages: list[str],
    members: list[str],
    headlines: list[str],
) -> None:
    store = _open(database, data_dir)
    try:
        with store.read() as conn:
            bodies = list(
                conn.execute(
                    select(t.messages.c.body).where(t.messages.c.thread_id == rel_id)
                ).scalars()
            )
            for body in messages:
                assert bodies.count(body) == 1, f"acknowledged message {body!r} stored wrongly"
            usernames = set(conn.execute(select(t.users.c.username)).scalars())
            assert set(members) <= usernames
            headline = conn.execute(
                select(t.users.c.headline).where(t.users.c.username == mentee)
            ).scalar_one()
            if headlines:  # the last change stored is one that was sent (or a later one)
                assert headline.startswith("headline ")
            # One transaction each: every message after the introduction notified its
            # recipient, and nothing else did.
            rel = conn.execute(select(t.relationships).where(t.relationships.c.id == rel_id)).one()
            for receiver in (rel.mentor_id, rel.mentee_id):
                received = conn.execute(
                    select(func.count())
                    .select_from(t.messages)
                    .where(
                        t.messages.c.thread_id == rel_id,
                        t.messages.c.recipient_id == receiver,
                        t.messages.c.body.like("load message %"),
                    )
                ).scalar_one()
                notified = conn.execute(
                    select(func.count())
                    .select_from(t.notifications)
                    .where(
                        t.notifications.c.user_id == receiver,
                        t.notifications.c.kind == NotificationKind.NEW_MESSAGE.value,
                    )
                ).scalar_one()
                assert received == notified
            # The mentor's counters agree with the relationships themselves.
            profile = conn.execute(
                select(t.mentor_profiles).where(t.mentor_profiles.c.user_id == rel.mentor_id)
            ).one()
            active = conn.execute(
                select(func.count())
                .select_from(t.relationships)
                .where(
                    t.relationships.c.mentor_id == rel.mentor_id,
                    t.relationships.c.state == RelationshipState.ACTIVE.value,
                )
            ).scalar_one()
            assert profile.active_mentees == active == 1
            assert profile.has_room is (active < profile.max_mentees)
    finally:
        store.close()
