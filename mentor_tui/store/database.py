"""Opening, upgrading and transacting on the network's database.

SQLite is the embedded default: one file, WAL mode so readers never wait for the
writer, and every write transaction taken with ``BEGIN IMMEDIATE`` so that two
processes deciding on the same mentor's last place are serialised by the database
itself (the second one waits, then sees the first one's result).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from mentor_tui.domain.errors import Invalid, StorageError
from mentor_tui.locations import DB_FILENAME
from mentor_tui.store import schema

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's transaction before giving up."""

EMBEDDED_CACHE_KIB = 512
"""SQLite's page cache per connection for one person's app (SQLite's default: 2 MiB).

Every pooled connection has a cache of its own, and SQLite sizes its sorter's buffers
(GROUP BY, ORDER BY) from it too: in the terminal app that was 7-9 MiB of a 100 MiB
process, while the file's pages stay in the operating system's cache anyway. The server keeps the
default: it serves many people from the same connections.
"""

Migration = Callable[[Connection], None]


def _migration_1_core(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=schema.V1_TABLES)


def _migration_2_search(conn: Connection) -> None:
    """Full-text search over mentors; backfills the index for mentors already there."""
    from mentor_tui.store.search import create_search_index, reindex_all_mentors

    create_search_index(conn)
    reindex_all_mentors(conn)


def _migration_3_folded_search(conn: Connection) -> None:
    """Search text is now folded (Ł, ø, ß...) before indexing: index every mentor again."""
    from mentor_tui.store.search import reindex_all_mentors

    reindex_all_mentors(conn)


def _migration_4_mail_outbox(conn: Connection) -> None:
    """The e-mail outbox: notifications owed by e-mail to members who allow it."""
    schema.mail_outbox.create(conn)


def _migration_5_idempotency_keys(conn: Connection) -> None:
    """Keys of sends already done, so a client's retry doesn't send twice."""
    schema.idempotency_keys.create(conn)


def _migration_6_sweep_indexes(conn: Connection) -> None:
    """Indexes for the clock's sweeps, which ran over every member and every mentoring
    (0.55 s on 100,000 mentors at each start). A new database has them from migration 1."""
    for index in (schema.ix_users_confirmation, schema.ix_rel_quiet):
        index.create(conn, checkfirst=True)
    _analyze_if_seeded(conn, "ix_users_confirmation", "ix_rel_quiet")


def _analyze_if_seeded(conn: Connection, *indexes: str) -> None:
    """Where SQLite has planner statistics (a seeded network), give new indexes theirs
    (sampled: a fraction of a second on 100,000 mentors)."""
    if (
        conn.dialect.name == "sqlite"
        and conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    ):
        conn.exec_driver_sql("PRAGMA analysis_limit = 1000")
        for name in indexes:
            conn.exec_driver_sql(f"ANALYZE {name}")


def _migration_7_listing_index(conn: Connection) -> None:
    """The index a search without words reads its page from (schema.ix_mentor_listing),
    in place of one in the wrong order for it."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_mentor_state_room_name")
    schema.ix_mentor_listing.create(conn, checkfirst=True)
    _analyze_if_seeded(conn, "ix_mentor_listing")


def _migration_8_idempotency_expiry(conn: Connection) -> None:
    """An index by age on the idempotency keys, which the clock's sweep now expires."""
    schema.ix_idempotency_created.create(conn, checkfirst=True)


MIGRATIONS: list[Migration] = [
    _migration_1_core,
    _migration_2_search,
    _migration_3_folded_search,
    _migration_4_mail_outbox,
    _migration_5_idempotency_keys,
    _migration_6_sweep_indexes,
    _migration_7_listing_index,
    _migration_8_idempotency_expiry,
]
"""MIGRATIONS[i] upgrades a database at version i to version i + 1. Append only."""
SCHEMA_VERSION = len(MIGRATIONS)


def _sqlite_engine(path: Path, cache_kib: int | None = None) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={
            "isolation_level": None,
            "timeout": BUSY_TIMEOUT_MS / 1000,
            "check_same_thread": False,
        },
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Deleted rows are overwritten, not just unlinked: a member who leaves must not
        # stay readable in the file's free space (some SQLite builds default to off).
        cursor.execute("PRAGMA secure_delete = ON")
        if cache_kib is not None:  # negative: a size in KiB, not a number of pages
            cursor.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}{sep}{user}:***@{host}" if ":" in credentials else url
    return url


NUMBER_TOO_LARGE = (
    "A number in the request is too large to be an id, a page or a year here; use a smaller one."
)
"""Said when a number can't even be stored (over 2**63 - 1): whatever it names, doesn't exist."""


