"""One mentoring from request to finish, across the screens of both people and the office.

The mentee's request is sent through the service (the search journey is its own test);
from there every step is keys on the screens: the mentor accepts, both write, the mentor
reports a message, the office removes it, and the mentor finishes the mentoring.
"""

from __future__ import annotations

from mentor_tui.domain.enums import RelationshipState, RequestState
from mentor_tui.tui.screens.admin import AdminScreen
from mentor_tui.tui.screens.relationships import RelationshipsScreen
from mentor_tui.tui.screens.requests import RequestsScreen
from tests.tui.conftest import OpenScreen, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text

INTRO = "Hello Amara, I study Economics and would value your advice on banking careers."
RUDE = "Honestly, answer faster [b]or else[/b]."


async def test_request_to_finished_mentoring(open_screen: OpenScreen, seeded: Seeded) -> None:
    student = seeded.actor("demo.student")
    request_id = seeded.service.send_request(student, "demo.mentor", INTRO).id
    await run_mentoring(
        open_screen, seeded, mentee="demo.student", mentor="demo.mentor", request=request_id
    )


async def run_mentoring(
    open_screen: OpenScreen, seeded: Seeded, *, mentee: str, mentor: str, request: int
) -> None:
    """From a pending request to a finished mentoring, keys only on both people's screens
    and the office's (also the second half of test_journey_from_sign_up)."""
    student = seeded.actor(mentee)
    request_id = request

    # the mentor accepts with a welcome
    app = open_screen(mentor, RequestsScreen(request_id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "x")
        await type_text(pilot, "Welcome! Thursday at six suits me.")
        await press(pilot, "ctrl+s")
    assert seeded.service.get_request(student, request_id).state is RequestState.ACCEPTED

    # the mentee answers in the mentoring's thread
    app = open_screen(mentee, RelationshipsScreen(request_id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the mentoring's detail and thread
        assert "Welcome! Thursday at six suits me." in screen_text(app)
        await press(pilot, "tab", "tab")  # objectives → messages → composer
        await type_text(pilot, RUDE)
        await press(pilot, "ctrl+s")
        assert app.said[-1] == "Message sent."

    # the mentor reads it, answers, and reports it
    app = open_screen(mentor, RelationshipsScreen(request_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "[b]or else[/b]" in screen_text(app)  # literally, never as markup
        await press(pilot, "enter", "tab", "tab")
        await type_text(pilot, "Let us keep it friendly, please.")
        await press(pilot, "ctrl+s", "shift+tab", "up")  # back to the messages: the rude one
        await press(pilot, "exclamation_mark")
        await type_text(pilot, "Threatening tone")
        await press(pilot, "enter")
        assert "reported" in app.said[-1]
    report = seeded.service.list_reports(seeded.actor("demo.admin")).items
    ours = [r for r in report if r.message.thread_id == request_id]
    assert len(ours) == 1 and ours[0].message.body == RUDE

    # the office removes it
    app = open_screen("demo.admin", AdminScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "2")
        screen = app.screen
        assert isinstance(screen, AdminScreen)
        index = next(i for i, r in enumerate(screen.reports) if r.id == ours[0].id)
        screen.query_one("#report-list").highlighted = index  # type: ignore[attr-defined]
        await press(pilot, "x", "enter")

    # both now see "removed by a moderator"; the mentor finishes the mentoring
    app = open_screen(mentor, RelationshipsScreen(request_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "removed by a moderator" in text and "or else" not in text
        await press(pilot, "f")
        await type_text(pilot, "Good luck with the applications.")
        await press(pilot, "ctrl+s")
    relationship = seeded.service.get_relationship(student, request_id)
    assert relationship.state is RelationshipState.FINISHED
    thread = seeded.service.get_thread(student, request_id)
    assert not thread.can_write
