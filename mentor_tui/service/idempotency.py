"""Sends done once: a retried message or request returns the first one, never a copy.

A client that sent a message and lost the connection before the answer came can't tell
whether the server got it. It sends again under the same *idempotency key* (the remote
backend makes one per send and reuses it on its retry; the TUI keeps it while the
unsent text is unchanged): the service finds the key it recorded with the first send
and returns that result instead of writing a second message.

The key is recorded in the send's own transaction, before the send's work, as one row
of ``idempotency_keys`` whose primary key is (member, kind, key):

- On SQLite every write transaction holds the database's write lock from its first
  statement, so two sends with one key are simply one after the other: the second
  finds the first one's row.
- On PostgreSQL the second insert of the same key waits on the first transaction's
  uncommitted row; when the first commits, the insert fails, this transaction is
  rolled back, and the send is tried once more, now finding the row. When the first
  rolls back (the send was refused), the key is free and the second send goes on.

A key used again with different content (another thread, another text) is refused: it
is a client's mistake, and answering with the other message would hide it.

Keys are kept for ``KEY_DAYS`` (the clock's sweep, ``process_due``, forgets older ones):
a retry comes seconds or minutes after its send, or hours later from a laptop that
slept with the unsent text in its box, never a week later. Without expiry a server
would keep a row for every keyed send ever made. Keys also go with the member's
account. Other actions are not made idempotent: accepting, declining and finishing are
already safe to repeat or refuse the repeat themselves.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.exc import IntegrityError

from mentor_tui.domain.errors import Conflict, Invalid, StorageError
from mentor_tui.domain.models import Actor
from mentor_tui.service.base import ServiceBase
from mentor_tui.store import schema as t

R = TypeVar("R")

KEY_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,100}")
"""Room for a uuid4 (36 characters) or a client's own scheme; no spaces or control
characters, so a key can travel in an HTTP header and be shown in a message."""

KEY_DAYS = 7
"""How long a send's key is kept, so a retry under it returns the first result."""

ATTEMPTS = 3
"""Tries of one keyed send: the first, and after losing a same-key race on PostgreSQL,
the one that finds the winner's result (a third only if the winner itself rolled back)."""


class _KeyTaken(Exception):
    """Another transaction recorded the key first: roll back and look again."""


def check_key(key: str | None) -> str | None:
    """The key as given, or Invalid if it can't be one (None: the send has no key)."""
    if key is None or KEY_PATTERN.fullmatch(key):
        return key
    raise Invalid(
        "An idempotency key is 1 to 100 letters, digits, '.', '_', ':' or '-' (a uuid4 "
        "fits); send it again with such a key, or without one."
    )


def fingerprint(*parts: object) -> str:
    """A digest of what a send carries, to tell a retry from a reuse of its key."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def send_once(
    service: ServiceBase,
    actor: Actor,
    kind: str,
    key: str | None,
    digest: str,
    create: Callable[[Connection], int],
    load: Callable[[Connection, int], R],
) -> R:
    """Run ``create`` (which returns the new row's id) and ``load`` its result, in one
    transaction; under a key already used by ``actor`` for ``kind``, only ``load`` the
    result recorded then."""
    key = check_key(key)
    if key is None:
        with service.store.write() as conn:
            return load(conn, create(conn))
    keys = t.idempotency_keys
    mine = (keys.c.user_id == actor.id, keys.c.kind == kind, keys.c.key == key)
    for _ in range(ATTEMPTS):
        try:
            with service.store.write() as conn:
                done = conn.execute(
                    select(keys.c.fingerprint, keys.c.result_id).where(*mine)
                ).first()
                if done is not None:
                    if done.fingerprint != digest or done.result_id is None:
                        raise Conflict(
                            f"This {kind} key was already used for another {kind}; nothing "
                            "was sent. Send it again as a new one."
                        )
                    return load(conn, int(done.result_id))
                try:
                    conn.execute(
                        keys.insert().values(
                            user_id=actor.id,
                            kind=kind,
                            key=key,
                            fingerprint=digest,
                            created_at=service.now(),
                        )
                    )
                except IntegrityError:
                    raise _KeyTaken from None
                result_id = create(conn)
                conn.execute(update(keys).where(*mine).values(result_id=result_id))
                return load(conn, result_id)
        except _KeyTaken:
            continue
    raise StorageError(f"The {kind} could not be recorded just now; nothing was sent. Try again.")


def forget_old_keys(conn: Connection, now: datetime) -> int:
    """Drop keys older than ``KEY_DAYS`` (in the sweep's transaction); how many went."""
    keys = t.idempotency_keys
    gone = conn.execute(delete(keys).where(keys.c.created_at < now - timedelta(days=KEY_DAYS)))
    return int(gone.rowcount or 0)
