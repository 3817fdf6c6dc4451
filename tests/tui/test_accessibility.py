"""Accessibility: the screen-reader cursor follows focus on every screen and dialog, every
change is said in the one status line, and with NO_COLOR nothing depends on colour.

Braille displays and speech (BRLTTY, Orca, speakup) follow the terminal's own cursor:
the tests walk each screen with Tab, as such a user does, and check that after every
step ``App.cursor_position`` is on the focused control.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from rich.style import Style
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, TextArea

from mentor_tui.backend.local import LocalBackend
from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.admin import AdminScreen
from mentor_tui.tui.screens.dialogs import FormDialog
from mentor_tui.tui.screens.help import HelpScreen
from mentor_tui.tui.screens.notifications import NotificationsScreen
from mentor_tui.tui.screens.profile import ProfileScreen
from mentor_tui.tui.screens.relationships import RelationshipsScreen
from mentor_tui.tui.screens.requests import RequestsScreen
from mentor_tui.tui.screens.search import SearchScreen
from mentor_tui.tui.screens.settings import SettingsScreen
from mentor_tui.tui.widgets.status_line import StatusLine
from tests.tui.conftest import MakeApp, Seeded
from tests.tui.helpers import drawn, press, screen_text, settle

INTRO = "Hello, I study Economics and would value your advice on consulting careers."
TABS = 14
"""Tab presses per screen: more than any screen has stops, so the walk wraps around."""


@dataclass
class Place:
    """A screen (or a dialog on one) as someone gets there: who, where, which keys."""

    user: str | None
    screen: Callable[[Seeded], Screen[Any] | None] = lambda _: None
    keys: tuple[str, ...] = ()


def _pending_request(seeded: Seeded) -> int:
    return seeded.service.send_request(seeded.actor("demo.student"), "demo.mentor", INTRO).id


PLACES: dict[str, Place] = {
    "signin": Place(None),
    "signup": Place(None, keys=("ctrl+n",)),
    "dashboard": Place("demo.mentor"),
    "search": Place("demo.student", lambda _: SearchScreen(sector="Finance")),
    "search-filters": Place("demo.student", lambda _: SearchScreen(), ("tab", "f")),
    "profile-personal": Place("demo.mentor", lambda _: ProfileScreen()),
    "profile-mentor": Place("demo.mentor", lambda _: ProfileScreen(), ("right",)),
    "member-profile": Place("demo.student", lambda _: ProfileScreen("demo.mentor")),
    "requests": Place("demo.mentor", lambda _: RequestsScreen()),
    "request-thread": Place("demo.mentor", lambda _: RequestsScreen(), ("enter",)),
    "relationships": Place("demo.mentor", lambda _: RelationshipsScreen()),
    "relationship-detail": Place("demo.mentor", lambda _: RelationshipsScreen(), ("enter",)),
    "notifications": Place("demo.mentor", lambda _: NotificationsScreen()),
    "admin-verification": Place("demo.admin", lambda _: AdminScreen()),
    "admin-reports": Place("demo.admin", lambda _: AdminScreen(), ("2",)),
    "admin-figures": Place("demo.admin", lambda _: AdminScreen(), ("3",)),
    "settings": Place("demo.student", lambda _: SettingsScreen()),
    "help": Place("demo.student", keys=("f1",)),
}
DIALOGS: dict[str, Place] = {
    "send-request": Place("demo.student", lambda _: SearchScreen(sector="Finance"), ("tab", "c")),
    "accept": Place("demo.mentor", lambda s: RequestsScreen(_pending_request(s)), ("x",)),
    "decline": Place("demo.mentor", lambda s: RequestsScreen(_pending_request(s)), ("z",)),
    "retract": Place("demo.student", lambda s: RequestsScreen(_pending_request(s)), ("w",)),
    "objective": Place("demo.mentor", lambda _: RelationshipsScreen(), ("o",)),
    "finish": Place("demo.mentor", lambda _: RelationshipsScreen(), ("f",)),
    "linkedin": Place("demo.student", lambda _: ProfileScreen(), ("ctrl+o",)),
    "reject": Place("demo.admin", lambda _: AdminScreen(), ("z",)),
    "password": Place("demo.student", lambda _: SettingsScreen(), ("ctrl+w",)),
}


def _app(make_app: MakeApp, seeded: Seeded, place: Place, **options: Any) -> MentorApp:
    screen = place.screen(seeded)
    if screen is not None:
        options["open_on_start"] = screen
    return make_app(place.user, **options)


async def _arrive(pilot: Pilot[Any], place: Place) -> None:
    await settle(pilot)
    for key in place.keys:
        await press(pilot, key)


def _cursor_is_on_focus(app: MentorApp) -> Widget:
    focused = app.focused
    assert focused is not None, f"nothing has focus on {app.screen!r}"
    cursor = app.cursor_position
    assert focused.region.contains_point(cursor), (
        f"cursor {cursor} is not on {focused!r} at {focused.region} ({app.screen!r})"
    )
    # and the cell is visible there (not scrolled away, not under another widget)
    shown, _ = app.screen.get_widget_at(*cursor)
    assert shown is focused or focused in shown.ancestors, (
        f"cursor {cursor} shows {shown!r}, not the focused {focused!r} ({app.screen!r})"
    )
    return focused


async def _walk(pilot: Pilot[Any]) -> set[str]:
    """Tab through the screen, checking the cursor at every stop; the widgets visited."""
    app = pilot.app
    assert isinstance(app, MentorApp)
    visited = {repr(_cursor_is_on_focus(app))}
    for _ in range(TABS):
        await press(pilot, "tab")
        visited.add(repr(_cursor_is_on_focus(app)))
    return visited


# -- the screen-reader cursor ----------------------------------------------------------------


@pytest.mark.parametrize("where", list(PLACES))
async def test_cursor_follows_focus_on_every_screen(
    make_app: MakeApp, seeded: Seeded, where: str
) -> None:
    place = PLACES[where]
    app = _app(make_app, seeded, place, screen_reader=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _arrive(pilot, place)
        screen = app.screen
        visited = await _walk(pilot)
        assert app.screen is screen  # Tab stayed on the screen
        assert len(visited) >= 1


@pytest.mark.parametrize("where", list(DIALOGS))
async def test_cursor_follows_focus_in_every_dialog(
    make_app: MakeApp, seeded: Seeded, where: str
) -> None:
    place = DIALOGS[where]
    app = _app(make_app, seeded, place, screen_reader=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await _arrive(pilot, place)
        dialog = app.screen
        assert isinstance(dialog, FormDialog), f"{where}: no dialog ({dialog!r})"
        visited = await _walk(pilot)
        assert app.screen is dialog
        assert len(visited) >= 2  # a field or question, and the buttons


async def test_cursor_sits_at_the_caret_of_a_text_box(make_app: MakeApp) -> None:
    app = make_app("demo.student", screen_reader=True, open_on_start=SearchScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        box = app.screen.query_one("#search-text", Input)
        assert box.has_focus
        start = app.cursor_position
        await pilot.press(*"econ")
        await settle(pilot)
        assert app.cursor_position == (start.x + 4, start.y)  # moved with the caret
        assert app.cursor_position == box.cursor_screen_offset


async def test_cursor_sits_on_the_highlighted_line_of_a_list(make_app: MakeApp) -> None:
    app = make_app("demo.mentor", screen_reader=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sectors = app.screen.query_one("#dashboard-sectors", OptionList)
        sectors.focus()
        await settle(pilot)
        first = app.cursor_position
        assert first.y == sectors.content_region.y
        await press(pilot, "down", "down")
        assert app.cursor_position.y == first.y + 2  # one line per sector


async def test_cursor_follows_the_caret_in_a_message(make_app: MakeApp, seeded: Seeded) -> None:
    app = make_app(
        "demo.mentor", screen_reader=True, open_on_start=RequestsScreen(_pending_request(seeded))
    )
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # to the composer
        composer = app.focused
        assert isinstance(composer, TextArea)
        await pilot.press(*"Hi")
        await settle(pilot)
        assert app.cursor_position == composer.cursor_screen_offset


async def test_screen_reader_mode_from_the_palette_places_the_cursor(make_app: MakeApp) -> None:
    app = make_app("demo.student", open_on_start=SettingsScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        for key in "Screen-reader":
            await pilot.press(key)
        await press(pilot, "enter")
        assert app.screen_reader and app.animation_level == "none"
        _cursor_is_on_focus(app)
        await press(pilot, "tab")
        _cursor_is_on_focus(app)


# -- the status line -------------------------------------------------------------------------


def _status(app: MentorApp) -> str:
    lines = list(app.screen.query(StatusLine))
    assert len(lines) == 1, f"{app.screen!r} has {len(lines)} status lines"
    return str(lines[0].render())


@pytest.mark.parametrize(
    "where",
    [w for w, place in PLACES.items() if not place.keys or place.keys[0] not in ("f1",)],
)
async def test_every_screen_has_one_status_line_with_the_last_sentence(
    make_app: MakeApp, seeded: Seeded, where: str
) -> None:
    place = PLACES[where]
    app = _app(make_app, seeded, place)
    async with app.run_test() as pilot:
        await _arrive(pilot, place)
        assert not isinstance(app.screen, ModalScreen)
        app.announce("A test sentence.")
        await settle(pilot)
        assert _status(app) == "A test sentence."
        bottom = app.screen.query_one(StatusLine).region
        assert bottom.bottom == app.size.height - 1  # fixed, just above the footer


async def test_changes_are_said_in_the_status_line(make_app: MakeApp, seeded: Seeded) -> None:
    request_id = _pending_request(seeded)
    app = make_app("demo.student", open_on_start=RequestsScreen(request_id))
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "w", "enter")  # retract, confirmed
        assert "retracted" in app.said[-1]
        assert _status(app) == app.said[-1]
        await press(pilot, "d")  # a new screen shows the last sentence too
        assert _status(app) == app.said[-1]


async def test_errors_are_said_with_a_symbol_not_only_a_colour(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+s")  # nothing typed
        assert _status(app) == "⚠ Type your username (or e-mail address) first."


async def test_new_notification_is_said_while_on_another_screen(
    make_app: MakeApp, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    arrived = asyncio.Event()

    async def watch(backend: LocalBackend, interval: float = 0) -> AsyncIterator[Any]:
        """The backend's watch, told by the test when to look again (no clock involved)."""
        yield await backend.notification_summary()
        await arrived.wait()
        yield await backend.notification_summary()
        await asyncio.Event().wait()

    monkeypatch.setattr(LocalBackend, "watch_notifications", watch)
    app = make_app("demo.mentor", open_on_start=SettingsScreen())
    async with app.run_test() as pilot:
        await settle(pilot)
        before = app.unread
        _pending_request(seeded)  # a request arrives: a notification for the mentor
        arrived.set()
        for _ in range(100):  # a few turns of the event loop, not a time
            await pilot.pause()
            if app.unread > before:
                break
        assert app.unread == before + 1
        assert _status(app).startswith("New notification:")
        assert f"{before + 1} unread" in screen_text(app)  # the header, on this screen


