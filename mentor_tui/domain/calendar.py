"""Working days and the deadlines of domain.md, computed from a given clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    return datetime.now(UTC)


def working_days_between(start: datetime, end: datetime) -> int:
    """Whole working days (Monday to Friday) that have passed from ``start`` to ``end``.

    A request sent on Friday afternoon has waited 0 working days on Saturday and
    Sunday, and 1 on Monday afternoon.
    """
    if end <= start:
        return 0
    days = 0
    cursor = start
    while True:
        cursor += timedelta(days=1)
        if cursor > end:
            return days
        if cursor.weekday() < 5:
            days += 1
        if days > 400:  # bounded: nothing waits longer than expiry anyway
            return days


def add_working_days(start: datetime, count: int) -> datetime:
    cursor = start
    added = 0
    while added < count:
        cursor += timedelta(days=1)
        if cursor.weekday() < 5:
            added += 1
    return cursor
