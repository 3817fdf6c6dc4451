"""Creating an account: the form of domain.md checked as you type, the guidelines accepted,
and the "being verified" state that follows, keys only."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from mentor_tui.domain.enums import AccountState
from mentor_tui.domain.guidelines import GUIDELINES
from mentor_tui.domain.models import SearchQuery
from mentor_tui.domain.text import username_base
from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.dashboard import DashboardScreen
from mentor_tui.tui.screens.profile import ProfileScreen
from mentor_tui.tui.screens.search import SearchScreen
from mentor_tui.tui.screens.signin import SignInScreen
from mentor_tui.tui.screens.signup import SignUpScreen
from mentor_tui.tui.widgets.tick_box import TickBox
from tests.tui.conftest import MakeApp, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text

PASSWORD = "a long enough password"
ORDER = [
    "first",
    "middle",
    "last",
    "username",
    "password",
    "password2",
    "email",
    "email2",
    "role",
    "institution",
    "programme",
    "started",
    "graduated",
]
"""The fields in Tab order (reading order)."""


async def _open_signup(pilot: Pilot[Any]) -> SignUpScreen:
    await settle(pilot)
    await press(pilot, "ctrl+n")
    screen = pilot.app.screen
    assert isinstance(screen, SignUpScreen)
    return screen


async def _tab_to(pilot: Pilot[Any], name: str) -> None:
    """Tab forward to field ``name`` (as a person would, from wherever the focus is)."""
    for _ in range(len(ORDER) + 6):
        focused = pilot.app.focused
        if focused is not None and focused.id == f"signup-{name}":
            return
        await press(pilot, "tab")
    raise AssertionError(f"Tab never reached {name}")


async def _fill(pilot: Pilot[Any], **values: str) -> None:
    """Type ``values`` into their fields, in Tab order."""
    for name in ORDER:
        if name in values:
            await _tab_to(pilot, name)
            await type_text(pilot, values[name])


async def _choose_role(pilot: Pilot[Any], downs: int) -> None:
    """Open the role list with Enter and pick the ``downs``-th role below the prompt."""
    await _tab_to(pilot, "role")
    await press(pilot, "enter", *(["down"] * downs), "enter")


def _said_beside(screen: SignUpScreen, name: str) -> str:
    return str(screen.query_one(f"#signup-{name}-error", Static).render())


def _form_error(app: MentorApp) -> str:
    return str(app.screen.query_one("#signup-error", Static).render())


async def _complete_form(pilot: Pilot[Any], *, accept: bool = True) -> None:
    await _fill(
        pilot,
        first="Nadia",
        last="Okoro",
        password=PASSWORD,
        password2=PASSWORD,
        email="nadia.okoro@example.org",
        email2="nadia.okoro@example.org",
    )
    await _choose_role(pilot, 1)  # Student
    await _fill(pilot, institution="Leiden University", programme="Economics", started="2024")
    if accept:
        await _tab_to(pilot, "accept")
        await press(pilot, "space")


# -- snapshots ----------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_signup_snapshot(snap_compare: Any, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def open_form(pilot: Pilot[Any]) -> None:
        await _open_signup(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=open_form)


def test_signup_checks_snapshot(snap_compare: Any, make_app: MakeApp) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        await _open_signup(pilot)
        await _fill(pilot, first="Nadia", last="Okoro", password="short", password2="shorter")
        await _tab_to(pilot, "password")
        await pilot.wait_for_scheduled_animations()  # scrolled to the focus: let it finish
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=typed)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_pending_dashboard_snapshot(
    snap_compare: Any, make_app: MakeApp, size: tuple[int, int]
) -> None:
    async def signed_up(pilot: Pilot[Any]) -> None:
        await _open_signup(pilot)
        await _complete_form(pilot)
        await press(pilot, "ctrl+s")
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=signed_up)


# -- the form ------------------------------------------------------------------------


async def test_tab_follows_reading_order(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_signup(pilot)
        seen = []
        for _ in range(len(ORDER) + 5):
            focused = app.focused
            assert focused is not None
            seen.append((focused.id or "").removeprefix("signup-"))
            await press(pilot, "tab")
        assert seen == [*ORDER, "guidelines", "accept", "submit", "back", "first"]


async def test_username_is_suggested_from_the_name(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        assert app.focused is screen.query_one("#signup-first")
        await _fill(pilot, first="Zoë", last="Müller-Lüdenscheidt")
        username = screen.query_one("#signup-username", Input)
        assert username.value == "zoe.muller-ludenscheidt"


async def test_suggestion_adds_a_number_when_the_name_is_taken(
    make_app: MakeApp, seeded: Seeded
) -> None:
    student = seeded.actor("demo.student")
    card = seeded.service.search_mentors(student, SearchQuery()).items[0]
    member = seeded.service.get_member(student, card.username)
    assert member.username == username_base(member.first_name, member.last_name)
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _fill(pilot, first=member.first_name, last=member.last_name)
        assert screen.query_one("#signup-username", Input).value == member.username + "2"


async def test_suggestion_follows_a_name_typed_with_pauses(make_app: MakeApp) -> None:
    """A pause mid-name shows a suggestion; typing on must replace it, not freeze it."""
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _fill(pilot, first="Olgamaria", last="Xyl")  # settle: the suggestion arrives
        username = screen.query_one("#signup-username", Input)
        assert username.value == "olgamaria.xyl"
        await type_text(pilot, "ander")
        assert username.value == "olgamaria.xylander"


async def test_emptied_username_is_suggested_again(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _fill(pilot, first="Nadia", last="Okoro", username="nadia")
        username = screen.query_one("#signup-username", Input)
        assert username.value == "nadia"  # typed over the suggestion
        await press(pilot, "end", "ctrl+u", "shift+tab", "end")  # emptied; to the last name
        await type_text(pilot, "r")
        assert username.value == "nadia.okoror"


async def test_edited_username_is_kept_when_the_name_changes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _fill(pilot, first="Nadia", last="Okoro")
        await _tab_to(pilot, "username")
        await press(pilot, "end", "backspace", "backspace", "backspace", "backspace", "backspace")
        await type_text(pilot, "oko")
        username = screen.query_one("#signup-username", Input)
        assert username.value == "nadia.oko"
        await press(pilot, "shift+tab")  # back to the last name
        await type_text(pilot, "nkwo")
        assert username.value == "nadia.oko"  # the person's choice stands


async def test_bad_username_is_said_beside_it(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _fill(pilot, username="Nadia O")
        assert "can't be a username" in _said_beside(screen, "username")


async def test_short_password_is_said_as_you_type(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _fill(pilot, password="short")
        assert _said_beside(screen, "password") == "5 characters; at least 10."
        await type_text(pilot, " and longer")
        assert _said_beside(screen, "password") == ""


async def test_password_mismatch_is_said_as_you_type(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _fill(pilot, password=PASSWORD, password2=PASSWORD[:-1])
        assert _said_beside(screen, "password2") == "Not the same as the password above."
        await type_text(pilot, PASSWORD[-1])
        assert _said_beside(screen, "password2") == ""
        # changing the first password checks the second again
        await press(pilot, "shift+tab", "end")
        await type_text(pilot, "!")
        assert _said_beside(screen, "password2") == "Not the same as the password above."


async def test_bad_email_and_mismatch_are_said_as_you_type(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _fill(pilot, email="nadia.example.org")
        assert "is not an e-mail address" in _said_beside(screen, "email")
        await press(pilot, "home")
        await type_text(pilot, "n@")
        assert _said_beside(screen, "email") == ""
        await _fill(pilot, email2="n@nadia.example.com")
        assert _said_beside(screen, "email2") == "Not the same as the e-mail above."


async def test_year_that_is_not_a_year_is_said(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _fill(pilot, started="twenty")
        assert "should be a year" in _said_beside(screen, "started")


async def test_guidelines_are_shown_in_full(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_signup(pilot)
        shown = [str(s.render()) for s in screen.query("#signup-guidelines Static")]
        for title, body in GUIDELINES:
            assert title in shown and body in " ".join(shown).replace("\n", " ")
        await _tab_to(pilot, "guidelines")  # a box of its own, scrolled with the keys
        box = screen.query_one("#signup-guidelines")
        await press(pilot, "pagedown")
        assert box.scroll_offset.y > 0


async def test_guidelines_must_be_accepted(make_app: MakeApp, seeded: Seeded) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _complete_form(pilot, accept=False)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SignUpScreen)
        assert _form_error(app) == ("You can join only by accepting the guidelines (tick the box).")
        tick = screen.query_one("#signup-accept", TickBox)
        assert tick.has_focus and not tick.value
        await press(pilot, "space")
        assert tick.value
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, DashboardScreen)


async def test_missing_fields_are_marked_and_the_first_focused(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SignUpScreen)
        assert _form_error(app).startswith("Please fix the marked fields first")
        assert screen.query_one("#signup-first").has_focus
        for name in ("first", "last", "password", "email"):
            assert _said_beside(screen, name) == "Needed."
        assert str(screen.query_one("#signup-role-error", Static).render()) == "Choose a role."


async def test_email_already_used_is_refused_and_nothing_is_lost(
    make_app: MakeApp, seeded: Seeded
) -> None:
    mentor = seeded.service.get_member(seeded.actor("demo.mentor"), "demo.mentor").private
    assert mentor is not None
    app = make_app()
    async with app.run_test() as pilot:
        screen = await _open_signup(pilot)
        await _complete_form(pilot)
        for name in ("email", "email2"):  # back up the form: type the used address
            while pilot.app.focused is not screen.query_one(f"#signup-{name}"):
                await press(pilot, "shift+tab")
            await press(pilot, "end", "ctrl+u")
            await type_text(pilot, mentor.email)
            await press(pilot, "tab")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SignUpScreen)
        assert "account" in _form_error(app) and "exists" in _form_error(app)
        assert screen.query_one("#signup-first", Input).value == "Nadia"
        assert screen.query_one("#signup-password", Input).value == PASSWORD


# -- after signing up ---------------------------------------------------------------------


async def test_new_member_sees_the_account_is_being_verified(
    make_app: MakeApp, seeded: Seeded
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_signup(pilot)
        await _complete_form(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor is not None and app.actor.username == "nadia.okoro"
        assert app.actor.state is AccountState.PENDING
        text = screen_text(app)
        assert "Your account is being verified by the alumni office" in text
        assert "nadia.okoro · student · pending" in text
        assert "find a mentor with s" not in text  # search is not open to them yet
        assert "The mentors show once your account is verified." in text
        assert any("being verified" in said for said in app.said)
    member = seeded.service.get_member(seeded.actor("demo.admin"), "nadia.okoro")
    assert member.state is AccountState.PENDING and member.programme == "Economics"


async def test_pending_member_cannot_search_and_is_told_why(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_signup(pilot)
        await _complete_form(pilot)
        await press(pilot, "ctrl+s")
        await press(pilot, "s")
        assert isinstance(app.screen, SearchScreen)
        refusal = "Your account is still being verified by the alumni office"
        assert refusal in str(app.screen.query_one("#results-summary", Static).render())
        assert refusal in app.errors[-1]
        assert "Traceback" not in screen_text(app)


async def test_pending_member_cannot_request_and_is_told_why(
    make_app: MakeApp, seeded: Seeded
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_signup(pilot)
        await _complete_form(pilot)
        await press(pilot, "ctrl+s")
        app.open_profile("demo.mentor")  # a profile link, as a notification would open
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        await press(pilot, "c")
        assert "being verified" in app.said[-1]
    outgoing = seeded.service.list_requests(seeded.actor("demo.mentor"), "incoming").items
    assert all(r.mentee.username != "nadia.okoro" for r in outgoing)


async def test_pending_member_can_edit_the_own_profile(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await _open_signup(pilot)
        await _complete_form(pilot)
        await press(pilot, "ctrl+s", "p")
        assert isinstance(app.screen, ProfileScreen) and app.screen.own


async def test_back_to_sign_in_keeps_nothing_half_done(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await _open_signup(pilot)
        await _fill(pilot, first="Nadia")
        await press(pilot, "escape")
        assert isinstance(app.screen, SignInScreen) and app.actor is None