# -- NO_COLOR --------------------------------------------------------------------------------


def _colours(app: MentorApp) -> set[tuple[int, int, int]]:
    """Every colour on the screen as drawn (after the app's NO_COLOR filter)."""
    found: set[tuple[int, int, int]] = set()
    for segment in drawn(app, "truecolor")._record_buffer:
        style = segment.style or Style()
        for colour in (style.color, style.bgcolor):
            if colour is not None and not colour.is_default:
                found.add(tuple(colour.get_truecolor()))  # type: ignore[arg-type]
    return found


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.mark.usefixtures("no_color")
@pytest.mark.parametrize("where", ["signin", "dashboard", "search", "requests", "settings"])
async def test_no_color_draws_no_colour(make_app: MakeApp, seeded: Seeded, where: str) -> None:
    place = PLACES[where]
    app = _app(make_app, seeded, place)
    async with app.run_test(size=(120, 40)) as pilot:
        await _arrive(pilot, place)
        colours = _colours(app)
        assert colours  # shades of grey are drawn
        hues = {c for c in colours if len(set(c)) > 1}
        assert not hues, f"colours on {where}: {sorted(hues)[:5]}"


@pytest.mark.usefixtures("no_color")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_no_color_snapshot(
    snap_compare: Any, make_app: MakeApp, seeded: Seeded, size: tuple[int, int]
) -> None:
    from tests.tui.test_dashboard import _request_sent_days_ago

    _request_sent_days_ago(seeded, 7)  # overdue, in words
    app = make_app("demo.mentor", open_on_start=RequestsScreen())
    assert snap_compare(app, terminal_size=size, run_before=settle)


