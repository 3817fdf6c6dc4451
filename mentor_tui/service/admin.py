"""The programme office: verification, moderation, roles, figures, and the clock's work."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, func, literal, select, update
from sqlalchemy.sql.elements import ColumnElement

from mentor_tui.domain.enums import (
    AccountState,
    MentorState,
    NotificationKind,
    RelationshipState,
    ReportState,
    RequestState,
    Role,
)
from mentor_tui.domain.errors import Conflict, NotFound
from mentor_tui.domain.models import (
    CONFIRMATION_INTERVAL_DAYS,
    EXPIRY_DAYS,
    REMOVED_BY_MODERATOR,
    Actor,
    Member,
    Page,
    Report,
    Stats,
)
from mentor_tui.domain.text import check_username
from mentor_tui.service.idempotency import forget_old_keys
from mentor_tui.service.mentoring import RHYTHM_RANGE, check_page
from mentor_tui.service.messaging import MessagingMixin
from mentor_tui.store import schema as t


class AdminMixin(MessagingMixin):
    def verification_queue(self, actor: Actor, page: int = 1, page_size: int = 20) -> Page[Member]:
        """Accounts waiting for verification, oldest first."""
        self.require_admin(actor)
        check_page(page, page_size)
        u = t.users
        with self.store.read() as conn:
            total = conn.execute(
                select(func.count()).select_from(u).where(u.c.state == AccountState.PENDING.value)
            ).scalar_one()
            rows = conn.execute(
                select(u)
                .where(u.c.state == AccountState.PENDING.value)
                .order_by(u.c.created_at, u.c.id)
                .limit(page_size)
                .offset((page - 1) * page_size)
            ).all()
            items = [self.member(conn, r, viewer=actor, private=True) for r in rows]
        return Page[Member](items=items, page=page, page_size=page_size, total=total)

    def verify_member(self, actor: Actor, username: str) -> Member:
        """Confirm a pending account against the alumni records (or reinstate a suspended one)."""
        self.require_admin(actor)
        with self.store.write() as conn:
            row = self.user_by_name(conn, username)
            if row.state == AccountState.VERIFIED.value:
                raise Conflict(f"{row.username} is already verified.")
            conn.execute(
                update(t.users)
                .where(t.users.c.id == row.id)
                .values(state=AccountState.VERIFIED.value)
            )
            text = (
                "Your account is reinstated by the alumni office."
                if row.state == AccountState.SUSPENDED.value
                else "Your account is verified: welcome! You can now search mentors and send "
                "requests."
            )
            self.notify(conn, row.id, NotificationKind.ACCOUNT_VERIFIED, text, "member", row.id)
            return self.member(conn, self.user_row(conn, row.id), viewer=actor, private=True)

    def reject_member(self, actor: Actor, username: str, reason: str = "") -> Member:
        self.require_admin(actor)
        with self.store.write() as conn:
            row = self.user_by_name(conn, username)
            if row.state != AccountState.PENDING.value:
                raise Conflict(
                    f"{row.username} is {row.state}, not pending; only pending accounts can be "
                    "rejected."
                )
            conn.execute(
                update(t.users)
                .where(t.users.c.id == row.id)
                .values(state=AccountState.REJECTED.value)
            )
            why = f" Reason: {reason.strip()}" if reason.strip() else ""
            self.notify(
                conn,
                row.id,
                NotificationKind.ACCOUNT_REJECTED,
                "The alumni office could not verify your account against its records." + why,
                "member",
                row.id,
            )
            return self.member(conn, self.user_row(conn, row.id), viewer=actor, private=True)

    def rename_member(self, actor: Actor, username: str, new_username: str) -> Member:
        self.require_admin(actor)
        new = check_username(new_username)
        with self.store.write() as conn:
            row = self.user_by_name(conn, username)
            if conn.execute(select(t.users.c.id).where(t.users.c.username == new)).first():
                raise Conflict(f"The username '{new}' is taken.")
            conn.execute(update(t.users).where(t.users.c.id == row.id).values(username=new))
            self.notify(
                conn,
                row.id,
                NotificationKind.USERNAME_CHANGED,
                f"The alumni office changed your username from {row.username} to {new}.",
                "member",
                row.id,
            )
            return self.member(conn, self.user_row(conn, row.id), viewer=actor, private=True)

    def set_role(self, actor: Actor, username: str, role: Role) -> Member:
        """E.g. a student who graduated becomes an alumnus. A non-alumnus mentor is paused."""
        self.require_admin(actor)
        role = Role(role)
        with self.store.write() as conn:
            row = self.user_by_name(conn, username)
            if row.role == role.value:
                raise Conflict(f"{row.username} is already {role.value}.")
            conn.execute(update(t.users).where(t.users.c.id == row.id).values(role=role.value))
            if role is not Role.ALUMNUS:
                conn.execute(
                    update(t.mentor_profiles)
                    .where(
                        t.mentor_profiles.c.user_id == row.id,
                        t.mentor_profiles.c.state == MentorState.ACTIVE.value,
                    )
                    .values(state=MentorState.PAUSED.value)
                )
            self.notify(
                conn,
                row.id,
                NotificationKind.ROLE_CHANGED,
                f"The alumni office changed your role from {row.role} to {role.value}.",
                "member",
                row.id,
            )
            return self.member(conn, self.user_row(conn, row.id), viewer=actor, private=True)

    def suspend_member(self, actor: Actor, username: str) -> Member:
        """Stop a member from signing in or acting; their sessions end now."""
        self.require_admin(actor)
        with self.store.write() as conn:
            row = self.user_by_name(conn, username)
            if row.id == actor.id:
                raise Conflict("You can't suspend your own account.")
            if row.state == AccountState.SUSPENDED.value:
                raise Conflict(f"{row.username} is already suspended.")
            conn.execute(
                update(t.users)
                .where(t.users.c.id == row.id)
                .values(state=AccountState.SUSPENDED.value)
            )
            conn.execute(
                update(t.mentor_profiles)
                .where(
                    t.mentor_profiles.c.user_id == row.id,
                    t.mentor_profiles.c.state == MentorState.ACTIVE.value,
                )
                .values(state=MentorState.PAUSED.value)
            )
            conn.execute(delete(t.sessions).where(t.sessions.c.user_id == row.id))
            self.notify(
                conn,
                row.id,
                NotificationKind.ACCOUNT_SUSPENDED,
                "The alumni office suspended your account.",
                "member",
                row.id,
            )
            return self.member(conn, self.user_row(conn, row.id), viewer=actor, private=True)

    def list_reports(
        self,
        actor: Actor,
        state: ReportState | None = ReportState.OPEN,
        page: int = 1,
        page_size: int = 20,
    ) -> Page[Report]:
        self.require_admin(actor)
        check_page(page, page_size)
        r = t.reports
        clauses = [r.c.state == ReportState(state).value] if state else []
        with self.store.read() as conn:
            total = conn.execute(select(func.count()).select_from(r).where(*clauses)).scalar_one()
            ids = list(
                conn.execute(
                    select(r.c.id)
                    .where(*clauses)
                    .order_by(r.c.created_at, r.c.id)
                    .limit(page_size)
                    .offset((page - 1) * page_size)
                ).scalars()
            )
            items = self._reports(conn, actor, ids)
        return Page[Report](items=items, page=page, page_size=page_size, total=total)

    def remove_message(self, actor: Actor, message_id: int) -> Report | None:
        """Replace a message by "removed by a moderator"; its reports are handled."""
        self.require_admin(actor)
        with self.store.write() as conn:
            msg = conn.execute(select(t.messages).where(t.messages.c.id == message_id)).first()
            if msg is None:
                raise NotFound(f"There is no message {message_id}. Check the number.")
            if msg.removed:
                raise Conflict(f"Message {message_id} is already removed.")
            conn.execute(
                update(t.messages).where(t.messages.c.id == message_id).values(removed=True)
            )
            self._hide_request_copy(conn, msg)
            return self._close_reports(conn, actor, message_id, ReportState.REMOVED)

    @staticmethod
    def _hide_request_copy(conn: Connection, msg: Row[Any]) -> None:
        """The introduction and the response are also kept on the request: hide them there."""
        r = t.requests
        req = conn.execute(select(r).where(r.c.id == msg.thread_id)).one()
        first_id = conn.execute(
            select(func.min(t.messages.c.id)).where(t.messages.c.thread_id == msg.thread_id)
        ).scalar()
        if msg.id == first_id:
            conn.execute(update(r).where(r.c.id == req.id).values(message=REMOVED_BY_MODERATOR))
        elif req.response and msg.body == req.response and msg.created_at == req.responded_at:
            conn.execute(update(r).where(r.c.id == req.id).values(response=REMOVED_BY_MODERATOR))

    def dismiss_report(self, actor: Actor, report_id: int) -> Report:
        """Leave the message as it is; the reporter is told the report was looked at."""
        self.require_admin(actor)
        with self.store.write() as conn:
            row = conn.execute(select(t.reports).where(t.reports.c.id == report_id)).first()
            if row is None:
                raise NotFound(f"There is no report {report_id}. Check the number.")
            if row.state != ReportState.OPEN.value:
                raise Conflict(f"Report {report_id} was already handled ({row.state}).")
            conn.execute(
                update(t.reports)
                .where(t.reports.c.id == report_id)
                .values(
                    state=ReportState.DISMISSED.value, handled_at=self.now(), handled_by=actor.id
                )
            )
            self.notify(
                conn,
                row.reporter_id,
                NotificationKind.REPORT_HANDLED,
                f"Your report {report_id} was reviewed; the message stays.",
                "report",
                report_id,
            )
            return self._reports(conn, actor, [report_id])[0]

    def _close_reports(
        self, conn: Connection, actor: Actor, message_id: int, state: ReportState
    ) -> Report | None:
        open_reports = conn.execute(
            select(t.reports).where(
                t.reports.c.message_id == message_id, t.reports.c.state == ReportState.OPEN.value
            )
        ).all()
        for report in open_reports:
            conn.execute(
                update(t.reports)
                .where(t.reports.c.id == report.id)
                .values(state=state.value, handled_at=self.now(), handled_by=actor.id)
            )
            self.notify(
                conn,
                report.reporter_id,
                NotificationKind.REPORT_HANDLED,
                f"Your report {report.id} was handled: the message was removed.",
                "report",
                report.id,
            )
        if not open_reports:
            return None
        return self._reports(conn, actor, [open_reports[0].id])[0]

    def stats(self, actor: Actor) -> Stats:
        """Programme figures for the office."""
        self.require_admin(actor)
        u = t.users
        with self.store.read() as conn:
            by_role: dict[str, dict[str, int]] = {}
            for role, state, count in conn.execute(
                select(u.c.role, u.c.state, func.count()).group_by(u.c.role, u.c.state)
            ).all():
                by_role.setdefault(role, {})[state] = int(count)
            sectors = {
                s: int(c)
                for s, c in conn.execute(
                    select(t.mentor_sectors.c.sector, func.count())
                    .join(
                        t.mentor_profiles, t.mentor_profiles.c.user_id == t.mentor_sectors.c.user_id
                    )
                    .where(t.mentor_profiles.c.state == MentorState.ACTIVE.value)
                    .group_by(t.mentor_sectors.c.sector)
                    .order_by(func.count().desc())
                ).all()
            }
            by_state = {
                s: int(c)
                for s, c in conn.execute(
                    select(t.requests.c.state, func.count()).group_by(t.requests.c.state)
                ).all()
            }
            hours = _median_response_hours(conn)
        return Stats(
            members_by_role_and_state=by_role,
            active_mentors_by_sector=sectors,
            requests_by_state=by_state,
            median_first_response_hours=round(hours, 1) if hours is not None else None,
        )

    # -- what the passing of time does -----------------------------------------------

    def process_due(self) -> int:
        """Expire, remind and flag what the clock has made due. Returns how many changes.

        Idempotent: each reminder is recorded, so running it often sends nothing twice.
        """
        now = self.now()
        changes = 0
        # Every row it changes is locked first (PostgreSQL): a member's accept, or another
        # server's sweep, at the same moment either goes first or sees the change made.
        with self.store.write() as conn:
            r = t.requests
            for req in conn.execute(
                select(r)
                .where(
                    r.c.state == RequestState.PENDING.value,
                    r.c.created_at <= now - timedelta(days=EXPIRY_DAYS),
                )
                .order_by(r.c.id)
                .with_for_update()
            ).all():
                conn.execute(
                    update(r)
                    .where(r.c.id == req.id)
                    .values(state=RequestState.EXPIRED.value, responded_at=now)
                )
                refs = self.refs(conn, [req.mentor_id])
                mentor = refs[req.mentor_id].name if req.mentor_id in refs else "The mentor"
                self.notify(
                    conn,
                    req.mentee_id,
                    NotificationKind.REQUEST_EXPIRED,
                    f"Your request {req.id} to {mentor} expired after {EXPIRY_DAYS} days "
                    "without an answer; you can ask another mentor.",
                    "request",
                    req.id,
                )
                self.notify(
                    conn,
                    req.mentor_id,
                    NotificationKind.REQUEST_EXPIRED,
                    f"Request {req.id} expired after {EXPIRY_DAYS} days without your answer.",
                    "request",
                    req.id,
                )
                changes += 1
            # One reminder to the mentor once a request is overdue (3 working days).
            for req in conn.execute(
                select(r)
                .where(
                    r.c.state == RequestState.PENDING.value,
                    r.c.reminded_at.is_(None),
                    r.c.created_at <= now - timedelta(days=3),
                )
                .order_by(r.c.id)
                .with_for_update()
            ).all():
                if self.overdue_deadline(req.created_at) > now:
                    continue
                conn.execute(update(r).where(r.c.id == req.id).values(reminded_at=now))
                self.notify(
                    conn,
                    req.mentor_id,
                    NotificationKind.REQUEST_OVERDUE,
                    f"Request {req.id} has waited over 3 working days: please accept or "
                    "decline it.",
                    "request",
                    req.id,
                )
                changes += 1
            rel = t.relationships
            unflagged = and_(
                rel.c.state == RelationshipState.ACTIVE.value,
                rel.c.quiet_notified_at.is_(None),
            )
            # First from the index alone (ix_rel_quiet): which are quiet past their rhythm.
            quiet = [
                rel_id
                for rel_id, contact, days in conn.execute(
                    select(rel.c.id, rel.c.last_contact_at, rel.c.rhythm_days).where(
                        unflagged,
                        rel.c.last_contact_at < now - timedelta(days=RHYTHM_RANGE[0]),
                        _past_rhythm(conn, now),
                    )
                )
                if now - contact > timedelta(days=days)
            ]
            # Then those rows, locked and checked again (a message may have just arrived),
            # a chunk at a time (a query has only so many parameters).
            rows = [
                row
                for start in range(0, len(quiet), 500)
                for row in conn.execute(
                    select(rel)
                    .where(unflagged, rel.c.id.in_(quiet[start : start + 500]))
                    .order_by(rel.c.id)
                    .with_for_update()
                ).all()
            ]
            for row in rows:
                if now - row.last_contact_at <= timedelta(days=row.rhythm_days):
                    continue
                conn.execute(update(rel).where(rel.c.id == row.id).values(quiet_notified_at=now))
                for user_id in (row.mentor_id, row.mentee_id):
                    self.notify(
                        conn,
                        user_id,
                        NotificationKind.RELATIONSHIP_QUIET,
                        f"Mentoring {row.id} has been quiet for longer than your agreed rhythm "
                        f"(every {row.rhythm_days} days): send a message.",
                        "relationship",
                        row.id,
                    )
                changes += 1
            u = t.users
            for user in conn.execute(
                select(u.c.id)
                .where(
                    u.c.state == AccountState.VERIFIED.value,
                    u.c.confirmation_notified_at.is_(None),
                    u.c.profile_confirmed_at <= now - timedelta(days=CONFIRMATION_INTERVAL_DAYS),
                )
                .order_by(u.c.id)
                .with_for_update()
            ).all():
                conn.execute(
                    update(u).where(u.c.id == user.id).values(confirmation_notified_at=now)
                )
                self.notify(
                    conn,
                    user.id,
                    NotificationKind.PROFILE_CONFIRMATION_DUE,
                    "Is your profile up to date? Please check it and confirm.",
                    "member",
                    user.id,
                )
                changes += 1
            forget_old_keys(conn, now)  # housekeeping, not a change anyone is told of
        return changes


def _past_rhythm(conn: Connection, now: datetime) -> ColumnElement[bool]:
    """Mentorings whose last contact is further back than their rhythm, tested by the
    database on the index's own columns.

    Without it every active mentoring older than the shortest rhythm (a day) came back to
    Python, quiet or not, on every sweep: 16,000 rows on a network of 100,000 mentors, and
    the whole sweep took 39 ms of each start (bench/startup.py); now 10.5 ms, this query
    2 ms. The test in Python that follows stays the exact one: on SQLite ``julianday`` is
    a floating-point day (to the millisecond), so the database is given a second's slack
    and never leaves out a mentoring that is quiet.
    """
    rel = t.relationships
    if conn.dialect.name == "sqlite":
        now_day = func.julianday(literal(now, t.UTCDateTime()))
        return func.julianday(rel.c.last_contact_at) + rel.c.rhythm_days < now_day + 1 / 86400
    # In seconds: days of an interval are calendar days of the session's time zone, an
    # hour longer or shorter across a clock change; a rhythm's days are 24 hours each.
    due = rel.c.last_contact_at + func.make_interval(0, 0, 0, 0, 0, 0, rel.c.rhythm_days * 86400)
    return due < literal(now, t.UTCDateTime())


def _median_response_hours(conn: Connection) -> float | None:
    """The median hours from request to answer, found by the database.

    Only the middle one or two values leave it: reading every answered request into
    Python (with a datetime for each end) cost 15 MiB and a second on a network of
    100,000 mentors (bench/memory.py).
    """
    r = t.requests
    answered = (
        r.c.state.in_([RequestState.ACCEPTED.value, RequestState.DECLINED.value]),
        r.c.responded_at.is_not(None),
    )
    count = conn.execute(select(func.count()).where(*answered)).scalar_one()
    if not count:
        return None
    hours: Any
    if conn.dialect.name == "sqlite":
        hours = (func.julianday(r.c.responded_at) - func.julianday(r.c.created_at)) * 24
    else:
        hours = func.extract("epoch", r.c.responded_at - r.c.created_at) / 3600
    middle = conn.execute(
        select(hours).where(*answered).order_by(hours).offset((count - 1) // 2).limit(2 - count % 2)
    ).scalars()
    return statistics.fmean(float(h) for h in middle)
