"""Joining, signing in, verification, passwords, export and leaving (domain.md, "People")."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from mentor_tui.domain.enums import (
    AccountState,
    MentorState,
    NotificationKind,
    RelationshipState,
    RequestState,
    Role,
)
from mentor_tui.domain.errors import Conflict, Invalid, NotAllowed, NotFound, NotSignedIn
from mentor_tui.domain.models import FORMER_MEMBER, Position, Registration, SearchQuery
from mentor_tui.domain.text import check_username, username_base
from tests.conftest import PASSWORD, Network


def registration(**changes: object) -> Registration:
    values: dict[str, object] = {
        "first_name": "Jane",
        "last_name": "Doe",
        "password": PASSWORD,
        "email": "jane.doe@example.org",
        "role": Role.STUDENT,
        "institution": "University of Testing",
        "programme": "History",
        "year_started": 2022,
        "year_graduated": 2026,
        "accept_guidelines": True,
    }
    values.update(changes)
    return Registration(**values)


# -- sign-up --------------------------------------------------------------------------


def test_sign_up_creates_a_pending_account(network: Network) -> None:
    member = network.service.register(registration())
    assert member.state is AccountState.PENDING
    assert member.username == "jane.doe"
    assert member.private is not None and member.private.email == "jane.doe@example.org"


def test_who_does_not_accept_the_guidelines_cannot_join(network: Network) -> None:
    with pytest.raises(NotAllowed, match="guidelines"):
        network.service.register(registration(accept_guidelines=False))
    with pytest.raises(NotSignedIn):
        network.service.login("jane.doe", PASSWORD)


def test_second_sign_up_with_same_email_says_an_account_exists(network: Network) -> None:
    network.service.register(registration())
    with pytest.raises(Conflict, match="already exists"):
        network.service.register(registration(first_name="Janet", email="jane.doe@example.org"))


def test_email_uniqueness_ignores_case(network: Network) -> None:
    network.service.register(registration())
    with pytest.raises(Conflict, match="already exists"):
        network.service.register(registration(first_name="Janet", email="JANE.DOE@Example.ORG"))


def test_username_suggestion_is_firstname_dot_lastname_in_lower_case(network: Network) -> None:
    assert network.service.suggest_username("Jane", "DOE") == "jane.doe"


def test_username_suggestion_folds_accents(network: Network) -> None:
    assert network.service.suggest_username("Zoë", "Ångström") == "zoe.angstrom"
    assert network.service.suggest_username("Łukasz", "Øberg") == "lukasz.oberg"


def test_username_suggestion_adds_a_number_when_taken(network: Network) -> None:
    network.service.register(registration())
    assert network.service.suggest_username("Jane", "Doe") == "jane.doe2"
    second = network.service.register(registration(email="other.jane@example.org"))
    assert second.username == "jane.doe2"
    assert network.service.suggest_username("Jane", "Doe") == "jane.doe3"


@given(first=st.text(min_size=1, max_size=80), last=st.text(min_size=1, max_size=80))
def test_username_suggestion_is_always_a_valid_username(first: str, last: str) -> None:
    base = username_base(first, last)
    assert check_username(base) == base or len(base) < 2
    assert check_username(f"{base}9999") == f"{base}9999"


def test_username_suggestion_for_names_without_latin_letters(network: Network) -> None:
    assert network.service.suggest_username("李", "王") == "member"


def test_username_suggestion_is_editable_before_joining(network: Network) -> None:
    member = network.service.register(registration(username="JaneD"))
    assert member.username == "janed"
    assert network.service.login("janed", PASSWORD).username == "janed"


def test_taken_username_is_refused_with_a_free_one_suggested(network: Network) -> None:
    network.service.register(registration())
    with pytest.raises(Conflict, match=re.escape("'jane.doe' is taken; 'jane.doe2' is free")):
        network.service.register(registration(username="jane.doe", email="j2@example.org"))


def test_malformed_username_is_refused(network: Network) -> None:
    with pytest.raises(Invalid, match="can't be a username"):
        network.service.register(registration(username="jane doe!"))


def test_password_needs_at_least_ten_characters(network: Network) -> None:
    with pytest.raises(Invalid, match="at least 10"):
        network.service.register(registration(password="123456789"))
    assert network.service.register(registration(password="1234567890")).username == "jane.doe"


def test_malformed_email_is_refused_at_sign_up(network: Network) -> None:
    with pytest.raises(Invalid, match="not an e-mail address"):
        network.service.register(registration(email="jane.doe.example.org"))


def test_graduation_before_start_is_refused_at_sign_up(network: Network) -> None:
    with pytest.raises(Invalid, match="graduation year"):
        network.service.register(registration(year_started=2020, year_graduated=2018))


def test_member_can_sign_in_with_email_instead_of_username(network: Network) -> None:
    network.service.register(registration())
    assert network.service.login("Jane.Doe@example.org", PASSWORD).username == "jane.doe"


def test_member_signs_in_with_an_email_typed_in_any_case(network: Network) -> None:
    network.service.register(registration(email="Jürgen.Straße@Example.de"))
    for typed in ("jürgen.straße@example.de", "JÜRGEN.STRASSE@EXAMPLE.DE"):
        assert network.service.login(typed, PASSWORD).username == "jane.doe"


def test_wrong_password_does_not_sign_in(network: Network) -> None:
    network.service.register(registration())
    with pytest.raises(NotSignedIn, match="don't match"):
        network.service.login("jane.doe", "not the password")


def test_signed_out_session_no_longer_works(network: Network) -> None:
    network.service.register(registration())
    session = network.service.login("jane.doe", PASSWORD)
    network.service.logout(session.token)
    with pytest.raises(NotSignedIn):
        network.service.authenticate(session.token)


def test_session_ends_after_thirty_days(network: Network) -> None:
    network.service.register(registration())
    session = network.service.login("jane.doe", PASSWORD)
    network.clock.advance(days=31)
    with pytest.raises(NotSignedIn, match="sign in again"):
        network.service.authenticate(session.token)


# -- verification ---------------------------------------------------------------------


def test_pending_member_can_sign_in_and_edit_own_profile(network: Network) -> None:
    pending = network.member(verified=False)
    assert pending.state is AccountState.PENDING
    me = network.service.update_profile(pending, {"headline": "History student"})
    assert me.headline == "History student"


def test_pending_member_is_told_the_account_is_being_verified(network: Network) -> None:
    pending = network.member(verified=False)
    with pytest.raises(NotAllowed, match="being verified"):
        network.service.search_mentors(pending, SearchQuery())


def test_pending_member_cannot_request_mentoring(network: Network) -> None:
    mentor = network.mentor()
    pending = network.member(verified=False)
    with pytest.raises(NotAllowed, match="being verified"):
        network.request(pending, mentor)


def test_pending_member_cannot_send_messages(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    thread_id = network.request(mentee, mentor)
    pending = network.member(verified=False)
    with pytest.raises(NotAllowed, match="being verified"):
        network.service.send_message(pending, thread_id, "Hello there")


def test_pending_member_cannot_see_other_members(network: Network) -> None:
    other = network.member()
    pending = network.member(verified=False)
    with pytest.raises(NotAllowed):
        network.service.get_member(pending, other.username)
    assert network.service.get_member(pending, pending.username).username == pending.username


def test_pending_member_sees_no_sector_cloud_or_suggestions(network: Network) -> None:
    network.mentor()
    pending = network.member(verified=False)
    with pytest.raises(NotAllowed):
        network.service.sector_cloud(pending)
    with pytest.raises(NotAllowed):
        network.service.suggest_mentors(pending)
    dashboard = network.service.dashboard(pending)
    assert dashboard.sectors == [] and dashboard.suggestions == []


def test_verification_notifies_the_member_and_opens_the_network(network: Network) -> None:
    pending = network.member(verified=False)
    network.service.verify_member(network.admin, pending.username)
    assert network.kinds(pending) == [NotificationKind.ACCOUNT_VERIFIED]
    verified = network.actor(pending.username)
    assert verified.state is AccountState.VERIFIED
    assert network.service.search_mentors(verified, SearchQuery()).total == 0


def test_verifying_a_verified_account_is_a_conflict(network: Network) -> None:
    member = network.member()
    with pytest.raises(Conflict, match="already verified"):
        network.service.verify_member(network.admin, member.username)


def test_rejection_notifies_the_member_with_the_reason(network: Network) -> None:
    pending = network.member(verified=False)
    rejected = network.service.reject_member(network.admin, pending.username, "Not in records")
    assert rejected.state is AccountState.REJECTED
    notes = network.service.list_notifications(pending).items
    assert [n.kind for n in notes] == [NotificationKind.ACCOUNT_REJECTED]
    assert "Not in records" in notes[0].text


def test_rejected_member_can_sign_in_but_not_use_the_network(network: Network) -> None:
    pending = network.member(verified=False)
    network.service.reject_member(network.admin, pending.username)
    rejected = network.actor(pending.username)
    assert rejected.state is AccountState.REJECTED
    with pytest.raises(NotAllowed, match="could not verify"):
        network.service.search_mentors(rejected, SearchQuery())


def test_only_pending_accounts_can_be_rejected(network: Network) -> None:
    member = network.member()
    with pytest.raises(Conflict, match="only pending"):
        network.service.reject_member(network.admin, member.username)


# -- suspension -----------------------------------------------------------------------


def test_suspended_member_cannot_sign_in(network: Network) -> None:
    member = network.member()
    network.service.suspend_member(network.admin, member.username)
    with pytest.raises(NotAllowed, match="suspended"):
        network.service.login(member.username, PASSWORD)


def test_suspension_ends_the_members_sessions(network: Network) -> None:
    member = network.member()
    session = network.service.login(member.username, PASSWORD)
    network.service.suspend_member(network.admin, member.username)
    with pytest.raises(NotSignedIn):
        network.service.authenticate(session.token)


def test_suspension_notifies_the_member(network: Network) -> None:
    member = network.member()
    network.service.suspend_member(network.admin, member.username)
    network.service.verify_member(network.admin, member.username)  # reinstated
    assert network.kinds(network.actor(member.username)) == [
        NotificationKind.ACCOUNT_VERIFIED,
        NotificationKind.ACCOUNT_SUSPENDED,
        NotificationKind.ACCOUNT_VERIFIED,
    ]


def test_suspended_mentor_is_paused_and_leaves_search(network: Network) -> None:
    mentor = network.mentor()
    mentee = network.member()
    network.service.suspend_member(network.admin, mentor.username)
    assert network.service.search_mentors(mentee, SearchQuery()).total == 0
    with pytest.raises(Conflict, match="paused"):
        network.request(mentee, mentor)


def test_admin_cannot_suspend_own_account(network: Network) -> None:
    with pytest.raises(Conflict, match="own account"):
        network.service.suspend_member(network.admin, network.admin.username)


# -- username and role ----------------------------------------------------------------


def test_member_cannot_change_own_username(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="not a profile field"):
        network.service.update_profile(member, {"username": "new.name"})


def test_member_cannot_change_own_role(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="not a profile field"):
        network.service.update_profile(member, {"role": "alumnus"})
    with pytest.raises(NotAllowed):
        network.service.set_role(member, member.username, Role.ALUMNUS)


def test_admin_renames_a_member_who_is_notified(network: Network) -> None:
    member = network.member()
    renamed = network.service.rename_member(network.admin, member.username, "New.Name")
    assert renamed.username == "new.name"
    assert network.service.login("new.name", PASSWORD).username == "new.name"
    with pytest.raises(NotSignedIn):
        network.service.login(member.username, PASSWORD)
    assert NotificationKind.USERNAME_CHANGED in network.kinds(network.actor("new.name"))


def test_rename_to_a_taken_username_is_refused(network: Network) -> None:
    first, second = network.member(), network.member()
    with pytest.raises(Conflict, match="taken"):
        network.service.rename_member(network.admin, first.username, second.username)


def test_admin_changes_a_graduate_into_an_alumnus_who_is_notified(network: Network) -> None:
    student = network.member(Role.STUDENT)
    changed = network.service.set_role(network.admin, student.username, Role.ALUMNUS)
    assert changed.role is Role.ALUMNUS
    assert network.kinds(student)[-1] is NotificationKind.ROLE_CHANGED
    alumnus = network.actor(student.username)
    network.service.update_mentor(alumnus, sectors=["Law"])
    assert network.service.activate_mentor(alumnus).mentor is not None


def test_mentor_who_stops_being_an_alumnus_is_paused(network: Network) -> None:
    mentor = network.mentor()
    network.service.set_role(network.admin, mentor.username, Role.STAFF)
    me = network.service.me(network.actor(mentor.username))
    assert me.mentor is not None and me.mentor.state is MentorState.PAUSED
    with pytest.raises(NotAllowed, match="only alumni"):
        network.service.activate_mentor(network.actor(mentor.username))


def test_setting_the_same_role_again_is_a_conflict(network: Network) -> None:
    student = network.member(Role.STUDENT)
    with pytest.raises(Conflict, match="already student"):
        network.service.set_role(network.admin, student.username, Role.STUDENT)


# -- password -------------------------------------------------------------------------


def test_password_change_needs_the_old_password(network: Network) -> None:
    member = network.member()
    with pytest.raises(NotAllowed, match="current password"):
        network.service.change_password(member, "wrong password", "a brand new secret")
    assert network.service.login(member.username, PASSWORD)


def test_password_change_refuses_a_short_new_password(network: Network) -> None:
    member = network.member()
    with pytest.raises(Invalid, match="at least 10"):
        network.service.change_password(member, PASSWORD, "short")


def test_password_change_ends_other_sessions_and_keeps_this_device(network: Network) -> None:
    member = network.member()
    other_device = network.service.login(member.username, PASSWORD)
    fresh = network.service.change_password(member, PASSWORD, "a brand new secret")
    with pytest.raises(NotSignedIn):
        network.service.authenticate(other_device.token)
    assert network.service.authenticate(fresh.token).id == member.id
    with pytest.raises(NotSignedIn):
        network.service.login(member.username, PASSWORD)
    assert network.service.login(member.username, "a brand new secret")


# -- export ---------------------------------------------------------------------------


def test_export_contains_own_profile_requests_messages_and_notifications(
    network: Network,
) -> None:
    mentor, mentee = network.mentor(), network.member()
    network.service.update_profile(mentee, {"address": "1 Test Street", "bio": "I like maps."})
    rel_id = network.mentoring(mentee, mentor)
    network.service.send_message(mentor, rel_id, "Welcome aboard!")
    data = network.service.export_account(mentee)
    assert data["profile"]["username"] == mentee.username
    assert data["profile"]["private"]["address"] == "1 Test Street"
    assert data["profile"]["private"]["email"].startswith("member")
    assert [r["id"] for r in data["requests"]] == [rel_id]
    assert [r["id"] for r in data["relationships"]] == [rel_id]
    assert "Welcome aboard!" in [m["body"] for m in data["messages"]]
    assert "request_accepted" in [n["kind"] for n in data["notifications"]]


def test_export_holds_nothing_of_other_members_threads(network: Network) -> None:
    mentor, mentee, other = network.mentor(), network.member(), network.member()
    network.mentoring(mentee, mentor)
    data = network.service.export_account(other)
    assert data["requests"] == [] and data["messages"] == [] and data["relationships"] == []


# -- leaving --------------------------------------------------------------------------


def test_deletion_needs_the_password(network: Network) -> None:
    member = network.member()
    with pytest.raises(NotAllowed, match="password"):
        network.service.delete_account(member, "wrong password")
    assert network.service.login(member.username, PASSWORD)


def test_deleted_member_is_gone(network: Network) -> None:
    member, other = network.member(), network.member()
    session = network.service.login(member.username, PASSWORD)
    network.service.delete_account(member, PASSWORD)
    with pytest.raises(NotSignedIn):
        network.service.authenticate(session.token)
    with pytest.raises(NotSignedIn):
        network.service.login(member.username, PASSWORD)
    with pytest.raises(NotFound):
        network.service.get_member(other, member.username)


def test_deletion_leaves_no_personal_data_in_the_database(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    secrets = {
        "email": "leaving.person@example.org",
        "address": "12 Hidden Lane",
        "bio": "Collects rare orchids",
        "headline": "Orchid whisperer",
        "website": "https://orchids.example.org",
    }
    network.service.update_profile(mentor, secrets)
    network.service.set_positions(mentor, [Position(title="Orchid keeper", organisation="Kew")])
    network.service.update_profile(mentor, {"interests": ["Law"]})
    network.mentoring(mentee, mentor)
    network.service.delete_account(mentor, PASSWORD)
    store = network.service.store
    with store.read() as conn:
        everything = " ".join(
            str(row)
            for table in inspect(conn).get_table_names()
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    for value in (*secrets.values(), "Orchid keeper", mentor.username):
        assert value not in everything
    if store.dialect == "sqlite":  # not even in the file's free pages or search index
        store.close()
        raw = b"".join(p.read_bytes() for p in network.data_dir.glob("network.sqlite3*"))
        for value in (*secrets.values(), "orchids", "whisperer"):
            assert value.encode() not in raw, value


def test_deleted_members_email_can_join_again(network: Network) -> None:
    network.service.register(registration())
    network.service.delete_account(network.actor("jane.doe"), PASSWORD)
    assert network.service.register(registration()).username == "jane.doe"


def test_messages_of_a_deleted_member_stay_readable_from_former_member(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.send_message(mentee, rel_id, "Thanks for everything so far.")
    network.service.delete_account(mentee, PASSWORD)
    thread = network.service.get_thread(mentor, rel_id)
    from_mentee = [m for m in thread.messages if not m.mine]
    assert [m.body for m in from_mentee] == [
        "Hello, I would value your advice on my career plans.",
        "Thanks for everything so far.",
    ]
    assert {m.sender_name for m in from_mentee} == {FORMER_MEMBER}
    assert thread.request.mentee.name == FORMER_MEMBER
    assert not thread.can_write


def test_deleting_a_mentee_finishes_mentoring_and_frees_the_place(network: Network) -> None:
    mentor, mentee = network.mentor(max_mentees=1), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.delete_account(mentee, PASSWORD)
    rel = network.service.get_relationship(mentor, rel_id)
    assert rel.state is RelationshipState.FINISHED
    profile = network.service.me(mentor).mentor
    assert profile is not None and profile.has_room and profile.active_mentees == 0
    assert network.kinds(mentor)[-1] is NotificationKind.RELATIONSHIP_FINISHED
    network.request(network.member(), mentor)  # the place is free again


def test_deleting_a_mentor_finishes_mentoring_and_tells_the_mentee(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    rel_id = network.mentoring(mentee, mentor)
    network.service.delete_account(mentor, PASSWORD)
    assert network.service.get_relationship(mentee, rel_id).state is RelationshipState.FINISHED
    assert network.kinds(mentee)[-1] is NotificationKind.RELATIONSHIP_FINISHED
    assert network.service.search_mentors(mentee, SearchQuery()).total == 0


def test_deleting_a_mentee_closes_the_pending_request_and_tells_the_mentor(
    network: Network,
) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    network.service.delete_account(mentee, PASSWORD)
    assert network.service.get_request(mentor, request_id).state is RequestState.RETRACTED
    assert network.kinds(mentor)[-1] is NotificationKind.REQUEST_RETRACTED


def test_deleting_a_mentor_closes_pending_requests_and_tells_the_mentee(network: Network) -> None:
    mentor, mentee = network.mentor(), network.member()
    request_id = network.request(mentee, mentor)
    network.service.delete_account(mentor, PASSWORD)
    assert network.service.get_request(mentee, request_id).state is RequestState.DECLINED
    assert network.kinds(mentee)[-1] is NotificationKind.REQUEST_DECLINED
    # The pending slot is given back: three new requests can go out.
    for _ in range(3):
        network.request(mentee, network.mentor())


def test_last_admin_cannot_delete_own_account(network: Network) -> None:
    with pytest.raises(Conflict, match="only admin"):
        network.service.delete_account(network.admin, PASSWORD)
    assert network.service.login(network.admin.username, PASSWORD)
