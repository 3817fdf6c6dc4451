"""Help (F1, ?) and the command palette (Ctrl+P): every key of the screen, in words.

Each screen's keys are read from the screen itself (``active_bindings``, what the footer
shows) before help opens, so a key added to a screen without a description, or hidden
from help or the palette by a modal, fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList

from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.admin import AdminScreen
from mentor_tui.tui.screens.dashboard import DashboardScreen
from mentor_tui.tui.screens.dialogs import TextDialog
from mentor_tui.tui.screens.help import HelpScreen
from mentor_tui.tui.screens.notifications import NotificationsScreen
from mentor_tui.tui.screens.profile import ProfileScreen
from mentor_tui.tui.screens.relationships import RelationshipsScreen
from mentor_tui.tui.screens.requests import RequestsScreen
from mentor_tui.tui.screens.search import SearchScreen
from mentor_tui.tui.screens.settings import SettingsScreen
from mentor_tui.tui.screens.signin import SignInScreen
from mentor_tui.tui.screens.signup import SignUpScreen
from tests.tui.conftest import MakeApp
from tests.tui.helpers import press, screen_text, settle, type_text

NOT_COMMANDS = {"command_palette", "quit"}
"""Bindings the palette leaves out: opening itself, and quit (it has its own "Quit")."""


def _app_on(make_app: MakeApp, where: str) -> MentorApp:
    """The app on the screen called ``where``, as the person who uses it most."""
    screens: dict[str, Callable[[], tuple[str, Screen[Any] | None]]] = {
        "dashboard": lambda: ("demo.student", None),
        "search": lambda: ("demo.student", SearchScreen()),
        "profile": lambda: ("demo.mentor", ProfileScreen()),
        "member": lambda: ("demo.student", ProfileScreen("demo.mentor")),
        "requests": lambda: ("demo.mentor", RequestsScreen()),
        "relationships": lambda: ("demo.mentor", RelationshipsScreen()),
        "notifications": lambda: ("demo.mentor", NotificationsScreen()),
        "admin": lambda: ("demo.admin", AdminScreen()),
        "settings": lambda: ("demo.student", SettingsScreen()),
    }
    if where in ("signin", "signup"):
        return make_app()
    user, screen = screens[where]()
    return make_app(user, open_on_start=screen) if screen else make_app(user)


async def _arrive(pilot: Pilot[Any], where: str) -> Screen[Any]:
    await settle(pilot)
    if where == "signup":
        await press(pilot, "ctrl+n")
        assert isinstance(pilot.app.screen, SignUpScreen)
    return pilot.app.screen


def _keys(app: MentorApp, screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(key display, description, action) of every key of the screen: those it answers to
    now (what the footer shows), and the screen's and the app's own even while a text box
    takes their letters."""
    keys = [
        (app.get_key_display(active.binding), active.binding.description, active.binding.action)
        for active in screen.active_bindings.values()
        if active.binding.description
    ]
    for node in (screen, app):
        for binding in Binding.make_bindings(type(node).BINDINGS):
            state = node.check_action(binding.action, ())
            if binding.description and state is not False and binding.id is not None:
                keys.append((app.get_key_display(binding), binding.description, binding.action))
    return keys


def _help_lines(app: MentorApp) -> list[str]:
    keys = app.screen.query_one("#help-keys", OptionList)
    return [str(keys.get_option_at_index(i).prompt) for i in range(keys.option_count)]


