"""Sign in, pick a stored account, or take a demo login.

A wrong password or a server that went away is said on one line under the form and the
typed username stays; the password box is cleared only after a refused password. On a
demo network the documented logins are listed first, so a visitor is exploring after
one key.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.domain.errors import MentorError, NotAllowed
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp


def _where(app: MentorApp) -> str:
    """The network's address, with the home folder said as ``~`` (a path that fits a line)."""
    where = app.backend.where or "this network"
    home = str(Path.home())
    if home not in ("", "/") and where.startswith(home + "/"):
        return "~" + where[len(home) :]
    return where


EMPTY_NETWORK = (
    "Nobody has joined this network yet. Its office sets it up with\n"
    "  mentor-tui init --admin NAME --email ADDRESS\n"
    "To look around a demo network instead: mentor-tui demo"
)
EMPTY_NETWORK_SAID = "Nobody has joined this network yet: mentor-tui init sets it up."


class SignInScreen(PacedScreen[None]):
    """The way in: username (or e-mail) and password."""

    TITLE = "Sign in"
    CSS_PATH = styles_path() / "signin.tcss"
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s", "sign_in", "Sign in", tooltip="Sign in with this form", id="signin.submit"
        ),
        Binding(
            "ctrl+n", "sign_up", "New account", tooltip="Create an account", id="signin.signup"
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Back to the account still signed in (when switching)",
            id="signin.back",
        ),
    ]

    def __init__(self, username: str = "", message: str = "") -> None:
        super().__init__()
        self.initial_username = username
        self.message = message

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.mentor_app
        yield AppHeader()
        with VerticalScroll(id="signin-body", can_focus=False):
            if app.demo_logins:  # first: a visitor is exploring after one key
                yield Static(
                    f"Demo logins: choose one and press Enter (password: {app.demo_password})",
                    id="signin-demo-title",
                    classes="section-title",
                    markup=False,
                )
                yield OptionList(
                    *(
                        Option(
                            Content.assemble(
                                (login.username, "bold"),
                                f" · {login.who}\n  try: {login.what_to_try}",
                            ),
                            id=login.username,
                        )
                        for login in app.demo_logins
                    ),
                    id="signin-demo",
                )
                yield Static(
                    "Or sign in with a username and password:",
                    classes="section-title",
                    id="signin-or",
                )
            with Vertical(id="signin-form"):
                yield Static(
                    Content.assemble("Sign in to the mentoring network at ", plain(_where(app))),
                    id="signin-where",
                )
                yield Label("Username or e-mail", classes="field-label")
                yield Input(
                    self.initial_username,
                    placeholder="e.g. amara.okafor",
                    id="signin-username",
                )
                yield Label("Password", classes="field-label")
                yield Input(
                    password=True, placeholder="at least 10 characters", id="signin-password"
                )
                yield Static(plain(self.message), id="signin-error", classes="field-error")
                with Horizontal(id="signin-buttons"):
                    yield Button("Sign in", id="signin-submit", variant="primary")
                    yield Button("Create an account", id="signin-signup")
                yield Static(EMPTY_NETWORK, id="signin-empty", markup=False)
            stored = self._stored_usernames()
            if stored:
                yield Static(
                    "Stored sessions: choose one to switch account",
                    classes="section-title",
                    id="signin-stored-title",
                )
                yield OptionList(
                    *(Option(plain(name), id=name) for name in stored), id="signin-stored"
                )
        yield StatusLine()
        yield Footer()

    def _stored_usernames(self) -> list[str]:
        try:
            return list(self.mentor_app.sessions.usernames())
        except Exception:
            return []

    def on_mount(self) -> None:
        if self.mentor_app.demo_logins and not self.initial_username:
            self.query_one("#signin-demo").focus()
            body = self.query_one("#signin-body", VerticalScroll)
            self.call_after_refresh(body.scroll_home, animate=False)  # the list's title too
        elif self.initial_username:
            self.query_one("#signin-password").focus()
        else:
            self.query_one("#signin-username").focus()
        if self.message:
            self.mentor_app.announce(self.message)

    def show_empty_network(self) -> None:
        """Nobody has joined: say how the network is set up (the app asks at its start)."""
        self.query_one("#signin-empty").display = True
        self.mentor_app.announce(EMPTY_NETWORK_SAID)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":  # only while switching: someone is still signed in
            return self.mentor_app.actor is not None
        return True

    def action_back(self) -> None:
        self.mentor_app.open_dashboard()

    @on(Input.Submitted, "#signin-username")
    def _next(self) -> None:
        self.query_one("#signin-password").focus()

    @on(Input.Submitted, "#signin-password")
    @on(Button.Pressed, "#signin-submit")
    def action_sign_in(self) -> None:
        username = self.query_one("#signin-username", Input).value.strip()
        password = self.query_one("#signin-password", Input).value
        if not username:
            self._error("Type your username (or e-mail address) first.")
            self.query_one("#signin-username").focus()
            return
        if not password:
            self._error("Type your password, then press Enter.")
            self.query_one("#signin-password").focus()
            return
        self._sign_in(username, password)

    @on(Button.Pressed, "#signin-signup")
    def action_sign_up(self) -> None:
        from mentor_tui.tui.screens.signup import SignUpScreen

        self.app.push_screen(SignUpScreen())

    @on(OptionList.OptionSelected, "#signin-demo")
    def _demo(self, event: OptionList.OptionSelected) -> None:
        app = self.mentor_app
        username = event.option.id or ""
        self.query_one("#signin-username", Input).value = username
        if app.demo_password:
            self._sign_in(username, app.demo_password)

    @on(OptionList.OptionSelected, "#signin-stored")
    def _stored(self, event: OptionList.OptionSelected) -> None:
        self._switch(event.option.id or "")

    @work(exclusive=True, group="signin", exit_on_error=False)
    async def _switch(self, username: str) -> None:
        try:
            resumed = await self.mentor_app.switch_to(username)
        except Exception as error:
            self._error(error)
            return
        if not resumed:
            self.query_one("#signin-username", Input).value = username
            self.query_one("#signin-password").focus()
            self._error(f"The session of {username} has ended; type the password to sign in.")

    @work(exclusive=True, group="signin", exit_on_error=False)
    async def _sign_in(self, username: str, password: str) -> None:
        self.query_one("#signin-error", Static).update("Signing in…")
        try:
            await self.mentor_app.sign_in(username, password)
        except MentorError as error:
            self._error(error)
            if isinstance(error, NotAllowed):
                field = self.query_one("#signin-password", Input)
                field.value = ""
                field.focus()
        except Exception as error:
            self._error(error)

    def _error(self, error: BaseException | str) -> None:
        text = error if isinstance(error, str) else str(error)
        self.query_one("#signin-error", Static).update(plain(text))
        if isinstance(error, str):
            self.mentor_app.announce(text, error=True)
        else:  # a refused sign-in ends no one's session (switching keeps the current one)
            self.mentor_app.report_error(error, about_session=False)
