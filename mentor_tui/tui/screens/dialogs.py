"""The dialogs of the mentoring screens: each one asks for a few words and makes one call.

Why a dialog makes the backend call itself (through the ``action`` it is given) instead
of handing the typed text back: when the service refuses, the person must still see
what they typed, with the service's sentence beside it, and try again or cancel. A
dialog that closed first would lose the text. So every dialog here stays open until the
call succeeds, and dismisses with the call's result; Escape cancels (``None``).

The dialogs never judge a rule (who may send, how long an introduction must be): they
count characters as a courtesy and show whatever the service says.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static, TextArea

from mentor_tui.domain.errors import Invalid
from mentor_tui.domain.models import (
    INTRODUCTION_MIN,
    MESSAGE_MAX,
    SHORT_TEXT_MAX,
    Education,
    Member,
    Position,
)
from mentor_tui.linkedin_files import read_export
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedModalScreen
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.tick_list import TickList
from mentor_tui.tui.wording import feedback_words, plural

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

R = TypeVar("R")


def mentor_app(widget: Widget) -> MentorApp:
    """The running app, typed: screens and dialogs call its announce/report_error/open_*."""
    return cast("MentorApp", widget.app)


class FormDialog(PacedModalScreen[R | None], Generic[R]):
    """A modal form whose submit runs one backend call and closes only when it succeeds."""

    CSS_PATH = styles_path() / "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "submit", "Submit", id="dialog.submit"),
    ]

    title_text: str = ""
    submit_label: str = "Save"

    def __init__(self, title: str | None = None, *, submit_label: str | None = None) -> None:
        super().__init__()
        if title is not None:
            self.title_text = title
        if submit_label is not None:
            self.submit_label = submit_label
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = plain(self.title_text)
            with VerticalScroll(classes="dialog-fields"):
                yield from self.compose_fields()
            yield Static("", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.submit_label} (ctrl+s)", id="submit", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def compose_fields(self) -> Iterable[Widget]:
        """The dialog's own fields, in reading order."""
        return ()

    async def submit(self) -> R:
        """Make the call; raise a MentorError (its sentence is shown here) to refuse."""
        raise NotImplementedError

    # -- behaviour -------------------------------------------------------------

    def show_error(self, text: str) -> None:
        error = self.query_one(".dialog-error", Static)
        error.update(plain(text))
        error.set_class(bool(text), "-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        if not self._busy:
            self._submit_worker()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @work(exclusive=True, group="dialog-submit", exit_on_error=False)
    async def _submit_worker(self) -> None:
        self._busy = True
        self.show_error("")
        try:
            result = await self.submit()
        except Exception as error:
            self.show_error(_sentence(error))
            mentor_app(self).report_error(error)
            return
        finally:
            self._busy = False
        self.dismiss(result)


def _sentence(error: BaseException) -> str:
    """A refusal's own sentence; anything unexpected in one line, never a traceback."""
    from mentor_tui.domain.errors import MentorError

    if isinstance(error, MentorError):
        return str(error)
    return f"Something unexpected went wrong ({type(error).__name__}); nothing was changed."


class CharacterCount(Static):
    """ "23 characters (at least 20)" under a text field: a courtesy, the service judges."""

    def show(self, count: int, minimum: int = 0, maximum: int = 0) -> None:
        parts = [plural(count, "character")]
        if minimum and count < minimum:
            parts.append(f"{minimum - count} more needed (at least {minimum})")
        if maximum:
            left = maximum - count
            parts.append(f"{left:,} left" if left >= 0 else f"{-left:,} too many")
        self.update(" · ".join(parts))
        self.set_class(
            bool(minimum and count < minimum) or bool(maximum and count > maximum), "-short"
        )


# -- one line or a few lines of text --------------------------------------------------


class TextDialog(FormDialog[R]):
    """One text field (a line or several) handed to ``action``: reasons, objectives, replies."""

    def __init__(
        self,
        title: str,
        label: str,
        action: Callable[[str], Awaitable[R]],
        *,
        submit_label: str = "Save",
        value: str = "",
        placeholder: str = "",
        explanation: str = "",
        multiline: bool = False,
        max_length: int = MESSAGE_MAX,
        minimum: int = 0,
        restrict: str | None = None,
    ) -> None:
        super().__init__(title, submit_label=submit_label)
        self._label = label
        self._action = action
        self._value = value
        self._placeholder = placeholder
        self._explanation = explanation
        self._multiline = multiline
        self._max_length = max_length
        self._minimum = minimum
        self._restrict = restrict

    def compose_fields(self) -> Iterable[Widget]:
        if self._explanation:
            yield Static(plain(self._explanation), classes="dialog-explanation")
        yield Label(self._label, classes="field-label")
        if self._multiline:
            area = TextArea(
                self._value,
                id="dialog-text",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
                placeholder=self._placeholder,
            )
            area.tooltip = self._label
            yield area
        else:
            yield Input(
                self._value,
                id="dialog-text",
                placeholder=self._placeholder,
                max_length=self._max_length,
                restrict=self._restrict,
            )
        yield CharacterCount("", classes="char-count")

    def on_mount(self) -> None:
        self.query_one("#dialog-text").focus()
        self._count()

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _count(self) -> None:
        self.query_one(CharacterCount).show(
            len(self.text.strip()), self._minimum, self._max_length if self._multiline else 0
        )

    @property
    def text(self) -> str:
        field = self.query_one("#dialog-text")
        if isinstance(field, TextArea):
            return field.text
        return cast(Input, field).value

    async def submit(self) -> R:
        return await self._action(self.text)


class ConfirmDialog(FormDialog[R]):
    """A question with one button that makes the call: retract, remove, suspend, approve."""

    def __init__(
        self,
        title: str,
        question: str,
        action: Callable[[], Awaitable[R]],
        *,
        submit_label: str = "Yes",
    ) -> None:
        super().__init__(title, submit_label=submit_label)
        self._question = question
        self._action = action

    def compose_fields(self) -> Iterable[Widget]:
        yield Static(plain(self._question), classes="dialog-explanation")

    def on_mount(self) -> None:
        self.query_one("#submit").focus()

    async def submit(self) -> R:
        return await self._action()


# -- mentoring requests -----------------------------------------------------------------


class SendRequestDialog(FormDialog[R]):
    """Ask a mentor for mentoring: introduction (why this mentor), goals, activities hoped for."""

    submit_label = "Send request"

    def __init__(
        self,
        mentor_name: str,
        activities: Sequence[str],
        action: Callable[[str, str, list[str]], Awaitable[R]],
    ) -> None:
        super().__init__(f"Ask {mentor_name} for mentoring")
        self._activities = list(activities)
        self._action = action

    def compose_fields(self) -> Iterable[Widget]:
        yield Label(
            "Introduction: who you are and why this mentor (required)", classes="field-label"
        )
        intro = TextArea(
            id="intro",
            soft_wrap=True,
            tab_behavior="focus",
            placeholder="Hello, I am … and I would value your advice on …",
        )
        intro.tooltip = "Introduction message"
        yield intro
        yield CharacterCount("", id="intro-count", classes="char-count")
        yield Label("Goals: what you hope to achieve (optional)", classes="field-label")
        goals = TextArea(id="goals", soft_wrap=True, tab_behavior="focus")
        goals.tooltip = "Goals"
        yield goals
        if self._activities:
            yield Label("Activities you hope for (space ticks)", classes="field-label")
            yield TickList(
                *((activity, activity) for activity in self._activities),
                id="activities",
            )
        else:
            yield Static("This mentor lists no activities.", classes="dialog-explanation")

    def on_mount(self) -> None:
        self.query_one("#intro", TextArea).focus()
        self._count()

    @on(TextArea.Changed, "#intro")
    def _count(self) -> None:
        text = self.query_one("#intro", TextArea).text
        self.query_one("#intro-count", CharacterCount).show(
            len(text.strip()), INTRODUCTION_MIN, MESSAGE_MAX
        )

    async def submit(self) -> R:
        intro = self.query_one("#intro", TextArea).text
        goals = self.query_one("#goals", TextArea).text
        chosen: list[str] = []
        for selection in self.query("#activities").results(SelectionList):
            chosen = [str(v) for v in selection.selected]
        return await self._action(intro, goals, chosen)


# -- finishing a mentoring ---------------------------------------------------------------


class FinishDialog(FormDialog[R]):
    """Finish mentoring: an optional closing note and optional feedback for the programme."""

    submit_label = "Finish mentoring"

    def __init__(self, other_name: str, action: Callable[[str, int | None], Awaitable[R]]) -> None:
        super().__init__(f"Finish mentoring with {other_name}")
        self._action = action

    def compose_fields(self) -> Iterable[Widget]:
        yield Static(
            "Finishing frees the mentor's place. The thread stays readable, read-only.",
            classes="dialog-explanation",
        )
        yield Label("Closing note (optional)", classes="field-label")
        note = TextArea(id="note", soft_wrap=True, tab_behavior="focus")
        note.tooltip = "Closing note"
        yield note
        yield Label(
            "How useful was it? Feedback for the programme (optional)", classes="field-label"
        )
        yield Select[int](
            [(feedback_words(n), n) for n in range(5, 0, -1)],
            id="feedback",
            prompt="No feedback",
            allow_blank=True,
        )

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()

    async def submit(self) -> R:
        note = self.query_one("#note", TextArea).text
        value = self.query_one("#feedback", Select).value
        feedback = value if isinstance(value, int) else None
        return await self._action(note, feedback)


# -- profile lists -----------------------------------------------------------------------


class PositionDialog(FormDialog[R]):
    """Add or edit one job of the professional history."""

    def __init__(
        self, position: Position | None, action: Callable[[Position], Awaitable[R]]
    ) -> None:
        super().__init__("Edit position" if position else "Add position")
        self._position = position or Position(title="", organisation="")
        self._action = action

    def compose_fields(self) -> Iterable[Widget]:
        p = self._position
        yield Label("Job title (required)", classes="field-label")
        yield Input(p.title, id="title", max_length=SHORT_TEXT_MAX)
        yield Label("Organisation", classes="field-label")
        yield Input(p.organisation, id="organisation", max_length=SHORT_TEXT_MAX)
        with Horizontal(classes="field-row"):
            with Vertical():
                yield Label("From (e.g. 2019 or Mar 2019)", classes="field-label")
                yield Input(p.start, id="start", max_length=20)
            with Vertical():
                yield Label("To (empty: now)", classes="field-label")
                yield Input(p.end, id="end", max_length=20)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    async def submit(self) -> R:
        values = {
            k: self.query_one(f"#{k}", Input).value
            for k in ("title", "organisation", "start", "end")
        }
        return await self._action(Position(**values))


def parse_year(text: str, field: str) -> int | None:
    """A year typed in a form, or None when empty; the service checks the range."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise Invalid(f"{field} must be a year like 2019, not '{text}'.")
    return int(text)


class EducationDialog(FormDialog[R]):
    """Add or edit one entry of the education list."""

    def __init__(
        self, entry: Education | None, action: Callable[[Education], Awaitable[R]]
    ) -> None:
        super().__init__("Edit education" if entry else "Add education")
        self._entry = entry or Education(institution="")
        self._action = action

    def compose_fields(self) -> Iterable[Widget]:
        e = self._entry
        yield Label("Institution (required)", classes="field-label")
        yield Input(e.institution, id="institution", max_length=SHORT_TEXT_MAX)
        yield Label("Programme", classes="field-label")
        yield Input(e.programme, id="programme", max_length=SHORT_TEXT_MAX)
        with Horizontal(classes="field-row"):
            with Vertical():
                yield Label("Year started", classes="field-label")
                yield Input(_year_text(e.started), id="started", max_length=4, restrict=r"\d*")
            with Vertical():
                yield Label("Year graduated", classes="field-label")
                yield Input(_year_text(e.graduated), id="graduated", max_length=4, restrict=r"\d*")

    def on_mount(self) -> None:
        self.query_one("#institution", Input).focus()

    async def submit(self) -> R:
        entry = Education(
            institution=self.query_one("#institution", Input).value,
            programme=self.query_one("#programme", Input).value,
            started=parse_year(self.query_one("#started", Input).value, "Year started"),
            graduated=parse_year(self.query_one("#graduated", Input).value, "Year graduated"),
        )
        return await self._action(entry)


def _year_text(year: int | None) -> str:
    return "" if year is None else str(year)


class LinkedInDialog(FormDialog[Member]):
    """Import the personal profile from a LinkedIn data export (.zip or its folder)."""

    submit_label = "Import"

    def __init__(self, action: Callable[[dict[str, str]], Awaitable[Member]]) -> None:
        super().__init__("Import from LinkedIn")
        self._action = action

    def compose_fields(self) -> Iterable[Widget]:
        yield Static(
            "Give the path of your LinkedIn data export: the .zip archive LinkedIn sends, "
            "or the folder you unpacked it into. Profile.csv, Positions.csv and "
            "Education.csv fill your name, headline, bio, location, professional history "
            "and education, overwriting what is there. It is a one-off copy, not a live "
            "sync; you can run it again.",
            classes="dialog-explanation",
        )
        yield Label("Path of the export", classes="field-label")
        yield Input(id="path", placeholder="~/Downloads/Basic_LinkedInDataExport.zip")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    async def submit(self) -> Member:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            raise Invalid("Type the path of the export's .zip archive or its folder.")
        import asyncio

        files = await asyncio.to_thread(read_export, Path(text))
        return await self._action(files)


def options(values: Sequence[str], chosen: Sequence[str] = ()) -> list[tuple[str, str, bool]]:
    """SelectionList options for a fixed list, ticking those already chosen."""
    return [(value, value, value in chosen) for value in values]


__all__ = [
    "CharacterCount",
    "ConfirmDialog",
    "EducationDialog",
    "FinishDialog",
    "FormDialog",
    "LinkedInDialog",
    "PositionDialog",
    "SendRequestDialog",
    "TextDialog",
    "mentor_app",
    "options",
    "parse_year",
]
