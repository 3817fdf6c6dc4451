"""Demo mentors who answer: a visitor alone in a sandbox sees the whole journey.

In a demo sandbox nobody sits behind the invented mentors, so a request a visitor sends
would wait forever. The responder plays those mentors: each request sent *after it
started* to an invented mentor is accepted or declined a few seconds later, with a
short reply, as that mentor, through :class:`MentoringService`. The service decides
everything it always decides (is the request still pending, is the mentor full, who
is told): a mentor who has become full while a request waited declines instead, and a
request the visitor retracted in the meantime is simply left alone.

Deliberately not played: the documented demo logins (``demo.mentor`` and friends).
A visitor may sign in as them to answer by hand, so their requests wait for a person.
Requests from before the responder started (the seeded history) are left as seeded.

Every decision (how long the mentor takes, yes or no, the words of the reply) follows
from the request's id and the mentor's username alone, so the same request in the same
sandbox is always answered the same way, and tests drive :meth:`DemoResponder.step`
with a fake clock instead of sleeping.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from mentor_tui.demo.seed import DEMO_LOGINS, DEMO_PASSWORD
from mentor_tui.domain.enums import RequestState
from mentor_tui.domain.errors import Conflict, MentorError
from mentor_tui.domain.models import Actor, MentoringRequest
from mentor_tui.service import MentoringService
from mentor_tui.store import schema as t

DELAY_SECONDS = (4.0, 18.0)
"""How long an invented mentor takes to answer: long enough to feel like a person
reading, short enough that a visitor at a stand is still there to see it."""
ACCEPT_SHARE = 0.75
"""Three in four requests are accepted: mostly good news, with a decline often enough
that the visitor sees that path (and its kind reply) too."""
PLAYED_BY_PEOPLE = frozenset(login.username for login in DEMO_LOGINS)
"""Demo accounts a visitor may sign in as to answer by hand: never answered for them."""
POLL_SECONDS = 1.0
"""How often the running responder looks for new requests (one small indexed read)."""

ACCEPT_REPLIES = (
    "Hi {first}, thanks for your message, I'd be glad to help. Could we start with a "
    "30-minute call next week? Send me two or three times that suit you.",
    "Hello {first}! Happy to mentor you. Before we talk, write down the two questions "
    "that matter most to you right now, and we'll start from those.",
    "Hi {first}, your introduction made me smile: I was in the same place a few years "
    "ago. Yes, let's do this. I'm free most Tuesday evenings; does that work for you?",
    "Dear {first}, I accept with pleasure. Let's agree on our objectives first: what "
    "would make the next three months a success for you?",
)
DECLINE_REPLIES = (
    "Hi {first}, thank you for thinking of me. I can't take on a new mentee this term, "
    "but do ask someone else from the search: there are great people in this sector.",
    "Hello {first}, I'm sorry to say no: work is very busy right now and you deserve "
    "someone with time for you. Good luck, and try again with another mentor!",
)
FULL_REPLY = (
    "Hi {first}, I'd have loved to, but my mentoring places filled up while your "
    "request waited. Please ask another mentor; the suggestions on your dashboard are good."
)


@dataclass(frozen=True)
class Plan:
    """How one invented mentor will answer one request."""

    delay: timedelta
    accept: bool
    reply: str
    """A template with ``{first}``: the mentee's first name."""


def plan_for(request_id: int, mentor_username: str) -> Plan:
    """The answer to a request, the same every time for the same request and mentor."""
    rng = random.Random(f"demo-responder/{request_id}/{mentor_username}")
    delay = timedelta(seconds=round(rng.uniform(*DELAY_SECONDS), 1))
    accept = rng.random() < ACCEPT_SHARE
    reply = rng.choice(ACCEPT_REPLIES if accept else DECLINE_REPLIES)
    return Plan(delay=delay, accept=accept, reply=reply)


@dataclass(frozen=True)
class Answer:
    """What the responder did to one request: ``accepted``, ``declined`` or ``skipped``."""

    request_id: int
    mentor: str
    outcome: str


