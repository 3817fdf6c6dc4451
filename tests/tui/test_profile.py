"""The profile screen: personal fields, lists, LinkedIn import, the mentor tab; keys only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from mentor_tui.domain.enums import MentorState
from mentor_tui.tui.screens.dialogs import LinkedInDialog, PositionDialog
from mentor_tui.tui.screens.profile import ProfileScreen
from tests.tui.conftest import OpenScreen, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text


def _focus(pilot: Pilot[Any], selector: str) -> None:
    pilot.app.screen.query_one(selector).focus()


async def _mentor_tab(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await press(pilot, "right")  # the tabs have focus first: Personal → Mentor


# -- snapshots ----------------------------------------------------------------------


def test_own_profile_snapshots(snap_compare: Any, open_screen: OpenScreen) -> None:
    for size in ((80, 24), (120, 40)):
        app = open_screen("demo.student", ProfileScreen())
        assert snap_compare(app, terminal_size=size, run_before=settle)


def test_mentor_tab_snapshots(snap_compare: Any, open_screen: OpenScreen) -> None:
    for size in ((80, 24), (120, 40)):
        app = open_screen("demo.mentor", ProfileScreen())
        assert snap_compare(app, terminal_size=size, run_before=_mentor_tab)


def test_student_mentor_tab_snapshot(snap_compare: Any, open_screen: OpenScreen) -> None:
    app = open_screen("demo.student", ProfileScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=_mentor_tab)


def test_other_members_profile_snapshots(snap_compare: Any, open_screen: OpenScreen) -> None:
    for size in ((80, 24), (120, 40)):
        app = open_screen("demo.student", ProfileScreen("demo.mentor"))
        assert snap_compare(app, terminal_size=size, run_before=settle)


def test_position_dialog_snapshot(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def add_position(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        _focus(pilot, "#positions")
        await press(pilot, "plus")
        await type_text(pilot, "Analyst")

    app = open_screen("demo.mentor", ProfileScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=add_position)


def test_linkedin_dialog_snapshot(snap_compare: Any, open_screen: OpenScreen) -> None:
    async def linkedin(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "ctrl+o")

    app = open_screen("demo.student", ProfileScreen())
    assert snap_compare(app, terminal_size=(80, 24), run_before=linkedin)


# -- personal profile -----------------------------------------------------------------


async def test_headline_counts_down_and_saves(open_screen: OpenScreen, seeded: Seeded) -> None:
    app = open_screen("demo.student", ProfileScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        _focus(pilot, "#headline")
        await press(pilot, "ctrl+u")
        await type_text(pilot, "Economist in the making")
        counter = str(app.screen.query_one("#headline-count", Static).render())
        assert counter == f"{125 - len('Economist in the making')} characters left"
        await press(pilot, "ctrl+s")
        assert app.said[-1] == "Profile saved (1 field changed)."
    me = seeded.service.me(seeded.actor("demo.student"))
    assert me.headline == "Economist in the making"


async def test_fields_are_checked_as_you_type(open_screen: OpenScreen, seeded: Seeded) -> None:
    app = open_screen("demo.student", ProfileScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        _focus(pilot, "#email")
        await press(pilot, "ctrl+u")
        await type_text(pilot, "not-an-address")
        error = app.screen.query_one("#email-error", Static)
        assert error.display
        assert "is not an e-mail address" in str(error.render())
        await press(pilot, "ctrl+s")  # the service refuses too, the form says why
        form_error = str(app.screen.query_one("#personal-error", Static).render())
        assert "is not an e-mail address" in form_error
        assert app.screen.query_one("#email", Input).value == "not-an-address"
    me = seeded.service.me(seeded.actor("demo.student"))
    assert me.private is not None and me.private.email != "not-an-address"


async def test_profile_is_confirmed_up_to_date(open_screen: OpenScreen, seeded: Seeded) -> None:
    app = open_screen("demo.student", ProfileScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+r")
        assert "confirmed up to date" in app.said[-1]
    me = seeded.service.me(seeded.actor("demo.student"))
    assert me.private is not None and me.private.profile_confirmed_at is not None
    assert not me.private.confirmation_due


async def test_a_position_is_added_to_the_career_path(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    app = open_screen("demo.student", ProfileScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        _focus(pilot, "#positions")
        await press(pilot, "plus")
        assert isinstance(app.screen, PositionDialog)
        await type_text(pilot, "Summer intern")
        await press(pilot, "tab")
        await type_text(pilot, "Albion Bank")
        await press(pilot, "tab")
        await type_text(pilot, "2025")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProfileScreen)
    me = seeded.service.me(seeded.actor("demo.student"))
    assert me.positions[0].title == "Summer intern"
    assert me.positions[0].organisation == "Albion Bank"


async def test_import_from_linkedin_export_folder(
    open_screen: OpenScreen, seeded: Seeded, tmp_path: Path
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    (export / "Profile.csv").write_text(
        "First Name,Last Name,Headline,Summary,Geo Location\n"
        'Zoë,Castellano,Aspiring economist,I like numbers.,"Madrid, Spain"\n',
        encoding="utf-8",
    )
    app = open_screen("demo.student", ProfileScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+o")
        assert isinstance(app.screen, LinkedInDialog)
        await type_text(pilot, str(tmp_path / "missing"))
        await press(pilot, "enter")
        assert isinstance(app.screen, LinkedInDialog)  # refused: still open, text kept
        assert "does not exist" in str(app.screen.query_one(".dialog-error", Static).render())
        await press(pilot, "ctrl+u")
        await type_text(pilot, str(export))
        await press(pilot, "enter")
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one("#headline", Input).value == "Aspiring economist"
    assert seeded.service.me(seeded.actor("demo.student")).headline == "Aspiring economist"


# -- mentor profile -------------------------------------------------------------------


async def test_student_cannot_activate_a_mentor_profile(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    app = open_screen("demo.student", ProfileScreen())
    async with app.run_test() as pilot:
        await _mentor_tab(pilot)
        text = " ".join(screen_text(app).split())
        assert "Students can't be mentors" in text
        await press(pilot, "ctrl+g")
        error = str(app.screen.query_one("#mentor-error", Static).render())
        assert "Students can't be mentors" in error
        assert "Students can't be mentors" in app.errors[-1]
    assert seeded.service.me(seeded.actor("demo.student")).mentor is None


async def test_mentor_pauses_and_resumes(open_screen: OpenScreen, seeded: Seeded) -> None:
    app = open_screen("demo.mentor", ProfileScreen())
    async with app.run_test() as pilot:
        await _mentor_tab(pilot)
        assert "ACTIVE: visible in search" in screen_text(app)
        await press(pilot, "ctrl+n")
        assert "PAUSED" in screen_text(app)
        mentor = seeded.service.me(seeded.actor("demo.mentor")).mentor
        assert mentor is not None and mentor.state is MentorState.PAUSED
        await press(pilot, "ctrl+g")
        assert "ACTIVE" in screen_text(app)
    mentor = seeded.service.me(seeded.actor("demo.mentor")).mentor
    assert mentor is not None and mentor.state is MentorState.ACTIVE


async def test_mentor_fields_are_saved(open_screen: OpenScreen, seeded: Seeded) -> None:
    app = open_screen("demo.mentor", ProfileScreen())
    async with app.run_test() as pilot:
        await _mentor_tab(pilot)
        _focus(pilot, "#mentor-job")
        await press(pilot, "ctrl+u")
        await type_text(pilot, "Managing Director")
        await press(pilot, "ctrl+s")
        assert app.said[-1] == "Mentor profile saved."
    mentor = seeded.service.me(seeded.actor("demo.mentor")).mentor
    assert mentor is not None and mentor.job_title == "Managing Director"


async def test_too_many_sectors_are_refused_in_place(
    open_screen: OpenScreen, seeded: Seeded
) -> None:
    app = open_screen("demo.mentor", ProfileScreen())
    async with app.run_test() as pilot:
        await _mentor_tab(pilot)
        sectors = app.screen.query_one("#mentor-sectors")
        sectors.focus()
        for value in ("Accounting", "Law", "Retail"):
            sectors.select(value)  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        error = str(app.screen.query_one("#mentor-error", Static).render())
        assert "Choose one to 3 work sectors" in error


async def test_another_members_profile_is_read_only(open_screen: OpenScreen) -> None:
    app = open_screen("demo.student", ProfileScreen("demo.mentor"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Amara Nwosu" in text and "Career path" in text
        assert not app.screen.query(Input)
        said = list(app.said)
        await press(pilot, "ctrl+s")
        assert app.said == said  # nothing to save on someone else's profile
