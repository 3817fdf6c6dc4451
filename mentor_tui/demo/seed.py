"""Deterministic demo data: a believable alumni network for the demo, tests and load trials.

Why it exists: the ``demo`` command, the TUI snapshot tests and anyone judging search
speed need a network full of people who look real (accented names, careers that make
sense for their degree, requests in every state, threads, objectives, notifications),
and need the *same* network every time for the same seed and clock.

What it deliberately does not do: it does not go through :class:`MentoringService`
for the bulk. A hundred thousand mentors through per-row service calls (and a memory-hard
password hash each) would take hours. Instead the rows are written in large
``executemany`` batches inside one write transaction of the store (see ``_Rows`` for
why they go to the driver as plain tuples), the password is hashed once for everyone,
and the seeder keeps, by construction, every invariant the service keeps: capacity
counts, one open request per pair, at most three pending requests per mentee,
relationship id = request id, the copied search columns and search rows. The tests in
``tests/demo/test_seed.py`` check each of them. Notification texts repeat the service's
wording, so seeded and live events read alike. SQLite only, like the search index.

A large network is invented in a child process while this one writes it (see
``_invent_in_child``): the two halves of the work, Python making rows and SQLite
storing them, then use both cores.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
import json
import os
import pickle
import queue
import random
import subprocess
import sys
import tempfile
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, BinaryIO, Protocol, TypeVar

from sqlalchemy import Connection, Table, func, select

from mentor_tui.demo import names
from mentor_tui.domain.calendar import add_working_days, utcnow
from mentor_tui.domain.enums import (
    AccountState,
    MentorState,
    NotificationKind,
    RelationshipState,
    ReportState,
    RequestState,
    Role,
)
from mentor_tui.domain.errors import Conflict, Invalid
from mentor_tui.domain.lists import ACTIVITIES, HELP_AREAS, SECTORS
from mentor_tui.domain.models import (
    DEFAULT_RHYTHM_DAYS,
    EXPIRY_DAYS,
    HEADLINE_MAX,
    MAX_PENDING_REQUESTS,
    OVERDUE_WORKING_DAYS,
)
from mentor_tui.domain.text import username_base
from mentor_tui.service.accounts import sort_name
from mentor_tui.service.security import hash_password
from mentor_tui.store import schema as t
from mentor_tui.store.database import Store
from mentor_tui.store.search import bulk_index, search_key

DEMO_PASSWORD = "mentor-demo-2026"
"""The one password of every seeded account, printed on the demo's sign-in screen."""

BATCH_ROWS = 20_000
"""Rows per executemany: large enough that per-statement overhead vanishes, small enough
that a two-million-mentor seed never holds more than a few batches in memory."""

SEED_CACHE_KIB = 512 * 1024
"""SQLite page cache while seeding (an upper bound, not an allocation): with the default
2 MB a large seed keeps evicting the index pages it is writing to and takes about twice
as long. Put back to what it was when the seed is done."""

IN_CHILD_FROM_MENTORS = 10_000
"""From this size the network is invented in a child process while this one writes it:
a 100,000-mentor seed spends about half its time in Python making rows and half in
SQLite storing them, and the two overlap there (starting the child costs ~0.7 s, more
than it saves on small networks)."""

SENDER_BACKLOG = 8
"""Pickled batches a child that invents may hold waiting for the pipe (besides the one
being written into it and the one being pickled)."""

HISTORY_DAYS = 20 * 365
"""How far back any seeded event lies: members joined at most six years ago."""

_T = TypeVar("_T")
DAY = 86_400
HOUR = 3_600


@dataclass(frozen=True)
class DemoLogin:
    """One documented demo account: who it is and what to try with it."""

    username: str
    who: str
    what_to_try: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "demo.student",
        "a verified student looking for a mentor",
        "the sector cloud, search, send a request",
    ),
    DemoLogin(
        "demo.mentor",
        "an alumna mentoring, with requests waiting",
        "accept or decline, message a mentee, objectives",
    ),
    DemoLogin(
        "demo.admin",
        "the alumni office",
        "verification queue, report queue, programme figures",
    ),
)


@dataclass
class SeedSummary:
    """What a seed created, for the command line (``lines``) and scripts (``as_dict``)."""

    members: int
    mentors: int
    mentors_by_state: dict[str, int]
    students: int
    pending_signups: int
    requests: dict[str, int]
    relationships: dict[str, int]
    messages: int
    notifications: int
    open_reports: int
    logins: tuple[DemoLogin, ...] = DEMO_LOGINS
    password: str = DEMO_PASSWORD

    def lines(self) -> list[str]:
        m = self.mentors_by_state
        r = self.requests
        rel = self.relationships
        width = max(len(login.username) for login in self.logins)
        return [
            f"Seeded {self.members:,} members: {self.mentors:,} mentors "
            f"({m.get('active', 0):,} active, {m.get('paused', 0):,} paused, "
            f"{m.get('inactive', 0):,} not yet active), {self.students:,} students, "
            f"{_count(self.pending_signups, 'sign-up')} waiting for verification.",
            "Requests: "
            + ", ".join(f"{r.get(s.value, 0):,} {s.value}" for s in RequestState)
            + f". Mentoring: {rel.get('active', 0):,} active, {rel.get('finished', 0):,} "
            f"finished; {_count(self.messages, 'message')}; "
            f"{_count(self.open_reports, 'open report')}.",
            f"Demo logins (password {self.password}):",
            *(
                f"  {login.username:<{width}}  {login.who}; try {login.what_to_try}"
                for login in self.logins
            ),
        ]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["logins"] = [asdict(login) for login in self.logins]
        return data


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")


def seed_network(
    store: Store,
    mentors: int,
    seed: int = 1,
    now: datetime | None = None,
    in_child: bool | None = None,
) -> SeedSummary:
    """Fill an empty network with ``mentors`` mentors (demo.mentor among them), about one
    student per two mentors, the three demo logins, sign-ups waiting for verification,
    and the requests, mentorings, messages, reports and notifications between them.

    Deterministic: the same ``seed`` and ``now`` give the same network, whether it is
    invented here or in a child process (``in_child``; by default from
    ``IN_CHILD_FROM_MENTORS``). ``now`` defaults to the current UTC time; every date is
    derived from it. Raises :class:`Conflict` if the network already has members.
    """
    if mentors < 1:
        raise Invalid(f"Seed at least 1 mentor, not {mentors}.")
    moment = utcnow() if now is None else now
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    with store.read() as conn:  # refuse before the costly hash; checked again when writing
        _require_empty(conn, store.where)
    password_hash = hash_password(DEMO_PASSWORD)  # once: argon2 per member would take hours
    if in_child is None:
        in_child = mentors >= IN_CHILD_FROM_MENTORS
    with store.write() as conn:
        _require_empty(conn, store.where)
        plan = _Plan(seed, moment, mentors, password_hash, _first_ids(conn))
        previous = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        conn.exec_driver_sql(f"PRAGMA cache_size = -{SEED_CACHE_KIB}")
        collecting = gc.isenabled()
        gc.disable()  # millions of long-lived rows: each full collection would walk them all
        try:
            with _indexes_built_after(conn, _TABLES):
                writer = _Writer(conn)
                summary = _invent_in_child(plan, writer) if in_child else _invent(plan, writer)
        finally:
            if collecting:
                gc.enable()
            # Not on a connection that an interrupt (Ctrl-C) left mid-statement: it is
            # thrown away, and a statement on it would only hide the interrupt.
            if not conn.invalidated:
                conn.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")
    with store.engine.connect() as conn:  # the seed's write-ahead log is as large as the data
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with store.write() as conn:
        # Statistics for the query planner: without them SQLite guesses, and on a large
        # network it guessed wrong for rare filters (a country with a few hundred mentors
        # took 200 ms instead of 1 ms: it walked every active mentor in name order).
        conn.exec_driver_sql("PRAGMA analysis_limit = 1000")  # a sample is enough: 0.1 s
        conn.exec_driver_sql("ANALYZE")
    return summary


