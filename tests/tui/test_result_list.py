"""The search results list (mentor_tui/tui/widgets/result_list.py): a new page repaints
the list, and lays the screen out only when its scroll bar comes or goes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widgets.option_list import Option

from mentor_tui.tui.widgets.result_list import ResultList
from tests.tui.helpers import screen_text


class ListApp(App[None]):
    CSS = "#box { height: 12; width: 40; }"

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield ResultList(*rows("first", 30))


def rows(word: str, count: int) -> list[Option]:
    return [Option(f"{word} {n}", id=f"{word}-{n}") for n in range(count)]


@pytest.fixture
async def pilot() -> AsyncIterator[Pilot[None]]:
    async with ListApp().run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        yield pilot


def count_layouts(pilot: Pilot[None]) -> Callable[[], int]:
    """Start counting the screen's layouts; the returned function says how many so far."""
    screen: Any = pilot.app.screen
    layouts = 0
    refresh_layout = screen._refresh_layout

    def counted(*args: Any, **kwargs: Any) -> None:
        nonlocal layouts
        layouts += 1
        refresh_layout(*args, **kwargs)

    screen._refresh_layout = counted
    return lambda: layouts


async def test_a_page_of_another_length_is_painted_without_a_layout(
    pilot: Pilot[None],
) -> None:
    results = pilot.app.query_one(ResultList)
    assert results.show_vertical_scrollbar
    layouts = count_layouts(pilot)

    results.replace_options(rows("second", 25))
    await pilot.pause()
    await pilot.pause()

    assert layouts() == 0
    assert results.virtual_size.height == 25
    assert results.vertical_scrollbar.window_virtual_size == 25
    assert "second 0" in screen_text(pilot.app)
    assert "first 0" not in screen_text(pilot.app)


async def test_a_page_that_fits_lays_out_without_its_scroll_bar(pilot: Pilot[None]) -> None:
    results = pilot.app.query_one(ResultList)
    width = results.scrollable_content_region.width
    layouts = count_layouts(pilot)

    results.replace_options(rows("few", 3))
    await pilot.pause()
    await pilot.pause()

    assert layouts() >= 1
    assert not results.show_vertical_scrollbar
    assert results.scrollable_content_region.width > width
    assert "few 2" in screen_text(pilot.app)

    results.replace_options(rows("many", 40))
    await pilot.pause()
    await pilot.pause()

    assert results.show_vertical_scrollbar
    assert results.scrollable_content_region.width == width
    assert results.virtual_size.height == 40


async def test_rows_that_stay_in_place_keep_their_drawing(pilot: Pilot[None]) -> None:
    results = pilot.app.query_one(ResultList)
    old = list(results.options)
    drawn: Any = results._option_render_cache
    kept = [key for key in drawn.keys() if key[0] in old[:5]]  # noqa: SIM118 (an LRUCache)
    assert kept, "the first rows were drawn"

    results.replace_options([*old[:29], Option("new last row", id="new")])

    assert all(drawn.get(key) is not None for key in kept)
    await pilot.pause()
    assert "first 0" in screen_text(pilot.app)
