"""Threads, messages, reports and notifications."""

from __future__ import annotations

from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import IntegrityError

from mentor_tui.domain.enums import (
    NotificationKind,
    RelationshipState,
    ReportState,
    RequestState,
)
from mentor_tui.domain.errors import Conflict, NotAllowed, NotFound
from mentor_tui.domain.models import (
    MESSAGE_MAX,
    Actor,
    Message,
    Notification,
    NotificationSummary,
    Page,
    Report,
    Thread,
)
from mentor_tui.domain.text import clean_text
from mentor_tui.service.base import full_name, locked
from mentor_tui.service.idempotency import fingerprint, send_once
from mentor_tui.service.mentoring import MentoringMixin, check_page
from mentor_tui.store import schema as t

REASON_MAX = 1000


class MessagingMixin(MentoringMixin):
    def get_thread(self, actor: Actor, thread_id: int, *, mark_read: bool = True) -> Thread:
        """A request's (and its relationship's) messages, oldest first; marks them read."""
        with self.store.write() as conn:
            req_row = self._request_row(conn, actor, thread_id)
            if mark_read:
                conn.execute(
                    update(t.messages)
                    .where(
                        t.messages.c.thread_id == thread_id,
                        t.messages.c.recipient_id == actor.id,
                        t.messages.c.read_at.is_(None),
                    )
                    .values(read_at=self.now())
                )
            request = self.requests_as_models(conn, [req_row])[0]
            rel_row = conn.execute(
                select(t.relationships).where(t.relationships.c.id == thread_id)
            ).first()
            relationship = self.relationships_as_models(conn, [rel_row])[0] if rel_row else None
            rows = conn.execute(
                select(t.messages)
                .where(t.messages.c.thread_id == thread_id)
                .order_by(t.messages.c.id)
            ).all()
            refs = self.refs(conn, [m.sender_id for m in rows])
            messages = [self.message_model(m, refs, actor) for m in rows]
        return Thread(
            id=thread_id,
            request=request,
            relationship=relationship,
            messages=messages,
            can_write=self._writable(request.state, relationship.state if relationship else None)
            and actor.id in (req_row.mentee_id, req_row.mentor_id),
        )

    @staticmethod
    def _writable(request: RequestState, relationship: RelationshipState | None) -> bool:
        if relationship is not None:
            return relationship is RelationshipState.ACTIVE
        return request is RequestState.PENDING

    def send_message(
        self, actor: Actor, thread_id: int, body: str, idempotency_key: str | None = None
    ) -> Message:
        """Write in a pending request's thread or an active mentoring's thread.

        With an ``idempotency_key`` already used by the actor for a message, the message
        sent then is returned and nothing new is written (see service/idempotency.py).
        """
        self.require_verified(actor)
        text = clean_text(body, "The message", max_length=MESSAGE_MAX, min_length=1)

        def create(conn: Connection) -> int:
            req = self._request_row(conn, actor, thread_id, lock="share")
            if actor.id not in (req.mentee_id, req.mentor_id):
                raise NotAllowed("Only the two people of this thread can write in it.")
            # Held until the message is stored: a finish waits, and the thread stays open.
            # "update", not "share": the message then updates this row (its last contact),
            # and two messages holding it shared would each wait for the other.
            rel_state = conn.execute(
                locked(
                    select(t.relationships.c.state).where(t.relationships.c.id == thread_id),
                    "update",
                )
            ).scalar()
            if not self._writable(
                RequestState(req.state), RelationshipState(rel_state) if rel_state else None
            ):
                what = "mentoring" if rel_state else "request"
                state = rel_state or req.state
                raise Conflict(
                    f"This {what} is {state}, so its thread is read-only; nothing was sent."
                )
            other = req.mentor_id if req.mentee_id == actor.id else req.mentee_id
            if other is None:
                raise Conflict("The other member has left the network; nothing was sent.")
            message_id = self._add_message(conn, thread_id, actor.id, other, text)
            name = full_name(self.user_row(conn, actor.id))
            self.notify(
                conn,
                other,
                NotificationKind.NEW_MESSAGE,
                f"New message from {name} in thread {thread_id}.",
                "thread",
                thread_id,
            )
            return message_id

        def load(conn: Connection, message_id: int) -> Message:
            row = conn.execute(select(t.messages).where(t.messages.c.id == message_id)).one()
            return self.message_model(row, self.refs(conn, [actor.id]), actor)

        digest = fingerprint(thread_id, text)
        return send_once(self, actor, "message", idempotency_key, digest, create, load)

    def report_message(self, actor: Actor, message_id: int, reason: str) -> Report:
        """Flag a received message to the programme office, with a reason."""
        text = clean_text(reason, "The reason", max_length=REASON_MAX, min_length=3)
        with self.store.write() as conn:
            msg = conn.execute(select(t.messages).where(t.messages.c.id == message_id)).first()
            if msg is None:
                raise NotFound(f"There is no message {message_id}. Check the number.")
            self._request_row(conn, actor, msg.thread_id)  # visible to the actor at all?
            if msg.recipient_id != actor.id:
                raise NotAllowed("You can report only messages you received.")
            try:
                result = conn.execute(
                    t.reports.insert().values(
                        message_id=message_id,
                        reporter_id=actor.id,
                        reason=text,
                        state=ReportState.OPEN.value,
                        created_at=self.now(),
                    )
                )
            except IntegrityError:
                raise Conflict("You have already reported this message.") from None
            key = result.inserted_primary_key
            assert key is not None
            return self._reports(conn, actor, [int(key[0])])[0]

    def _reports(self, conn: Connection, actor: Actor, ids: list[int]) -> list[Report]:
        rows = conn.execute(
            select(t.reports, t.messages, t.users.c.state.label("sender_state"))
            .join(t.messages, t.messages.c.id == t.reports.c.message_id)
            .outerjoin(t.users, t.users.c.id == t.messages.c.sender_id)
            .where(t.reports.c.id.in_(ids))
            .order_by(t.reports.c.id)
        ).all()
        refs = self.refs(conn, [i for r in rows for i in (r.reporter_id, r.sender_id)])
        result = []
        for r in rows:
            m = r._mapping
            message = Message(
                id=m[t.messages.c.id],
                thread_id=m["thread_id"],
                sender=refs.get(m["sender_id"]) if m["sender_id"] is not None else None,
                body=m["body"],
                created_at=m[t.messages.c.created_at],
                read=m["read_at"] is not None,
                removed=m["removed"],
                mine=m["sender_id"] == actor.id,
            )
            result.append(
                Report(
                    id=m[t.reports.c.id],
                    state=ReportState(m[t.reports.c.state]),
                    message=message,
                    reporter=refs.get(m["reporter_id"]) if m["reporter_id"] else None,
                    reason=m["reason"],
                    created_at=m[t.reports.c.created_at],
                    handled_at=m["handled_at"],
                    sender_suspended=m["sender_state"] == "suspended",
                )
            )
        return result

    # -- notifications ------------------------------------------------------------

    def list_notifications(
        self, actor: Actor, unread_only: bool = False, page: int = 1, page_size: int = 20
    ) -> Page[Notification]:
        check_page(page, page_size)
        n = t.notifications
        clauses = [n.c.user_id == actor.id]
        if unread_only:
            clauses.append(n.c.read_at.is_(None))
        with self.store.read() as conn:
            total = conn.execute(select(func.count()).select_from(n).where(*clauses)).scalar_one()
            rows = conn.execute(
                select(n)
                .where(*clauses)
                .order_by(n.c.id.desc())
                .limit(page_size)
                .offset((page - 1) * page_size)
            ).all()
        items = [
            Notification(
                id=r.id,
                kind=NotificationKind(r.kind),
                text=r.text,
                subject_type=r.subject_type,
                subject_id=r.subject_id,
                created_at=r.created_at,
                read=r.read_at is not None,
            )
            for r in rows
        ]
        return Page[Notification](items=items, page=page, page_size=page_size, total=total)

    def unread_count(self, actor: Actor) -> int:
        n = t.notifications
        with self.store.read() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(n)
                    .where(n.c.user_id == actor.id, n.c.read_at.is_(None))
                ).scalar_one()
            )

    def notification_summary(self, actor: Actor) -> NotificationSummary:
        """The unread count and the newest notification's id: two indexed look-ups, for the
        live badge (the server's event stream asks this about once a second per client)."""
        n = t.notifications
        with self.store.read() as conn:
            unread = conn.execute(
                select(func.count())
                .select_from(n)
                .where(n.c.user_id == actor.id, n.c.read_at.is_(None))
            ).scalar_one()
            latest = conn.execute(select(func.max(n.c.id)).where(n.c.user_id == actor.id)).scalar()
        return NotificationSummary(unread=int(unread), latest_id=latest)

    def mark_notifications_read(self, actor: Actor, notification_id: int | None = None) -> int:
        """Mark one notification (or, with None, all) read; returns how many changed."""
        n = t.notifications
        clauses = [n.c.user_id == actor.id, n.c.read_at.is_(None)]
        with self.store.write() as conn:
            if notification_id is not None:
                exists = conn.execute(
                    select(n.c.id).where(n.c.id == notification_id, n.c.user_id == actor.id)
                ).first()
                if not exists:
                    raise NotFound(f"There is no notification {notification_id} of yours.")
                clauses.append(n.c.id == notification_id)
            result = conn.execute(update(n).where(*clauses).values(read_at=self.now()))
            return int(result.rowcount or 0)
