"""Two accepts racing for a mentor's last place cannot both win (domain.md, "Requests").

Real processes, each with its own Store on the same SQLite file and its own service,
accept different requests at the same moment; the database decides.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentor_tui.domain.enums import RelationshipState, RequestState
from mentor_tui.domain.errors import Conflict
from mentor_tui.service import MentoringService
from mentor_tui.service.security import FAST_HASH_ENV
from mentor_tui.store import schema as t
from mentor_tui.store.database import Store
from tests.conftest import PASSWORD, FakeClock, Network

RACERS = 3


def _accept_in_own_process(
    data_dir: str, mentor: str, request_id: int, start: Barrier, results: multiprocessing.Queue
) -> None:
    """One racer: its own store and service, signed in as the mentor, accepting at the gun."""
    os.environ[FAST_HASH_ENV] = "1"
    store = Store.open_data_dir(Path(data_dir))
    try:
        service = MentoringService(store, FakeClock())
        actor = service.authenticate(service.login(mentor, PASSWORD).token)
        start.wait(timeout=60)
        try:
            service.accept_request(actor, request_id, "Welcome!")
        except Conflict as refused:
            results.put((request_id, "conflict", str(refused)))
        else:
            results.put((request_id, "accepted", ""))
    except Exception as error:  # reported to the parent, which fails the test
        results.put((request_id, "error", repr(error)))
    finally:
        store.close()


@pytest.mark.slow
def test_only_one_of_several_racing_accepts_gets_the_last_place(network: Network) -> None:
    if network.service.store.dialect != "sqlite":
        pytest.skip("the race is between processes sharing one SQLite file")
    mentor = network.mentor(max_mentees=2)
    network.mentoring(network.member(), mentor)  # one place left
    request_ids = [network.request(network.member(), mentor) for _ in range(RACERS)]

    context = multiprocessing.get_context("spawn")
    start = context.Barrier(RACERS)
    results = context.Queue()
    racers = [
        context.Process(
            target=_accept_in_own_process,
            args=(str(network.data_dir), mentor.username, request_id, start, results),
        )
        for request_id in request_ids
    ]
    for racer in racers:
        racer.start()
    outcomes = [results.get(timeout=120) for _ in racers]
    for racer in racers:
        racer.join(timeout=30)

    assert [o for o in outcomes if o[1] == "error"] == []
    winners = [request_id for request_id, outcome, _ in outcomes if outcome == "accepted"]
    losers = [message for _, outcome, message in outcomes if outcome == "conflict"]
    assert len(winners) == 1 and len(losers) == RACERS - 1
    assert all("You are full" in message for message in losers)

    with network.service.store.read() as conn:
        active = conn.execute(
            select(func.count())
            .select_from(t.relationships)
            .where(
                t.relationships.c.mentor_id == mentor.id,
                t.relationships.c.state == RelationshipState.ACTIVE.value,
            )
        ).scalar_one()
    assert active == 2
    profile = network.service.me(mentor).mentor
    assert profile is not None and profile.active_mentees == 2 and not profile.has_room
    states = {i: network.service.get_request(mentor, i).state for i in request_ids}
    assert states.pop(winners[0]) is RequestState.ACCEPTED
    assert set(states.values()) == {RequestState.PENDING}
