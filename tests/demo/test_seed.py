"""The demo network: deterministic, believable, and true to every rule the service keeps.

The seeder writes rows directly (the service would take hours for a large network), so
these tests check, with SQL and through the service, that what it writes is exactly what
the service itself would have produced and still enforces.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, select, text

from mentor_tui.demo import seed as seeding
from mentor_tui.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, SeedSummary, seed_network
from mentor_tui.domain.enums import AccountState, RelationshipState, RequestState, Role
from mentor_tui.domain.errors import Conflict, Invalid, StorageError
from mentor_tui.domain.models import HEADLINE_MAX, Actor, SearchQuery
from mentor_tui.domain.text import username_base
from mentor_tui.service import MentoringService
from mentor_tui.service.accounts import sort_name
from mentor_tui.store import schema as t
from mentor_tui.store.database import Store
from mentor_tui.store.search import index_mentor, search_key
from tests.conftest import FakeClock, Network

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the fixed clock of tests/conftest.py
DEMO_USERNAMES = {login.username for login in DEMO_LOGINS}
STORED_MOMENT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")


def _seed(path: Path, mentors: int, seed: int = 7) -> tuple[Store, SeedSummary]:
    store = Store.open_data_dir(path)
    return store, seed_network(store, mentors=mentors, seed=seed, now=NOW)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, SeedSummary]]:
    """One seeded network shared by the tests that only read it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MENTOR_TUI_FAST_HASH", "1")
        store, summary = _seed(tmp_path_factory.mktemp("seeded"), mentors=150)
        yield store, summary
        store.close()


@pytest.fixture
def service(seeded: tuple[Store, SeedSummary]) -> MentoringService:
    return MentoringService(seeded[0], FakeClock(NOW))


def _actor(service: MentoringService, username: str) -> Actor:
    return service.authenticate(service.login(username, DEMO_PASSWORD).token)


def _rows(conn: Connection, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(text(sql)).all()]


# -- the same seed gives the same network ------------------------------------------------

SNAPSHOT_QUERIES = (
    "SELECT id, username, email, first_name, middle_name, last_name, role, state, headline,"
    " city, country, bio, programme, year_started, year_graduated, created_at FROM users"
    " ORDER BY id",
    "SELECT * FROM mentor_profiles ORDER BY user_id",
    'SELECT user_id, seq, title, organisation, start, "end" FROM positions ORDER BY user_id, seq',
    "SELECT * FROM requests ORDER BY id",
    "SELECT * FROM relationships ORDER BY id",
    "SELECT * FROM messages ORDER BY id",
    "SELECT * FROM notifications ORDER BY id",
)


def _snapshot(store: Store) -> list[list[tuple[Any, ...]]]:
    """Everything but the password hashes (argon2 salts each hash at random)."""
    with store.read() as conn:
        return [_rows(conn, sql) for sql in SNAPSHOT_QUERIES]


def test_same_seed_and_clock_give_the_same_network(tmp_path: Path) -> None:
    first, _ = _seed(tmp_path / "a", mentors=80, seed=3)
    second, _ = _seed(tmp_path / "b", mentors=80, seed=3)
    assert _snapshot(first) == _snapshot(second)


def _everything(store: Store) -> list[list[tuple[Any, ...]]]:
    """The snapshot, the mentors' lists and their search documents."""
    with store.read() as conn:
        return [
            *_snapshot(store),
            _rows(conn, "SELECT * FROM mentor_sectors ORDER BY user_id, seq"),
            _rows(conn, "SELECT * FROM mentor_help_areas ORDER BY user_id, seq"),
            _rows(conn, "SELECT * FROM mentor_activities ORDER BY user_id, seq"),
            _rows(conn, "SELECT * FROM objectives ORDER BY id"),
            _rows(conn, "SELECT * FROM reports ORDER BY id"),
            _rows(conn, "SELECT rowid, * FROM mentor_search ORDER BY rowid"),
        ]


