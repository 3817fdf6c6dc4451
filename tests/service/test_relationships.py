"""Mentoring relationships: finishing, objectives, the agreed rhythm and quiet reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mentor_tui.domain.enums import NotificationKind, RelationshipState
from mentor_tui.domain.errors import Conflict, Invalid, NotFound
from mentor_tui.domain.models import DEFAULT_RHYTHM_DAYS
from mentor_tui.service.admin import _past_rhythm
from mentor_tui.store import schema
from tests.conftest import Network

QUIET = NotificationKind.RELATIONSHIP_QUIET


@pytest.mark.parametrize("side", ["mentor", "mentee"])
def test_either_side_finishes_with_a_note_and_feedback(network: Network, side: str) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    finisher, other = (mentor, mentee) if side == "mentor" else (mentee, mentor)
    rel = network.service.finish_relationship(finisher, rel_id, "Thanks, all done.", 4)
    assert rel.state is RelationshipState.FINISHED
    assert rel.closing_note == "Thanks, all done." and rel.feedback == 4
    assert rel.finished_by is not None and rel.finished_by.username == finisher.username
    assert network.kinds(other)[-1] is NotificationKind.RELATIONSHIP_FINISHED


def test_note_and_feedback_are_optional(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel = network.service.finish_relationship(mentee, network.mentoring(mentee, mentor))
    assert rel.state is RelationshipState.FINISHED and rel.feedback is None


@pytest.mark.parametrize("feedback", [0, 6])
def test_feedback_outside_one_to_five_is_refused(network: Network, feedback: int) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    with pytest.raises(Invalid, match=r"1 .* to 5"):
        network.service.finish_relationship(mentee, rel_id, feedback=feedback)
    assert network.service.get_relationship(mentee, rel_id).state is RelationshipState.ACTIVE


def test_finishing_frees_the_place_and_counts_as_completed(network: Network) -> None:
    mentor, mentee = network.mentor(max_mentees=1), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.finish_relationship(mentor, rel_id)
    profile = network.service.me(mentor).mentor
    assert profile is not None
    assert (profile.active_mentees, profile.has_room, profile.completed) == (0, True, 1)
    network.request(network.member(), mentor)


def test_finished_thread_stays_readable_but_read_only(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.send_message(mentee, rel_id, "One last question.")
    network.service.finish_relationship(mentor, rel_id)
    thread = network.service.get_thread(mentee, rel_id)
    assert "One last question." in [m.body for m in thread.messages]
    assert thread.can_write is False
    with pytest.raises(Conflict, match="read-only"):
        network.service.send_message(mentee, rel_id, "Are you still there?")


def test_finished_mentoring_cannot_finish_again(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.finish_relationship(mentee, rel_id)
    with pytest.raises(Conflict, match="already finished"):
        network.service.finish_relationship(mentor, rel_id)
    profile = network.service.me(mentor).mentor
    assert profile is not None and profile.completed == 1


def test_outsider_cannot_finish_or_see_a_mentoring(network: Network) -> None:
    mentor, mentee, outsider = network.mentor(), network.member(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    with pytest.raises(NotFound):
        network.service.finish_relationship(outsider, rel_id)
    with pytest.raises(NotFound):
        network.service.get_relationship(outsider, rel_id)
    assert network.service.list_relationships(outsider).total == 0


def test_relationships_list_by_state(network: Network) -> None:
    mentor, mentee = network.mentor(max_mentees=3), network.member()
    finished = network.mentoring(mentee, mentor)
    network.service.finish_relationship(mentee, finished)
    active = network.mentoring(mentee, mentor)
    assert [r.id for r in network.service.list_relationships(mentor).items] == [active, finished]
    only_active = network.service.list_relationships(mentor, RelationshipState.ACTIVE)
    assert [r.id for r in only_active.items] == [active]


# -- objectives -----------------------------------------------------------------------


def test_either_side_adds_edits_and_ticks_objectives(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    objective = network.service.add_objective(mentee, rel_id, "Rewrite my CV")
    edited = network.service.edit_objective(mentor, objective.id, "Rewrite CV for banks")
    assert edited.text == "Rewrite CV for banks" and not edited.done
    ticked = network.service.set_objective_done(mentor, objective.id)
    assert ticked.done and ticked.done_at == network.clock.now
    unticked = network.service.set_objective_done(mentee, objective.id, done=False)
    assert not unticked.done and unticked.done_at is None
    rel = network.service.get_relationship(mentee, rel_id)
    assert [o.text for o in rel.objectives] == ["Rewrite CV for banks"]


def test_empty_objective_is_refused(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    with pytest.raises(Invalid, match="required"):
        network.service.add_objective(mentee, rel_id, "  ")


def test_outsider_cannot_touch_objectives(network: Network) -> None:
    mentor, mentee, outsider = network.mentor(), network.member(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    objective = network.service.add_objective(mentee, rel_id, "Rewrite my CV")
    with pytest.raises(NotFound):
        network.service.add_objective(outsider, rel_id, "Sneak in")
    with pytest.raises(NotFound):
        network.service.edit_objective(outsider, objective.id, "Changed")
    with pytest.raises(NotFound):
        network.service.set_objective_done(outsider, objective.id)


def test_objectives_of_a_finished_mentoring_are_frozen(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    objective = network.service.add_objective(mentee, rel_id, "Rewrite my CV")
    network.service.finish_relationship(mentee, rel_id)
    with pytest.raises(Conflict):
        network.service.add_objective(mentee, rel_id, "Another")
    with pytest.raises(Conflict):
        network.service.set_objective_done(mentee, objective.id)


def test_when_every_objective_is_met_both_are_told(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    first = network.service.add_objective(mentee, rel_id, "Rewrite my CV")
    second = network.service.add_objective(mentee, rel_id, "Two mock interviews")
    network.service.set_objective_done(mentee, first.id)
    assert NotificationKind.OBJECTIVES_MET not in network.kinds(mentee)
    network.service.set_objective_done(mentor, second.id)
    assert network.kinds(mentee)[-1] is NotificationKind.OBJECTIVES_MET
    assert network.kinds(mentor)[-1] is NotificationKind.OBJECTIVES_MET
    assert network.service.get_relationship(mentee, rel_id).all_objectives_met


def test_ticking_an_already_met_objective_tells_nobody_again(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    objective = network.service.add_objective(mentee, rel_id, "Rewrite my CV")
    network.service.set_objective_done(mentee, objective.id)
    network.service.set_objective_done(mentee, objective.id)
    assert network.kinds(mentor).count(NotificationKind.OBJECTIVES_MET) == 1


# -- rhythm and quiet reminders -------------------------------------------------------


def test_rhythm_starts_at_about_once_a_month(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel = network.service.get_relationship(mentee, network.mentoring(mentee, mentor))
    assert rel.rhythm_days == DEFAULT_RHYTHM_DAYS == 30


@pytest.mark.parametrize("days", [1, 365])
def test_rhythm_from_one_to_365_days(network: Network, days: int) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    assert network.service.set_rhythm(mentor, rel_id, days).rhythm_days == days


@pytest.mark.parametrize("days", [0, 366])
def test_rhythm_outside_one_to_365_days_is_refused(network: Network, days: int) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    with pytest.raises(Invalid, match="1 to 365"):
        network.service.set_rhythm(mentor, rel_id, days)


def test_quiet_mentoring_reminds_both_once(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.set_rhythm(mentee, rel_id, 7)
    network.clock.advance(days=7)
    network.service.process_due()
    assert QUIET not in network.kinds(mentee)
    network.clock.advance(hours=1)
    assert network.service.get_relationship(mentee, rel_id).quiet
    network.service.process_due()
    network.clock.advance(days=20)
    network.service.process_due()
    assert network.kinds(mentee).count(QUIET) == 1
    assert network.kinds(mentor).count(QUIET) == 1


@pytest.mark.parametrize(
    ("rhythm", "past_it", "quiet"),
    [
        (1, {"seconds": -1}, False),
        (1, {}, False),
        (1, {"microseconds": 1}, True),
        (1, {"milliseconds": 1}, True),
        (30, {}, False),
        (30, {"microseconds": 1}, True),
        (365, {"seconds": -1}, False),
        (365, {"microseconds": 1}, True),
    ],
)
def test_quiet_exactly_once_the_rhythm_has_passed(
    network: Network, rhythm: int, past_it: dict[str, float], quiet: bool
) -> None:
    """The sweep's database test (admin._past_rhythm) leaves no quiet mentoring out, to
    the microsecond, on either database."""
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.set_rhythm(mentee, rel_id, rhythm)
    network.clock.advance(days=rhythm, **past_it)
    network.service.process_due()
    assert (QUIET in network.kinds(mentee)) is quiet
    assert (QUIET in network.kinds(mentor)) is quiet


@pytest.mark.parametrize("zone", ["UTC", "Australia/Sydney", "Europe/London"])
def test_the_databases_quiet_test_counts_days_of_24_hours_in_any_zone(
    network: Network, zone: str
) -> None:
    """60 days from the network's start (2 March 2026) cross a clock change in Sydney (an
    hour longer, 5 April) and in London (an hour shorter, 29 March): a minute past the
    rhythm, the mentoring is quiet whatever the database session's time zone."""
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.set_rhythm(mentee, rel_id, 60)
    rel = schema.relationships
    with network.service.store.read() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL TIME ZONE '{zone}'")
        contact = conn.execute(select(rel.c.last_contact_at).where(rel.c.id == rel_id)).scalar_one()
        now = contact + timedelta(days=60, minutes=1)
        quiet = conn.execute(select(rel.c.id).where(_past_rhythm(conn, now))).scalars().all()
    assert rel_id in quiet


def test_quiet_reminder_comes_again_only_after_new_contact_and_new_quiet(
    network: Network,
) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.set_rhythm(mentee, rel_id, 7)
    network.clock.advance(days=8)
    network.service.process_due()
    network.service.send_message(mentee, rel_id, "Sorry, busy weeks!")
    assert not network.service.get_relationship(mentee, rel_id).quiet
    network.clock.advance(days=6)
    network.service.process_due()
    assert network.kinds(mentor).count(QUIET) == 1
    network.clock.advance(days=2)
    network.service.process_due()
    assert network.kinds(mentor).count(QUIET) == 2
    assert network.kinds(mentee).count(QUIET) == 2


def test_finished_mentoring_is_never_quiet(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.finish_relationship(mentee, rel_id)
    network.clock.advance(days=90)
    network.service.process_due()
    assert QUIET not in network.kinds(mentor)
    assert not network.service.get_relationship(mentor, rel_id).quiet


def test_rhythm_of_a_finished_mentoring_cannot_change(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.finish_relationship(mentee, rel_id)
    with pytest.raises(Conflict):
        network.service.set_rhythm(mentor, rel_id, 14)
