"""Notifications, reports and the programme office behave the same through either backend."""

from __future__ import annotations

import asyncio

import pytest

from mentor_tui.domain.enums import AccountState, ReportState, Role
from mentor_tui.domain.errors import Conflict, NotAllowed, NotFound, NotSignedIn
from tests.contract.conftest import INTRO, PASSWORD, ContractNetwork


async def test_admin_verifies_a_pending_member_who_is_told(net: ContractNetwork) -> None:
    office = await net.admin()
    person = await net.member(verified=False)
    queue = await office.backend.verification_queue(page_size=100)
    assert person.username in [m.username for m in queue.items]
    verified = await office.backend.verify_member(person.username)
    assert verified.state is AccountState.VERIFIED
    with pytest.raises(Conflict, match="already verified"):
        await office.backend.verify_member(person.username)
    notes = await person.backend.list_notifications()
    assert [n.kind.value for n in notes.items] == ["account_verified"]


async def test_admin_rejects_renames_and_changes_roles(net: ContractNetwork) -> None:
    office = await net.admin()
    pending = await net.member(verified=False)
    rejected = await office.backend.reject_member(pending.username, "Not in our records")
    assert rejected.state is AccountState.REJECTED

    person = await net.member(Role.STUDENT)
    renamed = await office.backend.rename_member(person.username, person.username + "x")
    assert renamed.username == person.username + "x"
    alumnus = await office.backend.set_role(renamed.username, Role.ALUMNUS)
    assert alumnus.role is Role.ALUMNUS
    with pytest.raises(NotFound):
        await office.backend.verify_member("no.such.member")


async def test_suspended_member_is_signed_out(net: ContractNetwork) -> None:
    office = await net.admin()
    person = await net.member()
    suspended = await office.backend.suspend_member(person.username)
    assert suspended.state is AccountState.SUSPENDED
    with pytest.raises(NotSignedIn):
        await person.backend.whoami()
    with pytest.raises(NotAllowed, match="suspended"):
        await net.backend().login(person.username, PASSWORD)


async def test_members_are_refused_the_office(net: ContractNetwork) -> None:
    person = await net.member()
    for call in (
        person.backend.verification_queue(),
        person.backend.verify_member(person.username),
        person.backend.suspend_member(person.username),
        person.backend.list_reports(),
        person.backend.stats(),
        person.backend.dismiss_report(1),
        person.backend.remove_message(1),
        person.backend.set_role(person.username, Role.STAFF),
    ):
        with pytest.raises(NotAllowed, match="admins"):
            await call


async def test_report_then_moderator_removes_the_message(net: ContractNetwork) -> None:
    office = await net.admin()
    mentor = await net.mentor()
    mentee = await net.member()
    request = await mentee.backend.send_request(mentor.username, INTRO)
    await mentor.backend.accept_request(request.id)
    rude = await mentor.backend.send_message(request.id, "Something rude")
    with pytest.raises(NotAllowed, match="received"):
        await mentor.backend.report_message(rude.id, "My own message")
    report = await mentee.backend.report_message(rude.id, "Rude and unhelpful")
    assert report.state is ReportState.OPEN
    with pytest.raises(Conflict, match="already reported"):
        await mentee.backend.report_message(rude.id, "Again")

    open_reports = await office.backend.list_reports(ReportState.OPEN, page_size=100)
    assert report.id in [r.id for r in open_reports.items]
    handled = await office.backend.remove_message(rude.id)
    assert handled is not None and handled.state is ReportState.REMOVED
    every = await office.backend.list_reports(None, page_size=100)
    assert report.id in [r.id for r in every.items]
    thread = await mentee.backend.get_thread(request.id)
    removed = next(m for m in thread.messages if m.id == rude.id)
    assert removed.removed and removed.body == ""
    kinds = [n.kind.value for n in (await mentee.backend.list_notifications()).items]
    assert "report_handled" in kinds
    with pytest.raises(Conflict):
        await office.backend.remove_message(rude.id)


async def test_moderator_dismisses_a_report(net: ContractNetwork) -> None:
    office = await net.admin()
    mentor = await net.mentor()
    mentee = await net.member()
    request = await mentee.backend.send_request(mentor.username, INTRO)
    await mentor.backend.accept_request(request.id)
    message = await mentor.backend.send_message(request.id, "A perfectly fine message")
    report = await mentee.backend.report_message(message.id, "Not sure about this")
    dismissed = await office.backend.dismiss_report(report.id)
    assert dismissed.state is ReportState.DISMISSED
    with pytest.raises(Conflict):
        await office.backend.dismiss_report(report.id)
    with pytest.raises(NotFound):
        await office.backend.dismiss_report(10_000_000)
    assert await office.backend.remove_message(message.id) is None


async def test_programme_figures(net: ContractNetwork) -> None:
    office = await net.admin()
    await net.mentor(sectors=["Healthcare"])
    stats = await office.backend.stats()
    assert stats.members_by_role_and_state["alumnus"]["verified"] >= 1
    assert stats.active_mentors_by_sector.get("Healthcare", 0) >= 1


async def test_unread_count_and_marking_read(net: ContractNetwork) -> None:
    mentor = await net.mentor()
    other = await net.member()
    for _ in range(3):
        mentee = await net.member()
        await mentee.backend.send_request(mentor.username, INTRO)
    assert await mentor.backend.unread_count() == 3
    summary = await mentor.backend.notification_summary()
    page = await mentor.backend.list_notifications(unread_only=True, page_size=2)
    assert (page.total, len(page.items), page.has_more) == (3, 2, True)
    assert summary.unread == 3 and summary.latest_id == page.items[0].id
    assert await mentor.backend.mark_notifications_read(page.items[0].id) == 1
    assert await mentor.backend.unread_count() == 2
    with pytest.raises(NotFound):
        await other.backend.mark_notifications_read(page.items[1].id)
    assert await mentor.backend.mark_notifications_read() == 2
    assert await mentor.backend.unread_count() == 0
    others = await other.backend.list_notifications()
    assert [n.kind.value for n in others.items] == ["account_verified"]


async def test_watching_notifications_sees_a_new_one(net: ContractNetwork) -> None:
    mentor = await net.mentor()
    mentee = await net.member()
    changes = mentor.backend.watch_notifications(interval=0.2)
    first = await asyncio.wait_for(anext(changes), 10)
    assert first.unread == 0
    await mentee.backend.send_request(mentor.username, INTRO)
    second = await asyncio.wait_for(anext(changes), 10)
    assert second.unread == 1 and second.latest_id is not None
    await changes.aclose()