def test_a_network_invented_in_a_child_process_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large seeds are invented in a child process while the parent writes: the same
    seed and clock must give the same network, every row and search document."""
    monkeypatch.setenv("MENTOR_TUI_FAST_HASH", "1")
    here = Store.open_data_dir(tmp_path / "here")
    there = Store.open_data_dir(tmp_path / "there")
    try:
        summary_here = seed_network(here, mentors=120, seed=5, now=NOW, in_child=False)
        summary_there = seed_network(there, mentors=120, seed=5, now=NOW, in_child=True)
        assert summary_there == summary_here
        assert _everything(there) == _everything(here)
        with here.read() as a, there.read() as b:
            indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
            assert _rows(b, indexes) == _rows(a, indexes)  # built again after the load
        assert_invariants(there)
    finally:
        here.close()
        there.close()


def test_large_seeds_are_invented_in_a_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[int] = []
    invent = seeding._invent_in_child

    def spy(plan: Any, writer: Any) -> SeedSummary:
        used.append(plan.mentors)
        return invent(plan, writer)

    monkeypatch.setattr(seeding, "_invent_in_child", spy)
    monkeypatch.setattr(seeding, "IN_CHILD_FROM_MENTORS", 30)
    _seed(tmp_path / "small", mentors=29)
    assert used == []
    _seed(tmp_path / "large", mentors=30)
    assert used == [30]


def _assert_empty_and_seedable(store: Store) -> None:
    """A failed seed kept nothing (its transaction rolled back, indexes included)."""
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.users)).scalar_one() == 0
        names = {row[0] for row in _rows(conn, "SELECT name FROM sqlite_master")}
    assert {index.name for table in seeding._TABLES for index in table.indexes} <= names
    assert seed_network(store, mentors=20, now=NOW, in_child=False).mentors == 20


def test_a_child_that_stops_early_fails_the_seed_and_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        seeding,
        "_CHILD",
        "import sys; sys.stdin.buffer.read(); print('out of memory', file=sys.stderr); sys.exit(3)",
    )
    store = Store.open_data_dir(tmp_path)
    with pytest.raises(RuntimeError, match=r"ended before .*exit code 3: out of memory"):
        seed_network(store, mentors=20, now=NOW, in_child=True)
    _assert_empty_and_seedable(store)


def test_a_child_that_fails_says_why_and_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        seeding,
        "_CHILD",
        "import os, pickle, sys; sys.stdin.buffer.read(); "
        "pickle.dump(('error', 'ValueError: no names left', 'Traceback: line 7'), "
        "os.fdopen(int(sys.argv[2]), 'wb'))",
    )
    store = Store.open_data_dir(tmp_path)
    with pytest.raises(
        RuntimeError, match="Inventing the network failed: ValueError: no names"
    ) as e:
        seed_network(store, mentors=20, now=NOW, in_child=True)
    assert e.value.__notes__ == ["Traceback: line 7"]  # kept for the crash report
    _assert_empty_and_seedable(store)


def test_a_child_that_dies_mid_batch_is_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed while sending (the out-of-memory killer): half a batch in the pipe."""
    monkeypatch.setattr(
        seeding,
        "_CHILD",
        "import os, pickle, sys; sys.stdin.buffer.read(); "
        "data = pickle.dumps(('insert', 'users', ('id',), [(1,)] * 1000)); "
        "f = os.fdopen(int(sys.argv[2]), 'wb'); f.write(data[: len(data) // 2]); f.flush(); "
        "os._exit(137)",
    )
    store = Store.open_data_dir(tmp_path)
    with pytest.raises(RuntimeError, match=r"ended before .*exit code 137"):
        seed_network(store, mentors=20, now=NOW, in_child=True)
    _assert_empty_and_seedable(store)


