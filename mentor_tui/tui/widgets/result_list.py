"""The search results: an OptionList whose rows survive a new page of results.

Each keystroke replaces the whole page of results, and most mentors found by "fina"
were found by "fin" at the same place (bench/search.py: about six rows in ten). An
OptionList forgets how every row was drawn when its options are set; this one keeps
the drawing of each row that is the same option at the same place, so a keystroke
draws only the rows that changed. Nothing is kept when the list's size changes (the
rows could be drawn at another width).

A new page also changes how many lines the list holds, nearly every time (cards wrap
to different heights). Textual records that as the list's "virtual size", and a change
of virtual size lays out the whole screen: two frames in five of the search results
measured that, about 2 ms of each (bench/search.py). The list's own size never depends
on its lines (``height: 1fr``, below), so here such a change updates the scroll bar
alone; showing or hiding the scroll bar, which does change the list's inner width,
still lays out as before (Textual's ``show_vertical_scrollbar`` asks for it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ResultList(OptionList):
    """A navigable list of results, replaced a page at a time, in a box of fixed height."""

    DEFAULT_CSS: ClassVar[str] = """
    ResultList {
        height: 1fr;
    }
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def replace_options(self, options: Sequence[Option]) -> None:
        """Set ``options`` in place of the current ones (as ``set_options``), keeping
        the drawing of rows that stay where they were."""
        # Textual's cache of drawn rows, keyed by (option, style, padding); drawn rows
        # carry their index (for the mouse), hence "the same place" as well.
        cache: Any = getattr(self, "_option_render_cache", None)
        saved: list[tuple[Any, Any]] = []
        if cache is not None and hasattr(cache, "keys") and hasattr(cache, "set"):
            old = self.options
            staying = {
                id(option)
                for index, option in enumerate(options[: len(old)])
                if old[index] is option
            }
            if staying:
                saved = [
                    (key, cache.get(key))
                    for key in list(cache.keys())
                    if isinstance(key, tuple) and key and id(key[0]) in staying
                ]
        size = self.virtual_size
        self.set_options(options)
        if saved and self.virtual_size == size:
            for key, strips in saved:
                if strips is not None:
                    cache.set(key, strips)
