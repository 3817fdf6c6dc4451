"""Finding mentors, requests and relationships behave the same through either backend."""

from __future__ import annotations

import itertools

import pytest

from mentor_tui.domain.enums import RelationshipState, RequestState
from mentor_tui.domain.errors import Conflict, Invalid, NotAllowed, NotFound
from mentor_tui.domain.models import SearchQuery
from tests.contract.conftest import INTRO, ContractNetwork

_tags = itertools.count(1)


def unique_employer(net: ContractNetwork) -> str:
    """An employer no other test uses, so search results are this test's alone."""
    return f"Zyqor{net.kind.capitalize()}{next(_tags)} Holdings"


async def test_active_mentor_is_found_by_text_and_sector(net: ContractNetwork) -> None:
    employer = unique_employer(net)
    mentor = await net.mentor(employer=employer, sectors=["Finance", "Consulting"])
    mentee = await net.member()
    found = await mentee.backend.search_mentors(SearchQuery(text=employer.split()[0]))
    assert [card.username for card in found.items] == [mentor.username]
    card = found.items[0]
    assert card.employer == employer
    assert card.has_room
    by_sector = await mentee.backend.search_mentors(
        SearchQuery(text=employer.split()[0], sectors=["consulting"], has_room=True)
    )
    assert by_sector.total == 1
    none = await mentee.backend.search_mentors(
        SearchQuery(text=employer.split()[0], sectors=["Law"])
    )
    assert none.total == 0


async def test_paused_mentor_is_hidden_and_cannot_be_requested(net: ContractNetwork) -> None:
    employer = unique_employer(net)
    mentor = await net.mentor(employer=employer)
    mentee = await net.member()
    await mentor.backend.pause_mentor()
    found = await mentee.backend.search_mentors(SearchQuery(text=employer.split()[0]))
    assert found.total == 0
    with pytest.raises(Conflict):
        await mentee.backend.send_request(mentor.username, INTRO)


async def test_search_pages_through_results(net: ContractNetwork) -> None:
    employer = unique_employer(net)
    for _ in range(5):
        await net.mentor(employer=employer)
    mentee = await net.member()
    word = employer.split()[0]
    first = await mentee.backend.search_mentors(SearchQuery(text=word, page_size=2))
    last = await mentee.backend.search_mentors(SearchQuery(text=word, page=3, page_size=2))
    assert (first.total, len(first.items), first.pages, first.has_more) == (5, 2, 3, True)
    assert (len(last.items), last.has_more) == (1, False)
    seen = {c.username for c in first.items} | {c.username for c in last.items}
    assert len(seen) == 3
    with pytest.raises(Invalid, match="Pages start at 1"):
        await mentee.backend.search_mentors(SearchQuery(text=word, page=0))


async def test_sector_cloud_suggestions_and_dashboard(net: ContractNetwork) -> None:
    await net.mentor(sectors=["Energy and Environment"])
    mentee = await net.member()
    cloud = await mentee.backend.sector_cloud()
    assert any(s.sector == "Energy and Environment" and s.count >= 1 for s in cloud)
    suggestions = await mentee.backend.suggest_mentors(3)
    assert len(suggestions) <= 3
    assert all(s.mentor.has_room for s in suggestions)
    board = await mentee.backend.dashboard()
    assert board.me.username == mentee.username
    assert board.unread_notifications == 0


async def test_request_accept_message_and_finish(net: ContractNetwork) -> None:
    mentor = await net.mentor()
    mentee = await net.member()
    request = await mentee.backend.send_request(
        mentor.username, INTRO, goals="A first job in a bank", activities=["video call"]
    )
    assert request.state is RequestState.PENDING
    assert request.mentor.username == mentor.username
    incoming = await mentor.backend.list_requests("incoming", RequestState.PENDING)
    assert [r.id for r in incoming.items] == [request.id]
    assert (await mentor.backend.unread_count()) == 1

    relationship = await mentor.backend.accept_request(request.id, "Happy to help")
    assert relationship.state is RelationshipState.ACTIVE
    assert relationship.id == request.id
    assert (await mentee.backend.get_request(request.id)).state is RequestState.ACCEPTED

    sent = await mentee.backend.send_message(relationship.id, "Shall we talk on Tuesday?")
    assert sent.mine
    thread = await mentor.backend.get_thread(relationship.id)
    bodies = [m.body for m in thread.messages]
    assert bodies[0] == INTRO
    assert "Happy to help" in bodies
    assert bodies[-1] == "Shall we talk on Tuesday?"
    assert thread.can_write

    objective = await mentee.backend.add_objective(relationship.id, "Send a CV to three banks")
    edited = await mentor.backend.edit_objective(objective.id, "Send a CV to five banks")
    assert edited.text == "Send a CV to five banks"
    assert (await mentee.backend.set_objective_done(objective.id)).done
    assert (await mentee.backend.set_rhythm(relationship.id, 14)).rhythm_days == 14
    with pytest.raises(Invalid):
        await mentee.backend.set_rhythm(relationship.id, 0)

    finished = await mentee.backend.finish_relationship(relationship.id, "Thank you!", 5)
    assert finished.state is RelationshipState.FINISHED
    with pytest.raises(Conflict, match="read-only"):
        await mentor.backend.send_message(relationship.id, "One more thing")
    mine = await mentor.backend.list_relationships(RelationshipState.FINISHED)
    assert relationship.id in [r.id for r in mine.items]
    assert (await mentor.backend.me()).mentor.completed == 1  # type: ignore[union-attr]


