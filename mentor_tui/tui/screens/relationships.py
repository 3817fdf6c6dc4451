"""Mentoring relationships: objectives, the agreed rhythm, the thread, and finishing.

domain.md asks the pair to write down what the mentee wants to achieve and how often
they will be in touch; this screen keeps both in view beside the thread. It says so
when a mentoring has been quiet longer than its rhythm (the service's ``quiet``), and
suggests finishing or setting new objectives when every objective is met. A finished
mentoring stays readable: its thread is read-only and nothing on it can be changed.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.domain.enums import RelationshipState
from mentor_tui.domain.models import Objective, Page, Relationship
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.screens.dialogs import FinishDialog, TextDialog
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.status_line import StatusLine
from mentor_tui.tui.widgets.thread_view import ThreadView
from mentor_tui.tui.wording import (
    DONE,
    NOT_DONE,
    WARNING,
    ago,
    day_month,
    feedback_words,
    plural,
    quiet_words,
    rhythm_words,
)

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

PAGE_SIZE = 50
VIEWS: tuple[RelationshipState | None, ...] = (
    RelationshipState.ACTIVE,
    RelationshipState.FINISHED,
    None,
)
"""What ``v`` cycles through: the mentoring going on, the finished, all."""
OBJECTIVE_MAX = 300


def objective_prompt(objective: Objective) -> Content:
    mark = f"{DONE} done" if objective.done else f"{NOT_DONE} to do"
    return Content.assemble(f"{mark:8} ", plain(objective.text))


class ObjectiveList(OptionList):
    """The objectives of one mentoring; space ticks the highlighted one off (or back on)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "tick",
            "Tick",
            tooltip="Tick the highlighted objective off (or back on)",
            id="relationships.tick",
        ),
    ]

    def action_tick(self) -> None:
        screen = self.screen
        if isinstance(screen, RelationshipsScreen):
            screen.action_tick()


