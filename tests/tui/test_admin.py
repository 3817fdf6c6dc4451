"""The programme office: verification queue, report queue, figures; others are refused."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from mentor_tui.domain.enums import AccountState, ReportState
from mentor_tui.tui.screens.admin import AdminScreen
from mentor_tui.tui.screens.dialogs import ConfirmDialog, TextDialog
from tests.tui.conftest import OpenScreen, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text


def _queue(seeded: Seeded) -> list[str]:
    page = seeded.service.verification_queue(seeded.actor("demo.admin"))
    return [m.username for m in page.items]


def _open_reports(seeded: Seeded) -> list[int]:
    return [r.id for r in seeded.service.list_reports(seeded.actor("demo.admin")).items]


# -- snapshots ----------------------------------------------------------------------


def test_admin_verification_snapshots(snap_compare: Any, open_screen: OpenScreen) -> None:
    for size in ((80, 24), (120, 40)):
        app = open_screen("demo.admin", AdminScreen())
        assert snap_compare(app, terminal_size=size, run_before=settle)


def test_admin_reports_snapshots(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def reports(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "2")

    for size in ((80, 24), (120, 40)):
        app = open_screen("demo.admin", AdminScreen())
        assert snap_compare(app, terminal_size=size, run_before=reports)


def test_admin_figures_snapshots(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def figures(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "3")

    for size in ((80, 24), (120, 40)):
        app = open_screen("demo.admin", AdminScreen())
        assert snap_compare(app, terminal_size=size, run_before=figures)


def test_admin_refusal_snapshot(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.student", AdminScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_reject_dialog_snapshot(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def reject(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "z")

    app = open_screen("demo.admin", AdminScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=reject)


# -- behaviour ----------------------------------------------------------------------


async def test_members_who_are_not_admins_are_told_so(open_screen: OpenScreen) -> None:
    app = open_screen("demo.mentor", AdminScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Waiting for verification" not in text
        refusal = app.errors[0]
        assert refusal.split(":")[0][:30] in " ".join(text.split())


async def test_admin_approves_a_sign_up(open_screen: OpenScreen, seeded: Seeded) -> None:
    first = _queue(seeded)[0]
    app = open_screen("demo.admin", AdminScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "x")
        assert "is verified" in app.said[-1]
    assert first not in _queue(seeded)
    member = seeded.service.get_member(seeded.actor("demo.admin"), first)
    assert member.state is AccountState.VERIFIED


async def test_admin_rejects_a_sign_up_with_a_reason(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    first = _queue(seeded)[0]
    app = open_screen("demo.admin", AdminScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "z")
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "Not found in the alumni records.")
        await press(pilot, "enter")
    member = seeded.service.get_member(seeded.actor("demo.admin"), first)
    assert member.state is AccountState.REJECTED


async def test_admin_removes_a_reported_message(open_screen: OpenScreen, seeded: Seeded) -> None:
    report_id = _open_reports(seeded)[0]
    app = open_screen("demo.admin", AdminScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "2", "x")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "enter")
        assert "removed by a moderator" in app.said[-1]
    assert report_id not in _open_reports(seeded)
    handled = seeded.service.list_reports(seeded.actor("demo.admin"), ReportState.REMOVED)
    assert report_id in [r.id for r in handled.items]


async def test_admin_dismisses_a_report(open_screen: OpenScreen, seeded: Seeded) -> None:
    report_id = _open_reports(seeded)[0]
    app = open_screen("demo.admin", AdminScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "2", "z")
    assert report_id not in _open_reports(seeded)


async def test_admin_suspends_the_sender(open_screen: OpenScreen, seeded: Seeded) -> None:
    report = seeded.service.list_reports(seeded.actor("demo.admin")).items[0]
    assert report.message.sender is not None
    app = open_screen("demo.admin", AdminScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "2", "b")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "enter")
    sender = seeded.service.get_member(seeded.actor("demo.admin"), report.message.sender.username)
    assert sender.state is AccountState.SUSPENDED


async def test_programme_figures_are_shown(open_screen: OpenScreen) -> None:
    app = open_screen("demo.admin", AdminScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        text = screen_text(app)
        for heading in (
            "Members by role and state",
            "Active mentors by sector",
            "Requests by state",
            "Median time to first response",
        ):
            assert heading in text