def _explain(error: BaseException, where: str) -> StorageError | Invalid:
    detail = str(getattr(error, "orig", error)).strip() or type(error).__name__
    lowered = detail.lower()
    if isinstance(error, OverflowError) or "out of range" in lowered:
        return Invalid(NUMBER_TOO_LARGE)
    if "nul (0x00)" in lowered:  # PostgreSQL can't hold it; the service strips it first
        return Invalid("Text can't contain NUL characters; remove them and try again.")
    if "not a database" in lowered or "malformed" in lowered:
        return StorageError(
            f"{where} is not a mentor-tui database ({detail}). Move it aside or choose "
            "another --data-dir."
        )
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return StorageError(
            f"Can't write to {where} ({detail}). Check its permissions or choose another "
            "--data-dir."
        )
    if "connection" in lowered and ("refused" in lowered or "failed" in lowered):
        return StorageError(
            f"Can't connect to the database {where}: is the server running and the URL right?"
        )
    if "locked" in lowered or "busy" in lowered:
        return StorageError(
            f"The database {where} is busy in another program ({detail}). Try again in a moment."
        )
    return StorageError(f"The database {where} failed: {detail}.")


class Store:
    """The database of one network: an engine, its schema version, and transactions."""

    def __init__(self, engine: Engine, where: str) -> None:
        self.engine = engine
        self.where = where
        self.dialect = engine.dialect.name

    @classmethod
    def open_data_dir(cls, data_dir: Path, *, cache_kib: int | None = None) -> Store:
        """Open (creating and upgrading as needed) the SQLite network under ``data_dir``.

        ``cache_kib`` caps SQLite's page cache of each connection (None: SQLite's default);
        the embedded app passes :data:`EMBEDDED_CACHE_KIB`.
        """
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                f"Can't create the data directory {data_dir} ({error.strerror}). "
                "Choose another with --data-dir."
            ) from None
        if not os.access(data_dir, os.W_OK | os.X_OK):
            raise StorageError(
                f"The data directory {data_dir} is not writable. Fix its permissions or "
                "choose another with --data-dir."
            )
        path = data_dir / DB_FILENAME
        new_file = not path.exists()
        store = cls(_sqlite_engine(path, cache_kib), str(path))
        if new_file:
            path.touch(mode=0o600)
        store.migrate()
        return store

    @classmethod
    def open_url(cls, url: str) -> Store:
        """Open a network by database URL: ``sqlite:///path`` or ``postgresql://...``."""
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///")).expanduser()
            if path.name != DB_FILENAME:
                raise StorageError(
                    f"A SQLite network lives in a file named {DB_FILENAME}; use --data-dir "
                    f"{path.parent} or sqlite:///{path.parent / DB_FILENAME}."
                )
            return cls.open_data_dir(path.parent)
        if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            driver_url = "postgresql+psycopg://" + url.split("://", 1)[1]
            where = _redact(url)
            try:
                engine = create_engine(driver_url, pool_pre_ping=True, pool_size=10)
            except (ImportError, SQLAlchemyError) as error:
                raise StorageError(f"Can't use {where}: {error}.") from None
            store = cls(engine, where)
            store.migrate()
            return store
        raise StorageError(
            f"Unknown database URL {_redact(url)}: use postgresql://user:password@host/db "
            "or sqlite:///path/to/network.sqlite3."
        )

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction; on SQLite it holds the write lock from its first statement."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(immediate=True)
                with conn.begin():
                    yield conn
        except (OperationalError, DatabaseError, OverflowError) as error:
            raise _explain(error, self.where) from None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: a consistent snapshot that never blocks the writer."""
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except (OperationalError, DatabaseError, OverflowError) as error:
            raise _explain(error, self.where) from None

    def version(self) -> int:
        with self.read() as conn:
            return _read_version(conn)

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        """Bring the database up to ``target``, one migration per transaction."""
        try:
            with self.write() as conn:
                current = _read_version(conn)
            if current > SCHEMA_VERSION:
                raise StorageError(
                    f"{self.where} was written by a newer mentor-tui (schema {current}; this "
                    f"version knows up to {SCHEMA_VERSION}). Upgrade mentor-tui to open it."
                )
            for version in range(current, target):
                with self.write() as conn:
                    if _read_version(conn) != version:  # another process upgraded it
                        continue
                    MIGRATIONS[version](conn)
                    _write_version(conn, version + 1)
        except SQLAlchemyError as error:
            raise _explain(error, self.where) from None

    def close(self) -> None:
        self.engine.dispose()


def _read_version(conn: Connection) -> int:
    if conn.dialect.name == "sqlite":
        exists = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_info'")
        ).first()
    else:
        exists = conn.execute(text("SELECT to_regclass('schema_info')")).scalar()
    if not exists:
        return 0
    version = conn.execute(select(schema.schema_info.c.version)).scalar()
    return int(version or 0)


def _write_version(conn: Connection, version: int) -> None:
    info = schema.schema_info
    if conn.execute(select(info.c.id)).first() is None:
        conn.execute(info.insert().values(id=1, version=version))
    else:
        conn.execute(info.update().values(version=version))
