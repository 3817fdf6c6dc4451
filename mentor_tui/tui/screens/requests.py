"""The requests inbox: incoming and outgoing mentoring requests, with their thread beside.

A mentor answers here (accept or decline, with a response message; declining asks for
a reason because it helps the mentee), a mentee retracts a pending request, and both
read and write the request's thread in the message pane. How long a request waited and
whether it is overdue are the service's figures, said in words. The list is fetched a
page at a time; at narrow widths the list and the thread take turns on the screen
(Enter opens the thread, Escape returns to the list).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, OptionList, Static, Tab, Tabs

from mentor_tui.domain.enums import RequestState, Role
from mentor_tui.domain.models import MentoringRequest, Page, Relationship
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.screens.dialogs import ConfirmDialog, TextDialog
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.request_list import INCOMING, OUTGOING, request_option
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.status_line import StatusLine
from mentor_tui.tui.widgets.thread_view import ThreadView
from mentor_tui.tui.wording import REQUEST_STATE_WORDS, plural

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

PAGE_SIZE = 20
STATE_FILTERS: tuple[RequestState | None, ...] = (None, *RequestState)
"""What ``f`` cycles through: every state, then each state alone."""


class RequestsScreen(PacedScreen[None]):
    """Incoming and outgoing requests; answer, retract, and talk in the request's thread."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        styles_path() / "requests.tcss",
        styles_path() / "thread_view.tcss",
    ]
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (100, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "direction('incoming')", "Incoming", id="requests.incoming"),
        Binding("o", "direction('outgoing')", "Outgoing", id="requests.outgoing"),
        Binding(
            "f",
            "cycle_state",
            "State",
            tooltip="Show requests of one state, or all",
            id="requests.filter",
        ),
        Binding(
            "x", "accept", "Accept", tooltip="Accept the highlighted request", id="requests.accept"
        ),
        Binding(
            "z",
            "decline",
            "Decline",
            tooltip="Decline the highlighted request, with a reason",
            id="requests.decline",
        ),
        Binding(
            "w", "retract", "Retract", tooltip="Retract your pending request", id="requests.retract"
        ),
        Binding("right_square_bracket", "more", "More", id="requests.more"),
        Binding("escape", "back", "Back", id="requests.back"),
    ]

    def __init__(self, request_id: int | None = None) -> None:
        super().__init__()
        self.request_id = request_id
        self.direction = INCOMING
        self.state_filter: RequestState | None = None
        self.requests: list[MentoringRequest] = []
        self.page: Page[MentoringRequest] | None = None
        self._generation = 0

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    def compose(self) -> ComposeResult:
        actor = self.mentor_app.actor
        if actor is not None and actor.role is not Role.ALUMNUS:
            self.direction = OUTGOING
        yield AppHeader()
        with Horizontal(id="requests-body"):
            with Vertical(id="requests-side"):
                yield Tabs(
                    Tab("Incoming (i)", id=INCOMING),
                    Tab("Outgoing (o)", id=OUTGOING),
                    active=self.direction,
                    id="requests-tabs",
                )
                yield Static("", id="requests-filter")
                yield OptionList(id="requests-list")
                yield Static("", id="requests-summary")
            yield ThreadView(id="requests-thread")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#requests-list", OptionList).border_title = "Requests"
        if self.request_id is not None:
            self._open_request(self.request_id)
        else:
            self._activate_tab()
            self._reload()
        self.query_one("#requests-list", OptionList).focus()

    # -- loading -------------------------------------------------------------------------

    @work(exclusive=True, group="requests-open", exit_on_error=False)
    async def _open_request(self, request_id: int) -> None:
        """Open on one request: its direction's tab, highlighted, its thread shown."""
        try:
            request = await self.mentor_app.backend.get_request(request_id)
        except Exception as error:
            self.mentor_app.report_error(error)
        else:
            actor = self.mentor_app.actor
            mine_as_mentor = actor is not None and request.mentor.id == actor.id
            self.direction = INCOMING if mine_as_mentor else OUTGOING
        self._activate_tab()
        self._reload(select=request_id)

    def _activate_tab(self) -> None:
        tabs = self.query_one("#requests-tabs", Tabs)
        if tabs.active != self.direction:
            tabs.active = self.direction
        self._describe_filter()

    def _describe_filter(self) -> None:
        state = "all states" if self.state_filter is None else self.state_filter.value
        self.query_one("#requests-filter", Static).update(f"Showing {state} · f changes")

    def _reload(self, select: int | None = None) -> None:
        self._generation += 1
        self.workers.cancel_group(self, "requests-more")
        self._load(self._generation, select)

    @work(exclusive=True, group="requests-load", exit_on_error=False)
    async def _load(self, generation: int, select: int | None) -> None:
        summary = self.query_one("#requests-summary", Static)
        try:
            page = await self.mentor_app.backend.list_requests(
                self.direction, self.state_filter, page=1, page_size=PAGE_SIZE
            )
        except Exception as error:
            summary.update(plain(str(error)))
            self.mentor_app.report_error(error, where=summary)
            return
        if generation != self._generation:
            return
        self.page = page
        self.requests = list(page.items)
        listing = self.query_one("#requests-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        now = self.mentor_app.clock()
        listing.add_options(request_option(r, self.direction, now) for r in self.requests)
        self._summarise()
        if not self.requests:
            self.query_one(ThreadView).show(None)
            return
        index = 0
        if select is not None:
            index = next((i for i, r in enumerate(self.requests) if r.id == select), 0)
        elif keep is not None:
            index = min(keep, len(self.requests) - 1)
        listing.highlighted = index
        self._show_thread()
        self.refresh_bindings()

    def _summarise(self) -> None:
        page = self.page
        summary = self.query_one("#requests-summary", Static)
        if page is None:
            return
        if page.total == 0:
            what = "incoming" if self.direction == INCOMING else "outgoing"
            summary.update(f"No {what} requests here.")
            return
        text = f"{plural(page.total, 'request')} · {len(self.requests):,} shown"
        if page.has_more:
            text += " · ] more"
        summary.update(text)

    def action_more(self) -> None:
        if self.page is None or not self.page.has_more:
            self.mentor_app.announce("Every request is already shown.")
            return
        self._load_more(self._generation, self.page.page + 1)

    @work(exclusive=True, group="requests-more", exit_on_error=False)
    async def _load_more(self, generation: int, page_number: int) -> None:
        try:
            page = await self.mentor_app.backend.list_requests(
                self.direction, self.state_filter, page=page_number, page_size=PAGE_SIZE
            )
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        if generation != self._generation:
            return
        self.page = page
        known = {r.id for r in self.requests}
        fresh = [r for r in page.items if r.id not in known]
        self.requests.extend(fresh)
        now = self.mentor_app.clock()
        self.query_one("#requests-list", OptionList).add_options(
            request_option(r, self.direction, now) for r in fresh
        )
        self._summarise()

    # -- the highlighted request --------------------------------------------------------

    def highlighted_request(self) -> MentoringRequest | None:
        index = self.query_one("#requests-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.requests):
            return None
        return self.requests[index]

    def _show_thread(self) -> None:
        request = self.highlighted_request()
        thread = self.query_one(ThreadView)
        wanted = request.id if request else None
        if thread.thread_id != wanted or wanted is None:
            thread.show(wanted)

    @on(OptionList.OptionHighlighted, "#requests-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_thread()
        self.refresh_bindings()
        if event.option_index == len(self.requests) - 1 and self.page and self.page.has_more:
            self.action_more()

    @on(OptionList.OptionSelected, "#requests-list")
    def _selected(self) -> None:
        self.add_class("-reading")
        thread = self.query_one(ThreadView)
        if thread.thread and thread.thread.can_write:
            thread.query_one(".thread-compose").focus()
        else:
            thread.query_one(".thread-messages").focus()

    @on(ThreadView.Sent)
    def _sent(self) -> None:
        self.refresh_bindings()

    @on(Tabs.TabActivated, "#requests-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        direction = event.tab.id or INCOMING
        if direction != self.direction:
            self.direction = direction
            self._reload()
        self.refresh_bindings()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "decline"):
            return self.direction == INCOMING
        if action == "retract":
            return self.direction == OUTGOING
        return True

    def action_direction(self, direction: str) -> None:
        self.query_one("#requests-tabs", Tabs).active = direction
        self.remove_class("-reading")
        self.query_one("#requests-list").focus()

    def action_cycle_state(self) -> None:
        index = STATE_FILTERS.index(self.state_filter)
        self.state_filter = STATE_FILTERS[(index + 1) % len(STATE_FILTERS)]
        self._describe_filter()
        self._reload()

    def action_back(self) -> None:
        if self.has_class("-reading"):
            self.remove_class("-reading")
            self.query_one("#requests-list").focus()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def _pending(self, verb: str) -> MentoringRequest | None:
        """The highlighted request, if it is still pending; otherwise say why not."""
        request = self.highlighted_request()
        if request is None:
            self.mentor_app.announce(f"Highlight a request to {verb} first.")
            return None
        if request.state is not RequestState.PENDING:
            self.mentor_app.announce(
                f"Request {request.id} is {REQUEST_STATE_WORDS[request.state]}: only a "
                f"pending request can be answered or retracted."
            )
            return None
        return request

    def action_accept(self) -> None:
        request = self._pending("accept")
        if request is None:
            return
        backend = self.mentor_app.backend

        async def accept(message: str) -> Relationship:
            return await backend.accept_request(request.id, message)

        def done(relationship: Relationship | None) -> None:
            if relationship is not None:
                self.mentor_app.announce(
                    f"Request {request.id} accepted: you are now mentoring {request.mentee.name}."
                )
                self._reload(select=request.id)

        self.app.push_screen(
            TextDialog(
                f"Accept {request.mentee.name}'s request",
                "A welcome message (optional): first steps, how you like to be in touch",
                accept,
                submit_label="Accept",
                multiline=True,
            ),
            done,
        )

    def action_decline(self) -> None:
        request = self._pending("decline")
        if request is None:
            return
        backend = self.mentor_app.backend

        async def decline(message: str) -> MentoringRequest:
            return await backend.decline_request(request.id, message)

        def done(answer: MentoringRequest | None) -> None:
            if answer is not None:
                self.mentor_app.announce(f"Request {request.id} declined.")
                self._reload(select=request.id)

        self.app.push_screen(
            TextDialog(
                f"Decline {request.mentee.name}'s request",
                "Your reason (encouraged)",
                decline,
                submit_label="Decline",
                multiline=True,
                explanation=(
                    "A short reason helps the mentee choose a better-suited mentor: "
                    "no room this term, a different field, someone you would suggest instead."
                ),
            ),
            done,
        )

    def action_retract(self) -> None:
        request = self._pending("retract")
        if request is None:
            return
        backend = self.mentor_app.backend

        async def retract() -> MentoringRequest:
            return await backend.retract_request(request.id)

        def done(answer: MentoringRequest | None) -> None:
            if answer is not None:
                self.mentor_app.announce(
                    f"Request {request.id} to {request.mentor.name} retracted; they have been told."
                )
                self._reload(select=request.id)

        self.app.push_screen(
            ConfirmDialog(
                "Retract request",
                f"Retract your request {request.id} to {request.mentor.name}? "
                "The mentor is told that you withdrew it.",
                retract,
                submit_label="Retract",
            ),
            done,
        )