class RelationshipsScreen(PacedScreen[None]):
    """The member's mentorings (as mentor or mentee), one at a time in detail."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        styles_path() / "relationships.tcss",
        styles_path() / "thread_view.tcss",
    ]
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (100, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "v",
            "cycle_view",
            "View",
            tooltip="Show active, finished or all mentoring",
            id="relationships.view",
        ),
        Binding(
            "o", "add_objective", "Objective", tooltip="Add an objective", id="relationships.add"
        ),
        Binding(
            "e",
            "edit_objective",
            "Edit",
            tooltip="Edit the highlighted objective",
            id="relationships.edit",
        ),
        Binding("x", "tick", "Tick off", id="relationships.done", show=False),
        Binding(
            "h",
            "rhythm",
            "Rhythm",
            tooltip="How often you will be in touch",
            id="relationships.rhythm",
        ),
        Binding(
            "f", "finish", "Finish", tooltip="Finish this mentoring", id="relationships.finish"
        ),
        Binding("right_square_bracket", "more", "More", id="relationships.more"),
        Binding("escape", "back", "Back", id="relationships.back"),
    ]

    def __init__(self, relationship_id: int | None = None) -> None:
        super().__init__()
        self.relationship_id = relationship_id
        self.view: RelationshipState | None = RelationshipState.ACTIVE
        self.relationships: list[Relationship] = []
        self.page: Page[Relationship] | None = None
        self.current: Relationship | None = None
        self._generation = 0

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="relationships-body"):
            with Vertical(id="relationships-side"):
                yield Static("", id="relationships-view")
                yield OptionList(id="relationships-list")
                yield Static("", id="relationships-summary")
            with Vertical(id="relationship-detail"):
                yield Static("", id="relationship-facts")
                yield ObjectiveList(id="objectives")
                yield Static("", id="objectives-note")
                yield ThreadView(id="relationship-thread")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#relationships-list").border_title = "Mentoring"
        self.query_one("#objectives").border_title = "Objectives"
        self.query_one("#relationship-detail").add_class("-empty")
        if self.relationship_id is not None:
            self._open(self.relationship_id)
        else:
            self._reload()
        self.query_one("#relationships-list").focus()

    # -- loading -------------------------------------------------------------------------

    @work(exclusive=True, group="relationships-open", exit_on_error=False)
    async def _open(self, relationship_id: int) -> None:
        try:
            relationship = await self.mentor_app.backend.get_relationship(relationship_id)
        except Exception as error:
            self.mentor_app.report_error(error)
        else:
            self.view = relationship.state
        self._reload(select=relationship_id)

    def _reload(self, select: int | None = None) -> None:
        self._generation += 1
        self._describe_view()
        self._load(self._generation, select)

    def _describe_view(self) -> None:
        words = {
            RelationshipState.ACTIVE: "active mentoring",
            RelationshipState.FINISHED: "finished mentoring",
            None: "all mentoring",
        }[self.view]
        self.query_one("#relationships-view", Static).update(f"Showing {words} · v changes")

    @work(exclusive=True, group="relationships-load", exit_on_error=False)
    async def _load(self, generation: int, select: int | None) -> None:
        summary = self.query_one("#relationships-summary", Static)
        try:
            page = await self.mentor_app.backend.list_relationships(
                self.view, page=1, page_size=PAGE_SIZE
            )
        except Exception as error:
            summary.update(plain(str(error)))
            self.mentor_app.report_error(error, where=summary)
            return
        if generation != self._generation:
            return
        self.page = page
        self.relationships = list(page.items)
        listing = self.query_one("#relationships-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        listing.add_options(self._option(r) for r in self.relationships)
        self._summarise()
        if not self.relationships:
            self._show(None)
            return
        index = 0
        if select is not None:
            index = next((i for i, r in enumerate(self.relationships) if r.id == select), 0)
        elif keep is not None:
            index = min(keep, len(self.relationships) - 1)
        listing.highlighted = index
        self._show(self.relationships[index])

    def _other(self, relationship: Relationship) -> tuple[str, str]:
        """The other person's name, and what they are to the signed-in member."""
        actor = self.mentor_app.actor
        if actor is not None and relationship.mentor.id == actor.id:
            return relationship.mentee.name, "your mentee"
        return relationship.mentor.name, "your mentor"

    def _option(self, relationship: Relationship) -> Option:
        name, role = self._other(relationship)
        now = self.mentor_app.clock()
        if relationship.state is RelationshipState.FINISHED:
            state = f"finished {ago(relationship.finished_at or now, now)}"
        elif relationship.quiet:
            state = f"{WARNING} quiet"
        else:
            state = "active"
        met = sum(o.done for o in relationship.objectives)
        first = Content.assemble((plain(name).plain, "bold"), f" · {role}")
        if relationship.objectives:
            progress = f"{met} of {plural(len(relationship.objectives), 'objective')} met"
        else:
            progress = "no objectives yet"
        second = Content(f"{state} · {progress}")
        return Option(Content("\n").join([first, second]), id=str(relationship.id))

    def _summarise(self) -> None:
        page = self.page
        if page is None:
            return
        summary = self.query_one("#relationships-summary", Static)
        if page.total == 0:
            summary.update("No mentoring here yet.")
            return
        text = f"{plural(page.total, 'mentoring')} · {len(self.relationships):,} shown"
        if page.has_more:
            text += " · ] more"
        summary.update(text)

    def action_more(self) -> None:
        if self.page is None or not self.page.has_more:
            self.mentor_app.announce("Every mentoring is already shown.")
            return
        self._load_more(self._generation, self.page.page + 1)

    @work(exclusive=True, group="relationships-more", exit_on_error=False)
    async def _load_more(self, generation: int, page_number: int) -> None:
        try:
            page = await self.mentor_app.backend.list_relationships(
                self.view, page=page_number, page_size=PAGE_SIZE
            )
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        if generation != self._generation:
            return
        self.page = page
        known = {r.id for r in self.relationships}
        fresh = [r for r in page.items if r.id not in known]
        self.relationships.extend(fresh)
        self.query_one("#relationships-list", OptionList).add_options(
            self._option(r) for r in fresh
        )
        self._summarise()

    @work(exclusive=True, group="relationship-refresh", exit_on_error=False)
    async def _refresh_current(self) -> None:
        """Fetch the shown mentoring again after a change (objectives, rhythm, finishing)."""
        if self.current is None:
            return
        try:
            fresh = await self.mentor_app.backend.get_relationship(self.current.id)
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        for i, relationship in enumerate(self.relationships):
            if relationship.id == fresh.id:
                self.relationships[i] = fresh
                self.query_one("#relationships-list", OptionList).replace_option_prompt_at_index(
                    i, self._option(fresh).prompt
                )
        self._show(fresh)

    # -- the mentoring shown -----------------------------------------------------------

    def _show(self, relationship: Relationship | None) -> None:
        previous = self.current
        self.current = relationship
        self.query_one("#relationship-detail").set_class(relationship is None, "-empty")
        self.refresh_bindings()
        if relationship is None:
            return
        now = self.mentor_app.clock()
        name, role = self._other(relationship)
        lines = [
            Content.assemble(
                (plain(name).plain, "bold"),
                f" · {role} · since {day_month(relationship.started_at)}",
            )
        ]
        if relationship.state is RelationshipState.FINISHED:
            by = relationship.finished_by.name if relationship.finished_by else "former member"
            lines.append(
                Content.assemble(
                    "FINISHED ",
                    f"{ago(relationship.finished_at or now, now)} by ",
                    plain(by),
                    f" · feedback: {feedback_words(relationship.feedback)}",
                )
            )
            if relationship.closing_note:
                lines.append(Content.assemble("Closing note: ", plain(relationship.closing_note)))
        else:
            lines.append(
                Content(
                    f"In touch {rhythm_words(relationship.rhythm_days)} (every "
                    f"{plural(relationship.rhythm_days, 'day')}; h changes) · last contact "
                    f"{ago(relationship.last_contact_at, now)}"
                )
            )
            if relationship.quiet:
                lines.append(Content(quiet_words(relationship, now)))
        self.query_one("#relationship-facts", Static).update(Content("\n").join(lines))
        objectives = self.query_one("#objectives", ObjectiveList)
        keep = objectives.highlighted if previous and previous.id == relationship.id else None
        objectives.clear_options()
        objectives.add_options(
            Option(objective_prompt(o), id=str(o.id)) for o in relationship.objectives
        )
        if relationship.objectives:
            objectives.highlighted = min(keep or 0, len(relationship.objectives) - 1)
        note = self.query_one("#objectives-note", Static)
        if relationship.state is RelationshipState.ACTIVE and relationship.all_objectives_met:
            note.update(
                f"{DONE} Every objective is met: finish the mentoring (f) or set new "
                "objectives (o)."
            )
        elif not relationship.objectives:
            note.update(
                "No objectives yet: write down what the mentee wants to achieve (o)."
                if relationship.state is RelationshipState.ACTIVE
                else "No objectives were written down."
            )
        else:
            met = sum(o.done for o in relationship.objectives)
            note.update(f"{met} of {plural(len(relationship.objectives), 'objective')} met")
        thread = self.query_one(ThreadView)
        if (
            thread.thread_id != relationship.id
            or previous is None
            or previous.id != relationship.id
        ):
            thread.show(relationship.id)

    @on(OptionList.OptionHighlighted, "#relationships-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.relationships):
            self._show(self.relationships[index])
        if index == len(self.relationships) - 1 and self.page and self.page.has_more:
            self.action_more()

    @on(OptionList.OptionSelected, "#relationships-list")
    def _selected(self) -> None:
        self.add_class("-reading")
        self.query_one("#objectives").focus()

    @on(OptionList.OptionSelected, "#objectives")
    def _objective_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit_objective()

    @on(ThreadView.Sent)
    def _sent(self) -> None:
        self._refresh_current()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_objective", "edit_objective", "tick", "rhythm", "finish"):
            return self.current is not None and self.current.state is RelationshipState.ACTIVE
        return True

    def action_cycle_view(self) -> None:
        index = VIEWS.index(self.view)
        self.view = VIEWS[(index + 1) % len(VIEWS)]
        self.remove_class("-reading")
        self._reload()
        self.query_one("#relationships-list").focus()

    def action_back(self) -> None:
        if self.has_class("-reading"):
            self.remove_class("-reading")
            self.query_one("#relationships-list").focus()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def _active(self) -> Relationship | None:
        relationship = self.current
        if relationship is None:
            self.mentor_app.announce("Choose a mentoring first.")
            return None
        if relationship.state is not RelationshipState.ACTIVE:
            self.mentor_app.announce(
                f"Mentoring {relationship.id} has finished; it can be read but not changed."
            )
            return None
        return relationship

    def _highlighted_objective(self) -> Objective | None:
        relationship = self.current
        index = self.query_one("#objectives", ObjectiveList).highlighted
        if relationship is None or index is None or index >= len(relationship.objectives):
            self.mentor_app.announce("Highlight an objective first.")
            return None
        return relationship.objectives[index]

    def action_add_objective(self) -> None:
        relationship = self._active()
        if relationship is None:
            return
        backend = self.mentor_app.backend

        async def add(text: str) -> Objective:
            return await backend.add_objective(relationship.id, text)

        def done(objective: Objective | None) -> None:
            if objective is not None:
                self.mentor_app.announce(f"Objective added: {objective.text}")
                self._refresh_current()

        self.app.push_screen(
            TextDialog(
                "Add an objective",
                "What does the mentee want to achieve?",
                add,
                submit_label="Add",
                placeholder="e.g. A CV ready for graduate schemes by April",
                max_length=OBJECTIVE_MAX,
            ),
            done,
        )

    def action_edit_objective(self) -> None:
        if self._active() is None:
            return
        objective = self._highlighted_objective()
        if objective is None:
            return
        backend = self.mentor_app.backend

        async def edit(text: str) -> Objective:
            return await backend.edit_objective(objective.id, text)

        def done(changed: Objective | None) -> None:
            if changed is not None:
                self.mentor_app.announce("Objective changed.")
                self._refresh_current()

        self.app.push_screen(
            TextDialog(
                "Edit the objective",
                "Objective",
                edit,
                value=objective.text,
                max_length=OBJECTIVE_MAX,
            ),
            done,
        )

    def action_tick(self) -> None:
        if self._active() is None:
            return
        objective = self._highlighted_objective()
        if objective is not None:
            self._set_done(objective.id, not objective.done)

    @work(exclusive=True, group="relationship-tick", exit_on_error=False)
    async def _set_done(self, objective_id: int, done: bool) -> None:
        try:
            objective = await self.mentor_app.backend.set_objective_done(objective_id, done)
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        word = f"{DONE} met" if objective.done else f"{NOT_DONE} not met yet"
        self.mentor_app.announce(f"Objective marked {word}: {objective.text}")
        self._refresh_current()

    def action_rhythm(self) -> None:
        relationship = self._active()
        if relationship is None:
            return
        backend = self.mentor_app.backend

        async def set_rhythm(text: str) -> Relationship:
            from mentor_tui.domain.errors import Invalid

            if not text.strip().isdigit():
                raise Invalid("Type the number of days between contacts, e.g. 30.")
            return await backend.set_rhythm(relationship.id, int(text.strip()))

        def done(changed: Relationship | None) -> None:
            if changed is not None:
                self.mentor_app.announce(
                    f"You agreed to be in touch {rhythm_words(changed.rhythm_days)}."
                )
                self._refresh_current()

        self.app.push_screen(
            TextDialog(
                "How often will you be in touch?",
                "Days between contacts (about once a month is suggested: 30)",
                set_rhythm,
                value=str(relationship.rhythm_days),
                max_length=3,
                restrict=r"\d*",
            ),
            done,
        )

    def action_finish(self) -> None:
        relationship = self._active()
        if relationship is None:
            return
        name, _role = self._other(relationship)
        backend = self.mentor_app.backend

        async def finish(note: str, feedback: int | None) -> Relationship:
            return await backend.finish_relationship(relationship.id, note, feedback)

        def done(finished: Relationship | None) -> None:
            if finished is not None:
                self.mentor_app.announce(
                    f"Mentoring with {name} finished; the thread stays readable."
                )
                self._reload(select=finished.id)

        self.app.push_screen(FinishDialog(name, finish), done)
