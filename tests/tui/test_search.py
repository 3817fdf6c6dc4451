"""Finding a mentor on the search screen and asking for mentoring, keys only."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, SelectionList, Static, TextArea

from mentor_tui.domain.enums import RequestState
from mentor_tui.domain.models import SearchQuery
from mentor_tui.tui.screens.dialogs import SendRequestDialog
from mentor_tui.tui.screens.search import SearchScreen
from mentor_tui.tui.widgets.mentor_card import MemberProfileView
from tests.tui.conftest import OpenScreen, Seeded
from tests.tui.helpers import click_text, press, screen_text, settle, type_text

INTRO = "Hello, I study Economics and would value your advice on consulting careers."


def _pending_to(seeded: Seeded, mentee: str) -> list[str]:
    actor = seeded.actor(mentee)
    page = seeded.service.list_requests(actor, "outgoing", RequestState.PENDING)
    return [r.mentor.username for r in page.items]


def _visible_text(pilot: Pilot[Any]) -> str:
    return screen_text(pilot.app)


# -- snapshots ----------------------------------------------------------------------


def test_search_screen_snapshot_80x24(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.student", SearchScreen(sector="Finance"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_search_screen_snapshot_120x40(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.student", SearchScreen(sector="Finance"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_search_filters_snapshot_80x24(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def open_filters(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "tab", "f")

    app = open_screen("demo.student", SearchScreen(sector="Finance"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_filters)


def test_send_request_dialog_snapshots(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def open_dialog(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "tab", "c")
        await type_text(pilot, "Hello")

    for size in ((80, 24), (120, 40)):
        app = open_screen("demo.student", SearchScreen(sector="Finance"))
        assert snap_compare(app, terminal_size=size, run_before=open_dialog)


# -- journeys -----------------------------------------------------------------------


async def test_student_finds_a_mentor_by_sector_and_sends_a_request(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    app = open_screen("demo.student", SearchScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # the filters: tick Finance (the 8th sector), then back to the results
        await press(pilot, "tab", "f")
        sectors = app.screen.query_one("#filter-sectors", SelectionList)
        assert sectors.has_focus
        while sectors.highlighted is None or (
            sectors.get_option_at_index(sectors.highlighted).value != "Finance"
        ):
            await press(pilot, "down")
        await press(pilot, "space", "escape")
        assert sectors.selected == ["Finance"]
        student = seeded.actor("demo.student")
        finance = seeded.service.search_mentors(student, SearchQuery(sectors=["Finance"]))
        summary = str(app.screen.query_one("#results-summary", Static).render())
        assert summary.startswith(f"{finance.total} mentor")
        await press(pilot, "enter")  # read the highlighted mentor's profile
        profile = app.screen.query_one(MemberProfileView)
        assert profile.member is not None
        mentor = profile.member
        assert "Finance" in (mentor.mentor.sectors if mentor.mentor else [])
        await press(pilot, "c")
        assert isinstance(app.screen, SendRequestDialog)
        await type_text(pilot, INTRO)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SearchScreen)
    assert _pending_to(seeded, "demo.student").count(mentor.username) == 1
    assert any(f"sent to {mentor.name}" in said for said in app.said)


async def test_results_update_as_you_type(open_screen: OpenScreen) -> None:
    app = open_screen("demo.student", SearchScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        everyone = app.screen.query_one("#results", OptionList).option_count
        await type_text(pilot, "Amara")
        results = app.screen.query_one("#results", OptionList)
        assert 0 < results.option_count < everyone
        assert "Amara Nwosu" in str(results.get_option_at_index(0).prompt)


async def test_more_results_are_fetched_a_page_at_a_time(open_screen: OpenScreen) -> None:
    app = open_screen("demo.student", SearchScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.page is not None and screen.page.total > 20
        assert len(screen.cards) == 20
        await press(pilot, "tab", "right_square_bracket")
        assert len(screen.cards) == min(40, screen.page.total)


async def test_full_mentor_cannot_be_requested(open_screen: OpenScreen, seeded: Seeded) -> None:
    mentor = seeded.actor("demo.mentor")
    seeded.service.update_mentor(mentor, max_mentees=1)  # one mentee already: full
    app = open_screen("demo.student", SearchScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_text(pilot, "Amara Nwosu")
        results = str(app.screen.query_one("#results", OptionList).get_option_at_index(0).prompt)
        assert "FULL" in results
        await press(pilot, "tab", "c")
        assert isinstance(app.screen, SearchScreen)  # no dialog
        assert "FULL" in app.said[-1] and "can't take new requests" in app.said[-1]
    assert "demo.mentor" not in _pending_to(seeded, "demo.student")


async def test_refused_request_keeps_the_text_and_shows_why(open_screen: OpenScreen) -> None:
    app = open_screen("demo.student", SearchScreen(sector="Finance"))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "tab", "c")
        await type_text(pilot, "Hi there")  # shorter than an introduction may be
        await press(pilot, "ctrl+s")
        dialog = app.screen
        assert isinstance(dialog, SendRequestDialog)
        assert dialog.query_one("#intro", TextArea).text == "Hi there"
        error = str(dialog.query_one(".dialog-error", Static).render())
        assert "too short" in error
        assert "too short" in app.errors[-1]


async def test_bio_with_markup_shows_literally(open_screen: OpenScreen, seeded: Seeded) -> None:
    mentor = seeded.actor("demo.mentor")
    seeded.service.update_profile(mentor, {"bio": "Tricky [b]x[/b] [@click=app.quit]q \x1b[31mred"})
    app = open_screen("demo.student", SearchScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "Amara Nwosu")
        await press(pilot, "tab", "enter")
        text = _visible_text(pilot)
        assert "[b]x[/b]" in text
        assert "[@click=app.quit]q" in text
        assert "\x1b" not in text
        await click_text(pilot, "[@click=app.quit]q")
        await press(pilot, "enter", "space")
        assert app.is_running
