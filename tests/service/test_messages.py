"""Threads and messages, reports to the programme office, and moderation."""

from __future__ import annotations

import pytest

from mentor_tui.domain.enums import NotificationKind, ReportState
from mentor_tui.domain.errors import Conflict, Invalid, NotAllowed, NotFound
from mentor_tui.domain.models import Actor
from tests.conftest import Network


def pair(network: Network, *, accepted: bool = True) -> tuple[Actor, Actor, int]:
    mentor, mentee = network.mentor(), network.member()
    thread_id = network.mentoring(mentee, mentor) if accepted else network.request(mentee, mentor)
    return mentor, mentee, thread_id


# -- threads --------------------------------------------------------------------------


def test_pair_writes_in_an_active_mentorings_thread(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    sent = network.service.send_message(mentee, thread_id, "Could we talk on Friday?")
    assert sent.mine and sent.sender_name == network.service.me(mentee).name
    thread = network.service.get_thread(mentor, thread_id)
    assert thread.messages[-1].body == "Could we talk on Friday?"
    assert not thread.messages[-1].mine and thread.can_write


def test_pair_can_write_while_the_request_is_pending(network: Network) -> None:
    mentor, _mentee, thread_id = pair(network, accepted=False)
    network.service.send_message(mentor, thread_id, "Can you tell me more about your goals?")
    assert network.service.get_thread(mentor, thread_id).can_write


@pytest.mark.parametrize("ending", ["decline", "retract"])
def test_thread_of_an_ended_request_is_read_only(network: Network, ending: str) -> None:
    mentor, mentee, thread_id = pair(network, accepted=False)
    if ending == "decline":
        network.service.decline_request(mentor, thread_id)
    else:
        network.service.retract_request(mentee, thread_id)
    with pytest.raises(Conflict, match="read-only"):
        network.service.send_message(mentee, thread_id, "Hello again?")
    assert not network.service.get_thread(mentee, thread_id).can_write


def test_outsider_cannot_read_a_thread(network: Network) -> None:
    _mentor, _mentee, thread_id = pair(network)
    with pytest.raises(NotFound):
        network.service.get_thread(network.member(), thread_id)


def test_outsider_cannot_write_in_a_thread(network: Network) -> None:
    _mentor, _mentee, thread_id = pair(network)
    with pytest.raises(NotFound):
        network.service.send_message(network.member(), thread_id, "Hi there")


def test_admin_can_read_but_not_write_in_a_thread(network: Network) -> None:
    _mentor, _mentee, thread_id = pair(network)
    thread = network.service.get_thread(network.admin, thread_id)
    assert not thread.can_write
    with pytest.raises(NotAllowed):
        network.service.send_message(network.admin, thread_id, "Moderator here")


def test_empty_message_is_refused(network: Network) -> None:
    _mentor, mentee, thread_id = pair(network)
    with pytest.raises(Invalid, match="required"):
        network.service.send_message(mentee, thread_id, " \n ")


def test_overlong_message_is_refused_saying_by_how_much(network: Network) -> None:
    _mentor, mentee, thread_id = pair(network)
    with pytest.raises(Invalid, match="Shorten it by 1"):
        network.service.send_message(mentee, thread_id, "x" * 5001)


def test_messages_are_unread_until_the_recipient_opens_the_thread(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    network.service.send_message(mentee, thread_id, "Are you free on Friday?")
    unopened = network.service.get_thread(mentor, thread_id, mark_read=False)
    assert unopened.messages[-1].read is False
    network.service.get_thread(mentee, thread_id)  # the sender opening it changes nothing
    assert network.service.get_thread(mentor, thread_id, mark_read=False).messages[-1].read is False
    network.service.get_thread(mentor, thread_id)
    assert network.service.get_thread(mentor, thread_id).messages[-1].read is True


def test_new_message_notifies_the_other_side(network: Network) -> None:
    mentor, mentee, thread_id = pair(network)
    network.service.send_message(mentee, thread_id, "Thank you!")
    notes = network.service.list_notifications(mentor).items
    assert (notes[0].kind, notes[0].subject_id) == (NotificationKind.NEW_MESSAGE, thread_id)
    assert NotificationKind.NEW_MESSAGE not in network.kinds(mentee)


# -- reports --------------------------------------------------------------------------


def received_message(network: Network) -> tuple[Actor, Actor, int]:
    """A mentor sends the mentee a message; returns (sender, recipient, message id)."""
    mentor, mentee, thread_id = pair(network)
    message = network.service.send_message(mentor, thread_id, "Something unpleasant.")
    return mentor, mentee, message.id


def test_recipient_reports_a_message_with_a_reason(network: Network) -> None:
    _sender, recipient, message_id = received_message(network)
    report = network.service.report_message(recipient, message_id, "Rude and insulting.")
    assert report.state is ReportState.OPEN and report.message.id == message_id
    queue = network.service.list_reports(network.admin)
    assert [r.id for r in queue.items] == [report.id]
    assert queue.items[0].reason == "Rude and insulting."


def test_own_message_cannot_be_reported(network: Network) -> None:
    sender, _recipient, message_id = received_message(network)
    with pytest.raises(NotAllowed, match="only messages you received"):
        network.service.report_message(sender, message_id, "Oops, I was rude.")


def test_outsider_cannot_report_a_message(network: Network) -> None:
    _sender, _recipient, message_id = received_message(network)
    with pytest.raises(NotFound):
        network.service.report_message(network.member(), message_id, "Looks bad.")


def test_message_is_reported_only_once_by_the_same_member(network: Network) -> None:
    _sender, recipient, message_id = received_message(network)
    network.service.report_message(recipient, message_id, "Rude and insulting.")
    with pytest.raises(Conflict, match="already reported"):
        network.service.report_message(recipient, message_id, "Still rude.")
    assert network.service.list_reports(network.admin).total == 1


def test_report_needs_a_reason(network: Network) -> None:
    _sender, recipient, message_id = received_message(network)
    with pytest.raises(Invalid):
        network.service.report_message(recipient, message_id, "")


def test_unknown_message_cannot_be_reported(network: Network) -> None:
    with pytest.raises(NotFound):
        network.service.report_message(network.member(), 999, "Rude and insulting.")


def test_removed_message_shows_removed_with_its_body_hidden(network: Network) -> None:
    _sender, recipient, message_id = received_message(network)
    network.service.report_message(recipient, message_id, "Rude and insulting.")
    network.service.remove_message(network.admin, message_id)
    thread_id = network.service.list_relationships(recipient).items[0].id
    removed = [m for m in network.service.get_thread(recipient, thread_id).messages if m.removed]
    assert [m.id for m in removed] == [message_id]
    assert removed[0].body == ""
    export = network.service.export_account(recipient)
    assert "Something unpleasant." not in str(export)


def test_reporter_is_told_when_the_message_is_removed(network: Network) -> None:
    _sender, recipient, message_id = received_message(network)
    report = network.service.report_message(recipient, message_id, "Rude and insulting.")
    handled = network.service.remove_message(network.admin, message_id)
    assert handled is not None and handled.state is ReportState.REMOVED
    notes = network.service.list_notifications(recipient).items
    assert (notes[0].kind, notes[0].subject_id) == (NotificationKind.REPORT_HANDLED, report.id)
    assert network.service.list_reports(network.admin).total == 0


def test_removing_a_message_twice_is_a_conflict(network: Network) -> None:
    _sender, _recipient, message_id = received_message(network)
    network.service.remove_message(network.admin, message_id)
    with pytest.raises(Conflict, match="already removed"):
        network.service.remove_message(network.admin, message_id)


def test_dismissed_report_leaves_the_message_and_tells_the_reporter(network: Network) -> None:
    _sender, recipient, message_id = received_message(network)
    report = network.service.report_message(recipient, message_id, "I don't like it.")
    dismissed = network.service.dismiss_report(network.admin, report.id)
    assert dismissed.state is ReportState.DISMISSED and not dismissed.message.removed
    assert network.kinds(recipient)[-1] is NotificationKind.REPORT_HANDLED
    with pytest.raises(Conflict, match="already handled"):
        network.service.dismiss_report(network.admin, report.id)
    assert network.service.list_reports(network.admin, ReportState.DISMISSED).total == 1


def test_admin_suspends_the_sender_from_the_report_queue(network: Network) -> None:
    sender, recipient, message_id = received_message(network)
    network.service.report_message(recipient, message_id, "Threatening.")
    network.service.suspend_member(network.admin, sender.username)
    assert network.service.list_reports(network.admin).items[0].sender_suspended


def test_only_admins_see_and_handle_reports(network: Network) -> None:
    sender, recipient, message_id = received_message(network)
    report = network.service.report_message(recipient, message_id, "Rude and insulting.")
    for member in (sender, recipient):
        with pytest.raises(NotAllowed):
            network.service.list_reports(member)
        with pytest.raises(NotAllowed):
            network.service.remove_message(member, message_id)
        with pytest.raises(NotAllowed):
            network.service.dismiss_report(member, report.id)


def test_removed_introduction_is_hidden_from_the_request_too(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request = network.service.send_request(
        mentee, mentor.username, "Something unpleasant, at length."
    )
    intro = network.service.get_thread(mentor, request.id).messages[0]
    network.service.report_message(mentor, intro.id, "Abusive introduction.")
    network.service.remove_message(network.admin, intro.id)
    for member in (mentor, mentee):
        shown = network.service.get_request(member, request.id)
        assert "unpleasant" not in shown.message
        assert "unpleasant" not in str(network.service.list_requests(member).items)
    assert "unpleasant" not in str(network.service.export_account(mentor))
    assert network.service.list_reports(network.admin, None).items[0].message.body == (
        "Something unpleasant, at length."
    )  # the office keeps what was said


def test_removed_response_is_hidden_from_the_request_too(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    network.service.decline_request(mentor, request_id, "Something unpleasant, at length.")
    response = network.service.get_thread(mentee, request_id).messages[-1]
    network.service.report_message(mentee, response.id, "Abusive answer.")
    network.service.remove_message(network.admin, response.id)
    assert "unpleasant" not in network.service.get_request(mentee, request_id).response
