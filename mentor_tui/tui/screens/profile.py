"""A member's profile: the own one to edit (Personal and Mentor tabs), anyone else's to read.

The own profile holds every field of domain.md's personal profile, checked as it is
typed with the same checks the service runs (the service still has the last word when
saving), the professional history and education lists (each change saved at once), the
LinkedIn import and the yearly "my profile is up to date". The Mentor tab shows the
mentor state in words and the keys to activate, pause and resume; students and staff
see why they can't mentor, and if they try anyway they see the service's refusal.

Another member's profile is read-only; if they mentor, it can be the start of a request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import (
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    Switch,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option

from mentor_tui.domain.enums import MentorState, Role
from mentor_tui.domain.errors import MentorError
from mentor_tui.domain.lists import ACTIVITIES, HELP_AREAS, SECTORS
from mentor_tui.domain.models import (
    BIO_MAX,
    DEFAULT_MAX_MENTEES,
    HEADLINE_MAX,
    MAX_MENTEES_RANGE,
    NAME_MAX,
    SHORT_TEXT_MAX,
    Education,
    Member,
    MentoringRequest,
    Position,
)
from mentor_tui.domain.text import check_email, check_url, clean_line
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.screens.dialogs import (
    ConfirmDialog,
    EducationDialog,
    LinkedInDialog,
    PositionDialog,
    SendRequestDialog,
    options,
    parse_year,
)
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.mentor_card import (
    MemberProfileView,
    education_text,
    position_text,
)
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.status_line import StatusLine
from mentor_tui.tui.widgets.tick_list import TickList
from mentor_tui.tui.wording import (
    MENTOR_STATE_WORDS,
    WARNING,
    day_month,
    plural,
    profile_room,
)

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

PERSONAL, MENTOR = "profile-personal", "profile-mentor"
TEXT_FIELDS: tuple[tuple[str, str, int], ...] = (
    ("first_name", "First name", NAME_MAX),
    ("middle_name", "Middle name (optional)", NAME_MAX),
    ("last_name", "Last name", NAME_MAX),
)
"""Name fields, in the order a form asks for them."""


class Check(Validator):
    """Runs one of the domain's own checks as the person types (the service checks again)."""

    def __init__(self, check: Callable[[str], object]) -> None:
        super().__init__()
        self._check = check

    def validate(self, value: str) -> ValidationResult:
        try:
            self._check(value)
        except MentorError as error:
            return self.failure(str(error))
        return self.success()


def _optional(check: Callable[[str], object]) -> Callable[[str], object]:
    return lambda v: check(v) if v.strip() else v


def _line_check(field: str, max_length: int, required: bool = False) -> Check:
    return Check(lambda v: clean_line(v, field, max_length=max_length, required=required))


def _year_check(field: str) -> Check:
    return Check(lambda v: parse_year(v, field))


def why_not_mentor(role: Role) -> str:
    """Why this member can't mentor, said before they try (the service says it again)."""
    who = "Students" if role is Role.STUDENT else "Staff"
    return (
        f"{who} can't be mentors: only alumni mentor in this network. If you have "
        "graduated, ask the alumni office to change your role to alumnus."
    )


