"""Keys can be rebound in settings.toml's [keymap], by binding id, app-wide and per screen."""

from __future__ import annotations

from mentor_tui.config import Settings
from mentor_tui.tui.screens.dialogs import TextDialog
from mentor_tui.tui.screens.requests import RequestsScreen
from mentor_tui.tui.screens.search import SearchScreen
from tests.tui.conftest import MakeApp
from tests.tui.helpers import press, settle


async def test_an_app_key_can_be_rebound(make_app: MakeApp) -> None:
    app = make_app("demo.student", settings=Settings(keymap={"app.search": "ctrl+f"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")  # the old key no longer searches
        assert not isinstance(app.screen, SearchScreen)
        await press(pilot, "ctrl+f")
        assert isinstance(app.screen, SearchScreen)


async def test_a_screen_key_can_be_rebound(make_app: MakeApp) -> None:
    app = make_app(
        "demo.mentor",
        settings=Settings(keymap={"requests.accept": "y"}),
        open_on_start=RequestsScreen(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "y")
        assert isinstance(app.screen, TextDialog)
