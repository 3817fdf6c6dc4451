"""Notifications: what happened, newest first; open one to go to what it is about.

Opening a notification marks it read and jumps to its subject: a request opens the
requests inbox on it, a thread or relationship opens that mentoring's thread, a member
opens their profile. Unread ones carry a symbol and the word "unread", not colour
alone. The list is read a page at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.domain.models import Notification, Page
from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedScreen
from mentor_tui.tui.widgets.header import AppHeader
from mentor_tui.tui.widgets.safe import plain
from mentor_tui.tui.widgets.status_line import StatusLine
from mentor_tui.tui.wording import DONE, UNREAD, ago, plural

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

PAGE_SIZE = 20


def notification_prompt(notification: Notification, when: str) -> Content:
    mark = f"{UNREAD} unread" if not notification.read else f"{DONE} read  "
    return Content.assemble(
        (mark, "bold" if not notification.read else ""),
        f" · {when}\n",
        plain(notification.text),
    )


class NotificationsScreen(PacedScreen[None]):
    """The member's notifications: open, mark read, mark all read."""

    CSS_PATH = styles_path() / "notifications.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x",
            "mark_read",
            "Read",
            tooltip="Mark the highlighted notification read",
            id="notifications.read",
        ),
        Binding(
            "z",
            "mark_all_read",
            "All read",
            tooltip="Mark every notification read",
            id="notifications.all_read",
        ),
        Binding(
            "u",
            "toggle_unread",
            "Unread only",
            tooltip="Show only unread notifications, or all",
            id="notifications.unread",
        ),
        Binding("right_square_bracket", "more", "More", id="notifications.more"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.notifications: list[Notification] = []
        self.page: Page[Notification] | None = None
        self.unread_only = False
        self._generation = 0

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="notifications-body"):
            yield Static("", id="notifications-view")
            yield OptionList(id="notifications-list")
            yield Static("", id="notifications-summary")
        yield StatusLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#notifications-list").border_title = "Notifications"
        self.query_one("#notifications-list").focus()
        self._reload()

    def _reload(self, keep: int | None = None) -> None:
        self._generation += 1
        which = "unread notifications" if self.unread_only else "all notifications"
        self.query_one("#notifications-view", Static).update(
            f"Showing {which}, newest first · enter opens · u switches"
        )
        self._load(self._generation, keep)

    @work(exclusive=True, group="notifications-load", exit_on_error=False)
    async def _load(self, generation: int, keep: int | None) -> None:
        summary = self.query_one("#notifications-summary", Static)
        try:
            page = await self.mentor_app.backend.list_notifications(
                self.unread_only, page=1, page_size=PAGE_SIZE
            )
        except Exception as error:
            summary.update(plain(str(error)))
            self.mentor_app.report_error(error, where=summary)
            return
        if generation != self._generation:
            return
        self.page = page
        self.notifications = list(page.items)
        listing = self.query_one("#notifications-list", OptionList)
        listing.clear_options()
        listing.add_options(self._options(self.notifications))
        if self.notifications:
            listing.highlighted = min(keep or 0, len(self.notifications) - 1)
        self._summarise()

    def _options(self, items: list[Notification]) -> list[Option]:
        now = self.mentor_app.clock()
        return [Option(notification_prompt(n, ago(n.created_at, now)), id=str(n.id)) for n in items]

    def _summarise(self) -> None:
        page = self.page
        if page is None:
            return
        summary = self.query_one("#notifications-summary", Static)
        if page.total == 0:
            summary.update("Nothing unread." if self.unread_only else "No notifications yet.")
            return
        unread = sum(not n.read for n in self.notifications)
        text = (
            f"{plural(page.total, 'notification')} · {len(self.notifications):,} shown · "
            f"{unread} unread among them"
        )
        if page.has_more:
            text += " · ] more"
        summary.update(text)

    def action_more(self) -> None:
        if self.page is None or not self.page.has_more:
            self.mentor_app.announce("Every notification is already shown.")
            return
        self._load_more(self._generation, self.page.page + 1)

    @work(exclusive=True, group="notifications-more", exit_on_error=False)
    async def _load_more(self, generation: int, page_number: int) -> None:
        try:
            page = await self.mentor_app.backend.list_notifications(
                self.unread_only, page=page_number, page_size=PAGE_SIZE
            )
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        if generation != self._generation:
            return
        self.page = page
        known = {n.id for n in self.notifications}
        fresh = [n for n in page.items if n.id not in known]
        self.notifications.extend(fresh)
        self.query_one("#notifications-list", OptionList).add_options(self._options(fresh))
        self._summarise()

    def highlighted(self) -> Notification | None:
        index = self.query_one("#notifications-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.notifications):
            return None
        return self.notifications[index]

    @on(OptionList.OptionHighlighted, "#notifications-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        last = len(self.notifications) - 1
        if event.option_index == last and self.page and self.page.has_more:
            self.action_more()

    # -- actions -------------------------------------------------------------------------

    def _mark_shown_read(self, notification_id: int | None) -> None:
        listing = self.query_one("#notifications-list", OptionList)
        now = self.mentor_app.clock()
        for index, n in enumerate(self.notifications):
            if (notification_id is None or n.id == notification_id) and not n.read:
                n.read = True
                listing.replace_option_prompt_at_index(
                    index, notification_prompt(n, ago(n.created_at, now))
                )
        self._summarise()

    def action_mark_read(self) -> None:
        notification = self.highlighted()
        if notification is None:
            self.mentor_app.announce("Highlight a notification first.")
            return
        if notification.read:
            self.mentor_app.announce("That notification is already read.")
            return
        self._mark(notification.id)

    def action_mark_all_read(self) -> None:
        self._mark(None)

    @work(group="notifications-mark", exit_on_error=False)
    async def _mark(self, notification_id: int | None) -> None:
        try:
            count = await self.mentor_app.backend.mark_notifications_read(notification_id)
        except Exception as error:
            self.mentor_app.report_error(error)
            return
        self._mark_shown_read(notification_id)
        if notification_id is None:
            self.mentor_app.announce(f"{plural(count, 'notification')} marked read.")
        else:
            self.mentor_app.announce("Notification marked read.")
        self._refresh_unread()

    def _refresh_unread(self) -> None:
        refresh = getattr(self.mentor_app, "refresh_unread", None)
        if callable(refresh):
            refresh()

    def action_toggle_unread(self) -> None:
        self.unread_only = not self.unread_only
        self._reload()

    @on(OptionList.OptionSelected, "#notifications-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        notification = self.highlighted()
        if notification is not None:
            self._open_notification(notification)

    @work(exclusive=True, group="notifications-open", exit_on_error=False)
    async def _open_notification(self, notification: Notification) -> None:
        app = self.mentor_app
        try:
            if not notification.read:
                await app.backend.mark_notifications_read(notification.id)
                self._mark_shown_read(notification.id)
                self._refresh_unread()
            await self._go_to(notification)
        except Exception as error:
            app.report_error(error)

    async def _go_to(self, notification: Notification) -> None:
        """Jump to what the notification is about."""
        app = self.mentor_app
        kind, subject = notification.subject_type, notification.subject_id
        if subject is None:
            app.announce("This notification is about nothing to open.")
        elif kind == "request":
            app.open_requests(subject)
        elif kind == "thread":
            app.open_thread(subject)
        elif kind == "relationship":
            app.open_relationships(subject)
        elif kind == "member":
            actor = app.actor
            if actor is not None and actor.id == subject:
                app.open_profile(None)
            else:
                member = await app.backend.get_member(subject)
                app.open_profile(member.username)
        elif kind == "report":
            actor = app.actor
            if actor is not None and actor.is_admin:
                app.open_admin()
            else:
                app.announce("The alumni office has handled your report; nothing more to open.")
        else:
            app.announce("This notification is about nothing to open.")
