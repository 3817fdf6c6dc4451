"""Create an account: the sign-up form of domain.md, checked as you type.

The username is suggested from the name as it is typed (the service's suggestion, so
it is free) until the person edits it; the guidelines are shown in full and accepted
with an explicit tick. Each field says what is wrong beside it, using the same checks
the service runs (the domain's), and the service has the last word: its refusal is
shown under the form, and nothing typed is lost.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from mentor_tui.domain.enums import AccountState, Role
from mentor_tui.domain.errors import Invalid
from mentor_tui.domain.guidelines import GUIDELINES
from mentor_tui.domain.models import PASSWORD_MIN, Registration
from mentor_tui.domain.text import check_email, check_username
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.status_line import StatusLine
from mentor_tui.tui.widgets.tick_box import TickBox

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

ROLE_CHOICES = [
    ("Student", Role.STUDENT),
    ("Alumnus / alumna (graduated)", Role.ALUMNUS),
    ("Staff", Role.STAFF),
]
SUGGEST_DEBOUNCE = 0.3


def _year(value: str, label: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise Invalid(f"{label} should be a year such as 2019.")
    return int(value)


class SignUpScreen(PacedScreen[None]):
    """The sign-up form; success signs the new member in (pending verification)."""

    TITLE = "Create an account"
    CSS_PATH = styles_path() / "signup.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Create account", tooltip="Send the form", id="signup.submit"),
        Binding("escape", "back", "Back", tooltip="Back to sign-in", id="signup.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._username_edited = False
        self._suggested = ""
        """The last suggestion put in the username box (its Changed event is not an edit)."""

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="signup-body", can_focus=False):
            yield Static(
                "Every field with * is needed. Tab moves on; Ctrl+S creates the account.",
                classes="muted",
            )
            with Horizontal(classes="pair"):
                yield from self._part("First name *", "first", placeholder="e.g. Amara")
                yield from self._part("Middle name", "middle", placeholder="(optional)")
                yield from self._part("Last name *", "last", placeholder="e.g. Okafor")
            yield from self._field(
                "Username * (suggested from your name; you can change it now, not later)",
                "username",
                placeholder="e.g. amara.okafor",
            )
            with Horizontal(classes="pair"):
                yield from self._part(
                    f"Password * (at least {PASSWORD_MIN} characters)", "password", password=True
                )
                yield from self._part("Password again *", "password2", password=True)
            with Horizontal(classes="pair"):
                yield from self._part("E-mail *", "email", placeholder="e.g. name@example.org")
                yield from self._part("E-mail again *", "email2")
            yield Label("Role *", classes="field-label")
            yield Select(ROLE_CHOICES, prompt="Choose your role", id="signup-role")
            yield Static("", id="signup-role-error", classes="field-error")
            with Horizontal(classes="pair"):
                yield from self._part(
                    "Institution", "institution", placeholder="e.g. Leiden University"
                )
                yield from self._part(
                    "Programme of study", "programme", placeholder="e.g. Economics"
                )
            with Horizontal(id="signup-years"):
                with Vertical():
                    yield from self._field("Year started", "started", placeholder="e.g. 2019")
                with Vertical():
                    yield from self._field(
                        "Year graduated (or expected)", "graduated", placeholder="e.g. 2023"
                    )
            yield Static("The network's guidelines", classes="section-title")
            with VerticalScroll(id="signup-guidelines", can_focus=True):
                for title, body in GUIDELINES:
                    yield Static(title, classes="guideline-title", markup=False)
                    yield Static(body, classes="guideline-body", markup=False)
            yield TickBox(
                "I have read and accept the mentor, mentee and general guidelines *",
                id="signup-accept",
            )
            yield Static("", id="signup-error", classes="field-error")
            with Horizontal(id="signup-buttons"):
                yield Button("Create account", id="signup-submit", variant="primary")
                yield Button("Back to sign-in", id="signup-back")
        yield StatusLine()
        yield Footer()

    def _part(
        self, label: str, name: str, *, placeholder: str = "", password: bool = False
    ) -> ComposeResult:
        """One field of a row: side by side on a wide terminal, one above the other else."""
        with Vertical(classes="pair-part"):
            yield from self._field(label, name, placeholder=placeholder, password=password)

    def _field(
        self, label: str, name: str, *, placeholder: str = "", password: bool = False
    ) -> ComposeResult:
        yield Label(label, classes="field-label")
        yield Input(placeholder=placeholder, password=password, id=f"signup-{name}")
        yield Static("", id=f"signup-{name}-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#signup-first").focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#signup-{name}", Input).value

    def _say(self, name: str, text: str) -> None:
        self.query_one(f"#signup-{name}-error", Static).update(plain(text))

    # -- checks as you type ----------------------------------------------------------------------

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("signup-")
        if name in ("first", "last") and not self._username_edited:
            self._suggest(self.value("first"), self.value("last"))
        if name == "username":  # typed there: suggest no more (emptied: suggest again)
            self._username_edited = event.value not in (self._suggested, "")
        self._check(name)

    def _check(self, name: str) -> str:
        """The problem with field ``name`` (also shown beside it), or ''."""
        problem = ""
        value = self.value(name) if name not in ("role", "accept") else ""
        try:
            if name in ("first", "last") and not value.strip():
                problem = "Needed."
            elif name == "username" and value.strip():
                check_username(value)
            elif name == "password" and value and len(value) < PASSWORD_MIN:
                problem = f"{len(value)} characters; at least {PASSWORD_MIN}."
            elif name == "password2" and value and value != self.value("password"):
                problem = "Not the same as the password above."
            elif name == "email" and value.strip():
                check_email(value)
            elif name == "email2" and value and value.strip() != self.value("email").strip():
                problem = "Not the same as the e-mail above."
            elif name in ("started", "graduated"):
                _year(value, "This")
        except Invalid as error:
            problem = str(error)
        if name not in ("role", "accept"):
            self._say(name, problem)
        if name == "password" and self.value("password2"):
            self._check("password2")
        if name == "email" and self.value("email2"):
            self._check("email2")
        return problem

    @work(exclusive=True, group="signup-suggest", exit_on_error=False)
    async def _suggest(self, first: str, last: str) -> None:
        await asyncio.sleep(SUGGEST_DEBOUNCE)
        if not first.strip() or not last.strip():
            return
        try:
            suggestion = await self.mentor_app.backend.suggest_username(first, last)
        except Exception:  # only a suggestion: the form works without it
            return
        if self._username_edited:
            return
        self._suggested = suggestion
        self.query_one("#signup-username", Input).value = suggestion
        self._say("username", "")

    # -- sending ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#signup-back")
    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#signup-submit")
    def action_create(self) -> None:
        problems = [
            (name, self._check(name))
            for name in ("first", "last", "username", "password", "password2", "email", "email2")
        ]
        for name in ("password", "password2", "email", "email2", "username"):
            if not self.value(name).strip():
                self._say(name, "Needed.")
                problems.append((name, "Needed."))
        role = self.query_one("#signup-role", Select).value
        if not isinstance(role, Role):
            self.query_one("#signup-role-error", Static).update("Choose a role.")
            problems.append(("role", "Choose a role."))
        else:
            self.query_one("#signup-role-error", Static).update("")
        first_bad = next(((name, text) for name, text in problems if text), None)
        if first_bad is not None:
            name, text = first_bad
            self._error(f"Please fix the marked fields first ({name}: {text})")
            self.query_one(f"#signup-{name}").focus()
            return
        if not self.query_one("#signup-accept", TickBox).value:
            self._error("You can join only by accepting the guidelines (tick the box).")
            self.query_one("#signup-accept").focus()
            return
        try:
            registration = Registration(
                first_name=self.value("first"),
                middle_name=self.value("middle"),
                last_name=self.value("last"),
                username=self.value("username").strip() or None,
                password=self.value("password"),
                email=self.value("email").strip(),
                role=cast(Role, role),
                institution=self.value("institution"),
                programme=self.value("programme"),
                year_started=_year(self.value("started"), "Year started"),
                year_graduated=_year(self.value("graduated"), "Year graduated"),
                accept_guidelines=True,
            )
        except Invalid as error:
            self._error(str(error))
            return
        self._register(registration)

    @work(exclusive=True, group="signup", exit_on_error=False)
    async def _register(self, registration: Registration) -> None:
        app = self.mentor_app
        self.query_one("#signup-error", Static).update("Creating your account…")
        try:
            member = await app.backend.register(registration)
        except Exception as error:
            self._error(error)
            return
        try:
            await app.sign_in(member.username, registration.password)
        except Exception as error:
            self._error(error)
            return
        if member.state is AccountState.PENDING:
            app.announce(
                f"Welcome, {member.username}. Your account is being verified by the alumni "
                "office; meanwhile you can complete your profile (p)."
            )

    def _error(self, error: BaseException | str) -> None:
        text = error if isinstance(error, str) else str(error)
        self.query_one("#signup-error", Static).update(plain(text))
        if isinstance(error, str):
            self.mentor_app.announce(text, error=True)
        else:
            self.mentor_app.report_error(error, about_session=False)
