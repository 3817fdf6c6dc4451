"""Signing in, the demo logins, stored sessions, signing out and switching account, keys only."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from mentor_tui.backend.local import LocalBackend
from mentor_tui.credentials import SessionStore
from mentor_tui.demo.seed import DEMO_PASSWORD
from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.dashboard import DashboardScreen
from mentor_tui.tui.screens.settings import SettingsScreen
from mentor_tui.tui.screens.signin import SignInScreen
from mentor_tui.tui.screens.signup import SignUpScreen
from tests.tui.conftest import MakeApp, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
WHERE = "/home/you/.local/share/mentor-tui/network.sqlite3"


@pytest.fixture
def fixed_where(monkeypatch: pytest.MonkeyPatch) -> None:
    """The network's file is in a new temporary folder each run: snapshots show this one."""
    monkeypatch.setattr(LocalBackend, "where", property(lambda _: WHERE))


def _store_session(seeded: Seeded, username: str) -> None:
    """A stored session of ``username``, as an earlier sign-in in the app would leave."""
    session = seeded.service.login(username, DEMO_PASSWORD)
    # the service's clock is FIXED (March 2026); the store compares with today
    later = session.model_copy(update={"expires_at": datetime(2100, 1, 1, tzinfo=UTC)})
    SessionStore.for_data_dir(seeded.path).put(later)


def _error_line(app: MentorApp) -> str:
    return str(app.screen.query_one("#signin-error", Static).render())


async def _sign_in(pilot: Pilot[Any], username: str, password: str) -> None:
    """Type a username, Enter, the password, Enter: as a person does."""
    await type_text(pilot, username)
    await press(pilot, "enter")
    await type_text(pilot, password)
    await press(pilot, "enter")


# -- snapshots ----------------------------------------------------------------------


@SIZES
@pytest.mark.usefixtures("fixed_where")
def test_signin_snapshot(snap_compare: Any, make_app: MakeApp, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


@SIZES
@pytest.mark.usefixtures("fixed_where")
def test_demo_signin_snapshot(snap_compare: Any, make_app: MakeApp, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo=True), terminal_size=size, run_before=settle)


@pytest.mark.usefixtures("fixed_where")
def test_wrong_password_snapshot(snap_compare: Any, make_app: MakeApp) -> None:
    async def wrong(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await _sign_in(pilot, "demo.student", "not the password")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=wrong)


# -- signing in -----------------------------------------------------------------------


