"""Every key of the screen you came from, and of the app, in words.

Opened with F1 (or ?), and from the command palette. It lists what the footer has no
room for at 80 columns, with a sentence per key, in a list the screen-reader cursor
can walk line by line. The recent announcements are below, for whoever missed one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.tui import styles_path
from mentor_tui.tui.pacing import PacedModalScreen
from mentor_tui.tui.widgets.safe import plain

if TYPE_CHECKING:
    from mentor_tui.tui.app import MentorApp

RECENT = 8
TYPED_NOTE = "outside a text box"
"""Said of a key the focused text box takes as a letter (``s`` types an s there); the
tips under the list say what to do about it."""


@dataclass(frozen=True)
class KeyLine:
    """One thing the screen does on a key: what help lists and the palette offers."""

    keys: str
    """Every key that does it, as the footer shows them ("f1, ?")."""
    description: str
    explanation: str
    action: str
    node: DOMNode
    """Where the action runs (the screen, the app, the focused widget)."""
    enabled: bool
    typed: bool
    """The focused text box takes the key as a letter: the palette still runs it."""


def _binding_chain(app: App[Any], screen: Screen[Any]) -> list[DOMNode]:
    """The nodes whose keys count on ``screen``: the focused widget up to the app (or
    to the screen, when it is a modal dialog)."""
    focused = screen.focused
    nodes: list[DOMNode] = list(focused.ancestors_with_self) if focused else [screen, app]
    chain: list[DOMNode] = []
    for node in nodes:
        chain.append(node)
        if node.is_modal:
            break
    return chain


def key_lines(app: App[Any], screen: Screen[Any]) -> list[KeyLine]:
    """Every key of ``screen``: its own, the app's, then the focused widget's (moving in a
    list, editing text), then Textual's general ones (Tab, copy).

    Unlike ``Screen.active_bindings`` (what the footer shows), a key the focused text box
    takes as a letter is kept, marked ``typed``: the person still needs to know that ``f``
    opens the filters once out of the search box, and the palette can run it from inside.
    """
    chain = _binding_chain(app, screen)
    beyond_modal = app not in chain
    if beyond_modal:  # a dialog: of the app's keys, only priority ones reach past it
        chain.append(app)
    winners: dict[str, tuple[int, DOMNode, Binding]] = {}
    for index, node in enumerate(chain):
        for key, binding in node._bindings:  # Textual's own per-node map (keymap applied)
            if node is app and beyond_modal and not binding.priority:
                continue
            known = winners.get(key)
            if known is None or (binding.priority and not known[2].priority):
                winners[key] = (index, node, binding)
    rows: dict[tuple[int, str], KeyLine] = {}
    order: dict[tuple[int, str], int] = {}
    for key, (index, node, binding) in winners.items():
        if not binding.description:
            continue
        # the app's check of the action on that node (also resolves "app.focus_next")
        state = app._check_action_state(binding.action, node)
        if state is False:  # hidden here (not an admin, nobody signed in)
            continue
        typed = not binding.priority and any(
            below.check_consume_key(key, key_to_character(key)) for below in chain[:index]
        )
        name = (id(node), binding.action)
        display = app.get_key_display(binding)
        known_line = rows.get(name)
        if known_line is not None:
            rows[name] = replace(
                known_line, keys=f"{known_line.keys}, {display}", typed=known_line.typed and typed
            )
            continue
        rows[name] = KeyLine(
            display,
            binding.description,
            binding.tooltip or "",
            binding.action,
            node,
            bool(state),
            typed,
        )
        general = binding.id is None and node in (screen, app)
        order[name] = 3 if general else 0 if node is screen else 1 if node is app else 2
    return [rows[name] for name in sorted(rows, key=order.__getitem__)]


def _help_option(line: KeyLine, width: int) -> Option:
    explanation = line.explanation if line.explanation != line.description else ""
    notes = [
        note for note, wanted in ((TYPED_NOTE, line.typed), ("not now", not line.enabled)) if wanted
    ]
    return Option(
        Content.assemble(
            (line.keys.ljust(width), "bold"),
            "  ",
            line.description,
            f": {explanation}" if explanation else "",
            f" ({', '.join(notes)})" if notes else "",
        )
    )


class HelpScreen(PacedModalScreen[None]):
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
        title = getattr(self.under, "TITLE", None) or type(self.under).__name__.removesuffix(
            "Screen"
        )
        rows = key_lines(self.app, self.under)
        width = max((len(line.keys) for line in rows), default=4)
        with Vertical(id="help-dialog"):
            yield Static(
                Content.assemble(("Keys on ", "bold"), (str(title), "bold"), " · Esc closes"),
                id="help-title",
            )
            yield OptionList(*(_help_option(line, width) for line in rows), id="help-keys")
            said = getattr(self.app, "said", [])[-RECENT:]
            if said:
                yield Static("Recently said", classes="section-title")
                yield Static(plain("\n".join(reversed(said))), id="help-said")
            yield Static(
                "Ctrl+P opens the command palette: every key above is also a command there. "
                "Tab and Shift+Tab move between parts of a screen; Escape goes back. In a text "
                "box, letters are typed: Tab out of it to use the keys marked "
                f"'{TYPED_NOTE}'.",
                id="help-tips",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()

    def action_close(self) -> None:
        self.dismiss(None)
