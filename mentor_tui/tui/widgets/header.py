"""The line at the top of every screen: where you are, who you are, what is unread.

It says everything in words ("demo.student · student · 3 unread"), never by colour
alone, and it follows the app's ``actor`` and ``unread`` as they change, so a
notification that arrives while you read a thread shows here at once.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from mentor_tui.tui.widgets.safe import plain


class AppHeader(Vertical):
    """Title of the screen on the left; account and unread count on the right."""

    DEFAULT_CSS = """
    AppHeader {
        height: auto;
        dock: top;
        background: $primary;
        color: $text;
    }
    AppHeader #header-row {
        height: 1;
    }
    AppHeader #header-title {
        width: 1fr;
        padding: 0 1;
        text-style: bold;
    }
    AppHeader #header-who {
        width: auto;
        padding: 0 1;
    }
    AppHeader #header-banner {
        width: 100%;
        padding: 0 1;
        background: $warning;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="app-header")

    def compose(self) -> ComposeResult:
        with Horizontal(id="header-row"):
            yield Static("", id="header-title", markup=False)
            yield Static("", id="header-who", markup=False)
        banner = getattr(self.app, "banner", None)
        if banner:
            yield Static(plain(banner), id="header-banner")

    def on_mount(self) -> None:
        self._title()
        self.watch(self.app, "actor", lambda _: self._who(), init=False)
        self.watch(self.app, "unread", lambda _: self._who(), init=False)
        self._who()

    def _title(self) -> None:
        screen = self.screen
        title = getattr(screen, "TITLE", None) or type(screen).__name__.removesuffix("Screen")
        text = f"mentor-tui · {title}"
        self.query_one("#header-title", Static).update(plain(text))

    def _who(self) -> None:
        actor = getattr(self.app, "actor", None)
        who = self.query_one("#header-who", Static)
        if actor is None:
            who.update("not signed in")
            return
        unread = int(getattr(self.app, "unread", 0))
        role = "admin" if actor.is_admin else actor.role.value
        state = "" if actor.state.value == "verified" else f" · {actor.state.value}"
        count = f"{unread} unread" if unread else "nothing unread"
        who.update(Content.assemble(plain(actor.username), f" · {role}{state} · {count}"))
