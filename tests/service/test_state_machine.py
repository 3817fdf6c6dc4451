"""The request/relationship state machine under random sequences of what people do.

Hypothesis signs members up, sends, accepts, declines, retracts and finishes in any
order and lets time pass; after every step the network must still keep its promises:
no mentor over the maximum, counters that match the relationships, one open request
or mentoring per pair, at most three pending requests per mentee, and a notification
for the other side of every change. Refusals are checked too: the service may refuse
only for a reason that really holds at that moment.

People and requests are kept in plain lists and picked by index (not in Bundles), so
every rule is possible from the first step and no example is thrown away.
"""

from __future__ import annotations

import itertools
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import Row, func, select

from mentor_tui.domain.enums import NotificationKind, RelationshipState, RequestState, Role
from mentor_tui.domain.errors import Conflict, NotAllowed
from mentor_tui.domain.models import EXPIRY_DAYS, MAX_PENDING_REQUESTS, Actor, Registration
from mentor_tui.service import MentoringService
from mentor_tui.store import schema as t
from tests.conftest import PASSWORD, FakeClock, copy_empty_network

INTRO = "I would value your advice on my first steps after graduating."
MAX_PEOPLE = 3
"""Per role: few people, so requests crowd the same mentors and places run out."""

picks = st.integers(min_value=0, max_value=1_000)
"""Which person or request a rule acts on, taken modulo how many there are."""

ACTIVE = RelationshipState.ACTIVE.value
PENDING = RequestState.PENDING.value


