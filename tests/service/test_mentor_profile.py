"""The mentor profile: who may mentor, its states, its fields and the mentor's places."""

from __future__ import annotations

import pytest

from mentor_tui.domain.enums import MentorState, RelationshipState, Role
from mentor_tui.domain.errors import Conflict, Invalid, NotAllowed
from mentor_tui.domain.models import DEFAULT_MAX_MENTEES, SearchQuery
from tests.conftest import Network


def test_student_cannot_be_a_mentor_and_is_told_why(network: Network) -> None:
    student = network.member(Role.STUDENT)
    with pytest.raises(NotAllowed, match="Students can't be mentors: only alumni"):
        network.service.update_mentor(student, sectors=["Finance"])


def test_staff_cannot_be_a_mentor_and_is_told_why(network: Network) -> None:
    staff = network.member(Role.STAFF)
    with pytest.raises(NotAllowed, match="Staff can't be mentors: only alumni"):
        network.service.update_mentor(staff, sectors=["Finance"])
    with pytest.raises(NotAllowed, match="only alumni"):
        network.service.activate_mentor(staff)


def test_new_mentor_profile_is_inactive_with_two_places(network: Network) -> None:
    alumnus = network.member(Role.ALUMNUS)
    me = network.service.update_mentor(alumnus, sectors=["Law"])
    assert me.mentor is not None
    assert me.mentor.state is MentorState.INACTIVE
    assert me.mentor.max_mentees == DEFAULT_MAX_MENTEES == 2


def test_inactive_mentor_is_not_in_search_and_cannot_be_requested(network: Network) -> None:
    alumnus, mentee = network.member(Role.ALUMNUS), network.member()
    network.service.update_mentor(alumnus, sectors=["Law"])
    assert network.service.search_mentors(mentee, SearchQuery()).total == 0
    with pytest.raises(Conflict, match="not a mentor"):
        network.request(mentee, alumnus)


def test_activation_needs_a_sector(network: Network) -> None:
    alumnus = network.member(Role.ALUMNUS)
    with pytest.raises(Invalid, match="work sectors"):
        network.service.activate_mentor(alumnus)


def test_pending_alumnus_cannot_start_mentoring(network: Network) -> None:
    alumnus = network.member(Role.ALUMNUS, verified=False)
    network.service.update_mentor(alumnus, sectors=["Law"])  # may prepare the profile
    with pytest.raises(NotAllowed, match="being verified"):
        network.service.activate_mentor(alumnus)


def test_mentor_can_pause_and_resume(network: Network) -> None:
    mentor = network.mentor()
    paused = network.service.pause_mentor(mentor)
    assert paused.mentor is not None and paused.mentor.state is MentorState.PAUSED
    active = network.service.activate_mentor(mentor)
    assert active.mentor is not None and active.mentor.state is MentorState.ACTIVE


def test_inactive_mentor_has_nothing_to_pause(network: Network) -> None:
    alumnus = network.member(Role.ALUMNUS)
    network.service.update_mentor(alumnus, sectors=["Law"])
    with pytest.raises(Invalid, match="nothing to pause"):
        network.service.pause_mentor(alumnus)


