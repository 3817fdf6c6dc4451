"""Accounts and profiles behave the same through either backend."""

from __future__ import annotations

import pytest

from mentor_tui.domain.enums import AccountState, Role
from mentor_tui.domain.errors import Conflict, Invalid, NotAllowed, NotFound, NotSignedIn
from mentor_tui.domain.models import Position, SearchQuery
from tests.contract.conftest import INTRO, PASSWORD, ContractNetwork


async def test_new_member_is_pending_and_may_only_edit_the_profile(net: ContractNetwork) -> None:
    mentor = await net.mentor()
    person = await net.member(verified=False)
    actor = await person.backend.whoami()
    assert actor.state is AccountState.PENDING
    member = await person.backend.update_profile({"headline": "Economics student"})
    assert member.headline == "Economics student"
    with pytest.raises(NotAllowed, match="being verified"):
        await person.backend.search_mentors(SearchQuery())
    with pytest.raises(NotAllowed):
        await person.backend.send_request(mentor.username, INTRO)


async def test_second_account_with_the_same_email_is_refused(net: ContractNetwork) -> None:
    backend = net.backend()
    first = net.registration()
    await backend.register(first)
    again = first.model_copy(update={"username": None, "first_name": "Other"})
    with pytest.raises(Conflict, match="already exists"):
        await backend.register(again)


async def test_sign_up_without_accepting_the_guidelines_is_refused(net: ContractNetwork) -> None:
    with pytest.raises(NotAllowed, match="guidelines"):
        await net.backend().register(net.registration(accept_guidelines=False))


async def test_short_password_is_invalid(net: ContractNetwork) -> None:
    with pytest.raises(Invalid, match="at least 10"):
        await net.backend().register(net.registration(password="short"))


async def test_suggested_username_is_free_and_folded(net: ContractNetwork) -> None:
    name = await net.backend().suggest_username("Zoë", "Ångström")
    assert name.startswith("zoe.angstrom")


async def test_wrong_password_is_refused_with_not_signed_in(net: ContractNetwork) -> None:
    person = await net.member()
    with pytest.raises(NotSignedIn, match="don't match"):
        await net.backend().login(person.username, "not the password at all")


async def test_sign_out_ends_the_session(net: ContractNetwork) -> None:
    person = await net.member()
    session = person.backend.session
    assert session is not None
    other = net.backend()
    assert (await other.resume(session)).username == person.username
    await person.backend.logout()
    with pytest.raises(NotSignedIn):
        await other.resume(session)
    assert other.session is None
    with pytest.raises(NotSignedIn):
        await person.backend.me()


async def test_password_change_needs_the_old_one_and_ends_other_sessions(
    net: ContractNetwork,
) -> None:
    person = await net.member()
    second = net.backend()
    await second.login(person.username, PASSWORD)
    with pytest.raises(NotAllowed, match="current password"):
        await person.backend.change_password("wrong old password", "a new long password")
    await person.backend.change_password(PASSWORD, "a new long password")
    assert (await person.backend.whoami()).username == person.username
    with pytest.raises(NotSignedIn):
        await second.whoami()


async def test_profile_changes_are_checked_and_seen_by_others(net: ContractNetwork) -> None:
    person = await net.member(Role.ALUMNUS)
    viewer = await net.member()
    me = await person.backend.update_profile({"headline": "Analyst in London", "city": "London"})
    assert me.private is not None
    with pytest.raises(Invalid, match="not a profile field"):
        await person.backend.update_profile({"favourite_colour": "blue"})
    with pytest.raises(Invalid):
        await person.backend.update_profile({"headline": "x" * 126})
    await person.backend.set_positions(
        [Position(title="Analyst", organisation="Example Bank", start="2020")]
    )
    seen = await viewer.backend.get_member(person.username)
    assert seen.headline == "Analyst in London"
    assert seen.positions[0].organisation == "Example Bank"
    assert seen.private is None
    assert (await viewer.backend.get_member(person.id)).username == person.username
    with pytest.raises(NotFound):
        await viewer.backend.get_member("nobody.here.at.all")


async def test_confirm_profile_and_export(net: ContractNetwork) -> None:
    person = await net.member()
    me = await person.backend.confirm_profile()
    assert me.private is not None and not me.private.confirmation_due
    data = await person.backend.export_account()
    assert data["format"] == "mentor-tui export 1"
    assert data["profile"]["username"] == person.username


async def test_deleting_the_account_needs_the_password(net: ContractNetwork) -> None:
    person = await net.member()
    with pytest.raises(NotAllowed, match="password is not right"):
        await person.backend.delete_account("wrong password!")
    await person.backend.delete_account(PASSWORD)
    assert person.backend.session is None
    office = await net.admin()
    with pytest.raises(NotFound):
        await office.backend.get_member(person.username)


async def test_student_cannot_become_a_mentor(net: ContractNetwork) -> None:
    student = await net.member(Role.STUDENT)
    with pytest.raises(NotAllowed, match="lumni"):
        await student.backend.update_mentor(sectors=["Finance"])


async def test_mentor_profile_rules(net: ContractNetwork) -> None:
    alumnus = await net.member(Role.ALUMNUS)
    with pytest.raises(Invalid):
        await alumnus.backend.update_mentor(max_mentees=9)
    with pytest.raises(Invalid):
        await alumnus.backend.update_mentor(sectors=["Underwater Basket Weaving"])
    member = await alumnus.backend.update_mentor(
        sectors=["finance"], activities=["messages"], max_mentees=3
    )
    assert member.mentor is not None
    assert member.mentor.sectors == ["Finance"]
    assert member.mentor.state.value == "inactive"
    assert (await alumnus.backend.activate_mentor()).mentor.state.value == "active"  # type: ignore[union-attr]
    assert (await alumnus.backend.pause_mentor()).mentor.state.value == "paused"  # type: ignore[union-attr]