class EntryList(OptionList):
    """A profile list (positions or education) edited with keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,insert", "add", "Add", id="profile.entry_add"),
        Binding("e", "edit", "Edit", id="profile.entry_edit"),
        Binding("delete,minus", "remove", "Remove", id="profile.entry_remove"),
    ]

    def __init__(self, kind: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind

    def _screen(self) -> ProfileScreen | None:
        screen = self.screen
        return screen if isinstance(screen, ProfileScreen) else None

    def action_add(self) -> None:
        if (screen := self._screen()) is not None:
            screen.edit_entry(self.kind, None)

    def action_edit(self) -> None:
        if (screen := self._screen()) is not None and self.highlighted is not None:
            screen.edit_entry(self.kind, self.highlighted)

    def action_remove(self) -> None:
        if (screen := self._screen()) is not None and self.highlighted is not None:
            screen.remove_entry(self.kind, self.highlighted)


def field_error(field_id: str) -> Static:
    return Static("", id=f"{field_id}-error", classes="field-error")


class ProfileScreen(PacedScreen[None]):
    """The own profile (editable) when ``username`` is None, else someone's, read-only."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        styles_path() / "profile.tcss",
        styles_path() / "member_profile.tcss",
    ]
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="profile.save"),
        Binding(
            "ctrl+o",
            "import_linkedin",
            "LinkedIn",
            tooltip="Import the personal profile from a LinkedIn export",
            id="profile.linkedin",
        ),
        Binding(
            "ctrl+r",
            "confirm",
            "Confirm",
            tooltip="Confirm my profile is up to date",
            id="profile.confirm",
        ),
        Binding(
            "ctrl+g",
            "activate",
            "Mentor",
            tooltip="Start or resume mentoring (visible in search)",
            id="profile.activate",
        ),
        Binding(
            "ctrl+n",
            "pause",
            "Pause",
            tooltip="Pause mentoring: hidden from search, no new requests",
            id="profile.pause",
        ),
        Binding(
            "c", "request", "Request", tooltip="Ask this mentor for mentoring", id="profile.request"
        ),
    ]

    def __init__(self, username: str | None = None) -> None:
        super().__init__()
        self.username = username
        self.member: Member | None = None

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    @property
    def own(self) -> bool:
        actor = self.mentor_app.actor
        return self.username is None or (actor is not None and actor.username == self.username)

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield AppHeader()
        if self.own:
            with TabbedContent(id="profile-tabs", initial=PERSONAL):
                with TabPane("Personal", id=PERSONAL), VerticalScroll(id="personal-form"):
                    yield from self._compose_personal()
                with TabPane("Mentor", id=MENTOR), VerticalScroll(id="mentor-form"):
                    yield from self._compose_mentor()
        else:
            yield MemberProfileView("Loading the profile…", id="profile-view")
        yield StatusLine()
        yield Footer()

    def _input(
        self,
        field_id: str,
        label: str,
        *,
        max_length: int = SHORT_TEXT_MAX,
        validators: list[Validator] | None = None,
        placeholder: str = "",
        restrict: str | None = None,
    ) -> Iterable[Widget]:
        with Horizontal(classes="field"):
            yield Label(label, classes="field-label")
            yield Input(
                id=field_id,
                max_length=max_length,
                validators=validators or [],
                validate_on=["changed"],
                placeholder=placeholder,
                restrict=restrict,
            )
        yield field_error(field_id)

    def _compose_personal(self) -> Iterable[Widget]:
        yield Static("", id="confirmation", classes="form-note")
        yield Static("", id="personal-error", classes="form-error")
        yield Static("Name", classes="form-section")
        for field_id, label, limit in TEXT_FIELDS:
            yield from self._input(
                field_id,
                label,
                max_length=limit,
                validators=[_line_check(label, limit, field_id != "middle_name")],
            )
        yield Static("Headline and about", classes="form-section")
        yield from self._input(
            "headline",
            f"Headline (at most {HEADLINE_MAX} characters)",
            max_length=HEADLINE_MAX,
            placeholder="e.g. Economics graduate, now a data analyst in Nairobi",
        )
        yield Static("", id="headline-count", classes="char-count")
        yield from self._input("city", "City")
        yield from self._input("country", "Country")
        yield Label("Bio", classes="field-label")
        bio = TextArea(id="bio", soft_wrap=True, tab_behavior="focus")
        bio.tooltip = "Bio"
        yield bio
        yield Static("", id="bio-count", classes="char-count")
        yield Static("Contact", classes="form-section")
        yield from self._input("email", "E-mail", max_length=254, validators=[Check(check_email)])
        with Horizontal(classes="switch-row"):
            yield Switch(id="show_email")
            yield Label("Show my e-mail to other members", classes="switch-label")
        with Horizontal(classes="switch-row"):
            yield Switch(id="email_notifications")
            yield Label(
                "Send me notifications by e-mail (off: no e-mail at all, not even requests)",
                classes="switch-label",
            )
        yield from self._input(
            "website",
            "Website",
            validators=[Check(_optional(lambda v: check_url(v, "Website")))],
            placeholder="https://…",
        )
        yield from self._input(
            "linkedin",
            "LinkedIn URL",
            validators=[Check(_optional(lambda v: check_url(v, "LinkedIn URL")))],
            placeholder="https://www.linkedin.com/in/…",
        )
        yield from self._input("other_contacts", "Other contacts (handles)", max_length=300)
        yield Label(
            "Address (optional; only you and the alumni office see it)", classes="field-label"
        )
        address = TextArea(id="address", soft_wrap=True, tab_behavior="focus")
        address.tooltip = "Address"
        yield address
        yield Static("Study", classes="form-section")
        yield from self._input("institution", "Institution")
        yield from self._input("programme", "Programme of study")
        yield from self._input(
            "year_started",
            "Year started",
            max_length=4,
            restrict=r"\d*",
            validators=[_year_check("Year started")],
        )
        yield from self._input(
            "year_graduated",
            "Year graduated (or expected)",
            max_length=4,
            restrict=r"\d*",
            validators=[_year_check("Year graduated")],
        )
        yield Static("Suggestions", classes="form-section")
        yield Label("Sectors I am interested in (space ticks)", classes="field-label")
        yield TickList(*options(SECTORS), id="interest_sectors")
        yield Label("What I want help with (space ticks)", classes="field-label")
        yield TickList(*options(HELP_AREAS), id="goal_areas")
        yield Static("Career path: + adds, e edits, delete removes", classes="form-section")
        yield EntryList("positions", id="positions")
        yield Static("Education: + adds, e edits, delete removes", classes="form-section")
        yield EntryList("education", id="education")

    def _compose_mentor(self) -> Iterable[Widget]:
        yield Static("", id="mentor-state", classes="form-note")
        yield Static("", id="mentor-why", classes="form-note")
        yield Static("", id="mentor-error", classes="form-error")
        with Vertical(id="mentor-fields"):
            yield Label("Work sectors: one to three (space ticks)", classes="field-label")
            yield TickList(*options(SECTORS), id="mentor-sectors")
            yield Label("Current job title", classes="field-label")
            yield Input(id="mentor-job", max_length=SHORT_TEXT_MAX)
            yield Label("Employer", classes="field-label")
            yield Input(id="mentor-employer", max_length=SHORT_TEXT_MAX)
            yield Label("Areas I can help with", classes="field-label")
            yield TickList(*options(HELP_AREAS), id="mentor-help")
            yield Label("Activities I offer", classes="field-label")
            yield TickList(*options(ACTIVITIES), id="mentor-activities")
            yield Label("Maximum mentees at a time", classes="field-label")
            low, high = MAX_MENTEES_RANGE
            yield Select[int](
                [
                    (f"{n} (suggested)" if n == DEFAULT_MAX_MENTEES else str(n), n)
                    for n in range(low, high + 1)
                ],
                id="mentor-max",
                value=DEFAULT_MAX_MENTEES,
                allow_blank=False,
            )
            yield Static(
                "ctrl+s saves · ctrl+g starts or resumes mentoring · ctrl+n pauses",
                classes="form-note",
            )

    def on_mount(self) -> None:
        if self.own:
            self.query_one("#positions").border_title = "Professional history"
            self.query_one("#education").border_title = "Education"
            self.query_one("#personal-error").display = False
            self.query_one("#mentor-error").display = False
            for error in self.query(".field-error"):
                error.display = False
        self._load()

    # -- loading -----------------------------------------------------------------------

    @work(exclusive=True, group="profile-load", exit_on_error=False)
    async def _load(self) -> None:
        backend = self.mentor_app.backend
        try:
            if self.own:
                member = await backend.me()
            else:
                assert self.username is not None
                member = await backend.get_member(self.username)
        except Exception as error:
            if not self.own:
                self.query_one(MemberProfileView).show(None, str(error))
            self.mentor_app.report_error(error)
            return
        self._show(member)

    def _show(self, member: Member) -> None:
        self.member = member
        if not self.own:
            self.query_one(MemberProfileView).show(member)
            self.refresh_bindings()
            return
        self._fill_personal(member)
        self._fill_mentor(member)
        self.refresh_bindings()

    def _fill_personal(self, member: Member) -> None:
        private = member.private
        values: dict[str, str] = {
            "first_name": member.first_name,
            "middle_name": member.middle_name,
            "last_name": member.last_name,
            "headline": member.headline,
            "city": member.city,
            "country": member.country,
            "email": private.email if private else (member.email or ""),
            "website": member.website,
            "linkedin": member.linkedin,
            "other_contacts": member.other_contacts,
            "institution": member.institution,
            "programme": member.programme,
            "year_started": str(member.year_started or ""),
            "year_graduated": str(member.year_graduated or ""),
        }
        for field_id, value in values.items():
            with self.prevent(Input.Changed):
                self.query_one(f"#{field_id}", Input).value = value
        self.query_one("#bio", TextArea).text = member.bio
        self.query_one("#address", TextArea).text = private.address if private else ""
        self.query_one("#show_email", Switch).value = bool(private and private.show_email)
        self.query_one("#email_notifications", Switch).value = bool(
            private is None or private.email_notifications
        )
        self._tick("#interest_sectors", member.interest_sectors)
        self._tick("#goal_areas", member.goal_areas)
        self._fill_entries(member)
        self._count_headline()
        self._count_bio()
        note = self.query_one("#confirmation", Static)
        if private and private.confirmation_due:
            note.update(
                f"{WARNING} Please confirm your profile is up to date (ctrl+r): members "
                "are asked once a year."
            )
        elif private and private.profile_confirmed_at:
            note.update(
                f"Confirmed up to date on {day_month(private.profile_confirmed_at)} · "
                "ctrl+r confirms again · ctrl+o imports from LinkedIn"
            )
        else:
            note.update("ctrl+s saves · ctrl+r confirms it is up to date · ctrl+o imports LinkedIn")
        for error in self.query(".field-error"):
            error.display = False

    def _fill_entries(self, member: Member) -> None:
        positions = self.query_one("#positions", EntryList)
        positions.clear_options()
        positions.add_options(Option(plain(position_text(p))) for p in member.positions)
        if not member.positions:
            positions.add_option(Option("No positions yet: press + to add one.", disabled=True))
        education = self.query_one("#education", EntryList)
        education.clear_options()
        education.add_options(Option(plain(education_text(e))) for e in member.education)
        if not member.education:
            education.add_option(Option("No education yet: press + to add one.", disabled=True))

    def _tick(self, selector: str, chosen: list[str]) -> None:
        selection = self.query_one(selector, SelectionList)
        with self.prevent(SelectionList.SelectedChanged):
            selection.deselect_all()
            for value in chosen:
                selection.select(value)

    def _fill_mentor(self, member: Member) -> None:
        state = self.query_one("#mentor-state", Static)
        why = self.query_one("#mentor-why", Static)
        fields = self.query_one("#mentor-fields")
        if member.role is not Role.ALUMNUS:
            state.update("You are not a mentor.")
            why.update(why_not_mentor(member.role))
            why.display = True
            fields.display = False
            return
        why.display = False
        fields.display = True
        mentor = member.mentor
        if mentor is None:
            state.update(
                "Mentor profile: not set up yet. Choose one to three work sectors, save "
                "(ctrl+s), then start mentoring (ctrl+g)."
            )
            return
        lines = [f"Mentor profile: {MENTOR_STATE_WORDS[mentor.state]}"]
        if mentor.state is not MentorState.INACTIVE:
            lines.append(
                f"Room now: {profile_room(mentor)} · completed: "
                f"{plural(mentor.completed, 'mentoring')}"
            )
        state.update("\n".join(lines))
        self._tick("#mentor-sectors", mentor.sectors)
        self._tick("#mentor-help", mentor.help_areas)
        self._tick("#mentor-activities", mentor.activities)
        self.query_one("#mentor-job", Input).value = mentor.job_title
        self.query_one("#mentor-employer", Input).value = mentor.employer
        self.query_one("#mentor-max", Select).value = mentor.max_mentees

    # -- validation as you type -----------------------------------------------------

    @on(Input.Changed)
    def _validated(self, event: Input.Changed) -> None:
        if event.input.id is None:
            return
        for error in self.query(f"#{event.input.id}-error").results(Static):
            result = event.validation_result
            if result is None or result.is_valid:
                error.display = False
            else:
                error.update(plain(" ".join(result.failure_descriptions)))
                error.display = True
        if event.input.id == "headline":
            self._count_headline()

    def _count_headline(self) -> None:
        length = len(self.query_one("#headline", Input).value)
        left = HEADLINE_MAX - length
        self.query_one("#headline-count", Static).update(
            f"{plural(left, 'character')} left" if left >= 0 else f"{-left} characters too many"
        )

    @on(TextArea.Changed, "#bio")
    def _count_bio(self) -> None:
        length = len(self.query_one("#bio", TextArea).text)
        self.query_one("#bio-count", Static).update(f"{length:,} of {BIO_MAX:,} characters")

    # -- saving ------------------------------------------------------------------------

    def _personal_changes(self) -> dict[str, Any]:
        member = self.member
        assert member is not None
        private = member.private
        current: dict[str, Any] = {
            "first_name": member.first_name,
            "middle_name": member.middle_name,
            "last_name": member.last_name,
            "headline": member.headline,
            "city": member.city,
            "country": member.country,
            "email": private.email if private else (member.email or ""),
            "website": member.website,
            "linkedin": member.linkedin,
            "other_contacts": member.other_contacts,
            "institution": member.institution,
            "programme": member.programme,
            "year_started": str(member.year_started or ""),
            "year_graduated": str(member.year_graduated or ""),
            "bio": member.bio,
            "address": private.address if private else "",
            "show_email": bool(private and private.show_email),
            "email_notifications": bool(private is None or private.email_notifications),
            "interest_sectors": member.interest_sectors,
            "goal_areas": member.goal_areas,
        }
        typed: dict[str, Any] = {
            key: self.query_one(f"#{key}", Input).value
            for key in current
            if isinstance(self.query_one(f"#{key}"), Input)
        }
        typed["bio"] = self.query_one("#bio", TextArea).text
        typed["address"] = self.query_one("#address", TextArea).text
        typed["show_email"] = self.query_one("#show_email", Switch).value
        typed["email_notifications"] = self.query_one("#email_notifications", Switch).value
        for key in ("interest_sectors", "goal_areas"):
            typed[key] = [str(v) for v in self.query_one(f"#{key}", SelectionList).selected]
        return {key: value for key, value in typed.items() if value != current[key]}

    def _active_tab(self) -> str:
        return self.query_one("#profile-tabs", TabbedContent).active

    def action_save(self) -> None:
        if not self.own or self.member is None:
            return
        if self._active_tab() == MENTOR:
            self._save_mentor(activate=False)
        else:
            self._save_personal()

    def _form_error(self, selector: str, error: BaseException | None) -> None:
        box = self.query_one(selector, Static)
        if error is None:
            box.display = False
            return
        box.update(
            plain(
                str(error)
                if isinstance(error, MentorError)
                else f"Something unexpected went wrong ({type(error).__name__})."
            )
        )
        box.display = True
        self.mentor_app.report_error(error, where=box)

    @work(exclusive=True, group="profile-save", exit_on_error=False)
    async def _save_personal(self) -> None:
        changes = self._personal_changes()
        if not changes:
            self._form_error("#personal-error", None)
            self.mentor_app.announce("Nothing to save: your profile is as it was.")
            return
        try:
            member = await self.mentor_app.backend.update_profile(changes)
        except Exception as error:
            self._form_error("#personal-error", error)
            return
        self._form_error("#personal-error", None)
        self._show(member)
        self.mentor_app.announce(f"Profile saved ({plural(len(changes), 'field')} changed).")

    def _mentor_fields(self) -> dict[str, Any]:
        value = self.query_one("#mentor-max", Select).value
        return {
            "sectors": [str(v) for v in self.query_one("#mentor-sectors", SelectionList).selected],
            "job_title": self.query_one("#mentor-job", Input).value,
            "employer": self.query_one("#mentor-employer", Input).value,
            "help_areas": [str(v) for v in self.query_one("#mentor-help", SelectionList).selected],
            "activities": [
                str(v) for v in self.query_one("#mentor-activities", SelectionList).selected
            ],
            "max_mentees": value if isinstance(value, int) else DEFAULT_MAX_MENTEES,
        }

    @work(exclusive=True, group="profile-save", exit_on_error=False)
    async def _save_mentor(self, activate: bool) -> None:
        backend = self.mentor_app.backend
        member = self.member
        try:
            if member is not None and member.role is Role.ALUMNUS:
                member = await backend.update_mentor(**self._mentor_fields())
            if activate:
                member = await backend.activate_mentor()
        except Exception as error:
            self._form_error("#mentor-error", error)
            return
        self._form_error("#mentor-error", None)
        if member is not None:
            self._show(member)
        if activate:
            self.mentor_app.announce(
                "You are mentoring: mentees can find you in search and send requests."
            )
        else:
            self.mentor_app.announce("Mentor profile saved.")

    def action_activate(self) -> None:
        if not self.own:
            return
        self.query_one("#profile-tabs", TabbedContent).active = MENTOR
        self._save_mentor(activate=True)

    def action_pause(self) -> None:
        if not self.own:
            return
        self.query_one("#profile-tabs", TabbedContent).active = MENTOR
        self._pause()

    @work(exclusive=True, group="profile-save", exit_on_error=False)
    async def _pause(self) -> None:
        try:
            member = await self.mentor_app.backend.pause_mentor()
        except Exception as error:
            self._form_error("#mentor-error", error)
            return
        self._form_error("#mentor-error", None)
        self._show(member)
        self.mentor_app.announce(
            "Mentoring paused: you are hidden from search and get no new requests; "
            "current mentoring goes on. ctrl+g resumes."
        )

    def action_confirm(self) -> None:
        if self.own:
            self._confirm()

    @work(exclusive=True, group="profile-confirm", exit_on_error=False)
    async def _confirm(self) -> None:
        try:
            member = await self.mentor_app.backend.confirm_profile()
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        self._show(member)
        self.mentor_app.announce("Thank you: your profile is confirmed up to date.")

    def action_import_linkedin(self) -> None:
        if not self.own:
            return
        backend = self.mentor_app.backend

        def done(member: Member | None) -> None:
            if member is not None:
                self._show(member)
                self.mentor_app.announce(
                    "Profile filled from your LinkedIn export; check it and save any changes."
                )

        self.app.push_screen(LinkedInDialog(backend.import_linkedin), done)

    # -- professional history and education -----------------------------------------

    def edit_entry(self, kind: str, index: int | None) -> None:
        member = self.member
        if member is None:
            return
        backend = self.mentor_app.backend
        if kind == "positions":
            positions = list(member.positions)
            current_position = (
                positions[index] if index is not None and index < len(positions) else None
            )

            async def save_position(position: Position) -> Member:
                items = list(positions)
                if current_position is not None and index is not None:
                    items[index] = position
                else:
                    items.insert(0, position)
                return await backend.set_positions(items)

            self.app.push_screen(PositionDialog(current_position, save_position), self._saved)
        else:
            entries = list(member.education)
            current_entry = entries[index] if index is not None and index < len(entries) else None

            async def save_education(entry: Education) -> Member:
                items = list(entries)
                if current_entry is not None and index is not None:
                    items[index] = entry
                else:
                    items.append(entry)
                return await backend.set_education(items)

            self.app.push_screen(EducationDialog(current_entry, save_education), self._saved)

    def remove_entry(self, kind: str, index: int) -> None:
        member = self.member
        if member is None:
            return
        backend = self.mentor_app.backend
        if kind == "positions":
            if index >= len(member.positions):
                return
            what = position_text(member.positions[index])
            positions = [p for i, p in enumerate(member.positions) if i != index]

            async def remove() -> Member:
                return await backend.set_positions(positions)
        else:
            if index >= len(member.education):
                return
            what = education_text(member.education[index])
            entries = [e for i, e in enumerate(member.education) if i != index]

            async def remove() -> Member:
                return await backend.set_education(entries)

        self.app.push_screen(
            ConfirmDialog(
                "Remove from your profile", f"Remove “{what}”?", remove, submit_label="Remove"
            ),
            self._saved,
        )

    def _saved(self, member: Member | None) -> None:
        if member is not None:
            self.member = member
            self._fill_entries(member)
            self.mentor_app.announce("Saved.")

    # -- someone else's profile -------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request":
            return not self.own and self.member is not None and self.member.mentor is not None
        if action in ("save", "import_linkedin", "confirm", "activate", "pause"):
            return self.own
        return True

    def action_request(self) -> None:
        member = self.member
        if self.own or member is None or member.mentor is None:
            return
        mentor = member.mentor
        if mentor.state is not MentorState.ACTIVE:
            self.mentor_app.announce(
                f"{member.name} is not taking requests: mentoring is {mentor.state.value}."
            )
            return
        if not mentor.has_room:
            self.mentor_app.announce(
                f"{member.name} is FULL ({mentor.active_mentees} of {mentor.max_mentees} places "
                "taken) and can't take new requests until a mentoring ends."
            )
            return
        backend = self.mentor_app.backend

        async def send(intro: str, goals: str, activities: list[str]) -> MentoringRequest:
            return await backend.send_request(member.username, intro, goals, activities)

        def sent(request: MentoringRequest | None) -> None:
            if request is not None:
                self.mentor_app.announce(
                    f"Request {request.id} sent to {member.name}; you will be told when they "
                    "answer."
                )

        self.app.push_screen(SendRequestDialog(member.name, mentor.activities, send), sent)
