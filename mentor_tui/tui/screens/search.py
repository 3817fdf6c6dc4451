"""Find a mentor: free text and filters, results as you type, a page at a time.

Why it is built this way: a network may hold a hundred thousand mentors, so the screen
never asks for more than one page; the next page is fetched when the person asks for
more (``]``) or moves past the last result. A keystroke is searched at once, with no
pause: at most one search is on its way at a time, and keystrokes that arrive meanwhile
wait for it, the newest replacing the older (an exclusive worker), so typing at speed
sends only the latest text and typing never waits for the network. The detail pane
loads the highlighted mentor's full profile (career path, education, completed
mentorings) after a short pause instead.

Whether a mentor can be asked is the service's answer: full and paused mentors are
marked in words, and the request key explains why instead of sending; anything else
the service refuses is shown in the request dialog, which keeps what was typed.
"""

from __future__ import annotations

import asyncio
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option

from mentor_tui.domain.enums import MentorState
from mentor_tui.domain.lists import ACTIVITIES, HELP_AREAS, SECTORS
from mentor_tui.domain.models import MentorCard, MentoringRequest, Page, SearchQuery
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.screens.dialogs import SendRequestDialog, options, parse_year
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.mentor_card import MemberProfileView, result_prompt
from mentor_tui.tui.widgets.result_list import ResultList
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.search_box import SearchBox
from mentor_tui.tui.widgets.status_line import StatusLine
from mentor_tui.tui.widgets.tick_box import TickBox
from mentor_tui.tui.widgets.tick_list import TickList
from mentor_tui.tui.wording import plural

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

    from mentor_tui.tui.app import MentorApp

SEARCHING_AFTER = 0.2
"""Seconds before "Searching…" is said: a quicker answer replaces the results at once, and
a word that flashed for a few milliseconds would cost a frame while the search itself
wants the processor."""
DETAIL_DEBOUNCE = 0.15
"""Seconds before the highlighted mentor's profile is fetched, so holding the down key
fetches the profile where it stops, not every profile on the way."""
PAGE_SIZE = 20
"""Results fetched at a time: two screens' worth at 120×40, one call however large the
network is."""


def _settled(search: asyncio.Future[Page[MentorCard]]) -> None:
    """Collect the outcome of a search whose worker was replaced (its error is not news)."""
    if not search.cancelled():
        search.exception()


