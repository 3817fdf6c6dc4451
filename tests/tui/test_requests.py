"""The requests inbox: answering, retracting and the message pane, keys only."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from mentor_tui.domain.enums import RequestState
from mentor_tui.tui.screens.dialogs import ConfirmDialog, TextDialog
from mentor_tui.tui.screens.requests import RequestsScreen
from mentor_tui.tui.widgets.thread_view import ThreadView
from tests.tui.conftest import OpenScreen, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text

INTRO = "Hello, I would value your advice on moving into consulting after my degree."


def _new_request(seeded: Seeded, mentee: str = "demo.student", mentor: str = "demo.mentor") -> int:
    """A fresh pending request (through the service, as the mentee would send it)."""
    return seeded.service.send_request(seeded.actor(mentee), mentor, INTRO).id


def _state(seeded: Seeded, request_id: int, who: str = "demo.mentor") -> RequestState:
    return seeded.service.get_request(seeded.actor(who), request_id).state


# -- snapshots ----------------------------------------------------------------------


def test_requests_snapshot_80x24(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.mentor", RequestsScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_requests_snapshot_120x40(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.mentor", RequestsScreen())
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_request_thread_snapshot_80x24(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def open_thread(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "enter")

    app = open_screen("demo.mentor", RequestsScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_thread)


def test_decline_dialog_snapshots(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def decline(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "z")

    for size in ((80, 24), (120, 40)):
        app = open_screen("demo.mentor", RequestsScreen())
        assert snap_compare(app, terminal_size=size, run_before=decline)


def test_accept_dialog_snapshot(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def accept(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "x")
        await type_text(pilot, "Welcome!")

    app = open_screen("demo.mentor", RequestsScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=accept)


def test_retract_dialog_snapshot(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def retract(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "w")

    app = open_screen("demo.student", RequestsScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=retract)


# -- behaviour ----------------------------------------------------------------------


async def test_pending_request_shows_how_long_it_waited(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    app = open_screen("demo.mentor", RequestsScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
    assert "waiting 0 working days" in text
    overdue = [
        r
        for r in seeded.service.list_requests(seeded.actor("demo.mentor"), "incoming").items
        if r.overdue
    ]
    if overdue:
        assert "OVERDUE ⚠" in text


async def test_mentor_accepts_a_request_with_a_welcome(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    request_id = _new_request(seeded)
    app = open_screen("demo.mentor", RequestsScreen(request_id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "x")
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "Welcome! Let us talk on Thursday.")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RequestsScreen)
    assert _state(seeded, request_id) is RequestState.ACCEPTED
    thread = seeded.service.get_thread(seeded.actor("demo.student"), request_id)
    assert thread.messages[-1].body == "Welcome! Let us talk on Thursday."
    assert f"Request {request_id} accepted" in app.said[-1]


async def test_declining_asks_for_a_reason(open_screen: OpenScreen, seeded: Seeded) -> None:
    request_id = _new_request(seeded)
    app = open_screen("demo.mentor", RequestsScreen(request_id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "z")
        assert "A short reason helps the mentee" in screen_text(app)
        await type_text(pilot, "No room this term, sorry; try Ngozi.")
        await press(pilot, "ctrl+s")
    assert _state(seeded, request_id) is RequestState.DECLINED


async def test_mentee_can_retract_pending_request(open_screen: OpenScreen, seeded: Seeded) -> None:
    request_id = _new_request(seeded)
    app = open_screen("demo.student", RequestsScreen(request_id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "w")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "enter")  # the focused "Retract" button
        assert isinstance(app.screen, RequestsScreen)
        assert "retracted" in app.said[-1]
    assert _state(seeded, request_id, "demo.student") is RequestState.RETRACTED


async def test_answered_request_cannot_be_retracted(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    request_id = _new_request(seeded)
    seeded.service.decline_request(seeded.actor("demo.mentor"), request_id, "Sorry.")
    app = open_screen("demo.student", RequestsScreen(request_id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "w")
        assert isinstance(app.screen, RequestsScreen)
        assert "only a pending request" in app.said[-1]


async def test_messages_in_a_pending_request(open_screen: OpenScreen, seeded: Seeded) -> None:
    request_id = _new_request(seeded)
    app = open_screen("demo.mentor", RequestsScreen(request_id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # to the composer
        await type_text(pilot, "Could you tell me more about your goals?")
        await press(pilot, "ctrl+s")
        assert app.screen.query_one(".thread-compose", TextArea).text == ""
        assert "Could you tell me more" in screen_text(app)
    thread = seeded.service.get_thread(seeded.actor("demo.student"), request_id)
    assert thread.messages[-1].body == "Could you tell me more about your goals?"


async def test_failed_send_keeps_the_text(open_screen: OpenScreen, seeded: Seeded) -> None:
    request_id = _new_request(seeded)
    app = open_screen("demo.mentor", RequestsScreen(request_id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        # the mentee withdraws while the mentor is writing
        seeded.service.retract_request(seeded.actor("demo.student"), request_id)
        await type_text(pilot, "Happy to help!")
        await press(pilot, "ctrl+s")
        thread = app.screen.query_one(ThreadView)
        assert thread.query_one(".thread-compose", TextArea).text == "Happy to help!"
        error = str(thread.query_one(".thread-error", Static).render())
        assert "read-only" in error and "nothing was sent" in error


async def test_message_with_markup_shows_literally(open_screen: OpenScreen, seeded: Seeded) -> None:
    tricky = "See [b]this[/b] and [@click=app.quit]quit[/] \x1b[31mred"
    request_id = seeded.service.send_request(
        seeded.actor("demo.student"), "demo.mentor", INTRO + " " + tricky
    ).id
    app = open_screen("demo.mentor", RequestsScreen(request_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[b]this[/b]" in text
        assert "[@click=app.quit]quit[/]" in text
        assert "\x1b" not in text
        from tests.tui.helpers import click_text

        await click_text(pilot, "[@click=app.quit]quit")
        await press(pilot, "tab", "enter")
        assert app.is_running