def _require_empty(conn: Connection, where: str) -> None:
    count = conn.execute(select(func.count()).select_from(t.users)).scalar_one()
    if count:
        raise Conflict(
            f"The network in {where} already has {count:,} member(s); demo members go only "
            "into an empty network. Seed a new --data-dir (it gets its own admin, "
            "demo.admin), or try it out with `mentor-tui demo`."
        )


# -- what the seeder keeps in memory ------------------------------------------------------


@dataclass(slots=True)
class _Person:
    id: int
    first: str
    middle: str
    last: str
    role: Role
    verified: int
    """When the office verified the account (epoch seconds); for a sign-up, when it joined."""
    programme: str
    graduated: int | None
    country: str
    interests: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    max_active: int = 2
    """How many mentors at once this mentee plausibly has."""
    active: int = 0
    pending: int = 0
    name: str = ""
    """The full name, as the service writes it in notifications."""


@dataclass(slots=True)
class _Mentor:
    person: _Person
    state: MentorState
    max_mentees: int
    sectors: list[str]
    help_areas: list[str]
    activities: list[str]
    title: str
    employer: str
    search_row: dict[str, Any]
    active: int = 0
    finished: int = 0

    @property
    def full(self) -> bool:
        return self.active >= self.max_mentees


@dataclass(slots=True)
class _Request:
    mentee: _Person
    mentor: _Mentor
    state: RequestState
    created: int
    responded: int | None
    finished: int | None
    relationship: RelationshipState | None
    id: int = 0
    reported: bool = False
    demo: bool = False


_Note = tuple[int, int, str, str, str, int, int | None]
"""created, user id, kind, text, subject type, subject id, read (None: unread)."""


_TABLES: tuple[Table, ...] = (
    t.users,
    t.positions,
    t.education,
    t.mentor_profiles,
    t.mentor_sectors,
    t.mentor_help_areas,
    t.mentor_activities,
    t.requests,
    t.relationships,
    t.objectives,
    t.messages,
    t.reports,
    t.notifications,  # written by write_notifications, in time order
)
"""The tables a seed writes, in foreign-key order (parents first)."""


class _Sink(Protocol):
    """Where invented rows go: the seed's connection, or the pipe to the process that
    holds it."""

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Rows of ``table``, each a tuple in the order of ``columns``."""

    def index(self, documents: list[dict[str, Any]]) -> None:
        """Mentors' search documents (``store.search.bulk_index``)."""


class _Writer:
    """Writes rows on the seed's connection, an ``executemany`` per batch.

    The rows go to the driver as they are: SQLAlchemy's per-row bind processing (the
    UTC date type above all) costs four times what SQLite needs to store the row, so
    dates arrive already in the store's own text format (see ``_Seeder.stamp``) and
    every column is given, since Python-side column defaults don't apply at this level.
    Enum members go in as they are: they are ``StrEnum``s, bound as their text.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.statements: dict[tuple[str, tuple[str, ...]], str] = {}

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """One executemany of positional rows (a third of the cost of named parameters)."""
        key = (table, columns)
        statement = self.statements.get(key)
        if statement is None:
            known = t.metadata.tables[table].c
            unknown = [c for c in columns if c not in known]
            assert not unknown, f"{table} has no column {unknown}"
            quote = self.conn.dialect.identifier_preparer.quote
            statement = self.statements[key] = (
                f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
                f"VALUES ({', '.join('?' for _ in columns)})"
            )
        self.conn.exec_driver_sql(statement, rows)

    def index(self, documents: list[dict[str, Any]]) -> None:
        bulk_index(self.conn, documents)


class _Sender:
    """In the child that invents a large network: pickles each batch for the parent,
    which writes it (``_invent_in_child``).

    A thread of its own puts the pickled batches into the pipe, so inventing never
    waits for the parent to make room in it: a pipe holds 64 KiB and a batch is
    megabytes, and waiting there lost half of the overlap (the parent writes in bursts,
    after each ``_Rows.flush``). The thread is idle in the kernel while it waits, and
    the backlog is bounded (``SENDER_BACKLOG``).
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.backlog: queue.Queue[bytes | None] = queue.Queue(maxsize=SENDER_BACKLOG)
        self.failed: BaseException | None = None
        self.thread = threading.Thread(target=self._pour, name="seed-sender", daemon=True)
        self.thread.start()

    def _pour(self) -> None:
        while (data := self.backlog.get()) is not None:
            if self.failed is None:
                try:
                    self.stream.write(data)
                    self.stream.flush()
                except BaseException as error:  # the parent is gone: said by the next send
                    self.failed = error

    def send(self, message: tuple[Any, ...]) -> None:
        if self.failed is not None:
            raise self.failed
        self.backlog.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        """Wait until everything sent is in the pipe."""
        self.backlog.put(None)
        self.thread.join()
        if self.failed is not None:
            raise self.failed

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        self.send(("insert", table, columns, rows))

    def index(self, documents: list[dict[str, Any]]) -> None:
        self.send(("index", documents))


@dataclass(frozen=True)
class _Plan:
    """Everything the invention depends on, so a child process invents the same network."""

    seed: int
    now: datetime
    mentors: int
    password_hash: str
    first_ids: dict[str, int]
    """The first free id of the tables whose ids the seeder hands out itself."""


def _first_ids(conn: Connection) -> dict[str, int]:
    return {
        table.name: int(conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        for table in (t.users, t.requests, t.messages, t.reports)
    }


def _invent(plan: _Plan, sink: _Sink) -> SeedSummary:
    seeder = _Seeder(sink, plan)
    seeder.run()
    return seeder.summary()


_CHILD = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from mentor_tui.demo.seed import _invent_for_parent; _invent_for_parent(int(sys.argv[2]))"
)
"""The child's program: this process's import path, then ``_invent_for_parent`` writing
to the pipe whose descriptor follows (run with ``-P``: nothing from the working
directory, so it runs the same code as this process)."""

CHILD_GRACE_SECONDS = 5.0
"""How long a child that is told to stop (its pipe closed) has to end before it is
killed."""


