"""Home: the sector cloud, your mentoring, requests both ways, suggestions and prompts.

Why it is built this way: everything here comes from one backend call
(``Backend.dashboard``), made in a worker after the first frame, so the screen appears at
once and fills a moment later, on a remote network as on the embedded one. Each panel is
a focusable list in reading order (Tab moves between them, Enter opens the highlighted
line), and every state is said in words: "OVERDUE ⚠", "FULL", "quiet for 40 days".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.domain.enums import AccountState
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.status_line import StatusLine
from mentor_tui.tui.wording import card_room, plural, quiet_words, request_wait

if TYPE_CHECKING:
    from mentor_tui.domain.models import Dashboard, MentoringRequest, Relationship
    from mentor_tui.tui.app import MentorApp

CLOUD_BAR = 12
"""Widest bar of the sector cloud, in cells (the busiest sector)."""


def sector_option(sector: str, count: int, most: int) -> Option:
    width = max(1, round(CLOUD_BAR * count / most)) if most else 1
    return Option(
        Content.assemble(plain(sector), " ", ("█" * width, "bold"), f" {count:,}"), id=sector
    )


def relationship_option(relationship: Relationship, me: int, now_words: str) -> Option:
    mentoring = relationship.mentor.id == me
    other = relationship.mentee if mentoring else relationship.mentor
    role = "you mentor" if mentoring else "your mentor"
    done = sum(o.done for o in relationship.objectives)
    line = Content.assemble(
        f"{role} ",  # not dim: faint text fails high contrast
        plain(other.name),
        f" · {done} of {plural(len(relationship.objectives), 'objective')} done",
    )
    if relationship.quiet:
        line = Content.assemble(line, "\n  ", (now_words, "bold"))
    return Option(line, id=f"rel-{relationship.id}")


def request_option(request: MentoringRequest, incoming: bool, wait: str) -> Option:
    other = request.mentee if incoming else request.mentor
    arrow = "from" if incoming else "to"
    return Option(
        Content.assemble(f"#{request.id} {arrow} ", plain(other.name), f" · {wait}"),
        id=f"req-{request.id}",
    )


class DashboardScreen(PacedScreen[None]):
    """What needs you now, and the way into the network."""

    TITLE = "Dashboard"
    CSS_PATH = styles_path() / "dashboard.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "confirm_profile",
            "Confirm profile",
            tooltip="Say your profile is up to date (asked once a year)",
            id="dashboard.confirm",
        ),
        Binding(
            "f5", "reload", "Reload", tooltip="Load the dashboard again", id="dashboard.reload"
        ),
        Binding("escape", "nothing", "", show=False, id="dashboard.escape"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: Dashboard | None = None

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="dashboard-body", can_focus=False):
            yield Static("Loading your dashboard…", id="dashboard-intro")
            yield Static("", id="dashboard-prompt")
            with Container(id="dashboard-columns"):
                with Vertical(id="dashboard-left", classes="column"):
                    yield Static("Your mentoring (Enter opens)", classes="section-title")
                    yield OptionList(id="dashboard-relationships", classes="panel")
                    yield Static("Requests waiting (Enter opens)", classes="section-title")
                    yield OptionList(id="dashboard-requests", classes="panel")
                    yield Static("Suggested mentors for you", classes="section-title")
                    yield OptionList(id="dashboard-suggestions", classes="panel")
                with Vertical(id="dashboard-right", classes="column"):
                    yield Static("Mentors per sector (Enter searches)", classes="section-title")
                    yield OptionList(id="dashboard-sectors", classes="panel")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.mentor_app, "actor", self._actor_changed, init=False)
        if self.mentor_app.actor is not None:
            self.load()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.load()

    def _actor_changed(self) -> None:
        if self.mentor_app.actor is not None and self.is_current:
            self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm_profile":
            me = self.data.me if self.data is not None else None
            return bool(me and me.private and me.private.confirmation_due)
        return True

    def action_reload(self) -> None:
        self.load()

    def action_nothing(self) -> None:
        self.mentor_app.announce("This is the dashboard; q quits, F1 lists every key.")

    def load(self) -> None:
        self._load()

    @work(exclusive=True, group="dashboard", exit_on_error=False)
    async def _load(self) -> None:
        app = self.mentor_app
        try:
            data = await app.backend.dashboard()
        except Exception as error:
            self.query_one("#dashboard-intro", Static).update(
                plain(f"The dashboard could not load: {error} (F5 tries again)")
            )
            app.report_error(error)
            return
        self.data = data
        self.refresh_bindings()
        app.unread = data.unread_notifications
        self._show(data)

    def _show(self, data: Dashboard) -> None:
        app = self.mentor_app
        now = app.clock()
        me = data.me
        intro = self.query_one("#dashboard-intro", Static)
        unread = plural(data.unread_notifications, "unread notification")
        if me.state is AccountState.PENDING:
            intro.update(
                Content.assemble(
                    "Welcome, ",
                    plain(me.first_name),
                    ". Your account is being verified by the alumni office (usually a few "
                    "days). Until then you can complete your profile (p); search, requests "
                    "and messages open once you are verified.",
                )
            )
        elif me.state is not AccountState.VERIFIED:
            intro.update(
                f"This account is {me.state.value}: you can read your profile and export "
                "your data (t). Write to the alumni office if you think this is a mistake."
            )
        else:
            intro.update(
                Content.assemble("Hello ", plain(me.first_name), f". {unread} (n to read).")
            )
        prompt = self.query_one("#dashboard-prompt", Static)
        due = me.private is not None and me.private.confirmation_due
        prompt.display = due
        if due:
            prompt.update(
                "⚠ Is your profile up to date? It has not been confirmed for a year: "
                "press c to confirm it, or p to edit it."
            )
        verified = me.state is AccountState.VERIFIED
        later = "once your account is verified"
        self._fill(
            "#dashboard-relationships",
            [relationship_option(r, me.id, quiet_words(r, now)) for r in data.relationships],
            "No mentoring yet: find a mentor with s." if verified else f"Mentoring opens {later}.",
        )
        self._fill(
            "#dashboard-requests",
            [request_option(r, True, request_wait(r, now)) for r in data.incoming]
            + [request_option(r, False, request_wait(r, now)) for r in data.outgoing],
            "No requests waiting.",
        )
        self._fill(
            "#dashboard-suggestions",
            [
                Option(
                    Content.assemble(
                        plain(s.mentor.name),
                        " · ",
                        plain(s.mentor.headline or s.mentor.job_title),
                        f" · {card_room(s.mentor)}\n  because: ",
                        plain(s.why),
                    ),
                    id=f"user-{s.mentor.username}",
                )
                for s in data.suggestions
            ],
            "Suggestions appear once your profile names sectors or help you want (p)."
            if verified
            else f"Suggestions appear {later}.",
        )
        most = max((s.count for s in data.sectors), default=0)
        self._fill(
            "#dashboard-sectors",
            [sector_option(s.sector, s.count, most) for s in data.sectors],
            "No active mentors yet." if verified else f"The mentors show {later}.",
        )
        if app.screen is self and self.focused is None:
            self.focus_next()

    def _fill(self, selector: str, options: list[Option], empty: str) -> None:
        listing = self.query_one(selector, OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        if options:
            listing.add_options(options)
            listing.highlighted = min(highlighted or 0, len(options) - 1)
        else:
            listing.add_option(Option(Content(empty), disabled=True))

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        app = self.mentor_app
        if event.option_list.id == "dashboard-sectors" and key:
            app.open_search(key)
        elif key.startswith("rel-"):
            app.open_relationships(int(key.removeprefix("rel-")))
        elif key.startswith("req-"):
            app.open_requests(int(key.removeprefix("req-")))
        elif key.startswith("user-"):
            app.open_profile(key.removeprefix("user-"))

    def action_confirm_profile(self) -> None:
        self._confirm()

    @work(exclusive=True, group="dashboard-confirm", exit_on_error=False)
    async def _confirm(self) -> None:
        app = self.mentor_app
        try:
            await app.backend.confirm_profile()
        except Exception as error:
            app.report_error(error)
            return
        app.announce("Profile confirmed up to date; you will be asked again in a year.")
        self.load()
