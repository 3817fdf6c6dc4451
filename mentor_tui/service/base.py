"""What every part of the service shares: the store, the clock, loading rows as models."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, Row, Select, func, select

from mentor_tui.domain.calendar import add_working_days, utcnow, working_days_between
from mentor_tui.domain.enums import (
    AccountState,
    MentorState,
    NotificationKind,
    RelationshipState,
    RequestState,
    Role,
)
from mentor_tui.domain.errors import NotAllowed, NotFound
from mentor_tui.domain.models import (
    CONFIRMATION_INTERVAL_DAYS,
    EXPIRY_DAYS,
    OVERDUE_WORKING_DAYS,
    Actor,
    Education,
    Member,
    MemberRef,
    MentoringRequest,
    MentorProfile,
    Message,
    Objective,
    Position,
    PrivateProfile,
    Relationship,
)
from mentor_tui.domain.text import strip_control
from mentor_tui.store import outbox
from mentor_tui.store import schema as t
from mentor_tui.store.database import Store

Clock = Callable[[], datetime]


def split_list(value: str) -> list[str]:
    return [item for item in value.split("|") if item]


def join_list(values: Iterable[str]) -> str:
    return "|".join(values)


Lock = Literal["update", "share"] | None


def locked(query: Select[Any], lock: Lock) -> Select[Any]:
    """``query`` holding the rows it reads until the write commits (PostgreSQL's row locks).

    "update" for a row about to change state, "share" for a row whose state a write
    depends on. SQLite ignores both: its one writer at a time already serialises.
    """
    if lock is None:
        return query
    return query.with_for_update(read=lock == "share")


def full_name(row: Any) -> str:
    return " ".join(p for p in (row.first_name, row.middle_name, row.last_name) if p)


class ServiceBase:
    """Holds the store and clock; helpers used by every group of use cases."""

    def __init__(self, store: Store, clock: Clock = utcnow) -> None:
        self.store = store
        self.clock = clock

    def now(self) -> datetime:
        return self.clock()

    # -- who may act --------------------------------------------------------------

    @staticmethod
    def require_verified(actor: Actor) -> None:
        """Pending, rejected and suspended accounts may edit their profile, nothing more."""
        if actor.state is AccountState.VERIFIED:
            return
        if actor.state is AccountState.PENDING:
            raise NotAllowed(
                "Your account is still being verified by the alumni office; meanwhile you "
                "can complete your profile. You'll be notified when it is verified."
            )
        if actor.state is AccountState.REJECTED:
            raise NotAllowed(
                "The alumni office could not verify your account; contact them if you "
                "think this is a mistake."
            )
        raise NotAllowed("Your account is suspended; contact the alumni office.")

    @staticmethod
    def require_admin(actor: Actor) -> None:
        if not actor.is_admin or actor.state is not AccountState.VERIFIED:
            raise NotAllowed("Only the programme office (admins) can do that.")

    # -- rows ---------------------------------------------------------------------

    def user_row(self, conn: Connection, user_id: int) -> Row[Any]:
        row = conn.execute(select(t.users).where(t.users.c.id == user_id)).first()
        if row is None:
            raise NotFound("That member no longer exists.")
        return row

    def user_by_name(self, conn: Connection, username: str) -> Row[Any]:
        key = strip_control(username, multiline=False).strip().lower()  # no NUL to the db
        row = conn.execute(select(t.users).where(t.users.c.username == key)).first()
        if row is None:
            raise NotFound(f"No member is called '{username}'. Check the username.")
        return row

    def user_by_name_or_id(self, conn: Connection, who: str | int) -> Row[Any]:
        if isinstance(who, int) or (isinstance(who, str) and who.isdigit()):
            row = conn.execute(select(t.users).where(t.users.c.id == int(who))).first()
            if row is not None:
                return row
            if isinstance(who, int):
                raise NotFound(f"No member has id {who}.")
        return self.user_by_name(conn, str(who))

    def refs(self, conn: Connection, ids: Iterable[int | None]) -> dict[int, MemberRef]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = conn.execute(
            select(
                t.users.c.id,
                t.users.c.username,
                t.users.c.first_name,
                t.users.c.middle_name,
                t.users.c.last_name,
            ).where(t.users.c.id.in_(wanted))
        ).all()
        return {r.id: MemberRef(id=r.id, username=r.username, name=full_name(r)) for r in rows}

    @staticmethod
    def ref_or_former(refs: dict[int, MemberRef], user_id: int | None) -> MemberRef:
        if user_id is not None and user_id in refs:
            return refs[user_id]
        return MemberRef(id=None, username="", name="former member")

    def mentor_profile(self, conn: Connection, user_id: int) -> MentorProfile | None:
        row = conn.execute(
            select(t.mentor_profiles).where(t.mentor_profiles.c.user_id == user_id)
        ).first()
        if row is None:
            return None
        return MentorProfile(
            state=MentorState(row.state),
            sectors=self._ordered(conn, t.mentor_sectors, "sector", user_id),
            job_title=row.job_title,
            employer=row.employer,
            help_areas=self._ordered(conn, t.mentor_help_areas, "help_area", user_id),
            activities=self._ordered(conn, t.mentor_activities, "activity", user_id),
            max_mentees=row.max_mentees,
            active_mentees=row.active_mentees,
            completed=row.completed,
        )

    @staticmethod
    def _ordered(conn: Connection, table: Any, column: str, user_id: int) -> list[str]:
        return list(
            conn.execute(
                select(table.c[column]).where(table.c.user_id == user_id).order_by(table.c.seq)
            ).scalars()
        )

    def member(
        self, conn: Connection, row: Row[Any], *, viewer: Actor | None, private: bool = False
    ) -> Member:
        """A member as ``viewer`` may see them: e-mail only if shown, private parts if own."""
        positions = [
            Position(title=p.title, organisation=p.organisation, start=p.start, end=p.end)
            for p in conn.execute(
                select(t.positions)
                .where(t.positions.c.user_id == row.id)
                .order_by(t.positions.c.seq)
            ).all()
        ]
        education = [
            Education(
                institution=e.institution,
                programme=e.programme,
                started=e.started,
                graduated=e.graduated,
            )
            for e in conn.execute(
                select(t.education)
                .where(t.education.c.user_id == row.id)
                .order_by(t.education.c.seq)
            ).all()
        ]
        is_self = viewer is not None and viewer.id == row.id
        show_private = private and (is_self or (viewer is not None and viewer.is_admin))
        private_part = None
        if show_private:
            private_part = PrivateProfile(
                email=row.email,
                address=row.address,
                show_email=row.show_email,
                email_notifications=row.email_notifications,
                profile_confirmed_at=row.profile_confirmed_at,
                confirmation_due=self.confirmation_due(row.profile_confirmed_at),
            )
        return Member(
            id=row.id,
            username=row.username,
            first_name=row.first_name,
            middle_name=row.middle_name,
            last_name=row.last_name,
            role=Role(row.role),
            state=AccountState(row.state),
            is_admin=row.is_admin,
            headline=row.headline,
            city=row.city,
            country=row.country,
            bio=row.bio,
            institution=row.institution,
            programme=row.programme,
            year_started=row.year_started,
            year_graduated=row.year_graduated,
            positions=positions,
            education=education,
            interest_sectors=split_list(row.interest_sectors),
            goal_areas=split_list(row.goal_areas),
            email=row.email if (row.show_email or show_private) else None,
            website=row.website,
            linkedin=row.linkedin,
            other_contacts=row.other_contacts,
            mentor=self.mentor_profile(conn, row.id),
            joined_at=row.created_at,
            private=private_part,
        )

    def confirmation_due(self, confirmed_at: datetime | None) -> bool:
        if confirmed_at is None:
            return True
        return self.now() - confirmed_at >= timedelta(days=CONFIRMATION_INTERVAL_DAYS)

    def request_model(
        self, row: Row[Any], refs: dict[int, MemberRef], has_relationship: bool
    ) -> MentoringRequest:
        state = RequestState(row.state)
        waited_until = row.responded_at if row.responded_at is not None else self.now()
        waited = working_days_between(row.created_at, waited_until)
        return MentoringRequest(
            id=row.id,
            state=state,
            mentee=self.ref_or_former(refs, row.mentee_id),
            mentor=self.ref_or_former(refs, row.mentor_id),
            message=row.message,
            goals=row.goals,
            activities=split_list(row.activities),
            created_at=row.created_at,
            responded_at=row.responded_at,
            response=row.response,
            waited_working_days=waited,
            overdue=state is RequestState.PENDING and waited >= OVERDUE_WORKING_DAYS,
            expires_at=(
                row.created_at + timedelta(days=EXPIRY_DAYS)
                if state is RequestState.PENDING
                else None
            ),
            relationship_id=row.id if has_relationship else None,
        )

    def requests_as_models(self, conn: Connection, rows: list[Row[Any]]) -> list[MentoringRequest]:
        refs = self.refs(conn, [i for r in rows for i in (r.mentee_id, r.mentor_id)])
        ids = [r.id for r in rows]
        with_rel = (
            set(
                conn.execute(
                    select(t.relationships.c.id).where(t.relationships.c.id.in_(ids))
                ).scalars()
            )
            if ids
            else set()
        )
        return [self.request_model(r, refs, r.id in with_rel) for r in rows]

    def relationships_as_models(self, conn: Connection, rows: list[Row[Any]]) -> list[Relationship]:
        refs = self.refs(conn, [i for r in rows for i in (r.mentee_id, r.mentor_id, r.finished_by)])
        ids = [r.id for r in rows]
        objectives: dict[int, list[Objective]] = {i: [] for i in ids}
        if ids:
            for o in conn.execute(
                select(t.objectives)
                .where(t.objectives.c.relationship_id.in_(ids))
                .order_by(t.objectives.c.id)
            ).all():
                objectives[o.relationship_id].append(
                    Objective(
                        id=o.id,
                        relationship_id=o.relationship_id,
                        text=o.text,
                        done=o.done,
                        created_at=o.created_at,
                        done_at=o.done_at,
                    )
                )
        now = self.now()
        result = []
        for r in rows:
            state = RelationshipState(r.state)
            result.append(
                Relationship(
                    id=r.id,
                    state=state,
                    mentor=self.ref_or_former(refs, r.mentor_id),
                    mentee=self.ref_or_former(refs, r.mentee_id),
                    started_at=r.started_at,
                    finished_at=r.finished_at,
                    finished_by=refs.get(r.finished_by) if r.finished_by else None,
                    closing_note=r.closing_note,
                    feedback=r.feedback,
                    rhythm_days=r.rhythm_days,
                    last_contact_at=r.last_contact_at,
                    quiet=state is RelationshipState.ACTIVE
                    and now - r.last_contact_at > timedelta(days=r.rhythm_days),
                    objectives=objectives[r.id],
                )
            )
        return result

    def message_model(
        self, row: Row[Any], refs: dict[int, MemberRef], viewer: Actor | None
    ) -> Message:
        return Message(
            id=row.id,
            thread_id=row.thread_id,
            sender=refs.get(row.sender_id) if row.sender_id is not None else None,
            body="" if row.removed else row.body,
            created_at=row.created_at,
            read=row.read_at is not None,
            removed=row.removed,
            mine=viewer is not None and row.sender_id == viewer.id,
        )

    # -- notifications ------------------------------------------------------------

    def notify(
        self,
        conn: Connection,
        user_id: int | None,
        kind: NotificationKind,
        text: str,
        subject_type: str = "",
        subject_id: int | None = None,
    ) -> None:
        """Record one notification; every change that concerns someone calls this."""
        if user_id is None:
            return
        conn.execute(
            t.notifications.insert().values(
                user_id=user_id,
                kind=kind.value,
                text=text,
                subject_type=subject_type,
                subject_id=subject_id,
                created_at=self.now(),
            )
        )
        self.queue_mail(conn, user_id, kind, text)

    def queue_mail(self, conn: Connection, user_id: int, kind: NotificationKind, text: str) -> None:
        """Owe the member this notification by e-mail too, if they allow e-mail.

        "Off means no e-mail at all": nothing is queued for a member with the switch off,
        and switching it off cancels what is still queued (:meth:`cancel_queued_mail`).
        Queued in the notification's transaction, so an e-mail is owed exactly when the
        notification exists; ``mentor_tui.mail`` delivers it.
        """
        wants = conn.execute(
            select(t.users.c.email_notifications).where(t.users.c.id == user_id)
        ).scalar()
        if not wants:
            return
        outbox.queue(conn, user_id, kind.value, text, self.now())

    @staticmethod
    def cancel_queued_mail(conn: Connection, user_id: int) -> None:
        """The member switched e-mail off: what is still queued for them is never sent."""
        outbox.cancel_queued(conn, user_id)

    # -- capacity -----------------------------------------------------------------

    def recount_mentor(self, conn: Connection, mentor_id: int) -> None:
        """Recompute a mentor's active count and room from the relationships themselves."""
        active = conn.execute(
            select(func.count())
            .select_from(t.relationships)
            .where(
                t.relationships.c.mentor_id == mentor_id,
                t.relationships.c.state == RelationshipState.ACTIVE.value,
            )
        ).scalar_one()
        completed = conn.execute(
            select(func.count())
            .select_from(t.relationships)
            .where(
                t.relationships.c.mentor_id == mentor_id,
                t.relationships.c.state == RelationshipState.FINISHED.value,
            )
        ).scalar_one()
        mp = t.mentor_profiles
        max_mentees = conn.execute(
            select(mp.c.max_mentees).where(mp.c.user_id == mentor_id)
        ).scalar()
        if max_mentees is None:
            return
        conn.execute(
            mp.update()
            .where(mp.c.user_id == mentor_id)
            .values(active_mentees=active, completed=completed, has_room=active < max_mentees)
        )

    def overdue_deadline(self, created_at: datetime) -> datetime:
        return add_working_days(created_at, OVERDUE_WORKING_DAYS)
