"""Settings and account: theme, screen-reader mode, animations; password, export, leaving.

Display choices are saved to the settings file as soon as they change (so the next
start looks the same); account actions go to the backend, each in a dialog that keeps
what was typed when the service refuses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.domain.errors import Invalid
from mentor_tui.domain.models import PASSWORD_MIN, Session
from mentor_tui.private_files import write_private
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.screens.dialogs import FormDialog
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.status_line import StatusLine
from mentor_tui.tui.widgets.tick_box import TickBox

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


class PasswordDialog(FormDialog[Session]):
    """Old password, new password twice."""

    title_text = "Change password"
    submit_label = "Change"

    def compose_fields(self) -> Iterable[Widget]:
        yield Label("Current password", classes="field-label")
        yield Input(password=True, id="password-old")
        yield Label(
            f"New password (at least {PASSWORD_MIN} characters)",
            classes="field-label",
            markup=False,
        )
        yield Input(password=True, id="password-new")
        yield Label("New password again", classes="field-label")
        yield Input(password=True, id="password-new2")

    def on_mount(self) -> None:
        self.query_one("#password-old").focus()

    async def submit(self) -> Session:
        old = self.query_one("#password-old", Input).value
        new = self.query_one("#password-new", Input).value
        if new != self.query_one("#password-new2", Input).value:
            raise Invalid("The two new passwords differ; type the same one twice.")
        app = cast("MentorApp", self.app)
        session = await app.backend.change_password(old, new)
        try:
            app.sessions.put(session)
        except Exception as error:
            app.report_error(error)
        return session


class DeleteDialog(FormDialog[bool]):
    """Deleting the account asks for the password: it can't be undone."""

    title_text = "Delete my account"
    submit_label = "Delete for good"

    def compose_fields(self) -> Iterable[Widget]:
        yield Static(
            "This removes your profile and personal data and ends your mentoring. Messages "
            "you sent stay readable to their recipients, signed 'former member'. Export "
            "your data first if you want a copy. Type your password to confirm.",
            classes="dialog-explanation",
        )
        yield Label("Password", classes="field-label")
        yield Input(password=True, id="delete-password")

    def on_mount(self) -> None:
        self.query_one("#delete-password").focus()

    async def submit(self) -> bool:
        app = cast("MentorApp", self.app)
        await app.backend.delete_account(self.query_one("#delete-password", Input).value)
        return True


def export_path(username: str, now: datetime) -> Path:
    """Where an export goes: the Downloads folder if there is one, else the home folder."""
    from platformdirs import user_downloads_dir

    folder = Path(user_downloads_dir())
    if not folder.is_dir():
        folder = Path.home()
    return folder / f"mentor-tui-{username}-{now:%Y%m%d-%H%M%S}.json"


class SettingsScreen(PacedScreen[None]):
    """How the app looks and behaves; the account itself."""

    TITLE = "Settings"
    CSS_PATH = styles_path() / "settings.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="settings.back"),
        Binding(
            "ctrl+w", "password", "Password", tooltip="Change your password", id="settings.password"
        ),
        Binding(
            "ctrl+e", "export", "Export", tooltip="Save all your data as JSON", id="settings.export"
        ),
        Binding(
            "ctrl+o",
            "sign_out",
            "Sign out",
            tooltip="Sign out of this network",
            id="settings.signout",
        ),
    ]

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.mentor_app
        yield AppHeader()
        with VerticalScroll(id="settings-body", can_focus=False):
            yield Static("Theme (Enter chooses; saved for next time)", classes="section-title")
            yield OptionList(
                *(Option(self._theme_prompt(name), id=name) for name in self._themes()),
                id="settings-themes",
            )
            yield Static("Accessibility", classes="section-title")
            yield TickBox(
                "Screen-reader mode: the terminal cursor follows focus, no animation",
                app.screen_reader,
                id="settings-screen-reader",
            )
            yield TickBox("Animations", app.settings.animations, id="settings-animations")
            yield Static(
                "Colours: set NO_COLOR=1 in the environment for a monochrome app.",
                classes="muted",
            )
            yield Static("Account", classes="section-title")
            with Horizontal(id="settings-account"):
                yield Button("Change password", id="settings-password")
                yield Button("Export my data", id="settings-export")
                yield Button("Switch account", id="settings-switch")
                yield Button("Sign out", id="settings-signout")
                yield Button("Delete account", id="settings-delete", variant="error")
            yield Static(
                Content.assemble("Network: ", plain(app.backend.where or "embedded")),
                classes="muted",
                id="settings-where",
            )
        yield StatusLine()
        yield Footer()

    def _themes(self) -> list[str]:
        from mentor_tui.config import HIGH_CONTRAST_THEME

        names = sorted(name for name in self.app.available_themes if name != HIGH_CONTRAST_THEME)
        return [HIGH_CONTRAST_THEME, *names]

    def _theme_prompt(self, name: str) -> Content:
        mark = "✓ " if name == self.app.theme else "  "
        label = name + (" (high contrast)" if name.endswith("high-contrast") else "")
        return Content(mark + label)

    def on_mount(self) -> None:
        themes = self.query_one("#settings-themes", OptionList)
        names = self._themes()
        if self.app.theme in names:
            themes.highlighted = names.index(self.app.theme)
        themes.focus()

    @on(OptionList.OptionSelected, "#settings-themes")
    def _theme(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id or ""
        self.mentor_app.set_theme(name)
        themes = self.query_one("#settings-themes", OptionList)
        for index, theme in enumerate(self._themes()):
            themes.replace_option_prompt_at_index(index, self._theme_prompt(theme))

    @on(TickBox.Changed, "#settings-screen-reader")
    def _screen_reader(self, event: TickBox.Changed) -> None:
        if event.value != self.mentor_app.screen_reader:
            self.mentor_app.set_screen_reader(event.value)

    @on(TickBox.Changed, "#settings-animations")
    def _animations(self, event: TickBox.Changed) -> None:
        self.mentor_app.set_animations(event.value)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    @on(Button.Pressed, "#settings-password")
    def action_password(self) -> None:
        def done(session: Session | None) -> None:
            if session is not None:
                self.mentor_app.announce(
                    "Password changed; other sessions of this account are signed out."
                )

        self.app.push_screen(PasswordDialog(), done)

    @on(Button.Pressed, "#settings-export")
    def action_export(self) -> None:
        self._export()

    @work(exclusive=True, group="settings-export", exit_on_error=False)
    async def _export(self) -> None:
        app = self.mentor_app
        actor = app.actor
        if actor is None:
            return
        try:
            data = await app.backend.export_account()
            path = export_path(actor.username, datetime.now(UTC))
            write_private(path, json.dumps(data, indent=2, default=str))
        except OSError as error:
            app.announce(
                f"Can't write the export ({error.strerror}); nothing was saved.", error=True
            )
            return
        except Exception as error:
            app.report_error(error)
            return
        app.announce(f"Your data is saved in {path}.")

    @on(Button.Pressed, "#settings-switch")
    def _switch(self) -> None:
        self.mentor_app.switch_account()

    @on(Button.Pressed, "#settings-signout")
    def action_sign_out(self) -> None:
        self.mentor_app.sign_out()

    @on(Button.Pressed, "#settings-delete")
    def _delete(self) -> None:
        def done(deleted: bool | None) -> None:
            if deleted:
                self.mentor_app.announce("Your account is deleted. Goodbye.")
                self.mentor_app.session_ended()

        self.app.push_screen(DeleteDialog(), done)
