"""Every key of the screen you came from, and of the app, in words.

Opened with F1 (or ?), and from the command palette. It lists what the footer has no
room for at 80 columns, with a sentence per key, in a list the screen-reader cursor
can walk line by line. The recent announcements are below, for whoever missed one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.tui import styles_path
from mentor_tui.tui.widgets.safe import plain

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

RECENT = 8


def key_lines(app: Any, screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(keys, description, explanation) of every binding on ``screen``: its own, the app's,
    then the focused widget's (moving in a list, editing text)."""
    rows: dict[str, tuple[str, str, str, int]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description:
            continue
        name = f"{id(active.node)}:{binding.action}"
        keys = app.get_key_display(binding)
        if name in rows:
            old = rows[name]
            rows[name] = (f"{old[0]}, {keys}", old[1], old[2], old[3])
            continue
        group = 0 if active.node is screen else 1 if active.node is app else 2
        explanation = binding.tooltip or ""
        if not active.enabled:
            explanation = (explanation + " (not available here now)").strip()
        rows[name] = (keys, binding.description, explanation, group)
    ordered = sorted(rows.values(), key=lambda row: row[3])
    return [(keys, description, why) for keys, description, why, _ in ordered]


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, one per line."""

    TITLE = "Help"
    CSS_PATH = styles_path() / "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    @property
    def mentor_app(self) -> MentorApp:
        return cast("MentorApp", self.app)

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "TITLE", None) or type(self.under).__name__
        rows = key_lines(self.app, self.under)
        width = max((len(keys) for keys, _, _ in rows), default=4)
        with Vertical(id="help-dialog"):
            yield Static(
                Content.assemble(("Keys on ", "bold"), (str(title), "bold"), " · Esc closes"),
                id="help-title",
            )
            yield OptionList(
                *(
                    Option(
                        Content.assemble(
                            (keys.ljust(width), "bold"),
                            "  ",
                            description,
                            (f": {why}" if why and why != description else ""),
                        )
                    )
                    for keys, description, why in rows
                ),
                id="help-keys",
            )
            said = getattr(self.app, "said", [])[-RECENT:]
            if said:
                yield Static("Recently said", classes="section-title")
                yield Static(plain("\n".join(reversed(said))), id="help-said")
            yield Static(
                "Ctrl+P opens the command palette: every key above is also a command there. "
                "Tab and Shift+Tab move between parts of a screen; Escape goes back.",
                id="help-tips",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()

    def action_close(self) -> None:
        self.dismiss(None)