class MentoringNetwork(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.store = copy_empty_network(Path(self.tmp.name))
        self.clock = FakeClock()
        self.service = MentoringService(self.store, self.clock)
        self.admin = self.service.authenticate(self.service.login("alex.office", PASSWORD).token)
        self.students: list[Actor] = []
        self.mentors: list[Actor] = []
        self.request_ids: list[int] = []
        self.mentorings = 0
        """How many relationships are active now."""
        self.actors: dict[int, Actor] = {}
        self.numbers = itertools.count(1)

    def teardown(self) -> None:
        self.store.close()
        self.tmp.cleanup()

    # -- helpers --------------------------------------------------------------------

    def _sign_up(self, role: Role) -> Actor:
        n = next(self.numbers)
        member = self.service.register(
            Registration(
                first_name=f"Person{n}",
                last_name="Test",
                password=PASSWORD,
                email=f"person{n}@example.org",
                role=role,
                accept_guidelines=True,
            )
        )
        self.service.verify_member(self.admin, member.username)
        actor = self.service.authenticate(self.service.login(member.username, PASSWORD).token)
        self.actors[actor.id] = actor
        return actor

    def _mentee(self, pick: int) -> Actor:
        """Students, and alumni too: a mentor can be someone else's mentee."""
        people = self.students + self.mentors
        return people[pick % len(people)]

    def _scalar(self, query: Any) -> Any:
        with self.store.read() as conn:
            return conn.execute(query).scalar()

    def _notified(self, user_id: int | None, kind: NotificationKind, subject_id: int) -> bool:
        n = t.notifications
        return bool(
            self._scalar(
                select(n.c.id).where(
                    n.c.user_id == user_id, n.c.kind == kind.value, n.c.subject_id == subject_id
                )
            )
        )

    def _request(self, pick: int) -> Row[Any]:
        request_id = self.request_ids[pick % len(self.request_ids)]
        with self.store.read() as conn:
            return conn.execute(select(t.requests).where(t.requests.c.id == request_id)).one()

    def _count(self, table: Any, *clauses: Any) -> int:
        return int(self._scalar(select(func.count()).select_from(table).where(*clauses)))

    def _is_full(self, mentor_id: int) -> bool:
        rel, mp = t.relationships, t.mentor_profiles
        active = self._count(rel, rel.c.mentor_id == mentor_id, rel.c.state == ACTIVE)
        return active >= self._scalar(select(mp.c.max_mentees).where(mp.c.user_id == mentor_id))

    def _pair_open(self, mentee_id: int, mentor_id: int) -> bool:
        r, rel = t.requests, t.relationships
        pending = self._count(
            r, r.c.mentee_id == mentee_id, r.c.mentor_id == mentor_id, r.c.state == PENDING
        )
        active = self._count(
            rel, rel.c.mentee_id == mentee_id, rel.c.mentor_id == mentor_id, rel.c.state == ACTIVE
        )
        return pending + active > 0

    def _pending_of(self, mentee_id: int) -> int:
        r = t.requests
        return self._count(r, r.c.mentee_id == mentee_id, r.c.state == PENDING)

    # -- what people do ---------------------------------------------------------------

    @initialize(places=st.integers(min_value=1, max_value=5))
    def a_student_asks_a_mentor(self, places: int) -> None:
        self.student_joins()
        self.alumnus_starts_mentoring(places)
        self.send_request(0, 0)

    @precondition(lambda self: len(self.students) < MAX_PEOPLE)
    @rule()
    def student_joins(self) -> None:
        self.students.append(self._sign_up(Role.STUDENT))

    @precondition(lambda self: len(self.mentors) < MAX_PEOPLE)
    @rule(places=st.integers(min_value=1, max_value=5))
    def alumnus_starts_mentoring(self, places: int) -> None:
        mentor = self._sign_up(Role.ALUMNUS)
        self.service.update_mentor(mentor, sectors=["Finance"], max_mentees=places)
        self.service.activate_mentor(mentor)
        self.mentors.append(mentor)

    @rule(mentee_pick=picks, mentor_pick=picks)
    def send_request(self, mentee_pick: int, mentor_pick: int) -> None:
        mentee = self._mentee(mentee_pick)
        mentor = self.mentors[mentor_pick % len(self.mentors)]
        try:
            request = self.service.send_request(mentee, mentor.id, INTRO)
        except Conflict:
            assert (
                mentee.id == mentor.id
                or self._is_full(mentor.id)
                or self._pair_open(mentee.id, mentor.id)
                or self._pending_of(mentee.id) >= MAX_PENDING_REQUESTS
            ), "a request was refused for no reason"
            return
        assert self._notified(mentor.id, NotificationKind.REQUEST_RECEIVED, request.id)
        self.request_ids.append(request.id)

    @precondition(lambda self: self.request_ids)
    @rule(pick=picks)
    def mentor_accepts(self, pick: int) -> None:
        row = self._request(pick)
        try:
            self.service.accept_request(self.actors[row.mentor_id], row.id, "Glad to help.")
        except Conflict:
            assert row.state != PENDING or self._is_full(row.mentor_id), (
                "an accept was refused for no reason"
            )
            return
        assert row.state == PENDING
        assert self._notified(row.mentee_id, NotificationKind.REQUEST_ACCEPTED, row.id)
        self.mentorings += 1

    @precondition(lambda self: self.request_ids)
    @rule(pick=picks)
    def mentor_declines(self, pick: int) -> None:
        row = self._request(pick)
        try:
            self.service.decline_request(self.actors[row.mentor_id], row.id, "Sorry, no.")
        except Conflict:
            assert row.state != PENDING
            return
        assert row.state == PENDING
        assert self._notified(row.mentee_id, NotificationKind.REQUEST_DECLINED, row.id)

    @precondition(lambda self: self.request_ids)
    @rule(pick=picks)
    def mentee_retracts(self, pick: int) -> None:
        row = self._request(pick)
        try:
            self.service.retract_request(self.actors[row.mentee_id], row.id)
        except Conflict:
            assert row.state != PENDING
            return
        assert row.state == PENDING
        assert self._notified(row.mentor_id, NotificationKind.REQUEST_RETRACTED, row.id)

    @precondition(lambda self: self.request_ids)
    @rule(pick=picks, mentor_retracts=st.booleans())
    def the_wrong_side_answers(self, pick: int, mentor_retracts: bool) -> None:
        """The mentee can't accept, the mentor can't retract: refused, nothing changes."""
        row = self._request(pick)
        try:
            if mentor_retracts:
                self.service.retract_request(self.actors[row.mentor_id], row.id)
            else:
                self.service.accept_request(self.actors[row.mentee_id], row.id)
        except NotAllowed:
            pass
        else:
            raise AssertionError("the wrong side changed a request")
        assert self._request(pick).state == row.state

    @precondition(lambda self: self.mentorings > 0)
    @rule(pick=picks, by_mentor=st.booleans(), feedback=st.integers(min_value=1, max_value=5))
    def someone_finishes(self, pick: int, by_mentor: bool, feedback: int) -> None:
        rel = t.relationships
        with self.store.read() as conn:
            active = conn.execute(select(rel).where(rel.c.state == ACTIVE).order_by(rel.c.id)).all()
        assert len(active) == self.mentorings
        row = active[pick % len(active)]
        finisher, other = (
            (row.mentor_id, row.mentee_id) if by_mentor else (row.mentee_id, row.mentor_id)
        )
        self.service.finish_relationship(self.actors[finisher], row.id, "Thanks!", feedback)
        self.mentorings -= 1
        assert self._notified(other, NotificationKind.RELATIONSHIP_FINISHED, row.id)

    @rule(days=st.integers(min_value=0, max_value=8), hours=st.integers(min_value=0, max_value=23))
    def time_passes(self, days: int, hours: int) -> None:
        self.clock.advance(days=days, hours=hours)
        r = t.requests
        with self.store.read() as conn:
            due = conn.execute(
                select(r.c.id, r.c.mentee_id).where(
                    r.c.state == PENDING,
                    r.c.created_at <= self.clock.now - timedelta(days=EXPIRY_DAYS),
                )
            ).all()
        self.service.process_due()
        for request_id, mentee_id in due:
            assert self._scalar(select(r.c.state).where(r.c.id == request_id)) == "expired"
            assert self._notified(mentee_id, NotificationKind.REQUEST_EXPIRED, request_id)

    # -- promises kept after every step -----------------------------------------------

    @invariant()
    def mentors_never_exceed_their_maximum_and_counters_match(self) -> None:
        mp, rel = t.mentor_profiles, t.relationships
        with self.store.read() as conn:
            profiles = conn.execute(select(mp)).all()
            counts = {
                (mentor_id, state): n
                for mentor_id, state, n in conn.execute(
                    select(rel.c.mentor_id, rel.c.state, func.count()).group_by(
                        rel.c.mentor_id, rel.c.state
                    )
                ).all()
            }
        for p in profiles:
            active = counts.get((p.user_id, ACTIVE), 0)
            finished = counts.get((p.user_id, RelationshipState.FINISHED.value), 0)
            assert active <= p.max_mentees
            assert p.active_mentees == active
            assert p.completed == finished
            assert bool(p.has_room) == (active < p.max_mentees)

    @invariant()
    def at_most_one_open_request_or_mentoring_per_pair(self) -> None:
        r, rel = t.requests, t.relationships
        with self.store.read() as conn:
            pending = conn.execute(
                select(r.c.mentee_id, r.c.mentor_id).where(r.c.state == PENDING)
            ).all()
            active = conn.execute(
                select(rel.c.mentee_id, rel.c.mentor_id).where(rel.c.state == ACTIVE)
            ).all()
        pairs = [tuple(p) for p in (*pending, *active)]
        assert len(pairs) == len(set(pairs))

    @invariant()
    def at_most_three_pending_requests_per_mentee(self) -> None:
        r = t.requests
        most = self._scalar(
            select(func.count())
            .select_from(r)
            .where(r.c.state == PENDING)
            .group_by(r.c.mentee_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        assert (most or 0) <= MAX_PENDING_REQUESTS

    @invariant()
    def every_accepted_request_grew_exactly_one_relationship(self) -> None:
        r, rel = t.requests, t.relationships
        with self.store.read() as conn:
            accepted = set(
                conn.execute(
                    select(r.c.id).where(r.c.state == RequestState.ACCEPTED.value)
                ).scalars()
            )
            grown = set(conn.execute(select(rel.c.id)).scalars())
        assert accepted == grown


MentoringNetwork.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestMentoringNetwork = MentoringNetwork.TestCase
