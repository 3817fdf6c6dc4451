"""The one fixed line where every change is said in a plain sentence.

Each screen has one, just above the footer. ``MentorApp.announce`` writes the sentence
to the status line of the active screen; a screen-reader user finds every change in the
same place, and the sighted user sees what the last key did.
"""

from __future__ import annotations

from textual.widgets import Static

from mentor_tui.tui.widgets.safe import plain


class StatusLine(Static):
    """Shows the app's latest announcement (kept when screens change)."""

    DEFAULT_CSS = """
    StatusLine {
        /* one line; a long message wraps (up to 3) rather than losing its advice */
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    StatusLine.-error {
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="status-line", markup=False)

    def on_mount(self) -> None:
        said = getattr(self.app, "said", None)
        if said:
            self.say(said[-1])

    def say(self, text: str, *, error: bool = False) -> None:
        self.set_class(error, "-error")
        self.update(plain(("⚠ " if error else "") + text))
