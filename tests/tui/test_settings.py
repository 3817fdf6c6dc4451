"""Settings: the theme (high contrast too), screen-reader mode and animations, remembered for
the next start; and the account: password, export, deleting it. Keys only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static

from mentor_tui.config import HIGH_CONTRAST_THEME, load_settings, settings_path
from mentor_tui.demo.seed import DEMO_PASSWORD
from mentor_tui.domain.errors import NotSignedIn
from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.dashboard import DashboardScreen
from mentor_tui.tui.screens.settings import DeleteDialog, PasswordDialog, SettingsScreen
from mentor_tui.tui.screens.signin import SignInScreen
from mentor_tui.tui.widgets.tick_box import TickBox
from tests.tui.conftest import MakeApp, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
WHERE = "/home/you/.local/share/mentor-tui/network.sqlite3"
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(autouse=True)
def fixed_where(monkeypatch: pytest.MonkeyPatch) -> None:
    """The network's file is in a new temporary folder each run: snapshots show this one."""
    from mentor_tui.backend.local import LocalBackend

    monkeypatch.setattr(LocalBackend, "where", property(lambda _: WHERE))


def _remembering(make_app: MakeApp, user: str | None = "demo.student") -> MentorApp:
    """The app as ``mentor-tui`` starts it: settings read from and saved to the file."""
    settings, warning = load_settings()
    return make_app(user, settings=settings, settings_warning=warning, remember_settings=True)


async def _open_settings(pilot: Pilot[Any]) -> SettingsScreen:
    await settle(pilot)
    await press(pilot, "t")
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def _still(pilot: Pilot[Any]) -> None:
    """Before a snapshot: let scrolling (focus moved below the fold) finish, and a pressed
    button lose its brief pressed look."""
    await pilot.wait_for_scheduled_animations()
    for screen in pilot.app.screen_stack:
        for button in screen.query(Button):
            while button.has_class("-active"):
                await pilot.pause(0.05)
        for widget in screen.query("*"):  # a screen under a dialog: drawn as it is now
            widget.refresh()
    await settle(pilot)


async def _press_button(pilot: Pilot[Any], button: str) -> None:
    """Tab to the account button ``button`` (they come last on the screen) and press it."""
    for _ in range(10):
        focused = pilot.app.focused
        if focused is not None and focused.id == f"settings-{button}":
            await press(pilot, "enter")
            return
        await press(pilot, "tab")
    raise AssertionError(f"Tab never reached the {button} button")


async def _to_delete(pilot: Pilot[Any]) -> None:
    await _press_button(pilot, "delete")


async def _choose_theme(pilot: Pilot[Any], name: str) -> None:
    """Move in the theme list to ``name`` and press Enter."""
    themes = pilot.app.screen.query_one("#settings-themes", OptionList)
    assert themes.has_focus
    await press(pilot, "home")
    while themes.get_option_at_index(themes.highlighted or 0).id != name:
        await press(pilot, "down")
    await press(pilot, "enter")


# -- snapshots ----------------------------------------------------------------------


@SIZES
def test_settings_snapshot(snap_compare: Any, make_app: MakeApp, size: tuple[int, int]) -> None:
    async def open_settings(pilot: Pilot[Any]) -> None:
        await _open_settings(pilot)

    assert snap_compare(make_app("demo.student"), terminal_size=size, run_before=open_settings)


@SIZES
def test_high_contrast_snapshot(
    snap_compare: Any, make_app: MakeApp, size: tuple[int, int]
) -> None:
    async def high_contrast(pilot: Pilot[Any]) -> None:
        await _open_settings(pilot)
        await _choose_theme(pilot, HIGH_CONTRAST_THEME)
        await press(pilot, "escape")
        await _still(pilot)

    app = make_app("demo.mentor")
    assert snap_compare(app, terminal_size=size, run_before=high_contrast)


def test_password_dialog_snapshot(snap_compare: Any, make_app: MakeApp) -> None:
    async def wrong_password(pilot: Pilot[Any]) -> None:
        await _open_settings(pilot)
        await press(pilot, "ctrl+w")
        await type_text(pilot, "not my password")
        await press(pilot, "tab")
        await type_text(pilot, NEW_PASSWORD)
        await press(pilot, "tab")
        await type_text(pilot, NEW_PASSWORD)
        await press(pilot, "ctrl+s")
        await _still(pilot)

    app = make_app("demo.student")
    assert snap_compare(app, terminal_size=(80, 24), run_before=wrong_password)


