"""Notifications (every event of domain.md), unread counts, and what members never see."""

from __future__ import annotations

import pytest

from mentor_tui.domain.enums import NotificationKind as Kind
from mentor_tui.domain.errors import NotFound
from mentor_tui.domain.models import EXPIRY_DAYS
from tests.conftest import Network


def test_every_event_of_a_mentoring_reaches_the_right_member(network: Network) -> None:
    """Request received, accepted, new message, finished: each lands with the other side."""
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.send_message(mentor, rel_id, "Welcome!")
    network.service.send_message(mentee, rel_id, "Thanks!")
    network.service.finish_relationship(mentee, rel_id, feedback=5)
    assert network.kinds(mentor) == [
        Kind.ACCOUNT_VERIFIED,
        Kind.REQUEST_RECEIVED,
        Kind.NEW_MESSAGE,
        Kind.RELATIONSHIP_FINISHED,
    ]
    assert network.kinds(mentee) == [Kind.ACCOUNT_VERIFIED, Kind.REQUEST_ACCEPTED, Kind.NEW_MESSAGE]


def test_notification_names_its_subject(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    note = network.service.list_notifications(mentor).items[0]
    assert (note.subject_type, note.subject_id) == ("request", request_id)
    assert network.service.me(mentee).name in note.text


def test_expiry_is_notified_to_the_mentee(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    network.request(mentee, mentor)
    network.clock.advance(days=EXPIRY_DAYS)
    network.service.process_due()
    assert network.kinds(mentee)[-1] is Kind.REQUEST_EXPIRED


def test_unread_count_counts_new_notifications(network: Network) -> None:
    mentor = network.mentor()
    assert network.service.unread_count(mentor) == 1  # account verified
    network.request(network.member(), mentor)
    network.request(network.member(), mentor)
    assert network.service.unread_count(mentor) == 3
    assert network.service.dashboard(mentor).unread_notifications == 3


def test_marking_one_notification_read(network: Network) -> None:
    mentor = network.mentor()
    network.request(network.member(), mentor)
    newest = network.service.list_notifications(mentor).items[0]
    assert network.service.mark_notifications_read(mentor, newest.id) == 1
    assert network.service.unread_count(mentor) == 1
    unread = network.service.list_notifications(mentor, unread_only=True).items
    assert newest.id not in [n.id for n in unread]
    assert network.service.list_notifications(mentor).items[0].read


def test_marking_all_notifications_read(network: Network) -> None:
    mentor = network.mentor()
    network.request(network.member(), mentor)
    assert network.service.mark_notifications_read(mentor) == 2
    assert network.service.unread_count(mentor) == 0
    assert network.service.mark_notifications_read(mentor) == 0


def test_notifications_page_newest_first(network: Network) -> None:
    mentor = network.mentor()
    for _ in range(3):
        network.request(network.member(), mentor)
    first = network.service.list_notifications(mentor, page=1, page_size=3)
    second = network.service.list_notifications(mentor, page=2, page_size=3)
    assert first.total == 4
    assert [n.id for n in first.items] == sorted((n.id for n in first.items), reverse=True)
    assert [n.kind for n in second.items] == [Kind.ACCOUNT_VERIFIED]


# -- what a member never sees ---------------------------------------------------------


def test_member_never_sees_another_members_requests(network: Network) -> None:
    mentor, mentee, other = network.mentor(), network.member(), network.member()
    request_id = network.request(mentee, mentor)
    with pytest.raises(NotFound):
        network.service.get_request(other, request_id)
    assert network.service.list_requests(other).total == 0


def test_member_never_sees_another_members_notifications(network: Network) -> None:
    mentor, other = network.mentor(), network.member()
    network.request(network.member(), mentor)
    theirs = network.service.list_notifications(mentor).items[0]
    with pytest.raises(NotFound):
        network.service.mark_notifications_read(other, theirs.id)
    assert theirs.id not in [n.id for n in network.service.list_notifications(other).items]
    assert network.service.unread_count(mentor) == 2


def test_marking_all_read_touches_only_own_notifications(network: Network) -> None:
    mentor, other = network.mentor(), network.member()
    network.request(network.member(), mentor)
    network.service.mark_notifications_read(other)
    assert network.service.unread_count(mentor) == 2


def test_member_never_sees_another_members_threads(network: Network) -> None:
    mentor, mentee, other = network.mentor(), network.member(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    with pytest.raises(NotFound):
        network.service.get_thread(other, rel_id)
    with pytest.raises(NotFound):
        network.service.get_relationship(other, rel_id)
    dashboard = network.service.dashboard(other)
    assert dashboard.relationships == dashboard.incoming == dashboard.outgoing == []


def test_dashboard_gathers_own_mentoring_and_requests(network: Network) -> None:
    mentor, mentee = network.mentor(max_mentees=3), network.member()
    rel_id = network.mentoring(mentee, mentor)
    request_id = network.request(network.member(), mentor)
    dashboard = network.service.dashboard(mentor)
    assert [r.id for r in dashboard.relationships] == [rel_id]
    assert [r.id for r in dashboard.incoming] == [request_id]
    assert dashboard.outgoing == []
    assert {s.sector: s.count for s in dashboard.sectors}["Finance"] == 1


def test_dashboard_is_what_its_parts_say(network: Network) -> None:
    """The sector cloud is counted on a thread of its own: the whole is still the parts."""
    mentee = network.member(programme="History")
    network.service.update_profile(mentee, {"interests": ["Finance", "Law"]})
    for sectors in (["Finance"], ["Law", "Energy and Environment"], ["Finance", "Law"]):
        network.mentor(sectors=sectors, programme="History")
    mentor = network.mentor()
    network.request(mentee, mentor)
    dashboard = network.service.dashboard(mentee, suggestions=2)
    assert dashboard.sectors == network.service.sector_cloud(mentee)
    assert dashboard.suggestions == network.service.suggest_mentors(mentee, 2)
    assert [r.id for r in dashboard.outgoing] == [
        r.id for r in network.service.list_requests(mentee, "outgoing").items
    ]
    assert {s.sector: s.count for s in dashboard.sectors}["Law"] == 2


def test_dashboard_says_why_its_sector_cloud_failed(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    mentee = network.member()

    def broken(*_args: object) -> None:
        raise NotFound("The sector cloud is not there.")

    monkeypatch.setattr(network.service, "sector_cloud", broken)
    with pytest.raises(NotFound, match="sector cloud"):
        network.service.dashboard(mentee)