def _palette_entries(app: MentorApp) -> list[str]:
    listing = app.screen.query_one(CommandList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


SCREENS = [
    "signin",
    "signup",
    "dashboard",
    "search",
    "profile",
    "member",
    "requests",
    "relationships",
    "notifications",
    "admin",
    "settings",
]


# -- snapshots ----------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_help_snapshot(snap_compare: Any, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def open_help(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "f1")

    assert snap_compare(make_app("demo.student"), terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_palette_snapshot(snap_compare: Any, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def open_palette(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "re")

    assert snap_compare(make_app("demo.mentor"), terminal_size=size, run_before=open_palette)


# -- help ---------------------------------------------------------------------------


@pytest.mark.parametrize("where", SCREENS)
async def test_help_lists_every_key_of_the_screen(make_app: MakeApp, where: str) -> None:
    app = _app_on(make_app, where)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _arrive(pilot, where)
        keys = _keys(app, screen)
        assert keys
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.under is screen
        lines = _help_lines(app)
        for key, description, _ in keys:
            assert any(key in line.split("  ")[0] and description in line for line in lines), (
                f"{where}: {key} {description} missing from help"
            )
        await press(pilot, "escape")
        assert app.screen is screen


async def test_help_names_the_screen_and_explains_each_key(make_app: MakeApp) -> None:
    app = make_app("demo.student", open_on_start=SearchScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        text = screen_text(app)
        assert "Keys on Search" in text and "SearchScreen" not in text
        # the cursor is in the search box: its letters type, and help says so
        assert "Filters: Sector, area of help" in text
        assert "Search: Find a mentor (outside a text box)" in text
        assert "Signed in as demo.student." in text  # recently said


async def test_question_mark_opens_help_and_f1_closes_it(make_app: MakeApp) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await settle(pilot)
        dashboard = app.screen
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "f1")
        assert app.screen is dashboard
        await press(pilot, "f1", "q")  # q closes help; it does not quit from there
        assert app.screen is dashboard and app.is_running


async def test_app_keys_of_help_are_said_to_be_unavailable_while_signed_out(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        text = "\n".join(_help_lines(app))
        assert "Sign in" in text and "New account" in text
        assert "Search: Find a mentor" not in text  # nothing to search before signing in


# -- the palette ------------------------------------------------------------------------


@pytest.mark.parametrize("where", SCREENS)
async def test_palette_has_a_command_for_every_key(make_app: MakeApp, where: str) -> None:
    app = _app_on(make_app, where)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _arrive(pilot, where)
        keys = [
            (key, description)
            for key, description, action in _keys(app, screen)
            if action not in NOT_COMMANDS
        ]
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        entries = "\n".join(_palette_entries(app))
        for _key, description in keys:
            assert f"{description} (" in entries, f"{where}: no palette entry for {description}"
        assert "Help (f1)" in entries


async def test_help_is_reachable_from_the_palette(make_app: MakeApp) -> None:
    app = make_app("demo.mentor", open_on_start=RequestsScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        requests = app.screen
        await press(pilot, "ctrl+p")
        await type_text(pilot, "help")
        await press(pilot, "enter")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.under is requests
        assert any("Accept" in line for line in _help_lines(app))
        await press(pilot, "escape")
        assert app.screen is requests


async def test_a_palette_command_does_what_its_key_does(make_app: MakeApp) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Search (s)")
        await press(pilot, "enter")
        assert isinstance(app.screen, SearchScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_palette_offers_sign_out_and_switch_only_when_signed_in(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        await press(pilot, "ctrl+p")
        entries = "\n".join(_palette_entries(app))
        assert "Sign out" not in entries and "Switch account" not in entries
        assert "High-contrast theme" in entries and "Screen-reader mode" in entries


async def test_help_of_a_dialog_is_in_the_palette(make_app: MakeApp) -> None:
    app = make_app("demo.mentor", open_on_start=RequestsScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "z")  # decline: a dialog with a text box
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        await press(pilot, "ctrl+p")
        entries = _palette_entries(app)
        assert "Submit (^s)\nSubmit" in entries and "Cancel (esc)\nCancel" in entries
        assert "Search (s)\nFind a mentor" not in entries  # not from inside a dialog
        await type_text(pilot, "Help")
        await press(pilot, "enter")
        assert isinstance(app.screen, HelpScreen) and app.screen.under is dialog
        lines = "\n".join(_help_lines(app))
        assert "Cancel" in lines and "Submit" in lines
        await press(pilot, "escape")
        assert app.screen is dialog
        await press(pilot, "escape")
        assert isinstance(app.screen, RequestsScreen)


@pytest.mark.parametrize("where", ["member", "notifications", "profile"])
async def test_escape_goes_back_from_every_screen(make_app: MakeApp, where: str) -> None:
    app = _app_on(make_app, where)
    async with app.run_test() as pilot:
        screen = await _arrive(pilot, where)
        under = app.screen_stack[-2]
        await press(pilot, "escape")
        assert app.screen is under and screen not in app.screen_stack
        await press(pilot, "escape")  # the dashboard is the bottom: Escape stays there
        assert app.screen is under and app.is_running
