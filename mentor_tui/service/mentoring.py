"""Finding mentors, requests and their answers, relationships and objectives."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Table, and_, func, literal_column, or_, select, update

from mentor_tui.domain.enums import (
    MentorState,
    NotificationKind,
    RelationshipState,
    RequestState,
    check_relationship_transition,
    check_request_transition,
)
from mentor_tui.domain.errors import Conflict, Invalid, NotAllowed, NotFound
from mentor_tui.domain.lists import ACTIVITIES, HELP_AREAS, SECTORS, canonical, canonical_many
from mentor_tui.domain.models import (
    DEFAULT_RHYTHM_DAYS,
    INTRODUCTION_MIN,
    MAX_PENDING_REQUESTS,
    MESSAGE_MAX,
    PAGE_SIZE_MAX,
    Actor,
    MentorCard,
    MentoringRequest,
    Objective,
    Page,
    Relationship,
    SearchQuery,
    SectorCount,
    Suggestion,
)
from mentor_tui.domain.text import clean_line, clean_text, strip_control
from mentor_tui.service.base import (
    Lock,
    ServiceBase,
    full_name,
    join_list,
    locked,
    split_list,
)
from mentor_tui.service.idempotency import fingerprint, send_once
from mentor_tui.store import schema as t
from mentor_tui.store.search import search_key, search_mentor_ids

OBJECTIVE_MAX = 300
RHYTHM_RANGE = (1, 365)
SEARCH_TEXT_MAX = 200
"""Typed search text is cut here, not refused: only its first few words narrow a search."""
SUGGESTION_POOL = 300
"""Candidates read per signal before ranking: enough variety, bounded cost at any size."""


def _filter_text(value: str | None) -> str | None:
    """A typed filter (programme, country) as one clean line; control characters out."""
    text = strip_control(value or "", multiline=False).strip()[:SEARCH_TEXT_MAX]
    return text or None


def check_page(page: int, page_size: int) -> None:
    if page < 1:
        raise Invalid(f"Pages start at 1, not {page}.")
    if not 1 <= page_size <= PAGE_SIZE_MAX:
        raise Invalid(f"A page holds 1 to {PAGE_SIZE_MAX} items, not {page_size}.")


def _listed(conn: Connection, table: Table, column: str, ids: list[int]) -> dict[int, list[str]]:
    """``column`` of ``table`` for each of the members ``ids``, in each one's own order."""
    grouped: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for user_id, value in conn.execute(
            select(table.c.user_id, table.c[column])
            .where(table.c.user_id.in_(ids))
            .order_by(table.c.user_id, table.c.seq)
        ).all():
            grouped[user_id].append(value)
    return grouped


