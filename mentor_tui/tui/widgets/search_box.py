"""The search screen's text box: typing in it repaints the box, not the whole screen.

Textual's Input records the width of its text as its "virtual size" on every keystroke,
and a change of virtual size asks for a layout of the whole screen, which re-measures
every widget and repaints the scroll bars of every list on it (bench/search.py: two
frames and about 10 ms a keystroke, competing with the search for the processor). The
box's own size never depends on its text (its height and width are fixed by the style
sheets), so here the change repaints the box alone; scrolling inside a long text reads
the virtual size directly and is unchanged.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchBox(Input):
    """An Input for a fixed-size box (no ``width: auto`` / ``height: auto``)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