class DemoResponder:
    """Answers, as its invented mentor, each request sent in this sandbox after it started."""

    def __init__(
        self,
        service: MentoringService,
        *,
        password: str = DEMO_PASSWORD,
        played_by_people: frozenset[str] = PLAYED_BY_PEOPLE,
    ) -> None:
        self.service = service
        self.password = password
        self.played_by_people = played_by_people
        self._actors: dict[str, Actor] = {}
        self._done: set[int] = set()
        with service.store.read() as conn:
            self.baseline = int(
                conn.execute(select(func.coalesce(func.max(t.requests.c.id), 0))).scalar_one()
            )
        """Requests up to this id existed before the responder: the seeded history."""

    def _waiting(self) -> list[tuple[int, str, datetime]]:
        """Requests sent since the start and still pending: (id, mentor username, sent)."""
        r, u = t.requests, t.users
        with self.service.store.read() as conn:
            rows = conn.execute(
                select(r.c.id, u.c.username, r.c.created_at)
                .join(u, u.c.id == r.c.mentor_id)
                .where(r.c.id > self.baseline, r.c.state == RequestState.PENDING.value)
                .order_by(r.c.id)
            ).all()
        return [
            (row.id, row.username, row.created_at)
            for row in rows
            if row.id not in self._done and row.username not in self.played_by_people
        ]

    def _as(self, username: str) -> Actor:
        """The invented mentor, signed in through the service like anyone else."""
        actor = self._actors.get(username)
        if actor is None:
            session = self.service.login(username, self.password)
            actor = self.service.authenticate(session.token)
            self._actors[username] = actor
        return actor

    def _due_at(self, request_id: int, mentor: str, sent: datetime) -> datetime:
        if sent.tzinfo is None:  # SQLite hands back naive UTC
            sent = sent.replace(tzinfo=self.service.now().tzinfo)
        return sent + plan_for(request_id, mentor).delay

    def seconds_to_next(self) -> float | None:
        """Seconds until the next answer is due (None: nothing is waiting)."""
        now = self.service.now()
        due = [self._due_at(*waiting) for waiting in self._waiting()]
        if not due:
            return None
        return max(0.0, (min(due) - now).total_seconds())

    def step(self) -> list[Answer]:
        """Answer every request whose time has come; what was done, in request order."""
        now = self.service.now()
        answers = []
        for request_id, mentor, sent in self._waiting():
            if self._due_at(request_id, mentor, sent) <= now:
                answers.append(self._answer(request_id, mentor))
                self._done.add(request_id)
        return answers

    def _answer(self, request_id: int, mentor: str) -> Answer:
        plan = plan_for(request_id, mentor)
        try:
            actor = self._as(mentor)
            request = self.service.get_request(actor, request_id)
            first = _first_name(request)
            if plan.accept:
                try:
                    self.service.accept_request(actor, request_id, plan.reply.format(first=first))
                    return Answer(request_id, mentor, "accepted")
                except Conflict:  # full at this moment (or the state moved): say so kindly
                    pass
                self.service.decline_request(actor, request_id, FULL_REPLY.format(first=first))
            else:
                self.service.decline_request(actor, request_id, plan.reply.format(first=first))
            return Answer(request_id, mentor, "declined")
        except MentorError:
            # Retracted meanwhile, or the visitor changed this mentor's password: the
            # service said no, and the demo goes on without this answer.
            self._actors.pop(mentor, None)
            return Answer(request_id, mentor, "skipped")


def _first_name(request: MentoringRequest) -> str:
    name = request.mentee.name.split()
    return name[0] if name else "there"


class RunningResponder:
    """A responder answering in a background thread until :meth:`stop`."""

    def __init__(self, responder: DemoResponder, poll: float = POLL_SECONDS) -> None:
        self.responder = responder
        self.poll = poll
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-responder", daemon=True)

    def start(self) -> RunningResponder:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.responder.step()
                wait = self.responder.seconds_to_next()
            except Exception:  # a busy or closing database: try again at the next poll
                wait = None
            self._stop.wait(self.poll if wait is None else min(self.poll, wait))

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)


def start_responder(service: MentoringService, *, poll: float = POLL_SECONDS) -> RunningResponder:
    """Start answering requests in this sandbox; call ``stop()`` before closing the store."""
    return RunningResponder(DemoResponder(service), poll).start()