class SearchScreen(PacedScreen[None]):
    """Search active mentors; read one's profile; ask for mentoring."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        styles_path() / "search.tcss",
        styles_path() / "member_profile.tcss",
    ]
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "focus_text", "Search", tooltip="Type words to search for", id="search.text"
        ),
        Binding(
            "f",
            "filters",
            "Filters",
            tooltip="Sector, area of help, activity, study, years, country, room",
            id="search.filters",
        ),
        Binding(
            "c",
            "request",
            "Request",
            tooltip="Ask the highlighted mentor for mentoring",
            id="search.request",
        ),
        Binding(
            "o",
            "open_profile",
            "Profile",
            tooltip="Open the highlighted mentor's full profile",
            id="search.profile",
        ),
        Binding(
            "right_square_bracket",
            "more",
            "More",
            tooltip="Fetch the next page of results",
            id="search.more",
        ),
        Binding("escape", "back", "Back", id="search.back"),
    ]

    def __init__(self, sector: str | None = None) -> None:
        super().__init__()
        self.initial_sector = sector
        self.cards: list[MentorCard] = []
        self.page: Page[MentorCard] | None = None
        self.query_now = SearchQuery(page_size=PAGE_SIZE)
        self._generation = 0
        self._in_flight: asyncio.Future[Page[MentorCard]] | None = None
        """The search on its way, which a newer keystroke waits for rather than cancels."""
        self._rows: dict[int, tuple[MentorCard, Option]] = {}
        """The result rows now listed, by mentor id: a mentor still found by the next
        keystroke keeps its row (its prompt already laid out) unless its card changed."""

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="search-bar"):
            yield SearchBox(
                id="search-text",
                placeholder="Name, job, employer, study, words in a bio…",
                max_length=200,
            )
        with Horizontal(id="search-body"):
            with VerticalScroll(id="search-filters"):
                yield Label("Sectors (space ticks)", classes="field-label")
                yield TickList(
                    *options(SECTORS, [self.initial_sector] if self.initial_sector else []),
                    id="filter-sectors",
                )
                yield Label("Area of help", classes="field-label")
                yield Select[str](
                    [(area, area) for area in HELP_AREAS],
                    id="filter-help",
                    prompt="Any area of help",
                )
                yield Label("Activity offered", classes="field-label")
                yield Select[str](
                    [(activity, activity) for activity in ACTIVITIES],
                    id="filter-activity",
                    prompt="Any activity",
                )
                yield Label("Programme of study", classes="field-label")
                yield Input(id="filter-programme", placeholder="e.g. Economics", max_length=200)
                yield Label("Graduated from – to", classes="field-label")
                with Horizontal(classes="year-range"):
                    yield Input(id="filter-from", placeholder="from", max_length=4, restrict=r"\d*")
                    yield Input(id="filter-to", placeholder="to", max_length=4, restrict=r"\d*")
                yield Label("Country", classes="field-label")
                yield Input(id="filter-country", placeholder="e.g. Kenya", max_length=200)
                yield TickBox("Only mentors with room now", id="filter-room")
            with Vertical(id="search-results"):
                yield ResultList(id="results")
                yield Static("Searching…", id="results-summary")
            yield MemberProfileView("Highlight a mentor to read their profile.", id="mentor-detail")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self._results = self.query_one("#results", ResultList)
        self._summary = self.query_one("#results-summary", Static)
        self._detail = self.query_one("#mentor-detail", MemberProfileView)
        self._results.border_title = "Mentors"
        self.query_one("#search-filters").border_title = "Filters"
        self._detail.border_title = "Profile"
        self.query_one("#search-text", Input).focus()
        self._search()

    # -- the query --------------------------------------------------------------------

    def _read_query(self) -> SearchQuery:
        def text(widget_id: str) -> str:
            return self.query_one(widget_id, Input).value.strip()

        def choice(widget_id: str) -> str | None:
            value = self.query_one(widget_id, Select).value
            return value if isinstance(value, str) else None

        return SearchQuery(
            text=text("#search-text"),
            sectors=[str(s) for s in self.query_one("#filter-sectors", SelectionList).selected],
            help_area=choice("#filter-help"),
            activity=choice("#filter-activity"),
            programme=text("#filter-programme") or None,
            graduated_from=parse_year(text("#filter-from"), "Graduated from"),
            graduated_to=parse_year(text("#filter-to"), "Graduated to"),
            country=text("#filter-country") or None,
            has_room=self.query_one("#filter-room", TickBox).value,
            page=1,
            page_size=PAGE_SIZE,
        )

    @on(Input.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TickBox.Changed)
    def _filters_changed(self) -> None:
        if self.is_mounted:
            self._search()

    @on(Input.Submitted, "#search-text")
    def _text_submitted(self) -> None:
        self.query_one("#results", OptionList).focus()

    def _search(self) -> None:
        self._generation += 1
        self.workers.cancel_group(self, "search-more")
        # A profile still waiting for its pause belongs to results about to be
        # replaced; the new results highlight (and so load) their own first mentor.
        self.workers.cancel_group(self, "search-detail")
        self._run_search(self._generation)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _run_search(self, generation: int) -> None:
        # No fixed pause (it cost every keystroke a quarter of a second, bench/search.py):
        # wait only for a search already on its way, then send what the boxes say now.
        while self._in_flight is not None and not self._in_flight.done():
            await asyncio.wait([self._in_flight])
        if generation != self._generation:
            return  # a newer keystroke's worker replaces this one
        try:
            query = self._read_query()
            search = asyncio.ensure_future(self.mentor_app.backend.search_mentors(query))
            search.add_done_callback(_settled)
            self._in_flight = search
            # A plain loop timer, not a Textual one: no task per keystroke.
            slow = asyncio.get_running_loop().call_later(
                SEARCHING_AFTER, self._say_searching, generation
            )
            try:
                page = await asyncio.shield(search)
            finally:
                slow.cancel()
        except Exception as error:
            if generation == self._generation:
                self._summary.update(plain(str(error)))
                self.mentor_app.report_error(error, where=self._summary)
                card = self.highlighted_card()  # the results stay: so does their profile
                if card is not None:
                    self._load_detail(card.username)
            return
        if generation != self._generation:
            return
        self.query_now = query
        self.page = page
        self.cards = list(page.items)
        self._show_results()
        self._summarise()

    def _say_searching(self, generation: int) -> None:
        if generation == self._generation and self.is_attached:
            self._summary_says("Searching…")

    def _show_results(self) -> None:
        """List ``self.cards`` in place of the previous results.

        The options are replaced in one step (not cleared and then added), so when the
        list is as long as before (a full page) its size, scroll bar and layout are
        unchanged and only its own lines are painted again."""
        results = self._results
        previous, self._rows = self._rows, {}
        results.replace_options([self._row(card, previous) for card in self.cards])
        if self.cards:
            results.highlighted = 0
        else:
            self._detail.show(None, "No mentor to show.")

    def _row(
        self, card: MentorCard, previous: dict[int, tuple[MentorCard, Option]] | None = None
    ) -> Option:
        """The result row of ``card``: its row in ``previous`` if its card is unchanged."""
        row = (previous or {}).get(card.id)
        if row is None or row[0] != card:
            row = (card, Option(result_prompt(card), id=str(card.id)))
        self._rows[card.id] = row
        return row[1]

    def _summarise(self) -> None:
        page = self.page
        if page is None:
            return
        if page.total == 0:
            self._summary_says("No mentor matches; try fewer words or filters.")
            return
        text = f"{plural(page.total, 'mentor')} match · {len(self.cards):,} shown"
        if page.has_more:
            text += " · ] more"
        self._summary_says(text)

    def _summary_says(self, text: str) -> None:
        """Put ``text`` (our own words, no markup) under the results; lay the screen out
        again only if it takes a different number of lines than what it replaces."""
        summary = self._summary
        if summary.content == text:
            return
        width = summary.content_region.width
        lines = Content(text).get_height(cast("RulesMap", summary.styles), width) if width else 0
        summary.update(text, layout=lines != summary.content_region.height)

    def action_more(self) -> None:
        if self.page is None or not self.page.has_more:
            self.mentor_app.announce("Every matching mentor is already shown.")
            return
        self._load_more(self._generation, self.page.page + 1)

    @work(exclusive=True, group="search-more", exit_on_error=False)
    async def _load_more(self, generation: int, page_number: int) -> None:
        query = self.query_now.model_copy(update={"page": page_number})
        try:
            page = await self.mentor_app.backend.search_mentors(query)
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        if generation != self._generation:
            return
        self.page = page
        known = {card.id for card in self.cards}
        fresh = [card for card in page.items if card.id not in known]
        self.cards.extend(fresh)
        self._results.add_options([self._row(card) for card in fresh])
        self._summarise()

    # -- the highlighted mentor --------------------------------------------------------

    def highlighted_card(self) -> MentorCard | None:
        index = self._results.highlighted
        if index is None or not 0 <= index < len(self.cards):
            return None
        return self.cards[index]

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        card = self.highlighted_card()
        if card is not None:
            self._load_detail(card.username)
        if (
            event.option_index == len(self.cards) - 1
            and self.page is not None
            and self.page.has_more
        ):
            self.action_more()

    @work(exclusive=True, group="search-detail", exit_on_error=False)
    async def _load_detail(self, username: str) -> None:
        await asyncio.sleep(DETAIL_DEBOUNCE)
        try:
            member = await self.mentor_app.backend.get_member(username)
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        card = self.highlighted_card()
        if card is not None and card.username == username:
            self._detail.show(member)

    @on(OptionList.OptionSelected, "#results")
    def _selected(self) -> None:
        self.add_class("-reading")
        self._detail.focus()

    # -- actions -------------------------------------------------------------------------

    def action_focus_text(self) -> None:
        self.remove_class("-reading")
        self.query_one("#search-text", Input).focus()

    def action_filters(self) -> None:
        self.remove_class("-reading")
        showing = self.toggle_class("-filters-open").has_class("-filters-open")
        if showing or self.has_class("-wide"):
            self.query_one("#filter-sectors").focus()
        else:
            self.query_one("#results").focus()

    def action_back(self) -> None:
        if self.has_class("-reading"):
            self.remove_class("-reading")
            self.query_one("#results").focus()
        elif self.has_class("-filters-open") and self.has_class("-narrow"):
            self.remove_class("-filters-open")
            self.query_one("#results").focus()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_open_profile(self) -> None:
        card = self.highlighted_card()
        if card is None:
            self.mentor_app.announce("Highlight a mentor first.")
            return
        self.mentor_app.open_profile(card.username)

    def action_request(self) -> None:
        card = self.highlighted_card()
        if card is None:
            self.mentor_app.announce("Highlight a mentor in the results first.")
            return
        if card.state is MentorState.PAUSED:
            self.mentor_app.announce(
                f"{card.name} has paused mentoring and isn't taking requests; "
                "choose another mentor."
            )
            return
        if not card.has_room:
            self.mentor_app.announce(
                f"{card.name} is FULL ({card.active_mentees} of {card.max_mentees} places "
                "taken) and can't take new requests until a mentoring ends; choose another "
                "mentor."
            )
            return
        backend = self.mentor_app.backend

        async def send(intro: str, goals: str, activities: list[str]) -> MentoringRequest:
            return await backend.send_request(card.username, intro, goals, activities)

        def sent(request: MentoringRequest | None) -> None:
            if request is not None:
                self.mentor_app.announce(
                    f"Request {request.id} sent to {card.name}; you will be told when they answer."
                )

        self.app.push_screen(SendRequestDialog(card.name, card.activities, send), sent)
