"""The whole journey with keys only: a newcomer signs up, waits, is verified by the
office, finds a mentor through the dashboard's sector cloud, sends a request, and the
mentoring then runs to its end (test_mentoring_journey.py takes it from the request).
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from mentor_tui.credentials import SessionStore
from mentor_tui.demo.seed import DEMO_PASSWORD
from mentor_tui.domain.enums import AccountState, RequestState
from mentor_tui.tui.screens.admin import AdminScreen
from mentor_tui.tui.screens.search import SearchScreen
from tests.tui.conftest import MakeApp, OpenScreen, Seeded
from tests.tui.helpers import press, screen_text, settle, type_text
from tests.tui.test_mentoring_journey import run_mentoring

PASSWORD = DEMO_PASSWORD  # so the fixtures can sign her in again later
INTRO = "Hello, I am finishing Economics and would value advice on a first job in finance."


async def tab_to(pilot: Pilot[Any], widget_id: str, *, limit: int = 40) -> None:
    """Press Tab until the control with this id has the focus (as a user would)."""
    for _ in range(limit):
        focused = pilot.app.focused
        if focused is not None and focused.id == widget_id:
            return
        await press(pilot, "tab")
    raise AssertionError(f"Tab never reached #{widget_id}")


async def test_sign_up_to_finished_mentoring(
    make_app: MakeApp, open_screen: OpenScreen, seeded: Seeded
) -> None:
    # 1. a newcomer signs up from the sign-in screen
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+n")
        await type_text(pilot, "Nadia")
        await press(pilot, "tab", "tab")  # middle name stays empty
        await type_text(pilot, "Quist")
        await press(pilot, "tab")
        assert pilot.app.focused is not None and pilot.app.focused.id == "signup-username"
        assert "nadia.quist" in screen_text(app)  # suggested from the name
        await press(pilot, "tab")
        await type_text(pilot, PASSWORD)
        await press(pilot, "tab")
        await type_text(pilot, PASSWORD)
        await press(pilot, "tab")
        await type_text(pilot, "nadia.quist@example.org")
        await press(pilot, "tab")
        await type_text(pilot, "nadia.quist@example.org")
        await press(pilot, "tab", "enter", "down", "enter")  # role: Alumnus / alumna
        await press(pilot, "tab")
        await type_text(pilot, "University of Example")
        await press(pilot, "tab")
        await type_text(pilot, "Economics")
        await press(pilot, "tab")
        await type_text(pilot, "2015")
        await press(pilot, "tab")
        await type_text(pilot, "2019")
        await tab_to(pilot, "signup-accept")
        await press(pilot, "space", "ctrl+s")
        assert "being verified" in screen_text(app)
    member = seeded.service.get_member(seeded.actor("demo.admin"), "nadia.quist")
    assert member.state is AccountState.PENDING

    # 2. the office verifies the account from its queue
    app = open_screen("demo.admin", AdminScreen())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AdminScreen)
        queue = screen.query_one("#verify-list", OptionList)
        while queue.highlighted is None or "Nadia" not in str(
            queue.get_option_at_index(queue.highlighted).prompt
        ):
            await press(pilot, "down")
        await press(pilot, "x")
    member = seeded.service.get_member(seeded.actor("demo.admin"), "nadia.quist")
    assert member.state is AccountState.VERIFIED

    # 3. the new member signs in on her own terminal (no stored session of anyone else),
    #    picks a sector on the dashboard and requests a mentor
    SessionStore.for_data_dir(seeded.path).remove("demo.admin")
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "nadia.quist")
        await press(pilot, "tab")
        await type_text(pilot, PASSWORD)
        await press(pilot, "enter")
        assert "Hello Nadia" in screen_text(app)
        await tab_to(pilot, "dashboard-sectors")
        sectors = app.screen.query_one("#dashboard-sectors", OptionList)
        while sectors.get_option_at_index(sectors.highlighted or 0).id != "Finance":
            await press(pilot, "down")
        await press(pilot, "enter")
        assert isinstance(app.screen, SearchScreen)
        assert "Finance" in screen_text(app)
        search = app.screen
        assert isinstance(search, SearchScreen)
        await press(pilot, "slash")  # narrow the sector's mentors down by name
        await type_text(pilot, "Nwosu")
        await tab_to(pilot, "results")
        card = search.highlighted_card()
        assert card is not None and card.username == "demo.mentor" and card.has_room
        assert "Finance" in card.sectors
        mentor = card.username
        await press(pilot, "c")
        await type_text(pilot, INTRO)
        await press(pilot, "ctrl+s")
        assert "sent to" in app.said[-1]
    nadia = seeded.actor("nadia.quist")
    sent = seeded.service.list_requests(nadia, "outgoing").items
    assert [(r.mentor.username, r.state) for r in sent] == [(mentor, RequestState.PENDING)]

    # 4. from here the mentoring runs its course on the screens of both people
    await run_mentoring(
        open_screen, seeded, mentee="nadia.quist", mentor=mentor, request=sent[0].id
    )
