"""The e-mail outbox's rows: queued by the service, leased and marked by ``mentor_tui.mail``.

A row moves ``queued`` -> ``sent`` | ``failed`` (given up) | ``cancelled`` (the member
switched e-mail off). A deliverer *leases* the rows it takes (``claimed_until``) in a write
transaction, with ``SKIP LOCKED`` on PostgreSQL, so two deliverers never send one e-mail
twice, and rows of a deliverer that died become due again when the lease runs out.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, or_, select, update

from mentor_tui.store.schema import mail_outbox as o
from mentor_tui.store.schema import users as u

QUEUED = "queued"
SENT = "sent"
FAILED = "failed"
CANCELLED = "cancelled"
ERROR_MAX = 300
"""The width of ``last_error``."""


def queue(conn: Connection, user_id: int, kind: str, text: str, now: datetime) -> None:
    conn.execute(
        o.insert().values(
            user_id=user_id, kind=kind, text=text, state=QUEUED, created_at=now, attempts=0
        )
    )


def cancel_queued(conn: Connection, user_id: int) -> None:
    conn.execute(
        update(o)
        .where(o.c.user_id == user_id, o.c.state == QUEUED)
        .values(state=CANCELLED, claimed_until=None)
    )


def _due(now: datetime, force: bool) -> list[ColumnElement[bool]]:
    conditions = [o.c.state == QUEUED, or_(o.c.claimed_until.is_(None), o.c.claimed_until < now)]
    if not force:
        conditions.append(or_(o.c.next_attempt_at.is_(None), o.c.next_attempt_at <= now))
    return conditions


def any_due(conn: Connection, now: datetime, force: bool) -> bool:
    """Is anything due? (A read, so an idle deliverer never takes the write lock.)"""
    return conn.execute(select(o.c.id).where(*_due(now, force)).limit(1)).first() is not None


def claim(
    conn: Connection, now: datetime, *, force: bool, limit: int, lease: timedelta
) -> list[Any]:
    """Lease up to ``limit`` due rows (oldest first), with their recipient's address and name.

    ``force`` also takes rows waiting for their retry time. Each lease counts an attempt.
    """
    rows = conn.execute(
        select(
            o.c.id,
            o.c.kind,
            o.c.text,
            o.c.attempts,
            u.c.email,
            u.c.first_name,
            u.c.middle_name,
            u.c.last_name,
        )
        .join(u, u.c.id == o.c.user_id)
        .where(*_due(now, force))
        .order_by(o.c.id)
        .limit(limit)
        .with_for_update(of=o, skip_locked=True)
    ).all()
    if rows:
        conn.execute(
            update(o)
            .where(o.c.id.in_([r.id for r in rows]))
            .values(claimed_until=now + lease, attempts=o.c.attempts + 1)
        )
    return list(rows)


def _still_queued(outbox_id: int) -> Any:
    return update(o).where(o.c.id == outbox_id, o.c.state == QUEUED)


def mark_sent(conn: Connection, outbox_id: int, now: datetime) -> None:
    conn.execute(
        _still_queued(outbox_id).values(
            state=SENT, finished_at=now, claimed_until=None, last_error=""
        )
    )


def mark_retry(conn: Connection, outbox_id: int, error: str, when: datetime) -> None:
    conn.execute(
        _still_queued(outbox_id).values(
            next_attempt_at=when, claimed_until=None, last_error=error[:ERROR_MAX]
        )
    )


def mark_failed(conn: Connection, outbox_id: int, error: str, now: datetime) -> None:
    conn.execute(
        _still_queued(outbox_id).values(
            state=FAILED, finished_at=now, claimed_until=None, last_error=error[:ERROR_MAX]
        )
    )


def queued_count(conn: Connection) -> int:
    return int(
        conn.execute(select(func.count()).select_from(o).where(o.c.state == QUEUED)).scalar_one()
    )


def any_finished_before(conn: Connection, before: datetime) -> bool:
    return (
        conn.execute(
            select(o.c.id).where(o.c.state != QUEUED, o.c.finished_at < before).limit(1)
        ).first()
        is not None
    )


def remove_finished_before(conn: Connection, before: datetime) -> None:
    conn.execute(delete(o).where(o.c.state != QUEUED, o.c.finished_at < before))
