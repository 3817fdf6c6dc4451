"""Joining, signing in and leaving: accounts, sessions, passwords, export and deletion."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from mentor_tui.domain.enums import (
    AccountState,
    NotificationKind,
    RelationshipState,
    RequestState,
    Role,
)
from mentor_tui.domain.errors import Conflict, Invalid, NotAllowed, NotSignedIn, WrongPassword
from mentor_tui.domain.models import (
    NAME_MAX,
    PASSWORD_MIN,
    SHORT_TEXT_MAX,
    Actor,
    Member,
    Registration,
    Session,
)
from mentor_tui.domain.text import (
    check_email,
    check_username,
    clean_line,
    fold_ascii,
    strip_control,
    username_base,
)
from mentor_tui.service.base import ServiceBase, full_name
from mentor_tui.service.security import (
    SESSION_DAYS,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)
from mentor_tui.store import schema as t

YEAR_RANGE = (1900, 2100)


def check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise Invalid(f"The password has {len(password)} characters; use at least {PASSWORD_MIN}.")
    if len(password) > 1024:
        raise Invalid("The password is longer than 1024 characters; use a shorter one.")


def check_year(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        raise Invalid(f"{field} must be a year like 2019, not {value}.")
    return value


def sort_name(first: str, last: str) -> str:
    return fold_ascii(f"{last} {first}").casefold()


class AccountsMixin(ServiceBase):
    # -- joining ------------------------------------------------------------------

    def has_members(self) -> bool:
        """Whether anyone has an account yet: a new network needs ``mentor-tui init`` first."""
        with self.store.read() as conn:
            return conn.execute(select(t.users.c.id).limit(1)).first() is not None

    def suggest_username(self, first_name: str, last_name: str) -> str:
        """``firstname.lastname``, lower case with accents folded, a number added when taken."""
        base = username_base(first_name, last_name)
        with self.store.read() as conn:
            return self._free_username(conn, base)

    def _free_username(self, conn: Connection, base: str) -> str:
        taken = set(
            conn.execute(
                select(t.users.c.username).where(
                    or_(t.users.c.username == base, t.users.c.username.like(f"{base}%"))
                )
            ).scalars()
        )
        if base not in taken and len(base) >= 2:
            return base
        n = 2
        while f"{base}{n}" in taken:
            n += 1
        return f"{base}{n}"

    def _validated_registration(self, reg: Registration) -> dict[str, Any]:
        first = clean_line(reg.first_name, "First name", max_length=NAME_MAX, required=True)
        middle = clean_line(reg.middle_name, "Middle name", max_length=NAME_MAX)
        last = clean_line(reg.last_name, "Last name", max_length=NAME_MAX, required=True)
        email = check_email(reg.email)
        check_password(reg.password)
        started = check_year(reg.year_started, "Year started")
        graduated = check_year(reg.year_graduated, "Year graduated")
        if started and graduated and graduated < started:
            raise Invalid("The graduation year can't be before the year studies started.")
        return {
            "first_name": first,
            "middle_name": middle,
            "last_name": last,
            "sort_name": sort_name(first, last),
            "email": email,
            "email_key": email.casefold(),
            "role": reg.role.value,
            "institution": clean_line(reg.institution, "Institution", max_length=SHORT_TEXT_MAX),
            "programme": clean_line(reg.programme, "Programme", max_length=SHORT_TEXT_MAX),
            "year_started": started,
            "year_graduated": graduated,
        }

    def _insert_user(
        self, conn: Connection, reg: Registration, values: dict[str, Any], **extra: Any
    ) -> int:
        if conn.execute(
            select(t.users.c.id).where(t.users.c.email_key == values["email_key"])
        ).first():
            raise Conflict(
                f"An account with {values['email']} already exists: sign in with it, or ask the "
                "alumni office to reset it. One account per person."
            )
        if reg.username:
            username = check_username(reg.username)
            if conn.execute(select(t.users.c.id).where(t.users.c.username == username)).first():
                suggestion = self._free_username(conn, username)
                raise Conflict(f"The username '{username}' is taken; '{suggestion}' is free.")
        else:
            username = self._free_username(conn, username_base(reg.first_name, reg.last_name))
        now = self.now()
        try:
            result = conn.execute(
                t.users.insert().values(
                    username=username,
                    password_hash=hash_password(reg.password),
                    guidelines_accepted_at=now,
                    created_at=now,
                    profile_confirmed_at=now,
                    **values,
                    **extra,
                )
            )
        except IntegrityError:
            raise Conflict(
                "That username or e-mail address was taken a moment ago; try again."
            ) from None
        user_id = result.inserted_primary_key
        assert user_id is not None
        return int(user_id[0])

    def init_network(self, reg: Registration) -> Member:
        """Create the first admin of an empty network (a verified staff member)."""
        values = self._validated_registration(reg)
        with self.store.write() as conn:
            if conn.execute(select(t.users.c.id).where(t.users.c.is_admin.is_(True))).first():
                raise Conflict(
                    f"This network already has an admin ({self.store.where}). Sign in with "
                    "that account, or choose another --data-dir for a new network."
                )
            values["role"] = Role.STAFF.value
            user_id = self._insert_user(
                conn, reg, values, state=AccountState.VERIFIED.value, is_admin=True
            )
            return self.member(conn, self.user_row(conn, user_id), viewer=None)

    def register(self, reg: Registration) -> Member:
        """Sign up: the account is pending until the alumni office verifies it."""
        if not reg.accept_guidelines:
            raise NotAllowed(
                "To join you must accept the network's guidelines (mentor, mentee and general "
                "agreement)."
            )
        values = self._validated_registration(reg)
        with self.store.write() as conn:
            user_id = self._insert_user(conn, reg, values, state=AccountState.PENDING.value)
            row = self.user_row(conn, user_id)
            viewer = Actor(
                id=row.id, username=row.username, role=Role(row.role), state=AccountState.PENDING
            )
            return self.member(conn, row, viewer=viewer, private=True)

    # -- sessions -----------------------------------------------------------------

    def login(self, username: str, password: str) -> Session:
        # A username, or an e-mail as its email_key; control characters (NUL among them,
        # which PostgreSQL refuses to compare) are in neither, so they can't match.
        key = strip_control(username, multiline=False).strip().casefold()
        with self.store.write() as conn:
            row = conn.execute(
                select(t.users).where(or_(t.users.c.username == key, t.users.c.email_key == key))
            ).first()
            if row is None or not verify_password(row.password_hash, password):
                raise NotSignedIn(
                    "That username and password don't match. Check them and try again."
                )
            if row.state == AccountState.SUSPENDED.value:
                raise NotAllowed(
                    "This account is suspended by the alumni office; contact them to talk about it."
                )
            token = new_token()
            now = self.now()
            expires = now + timedelta(days=SESSION_DAYS)
            conn.execute(
                t.sessions.insert().values(
                    token_hash=token_hash(token), user_id=row.id, created_at=now, expires_at=expires
                )
            )
            conn.execute(delete(t.sessions).where(t.sessions.c.expires_at < now))
            return Session(token=token, username=row.username, expires_at=expires)

    def logout(self, token: str) -> None:
        with self.store.write() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.token_hash == token_hash(token)))

    def authenticate(self, token: str) -> Actor:
        """The member a session token belongs to, as they are now."""
        with self.store.read() as conn:
            row = conn.execute(
                select(t.users, t.sessions.c.expires_at)
                .join(t.sessions, t.sessions.c.user_id == t.users.c.id)
                .where(t.sessions.c.token_hash == token_hash(token))
            ).first()
        if row is None or row.expires_at <= self.now():
            raise NotSignedIn("Your session has ended; sign in again.")
        if row.state == AccountState.SUSPENDED.value:
            raise NotSignedIn(
                "This account is suspended by the alumni office; contact them to talk about it."
            )
        return Actor(
            id=row.id,
            username=row.username,
            role=Role(row.role),
            state=AccountState(row.state),
            is_admin=row.is_admin,
        )

    def change_password(self, actor: Actor, old: str, new: str) -> Session:
        """Needs the old password; ends every session and returns a fresh one for this device."""
        check_password(new)
        with self.store.write() as conn:
            row = self.user_row(conn, actor.id)
            if not verify_password(row.password_hash, old):
                raise WrongPassword(
                    "The current password is not right; the password was not changed."
                )
            conn.execute(
                update(t.users)
                .where(t.users.c.id == actor.id)
                .values(password_hash=hash_password(new))
            )
            conn.execute(delete(t.sessions).where(t.sessions.c.user_id == actor.id))
            token = new_token()
            now = self.now()
            expires = now + timedelta(days=SESSION_DAYS)
            conn.execute(
                t.sessions.insert().values(
                    token_hash=token_hash(token),
                    user_id=actor.id,
                    created_at=now,
                    expires_at=expires,
                )
            )
            return Session(token=token, username=row.username, expires_at=expires)

    # -- leaving ------------------------------------------------------------------

    def export_account(self, actor: Actor) -> dict[str, Any]:
        """Everything the network holds about the member, as plain JSON-ready data."""
        with self.store.read() as conn:
            row = self.user_row(conn, actor.id)
            me = self.member(conn, row, viewer=actor, private=True)
            req_rows = conn.execute(
                select(t.requests)
                .where(or_(t.requests.c.mentee_id == actor.id, t.requests.c.mentor_id == actor.id))
                .order_by(t.requests.c.id)
            ).all()
            requests = self.requests_as_models(conn, list(req_rows))
            rel_rows = conn.execute(
                select(t.relationships)
                .where(
                    or_(
                        t.relationships.c.mentee_id == actor.id,
                        t.relationships.c.mentor_id == actor.id,
                    )
                )
                .order_by(t.relationships.c.id)
            ).all()
            relationships = self.relationships_as_models(conn, list(rel_rows))
            thread_ids = [r.id for r in req_rows]
            msg_rows = (
                conn.execute(
                    select(t.messages)
                    .where(t.messages.c.thread_id.in_(thread_ids))
                    .order_by(t.messages.c.id)
                ).all()
                if thread_ids
                else []
            )
            refs = self.refs(conn, [m.sender_id for m in msg_rows])
            messages = [self.message_model(m, refs, actor) for m in msg_rows]
            notes = conn.execute(
                select(t.notifications)
                .where(t.notifications.c.user_id == actor.id)
                .order_by(t.notifications.c.id)
            ).all()
        return {
            "format": "mentor-tui export 1",
            "exported_at": self.now().isoformat(),
            "profile": me.model_dump(mode="json"),
            "requests": [r.model_dump(mode="json") for r in requests],
            "relationships": [r.model_dump(mode="json") for r in relationships],
            "messages": [m.model_dump(mode="json") for m in messages],
            "notifications": [
                {
                    "id": n.id,
                    "kind": n.kind,
                    "text": n.text,
                    "created_at": n.created_at.isoformat(),
                    "read": n.read_at is not None,
                }
                for n in notes
            ],
        }

    def delete_account(self, actor: Actor, password: str) -> None:
        """Remove the profile and personal data; sent messages stay, from "former member"."""
        with self.store.write() as conn:
            row = self.user_row(conn, actor.id)
            if not verify_password(row.password_hash, password):
                raise WrongPassword("The password is not right; the account was not deleted.")
            if row.is_admin:
                admins = conn.execute(
                    select(func.count()).select_from(t.users).where(t.users.c.is_admin.is_(True))
                ).scalar_one()
                if admins <= 1:
                    raise Conflict(
                        "You are the network's only admin: make another member admin before "
                        "deleting this account."
                    )
            name = full_name(row)
            now = self.now()
            # Pending requests both ways end; the other side is told.
            for req in conn.execute(
                select(t.requests)
                .where(
                    t.requests.c.state == RequestState.PENDING.value,
                    or_(t.requests.c.mentee_id == actor.id, t.requests.c.mentor_id == actor.id),
                )
                .order_by(t.requests.c.id)  # one order for every multi-row lock: no deadlock
                .with_for_update()
            ).all():
                outgoing = req.mentee_id == actor.id
                conn.execute(
                    update(t.requests)
                    .where(t.requests.c.id == req.id)
                    .values(
                        state=(RequestState.RETRACTED if outgoing else RequestState.DECLINED).value,
                        responded_at=now,
                        response="" if outgoing else "The mentor has left the network.",
                    )
                )
                other = req.mentor_id if outgoing else req.mentee_id
                kind = (
                    NotificationKind.REQUEST_RETRACTED
                    if outgoing
                    else NotificationKind.REQUEST_DECLINED
                )
                self.notify(
                    conn,
                    other,
                    kind,
                    f"{name} left the network; their request {req.id} is closed."
                    if outgoing
                    else f"{name} left the network; your request {req.id} is closed.",
                    "request",
                    req.id,
                )
            # Active relationships finish; mentors' places are freed.
            for rel in conn.execute(
                select(t.relationships)
                .where(
                    t.relationships.c.state == RelationshipState.ACTIVE.value,
                    or_(
                        t.relationships.c.mentee_id == actor.id,
                        t.relationships.c.mentor_id == actor.id,
                    ),
                )
                .order_by(t.relationships.c.id)
                .with_for_update()
            ).all():
                conn.execute(
                    update(t.relationships)
                    .where(t.relationships.c.id == rel.id)
                    .values(
                        state=RelationshipState.FINISHED.value,
                        finished_at=now,
                        closing_note=f"{name} left the network.",
                    )
                )
                other = rel.mentor_id if rel.mentee_id == actor.id else rel.mentee_id
                self.notify(
                    conn,
                    other,
                    NotificationKind.RELATIONSHIP_FINISHED,
                    f"{name} left the network, so your mentoring {rel.id} has finished.",
                    "relationship",
                    rel.id,
                )
                if rel.mentor_id != actor.id and rel.mentor_id is not None:
                    self.recount_mentor(conn, rel.mentor_id)
            from mentor_tui.store.search import remove_from_index

            remove_from_index(conn, actor.id)
            # Foreign keys detach messages, requests and reports (SET NULL) and remove the
            # profile, mentor profile, sessions and notifications (CASCADE).
            conn.execute(delete(t.users).where(t.users.c.id == actor.id))
