"""Where the terminal's own cursor goes in screen-reader mode.

Braille displays and screen readers (BRLTTY, Orca, speakup) follow the terminal cursor,
not Textual's highlight. In screen-reader mode the app keeps the cursor visible and
puts it on the focused control: at the caret of a text box, on the highlighted line of
a list or table, at the top-left of anything else.
"""

from __future__ import annotations

from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, TextArea


def cursor_offset(widget: Widget) -> Offset:
    """The screen cell a screen reader should read for ``widget``."""
    region = widget.content_region
    if isinstance(widget, Input | TextArea):
        offset = widget.cursor_screen_offset
    elif isinstance(widget, OptionList) and widget.highlighted is not None:
        line = widget._index_to_line.get(widget.highlighted, 0)
        offset = Offset(region.x, region.y + line - round(widget.scroll_offset.y))
    elif isinstance(widget, DataTable) and widget.row_count:
        header = widget.header_height if widget.show_header else 0
        row_y = widget._get_row_region(widget.cursor_row).y
        offset = Offset(region.x, region.y + header + row_y - round(widget.scroll_offset.y))
    else:
        offset = region.offset
    if not region:
        return widget.region.offset
    return Offset(
        min(max(offset.x, region.x), region.right - 1),
        min(max(offset.y, region.y), region.bottom - 1),
    )
