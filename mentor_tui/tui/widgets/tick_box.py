"""A Checkbox that says ✓ when ticked, not only in colour.

Textual's Checkbox draws the same "X" whether it is on or off and tells them apart by
colour alone; this one draws "✓" when on and leaves the box empty when off, so the
state reads the same in monochrome, in a high-contrast theme and on a braille display.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

from mentor_tui.tui.widgets.tick_list import TICKED, UNTICKED


class TickBox(Checkbox):
    """On/off with a mark that says which."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED
        return super()._button
