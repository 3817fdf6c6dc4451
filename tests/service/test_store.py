"""The SQLite file: upgrades keep data, and every way it can't be used says what to do."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, insert, text

from mentor_tui.domain.enums import AccountState, MentorState, Role
from mentor_tui.domain.errors import StorageError
from mentor_tui.domain.models import SearchQuery
from mentor_tui.service import MentoringService
from mentor_tui.service.security import hash_password
from mentor_tui.store import schema as t
from mentor_tui.store.database import DB_FILENAME, SCHEMA_VERSION, Store, _sqlite_engine
from tests.conftest import PASSWORD, FakeClock

WHEN = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def _user(user_id: int, username: str, role: Role, **extra: object) -> dict[str, object]:
    first, last = username.split(".")
    return {
        "id": user_id,
        "username": username,
        "email": f"{username}@example.org",
        "email_key": f"{username}@example.org",
        "password_hash": hash_password(PASSWORD),
        "first_name": first.title(),
        "last_name": last.title(),
        "sort_name": f"{last} {first}",
        "role": role.value,
        "state": AccountState.VERIFIED.value,
        "guidelines_accepted_at": WHEN,
        "created_at": WHEN,
        "profile_confirmed_at": WHEN,
        **extra,
    }


def build_v1_network(data_dir: Path) -> None:
    """A database as the first release left it: core tables only, no search index."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(_sqlite_engine(data_dir / DB_FILENAME), str(data_dir / DB_FILENAME))
    store.migrate(target=1)
    assert store.version() == 1
    with store.write() as conn:
        for row in (
            _user(1, "alex.office", Role.STAFF, is_admin=True),
            _user(
                2,
                "greta.lindqvist",
                Role.ALUMNUS,
                headline="Shipbroker in Gothenburg",
                country="Sweden",
                programme="Maritime Law",
            ),
            _user(3, "sam.student", Role.STUDENT),
        ):
            conn.execute(insert(t.users).values(**row))
        conn.execute(
            insert(t.mentor_profiles).values(
                user_id=2,
                state=MentorState.ACTIVE.value,
                job_title="Shipbroker",
                employer="Nordic Freight",
                max_mentees=2,
                active_mentees=0,
                has_room=True,
                completed=0,
            )
        )
        conn.execute(insert(t.mentor_sectors).values(user_id=2, sector="Transport and Logistics"))
    store.close()


def test_first_release_database_is_upgraded_on_open_and_keeps_its_data(tmp_path: Path) -> None:
    build_v1_network(tmp_path)
    store = Store.open_data_dir(tmp_path)
    try:
        assert store.version() == SCHEMA_VERSION
        service = MentoringService(store, FakeClock())
        student = service.authenticate(service.login("sam.student", PASSWORD).token)
        mentor = service.get_member(student, "greta.lindqvist")
        assert mentor.headline == "Shipbroker in Gothenburg"
        assert mentor.mentor is not None and mentor.mentor.employer == "Nordic Freight"
    finally:
        store.close()


def test_upgrade_fills_the_search_index_for_mentors_already_there(tmp_path: Path) -> None:
    build_v1_network(tmp_path)
    store = Store.open_data_dir(tmp_path)
    try:
        service = MentoringService(store, FakeClock())
        student = service.authenticate(service.login("sam.student", PASSWORD).token)
        for words in ("shipbroker", "nordic freight", "gothenburg", "maritime"):
            found = service.search_mentors(student, SearchQuery(text=words))
            assert [c.username for c in found.items] == ["greta.lindqvist"], words
        by_filter = service.search_mentors(student, SearchQuery(country="sweden"))
        assert by_filter.total == 1
    finally:
        store.close()


def test_upgrade_refolds_search_text_written_by_the_second_release(tmp_path: Path) -> None:
    build_v1_network(tmp_path)
    store = Store(_sqlite_engine(tmp_path / DB_FILENAME), str(tmp_path / DB_FILENAME))
    store.migrate(target=2)
    with store.write() as conn:  # what release 2 indexed: the name as typed, unfolded
        conn.execute(text("UPDATE users SET first_name = 'Søren' WHERE id = 2"))
        conn.execute(text("DELETE FROM mentor_search"))
        conn.execute(text("INSERT INTO mentor_search(rowid, name) VALUES (2, 'Søren Lindqvist')"))
    store.close()
    store = Store.open_data_dir(tmp_path)
    try:
        service = MentoringService(store, FakeClock())
        student = service.authenticate(service.login("sam.student", PASSWORD).token)
        found = service.search_mentors(student, SearchQuery(text="soren"))
        assert [c.username for c in found.items] == ["greta.lindqvist"]
    finally:
        store.close()


def test_opening_twice_upgrades_once(tmp_path: Path) -> None:
    build_v1_network(tmp_path)
    Store.open_data_dir(tmp_path).close()
    store = Store.open_data_dir(tmp_path)
    try:
        with store.read() as conn:
            rows = conn.execute(text("SELECT count(*) FROM mentor_search")).scalar_one()
        assert rows == 1
    finally:
        store.close()