async def test_mentee_can_retract_a_pending_request_only_once(net: ContractNetwork) -> None:
    mentor = await net.mentor()
    mentee = await net.member()
    request = await mentee.backend.send_request(mentor.username, INTRO)
    with pytest.raises(NotAllowed):
        await mentor.backend.retract_request(request.id)
    retracted = await mentee.backend.retract_request(request.id)
    assert retracted.state is RequestState.RETRACTED
    with pytest.raises(Conflict):
        await mentee.backend.retract_request(request.id)
    kinds = [n.kind.value for n in (await mentor.backend.list_notifications()).items]
    assert "request_retracted" in kinds


async def test_mentor_declines_with_a_message(net: ContractNetwork) -> None:
    mentor = await net.mentor()
    mentee = await net.member()
    request = await mentee.backend.send_request(mentor.username, INTRO)
    with pytest.raises(NotAllowed):
        await mentee.backend.accept_request(request.id)
    declined = await mentor.backend.decline_request(request.id, "I'm away this term.")
    assert (declined.state, declined.response) == (RequestState.DECLINED, "I'm away this term.")
    with pytest.raises(Conflict):
        await mentor.backend.accept_request(request.id)
    assert (await mentee.backend.unread_count()) == 1


async def test_full_mentor_cannot_be_requested(net: ContractNetwork) -> None:
    mentor = await net.mentor(max_mentees=1)
    first, second = await net.member(), await net.member()
    await mentor.backend.accept_request(
        (await first.backend.send_request(mentor.username, INTRO)).id
    )
    with pytest.raises(Conflict):
        await second.backend.send_request(mentor.username, INTRO)


async def test_request_rules_are_the_same(net: ContractNetwork) -> None:
    mentor = await net.mentor()
    mentee = await net.member()
    with pytest.raises(Conflict, match="yourself"):
        await mentor.backend.send_request(mentor.username, INTRO)
    with pytest.raises(Invalid):
        await mentee.backend.send_request(mentor.username, "Hi")
    with pytest.raises(Invalid, match="doesn't offer"):
        await mentee.backend.send_request(mentor.username, INTRO, activities=["job shadowing"])
    await mentee.backend.send_request(mentor.id, INTRO)
    with pytest.raises(Conflict):
        await mentee.backend.send_request(mentor.username, INTRO)
    with pytest.raises(Invalid, match="incoming or outgoing"):
        await mentee.backend.list_requests("sideways")


async def test_requests_page_newest_first(net: ContractNetwork) -> None:
    mentee = await net.member()
    ids = []
    for _ in range(3):
        mentor = await net.mentor()
        ids.append((await mentee.backend.send_request(mentor.username, INTRO)).id)
    page1 = await mentee.backend.list_requests("outgoing", page=1, page_size=2)
    page2 = await mentee.backend.list_requests("outgoing", page=2, page_size=2)
    assert page1.total == 3
    assert [r.id for r in page1.items + page2.items] == sorted(ids, reverse=True)


async def test_a_member_never_sees_another_members_requests(net: ContractNetwork) -> None:
    mentor = await net.mentor()
    mentee = await net.member()
    outsider = await net.member()
    request = await mentee.backend.send_request(mentor.username, INTRO)
    with pytest.raises(NotFound):
        await outsider.backend.get_request(request.id)
    with pytest.raises(NotFound):
        await outsider.backend.get_thread(request.id)
    with pytest.raises(NotFound):
        await outsider.backend.decline_request(request.id)
    with pytest.raises(NotFound):
        await outsider.backend.send_message(request.id, "Hello there")
    assert (await outsider.backend.list_requests()).total == 0


async def test_a_send_repeated_with_its_key_is_stored_once(net: ContractNetwork) -> None:
    mentor = await net.mentor()
    mentee = await net.member()
    key = f"contract-{net.kind}-{next(_tags)}"
    request = await mentee.backend.send_request(mentor.username, INTRO, idempotency_key=key)
    again = await mentee.backend.send_request(mentor.username, INTRO, idempotency_key=key)
    assert again.id == request.id
    sent = await mentee.backend.send_message(request.id, "More about me.", key)
    assert (await mentee.backend.send_message(request.id, "More about me.", key)).id == sent.id
    with pytest.raises(Conflict, match="already used for another message"):
        await mentee.backend.send_message(request.id, "Something else.", key)
    with pytest.raises(Invalid, match="idempotency key"):
        await mentee.backend.send_message(request.id, "Bad key.", "not a key")
    bodies = [m.body for m in (await mentor.backend.get_thread(request.id)).messages]
    assert bodies == [INTRO, "More about me."]
    assert (await mentee.backend.list_requests("outgoing")).total == 1