def _invent_in_child(plan: _Plan, writer: _Writer) -> SeedSummary:
    """``_invent`` in a child process while this one writes what it sends.

    The child is a fresh interpreter (a forked copy of this process would share its
    open write transaction). The plan goes to it on its standard input, pickled; the
    batches come back on a pipe of their own, so nothing the interpreter or a library
    prints can get into them (its standard output and error go to a file, which says
    what happened should it end early). Should the child fail, or stop without a word,
    this raises, and the seed's transaction is rolled back; should the writing fail
    here, the child is told to stop (its pipe is closed) and killed if it doesn't.
    """
    receive_fd, send_fd = os.pipe()
    with tempfile.TemporaryFile() as said, os.fdopen(receive_fd, "rb") as batches:
        try:
            child = subprocess.Popen(
                [sys.executable, "-P", "-c", _CHILD, json.dumps(sys.path), str(send_fd)],
                stdin=subprocess.PIPE,
                stdout=said,
                stderr=said,
                pass_fds=(send_fd,),
            )
        finally:
            os.close(send_fd)  # the child has its own copy: when it ends, reading ends
        assert child.stdin is not None
        try:
            pickle.dump(plan, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            child.stdin.close()
            while True:
                message = pickle.load(batches)
                if message[0] == "insert":
                    writer.insert(*message[1:])
                elif message[0] == "index":
                    writer.index(message[1])
                elif message[0] == "done":
                    summary: SeedSummary = message[1]
                    return summary
                else:
                    failure = RuntimeError(f"Inventing the network failed: {message[1]}")
                    failure.add_note(message[2])  # the child's traceback
                    raise failure
        # The child ended: before taking the plan (a broken pipe), between batches (end of
        # file) or in the middle of one (a batch cut short).
        except (BrokenPipeError, EOFError, pickle.UnpicklingError):
            child.wait(CHILD_GRACE_SECONDS)
            said.seek(0)
            last = said.read().decode(errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(
                "The seed's child process ended before the network was invented "
                f"(exit code {child.returncode}{''.join(': ' + line for line in last)}); "
                "run the seed again."
            ) from None
        finally:
            with contextlib.suppress(OSError):
                child.stdin.close()
            batches.close()  # a child still sending then stops (its pipe is broken)
            try:
                child.wait(CHILD_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def _invent_for_parent(fd: int) -> None:
    """The child's side of ``_invent_in_child``: invent, send on ``fd``, and say how it
    ended (a failure's traceback also goes to standard error, which the parent keeps)."""
    gc.disable()  # as in the parent: millions of long-lived objects
    plan = pickle.load(sys.stdin.buffer)
    sender = _Sender(os.fdopen(fd, "wb"))
    try:
        sender.send(("done", _invent(plan, sender)))
        sender.close()
    except BaseException as error:
        traceback.print_exc()
        with contextlib.suppress(BaseException):  # the parent may be gone (it failed itself)
            sender.send(("error", f"{type(error).__name__}: {error}", traceback.format_exc()))
            sender.close()
        raise SystemExit(1) from None


class _Rows:
    """Rows waiting for their batch, handed on in foreign-key order (parents first)."""

    def __init__(self, sink: _Sink, order: Sequence[Table]) -> None:
        self.sink = sink
        self.order = order
        self.pending: dict[str, list[dict[str, Any]]] = {table.name: [] for table in order}

    def add(self, table: Table, row: dict[str, Any]) -> None:
        rows = self.pending[table.name]
        rows.append(row)
        if len(rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        for table in self.order:
            rows = self.pending[table.name]
            if rows:
                columns = tuple(rows[0])
                values = itemgetter(*columns)
                self.insert(table, columns, [values(row) for row in rows])
                rows.clear()

    def insert(self, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        self.sink.insert(table.name, columns, rows)

    def index(self, documents: list[dict[str, Any]]) -> None:
        self.sink.index(documents)


_CITY_CUM = list(itertools.accumulate(w for _, _, w in names.CITIES))
_PROGRAMME_CUM = list(itertools.accumulate(w for _, w, _ in names.PROGRAMMES))
_PROGRAMME_SECTORS = {p: s for p, _, s in names.PROGRAMMES}
_GOAL_CUM = list(
    itertools.accumulate(
        10
        if h in ("first graduate job", "CV and applications")
        else 6
        if h in ("interview practice", "industry insight", "networking")
        else 2
        for h in HELP_AREAS
    )
)
"""What students most often want help with: a first job and their applications."""
_HELP_CHOICES = {k: list(itertools.permutations(HELP_AREAS, k)) for k in (1, 2, 3)}
_ACTIVITY_CHOICES = {k: list(itertools.permutations(ACTIVITIES[1:], k)) for k in (1, 2)}
"""Every ordered choice of k items, so a choice is one cheap pick instead of a sample."""
_EMAIL_DOMAINS = ("example.org", "example.com", "example.net")
_HEADLINE_ENDINGS = (" · {programme} {graduated}", " · mentoring in {sector}", "", " · {city}")
_RHYTHMS = (30, 30, 30, 30, 30, 30, 14, 21, 45, 60)
_FEEDBACK = (5, 5, 5, 5, 4, 4, 4, 3, 2, None)
_MENTOR_STATES = (MentorState.ACTIVE, MentorState.PAUSED, MentorState.INACTIVE)
_LATEST_BEFORE_NOW = {
    RequestState.PENDING: 30 * 60,
    RequestState.EXPIRED: (EXPIRY_DAYS + 1) * DAY,
    RequestState.DECLINED: DAY,
    RequestState.RETRACTED: DAY,
}
"""How recently a request in each state can have been sent (an accepted one: see try_pair)."""


@contextmanager
def _indexes_built_after(conn: Connection, tables: Sequence[Table]) -> Iterator[None]:
    """Build the secondary indexes of ``tables`` once, after loading, instead of keeping
    them up row by row (a sixth off a 100,000-mentor seed). It happens inside the seed's
    transaction, so a failed seed rolls the indexes back with everything else."""
    indexes = [index for table in tables for index in sorted(table.indexes, key=str)]
    for index in indexes:
        index.drop(conn)
    yield
    for index in indexes:
        index.create(conn)


def _fit(text: str, limit: int) -> str:
    """Cut at a word boundary so a headline never exceeds its limit."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ·,") + "…"


class _Seeder:
    """Invents the network in a fixed order, so one seed and clock give one network."""

    def __init__(self, sink: _Sink, plan: _Plan) -> None:
        now = plan.now
        self.rng = rng = random.Random(plan.seed)
        self.random = rng.random
        self.now_dt = now
        self.now = int(now.timestamp())
        self.year = now.year
        self.mentor_count = plan.mentors
        self.password_hash = plan.password_hash
        self.rows = _Rows(sink, _TABLES)
        self.first_day = self.now // DAY - HISTORY_DAYS
        self.day_texts = [
            datetime.fromtimestamp(day * DAY, UTC).strftime("%Y-%m-%d")
            for day in range(self.first_day, self.now // DAY + 1)
        ]
        self.memos: dict[tuple[Any, ...], str] = {}
        self.moments: dict[tuple[int, int, int], int] = {}
        self.times_of_day = [
            f" {h:02d}:{m:02d}:{sec:02d}.000000"
            for h in range(24)
            for m in range(60)
            for sec in range(60)
        ]
        self.bases: Counter[str] = Counter()
        self.taken: set[str] = {login.username for login in DEMO_LOGINS}
        self.people = 0
        self.signups = 0
        self.students = 0
        self.mentors: list[_Mentor] = []
        self.mentees: list[_Person] = []
        self.requests: list[_Request] = []
        self.pairs: set[tuple[int, int]] = set()
        self.notes: list[_Note] = []
        self.message_count = 0
        self.open_reports = 0
        self.next_user = plan.first_ids["users"]
        self.next_request = plan.first_ids["requests"]
        self.next_message = plan.first_ids["messages"]
        self.next_report = plan.first_ids["reports"]

    def stamp(self, ts: int | None) -> str | None:
        """A moment as the store keeps it on SQLite: 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC.

        Millions of calls, so from two tables made once: the days of the seed's years
        and the seconds of a day."""
        if ts is None:
            return None
        return self.day_texts[ts // DAY - self.first_day] + self.times_of_day[ts % DAY]

    def run(self) -> None:
        self.invent_people()
        self.invent_mentoring()
        self.write_mentors()
        self.write_requests()
        self.write_notifications()

    # -- small helpers ------------------------------------------------------------------

    def between(self, lo: int, hi: int) -> int:
        """A whole number from ``lo`` to ``hi`` (``lo`` itself if the range is empty).

        Faster than ``randint`` (which costs a microsecond a call, millions of calls
        here) and as deterministic; the tiny float bias doesn't matter for demo data.
        """
        return lo if hi <= lo else lo + int(self.random() * (hi - lo + 1))

    def moment(self, year: int, month: int, day: int) -> int:
        """Midnight UTC of a date, as epoch seconds (remembered per date)."""
        key = (year, month, day)
        if key not in self.moments:
            self.moments[key] = int(datetime(year, month, day, tzinfo=UTC).timestamp())
        return self.moments[key]

    def memo(self, rule: Callable[..., str], *args: str) -> str:
        """``rule(*args)``, remembered: names and places repeat thousands of times."""
        key = (rule, *args)
        value = self.memos.get(key)
        if value is None:
            value = self.memos[key] = rule(*args)
        return value

    def weighted(self, items: Sequence[_T], cumulative: Sequence[int]) -> _T:
        """``rng.choices(items, cum_weights=cumulative)[0]``, without its cost."""
        return items[bisect.bisect(cumulative, self.random() * cumulative[-1])]

    def pick(self, items: Sequence[_T]) -> _T:
        """``rng.choice``, without its cost (see ``between``)."""
        return items[int(self.random() * len(items))]

    def read_at(self, ts: int) -> int | None:
        """When the recipient read something sent at ``ts`` (None: still unread)."""
        seen = ts + self.between(5 * 60, 3 * DAY)
        chance = 0.98 if ts < self.now - 14 * DAY else 0.85
        return seen if seen <= self.now and self.random() < chance else None

    def notify(
        self, user: _Person, kind: NotificationKind, text: str, subject: str, sid: int, ts: int
    ) -> None:
        self.notes.append((ts, user.id, kind, text, subject, sid, self.read_at(ts)))

    def free_username(self, first: str, last: str) -> str:
        """``firstname.lastname``, a number added when taken (as the service suggests)."""
        base = self.memo(username_base, first, last)
        self.bases[base] += 1
        n = self.bases[base]
        candidate = base if n == 1 and len(base) >= 2 else f"{base}{max(n, 2)}"
        while candidate in self.taken:
            self.bases[base] += 1
            candidate = f"{base}{self.bases[base]}"
        self.taken.add(candidate)
        return candidate

    def city(self) -> tuple[str, str]:
        city, country, _ = self.weighted(names.CITIES, _CITY_CUM)
        return city, country

    def programme(self) -> str:
        return self.weighted(names.PROGRAMMES, _PROGRAMME_CUM)[0]

    def pick_sectors(self, programme: str, cumulative: Sequence[int] = (45, 85, 100)) -> list[str]:
        """One to three sectors, mostly those the programme's graduates go into."""
        count = self.weighted((1, 2, 3), cumulative)
        near = _PROGRAMME_SECTORS[programme]
        chosen: list[str] = []
        while len(chosen) < count:
            sector = self.pick(near if self.random() < 0.8 else SECTORS)
            if sector not in chosen:
                chosen.append(sector)
        return chosen

    def month(self, year: int) -> int:
        """A month of ``year`` that has already begun."""
        return self.between(1, self.now_dt.month if year >= self.year else 12)

    # -- people -------------------------------------------------------------------------

    def invent_people(self) -> None:
        """Demo logins, office staff, mentors, students and sign-ups, with their profiles."""
        self.admin = self.add_person(
            Role.STAFF,
            name=("Priya", "", "Raman"),
            username="demo.admin",
            is_admin=True,
            joined=self.now - 3 * 365 * DAY,
            headline=f"Alumni office, {names.DEMO_UNIVERSITY}",
        )
        demo_mentor = self.add_alumnus(
            name=("Amara", "", "Nwosu"),
            username="demo.mentor",
            programme="Economics",
            graduated=self.year - 12,
            sectors=["Finance", "Consulting"],
            help_areas=[
                "first graduate job",
                "CV and applications",
                "interview practice",
                "salary negotiation",
            ],
            activities=["messages", "video call", "CV review", "mock interview"],
            max_mentees=3,
            joined=self.now - 2 * 365 * DAY,
        )
        assert demo_mentor is not None
        self.demo_mentor = demo_mentor
        self.demo_student = self.add_student(
            name=("Zoë", "", "Castellano"),
            username="demo.student",
            programme="Economics",
            interests=("Finance", "Consulting"),
            goals=("first graduate job", "CV and applications", "interview practice"),
            joined=self.now - 200 * DAY,
        )
        for first, last, headline in names.STAFF:
            self.add_person(Role.STAFF, name=(first, "", last), headline=headline)
        for _ in range(self.mentor_count - 1):
            self.add_alumnus()
        for _ in range(max(8, round(self.mentor_count / 2)) - 1):
            self.add_student()
        for i in range(3 + self.mentor_count // 500):
            if i % 3 == 2:
                self.add_alumnus(pending=True)
            else:
                self.add_student(pending=True)
        self.rows.flush()

    def new_name(self) -> tuple[str, str, str]:
        first = self.pick(names.FIRST_NAMES)
        middle = self.pick(names.FIRST_NAMES) if self.random() < 0.12 else ""
        return first, "" if middle == first else middle, self.pick(names.LAST_NAMES)

    def add_person(
        self,
        role: Role,
        *,
        name: tuple[str, str, str] | None = None,
        username: str | None = None,
        is_admin: bool = False,
        pending: bool = False,
        joined: int | None = None,
        headline: str = "",
        bio: str = "",
        place: tuple[str, str] | None = None,
        programme: str = "",
        started: int | None = None,
        graduated: int | None = None,
        interests: Sequence[str] = (),
        goals: Sequence[str] = (),
    ) -> _Person:
        """One member's row: sign-ups are pending; everyone else was verified days after."""
        first, middle, last = name or self.new_name()
        username = username or self.free_username(first, last)
        if pending:
            joined = self.now - self.between(2 * HOUR, 9 * DAY)
        elif joined is None:
            joined = self.now - self.between(60 * DAY, 4 * 365 * DAY)
        verified = joined if pending or is_admin else joined + self.between(4 * HOUR, 4 * DAY)
        city, country = place or self.city()
        person = _Person(
            id=self.next_user,
            first=first,
            middle=middle,
            last=last,
            role=role,
            verified=verified,
            programme=programme,
            graduated=graduated,
            country=country,
            interests=tuple(interests),
            goals=tuple(goals),
            name=" ".join(p for p in (first, middle, last) if p),
        )
        self.next_user += 1
        self.people += 1
        confirmed = joined
        confirmation_due: int | None = None
        if pending:
            self.signups += 1
        else:
            confirmed = self.between(max(verified, self.now - 400 * DAY), self.now - DAY)
            if confirmed <= self.now - 365 * DAY:  # the yearly question was asked and is open
                confirmation_due = min(self.now, confirmed + 365 * DAY + self.between(60, DAY))
                self.notify(
                    person,
                    NotificationKind.PROFILE_CONFIRMATION_DUE,
                    "Is your profile up to date? Please check it and confirm.",
                    "member",
                    person.id,
                    confirmation_due,
                )
        if not pending and not is_admin:
            self.notify(
                person,
                NotificationKind.ACCOUNT_VERIFIED,
                "Your account is verified: welcome! You can now search mentors and send requests.",
                "member",
                person.id,
                verified,
            )
        email = f"{username}@{_EMAIL_DOMAINS[person.id % len(_EMAIL_DOMAINS)]}"
        joined_at = self.stamp(joined)
        self.rows.add(
            t.users,
            {
                "id": person.id,
                "username": username,
                "email": email,
                "email_key": email.casefold(),
                "password_hash": self.password_hash,
                "first_name": first,
                "middle_name": middle,
                "last_name": last,
                "sort_name": self.memo(sort_name, first, last),
                "role": role,
                "state": AccountState.PENDING if pending else AccountState.VERIFIED,
                "is_admin": is_admin,
                "headline": _fit(headline, HEADLINE_MAX),
                "city": city,
                "country": country,
                "bio": bio,
                "address": "",
                "website": f"https://{username}.example.org" if self.random() < 0.08 else "",
                "linkedin": "",
                "other_contacts": "",
                "show_email": self.random() < 0.2,
                "email_notifications": self.random() < 0.85,
                "institution": names.DEMO_UNIVERSITY if programme else "",
                "programme": programme,
                "year_started": started,
                "year_graduated": graduated,
                "interest_sectors": "|".join(interests),
                "goal_areas": "|".join(goals),
                "guidelines_accepted_at": joined_at,
                "created_at": joined_at,
                "profile_confirmed_at": self.stamp(confirmed),
                "confirmation_notified_at": self.stamp(confirmation_due),
            },
        )
        return person

    def career(
        self, sectors: Sequence[str], programme: str, graduated: int
    ) -> list[tuple[str, str, str, str]]:
        """1-4 positions (title, organisation, start, end), newest first; titles grow with
        the years since graduating, and an early job may be in a neighbouring sector."""
        years = max(1, self.year - graduated)
        count = max(1, min(4, 1 + years // 6 + (self.random() < 0.3)))
        later = sorted({graduated + 1 + int(self.random() * years) for _ in range(count - 1)})
        starts = [(graduated, 9), *((y, self.month(y)) for y in later)]
        level = 0
        jobs: list[tuple[str, str, str, str]] = []
        for i, (year, month) in enumerate(starts):
            current = i == len(starts) - 1
            sector = sectors[0]
            if not current and self.random() < 0.25:
                sector = self.pick(_PROGRAMME_SECTORS[programme])
            titles, employers = names.SECTOR_CAREERS[sector]
            level = max(level, (year - graduated) // 3 + self.between(0, 1))
            end = ""
            if not current:
                next_year, next_month = starts[i + 1]
                end_year, end_month = (
                    (next_year, next_month - 1) if next_month > 1 else (next_year - 1, 12)
                )
                end = f"{names.MONTHS[end_month - 1]} {end_year}"
            title = titles[min(level, len(titles) - 1)]
            start = f"{names.MONTHS[month - 1]} {year}"
            jobs.append((title, self.pick(employers), start, end))
        return jobs[::-1]

    def add_alumnus(
        self,
        *,
        name: tuple[str, str, str] | None = None,
        username: str | None = None,
        programme: str | None = None,
        graduated: int | None = None,
        sectors: list[str] | None = None,
        help_areas: list[str] | None = None,
        activities: list[str] | None = None,
        max_mentees: int | None = None,
        joined: int | None = None,
        pending: bool = False,
    ) -> _Mentor | None:
        """An alumnus with a career and a mentor profile (a pending sign-up has none yet)."""
        rng = self.rng
        programme = programme or self.programme()
        if graduated is None:
            graduated = max(self.year - 45, self.year - 1 - int(rng.expovariate(1 / 9)))
        started = graduated - (5 if programme == "Medicine" else self.pick((3, 3, 3, 4, 4)))
        sectors = sectors or self.pick_sectors(programme)
        jobs = self.career(sectors, programme, graduated)
        title, employer = jobs[0][0], jobs[0][1]
        place = self.city()
        studies = [(names.DEMO_UNIVERSITY, programme, started, graduated)]
        if self.random() < 0.25:
            kind = self.pick(("MA" if programme in names.ARTS_PROGRAMMES else "MSc", "MBA", "PhD"))
            began = graduated + self.between(0, 3)
            finished = began + (self.pick((3, 4)) if kind == "PhD" else 1)
            if finished < self.year:
                study = kind if kind == "MBA" else f"{kind} {programme}"
                studies.insert(0, (self.pick(names.OTHER_UNIVERSITIES), study, began, finished))
        if help_areas is None:
            help_areas = list(self.pick(_HELP_CHOICES[self.between(1, 3)]))
        if activities is None:
            others = list(self.pick(_ACTIVITY_CHOICES[self.between(1, 2)]))
            activities = ["messages", *others] if self.random() < 0.9 else others
        suffix = self.pick(_HEADLINE_ENDINGS).format(
            programme=programme, graduated=graduated, sector=sectors[0], city=place[0]
        )
        headline = _fit(f"{title} at {employer}{suffix}", HEADLINE_MAX)
        fill = {
            "programme": programme,
            "university": names.DEMO_UNIVERSITY,
            "graduated": graduated,
            "first_title": jobs[-1][0],
            "first_employer": jobs[-1][1],
            "sector_lower": sectors[0].lower(),
            "title": title,
            "employer": employer,
            "city": place[0],
            "help1": help_areas[0],
            "help2": help_areas[-1] if len(help_areas) > 1 else "networking",
            "hobby": self.pick(names.HOBBIES),
        }
        sentences = [self.pick(names.BIO_OPENINGS), self.pick(names.BIO_NOW)]
        if self.random() < 0.75:
            sentences.append(self.pick(names.BIO_HELP))
        if self.random() < 0.4:
            sentences.append(self.pick(names.BIO_PERSONAL))
        bio = " ".join(s.format(**fill) for s in sentences)
        if joined is None:  # joined the network after graduating, at most six years ago
            graduation = self.moment(graduated, 7, 1)
            earliest = max(graduation, self.now - 6 * 365 * DAY)
            joined = self.between(min(earliest, self.now - 60 * DAY), self.now - 60 * DAY)
        person = self.add_person(
            Role.ALUMNUS,
            name=name,
            username=username,
            pending=pending,
            joined=joined,
            headline=headline,
            bio=bio,
            place=place,
            programme=programme,
            started=started,
            graduated=graduated,
        )
        for seq, (job_title, organisation, start, end) in enumerate(jobs):
            self.rows.add(
                t.positions,
                {
                    "user_id": person.id,
                    "seq": seq,
                    "title": job_title,
                    "organisation": organisation,
                    "start": start,
                    "end": end,
                },
            )
        if len(studies) == 1 and self.random() < 0.65:
            studies = []  # only the sign-up's study details: no education history added
        for seq, (institution, study, began, finished) in enumerate(studies):
            self.rows.add(
                t.education,
                {
                    "user_id": person.id,
                    "seq": seq,
                    "institution": institution,
                    "programme": study,
                    "started": began,
                    "graduated": finished,
                },
            )
        if pending:
            return None
        state = MentorState.ACTIVE
        if username is None:  # invented mentors: most active, some paused, a few never started
            state = self.weighted(_MENTOR_STATES, (80, 92, 100))
        mentor = _Mentor(
            person=person,
            state=state,
            max_mentees=max_mentees or self.weighted((1, 2, 3, 4, 5), (10, 65, 85, 93, 100)),
            sectors=sectors,
            help_areas=help_areas,
            activities=activities,
            title=title,
            employer=employer,
            search_row={  # what store.search.index_mentor would write for this mentor
                "id": person.id,
                "name": person.name,
                "headline": headline,
                "bio": bio,
                "job": title,
                "employer": employer,
                "study": " ".join(
                    [names.DEMO_UNIVERSITY, programme, *(f"{i} {p}" for i, p, _, _ in studies)]
                ),
                "career": " ".join(f"{job[0]} {job[1]}" for job in jobs),
            },
        )
        self.mentors.append(mentor)
        if username is None and state is not MentorState.INACTIVE and self.random() < 0.06:
            person.max_active = 1  # changing direction: a mentor and a mentee at once
            person.goals = ("changing industry", self.pick(("networking", "further study")))
            self.mentees.append(person)
        return mentor

    def add_student(
        self,
        *,
        name: tuple[str, str, str] | None = None,
        username: str | None = None,
        programme: str | None = None,
        interests: Sequence[str] | None = None,
        goals: Sequence[str] | None = None,
        joined: int | None = None,
        pending: bool = False,
    ) -> _Person:
        """A student in year 1-4, with what they are looking for (drives the suggestions)."""
        programme = programme or self.programme()
        academic_year = self.year if self.now_dt.month >= 9 else self.year - 1
        started = academic_year - self.pick((0, 1, 1, 2, 2, 3))
        length = 5 if programme == "Medicine" else self.pick((3, 3, 4))
        graduates = max(started + length, academic_year + 1)
        interests = list(interests or self.pick_sectors(programme, (50, 85, 100)))
        goals = list(goals or dict.fromkeys(self.weighted(HELP_AREAS, _GOAL_CUM) for _ in "abc"))
        fill = {
            "programme": programme,
            "sector": interests[0],
            "sector_lower": interests[0].lower(),
            "goal": goals[0],
            "year": academic_year - started + 1,
            "graduates": graduates,
        }
        if joined is None:  # joined once studies began, at least three weeks ago
            term_began = self.moment(started, 9, 20)
            latest = self.now - 21 * DAY
            joined = self.between(min(max(term_began, self.now - 1000 * DAY), latest), latest)
        person = self.add_person(
            Role.STUDENT,
            name=name,
            username=username,
            pending=pending,
            joined=joined,
            headline=self.pick(names.HEADLINES_STUDENT).format(**fill),
            bio=self.pick(names.STUDENT_BIOS).format(**fill),
            programme=programme,
            started=started,
            graduated=graduates,
            interests=interests,
            goals=goals,
        )
        if self.random() < 0.35:  # some students list their degree in the education history
            self.rows.add(
                t.education,
                {
                    "user_id": person.id,
                    "seq": 0,
                    "institution": names.DEMO_UNIVERSITY,
                    "programme": programme,
                    "started": started,
                    "graduated": graduates,
                },
            )
        summers = range(started + 1, self.year + 1 if self.now_dt.month > 8 else self.year)
        if summers and self.random() < 0.3:
            summer = self.pick(summers)
            _, employers = names.SECTOR_CAREERS[interests[0]]
            self.rows.add(
                t.positions,
                {
                    "user_id": person.id,
                    "seq": 0,
                    "title": "Summer Intern",
                    "organisation": self.pick(employers),
                    "start": f"Jun {summer}",
                    "end": f"Aug {summer}",
                },
            )
        if not pending:
            self.students += 1
            if username is None:
                self.mentees.append(person)
        return person

    # -- requests and mentorings ----------------------------------------------------------

    def invent_mentoring(self) -> None:
        """Who asked whom, when, and how it went: every request state, in believable numbers."""
        self.demo_mentor_scenes()
        taking = [
            m
            for m in self.mentors
            if m is not self.demo_mentor and m.state is not MentorState.INACTIVE
        ]
        self.full_mentor_scene(taking)
        for mentor in taking:
            wanted = self.weighted(range(6), (75, 95, 99, 100, 100, 100))
            for _ in range(min(mentor.max_mentees, wanted)):
                self.pair_someone(mentor, RequestState.ACCEPTED, RelationshipState.ACTIVE)
            for _ in range(self.weighted(range(5), (78, 93, 98, 100, 100))):
                self.pair_someone(mentor, RequestState.ACCEPTED, RelationshipState.FINISHED)
        open_mentors = [m for m in taking if m.state is MentorState.ACTIVE]
        self.demo_student_scenes(open_mentors)
        full = [m for m in open_mentors if m.full]
        if full:  # a full mentor with a request waiting: accepting it must be refused
            self.pair_someone(full[0], RequestState.PENDING, attempts=50)
        for _ in range(round(0.12 * len(open_mentors))):
            self.pair_someone(self.pick(open_mentors), RequestState.PENDING)
        for state, share in (
            (RequestState.DECLINED, 0.08),
            (RequestState.RETRACTED, 0.03),
            (RequestState.EXPIRED, 0.04),
        ):
            for _ in range(max(1, round(share * len(taking))) if taking else 0):
                self.pair_someone(self.pick(taking), state)
        self.requests.sort(key=lambda r: r.created)  # ids grow with time, as in a live network
        for request in self.requests:
            request.id = self.next_request
            self.next_request += 1

    def demo_mentor_scenes(self) -> None:
        """demo.mentor: two mentees before, one now, three requests waiting (one overdue)."""
        students = [p for p in self.mentees if p.role is Role.STUDENT]
        self.rng.shuffle(students)
        scenes = (
            (RequestState.ACCEPTED, RelationshipState.FINISHED, 330),
            (RequestState.ACCEPTED, RelationshipState.FINISHED, 220),
            (RequestState.ACCEPTED, RelationshipState.ACTIVE, 45),
            (RequestState.PENDING, None, 7),
            (RequestState.PENDING, None, 2),
            (RequestState.PENDING, None, 0),
        )
        for state, relationship, days_ago in scenes:
            created = self.now - days_ago * DAY - self.between(HOUR, 5 * HOUR)
            for when in (created, None):  # the intended day, else any day the rules allow
                request = next(
                    (
                        r
                        for s in students
                        if (r := self.try_pair(s, self.demo_mentor, state, relationship, when))
                    ),
                    None,
                )
                if request is not None:
                    request.demo = True
                    break

    def full_mentor_scene(self, taking: list[_Mentor]) -> None:
        """One active mentor takes a single mentee and has one: the rule "a full mentor
        can't accept" always has someone to show it on (its waiting request comes later)."""
        mentor = next((m for m in taking if m.state is MentorState.ACTIVE), None)
        if mentor is not None:
            mentor.max_mentees = 1
            self.pair_someone(mentor, RequestState.ACCEPTED, RelationshipState.ACTIVE, 50)

    def demo_student_scenes(self, open_mentors: list[_Mentor]) -> None:
        """demo.student: one request declined kindly a month ago, one waiting since yesterday."""
        student = self.demo_student
        liked = [m for m in open_mentors if set(student.interests) & set(m.sectors)]
        with_room = [m for m in open_mentors if not m.full]
        pools = ([m for m in liked if not m.full], with_room, open_mentors)
        for state, days_ago in ((RequestState.DECLINED, 30), (RequestState.PENDING, 1)):
            created = self.now - days_ago * DAY - self.between(HOUR, 5 * HOUR)
            for pool in pools:
                free = [m for m in pool if (student.id, m.person.id) not in self.pairs]
                request = free and self.try_pair(student, self.pick(free), state, None, created)
                if request:
                    request.demo = True
                    break

    def pair_someone(
        self,
        mentor: _Mentor,
        state: RequestState,
        relationship: RelationshipState | None = None,
        attempts: int = 12,
    ) -> None:
        """A request from some mentee to ``mentor``; skipped if no one fits in a few tries."""
        if not self.mentees:
            return
        for _ in range(attempts):
            if self.try_pair(self.pick(self.mentees), mentor, state, relationship):
                return

    def try_pair(
        self,
        mentee: _Person,
        mentor: _Mentor,
        state: RequestState,
        relationship: RelationshipState | None,
        created: int | None = None,
    ) -> _Request | None:
        """A request between the two, with its dates, if every rule allows it (else None).

        Each pair meets once, which keeps "one pending request or active mentoring per
        pair" true; a mentee has at most three pending requests and a mentor no more
        active mentees than the maximum; nothing happens before both were verified.
        """
        key = (mentee.id, mentor.person.id)
        if mentee is mentor.person or key in self.pairs:
            return None
        if state is RequestState.PENDING and mentee.pending >= MAX_PENDING_REQUESTS:
            return None
        active = relationship is RelationshipState.ACTIVE
        finished = relationship is RelationshipState.FINISHED
        if active and (mentee.active >= mentee.max_active or mentor.full):
            return None
        earliest = max(mentee.verified, mentor.person.verified) + HOUR
        latest = self.now - _LATEST_BEFORE_NOW.get(state, (60 if finished else 3) * DAY)
        if state is RequestState.PENDING:  # older ones would have expired
            earliest = max(earliest, self.now - (EXPIRY_DAYS - 1) * DAY)
        elif active:
            earliest = max(earliest, self.now - 330 * DAY)
        if created is None:
            if earliest > latest:
                return None
            created = self.between(earliest, latest)
        elif not earliest <= created <= latest:
            return None
        responded: int | None = None
        ended: int | None = None
        if state is RequestState.EXPIRED:
            responded = created + EXPIRY_DAYS * DAY + self.between(60, 6 * HOUR)
        elif state is not RequestState.PENDING:
            delay = self.between(HOUR, self.pick((1, 2, 3, 6, 9)) * DAY)
            responded = min(created + delay, self.now - HOUR)
        if finished and responded is not None:
            longest = min(300 * DAY, self.now - DAY - responded)
            ended = responded + self.between(min(30 * DAY, longest), longest)
        request = _Request(mentee, mentor, state, created, responded, ended, relationship)
        self.pairs.add(key)
        self.requests.append(request)
        if state is RequestState.PENDING:
            mentee.pending += 1
        if active:
            mentee.active += 1
            mentor.active += 1
        elif finished:
            mentor.finished += 1
        return request

    # -- writing --------------------------------------------------------------------------

    def write_mentors(self) -> None:
        """Mentor profiles with their counts, lists and search rows (as index_mentor makes)."""
        search_rows: list[dict[str, Any]] = []
        for mentor in self.mentors:
            person = mentor.person
            self.rows.add(
                t.mentor_profiles,
                {
                    "user_id": person.id,
                    "state": mentor.state,
                    "job_title": mentor.title,
                    "employer": mentor.employer,
                    "max_mentees": mentor.max_mentees,
                    "active_mentees": mentor.active,
                    "has_room": not mentor.full,
                    "completed": mentor.finished,
                    "sort_name": self.memo(sort_name, person.first, person.last),
                    "country_key": self.memo(search_key, person.country),
                    "programme_key": self.memo(search_key, person.programme),
                    "year_graduated": person.graduated,
                },
            )
            for table, column, values in (
                (t.mentor_sectors, "sector", mentor.sectors),
                (t.mentor_help_areas, "help_area", mentor.help_areas),
                (t.mentor_activities, "activity", mentor.activities),
            ):
                for seq, value in enumerate(values):
                    self.rows.add(table, {"user_id": person.id, column: value, "seq": seq})
            search_rows.append(mentor.search_row)
            if len(search_rows) >= BATCH_ROWS:
                self.rows.index(search_rows)
                search_rows = []
        self.rows.index(search_rows)
        self.rows.flush()

    def write_requests(self) -> None:
        """Requests, mentorings, their threads, objectives and reports, with notifications."""
        accepted = [r for r in self.requests if r.relationship is not None]
        invented = [r for r in accepted if not r.demo] or accepted
        wanted = min(len(invented), 2 + self.mentor_count // 1500)
        for request in self.rng.sample(invented, wanted):
            request.reported = True
        for request in self.requests:
            self.write_request(request)
        self.rows.flush()

    def texts(self, r: _Request) -> dict[str, str]:
        """What the templates of a request's thread are filled with."""
        shared = [s for s in r.mentee.interests if s in r.mentor.sectors]
        sector = shared[0] if shared else r.mentor.sectors[0]
        return {
            "mentor_first": r.mentor.person.first,
            "mentee_first": r.mentee.first,
            "programme": r.mentee.programme,
            "sector_lower": sector.lower(),
            "title": r.mentor.title,
            "employer": r.mentor.employer,
            "goal": r.mentee.goals[0] if r.mentee.goals else r.mentor.help_areas[0],
        }

    def write_request(self, r: _Request) -> None:
        mentee, mentor = r.mentee, r.mentor.person
        fill = self.texts(r)
        intros = names.INTRODUCTIONS if mentee.role is Role.STUDENT else names.ALUMNUS_INTRODUCTIONS
        intro = self.pick(intros).format(**fill)
        goals = self.pick(names.GOALS).format(**fill) if self.random() < 0.7 else ""
        offered = r.mentor.activities
        wanted = list(dict.fromkeys(self.pick(offered) for _ in range(self.between(1, 2))))
        response = ""
        if r.state is RequestState.ACCEPTED and self.random() < 0.9:
            response = self.pick(names.ACCEPT_RESPONSES).format(**fill)
        elif r.state is RequestState.DECLINED and self.random() < 0.85:
            response = self.pick(names.DECLINE_RESPONSES).format(**fill)
        answered = r.responded if r.responded is not None else self.now
        reminded: int | None = None
        if answered - r.created >= OVERDUE_WORKING_DAYS * DAY:  # the one reminder was sent
            sent = datetime.fromtimestamp(r.created, UTC)
            deadline = int(add_working_days(sent, OVERDUE_WORKING_DAYS).timestamp())
            if deadline <= answered:
                reminded = min(answered, deadline + self.between(60, 2 * HOUR))
        self.rows.add(
            t.requests,
            {
                "id": r.id,
                "mentee_id": mentee.id,
                "mentor_id": mentor.id,
                "state": r.state,
                "message": intro,
                "goals": goals,
                "activities": "|".join(wanted),
                "created_at": self.stamp(r.created),
                "responded_at": self.stamp(r.responded),
                "response": response,
                "reminded_at": self.stamp(reminded),
            },
        )
        self.message(r.id, mentee, mentor, intro, r.created)
        self.notify(
            mentor,
            NotificationKind.REQUEST_RECEIVED,
            f"{mentee.name} asks you for mentoring (request {r.id}).",
            "request",
            r.id,
            r.created,
        )
        if reminded is not None:
            self.notify(
                mentor,
                NotificationKind.REQUEST_OVERDUE,
                f"Request {r.id} has waited over 3 working days: please accept or decline it.",
                "request",
                r.id,
                reminded,
            )
        if r.responded is None:
            return
        if r.state is RequestState.DECLINED:
            if response:
                self.message(r.id, mentor, mentee, response, r.responded)
            self.notify(
                mentee,
                NotificationKind.REQUEST_DECLINED,
                f"{mentor.name} declined your request {r.id}.",
                "request",
                r.id,
                r.responded,
            )
        elif r.state is RequestState.RETRACTED:
            self.notify(
                mentor,
                NotificationKind.REQUEST_RETRACTED,
                f"{mentee.name} withdrew request {r.id}.",
                "request",
                r.id,
                r.responded,
            )
        elif r.state is RequestState.EXPIRED:
            self.notify(
                mentee,
                NotificationKind.REQUEST_EXPIRED,
                f"Your request {r.id} to {mentor.name} expired after {EXPIRY_DAYS} days "
                "without an answer; you can ask another mentor.",
                "request",
                r.id,
                r.responded,
            )
            self.notify(
                mentor,
                NotificationKind.REQUEST_EXPIRED,
                f"Request {r.id} expired after {EXPIRY_DAYS} days without your answer.",
                "request",
                r.id,
                r.responded,
            )
        else:
            if response:
                self.message(r.id, mentor, mentee, response, r.responded)
            self.notify(
                mentee,
                NotificationKind.REQUEST_ACCEPTED,
                f"{mentor.name} accepted your request: your mentoring {r.id} has started.",
                "relationship",
                r.id,
                r.responded,
            )
            self.write_relationship(r, fill)

    def write_relationship(self, r: _Request, fill: dict[str, str]) -> None:
        """The mentoring that grew from an accepted request (same id), and its thread."""
        mentee, mentor = r.mentee, r.mentor.person
        assert r.responded is not None
        started = r.responded
        finished = r.relationship is RelationshipState.FINISHED
        end = r.finished if r.finished is not None else self.now - 10 * 60
        count = self.between(1, 4) if finished else self.between(1, 3)
        moments = [(self.between(started + HOUR, end), False) for _ in range(count)]
        if r.reported:
            moments.append((self.between(started + HOUR, end), True))
        moments.sort()
        mentee_turn = self.random() < 0.7
        for ts, reported in moments:
            if reported:
                self.reported_message(r, ts)
                continue
            sender, recipient = (mentee, mentor) if mentee_turn else (mentor, mentee)
            lines = names.MENTEE_MESSAGES if mentee_turn else names.MENTOR_MESSAGES
            self.message(r.id, sender, recipient, self.pick(lines).format(**fill), ts)
            self.notify(
                recipient,
                NotificationKind.NEW_MESSAGE,
                f"New message from {sender.name} in thread {r.id}.",
                "thread",
                r.id,
                ts,
            )
            mentee_turn = not mentee_turn if self.random() < 0.8 else mentee_turn
        last_contact = max([started, *(ts for ts, _ in moments)])
        rhythm = DEFAULT_RHYTHM_DAYS if r.demo else self.pick(_RHYTHMS)
        quiet_notified: int | None = None
        if not finished and self.now - last_contact > rhythm * DAY:  # both were reminded
            quiet_notified = min(self.now, last_contact + rhythm * DAY + self.between(60, DAY))
            for who in (mentor, mentee):
                self.notify(
                    who,
                    NotificationKind.RELATIONSHIP_QUIET,
                    f"Mentoring {r.id} has been quiet for longer than your agreed rhythm "
                    f"(every {rhythm} days): send a message.",
                    "relationship",
                    r.id,
                    quiet_notified,
                )
        finished_by: _Person | None = None
        note = ""
        feedback: int | None = None
        if r.finished is not None:
            finished_by = mentee if self.random() < 0.6 else mentor
            note = self.pick(names.CLOSING_NOTES)
            feedback = self.pick(_FEEDBACK)
            self.notify(
                mentor if finished_by is mentee else mentee,
                NotificationKind.RELATIONSHIP_FINISHED,
                f"{finished_by.name} finished your mentoring {r.id}. The thread stays readable.",
                "relationship",
                r.id,
                r.finished,
            )
        self.rows.add(
            t.relationships,
            {
                "id": r.id,
                "mentee_id": mentee.id,
                "mentor_id": mentor.id,
                "state": r.relationship or RelationshipState.ACTIVE,
                "started_at": self.stamp(started),
                "finished_at": self.stamp(r.finished),
                "finished_by": finished_by.id if finished_by else None,
                "closing_note": note,
                "feedback": feedback,
                "rhythm_days": rhythm,
                "last_contact_at": self.stamp(last_contact),
                "quiet_notified_at": self.stamp(quiet_notified),
            },
        )
        self.write_objectives(r, started, end, finished)

    def write_objectives(self, r: _Request, started: int, end: int, finished: bool) -> None:
        """What the pair wrote down at the start. An active mentoring keeps one objective
        open (else the app would already be suggesting to finish)."""
        topics = dict.fromkeys([*r.mentee.goals, *r.mentor.help_areas])
        texts = list(dict.fromkeys(self.pick(names.OBJECTIVES[topic]) for topic in topics))
        texts = texts[: self.between(1, min(3, len(texts)))]
        done_times: list[int] = []
        for i, text in enumerate(texts):
            created = min(end, started + self.between(0, 5 * DAY))
            may_close = finished or i < len(texts) - 1
            done_at = None
            if may_close and self.random() < (0.8 if finished else 0.4):
                done_at = self.between(created, end)
                done_times.append(done_at)
            self.rows.add(
                t.objectives,
                {
                    "relationship_id": r.id,
                    "text": text,
                    "done": done_at is not None,
                    "created_at": self.stamp(created),
                    "done_at": self.stamp(done_at),
                },
            )
        if texts and len(done_times) == len(texts):
            for who in (r.mentor.person, r.mentee):
                self.notify(
                    who,
                    NotificationKind.OBJECTIVES_MET,
                    f"Every objective of mentoring {r.id} is met: finish the mentoring or set "
                    "new objectives.",
                    "relationship",
                    r.id,
                    max(done_times),
                )

    def reported_message(self, r: _Request, ts: int) -> None:
        """A message its recipient reported. The first report stays open (so the admin's
        queue has work); some later ones were already handled by demo.admin."""
        mentee, mentor = r.mentee, r.mentor.person
        sender, recipient = (mentee, mentor) if self.random() < 0.4 else (mentor, mentee)
        body, reason = self.pick(names.REPORTED_MESSAGES)
        reported = min(self.now, ts + self.between(10 * 60, 2 * DAY))
        state = ReportState.OPEN
        if self.open_reports and self.random() < 0.35:
            state = self.pick((ReportState.DISMISSED, ReportState.REMOVED))
        handled = None
        if state is not ReportState.OPEN:
            handled = min(self.now, reported + self.between(HOUR, 3 * DAY))
        message_id = self.message(
            r.id, sender, recipient, body, ts, removed=state is ReportState.REMOVED
        )
        self.notify(
            recipient,
            NotificationKind.NEW_MESSAGE,
            f"New message from {sender.name} in thread {r.id}.",
            "thread",
            r.id,
            ts,
        )
        report_id = self.next_report
        self.next_report += 1
        self.rows.add(
            t.reports,
            {
                "id": report_id,
                "message_id": message_id,
                "reporter_id": recipient.id,
                "reason": reason,
                "state": state,
                "created_at": self.stamp(reported),
                "handled_at": self.stamp(handled),
                "handled_by": self.admin.id if handled is not None else None,
            },
        )
        if handled is None:
            self.open_reports += 1
            return
        self.notify(
            recipient,
            NotificationKind.REPORT_HANDLED,
            f"Your report {report_id} was handled: the message was removed."
            if state is ReportState.REMOVED
            else f"Your report {report_id} was reviewed; the message stays.",
            "report",
            report_id,
            handled,
        )

    def message(
        self,
        thread: int,
        sender: _Person,
        recipient: _Person,
        body: str,
        ts: int,
        *,
        removed: bool = False,
    ) -> int:
        """One message; ids grow within a thread, so the introduction always comes first."""
        message_id = self.next_message
        self.next_message += 1
        self.message_count += 1
        self.rows.add(
            t.messages,
            {
                "id": message_id,
                "thread_id": thread,
                "sender_id": sender.id,
                "recipient_id": recipient.id,
                "body": body,
                "created_at": self.stamp(ts),
                "read_at": self.stamp(self.read_at(ts)),
                "removed": removed,
            },
        )
        return message_id

    def write_notifications(self) -> None:
        """All notifications in time order, so each member's newest has the highest id.

        The largest table by far, so its rows skip the dict step of the others."""
        self.rows.flush()
        self.notes.sort(key=itemgetter(0))
        columns = ("user_id", "kind", "text", "subject_type", "subject_id", "created_at", "read_at")
        stamp = self.stamp
        for start in range(0, len(self.notes), BATCH_ROWS):
            batch = self.notes[start : start + BATCH_ROWS]
            self.rows.insert(
                t.notifications,
                columns,
                [
                    (user_id, kind, text, subject, sid, stamp(ts), stamp(read))
                    for ts, user_id, kind, text, subject, sid, read in batch
                ],
            )

    # -- summary --------------------------------------------------------------------------

    def summary(self) -> SeedSummary:
        states = Counter(r.state.value for r in self.requests)
        relationships = Counter(r.relationship.value for r in self.requests if r.relationship)
        return SeedSummary(
            members=self.people,
            mentors=len(self.mentors),
            mentors_by_state={
                s.value: sum(m.state is s for m in self.mentors) for s in MentorState
            },
            students=self.students,
            pending_signups=self.signups,
            requests={s.value: states.get(s.value, 0) for s in RequestState},
            relationships={s.value: relationships.get(s.value, 0) for s in RelationshipState},
            messages=self.message_count,
            notifications=len(self.notes),
            open_reports=self.open_reports,
        )
