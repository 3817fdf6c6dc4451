"""Notifications: unread marked in words, open jumps to the subject, mark (all) read."""

from __future__ import annotations

from typing import Any

from mentor_tui.tui.screens.notifications import NotificationsScreen
from mentor_tui.tui.screens.requests import RequestsScreen
from tests.tui.conftest import OpenScreen, Seeded
from tests.tui.helpers import press, screen_text, settle


def _unread(seeded: Seeded, who: str) -> int:
    return seeded.service.unread_count(seeded.actor(who))


def test_notifications_snapshot_80x24(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.mentor", NotificationsScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_notifications_snapshot_120x40(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.mentor", NotificationsScreen())
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


async def test_unread_is_said_in_words(open_screen: OpenScreen, seeded: Seeded) -> None:
    assert _unread(seeded, "demo.mentor") > 0
    app = open_screen("demo.mentor", NotificationsScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "● unread" in screen_text(app)


async def test_opening_a_request_notification_marks_it_read_and_jumps(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    request = seeded.service.send_request(
        seeded.actor("demo.student"),
        "demo.mentor",
        "Hello, I would value your advice on a first graduate job in finance.",
    )
    before = _unread(seeded, "demo.mentor")
    app = open_screen("demo.mentor", NotificationsScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the newest: this request
        await settle(pilot)
        assert isinstance(app.screen, RequestsScreen)
        assert app.screen.request_id == request.id
    assert _unread(seeded, "demo.mentor") == before - 1


async def test_mark_one_and_all_read(open_screen: OpenScreen, seeded: Seeded) -> None:
    for _ in range(2):
        student = seeded.actor("demo.student")
        seeded.service.send_request(
            student, "demo.mentor", "Hello, I would value your advice on my career plans."
        )
        seeded.service.retract_request(
            student,
            seeded.service.list_requests(student, "outgoing").items[0].id,
        )
    before = _unread(seeded, "demo.mentor")
    app = open_screen("demo.mentor", NotificationsScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "x")
        assert _unread(seeded, "demo.mentor") == before - 1
        assert app.said[-1] == "Notification marked read."
        await press(pilot, "z")
        assert _unread(seeded, "demo.mentor") == 0
        assert "● unread" not in screen_text(app)


async def test_unread_only_view(open_screen: OpenScreen, seeded: Seeded) -> None:
    app = open_screen("demo.mentor", NotificationsScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        text = screen_text(app)
        assert "Showing unread notifications" in text
        assert "✓ read" not in text