def test_delete_dialog_snapshot(snap_compare: Any, make_app: MakeApp) -> None:
    async def delete(pilot: Pilot[Any]) -> None:
        await _open_settings(pilot)
        await _to_delete(pilot)
        await _still(pilot)

    app = make_app("demo.student")
    assert snap_compare(app, terminal_size=(80, 24), run_before=delete)


# -- display choices, remembered -------------------------------------------------------------


async def test_chosen_theme_is_saved_and_the_next_start_uses_it(make_app: MakeApp) -> None:
    app = _remembering(make_app)
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await _choose_theme(pilot, "nord")
        assert app.theme == "nord"
        assert app.said[-1] == "Theme: nord."
        themes = app.screen.query_one("#settings-themes", OptionList)
        marked = [str(themes.get_option_at_index(i).prompt) for i in range(themes.option_count)]
        assert "✓ nord" in marked  # the choice is marked by a symbol, not only a highlight
        assert sum(line.startswith("✓") for line in marked) == 1
    assert 'theme = "nord"' in settings_path().read_text(encoding="utf-8")
    again = _remembering(make_app)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_high_contrast_theme_is_first_and_remembered(make_app: MakeApp) -> None:
    app = _remembering(make_app)
    async with app.run_test() as pilot:
        screen = await _open_settings(pilot)
        themes = screen.query_one("#settings-themes", OptionList)
        assert themes.get_option_at_index(0).id == HIGH_CONTRAST_THEME
        assert "(high contrast)" in str(themes.get_option_at_index(0).prompt)
        await _choose_theme(pilot, HIGH_CONTRAST_THEME)
        assert app.theme == HIGH_CONTRAST_THEME
        assert app.current_theme.background == "#000000"
        assert app.current_theme.foreground == "#ffffff"
    assert load_settings()[0].theme == HIGH_CONTRAST_THEME
    again = _remembering(make_app)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.theme == HIGH_CONTRAST_THEME


async def test_high_contrast_from_the_palette(make_app: MakeApp) -> None:
    app = _remembering(make_app)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "High-contrast theme")
        await press(pilot, "enter")
        assert app.theme == HIGH_CONTRAST_THEME
    assert load_settings()[0].theme == HIGH_CONTRAST_THEME


async def test_unknown_theme_in_the_file_is_said_in_one_line(make_app: MakeApp) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('theme = "no-such-theme"\n', encoding="utf-8")
    app = _remembering(make_app)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert "Theme 'no-such-theme' is unknown" in app.said[-1]
        assert "Theme 'no-such-theme' is unknown" in screen_text(app)


async def test_screen_reader_mode_is_saved(make_app: MakeApp) -> None:
    app = _remembering(make_app)
    async with app.run_test() as pilot:
        screen = await _open_settings(pilot)
        await press(pilot, "tab")
        box = screen.query_one("#settings-screen-reader", TickBox)
        assert box.has_focus and not box.value
        await press(pilot, "space")
        assert box.value and app.screen_reader
        assert app.animation_level == "none"
        assert app.said[-1] == "Screen-reader mode on: the cursor follows focus."
    assert load_settings()[0].screen_reader is True
    again = _remembering(make_app)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.screen_reader and again.animation_level == "none"


async def test_animations_off_is_saved(make_app: MakeApp) -> None:
    app = _remembering(make_app)
    async with app.run_test() as pilot:
        screen = await _open_settings(pilot)
        await press(pilot, "tab", "tab")
        box = screen.query_one("#settings-animations", TickBox)
        assert box.has_focus and box.value
        await press(pilot, "space")
        assert not box.value and app.animation_level == "none"
        assert app.said[-1] == "Animations off."
    assert load_settings()[0].animations is False
    again = _remembering(make_app)
    async with again.run_test() as pilot:
        await settle(pilot)
        assert again.animation_level == "none"
        await press(pilot, "t", "tab", "tab", "space")
        assert again.animation_level == "full"


async def test_ticks_say_on_and_off_in_symbols(make_app: MakeApp) -> None:
    app = make_app("demo.student")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_settings(pilot)
        text = screen_text(app)
        assert "▐✓▌ Animations" in text
        assert "▐ ▌ Screen-reader mode" in text
        assert "✓ textual-dark" in text  # the theme in use


