"""Two members changing the same request or mentoring at the same moment.

Each change reads a state, checks the rule, then writes. Here both sides are held right
after the check until the other has reached it too (or until a short wait runs out,
which is what a correctly locked database makes happen: the second side waits for the
first one's row lock before it can even read). Without row locks on PostgreSQL both
would pass the check on the same old state, and an accepted request could end up
retracted with its mentoring running, or a message land in a finished thread.

On SQLite the one-writer lock serialises the same way; the tests run on both.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from mentor_tui.domain.enums import RelationshipState, RequestState
from mentor_tui.domain.errors import Conflict
from mentor_tui.domain.models import Actor
from mentor_tui.service import mentoring, messaging
from mentor_tui.store import schema as t
from tests.conftest import Network

#: How long one side waits at its check for the other, which is (rightly) blocked.
HOLD_SECONDS = 1.5


class Gate:
    """Holds each side right after its rule check until the other side gets there too.

    ``met`` is whether both sides were ever past their checks at the same moment: the
    race the row locks exist to prevent. With them, the second side is still waiting
    for the first one's lock, the wait runs out and the first side goes on alone.
    """

    def __init__(self) -> None:
        self.barrier = threading.Barrier(2)
        self.met = False
        self.holding = True

    def hold(self, module: Any, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
        original = getattr(module, name)

        def held(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            if self.holding:
                try:
                    self.barrier.wait(timeout=HOLD_SECONDS)
                    self.met = True
                except threading.BrokenBarrierError:
                    pass
            return result

        replacement = staticmethod(held) if isinstance(module, type) else held
        monkeypatch.setattr(module, name, replacement)

    def race(self, *sides: Callable[[], object]) -> list[object]:
        """Run the sides in threads at once: each one's result or the error it raised."""
        outcomes: list[object] = [None] * len(sides)

        def run(index: int) -> None:
            try:
                outcomes[index] = sides[index]()
            except Exception as error:  # the outcome under test
                outcomes[index] = error

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sides))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.holding = False
        assert not self.met, "both sides passed their checks on the same state"
        return outcomes


def _one_wins(outcomes: list[object]) -> None:
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], Conflict), refused[0]


@pytest.fixture
def pending(network: Network) -> tuple[Actor, Actor, int]:
    """A mentee, a mentor and the pending request between them."""
    mentee, mentor = network.member(), network.mentor()
    return mentee, mentor, network.request(mentee, mentor)


@pytest.fixture
def request_gate(monkeypatch: pytest.MonkeyPatch) -> Gate:
    """Holds each side of a race on a request right after its transition check."""
    gate = Gate()
    gate.hold(mentoring, "check_request_transition", monkeypatch)
    return gate


def test_an_accept_and_a_retract_at_once_leave_one_story(
    network: Network, pending: tuple[Actor, Actor, int], request_gate: Gate
) -> None:
    mentee, mentor, request_id = pending
    service = network.service

    outcomes = request_gate.race(
        lambda: service.accept_request(mentor, request_id, "Gladly."),
        lambda: service.retract_request(mentee, request_id),
    )

    _one_wins(outcomes)
    state = service.get_request(mentee, request_id).state
    with service.store.read() as conn:
        mentoring_started = conn.execute(
            select(t.relationships.c.id).where(t.relationships.c.id == request_id)
        ).first()
    assert (state is RequestState.ACCEPTED) == (mentoring_started is not None)
    assert state in (RequestState.ACCEPTED, RequestState.RETRACTED)
    active = service.me(mentor).mentor
    assert active is not None
    assert active.active_mentees == (1 if state is RequestState.ACCEPTED else 0)


def test_an_accept_and_a_decline_at_once_leave_one_answer(
    network: Network, pending: tuple[Actor, Actor, int], request_gate: Gate
) -> None:
    mentee, mentor, request_id = pending
    service = network.service

    outcomes = request_gate.race(
        lambda: service.accept_request(mentor, request_id),
        lambda: service.decline_request(mentor, request_id, "Sorry, no time."),
    )

    _one_wins(outcomes)
    answers = [n for n in network.kinds(mentee) if n.value.startswith("request_")]
    assert len(answers) == 1, answers


def test_a_message_and_a_finish_at_once_never_write_in_a_finished_thread(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    mentee, mentor = network.member(), network.mentor()
    thread = network.mentoring(mentee, mentor)
    service = network.service
    gate = Gate()
    gate.hold(mentoring, "check_relationship_transition", monkeypatch)
    gate.hold(messaging.MessagingMixin, "_writable", monkeypatch)

    outcomes = gate.race(
        lambda: service.send_message(mentee, thread, "One more question before we stop."),
        lambda: service.finish_relationship(mentor, thread, "Good luck!"),
    )

    finished = service.get_relationship(mentor, thread)
    assert finished.state is RelationshipState.FINISHED
    assert finished.finished_at is not None
    # Either the message went first and is in the thread, or it was refused whole.
    message = outcomes[0]
    bodies = [m.body for m in service.get_thread(mentor, thread).messages]
    if isinstance(message, Exception):
        assert isinstance(message, Conflict), message
        assert "read-only" in str(message)
        assert "One more question before we stop." not in bodies
    else:
        assert bodies.count("One more question before we stop.") == 1
    assert not isinstance(outcomes[1], Exception), outcomes[1]


def test_messages_at_once_in_one_thread_all_arrive(network: Network) -> None:
    """Locks that serialise must not deadlock: each message also updates its mentoring's
    last contact, so the mentoring row is taken for update, never shared then upgraded."""
    mentee, mentor = network.member(), network.mentor()
    thread = network.mentoring(mentee, mentor)
    service = network.service
    start = threading.Barrier(8)
    outcomes: list[object] = []

    def send(n: int) -> None:
        start.wait(timeout=30)
        try:
            outcomes.append(service.send_message([mentee, mentor][n % 2], thread, f"Note {n}"))
        except Exception as error:  # the outcome under test
            outcomes.append(error)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for worker in threads:
        worker.start()
    for worker in threads:
        worker.join(timeout=60)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    bodies = {m.body for m in service.get_thread(mentee, thread).messages}
    assert {f"Note {n}" for n in range(8)} <= bodies