def test_database_from_a_newer_version_asks_to_upgrade(tmp_path: Path) -> None:
    Store.open_data_dir(tmp_path).close()
    with sqlite3.connect(tmp_path / DB_FILENAME) as conn:
        conn.execute("UPDATE schema_info SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StorageError, match=r"newer mentor-tui.*Upgrade mentor-tui"):
        Store.open_data_dir(tmp_path)


def test_file_that_is_not_a_database_says_what_to_do_in_one_line(tmp_path: Path) -> None:
    (tmp_path / DB_FILENAME).write_bytes(b"These are my holiday notes, not a database.\n" * 200)
    with pytest.raises(StorageError) as caught:
        Store.open_data_dir(tmp_path)
    message = str(caught.value)
    assert "not a mentor-tui database" in message
    assert "--data-dir" in message
    assert "\n" not in message


def test_data_dir_that_is_a_file_says_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError, match="--data-dir") as caught:
        Store.open_data_dir(blocker / "net")
    assert "\n" not in str(caught.value)


def test_data_dir_that_is_not_writable_says_what_to_do(tmp_path: Path) -> None:
    data_dir = tmp_path / "readonly"
    data_dir.mkdir()
    data_dir.chmod(0o500)
    try:
        if os.access(data_dir, os.W_OK):
            pytest.skip("permissions are not enforced for this user (root)")
        with pytest.raises(StorageError, match=r"not writable.*--data-dir") as caught:
            Store.open_data_dir(data_dir)
        assert "\n" not in str(caught.value)
    finally:
        data_dir.chmod(0o700)


def test_database_runs_in_wal_mode(tmp_path: Path) -> None:
    store = Store.open_data_dir(tmp_path)
    try:
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()
    with sqlite3.connect(tmp_path / DB_FILENAME) as conn:  # persisted in the file itself
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_new_database_file_is_private_to_its_owner(tmp_path: Path) -> None:
    Store.open_data_dir(tmp_path).close()
    assert (tmp_path / DB_FILENAME).stat().st_mode & 0o077 == 0


def test_unknown_database_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="Unknown database URL"):
        Store.open_url("mysql://user:secret@host/db")


def _opened_after_downgrade(tmp_path: Path, version: int, *statements: str) -> Store:
    """A database made back into schema ``version`` by ``statements`` (with planner
    statistics, as a seeded network has), then opened, which upgrades it again."""
    store = Store.open_data_dir(tmp_path)
    with store.write() as conn:
        for statement in statements:
            conn.execute(text(statement))
        conn.execute(text("ANALYZE"))
        conn.execute(t.schema_info.update().values(version=version))
    store.close()
    return Store.open_data_dir(tmp_path)


def _index_names(conn: Connection) -> set[str]:
    return set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())


def _plan(conn: Connection, query: str, **params: Any) -> str:
    return " ".join(str(row) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {query}"), params))


def test_upgrade_to_6_adds_the_sweep_indexes_and_the_sweeps_use_them(tmp_path: Path) -> None:
    store = _opened_after_downgrade(
        tmp_path, 5, "DROP INDEX ix_users_confirmation", "DROP INDEX ix_rel_quiet"
    )
    try:
        assert store.version() == SCHEMA_VERSION
        with store.read() as conn:
            assert {"ix_users_confirmation", "ix_rel_quiet"} <= _index_names(conn)
            plan = _plan(
                conn,
                "SELECT id FROM users WHERE state = 'verified' "
                "AND confirmation_notified_at IS NULL AND profile_confirmed_at <= :t",
                t="2026-01-01",
            )
            assert "ix_users_confirmation" in plan
        assert MentoringService(store, FakeClock()).process_due() == 0  # and still runs
    finally:
        store.close()


def test_upgrade_to_7_lists_mentors_off_the_listing_index(tmp_path: Path) -> None:
    """A search without words reads its first page off an index in its own order, rather
    than sorting every active mentor (schema 6 had has_room ascending)."""
    store = _opened_after_downgrade(
        tmp_path,
        6,
        "DROP INDEX ix_mentor_listing",
        "CREATE INDEX ix_mentor_state_room_name ON mentor_profiles (state, has_room, sort_name)",
    )
    try:
        assert store.version() == SCHEMA_VERSION
        with store.read() as conn:
            names = _index_names(conn)
            assert "ix_mentor_listing" in names
            assert "ix_mentor_state_room_name" not in names
            plan = _plan(
                conn,
                "SELECT user_id FROM mentor_profiles WHERE state = 'active' "
                "ORDER BY has_room DESC, sort_name, user_id LIMIT 20",
            )
            assert "ix_mentor_listing" in plan
            assert "TEMP B-TREE" not in plan  # nothing sorted: the index is the order
    finally:
        store.close()
