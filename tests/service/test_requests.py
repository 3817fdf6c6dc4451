"""Mentoring requests: who may send them, the answers, waiting, reminders and expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentor_tui.domain.enums import NotificationKind, RelationshipState, RequestState, Role
from mentor_tui.domain.errors import Conflict, Invalid, NotAllowed, NotFound
from mentor_tui.domain.models import EXPIRY_DAYS
from tests.conftest import Network

INTRO = "I am moving into finance and would value your view of the first year."


# -- sending --------------------------------------------------------------------------


def test_mentee_sends_a_request_with_introduction_goals_and_activities(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request = network.service.send_request(
        mentee, mentor.username, INTRO, goals="A first job offer", activities=["Video call"]
    )
    assert request.state is RequestState.PENDING
    assert (request.mentee.username, request.mentor.username) == (mentee.username, mentor.username)
    assert request.goals == "A first job offer" and request.activities == ["video call"]
    thread = network.service.get_thread(mentor, request.id)
    assert [m.body for m in thread.messages] == [INTRO]  # the introduction opens the thread


def test_mentor_is_notified_of_a_new_request(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    notes = network.service.list_notifications(mentor).items
    assert [(n.kind, n.subject_id) for n in notes] == [
        (NotificationKind.REQUEST_RECEIVED, request_id),
        (NotificationKind.ACCOUNT_VERIFIED, mentor.id),
    ]


def test_request_can_be_sent_by_mentor_id(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    assert network.service.send_request(mentee, mentor.id, INTRO).mentor.id == mentor.id


def test_introduction_is_required(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    with pytest.raises(Invalid, match="required"):
        network.service.send_request(mentee, mentor.username, "   ")


def test_introduction_must_be_at_least_a_sentence(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    with pytest.raises(Invalid, match="too short"):
        network.service.send_request(mentee, mentor.username, "Hi!")


def test_hoped_for_activity_must_be_one_the_mentor_offers(network: Network) -> None:
    mentor = network.mentor(activities=["messages"])
    mentee = network.member()
    with pytest.raises(Invalid, match="doesn't offer job shadowing"):
        network.service.send_request(mentee, mentor.username, INTRO, activities=["job shadowing"])


def test_request_to_oneself_is_refused(network: Network) -> None:
    mentor = network.mentor()
    with pytest.raises(Conflict, match="yourself"):
        network.request(mentor, mentor)


def test_request_to_a_member_who_is_not_a_mentor_is_refused(network: Network) -> None:
    student, mentee = network.member(Role.STUDENT), network.member()
    with pytest.raises(Conflict, match="not a mentor"):
        network.request(mentee, student)


def test_request_to_an_unknown_member_is_not_found(network: Network) -> None:
    mentee = network.member()
    with pytest.raises(NotFound, match=r"nobody\.here"):
        network.service.send_request(mentee, "nobody.here", INTRO)


def test_unverified_member_cannot_send_requests(network: Network) -> None:
    mentor, pending = network.mentor(), network.member(verified=False)
    with pytest.raises(NotAllowed):
        network.request(pending, mentor)
    assert network.kinds(mentor) == [NotificationKind.ACCOUNT_VERIFIED]


def test_second_pending_request_to_the_same_mentor_is_refused(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    network.request(mentee, mentor)
    with pytest.raises(Conflict, match="already have a pending request"):
        network.request(mentee, mentor)


def test_request_to_a_mentor_already_mentoring_you_is_refused(network: Network) -> None:
    mentor, mentee = network.mentor(max_mentees=3), network.member()
    network.mentoring(mentee, mentor)
    with pytest.raises(Conflict, match="active mentoring"):
        network.request(mentee, mentor)


def test_same_pair_can_ask_again_after_a_decline(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    first = network.request(mentee, mentor)
    network.service.decline_request(mentor, first)
    assert network.request(mentee, mentor) != first


def test_same_pair_can_start_again_after_finishing(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.finish_relationship(mentee, rel_id)
    network.request(mentee, mentor)


def test_fourth_pending_request_is_refused(network: Network) -> None:
    mentee = network.member()
    for _ in range(3):
        network.request(mentee, network.mentor())
    with pytest.raises(Conflict, match="3 pending requests"):
        network.request(mentee, network.mentor())


def test_answered_request_frees_a_pending_slot(network: Network) -> None:
    mentee = network.member()
    mentors = [network.mentor() for _ in range(3)]
    ids = [network.request(mentee, m) for m in mentors]
    network.service.decline_request(mentors[0], ids[0])
    network.request(mentee, network.mentor())


# -- accepting and declining ----------------------------------------------------------


def test_mentor_accepts_and_a_relationship_starts(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    rel = network.service.accept_request(mentor, request_id, "Happy to help.")
    assert rel.id == request_id and rel.state is RelationshipState.ACTIVE
    request = network.service.get_request(mentee, request_id)
    assert request.state is RequestState.ACCEPTED and request.response == "Happy to help."
    assert request.relationship_id == rel.id
    assert network.kinds(mentee)[-1] is NotificationKind.REQUEST_ACCEPTED
    thread = network.service.get_thread(mentee, request_id)
    assert [m.body for m in thread.messages][-1] == "Happy to help."


def test_accepting_takes_one_of_the_mentors_places(network: Network) -> None:
    mentor = network.mentor(max_mentees=2)
    network.mentoring(network.member(), mentor)
    profile = network.service.me(mentor).mentor
    assert profile is not None and profile.active_mentees == 1 and profile.has_room


def test_mentor_declines_with_a_message_and_the_mentee_is_told(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    request = network.service.decline_request(mentor, request_id, "I'm not the right fit.")
    assert request.state is RequestState.DECLINED
    assert network.kinds(mentee)[-1] is NotificationKind.REQUEST_DECLINED
    assert network.service.get_thread(mentee, request_id).messages[-1].body == (
        "I'm not the right fit."
    )


def test_mentee_cannot_accept_own_request(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    with pytest.raises(NotAllowed, match="Only the mentor"):
        network.service.accept_request(mentee, request_id)
    with pytest.raises(NotAllowed, match="Only the mentor"):
        network.service.decline_request(mentee, request_id)


def test_another_member_cannot_answer_a_request(network: Network) -> None:
    mentor, mentee, other = network.mentor(), network.member(), network.mentor()
    request_id = network.request(mentee, mentor)
    with pytest.raises(NotFound):
        network.service.accept_request(other, request_id)
    with pytest.raises(NotFound):
        network.service.decline_request(other, request_id)
    assert network.service.get_request(mentee, request_id).state is RequestState.PENDING


def test_admin_cannot_answer_for_the_mentor(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    with pytest.raises(NotAllowed):
        network.service.accept_request(network.admin, request_id)


def test_accept_is_refused_when_the_mentor_is_full_at_that_moment(network: Network) -> None:
    mentor = network.mentor(max_mentees=1)
    first, second = network.member(), network.member()
    first_id, second_id = network.request(first, mentor), network.request(second, mentor)
    network.service.accept_request(mentor, first_id)
    with pytest.raises(Conflict, match="You are full"):
        network.service.accept_request(mentor, second_id)
    assert network.service.get_request(second, second_id).state is RequestState.PENDING


def test_full_mentor_can_accept_after_a_mentoring_ends(network: Network) -> None:
    mentor = network.mentor(max_mentees=1)
    first, second = network.member(), network.member()
    first_id, second_id = network.request(first, mentor), network.request(second, mentor)
    network.service.accept_request(mentor, first_id)
    network.service.finish_relationship(first, first_id)
    assert network.service.accept_request(mentor, second_id).state is RelationshipState.ACTIVE


def test_full_mentor_can_still_decline(network: Network) -> None:
    mentor = network.mentor(max_mentees=1)
    first, second = network.member(), network.member()
    first_id, second_id = network.request(first, mentor), network.request(second, mentor)
    network.service.accept_request(mentor, first_id)
    assert network.service.decline_request(mentor, second_id).state is RequestState.DECLINED


# -- retracting -----------------------------------------------------------------------


def test_mentee_can_retract_pending_request(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    assert network.service.retract_request(mentee, request_id).state is RequestState.RETRACTED


def test_mentor_is_notified_that_a_request_was_withdrawn(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    network.service.retract_request(mentee, request_id)
    assert network.kinds(mentor)[-1] is NotificationKind.REQUEST_RETRACTED


def test_mentor_cannot_retract_a_request(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    with pytest.raises(NotAllowed, match="Only the mentee"):
        network.service.retract_request(mentor, request_id)


def test_accepted_request_cannot_be_retracted(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.mentoring(mentee, mentor)
    with pytest.raises(Conflict, match="already accepted"):
        network.service.retract_request(mentee, request_id)


# -- a request is decided once --------------------------------------------------------


@pytest.mark.parametrize("first", ["accept", "decline", "retract"])
@pytest.mark.parametrize("then", ["accept", "decline", "retract"])
def test_only_a_pending_request_changes_state(network: Network, first: str, then: str) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    act = {
        "accept": lambda: network.service.accept_request(mentor, request_id),
        "decline": lambda: network.service.decline_request(mentor, request_id),
        "retract": lambda: network.service.retract_request(mentee, request_id),
    }
    act[first]()
    state = network.service.get_request(mentee, request_id).state
    with pytest.raises(Conflict, match=f"already {state.value}"):
        act[then]()
    assert network.service.get_request(mentee, request_id).state is state


def test_expired_request_can_no_longer_be_accepted(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    network.clock.advance(days=EXPIRY_DAYS)
    network.service.process_due()
    with pytest.raises(Conflict, match="already expired"):
        network.service.accept_request(mentor, request_id)


# -- waiting, reminders and expiry ----------------------------------------------------


def test_request_shows_how_long_it_has_waited(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()  # Monday morning
    request_id = network.request(mentee, mentor)
    network.clock.advance(days=2)
    request = network.service.get_request(mentor, request_id)
    assert request.waited_working_days == 2 and not request.overdue


def test_request_is_overdue_after_three_working_days(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()  # Monday 09:00
    request_id = network.request(mentee, mentor)
    network.clock.advance(days=3)  # Thursday 09:00
    request = network.service.get_request(mentor, request_id)
    assert request.waited_working_days == 3 and request.overdue


def test_weekends_do_not_count_towards_overdue(network: Network) -> None:
    network.clock.advance(days=4)  # Friday 09:00
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    network.clock.advance(days=4)  # Tuesday 09:00: two working days
    request = network.service.get_request(mentor, request_id)
    assert request.waited_working_days == 2 and not request.overdue
    network.service.process_due()
    assert NotificationKind.REQUEST_OVERDUE not in network.kinds(mentor)
    network.clock.advance(days=1)  # Wednesday 09:00: three working days
    assert network.service.get_request(mentor, request_id).overdue
    network.service.process_due()
    assert network.kinds(mentor)[-1] is NotificationKind.REQUEST_OVERDUE


def test_overdue_mentor_gets_exactly_one_reminder(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    network.request(mentee, mentor)
    network.clock.advance(days=2, hours=23)
    network.service.process_due()
    assert NotificationKind.REQUEST_OVERDUE not in network.kinds(mentor)
    for _ in range(5):
        network.clock.advance(days=1)
        network.service.process_due()
    assert network.kinds(mentor).count(NotificationKind.REQUEST_OVERDUE) == 1


def test_answered_request_is_never_overdue(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    network.clock.advance(days=1)
    network.service.decline_request(mentor, request_id)
    network.clock.advance(days=10)
    network.service.process_due()
    request = network.service.get_request(mentor, request_id)
    assert not request.overdue and request.waited_working_days == 1
    assert NotificationKind.REQUEST_OVERDUE not in network.kinds(mentor)


def test_request_expires_after_fourteen_days_and_the_mentee_is_told(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    network.clock.advance(days=EXPIRY_DAYS)
    network.clock.advance(seconds=-1)
    network.service.process_due()
    assert network.service.get_request(mentee, request_id).state is RequestState.PENDING
    network.clock.advance(seconds=1)
    network.service.process_due()
    assert network.service.get_request(mentee, request_id).state is RequestState.EXPIRED
    assert network.kinds(mentee)[-1] is NotificationKind.REQUEST_EXPIRED
    assert network.kinds(mentee).count(NotificationKind.REQUEST_EXPIRED) == 1


def test_expiry_date_is_shown_on_a_pending_request(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request = network.service.send_request(mentee, mentor.username, INTRO)
    assert request.expires_at == request.created_at + timedelta(days=EXPIRY_DAYS)


def test_expired_request_frees_the_pending_slot(network: Network) -> None:
    mentee = network.member()
    for _ in range(3):
        network.request(mentee, network.mentor())
    network.clock.advance(days=EXPIRY_DAYS)
    network.service.process_due()
    network.request(mentee, network.mentor())


def test_process_due_twice_changes_nothing_the_second_time(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    network.request(mentee, mentor)
    network.clock.advance(days=EXPIRY_DAYS)
    assert network.service.process_due() > 0
    assert network.service.process_due() == 0


# -- listing --------------------------------------------------------------------------


def test_mentor_sees_incoming_and_mentee_outgoing_requests(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    incoming = network.service.list_requests(mentor, "incoming", RequestState.PENDING)
    outgoing = network.service.list_requests(mentee, "outgoing")
    assert [r.id for r in incoming.items] == [r.id for r in outgoing.items] == [request_id]
    assert network.service.list_requests(mentor, "outgoing").total == 0


def test_requests_are_listed_newest_first(network: Network) -> None:
    mentee = network.member()
    first = network.request(mentee, network.mentor())
    network.clock.advance(hours=1)
    second = network.request(mentee, network.mentor())
    ids = [r.id for r in network.service.list_requests(mentee, "outgoing").items]
    assert ids == [second, first]


def test_unknown_request_direction_is_refused(network: Network) -> None:
    with pytest.raises(Invalid, match="incoming or outgoing"):
        network.service.list_requests(network.member(), "sideways")
