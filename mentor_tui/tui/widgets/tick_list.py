"""A SelectionList whose boxes say ✓ when ticked, not only in colour.

Textual's SelectionList draws the same "X" in every box and tells ticked from unticked
by colour alone; in a monochrome terminal, a high-contrast theme or read aloud that is
no difference at all. This one draws "✓" in a ticked box and leaves an unticked one
empty. Used for sectors, areas of help and activities wherever several can be chosen.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "✓"
UNTICKED = " "


class TickList(SelectionList[str]):
    """Several choices from a fixed list, each box showing ✓ or nothing."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        mark = TICKED if option.value in self.selected else UNTICKED
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
