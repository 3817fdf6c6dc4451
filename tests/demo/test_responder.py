"""The demo's invented mentors answer, through the service, on a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from mentor_tui.demo.responder import (
    DELAY_SECONDS,
    FULL_REPLY,
    DemoResponder,
    plan_for,
    start_responder,
)
from mentor_tui.demo.seed import DEMO_PASSWORD, seed_network
from mentor_tui.domain.enums import MentorState, NotificationKind, RequestState
from mentor_tui.domain.models import Actor, MentorCard, SearchQuery
from mentor_tui.service import MentoringService
from mentor_tui.store import schema as t
from mentor_tui.store.database import Store
from tests.conftest import FakeClock

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INTRO = "I study economics and would love advice on moving into your sector."


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def service(tmp_path: Path, clock: FakeClock) -> Iterator[MentoringService]:
    store = Store.open_data_dir(tmp_path)
    seed_network(store, mentors=40, seed=3, now=NOW)
    yield MentoringService(store, clock)
    store.close()


def _actor(service: MentoringService, username: str) -> Actor:
    return service.authenticate(service.login(username, DEMO_PASSWORD).token)


def _first(name: str) -> str:
    return name.split()[0]


def _mentors_with_room(service: MentoringService, student: Actor) -> list[MentorCard]:
    page = service.search_mentors(student, SearchQuery(page_size=50))
    return [
        card
        for card in page.items
        if card.state is MentorState.ACTIVE
        and card.active_mentees < card.max_mentees
        and not card.username.startswith("demo.")
    ]


def _first_with(service: MentoringService, student: Actor, accept: bool) -> MentorCard:
    """An invented mentor whose plan for the next request id is to accept (or decline)."""
    with service.store.read() as conn:
        next_id = conn.execute(t.requests.select().with_only_columns(t.requests.c.id)).all()
    upcoming = max((row.id for row in next_id), default=0) + 1
    for card in _mentors_with_room(service, student):
        if plan_for(upcoming, card.username).accept is accept:
            return card
    raise AssertionError("no mentor with that plan in the seeded network")


def test_plan_is_the_same_for_the_same_request_and_believable() -> None:
    plans = [plan_for(request_id, "ana.lima") for request_id in range(1, 200)]
    assert plans == [plan_for(request_id, "ana.lima") for request_id in range(1, 200)]
    low, high = DELAY_SECONDS
    assert all(low <= p.delay.total_seconds() <= high for p in plans)
    accepted = sum(p.accept for p in plans)
    assert 0 < accepted < len(plans)  # both paths happen


def test_invented_mentor_accepts_after_the_delay_with_a_reply(
    service: MentoringService, clock: FakeClock
) -> None:
    student = _actor(service, "demo.student")
    responder = DemoResponder(service)
    mentor = _first_with(service, student, accept=True)
    request = service.send_request(student, mentor.username, INTRO)
    plan = plan_for(request.id, mentor.username)

    clock.advance(seconds=plan.delay.total_seconds() - 0.5)
    assert responder.step() == []
    assert responder.seconds_to_next() == pytest.approx(0.5)
    clock.advance(seconds=0.5)
    [answer] = responder.step()

    assert (answer.request_id, answer.outcome) == (request.id, "accepted")
    seen = service.get_request(student, request.id)
    assert seen.state is RequestState.ACCEPTED
    assert _first(seen.mentee.name) in seen.response
    thread = service.get_thread(student, request.id)
    assert thread.messages[-1].body == seen.response
    assert NotificationKind.REQUEST_ACCEPTED in [
        n.kind for n in service.list_notifications(student).items
    ]
    assert responder.step() == []  # answered once
    assert responder.seconds_to_next() is None


def test_invented_mentor_declines_kindly(service: MentoringService, clock: FakeClock) -> None:
    student = _actor(service, "demo.student")
    responder = DemoResponder(service)
    mentor = _first_with(service, student, accept=False)
    request = service.send_request(student, mentor.username, INTRO)

    clock.advance(seconds=DELAY_SECONDS[1])
    assert [a.outcome for a in responder.step()] == ["declined"]
    seen = service.get_request(student, request.id)
    assert seen.state is RequestState.DECLINED
    assert _first(seen.mentee.name) in seen.response


def test_mentor_full_by_the_time_it_answers_declines_instead(
    service: MentoringService, clock: FakeClock
) -> None:
    student = _actor(service, "demo.student")
    responder = DemoResponder(service)
    mentor = _first_with(service, student, accept=True)
    request = service.send_request(student, mentor.username, INTRO)
    with service.store.write() as conn:  # the places filled up while the request waited
        conn.execute(
            update(t.mentor_profiles)
            .where(t.mentor_profiles.c.user_id == mentor.id)
            .values(max_mentees=mentor.active_mentees)
        )

    clock.advance(seconds=DELAY_SECONDS[1])
    assert [a.outcome for a in responder.step()] == ["declined"]
    seen = service.get_request(student, request.id)
    assert seen.state is RequestState.DECLINED
    assert seen.response == FULL_REPLY.format(first=_first(seen.mentee.name))


def test_retracted_request_is_left_alone(service: MentoringService, clock: FakeClock) -> None:
    student = _actor(service, "demo.student")
    responder = DemoResponder(service)
    mentor = _mentors_with_room(service, student)[0]
    request = service.send_request(student, mentor.username, INTRO)
    service.retract_request(student, request.id)

    clock.advance(seconds=DELAY_SECONDS[1])
    assert responder.step() == []
    assert service.get_request(student, request.id).state is RequestState.RETRACTED


def test_seeded_requests_and_the_demo_mentor_wait_for_a_person(
    service: MentoringService, clock: FakeClock
) -> None:
    student = _actor(service, "demo.student")
    before = service.list_requests(
        _actor(service, "demo.mentor"), "incoming", RequestState.PENDING
    ).total
    responder = DemoResponder(service)
    request = service.send_request(student, "demo.mentor", INTRO)

    clock.advance(days=1)
    assert responder.step() == []
    assert service.get_request(student, request.id).state is RequestState.PENDING
    after = service.list_requests(_actor(service, "demo.mentor"), "incoming", RequestState.PENDING)
    assert after.total == before + 1


def test_running_responder_answers_in_the_background(service: MentoringService) -> None:
    """The thread's loop, with the clock moved past the delay: no sleep is asserted on."""
    student = _actor(service, "demo.student")
    mentor = _mentors_with_room(service, student)[0]
    running = start_responder(service, poll=0.01)
    try:
        request = service.send_request(student, mentor.username, INTRO)
        service.clock.advance(seconds=DELAY_SECONDS[1])  # type: ignore[attr-defined]
        for _ in range(500):
            if service.get_request(student, request.id).state is not RequestState.PENDING:
                break
            running._stop.wait(0.01)
    finally:
        running.stop()
    assert service.get_request(student, request.id).state in (
        RequestState.ACCEPTED,
        RequestState.DECLINED,
    )


def test_now_is_used_for_the_delay(service: MentoringService, clock: FakeClock) -> None:
    student = _actor(service, "demo.student")
    responder = DemoResponder(service)
    mentor = _mentors_with_room(service, student)[0]
    request = service.send_request(student, mentor.username, INTRO)
    plan = plan_for(request.id, mentor.username)
    assert responder.seconds_to_next() == pytest.approx(plan.delay.total_seconds())
    clock.advance(seconds=plan.delay.total_seconds() + 1)
    assert responder.seconds_to_next() == 0.0
    assert timedelta(seconds=DELAY_SECONDS[0]) <= plan.delay
