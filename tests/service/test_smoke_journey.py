"""The whole journey of domain.md once, through the service, as people would live it."""

from __future__ import annotations

from mentor_tui.domain.enums import RelationshipState, RequestState
from tests.conftest import Network


def test_mentee_finds_mentor_requests_and_finishes(network: Network) -> None:
    svc = network.service
    mentor = network.mentor(sectors=["finance"])
    mentee = network.member()
    found = svc.search_mentors(mentee, svc.normalise_query(_q(sectors=["FINANCE"])))
    assert [c.username for c in found.items] == [mentor.username]
    request_id = network.request(mentee, mentor)
    assert svc.get_request(mentee, request_id).state is RequestState.PENDING
    rel = svc.accept_request(mentor, request_id, "Glad to help.")
    assert rel.state is RelationshipState.ACTIVE
    svc.send_message(mentee, rel.id, "Thank you!")
    thread = svc.get_thread(mentor, rel.id)
    assert [m.body for m in thread.messages][-2:] == ["Glad to help.", "Thank you!"]
    finished = svc.finish_relationship(mentee, rel.id, "Very helpful", 5)
    assert finished.state is RelationshipState.FINISHED
    assert svc.me(mentor).mentor is not None
    assert svc.me(mentor).mentor.completed == 1  # type: ignore[union-attr]


def _q(**kwargs: object):  # type: ignore[no-untyped-def]
    from mentor_tui.domain.models import SearchQuery

    return SearchQuery(**kwargs)  # type: ignore[arg-type]
