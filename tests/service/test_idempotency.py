"""A send retried under its idempotency key is stored once (issue 7, "no doubled data")."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from sqlalchemy import func, inspect, select

from mentor_tui.domain.enums import NotificationKind, RequestState
from mentor_tui.domain.errors import Conflict, Invalid
from mentor_tui.domain.models import Actor
from mentor_tui.service.idempotency import KEY_DAYS
from mentor_tui.store import schema as t
from mentor_tui.store.database import SCHEMA_VERSION, Store
from tests.conftest import Network

T = TypeVar("T")
INTRO = "Hello, I would value your advice on my career plans."


def pair(network: Network) -> tuple[Actor, Actor, int]:
    mentor, mentee = network.mentor(), network.member()
    return mentor, mentee, network.mentoring(mentee, mentor)


def bodies(network: Network, viewer: Actor, thread_id: int) -> list[str]:
    return [m.body for m in network.service.get_thread(viewer, thread_id).messages]


# -- messages ---------------------------------------------------------------------------


def test_a_message_sent_again_with_its_key_is_stored_once(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    first = network.service.send_message(mentee, thread_id, "See you on Friday?", "key-1")
    again = network.service.send_message(mentee, thread_id, "See you on Friday?", "key-1")
    assert again == first
    assert bodies(network, mentor, thread_id).count("See you on Friday?") == 1
    assert network.kinds(mentor).count(NotificationKind.NEW_MESSAGE) == 1


def test_two_keys_are_two_messages(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    a = network.service.send_message(mentee, thread_id, "Thanks!", "key-a")
    b = network.service.send_message(mentee, thread_id, "Thanks!", "key-b")
    assert a.id != b.id
    assert bodies(network, mentor, thread_id).count("Thanks!") == 2


def test_messages_without_a_key_are_never_merged(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    network.service.send_message(mentee, thread_id, "Thanks!")
    network.service.send_message(mentee, thread_id, "Thanks!")
    assert bodies(network, mentor, thread_id).count("Thanks!") == 2


def test_the_same_key_of_another_member_is_their_own(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    mine = network.service.send_message(mentee, thread_id, "Hello", "shared-key")
    theirs = network.service.send_message(mentor, thread_id, "Hello", "shared-key")
    assert mine.id != theirs.id and theirs.mine
    assert bodies(network, mentor, thread_id).count("Hello") == 2


def test_a_key_reused_for_another_text_is_refused(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    network.service.send_message(mentee, thread_id, "First text", "key-1")
    with pytest.raises(Conflict, match="already used for another message; nothing was sent"):
        network.service.send_message(mentee, thread_id, "Second text", "key-1")
    assert "Second text" not in bodies(network, mentor, thread_id)


def test_a_refused_send_leaves_its_key_free(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    network.service.finish_relationship(mentor, thread_id)
    with pytest.raises(Conflict, match="read-only"):
        network.service.send_message(mentee, thread_id, "Still there?", "key-1")
    other_thread = network.mentoring(mentee, network.mentor())
    sent = network.service.send_message(mentee, other_thread, "Still there?", "key-1")
    assert sent.thread_id == other_thread


@pytest.mark.parametrize("key", ["", "has space", "x" * 101, "tab\t", "ü"])
def test_a_key_that_cannot_travel_in_a_header_is_invalid(network: Network, key: str) -> None:
    _mentor, mentee, thread_id = pair(network)
    with pytest.raises(Invalid, match="idempotency key is 1 to 100 letters"):
        network.service.send_message(mentee, thread_id, "Hello", key)


# -- requests ---------------------------------------------------------------------------


def test_a_request_sent_again_with_its_key_is_stored_once(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    first = network.service.send_request(mentee, mentor.username, INTRO, idempotency_key="r-1")
    # Without the key the second send would be refused (the pair has a pending request).
    again = network.service.send_request(mentee, mentor.username, INTRO, idempotency_key="r-1")
    assert again == first and again.state is RequestState.PENDING
    outgoing = network.service.list_requests(mentee, "outgoing").items
    assert [r.id for r in outgoing] == [first.id]
    assert network.kinds(mentor).count(NotificationKind.REQUEST_RECEIVED) == 1


def test_a_retried_request_returns_its_state_now(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    first = network.service.send_request(mentee, mentor.username, INTRO, idempotency_key="r-1")
    network.service.accept_request(mentor, first.id)
    again = network.service.send_request(mentee, mentor.username, INTRO, idempotency_key="r-1")
    assert again.id == first.id and again.state is RequestState.ACCEPTED


def test_message_and_request_keys_are_separate(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request = network.service.send_request(mentee, mentor.username, INTRO, idempotency_key="k")
    message = network.service.send_message(mentee, request.id, "More about me.", "k")
    assert message.body == "More about me."


def test_a_request_key_reused_for_another_mentor_is_refused(network: Network) -> None:
    mentee = network.member()
    first, second = network.mentor(), network.mentor()
    network.service.send_request(mentee, first.username, INTRO, idempotency_key="r-1")
    with pytest.raises(Conflict, match="already used for another request"):
        network.service.send_request(mentee, second.username, INTRO, idempotency_key="r-1")


# -- races ------------------------------------------------------------------------------


def race(calls: list[Callable[[], T]]) -> list[T | BaseException]:
    """Run the calls in threads released at once; their results (or errors) in order."""
    gate = threading.Barrier(len(calls))
    results: list[T | BaseException] = [RuntimeError("did not finish")] * len(calls)

    def run(i: int) -> None:
        gate.wait(timeout=30)
        try:
            results[i] = calls[i]()
        except BaseException as error:
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_sends_with_one_key_store_one_message(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    send = network.service.send_message
    results = race([lambda: send(mentee, thread_id, "Racing", "race-key") for _ in range(4)])
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert len({r.id for r in results if not isinstance(r, BaseException)}) == 1
    assert bodies(network, mentor, thread_id).count("Racing") == 1


def test_concurrent_requests_with_one_key_store_one_request(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()

    def send() -> int:
        return network.service.send_request(mentee, mentor.username, INTRO, idempotency_key="r").id

    results = race([send for _ in range(4)])
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert len(set(results)) == 1
    assert network.service.list_requests(mentee, "outgoing").total == 1


def test_concurrent_requests_with_different_keys_keep_the_pending_limit(
    network: Network,
) -> None:
    mentee = network.member()
    mentors = [network.mentor() for _ in range(5)]

    def send(mentor: Actor, key: str) -> Callable[[], int]:
        return lambda: (
            network.service.send_request(mentee, mentor.username, INTRO, idempotency_key=key).id
        )

    results = race([send(m, f"key-{i}") for i, m in enumerate(mentors)])
    refused = [r for r in results if isinstance(r, BaseException)]
    assert all(isinstance(r, Conflict) and "most at a time" in str(r) for r in refused)
    assert len(refused) == 2
    assert network.service.list_requests(mentee, "outgoing", RequestState.PENDING).total == 3


# -- the table --------------------------------------------------------------------------


def test_keys_go_with_the_members_account(network: Network) -> None:
    _mentor, mentee, thread_id = pair(network)
    network.service.send_message(mentee, thread_id, "Goodbye", "key-1")
    network.service.delete_account(mentee, "correct horse battery")
    with network.service.store.read() as conn:
        count = conn.execute(select(func.count()).select_from(t.idempotency_keys)).scalar_one()
    assert count == 0


KEYS_ARRIVED = 5
"""The schema version that brought the idempotency keys (migration 5)."""
EXPIRY_ARRIVED = 8
"""The schema version that brought their index by age (migration 8)."""


def test_an_older_database_gains_the_key_table(network: Network) -> None:
    store: Store = network.service.store
    assert store.version() == SCHEMA_VERSION
    with store.write() as conn:
        t.idempotency_keys.drop(conn)
        conn.execute(t.schema_info.update().values(version=KEYS_ARRIVED - 1))
    store.migrate()
    assert store.version() == SCHEMA_VERSION
    _mentor, mentee, thread_id = pair(network)
    assert network.service.send_message(mentee, thread_id, "After the upgrade", "key-1")


def _keys(network: Network) -> int:
    with network.service.store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(t.idempotency_keys)).scalar_one())


def test_keys_are_kept_for_a_week_then_forgotten(network: Network) -> None:
    """A retry within the week still finds its send; after it, the clock's sweep has
    dropped the key (a server would otherwise keep one row per keyed send forever)."""
    mentor, mentee, thread_id = pair(network)
    first = network.service.send_message(mentee, thread_id, "Still on for Friday?", "key-1")
    network.clock.advance(days=KEY_DAYS, minutes=-1)
    network.service.process_due()
    assert _keys(network) == 1
    again = network.service.send_message(mentee, thread_id, "Still on for Friday?", "key-1")
    assert again == first
    network.clock.advance(minutes=2)
    assert network.service.process_due() == 0  # housekeeping: nobody is notified of it
    assert _keys(network) == 0
    later = network.service.send_message(mentee, thread_id, "Still on for Friday?", "key-1")
    assert later.id != first.id  # the key is new again: a new message
    assert bodies(network, mentor, thread_id).count("Still on for Friday?") == 2


def test_an_older_database_gains_the_expiry_index(network: Network) -> None:
    store: Store = network.service.store
    with store.write() as conn:
        t.ix_idempotency_created.drop(conn)
        conn.execute(t.schema_info.update().values(version=EXPIRY_ARRIVED - 1))
    store.migrate()
    assert store.version() == SCHEMA_VERSION
    with store.read() as conn:
        names = {index["name"] for index in inspect(conn).get_indexes("idempotency_keys")}
    assert "ix_idempotency_created" in names