def test_paused_mentor_is_hidden_from_search(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    network.service.pause_mentor(mentor)
    assert network.service.search_mentors(mentee, SearchQuery()).items == []


def test_paused_mentor_cannot_be_requested(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    network.service.pause_mentor(mentor)
    with pytest.raises(Conflict, match="paused mentoring"):
        network.request(mentee, mentor)


def test_paused_mentors_existing_mentoring_goes_on(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.pause_mentor(mentor)
    network.service.send_message(mentee, rel_id, "Still here, thanks!")
    network.service.add_objective(mentor, rel_id, "Finish the CV")
    assert network.service.get_relationship(mentee, rel_id).state is RelationshipState.ACTIVE


def test_alumnus_can_be_mentor_and_mentee_at_once(network: Network) -> None:
    mentor, other_mentor, mentee = network.mentor(), network.mentor(), network.member()
    network.mentoring(mentee, mentor)
    network.mentoring(mentor, other_mentor)
    rels = network.service.list_relationships(mentor).items
    assert {(r.mentor.username, r.mentee.username) for r in rels} == {
        (mentor.username, mentee.username),
        (other_mentor.username, mentor.username),
    }


@pytest.mark.parametrize("count", [1, 3])
def test_one_to_three_sectors_are_accepted(network: Network, count: int) -> None:
    alumnus = network.member(Role.ALUMNUS)
    sectors = ["Law", "Finance", "Retail"][:count]
    me = network.service.update_mentor(alumnus, sectors=sectors)
    assert me.mentor is not None and me.mentor.sectors == sectors


def test_four_sectors_are_refused(network: Network) -> None:
    alumnus = network.member(Role.ALUMNUS)
    with pytest.raises(Invalid, match="one to 3 work sectors, not 4"):
        network.service.update_mentor(
            alumnus, sectors=["Law", "Finance", "Retail", "Energy and Environment"]
        )


def test_active_mentor_cannot_drop_every_sector(network: Network) -> None:
    mentor = network.mentor(sectors=["Law"])
    with pytest.raises(Invalid, match="one to three work sectors"):
        network.service.update_mentor(mentor, sectors=[])
    me = network.service.me(mentor)
    assert me.mentor is not None and me.mentor.sectors == ["Law"]


def test_sectors_match_the_list_case_insensitively(network: Network) -> None:
    alumnus = network.member(Role.ALUMNUS)
    me = network.service.update_mentor(alumnus, sectors=["finance", "INFORMATION technology"])
    assert me.mentor is not None
    assert me.mentor.sectors == ["Finance", "Information Technology"]


def test_unknown_sector_is_refused_listing_the_choices(network: Network) -> None:
    alumnus = network.member(Role.ALUMNUS)
    with pytest.raises(Invalid, match="not a known sector; choose one of: Accounting"):
        network.service.update_mentor(alumnus, sectors=["Astrology"])


def test_help_areas_and_activities_come_from_the_lists(network: Network) -> None:
    alumnus = network.member(Role.ALUMNUS)
    me = network.service.update_mentor(
        alumnus, help_areas=["cv and applications"], activities=["Video Call", "cv review"]
    )
    assert me.mentor is not None
    assert me.mentor.help_areas == ["CV and applications"]
    assert me.mentor.activities == ["video call", "CV review"]
    with pytest.raises(Invalid, match="not a known activity"):
        network.service.update_mentor(alumnus, activities=["karaoke"])


@pytest.mark.parametrize("places", [1, 5])
def test_maximum_mentees_from_one_to_five(network: Network, places: int) -> None:
    alumnus = network.member(Role.ALUMNUS)
    me = network.service.update_mentor(alumnus, sectors=["Law"], max_mentees=places)
    assert me.mentor is not None and me.mentor.max_mentees == places


@pytest.mark.parametrize("places", [0, 6, -1])
def test_maximum_mentees_outside_one_to_five_is_refused(network: Network, places: int) -> None:
    alumnus = network.member(Role.ALUMNUS)
    with pytest.raises(Invalid, match="1 to 5"):
        network.service.update_mentor(alumnus, sectors=["Law"], max_mentees=places)


def test_public_mentor_profile_shows_activities_room_and_completed(network: Network) -> None:
    mentor, mentee, viewer = network.mentor(max_mentees=1), network.member(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.finish_relationship(mentee, rel_id)
    network.mentoring(network.member(), mentor)
    seen = network.service.get_member(viewer, mentor.username).mentor
    assert seen is not None
    assert seen.activities == ["messages", "video call"]
    assert seen.has_room is False
    assert seen.completed == 1


def test_full_mentor_is_still_shown_in_search_marked_full(network: Network) -> None:
    mentor, mentee, searcher = network.mentor(max_mentees=1), network.member(), network.member()
    network.mentoring(mentee, mentor)
    cards = network.service.search_mentors(searcher, SearchQuery()).items
    assert [c.username for c in cards] == [mentor.username]
    assert cards[0].has_room is False


def test_full_mentor_cannot_be_requested(network: Network) -> None:
    mentor, mentee = network.mentor(max_mentees=1), network.member()
    network.mentoring(mentee, mentor)
    with pytest.raises(Conflict, match="is full"):
        network.request(network.member(), mentor)


def test_raising_the_maximum_gives_room_again(network: Network) -> None:
    mentor, mentee = network.mentor(max_mentees=1), network.member()
    network.mentoring(mentee, mentor)
    me = network.service.update_mentor(mentor, max_mentees=2)
    assert me.mentor is not None and me.mentor.has_room
    network.request(network.member(), mentor)


def test_lowering_the_maximum_below_current_mentees_makes_the_mentor_full(
    network: Network,
) -> None:
    mentor = network.mentor(max_mentees=3)
    network.mentoring(network.member(), mentor)
    network.mentoring(network.member(), mentor)
    me = network.service.update_mentor(mentor, max_mentees=1)
    assert me.mentor is not None and not me.mentor.has_room
    assert me.mentor.active_mentees == 2  # nobody is dropped
    with pytest.raises(Conflict, match="is full"):
        network.request(network.member(), mentor)
