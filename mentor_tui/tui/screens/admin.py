"""The programme office: verification queue, report queue and programme figures.

Only admins may use it, and the service is the judge of that: a member who is not an
admin who opens this screen sees the service's own refusal instead of the queues. The
queues are read a page at a time. Each decision is one key (approve, reject with a
reason, remove a reported message, suspend its sender, dismiss the report), confirmed
where it can't be undone.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from mentor_tui.domain.models import Member, Page, Report, Stats
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.screens.dialogs import ConfirmDialog, TextDialog
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.mentor_card import MemberProfileView
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.status_line import StatusLine
from mentor_tui.tui.wording import REPORT_STATE_WORDS, ago, plural

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

PAGE_SIZE = 20
VERIFY, REPORTS, FIGURES = "admin-verify", "admin-reports", "admin-figures"


def member_prompt(member: Member, when: str) -> Content:
    study = " ".join(
        p for p in (member.programme, str(member.year_graduated or member.year_started or "")) if p
    )
    first = Content.assemble(
        (plain(member.name).plain, "bold"), " (", plain(member.username), f") · {member.role.value}"
    )
    second = Content.assemble(
        plain(" · ".join(p for p in (member.institution, study) if p) or "no study details"),
        f" · signed up {when}",
    )
    return Content("\n").join([first, second])


def report_prompt(report: Report, when: str) -> Content:
    reporter = report.reporter.name if report.reporter else "former member"
    body = "(removed)" if report.message.removed else report.message.body
    return Content.assemble(
        (f"Report {report.id}", "bold"),
        f" · {REPORT_STATE_WORDS[report.state]} · {when} · by ",
        plain(reporter),
        "\nReason: ",
        plain(report.reason),
        "\nMessage from ",
        plain(report.message.sender_name),
        ": ",
        plain(body[:200]),
    )


def figures_text(stats: Stats) -> Content:
    """Programme figures as plain aligned text: readable aloud and at any width.

    The short tables come first and the long sector list last, so the headline figures
    are on screen without scrolling."""
    lines: list[str] = ["Members by role and state"]
    for role, states in sorted(stats.members_by_role_and_state.items()):
        total = sum(states.values())
        detail = ", ".join(f"{count:,} {state}" for state, count in sorted(states.items()))
        lines.append(f"  {role:<10} {total:>7,}   ({detail})")
    lines += ["", "Requests by state"]
    for state, count in sorted(stats.requests_by_state.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {state:<10} {count:>7,}")
    lines += ["", "Median time to first response"]
    hours = stats.median_first_response_hours
    if hours is None:
        lines.append("  no answered requests yet")
    elif hours < 48:
        lines.append(f"  {hours:.1f} hours")
    else:
        lines.append(f"  {hours:.1f} hours (about {hours / 24:.0f} days)")
    lines += ["", "Active mentors by sector"]
    sectors = sorted(stats.active_mentors_by_sector.items(), key=lambda kv: (-kv[1], kv[0]))
    if not sectors:
        lines.append("  none yet")
    width = max((len(s) for s, _ in sectors), default=0)
    lines += [f"  {sector:<{width}} {count:>7,}" for sector, count in sectors]
    return Content("\n".join(lines))


class AdminScreen(PacedScreen[None]):
    """The alumni office's queues and figures."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        styles_path() / "admin.tcss",
        styles_path() / "member_profile.tcss",
    ]
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (100, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "tab('admin-verify')",
            "Sign-ups",
            tooltip="Verification queue: sign-ups waiting to be checked",
            id="admin.verify_tab",
        ),
        Binding(
            "2",
            "tab('admin-reports')",
            "Reports",
            tooltip="Report queue: reported messages",
            id="admin.reports_tab",
        ),
        Binding(
            "3",
            "tab('admin-figures')",
            "Figures",
            tooltip="Programme figures",
            id="admin.figures_tab",
        ),
        Binding(
            "x",
            "approve",
            "Approve",
            tooltip="Approve (verify) the highlighted sign-up",
            id="admin.approve",
        ),
        Binding(
            "z",
            "reject",
            "Reject",
            tooltip="Reject the highlighted sign-up, with a reason",
            id="admin.reject",
        ),
        Binding(
            "x",
            "remove_message",
            "Remove msg",
            tooltip="Remove the reported message",
            id="admin.remove",
        ),
        Binding(
            "b",
            "suspend",
            "Suspend",
            tooltip="Suspend the sender of the reported message",
            id="admin.suspend",
        ),
        Binding(
            "z",
            "dismiss_report",
            "Dismiss",
            tooltip="Dismiss the report: nothing to act on",
            id="admin.dismiss",
        ),
        Binding("right_square_bracket", "more", "More", id="admin.more"),
        Binding("escape", "back", "Back", id="admin.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.members: list[Member] = []
        self.member_page: Page[Member] | None = None
        self.reports: list[Report] = []
        self.report_page: Page[Report] | None = None

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="admin-refusal")
        with TabbedContent(id="admin-tabs", initial=VERIFY):
            with TabPane("Verification (1)", id=VERIFY):
                with Horizontal(classes="admin-split"):
                    yield OptionList(id="verify-list")
                    yield MemberProfileView("Highlight a sign-up to check it.", id="verify-detail")
                yield Static("", id="verify-summary")
            with TabPane("Reports (2)", id=REPORTS):
                yield OptionList(id="report-list")
                yield Static("", id="report-summary")
            with TabPane("Figures (3)", id=FIGURES), VerticalScroll(id="figures-scroll"):
                yield Static("Loading the programme figures…", id="figures")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#verify-list").border_title = "Waiting for verification"
        self.query_one("#verify-detail").border_title = "Sign-up"
        self.query_one("#report-list").border_title = "Open reports"
        self.query_one("#admin-refusal").display = False
        self._load_queue()
        self._load_reports()
        self._load_figures()
        self.query_one("#verify-list").focus()

    @property
    def tab(self) -> str:
        return self.query_one("#admin-tabs", TabbedContent).active

    def _refuse(self, error: BaseException) -> None:
        """Not an admin (or signed out): say so in place of the queues."""
        from mentor_tui.domain.errors import NotAllowed

        if isinstance(error, NotAllowed):
            refusal = self.query_one("#admin-refusal", Static)
            refusal.update(plain(str(error)))
            refusal.display = True
            self.query_one("#admin-tabs").display = False
        self.mentor_app.report_error(error)

    # -- verification queue ---------------------------------------------------------

    @work(exclusive=True, group="admin-queue", exit_on_error=False)
    async def _load_queue(self, page_number: int = 1) -> None:
        try:
            page = await self.mentor_app.backend.verification_queue(page_number, PAGE_SIZE)
        except Exception as error:
            self._refuse(error)
            return
        listing = self.query_one("#verify-list", OptionList)
        now = self.mentor_app.clock()
        if page_number == 1:
            self.members = []
            keep = listing.highlighted
            listing.clear_options()
        else:
            keep = None
        known = {m.id for m in self.members}
        fresh = [m for m in page.items if m.id not in known]
        self.members.extend(fresh)
        listing.add_options(
            Option(member_prompt(m, ago(m.joined_at, now)), id=str(m.id)) for m in fresh
        )
        self.member_page = page
        if self.members and (page_number == 1):
            listing.highlighted = min(keep or 0, len(self.members) - 1)
        if not self.members:
            self.query_one("#verify-detail", MemberProfileView).show(None, "Nobody is waiting.")
        text = f"{plural(page.total, 'sign-up')} waiting · x approves · z rejects"
        if page.has_more:
            text += " · ] more"
        self.query_one("#verify-summary", Static).update(text)

    def _highlighted_member(self) -> Member | None:
        index = self.query_one("#verify-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.members):
            return None
        return self.members[index]

    @on(OptionList.OptionHighlighted, "#verify-list")
    def _member_highlighted(self) -> None:
        self.query_one("#verify-detail", MemberProfileView).show(self._highlighted_member())

    @on(OptionList.OptionSelected, "#verify-list")
    def _member_selected(self) -> None:
        self.add_class("-reading")
        self.query_one("#verify-detail").focus()

    def action_back(self) -> None:
        if self.has_class("-reading"):
            self.remove_class("-reading")
            self.query_one("#verify-list").focus()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_approve(self) -> None:
        member = self._highlighted_member()
        if member is None:
            self.mentor_app.announce("Highlight a sign-up to approve first.")
            return
        self._verify(member)

    @work(group="admin-verify", exit_on_error=False)
    async def _verify(self, member: Member) -> None:
        try:
            verified = await self.mentor_app.backend.verify_member(member.username)
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        self.mentor_app.announce(f"{verified.name} ({verified.username}) is verified and told so.")
        self._load_queue()
        self._load_figures()

    def action_reject(self) -> None:
        member = self._highlighted_member()
        if member is None:
            self.mentor_app.announce("Highlight a sign-up to reject first.")
            return
        backend = self.mentor_app.backend

        async def reject(reason: str) -> Member:
            return await backend.reject_member(member.username, reason)

        def done(rejected: Member | None) -> None:
            if rejected is not None:
                self.mentor_app.announce(f"{rejected.name}'s sign-up rejected; they are told why.")
                self._load_queue()
                self._load_figures()

        self.app.push_screen(
            TextDialog(
                f"Reject {member.name}'s sign-up",
                "Reason (sent to them): e.g. not found in the alumni records",
                reject,
                submit_label="Reject",
                max_length=500,
            ),
            done,
        )

    # -- report queue ---------------------------------------------------------------

    @work(exclusive=True, group="admin-reports", exit_on_error=False)
    async def _load_reports(self, page_number: int = 1) -> None:
        try:
            page = await self.mentor_app.backend.list_reports(page=page_number, page_size=PAGE_SIZE)
        except Exception as error:
            self._refuse(error)
            return
        listing = self.query_one("#report-list", OptionList)
        now = self.mentor_app.clock()
        keep = listing.highlighted if page_number == 1 else None
        if page_number == 1:
            self.reports = []
            listing.clear_options()
        known = {r.id for r in self.reports}
        fresh = [r for r in page.items if r.id not in known]
        self.reports.extend(fresh)
        listing.add_options(
            Option(report_prompt(r, ago(r.created_at, now)), id=str(r.id)) for r in fresh
        )
        if self.reports and page_number == 1:
            listing.highlighted = min(keep or 0, len(self.reports) - 1)
        self.report_page = page
        text = (
            f"{plural(page.total, 'open report')} · x removes the message · "
            "b suspends the sender · z dismisses"
        )
        if not page.total:
            text = "No open reports."
        elif page.has_more:
            text += " · ] more"
        self.query_one("#report-summary", Static).update(text)

    def _highlighted_report(self) -> Report | None:
        index = self.query_one("#report-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.reports):
            self.mentor_app.announce("Highlight a report first.")
            return None
        return self.reports[index]

    def action_remove_message(self) -> None:
        report = self._highlighted_report()
        if report is None:
            return
        backend = self.mentor_app.backend

        async def remove() -> Report:
            await backend.remove_message(report.message.id)
            return report

        def done(result: Report | None) -> None:
            if result is not None:
                self.mentor_app.announce(
                    f'Message removed: it now shows "removed by a moderator"; '
                    f"report {report.id} is closed and the reporter told."
                )
                self._load_reports()

        self.app.push_screen(
            ConfirmDialog(
                "Remove the message",
                f"Remove the message from {report.message.sender_name}? It will show "
                '"removed by a moderator" to both people of the thread.',
                remove,
                submit_label="Remove",
            ),
            done,
        )

    def action_suspend(self) -> None:
        report = self._highlighted_report()
        if report is None:
            return
        sender = report.message.sender
        if sender is None:
            self.mentor_app.announce("The sender has left the network; there is no one to suspend.")
            return
        backend = self.mentor_app.backend

        async def suspend() -> Member:
            return await backend.suspend_member(sender.username)

        def done(member: Member | None) -> None:
            if member is not None:
                self.mentor_app.announce(f"{member.name} ({member.username}) is suspended.")
                self._load_reports()
                self._load_figures()

        self.app.push_screen(
            ConfirmDialog(
                "Suspend the sender",
                f"Suspend {sender.name} ({sender.username})? They can no longer sign in, "
                "search, request or message.",
                suspend,
                submit_label="Suspend",
            ),
            done,
        )

    def action_dismiss_report(self) -> None:
        report = self._highlighted_report()
        if report is not None:
            self._dismiss_report(report)

    @work(group="admin-dismiss", exit_on_error=False)
    async def _dismiss_report(self, report: Report) -> None:
        try:
            await self.mentor_app.backend.dismiss_report(report.id)
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        self.mentor_app.announce(f"Report {report.id} dismissed; the reporter is told.")
        self._load_reports()

    # -- figures --------------------------------------------------------------------

    @work(exclusive=True, group="admin-figures", exit_on_error=False)
    async def _load_figures(self) -> None:
        try:
            stats = await self.mentor_app.backend.stats()
        except Exception as error:
            self._refuse(error)
            return
        self.query_one("#figures", Static).update(figures_text(stats))

    # -- tabs and keys --------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#admin-tabs", TabbedContent).active = tab
        target = {VERIFY: "#verify-list", REPORTS: "#report-list", FIGURES: "#figures-scroll"}[tab]
        self.query_one(target).focus()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("approve", "reject"):
            return self.tab == VERIFY
        if action in ("remove_message", "suspend", "dismiss_report"):
            return self.tab == REPORTS
        if action == "more":
            return self.tab in (VERIFY, REPORTS)
        return True

    def action_more(self) -> None:
        if self.tab == VERIFY:
            page = self.member_page
            if page is not None and page.has_more:
                self._load_queue(page.page + 1)
                return
        elif self.tab == REPORTS:
            page_r = self.report_page
            if page_r is not None and page_r.has_more:
                self._load_reports(page_r.page + 1)
                return
        self.mentor_app.announce("Everything is already shown.")