class MentoringMixin(ServiceBase):
    # -- search -------------------------------------------------------------------

    def normalise_query(self, query: SearchQuery) -> SearchQuery:
        check_page(query.page, query.page_size)
        if (
            query.graduated_from is not None
            and query.graduated_to is not None
            and query.graduated_from > query.graduated_to
        ):
            raise Invalid(
                f"The graduation years run from {query.graduated_from} to {query.graduated_to}: "
                "swap them."
            )
        return query.model_copy(
            update={
                "text": strip_control(query.text, multiline=False).strip()[:SEARCH_TEXT_MAX],
                "sectors": canonical_many(query.sectors, SECTORS, "sector"),
                "help_area": canonical(query.help_area, HELP_AREAS, "area of help")
                if query.help_area
                else None,
                "activity": canonical(query.activity, ACTIVITIES, "activity")
                if query.activity
                else None,
                "programme": _filter_text(query.programme),
                "country": _filter_text(query.country),
            }
        )

    def search_mentors(self, actor: Actor, query: SearchQuery) -> Page[MentorCard]:
        """Active mentors matching the text and filters, a page at a time; full ones marked."""
        self.require_verified(actor)
        query = self.normalise_query(query)
        with self.store.read() as conn:
            ids, total = search_mentor_ids(conn, query)
            cards = self.mentor_cards(conn, ids)
        return Page[MentorCard](
            items=cards, page=query.page, page_size=query.page_size, total=total
        )

    def mentor_cards(self, conn: Connection, ids: list[int]) -> list[MentorCard]:
        """Cards for the given mentors, in the order given."""
        if not ids:
            return []
        rows = {
            r.id: r
            for r in conn.execute(
                select(
                    t.users.c.id,
                    t.users.c.username,
                    t.users.c.first_name,
                    t.users.c.middle_name,
                    t.users.c.last_name,
                    t.users.c.headline,
                    t.users.c.city,
                    t.users.c.country,
                    t.users.c.programme,
                    t.users.c.year_graduated,
                    t.mentor_profiles.c.state,
                    t.mentor_profiles.c.job_title,
                    t.mentor_profiles.c.employer,
                    t.mentor_profiles.c.max_mentees,
                    t.mentor_profiles.c.active_mentees,
                )
                .join(t.mentor_profiles, t.mentor_profiles.c.user_id == t.users.c.id)
                .where(t.users.c.id.in_(ids))
            ).all()
        }
        lists = {
            column: _listed(conn, table, column, ids)
            for table, column in (
                (t.mentor_sectors, "sector"),
                (t.mentor_help_areas, "help_area"),
                (t.mentor_activities, "activity"),
            )
        }
        cards = []
        for i in ids:
            r = rows.get(i)
            if r is None:
                continue
            cards.append(
                MentorCard(
                    id=r.id,
                    username=r.username,
                    name=full_name(r),
                    headline=r.headline,
                    job_title=r.job_title,
                    employer=r.employer,
                    sectors=lists["sector"][i],
                    help_areas=lists["help_area"][i],
                    activities=lists["activity"][i],
                    city=r.city,
                    country=r.country,
                    programme=r.programme,
                    year_graduated=r.year_graduated,
                    state=MentorState(r.state),
                    max_mentees=r.max_mentees,
                    active_mentees=r.active_mentees,
                )
            )
        return cards

    def sector_cloud(self, actor: Actor) -> list[SectorCount]:
        """Active mentors grouped by work sector, largest first; every sector listed."""
        self.require_verified(actor)
        with self.store.read() as conn:
            state: Any = t.mentor_profiles.c.state
            if conn.dialect.name == "sqlite":
                # The unary plus keeps SQLite off the state index: it then reads the
                # sector index in order and finds each mentor by key, with no sort of
                # the groups (0.25 s -> 0.1 s for the dashboard of 100,000 mentors).
                state = literal_column("+mentor_profiles.state")
            counts: dict[str, int] = dict(
                conn.execute(
                    select(t.mentor_sectors.c.sector, func.count())
                    .join(
                        t.mentor_profiles, t.mentor_profiles.c.user_id == t.mentor_sectors.c.user_id
                    )
                    .where(state == MentorState.ACTIVE.value)
                    .group_by(t.mentor_sectors.c.sector)
                ).all()
            )
        result = [SectorCount(sector=s, count=int(counts.get(s, 0))) for s in SECTORS]
        return sorted(result, key=lambda c: (-c.count, c.sector))

    def suggest_mentors(self, actor: Actor, limit: int = 5) -> list[Suggestion]:
        """Mentors with room, ranked by what they share with the mentee, each saying why."""
        self.require_verified(actor)
        with self.store.read() as conn:
            me = self.user_row(conn, actor.id)
            interests = split_list(me.interest_sectors)
            goals = split_list(me.goal_areas)
            programme = search_key(me.programme)
            mp = t.mentor_profiles
            open_mentors = and_(
                mp.c.state == MentorState.ACTIVE.value,
                mp.c.has_room.is_(True),
                mp.c.user_id != actor.id,
            )
            candidates: set[int] = set()
            if interests:
                candidates.update(
                    conn.execute(
                        select(mp.c.user_id)
                        .join(t.mentor_sectors, t.mentor_sectors.c.user_id == mp.c.user_id)
                        .where(open_mentors, t.mentor_sectors.c.sector.in_(interests))
                        .limit(SUGGESTION_POOL)
                    ).scalars()
                )
            if programme:
                candidates.update(
                    conn.execute(
                        select(mp.c.user_id)
                        .where(open_mentors, mp.c.programme_key == programme)
                        .limit(SUGGESTION_POOL)
                    ).scalars()
                )
            if goals:
                candidates.update(
                    conn.execute(
                        select(mp.c.user_id)
                        .join(t.mentor_help_areas, t.mentor_help_areas.c.user_id == mp.c.user_id)
                        .where(open_mentors, t.mentor_help_areas.c.help_area.in_(goals))
                        .limit(SUGGESTION_POOL)
                    ).scalars()
                )
            pool = sorted(candidates - self._open_pairs(conn, actor.id))
            # Ranked on plain rows, and cards made for the few shown: a card for each of
            # the up to 900 candidates made a call 33 ms at 100,000 mentors, now 23.
            sectors = _listed(conn, t.mentor_sectors, "sector", pool)
            helps = _listed(conn, t.mentor_help_areas, "help_area", pool)
            ranked: list[tuple[int, str, int, list[str]]] = []
            for r in conn.execute(
                select(
                    t.users.c.id,
                    t.users.c.first_name,
                    t.users.c.middle_name,
                    t.users.c.last_name,
                    t.users.c.programme,
                )
                .join(t.mentor_profiles, t.mentor_profiles.c.user_id == t.users.c.id)
                .where(t.users.c.id.in_(pool))
            ).all():
                reasons: list[str] = []
                score = 0
                if programme and search_key(r.programme) == programme:
                    reasons.append("same programme")
                    score += 3
                shared_sectors = [s for s in sectors[r.id] if s in interests]
                reasons.extend(shared_sectors)
                score += 3 * len(shared_sectors)
                shared_help = [h for h in helps[r.id] if h in goals]
                reasons.extend(shared_help)
                score += 2 * len(shared_help)
                if score:
                    ranked.append((-score, full_name(r), r.id, reasons))
            ranked.sort(key=lambda row: row[:3])
            chosen = ranked[:limit]
            shown = [user_id for _, _, user_id, _ in chosen]
            cards = {card.id: card for card in self.mentor_cards(conn, shown)}
        return [
            Suggestion(mentor=cards[i], score=-minus, reasons=reasons)
            for minus, _, i, reasons in chosen
        ]

    def _open_pairs(self, conn: Connection, mentee_id: int) -> set[int]:
        """Mentors this mentee already has a pending request or active mentoring with."""
        pending = conn.execute(
            select(t.requests.c.mentor_id).where(
                t.requests.c.mentee_id == mentee_id,
                t.requests.c.state == RequestState.PENDING.value,
            )
        ).scalars()
        active = conn.execute(
            select(t.relationships.c.mentor_id).where(
                t.relationships.c.mentee_id == mentee_id,
                t.relationships.c.state == RelationshipState.ACTIVE.value,
            )
        ).scalars()
        return {i for i in (*pending, *active) if i is not None}

    # -- requests -----------------------------------------------------------------

    def send_request(
        self,
        actor: Actor,
        mentor: str | int,
        message: str,
        goals: str = "",
        activities: list[str] | None = None,
        idempotency_key: str | None = None,
    ) -> MentoringRequest:
        """Ask a mentor for mentoring, with an introduction saying why this mentor.

        With an ``idempotency_key`` already used by the actor for a request, the request
        sent then is returned and nothing new is written (see service/idempotency.py).
        """
        self.require_verified(actor)
        intro = clean_text(
            message, "The introduction message", max_length=MESSAGE_MAX, min_length=INTRODUCTION_MIN
        )
        goals_text = clean_text(goals, "Goals", max_length=MESSAGE_MAX)
        wanted = canonical_many(activities or [], ACTIVITIES, "activity")

        def create(conn: Connection) -> int:
            # One request at a time per mentee (PostgreSQL row lock; SQLite's BEGIN
            # IMMEDIATE already serialises), so the 3-pending limit and the one-open-
            # request-per-pair rule hold under concurrent sends. NO KEY UPDATE: the rows
            # that only point at the member (the idempotency key recorded just before,
            # notifications) take KEY SHARE locks on it, which this one must not wait for.
            conn.execute(
                select(t.users.c.id).where(t.users.c.id == actor.id).with_for_update(key_share=True)
            )
            mentor_row = self.user_by_name_or_id(conn, mentor)
            if mentor_row.id == actor.id:
                raise Conflict("You can't send a mentoring request to yourself.")
            profile = self.mentor_profile(conn, mentor_row.id)
            name = full_name(mentor_row)
            if profile is None or profile.state is MentorState.INACTIVE:
                raise Conflict(f"{name} is not a mentor in this network.")
            if profile.state is MentorState.PAUSED:
                raise Conflict(
                    f"{name} has paused mentoring and isn't taking requests; choose another mentor."
                )
            if not profile.has_room:
                raise Conflict(
                    f"{name} is full ({profile.active_mentees} of {profile.max_mentees} mentees) "
                    "and can't take new requests until a mentoring ends; choose another mentor."
                )
            if mentor_row.state != "verified":
                raise Conflict(f"{name} can't take requests at the moment.")
            not_offered = [a for a in wanted if a not in profile.activities]
            if not_offered:
                offered = ", ".join(profile.activities) or "none listed"
                raise Invalid(f"{name} doesn't offer {', '.join(not_offered)}; offered: {offered}.")
            pair_open = self._open_pairs(conn, actor.id)
            if mentor_row.id in pair_open:
                raise Conflict(
                    f"You already have a pending request or an active mentoring with {name}."
                )
            pending = conn.execute(
                select(func.count())
                .select_from(t.requests)
                .where(
                    t.requests.c.mentee_id == actor.id,
                    t.requests.c.state == RequestState.PENDING.value,
                )
            ).scalar_one()
            if pending >= MAX_PENDING_REQUESTS:
                raise Conflict(
                    f"You have {pending} pending requests, the most at a time; wait for an answer "
                    "or retract one first."
                )
            now = self.now()
            result = conn.execute(
                t.requests.insert().values(
                    mentee_id=actor.id,
                    mentor_id=mentor_row.id,
                    state=RequestState.PENDING.value,
                    message=intro,
                    goals=goals_text,
                    activities=join_list(wanted),
                    created_at=now,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            request_id = int(key[0])
            conn.execute(
                t.messages.insert().values(
                    thread_id=request_id,
                    sender_id=actor.id,
                    recipient_id=mentor_row.id,
                    body=intro,
                    created_at=now,
                )
            )
            mentee_name = full_name(self.user_row(conn, actor.id))
            self.notify(
                conn,
                mentor_row.id,
                NotificationKind.REQUEST_RECEIVED,
                f"{mentee_name} asks you for mentoring (request {request_id}).",
                "request",
                request_id,
            )
            return request_id

        digest = fingerprint(str(mentor).lower(), intro, goals_text, wanted)
        return send_once(
            self,
            actor,
            "request",
            idempotency_key,
            digest,
            create,
            lambda conn, request_id: self._request(conn, actor, request_id),
        )

    def _request_row(
        self, conn: Connection, actor: Actor, request_id: int, *, lock: Lock = None
    ) -> Row[Any]:
        """The request, if the actor may see it; ``lock`` holds it until the write commits.

        A transition reads the state and then changes it: on PostgreSQL two of them (an
        accept and a retract, say) could both read "pending" without the row lock
        ("update"). A message written in the thread holds it "share", so the state it
        checked cannot change under it. SQLite's one writer needs none of this.
        """
        query = locked(select(t.requests).where(t.requests.c.id == request_id), lock)
        row = conn.execute(query).first()
        if row is None or (actor.id not in (row.mentee_id, row.mentor_id) and not actor.is_admin):
            raise NotFound(f"There is no request {request_id} of yours. Check the number.")
        return row

    def _request(self, conn: Connection, actor: Actor, request_id: int) -> MentoringRequest:
        return self.requests_as_models(conn, [self._request_row(conn, actor, request_id)])[0]

    def get_request(self, actor: Actor, request_id: int) -> MentoringRequest:
        with self.store.read() as conn:
            return self._request(conn, actor, request_id)

    def list_requests(
        self,
        actor: Actor,
        direction: str | None = None,
        state: RequestState | None = None,
        page: int = 1,
        page_size: int = 20,
    ) -> Page[MentoringRequest]:
        """Requests sent (outgoing), received (incoming) or both, newest first."""
        check_page(page, page_size)
        r = t.requests
        if direction == "incoming":
            who = r.c.mentor_id == actor.id
        elif direction == "outgoing":
            who = r.c.mentee_id == actor.id
        elif direction is None:
            who = or_(r.c.mentor_id == actor.id, r.c.mentee_id == actor.id)
        else:
            raise Invalid(f"Direction is incoming or outgoing, not '{direction}'.")
        clauses = [who]
        if state is not None:
            clauses.append(r.c.state == RequestState(state).value)
        with self.store.read() as conn:
            total = conn.execute(select(func.count()).select_from(r).where(*clauses)).scalar_one()
            rows = conn.execute(
                select(r)
                .where(*clauses)
                .order_by(r.c.created_at.desc(), r.c.id.desc())
                .limit(page_size)
                .offset((page - 1) * page_size)
            ).all()
            items = self.requests_as_models(conn, list(rows))
        return Page[MentoringRequest](items=items, page=page, page_size=page_size, total=total)

    def accept_request(self, actor: Actor, request_id: int, message: str = "") -> Relationship:
        """The mentor says yes: a relationship starts, if a place is free at this moment."""
        self.require_verified(actor)
        response = clean_text(message, "The response", max_length=MESSAGE_MAX)
        with self.store.write() as conn:
            row = self._request_row(conn, actor, request_id, lock="update")
            if row.mentor_id != actor.id:
                raise NotAllowed("Only the mentor who received this request can accept it.")
            check_request_transition(RequestState(row.state), RequestState.ACCEPTED)
            mp = t.mentor_profiles
            # Lock the mentor's row (PostgreSQL); SQLite's BEGIN IMMEDIATE already serialises.
            place = conn.execute(
                select(mp.c.active_mentees, mp.c.max_mentees)
                .where(mp.c.user_id == actor.id)
                .with_for_update()
            ).first()
            active = conn.execute(
                select(func.count())
                .select_from(t.relationships)
                .where(
                    t.relationships.c.mentor_id == actor.id,
                    t.relationships.c.state == RelationshipState.ACTIVE.value,
                )
            ).scalar_one()
            if place is None or active >= place.max_mentees:
                maximum = place.max_mentees if place else 0
                raise Conflict(
                    f"You are full ({active} of {maximum} mentees): finish a mentoring or raise "
                    "your maximum before accepting."
                )
            if row.mentee_id is None:
                raise Conflict("The mentee has left the network.")
            now = self.now()
            conn.execute(
                update(t.requests)
                .where(t.requests.c.id == request_id)
                .values(state=RequestState.ACCEPTED.value, responded_at=now, response=response)
            )
            conn.execute(
                t.relationships.insert().values(
                    id=request_id,
                    mentee_id=row.mentee_id,
                    mentor_id=actor.id,
                    state=RelationshipState.ACTIVE.value,
                    started_at=now,
                    rhythm_days=DEFAULT_RHYTHM_DAYS,
                    last_contact_at=now,
                )
            )
            if response:
                self._add_message(conn, request_id, actor.id, row.mentee_id, response)
            self.recount_mentor(conn, actor.id)
            name = full_name(self.user_row(conn, actor.id))
            self.notify(
                conn,
                row.mentee_id,
                NotificationKind.REQUEST_ACCEPTED,
                f"{name} accepted your request: your mentoring {request_id} has started.",
                "relationship",
                request_id,
            )
            return self._relationship(conn, actor, request_id)

    def decline_request(self, actor: Actor, request_id: int, message: str = "") -> MentoringRequest:
        """The mentor says no, ideally with a word of why."""
        self.require_verified(actor)
        response = clean_text(message, "The response", max_length=MESSAGE_MAX)
        with self.store.write() as conn:
            row = self._request_row(conn, actor, request_id, lock="update")
            if row.mentor_id != actor.id:
                raise NotAllowed("Only the mentor who received this request can decline it.")
            check_request_transition(RequestState(row.state), RequestState.DECLINED)
            now = self.now()
            conn.execute(
                update(t.requests)
                .where(t.requests.c.id == request_id)
                .values(state=RequestState.DECLINED.value, responded_at=now, response=response)
            )
            if response:
                self._add_message(conn, request_id, actor.id, row.mentee_id, response)
            name = full_name(self.user_row(conn, actor.id))
            self.notify(
                conn,
                row.mentee_id,
                NotificationKind.REQUEST_DECLINED,
                f"{name} declined your request {request_id}.",
                "request",
                request_id,
            )
            return self._request(conn, actor, request_id)

    def retract_request(self, actor: Actor, request_id: int) -> MentoringRequest:
        """The mentee withdraws a request that is still pending."""
        with self.store.write() as conn:
            row = self._request_row(conn, actor, request_id, lock="update")
            if row.mentee_id != actor.id:
                raise NotAllowed("Only the mentee who sent this request can retract it.")
            check_request_transition(RequestState(row.state), RequestState.RETRACTED)
            conn.execute(
                update(t.requests)
                .where(t.requests.c.id == request_id)
                .values(state=RequestState.RETRACTED.value, responded_at=self.now())
            )
            name = full_name(self.user_row(conn, actor.id))
            self.notify(
                conn,
                row.mentor_id,
                NotificationKind.REQUEST_RETRACTED,
                f"{name} withdrew request {request_id}.",
                "request",
                request_id,
            )
            return self._request(conn, actor, request_id)

    def _add_message(
        self, conn: Connection, thread_id: int, sender_id: int, recipient_id: int | None, body: str
    ) -> int:
        now = self.now()
        result = conn.execute(
            t.messages.insert().values(
                thread_id=thread_id,
                sender_id=sender_id,
                recipient_id=recipient_id,
                body=body,
                created_at=now,
            )
        )
        conn.execute(
            update(t.relationships)
            .where(t.relationships.c.id == thread_id)
            .values(last_contact_at=now, quiet_notified_at=None)
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    # -- relationships ------------------------------------------------------------

    def _relationship_row(
        self, conn: Connection, actor: Actor, rel_id: int, *, lock: Lock = None
    ) -> Row[Any]:
        """The mentoring, if the actor may see it; ``lock`` as for :meth:`_request_row`."""
        query = locked(select(t.relationships).where(t.relationships.c.id == rel_id), lock)
        row = conn.execute(query).first()
        if row is None or (actor.id not in (row.mentee_id, row.mentor_id) and not actor.is_admin):
            raise NotFound(f"There is no mentoring {rel_id} of yours. Check the number.")
        return row

    def _relationship(self, conn: Connection, actor: Actor, rel_id: int) -> Relationship:
        return self.relationships_as_models(conn, [self._relationship_row(conn, actor, rel_id)])[0]

    def get_relationship(self, actor: Actor, rel_id: int) -> Relationship:
        with self.store.read() as conn:
            return self._relationship(conn, actor, rel_id)

    def list_relationships(
        self,
        actor: Actor,
        state: RelationshipState | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> Page[Relationship]:
        """The member's mentorings, as mentor and as mentee; active first, newest first."""
        check_page(page, page_size)
        rel = t.relationships
        clauses = [or_(rel.c.mentor_id == actor.id, rel.c.mentee_id == actor.id)]
        if state is not None:
            clauses.append(rel.c.state == RelationshipState(state).value)
        with self.store.read() as conn:
            total = conn.execute(select(func.count()).select_from(rel).where(*clauses)).scalar_one()
            rows = conn.execute(
                select(rel)
                .where(*clauses)
                .order_by(rel.c.state, rel.c.started_at.desc(), rel.c.id.desc())
                .limit(page_size)
                .offset((page - 1) * page_size)
            ).all()
            items = self.relationships_as_models(conn, list(rows))
        return Page[Relationship](items=items, page=page, page_size=page_size, total=total)

    def _active_relationship(self, conn: Connection, actor: Actor, rel_id: int) -> Row[Any]:
        row = self._relationship_row(conn, actor, rel_id, lock="update")
        if actor.id not in (row.mentee_id, row.mentor_id):
            raise NotAllowed("Only the mentor and mentee of this mentoring can change it.")
        if row.state != RelationshipState.ACTIVE.value:
            raise Conflict(f"Mentoring {rel_id} has finished; its thread is read-only.")
        return row

    def finish_relationship(
        self, actor: Actor, rel_id: int, note: str = "", feedback: int | None = None
    ) -> Relationship:
        """Either side ends the mentoring; the mentor's place is freed."""
        self.require_verified(actor)
        closing = clean_text(note, "The closing note", max_length=MESSAGE_MAX)
        if feedback is not None and not 1 <= feedback <= 5:
            raise Invalid(f"Feedback is 1 (not useful) to 5 (very useful), not {feedback}.")
        with self.store.write() as conn:
            row = self._relationship_row(conn, actor, rel_id, lock="update")
            if actor.id not in (row.mentee_id, row.mentor_id):
                raise NotAllowed("Only the mentor and mentee of this mentoring can finish it.")
            check_relationship_transition(RelationshipState(row.state), RelationshipState.FINISHED)
            conn.execute(
                update(t.relationships)
                .where(t.relationships.c.id == rel_id)
                .values(
                    state=RelationshipState.FINISHED.value,
                    finished_at=self.now(),
                    finished_by=actor.id,
                    closing_note=closing,
                    feedback=feedback,
                )
            )
            if row.mentor_id is not None:
                self.recount_mentor(conn, row.mentor_id)
            other = row.mentor_id if row.mentee_id == actor.id else row.mentee_id
            name = full_name(self.user_row(conn, actor.id))
            self.notify(
                conn,
                other,
                NotificationKind.RELATIONSHIP_FINISHED,
                f"{name} finished your mentoring {rel_id}. The thread stays readable.",
                "relationship",
                rel_id,
            )
            return self._relationship(conn, actor, rel_id)

    def set_rhythm(self, actor: Actor, rel_id: int, days: int) -> Relationship:
        """How often the pair agreed to be in touch (about once a month is suggested)."""
        if not RHYTHM_RANGE[0] <= days <= RHYTHM_RANGE[1]:
            raise Invalid(
                f"The rhythm is every {RHYTHM_RANGE[0]} to {RHYTHM_RANGE[1]} days, not {days}."
            )
        with self.store.write() as conn:
            self._active_relationship(conn, actor, rel_id)
            conn.execute(
                update(t.relationships)
                .where(t.relationships.c.id == rel_id)
                .values(rhythm_days=days, quiet_notified_at=None)
            )
            return self._relationship(conn, actor, rel_id)

    def add_objective(self, actor: Actor, rel_id: int, text: str) -> Objective:
        body = clean_line(text, "The objective", max_length=OBJECTIVE_MAX, required=True)
        with self.store.write() as conn:
            self._active_relationship(conn, actor, rel_id)
            result = conn.execute(
                t.objectives.insert().values(
                    relationship_id=rel_id, text=body, done=False, created_at=self.now()
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return self._objective(conn, int(key[0]))

    def _objective_row(self, conn: Connection, actor: Actor, objective_id: int) -> Row[Any]:
        row = conn.execute(select(t.objectives).where(t.objectives.c.id == objective_id)).first()
        if row is None:
            raise NotFound(f"There is no objective {objective_id}. Check the number.")
        try:
            self._active_relationship(conn, actor, row.relationship_id)
        except NotFound:
            raise NotFound(f"There is no objective {objective_id} of yours.") from None
        return row

    def _objective(self, conn: Connection, objective_id: int) -> Objective:
        o = conn.execute(select(t.objectives).where(t.objectives.c.id == objective_id)).one()
        return Objective(
            id=o.id,
            relationship_id=o.relationship_id,
            text=o.text,
            done=o.done,
            created_at=o.created_at,
            done_at=o.done_at,
        )

    def edit_objective(self, actor: Actor, objective_id: int, text: str) -> Objective:
        body = clean_line(text, "The objective", max_length=OBJECTIVE_MAX, required=True)
        with self.store.write() as conn:
            self._objective_row(conn, actor, objective_id)
            conn.execute(
                update(t.objectives).where(t.objectives.c.id == objective_id).values(text=body)
            )
            return self._objective(conn, objective_id)

    def set_objective_done(self, actor: Actor, objective_id: int, done: bool = True) -> Objective:
        """Tick an objective off (or back on). When all are met, both are told."""
        with self.store.write() as conn:
            row = self._objective_row(conn, actor, objective_id)
            conn.execute(
                update(t.objectives)
                .where(t.objectives.c.id == objective_id)
                .values(done=done, done_at=self.now() if done else None)
            )
            if done and not row.done:
                remaining = conn.execute(
                    select(func.count())
                    .select_from(t.objectives)
                    .where(
                        t.objectives.c.relationship_id == row.relationship_id,
                        t.objectives.c.done.is_(False),
                    )
                ).scalar_one()
                if remaining == 0:
                    rel = conn.execute(
                        select(t.relationships).where(t.relationships.c.id == row.relationship_id)
                    ).one()
                    for user_id in (rel.mentor_id, rel.mentee_id):
                        self.notify(
                            conn,
                            user_id,
                            NotificationKind.OBJECTIVES_MET,
                            f"Every objective of mentoring {rel.id} is met: finish the mentoring "
                            "or set new objectives.",
                            "relationship",
                            rel.id,
                        )
            return self._objective(conn, objective_id)