async def test_without_no_color_there_is_colour(make_app: MakeApp) -> None:
    """The check above can fail: the same screen with colour has hues."""
    app = make_app("demo.mentor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any(len(set(c)) > 1 for c in _colours(app))


@pytest.mark.usefixtures("no_color")
async def test_overdue_and_unread_are_said_in_words(make_app: MakeApp, seeded: Seeded) -> None:
    from tests.tui.test_dashboard import _request_sent_days_ago

    _request_sent_days_ago(seeded, 7)
    app = make_app("demo.mentor", open_on_start=NotificationsScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "● unread" in text  # a symbol and a word
        await press(pilot, "d")
        text = screen_text(app)
        assert "OVERDUE ⚠" in text
        assert "unread" in text.splitlines()[0]  # the header says it in words


@pytest.mark.usefixtures("no_color")
async def test_full_and_selected_are_said_in_words(make_app: MakeApp, seeded: Seeded) -> None:
    seeded.service.update_mentor(seeded.actor("demo.mentor"), max_mentees=1)
    app = make_app("demo.student", open_on_start=SearchScreen(sector="Finance"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in "Amara Nwosu":
            await pilot.press(key)
        await settle(pilot)
        text = screen_text(app)
        assert "FULL" in text
        await press(pilot, "tab", "f")  # the filters: the ticked sector has a ✓
        assert "✓ Finance" in screen_text(app) or "✓▌ Finance" in screen_text(app)


@pytest.mark.usefixtures("no_color")
async def test_pending_account_is_said_in_words(make_app: MakeApp, seeded: Seeded) -> None:
    from mentor_tui.demo.seed import DEMO_PASSWORD
    from mentor_tui.domain.enums import Role
    from mentor_tui.domain.models import Registration

    seeded.service.register(
        Registration(
            first_name="Nadia",
            last_name="Okoro",
            password=DEMO_PASSWORD,
            email="nadia@example.org",
            role=Role.STUDENT,
            accept_guidelines=True,
        )
    )
    app = make_app("nadia.okoro")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "nadia.okoro · student · pending" in text
        assert "being verified" in text


@pytest.mark.usefixtures("no_color")
async def test_focus_is_visible_without_colour(make_app: MakeApp) -> None:
    """The focused control has a thick frame (a shape), so it shows in monochrome."""
    app = make_app("demo.student", open_on_start=SettingsScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        themes = app.screen.query_one("#settings-themes")
        assert themes.has_focus
        assert themes.styles.border_top[0] == "thick"
        await press(pilot, "tab")
        assert app.focused is not None and app.focused.styles.border_top[0] == "thick"


async def test_help_lists_the_recent_sentences(make_app: MakeApp) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await settle(pilot)
        app.announce("First thing.")
        app.announce("Second thing.")
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert text.index("Second thing.") < text.index("First thing.")  # newest first


async def test_the_cursor_timer_ticking_as_the_app_closes_is_harmless(make_app: MakeApp) -> None:
    """Its last tick can come after the screens are gone (seen under load in CI)."""
    app = make_app("demo.student", screen_reader=True)
    async with app.run_test() as pilot:
        await settle(pilot)
    assert app.screen_stack == []
    app._place_cursor()  # nothing to follow, nothing raised