async def test_member_signs_in_with_username_and_password(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.screen.query_one("#signin-username").has_focus
        await _sign_in(pilot, "demo.student", DEMO_PASSWORD)
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor is not None and app.actor.username == "demo.student"
        assert app.said[-1] == "Signed in as demo.student."
        assert "demo.student · student" in screen_text(app)


async def test_signing_in_with_the_email_address(make_app: MakeApp, seeded: Seeded) -> None:
    email = seeded.service.get_member(seeded.actor("demo.mentor"), "demo.mentor").private
    assert email is not None
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await _sign_in(pilot, email.email.upper(), DEMO_PASSWORD)
        assert app.actor is not None and app.actor.username == "demo.mentor"


async def test_wrong_password_is_said_at_the_form_and_keeps_the_username(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await _sign_in(pilot, "demo.student", "not the password")
        screen = app.screen
        assert isinstance(screen, SignInScreen)
        error = _error_line(app)
        assert error == "That username and password don't match. Check them and try again."
        assert "\n" not in error and "Traceback" not in screen_text(app)
        assert screen.query_one("#signin-username", Input).value == "demo.student"
        password = screen.query_one("#signin-password", Input)
        assert password.value == "" and password.has_focus  # type it again at once
        assert app.actor is None
        await type_text(pilot, DEMO_PASSWORD)
        await press(pilot, "enter")
        assert isinstance(app.screen, DashboardScreen)


async def test_empty_fields_are_asked_for(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert _error_line(app) == "Type your username (or e-mail address) first."
        await type_text(pilot, "demo.student")
        await press(pilot, "ctrl+s")
        assert _error_line(app) == "Type your password, then press Enter."
        assert app.screen.query_one("#signin-password").has_focus


async def test_suspended_member_is_told_why(make_app: MakeApp, seeded: Seeded) -> None:
    admin = seeded.actor("demo.admin")
    seeded.service.suspend_member(admin, "demo.mentor")
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await _sign_in(pilot, "demo.mentor", DEMO_PASSWORD)
        assert isinstance(app.screen, SignInScreen)
        assert "suspended" in _error_line(app)


async def test_demo_login_signs_in_with_enter(make_app: MakeApp) -> None:
    app = make_app(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        demo = app.screen.query_one("#signin-demo", OptionList)
        assert demo.has_focus and demo.option_count == 3
        text = screen_text(app)
        assert "demo.student" in text and DEMO_PASSWORD in text
        await press(pilot, "down", "enter")  # the second: the mentor
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor is not None and app.actor.username == "demo.mentor"


async def test_create_an_account_opens_the_sign_up_form_and_escape_returns(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+n")
        assert isinstance(app.screen, SignUpScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, SignInScreen)


async def test_app_keys_are_off_until_signed_in(make_app: MakeApp) -> None:
    app = make_app(demo=True)  # the focus is on a list: letters are keys there
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "s", "r", "p", "t")
        assert isinstance(app.screen, SignInScreen) and app.actor is None
        assert app.is_running


# -- stored sessions -------------------------------------------------------------------


async def test_stored_session_opens_straight_on_the_dashboard(make_app: MakeApp) -> None:
    app = make_app("demo.mentor")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor is not None and app.actor.username == "demo.mentor"
        assert [type(s) for s in app.screen_stack[1:]] == [DashboardScreen]


async def test_ended_session_asks_for_the_password(make_app: MakeApp, seeded: Seeded) -> None:
    app = make_app("demo.mentor")
    stored = SessionStore.for_data_dir(seeded.path).get("demo.mentor")
    assert stored is not None
    seeded.service.logout(stored.token)  # signed out elsewhere (mentor-tui logout)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SignInScreen)
        assert screen.query_one("#signin-username", Input).value == "demo.mentor"
        assert screen.query_one("#signin-password").has_focus
        assert "session of demo.mentor has ended" in _error_line(app)
        await type_text(pilot, DEMO_PASSWORD)
        await press(pilot, "enter")
        assert isinstance(app.screen, DashboardScreen)
    assert SessionStore.for_data_dir(seeded.path).get("demo.mentor") is None  # forgotten


# -- signing out and switching -----------------------------------------------------------


async def test_sign_out_from_settings_returns_to_sign_in(make_app: MakeApp, seeded: Seeded) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, SettingsScreen)
        await press(pilot, "ctrl+o")
        assert isinstance(app.screen, SignInScreen)
        assert app.actor is None and app.unread == 0
        assert app.said[-1] == "demo.student signed out."
        assert "not signed in" in screen_text(app)
        assert len(app.screen_stack) == 2  # nothing to go back to
    assert SessionStore.for_data_dir(seeded.path).get("demo.student") is None


async def test_sign_out_from_the_palette(make_app: MakeApp) -> None:
    app = make_app("demo.mentor")
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Sign out")
        await press(pilot, "enter")
        assert isinstance(app.screen, SignInScreen)
        assert app.actor is None


async def test_switch_account_to_a_stored_session(make_app: MakeApp, seeded: Seeded) -> None:
    _store_session(seeded, "demo.admin")
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Switch account")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, SignInScreen)
        stored = screen.query_one("#signin-stored", OptionList)
        names = [stored.get_option_at_index(i).id for i in range(stored.option_count)]
        assert names == ["demo.admin", "demo.student"]
        await press(pilot, "tab", "tab", "tab", "tab")  # username, password, two buttons
        assert stored.has_focus
        await press(pilot, "enter")  # the first: the admin
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor is not None and app.actor.username == "demo.admin"
        assert "demo.admin · admin" in screen_text(app)
    # both sessions stay stored: switching back needs no password
    assert SessionStore.for_data_dir(seeded.path).usernames() == ["demo.admin", "demo.student"]


async def test_escape_while_switching_returns_to_the_current_account(
    make_app: MakeApp,
) -> None:
    app = make_app("demo.mentor")
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Switch account")
        await press(pilot, "enter")
        assert isinstance(app.screen, SignInScreen)
        assert "demo.mentor · alumnus" in screen_text(app)  # still signed in, and said so
        await type_text(pilot, "demo.stu")  # started typing, then changed my mind
        await press(pilot, "escape")
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor is not None and app.actor.username == "demo.mentor"


async def test_escape_on_sign_in_does_nothing_when_no_one_is_signed_in(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, SignInScreen) and app.is_running
        assert "esc" not in screen_text(app).splitlines()[-1]  # no Back in the footer


async def test_switch_account_by_password_keeps_the_current_session_on_a_typo(
    make_app: MakeApp, seeded: Seeded
) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Switch account")
        await press(pilot, "enter")
        await _sign_in(pilot, "demo.mentor", "a typo in it")
        assert isinstance(app.screen, SignInScreen)
        assert "don't match" in _error_line(app)
        assert app.actor is not None and app.actor.username == "demo.student"
        await type_text(pilot, DEMO_PASSWORD)
        await press(pilot, "enter")
        assert app.actor is not None and app.actor.username == "demo.mentor"
    assert SessionStore.for_data_dir(seeded.path).get("demo.student") is not None


async def test_switching_to_an_ended_session_asks_for_the_password(
    make_app: MakeApp, seeded: Seeded
) -> None:
    _store_session(seeded, "demo.admin")
    stored = SessionStore.for_data_dir(seeded.path).get("demo.admin")
    assert stored is not None
    seeded.service.logout(stored.token)
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Switch account")
        await press(pilot, "enter")
        await press(pilot, "tab", "tab", "tab", "tab", "enter")
        screen = app.screen
        assert isinstance(screen, SignInScreen)
        assert screen.query_one("#signin-username", Input).value == "demo.admin"
        assert screen.query_one("#signin-password").has_focus
        assert "session of demo.admin has ended" in _error_line(app)
        await type_text(pilot, DEMO_PASSWORD)
        await press(pilot, "enter")
        assert app.actor is not None and app.actor.username == "demo.admin"


async def test_a_network_nobody_has_joined_says_how_to_set_it_up(tmp_path: Path) -> None:
    backend = LocalBackend.open(tmp_path / "new")
    sessions = SessionStore.for_data_dir(tmp_path / "new")
    app = MentorApp(backend, sessions=sessions, remember_settings=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        hint = app.screen.query_one("#signin-empty", Static)
        assert hint.display
        shown = screen_text(app)
        assert "Nobody has joined this network yet" in shown
        assert "mentor-tui init --admin NAME --email ADDRESS" in shown
        assert "Nobody has joined this network yet" in app.said[-1]
    await backend.close()


async def test_a_network_with_members_has_no_set_up_hint(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#signin-empty", Static).display
        assert "Nobody has joined" not in screen_text(app)


async def test_a_damaged_stored_session_says_so_and_asks_for_the_password(
    make_app: MakeApp, seeded: Seeded
) -> None:
    """sessions.json edited by hand (or by a broken version): the app opens on the
    dashboard as for any stored session, then says it can't be read and asks to sign in."""
    _store_session(seeded, "demo.mentor")
    path = SessionStore.for_data_dir(seeded.path).path
    data = json.loads(path.read_text())
    data["sessions"]["demo.mentor"]["token"] = 42
    path.write_text(json.dumps(data))
    app = make_app()  # make_app("demo.mentor") would store a good session over it
    app.start_user = "demo.mentor"
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SignInScreen)
        assert screen.query_one("#signin-username", Input).value == "demo.mentor"
        assert "stored session of demo.mentor can't be read" in _error_line(app)
        await type_text(pilot, DEMO_PASSWORD)
        await press(pilot, "enter")
        assert isinstance(app.screen, DashboardScreen)
    # the new session replaced it (its expiry is the test clock's, so compare the token)
    assert isinstance(json.loads(path.read_text())["sessions"]["demo.mentor"]["token"], str)