def test_what_the_child_prints_does_not_reach_the_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module or site hook that prints while the child starts goes to the child's log,
    not into the pipe the batches come through."""
    monkeypatch.setenv("MENTOR_TUI_FAST_HASH", "1")
    monkeypatch.setattr(seeding, "_CHILD", "print('hello from a site hook'); " + seeding._CHILD)
    here = Store.open_data_dir(tmp_path / "here")
    there = Store.open_data_dir(tmp_path / "there")
    assert seed_network(there, mentors=30, seed=2, now=NOW, in_child=True) == seed_network(
        here, mentors=30, seed=2, now=NOW, in_child=False
    )
    assert _everything(there) == _everything(here)


def _children_on_a_full_disk(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """Every write of the seed fails as on a full disk; the child processes it starts are
    collected in the list returned."""
    children: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def spawn(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        children.append(popen(*args, **kwargs))
        return children[-1]

    def full_disk(self: Any, table: str, columns: Any, rows: Any) -> None:
        raise StorageError("The disk is full; free some space and seed again.")

    monkeypatch.setattr(seeding.subprocess, "Popen", spawn)
    monkeypatch.setattr(seeding._Writer, "insert", full_disk)
    return children


def test_a_failed_write_stops_the_child_and_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    children = _children_on_a_full_disk(monkeypatch)
    # A child that never stops sending: only the closed pipe can end it.
    monkeypatch.setattr(
        seeding,
        "_CHILD",
        "import os, pickle, sys; sys.stdin.buffer.read(); f = os.fdopen(int(sys.argv[2]), 'wb')\n"
        "while True: pickle.dump(('insert', 'users', ('id',), [(1,)] * 1000), f); f.flush()",
    )
    store = Store.open_data_dir(tmp_path)
    with pytest.raises(StorageError, match="disk is full"):
        seed_network(store, mentors=20, now=NOW, in_child=True)
    assert len(children) == 1
    assert children[0].returncode == 1  # it ended itself, on its broken pipe
    monkeypatch.undo()
    _assert_empty_and_seedable(store)


def test_a_child_that_does_not_stop_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    children = _children_on_a_full_disk(monkeypatch)
    monkeypatch.setattr(seeding, "CHILD_GRACE_SECONDS", 0.2)
    monkeypatch.setattr(
        seeding,
        "_CHILD",
        "import os, pickle, sys, time; sys.stdin.buffer.read(); "
        "f = os.fdopen(int(sys.argv[2]), 'wb'); "
        "pickle.dump(('insert', 'users', ('id',), [(1,)]), f); f.flush(); time.sleep(60)",
    )
    store = Store.open_data_dir(tmp_path)
    with pytest.raises(StorageError, match="disk is full"):
        seed_network(store, mentors=20, now=NOW, in_child=True)
    assert children[0].returncode == -signal.SIGKILL


@pytest.mark.parametrize("in_child", [False, True])
def test_an_interrupted_seed_says_so_and_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_child: bool
) -> None:
    """Ctrl-C in the middle of a batch leaves SQLAlchemy's connection unusable: the
    interrupt must come through as itself (the command line then says "Cancelled;
    nothing was changed."), not as an error about that connection."""

    def interrupted(self: Any, table: str, columns: Any, rows: Any) -> None:
        self.conn.invalidate()  # what an interrupt inside the driver's call does
        raise KeyboardInterrupt

    monkeypatch.setattr(seeding._Writer, "insert", interrupted)
    store = Store.open_data_dir(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        seed_network(store, mentors=20, now=NOW, in_child=in_child)
    monkeypatch.undo()
    _assert_empty_and_seedable(store)


def test_another_seed_gives_another_network(tmp_path: Path) -> None:
    first, _ = _seed(tmp_path / "a", mentors=80, seed=3)
    second, _ = _seed(tmp_path / "b", mentors=80, seed=4)
    with first.read() as a, second.read() as b:
        names_a = _rows(a, "SELECT username FROM users ORDER BY id")
        names_b = _rows(b, "SELECT username FROM users ORDER BY id")
    assert names_a != names_b


# -- the invariants the service keeps ----------------------------------------------------


def assert_invariants(store: Store) -> None:
    """Every rule the service keeps (domain.md), checked on the stored rows."""
    with store.read() as conn:
        # A mentor's counts are those of its relationships; room means below the maximum.
        wrong_counts = _rows(
            conn,
            """
            SELECT mp.user_id FROM mentor_profiles mp
            WHERE mp.active_mentees != (SELECT count(*) FROM relationships r
                                        WHERE r.mentor_id = mp.user_id AND r.state = 'active')
               OR mp.completed != (SELECT count(*) FROM relationships r
                                   WHERE r.mentor_id = mp.user_id AND r.state = 'finished')
               OR mp.active_mentees > mp.max_mentees
               OR mp.has_room != (mp.active_mentees < mp.max_mentees)
               OR mp.max_mentees NOT BETWEEN 1 AND 5
            """,
        )
        assert wrong_counts == []
        # At most one pending request or active mentoring per pair.
        doubled = _rows(
            conn,
            """
            SELECT mentee_id, mentor_id, count(*) FROM (
                SELECT mentee_id, mentor_id FROM requests WHERE state = 'pending'
                UNION ALL
                SELECT mentee_id, mentor_id FROM relationships WHERE state = 'active'
            ) GROUP BY mentee_id, mentor_id HAVING count(*) > 1
            """,
        )
        assert doubled == []
        # At most three pending requests per mentee; nobody asks themselves.
        assert (
            _rows(
                conn,
                "SELECT mentee_id FROM requests WHERE state = 'pending' GROUP BY mentee_id"
                " HAVING count(*) > 3",
            )
            == []
        )
        assert _rows(conn, "SELECT id FROM requests WHERE mentee_id = mentor_id") == []
        # A relationship has the id of the accepted request it grew from, and the same pair.
        assert (
            _rows(
                conn,
                """
            SELECT rel.id FROM relationships rel LEFT JOIN requests r ON r.id = rel.id
            WHERE r.id IS NULL OR r.state != 'accepted' OR r.mentee_id != rel.mentee_id
               OR r.mentor_id != rel.mentor_id OR rel.started_at != r.responded_at
            """,
            )
            == []
        )
        assert (
            _rows(
                conn,
                "SELECT r.id FROM requests r LEFT JOIN relationships rel ON rel.id = r.id"
                " WHERE r.state = 'accepted' AND rel.id IS NULL",
            )
            == []
        )
        # Only alumni are mentors; only verified members ask, answer and write.
        assert (
            _rows(
                conn,
                "SELECT u.id FROM mentor_profiles mp JOIN users u ON u.id = mp.user_id"
                " WHERE u.role != 'alumnus' OR u.state != 'verified'",
            )
            == []
        )
        assert (
            _rows(
                conn,
                "SELECT r.id FROM requests r JOIN users a ON a.id = r.mentee_id"
                " JOIN users b ON b.id = r.mentor_id WHERE a.state != 'verified'"
                " OR b.state != 'verified'",
            )
            == []
        )
        assert (
            _rows(
                conn,
                "SELECT m.id FROM messages m JOIN users u ON u.id = m.sender_id"
                " WHERE u.state != 'verified'",
            )
            == []
        )
        # Every thread starts with the introduction, sent by the mentee to the mentor.
        assert (
            _rows(
                conn,
                """
            SELECT r.id FROM requests r JOIN messages m ON m.id = (
                SELECT min(id) FROM messages WHERE thread_id = r.id)
            WHERE m.body != r.message OR m.sender_id != r.mentee_id
               OR m.recipient_id != r.mentor_id OR m.created_at != r.created_at
            """,
            )
            == []
        )
        assert (
            _rows(
                conn,
                "SELECT r.id FROM requests r WHERE NOT EXISTS"
                " (SELECT 1 FROM messages m WHERE m.thread_id = r.id)",
            )
            == []
        )
        # E-mail keys are the casefolded address and unique; usernames are unique.
        users = conn.execute(select(t.users.c.username, t.users.c.email, t.users.c.email_key)).all()
        assert all(u.email_key == u.email.casefold() for u in users)
        assert len({u.email_key for u in users}) == len(users)
        assert len({u.username for u in users}) == len(users)
    assert_search_rows(store)


def assert_search_rows(store: Store) -> None:
    """Each mentor has the search row and copied filter columns index_mentor would write."""
    with store.read() as conn:
        mentors = conn.execute(
            select(
                t.mentor_profiles.c.user_id,
                t.mentor_profiles.c.sort_name,
                t.mentor_profiles.c.country_key,
                t.mentor_profiles.c.programme_key,
                t.mentor_profiles.c.year_graduated,
                t.users.c.first_name,
                t.users.c.last_name,
                t.users.c.country,
                t.users.c.programme,
                t.users.c.year_graduated.label("graduated"),
            ).join(t.users, t.users.c.id == t.mentor_profiles.c.user_id)
        ).all()
        indexed = {row[0] for row in conn.execute(text("SELECT rowid FROM mentor_search"))}
        assert indexed == {m.user_id for m in mentors}
        for m in mentors:
            assert m.sort_name == sort_name(m.first_name, m.last_name)
            assert m.country_key == search_key(m.country)
            assert m.programme_key == search_key(m.programme)
            assert m.year_graduated == m.graduated


def test_seeded_network_keeps_every_rule_of_the_service(seeded: tuple[Store, SeedSummary]) -> None:
    assert_invariants(seeded[0])


def test_search_rows_are_exactly_what_index_mentor_writes(
    seeded: tuple[Store, SeedSummary],
) -> None:
    store = seeded[0]
    columns = "name, headline, bio, job, employer, study, career"
    with store.engine.connect() as conn, conn.begin() as transaction:
        ids = list(conn.execute(select(t.mentor_profiles.c.user_id)).scalars())
        sql = text(f"SELECT rowid, {columns} FROM mentor_search ORDER BY rowid")
        seeded_rows = conn.execute(sql).all()
        for user_id in ids:
            index_mentor(conn, user_id)
        assert conn.execute(sql).all() == seeded_rows
        transaction.rollback()


def test_usernames_are_firstname_lastname_with_a_number_when_taken(
    seeded: tuple[Store, SeedSummary],
) -> None:
    with seeded[0].read() as conn:
        users = conn.execute(
            select(t.users.c.username, t.users.c.first_name, t.users.c.last_name)
        ).all()
    for user in users:
        if user.username in DEMO_USERNAMES:
            continue
        base = username_base(user.first_name, user.last_name)
        assert re.fullmatch(re.escape(base) + r"([2-9]|[1-9]\d+)?", user.username), user


def test_names_are_international_and_accented(seeded: tuple[Store, SeedSummary]) -> None:
    with seeded[0].read() as conn:
        names = [" ".join(r) for r in _rows(conn, "SELECT first_name, last_name FROM users")]
    assert any(not name.isascii() for name in names)
    assert len({name.split()[0] for name in names}) > 40


def test_profiles_look_like_people(seeded: tuple[Store, SeedSummary]) -> None:
    with seeded[0].read() as conn:
        alumni = _rows(
            conn,
            "SELECT u.headline, u.bio, u.institution, u.programme, u.city, u.country,"
            " (SELECT count(*) FROM positions p WHERE p.user_id = u.id),"
            " (SELECT count(*) FROM mentor_sectors s WHERE s.user_id = u.id)"
            " FROM users u JOIN mentor_profiles mp ON mp.user_id = u.id",
        )
        states = dict(_rows(conn, "SELECT state, count(*) FROM mentor_profiles GROUP BY state"))
        most_max = _rows(
            conn,
            "SELECT max_mentees FROM mentor_profiles GROUP BY max_mentees"
            " ORDER BY count(*) DESC LIMIT 1",
        )
    for headline, bio, institution, programme, city, country, jobs, sectors in alumni:
        assert 0 < len(headline) <= HEADLINE_MAX
        assert 2 <= len(bio.split(". ")) <= 4 and bio.endswith(".")
        assert institution.startswith("University of ") and programme and city and country
        assert 1 <= jobs <= 4
        assert 1 <= sectors <= 3
    assert states["active"] > states["paused"] > 0 and states["inactive"] > 0
    assert most_max == [(2,)]


def test_requests_come_in_every_state_and_mentorings_both_active_and_finished(
    seeded: tuple[Store, SeedSummary],
) -> None:
    store, summary = seeded
    with store.read() as conn:
        states = dict(_rows(conn, "SELECT state, count(*) FROM requests GROUP BY state"))
        rels = dict(_rows(conn, "SELECT state, count(*) FROM relationships GROUP BY state"))
        objectives = conn.execute(select(func.count()).select_from(t.objectives)).scalar_one()
        threads = _rows(
            conn,
            "SELECT count(*) FROM messages m JOIN relationships r ON r.id = m.thread_id"
            " GROUP BY m.thread_id",
        )
    assert set(states) == {s.value for s in RequestState}
    assert set(rels) == {s.value for s in RelationshipState}
    assert summary.requests == states and summary.relationships == rels
    assert objectives > 0
    assert all(n >= 2 for (n,) in threads)  # introduction and at least one more


def test_dates_are_stored_as_the_store_writes_them_and_never_in_the_future(
    seeded: tuple[Store, SeedSummary],
) -> None:
    moments = {
        "users": ("created_at", "profile_confirmed_at"),
        "requests": ("created_at", "responded_at", "reminded_at"),
        "relationships": ("started_at", "finished_at", "last_contact_at", "quiet_notified_at"),
        "messages": ("created_at", "read_at"),
        "notifications": ("created_at", "read_at"),
        "objectives": ("created_at", "done_at"),
        "reports": ("created_at", "handled_at"),
    }
    with seeded[0].read() as conn:
        for table, columns in moments.items():
            for column in columns:
                values = [v for (v,) in _rows(conn, f"SELECT {column} FROM {table}") if v]
                assert values or column != "created_at", (table, column)
                assert all(STORED_MOMENT.match(v) for v in values), (table, column)
                assert max(values, default="") <= NOW.strftime("%Y-%m-%d %H:%M:%S.%f"), column
        rows = conn.execute(select(t.requests.c.created_at).limit(1)).all()
    assert rows[0].created_at.tzinfo is not None  # read back as aware UTC through the store


def test_clock_work_is_already_done_when_seeded(tmp_path: Path) -> None:
    """No request is past expiry, every overdue request and quiet mentoring was reminded
    and every yearly confirmation asked: the clock's first run finds nothing to do."""
    store, _ = _seed(tmp_path, mentors=150)
    assert MentoringService(store, FakeClock(NOW)).process_due() == 0


def test_notifications_follow_the_events_in_time_order(seeded: tuple[Store, SeedSummary]) -> None:
    with seeded[0].read() as conn:
        received = _rows(
            conn,
            "SELECT r.id FROM requests r WHERE NOT EXISTS (SELECT 1 FROM notifications n"
            " WHERE n.user_id = r.mentor_id AND n.kind = 'request_received'"
            " AND n.subject_id = r.id AND n.created_at = r.created_at)",
        )
        accepted = _rows(
            conn,
            "SELECT r.id FROM requests r WHERE r.state = 'accepted' AND NOT EXISTS"
            " (SELECT 1 FROM notifications n WHERE n.user_id = r.mentee_id"
            " AND n.kind = 'request_accepted' AND n.subject_id = r.id)",
        )
        out_of_order = _rows(
            conn,
            "SELECT a.id FROM notifications a JOIN notifications b"
            " ON b.user_id = a.user_id AND b.id > a.id AND b.created_at < a.created_at",
        )
    assert received == [] and accepted == [] and out_of_order == []


# -- the demo logins ----------------------------------------------------------------------


def test_there_are_three_documented_demo_logins() -> None:
    assert [login.username for login in DEMO_LOGINS] == [
        "demo.student",
        "demo.mentor",
        "demo.admin",
    ]
    assert all(login.who and login.what_to_try for login in DEMO_LOGINS)


def test_demo_student_is_a_verified_student(service: MentoringService) -> None:
    student = _actor(service, "demo.student")
    assert student.role is Role.STUDENT and student.state is AccountState.VERIFIED
    me = service.me(student)
    assert me.interest_sectors and me.goal_areas
    assert service.suggest_mentors(student)  # somebody to try a request with


def test_demo_mentor_has_requests_waiting_and_a_mentee(service: MentoringService) -> None:
    mentor = _actor(service, "demo.mentor")
    assert mentor.role is Role.ALUMNUS and mentor.state is AccountState.VERIFIED
    waiting = service.list_requests(mentor, "incoming", RequestState.PENDING)
    mentoring = service.list_relationships(mentor, RelationshipState.ACTIVE)
    profile = service.me(mentor).mentor
    assert waiting.total >= 2
    assert any(r.overdue for r in waiting.items)
    assert mentoring.total >= 1 and mentoring.items[0].objectives
    assert profile is not None and profile.has_room and profile.completed >= 1


def test_demo_admin_has_people_to_verify_and_a_report_to_handle(
    service: MentoringService,
) -> None:
    admin = _actor(service, "demo.admin")
    assert admin.is_admin and admin.role is Role.STAFF
    assert service.verification_queue(admin).total >= 2
    assert service.list_reports(admin).total >= 1
    assert service.stats(admin).requests_by_state


def test_every_seeded_member_signs_in_with_the_demo_password(service: MentoringService) -> None:
    with service.store.read() as conn:
        someone = conn.execute(
            select(t.users.c.username).where(t.users.c.username.not_in(DEMO_USERNAMES)).limit(1)
        ).scalar_one()
    assert service.login(someone, DEMO_PASSWORD).username == someone


# -- the service on seeded data -------------------------------------------------------------


def test_search_finds_seeded_mentors_by_text_and_by_sector(service: MentoringService) -> None:
    student = _actor(service, "demo.student")
    with service.store.read() as conn:
        mentor = conn.execute(
            select(t.users.c.username, t.users.c.last_name, t.mentor_profiles.c.employer)
            .join(t.mentor_profiles, t.mentor_profiles.c.user_id == t.users.c.id)
            .where(t.mentor_profiles.c.state == "active")
            .limit(1)
        ).one()
        finance = conn.execute(
            select(func.count())
            .select_from(t.mentor_sectors)
            .join(t.mentor_profiles, t.mentor_profiles.c.user_id == t.mentor_sectors.c.user_id)
            .where(t.mentor_sectors.c.sector == "Finance", t.mentor_profiles.c.state == "active")
        ).scalar_one()
    by_text = service.search_mentors(
        student, SearchQuery(text=f"{mentor.last_name} {mentor.employer}", page_size=100)
    )
    assert mentor.username in {card.username for card in by_text.items}
    by_sector = service.search_mentors(student, SearchQuery(sectors=["finance"], page_size=100))
    assert by_sector.total == finance > 0
    assert all("Finance" in card.sectors for card in by_sector.items)


def test_seeding_a_network_with_members_is_refused(network: Network) -> None:
    with pytest.raises(Conflict, match="empty network"):
        seed_network(network.service.store, mentors=10, now=NOW)


def test_seeding_twice_is_refused(tmp_path: Path) -> None:
    store, _ = _seed(tmp_path, mentors=10)
    with pytest.raises(Conflict):
        seed_network(store, mentors=10, now=NOW)


def test_at_least_one_mentor_is_needed(tmp_path: Path) -> None:
    with pytest.raises(Invalid):
        seed_network(Store.open_data_dir(tmp_path), mentors=0, now=NOW)


def test_a_full_seeded_mentor_cannot_accept_another_request(tmp_path: Path) -> None:
    store, _ = _seed(tmp_path, mentors=60)
    service = MentoringService(store, FakeClock(NOW))
    with store.read() as conn:
        waiting = conn.execute(
            select(t.requests.c.id, t.users.c.username)
            .join(t.mentor_profiles, t.mentor_profiles.c.user_id == t.requests.c.mentor_id)
            .join(t.users, t.users.c.id == t.requests.c.mentor_id)
            .where(t.requests.c.state == "pending", t.mentor_profiles.c.has_room.is_(False))
        ).first()
    assert waiting is not None, "the seed always leaves a full mentor with a request waiting"
    mentor = _actor(service, waiting.username)
    with pytest.raises(Conflict, match="full"):
        service.accept_request(mentor, waiting.id)


def test_seeded_mentoring_goes_on_through_the_service(tmp_path: Path) -> None:
    store, _ = _seed(tmp_path, mentors=60)
    clock = FakeClock(NOW)
    service = MentoringService(store, clock)
    mentor = _actor(service, "demo.mentor")
    request = service.list_requests(mentor, "incoming", RequestState.PENDING).items[0]
    relationship = service.accept_request(mentor, request.id, "Happy to help.")
    assert relationship.id == request.id
    assert service.me(mentor).mentor.active_mentees == 2  # type: ignore[union-attr]
    student = _actor(service, "demo.student")
    sent = service.list_requests(student, "outgoing", RequestState.PENDING).items
    assert len(sent) == 1
    service.retract_request(student, sent[0].id)
    clock.advance(days=15)
    assert service.process_due() > 0  # the other requests to demo.mentor expire now
    assert_invariants(store)


def test_a_seeded_mentee_can_have_three_pending_requests_but_not_four(tmp_path: Path) -> None:
    store, _ = _seed(tmp_path, mentors=100)
    service = MentoringService(store, FakeClock(NOW))
    student = _actor(service, "demo.student")
    asked = {r.mentor.username for r in service.list_requests(student, "outgoing").items}
    open_mentors = service.search_mentors(student, SearchQuery(has_room=True, page_size=100))
    others = [c.username for c in open_mentors.items if c.username not in asked]
    intro = "I would value your advice on a first job in your sector."
    for username in others[:2]:
        service.send_request(student, username, intro)
    assert service.list_requests(student, "outgoing", RequestState.PENDING).total == 3
    with pytest.raises(Conflict, match="pending requests"):
        service.send_request(student, others[2], intro)


# -- the summary and scale ------------------------------------------------------------------


def test_summary_counts_what_was_written(seeded: tuple[Store, SeedSummary]) -> None:
    store, summary = seeded
    with store.read() as conn:
        count = {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (t.users, t.mentor_profiles, t.messages, t.notifications)
        }
        students = conn.execute(
            select(func.count())
            .select_from(t.users)
            .where(t.users.c.role == "student", t.users.c.state == "verified")
        ).scalar_one()
    assert summary.members == count["users"]
    assert summary.mentors == count["mentor_profiles"] == 150
    assert summary.students == students >= 75
    assert summary.messages == count["messages"]
    assert summary.notifications == count["notifications"]
    lines = "\n".join(summary.lines())
    assert DEMO_PASSWORD in lines and all(u in lines for u in DEMO_USERNAMES)
    json.dumps(summary.as_dict())


def test_two_thousand_mentors_seed_and_keep_the_rules(tmp_path: Path) -> None:
    store, summary = _seed(tmp_path, mentors=2000, seed=11)
    assert summary.mentors == 2000 and summary.students == 1000
    assert_invariants(store)
    service = MentoringService(store, FakeClock(NOW))
    student = _actor(service, "demo.student")
    page = service.search_mentors(student, SearchQuery(has_room=True))
    assert page.total > 1000 and all(card.has_room for card in page.items)
    assert NOW - timedelta(days=14) < service.list_requests(student, "outgoing").items[0].created_at