async def test_unwritable_settings_file_is_said_and_the_app_goes_on(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().mkdir()  # a folder where the file should be: writing fails
    app = _remembering(make_app)
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await _choose_theme(pilot, "nord")
        assert app.theme == "nord"
        assert app.said[-1].startswith("Can't save settings")
        assert "Traceback" not in screen_text(app)


# -- the account -----------------------------------------------------------------------------


async def test_password_change_needs_the_old_password(make_app: MakeApp, seeded: Seeded) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await press(pilot, "ctrl+w")
        dialog = app.screen
        assert isinstance(dialog, PasswordDialog)
        await type_text(pilot, "not my password")
        await press(pilot, "tab")
        await type_text(pilot, NEW_PASSWORD)
        await press(pilot, "tab")
        await type_text(pilot, NEW_PASSWORD)
        await press(pilot, "ctrl+s")
        assert app.screen is dialog  # refused: what was typed stays
        error = str(dialog.query_one(".dialog-error", Static).render())
        assert "password" in error.lower() and "\n" not in error
        assert dialog.query_one("#password-new", Input).value == NEW_PASSWORD
        assert app.actor is not None  # a wrong old password signs no one out
        old = dialog.query_one("#password-old", Input)
        old.value = ""
        old.focus()
        await type_text(pilot, DEMO_PASSWORD)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SettingsScreen)
        assert "Password changed" in app.said[-1]
    seeded.service.login("demo.student", NEW_PASSWORD)  # the new one works


async def test_new_passwords_that_differ_are_refused(make_app: MakeApp) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await press(pilot, "ctrl+w")
        await type_text(pilot, DEMO_PASSWORD)
        await press(pilot, "tab")
        await type_text(pilot, NEW_PASSWORD)
        await press(pilot, "tab")
        await type_text(pilot, NEW_PASSWORD + "!")
        await press(pilot, "ctrl+s")
        dialog = app.screen
        assert isinstance(dialog, PasswordDialog)
        assert "differ" in str(dialog.query_one(".dialog-error", Static).render())


async def test_export_saves_the_own_data(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.json"
    monkeypatch.setattr("mentor_tui.tui.screens.settings.export_path", lambda username, now: target)
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await press(pilot, "ctrl+e")
        assert app.said[-1] == f"Your data is saved in {target}."
    data = json.loads(target.read_text(encoding="utf-8"))
    assert "demo.student" in json.dumps(data)
    assert target.stat().st_mode & 0o077 == 0  # private to the member


async def test_export_to_an_unwritable_place_is_said(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "mentor_tui.tui.screens.settings.export_path",
        lambda username, now: tmp_path / "missing" / "export.json",
    )
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await press(pilot, "ctrl+e")
        assert app.said[-1].startswith("Can't write the export")
        assert app.is_running


async def test_delete_account_asks_for_the_password(make_app: MakeApp, seeded: Seeded) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await _to_delete(pilot)
        dialog = app.screen
        assert isinstance(dialog, DeleteDialog)
        await type_text(pilot, "wrong password")
        await press(pilot, "enter")
        assert app.screen is dialog
        assert "not deleted" in str(dialog.query_one(".dialog-error", Static).render())
        await press(pilot, "escape")
        assert isinstance(app.screen, SettingsScreen)
    seeded.service.login("demo.student", DEMO_PASSWORD)  # still there


async def test_deleted_account_returns_to_sign_in(make_app: MakeApp, seeded: Seeded) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await _to_delete(pilot)
        await type_text(pilot, DEMO_PASSWORD)
        await press(pilot, "enter")
        assert isinstance(app.screen, SignInScreen)
        assert app.actor is None
        assert "Goodbye" in " ".join(app.said[-3:])
    with pytest.raises(NotSignedIn):
        seeded.service.login("demo.student", DEMO_PASSWORD)


async def test_switch_account_from_settings(make_app: MakeApp) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await _press_button(pilot, "switch")
        assert isinstance(app.screen, SignInScreen)
        assert app.actor is not None and app.actor.username == "demo.student"
        await press(pilot, "escape")  # changed my mind: back to the account signed in
        assert isinstance(app.screen, DashboardScreen)
        assert app.actor.username == "demo.student"


async def test_escape_returns_to_the_dashboard(make_app: MakeApp) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await _open_settings(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, DashboardScreen)
