"""The dashboard: sector cloud, mentoring, requests with their wait, suggestions, and the
yearly "is your profile up to date?" prompt, keys only."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from mentor_tui.backend.local import LocalBackend
from mentor_tui.config import Settings
from mentor_tui.credentials import SessionStore
from mentor_tui.demo.seed import DEMO_PASSWORD
from mentor_tui.domain.models import SearchQuery
from mentor_tui.service import MentoringService
from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.dashboard import DashboardScreen
from mentor_tui.tui.screens.profile import ProfileScreen
from mentor_tui.tui.screens.relationships import RelationshipsScreen
from mentor_tui.tui.screens.requests import RequestsScreen
from mentor_tui.tui.screens.search import SearchScreen
from tests.tui.conftest import FIXED, MakeApp, Seeded
from tests.tui.helpers import press, screen_text, settle

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
INTRO = "Hello, I study Economics and would value your advice on a first graduate job."
A_YEAR_LATER = FIXED + timedelta(days=400)


def _prompts(app: MentorApp, panel: str) -> list[str]:
    listing = app.screen.query_one(f"#dashboard-{panel}", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def _focus_panel(pilot: Pilot[Any], panel: str) -> OptionList:
    """Tab (reading order) until the panel ``panel`` has the focus."""
    listing = pilot.app.screen.query_one(f"#dashboard-{panel}", OptionList)
    for _ in range(6):
        if listing.has_focus:
            return listing
        await press(pilot, "tab")
    raise AssertionError(f"Tab never reached the {panel} panel")


def _request_sent_days_ago(seeded: Seeded, days: int, mentee: str = "demo.student") -> int:
    """A pending request to demo.mentor sent ``days`` ago (the service's clock, moved back)."""
    earlier = FIXED - timedelta(days=days)
    then = MentoringService(seeded.service.store, lambda: earlier)
    actor = then.authenticate(then.login(mentee, DEMO_PASSWORD).token)
    return then.send_request(actor, "demo.mentor", INTRO).id


def _app_at(seeded: Seeded, user: str, moment: datetime) -> MentorApp:
    """The app, signed in as ``user``, on the network as it is at ``moment``: its clock
    and the service's both there (a year on, the profile confirmation is due)."""
    service = MentoringService(seeded.service.store, lambda: moment)
    session = service.login(user, DEMO_PASSWORD)
    sessions = SessionStore.for_data_dir(seeded.path)
    sessions.put(
        session.model_copy(update={"expires_at": datetime(2100, 1, 1, tzinfo=FIXED.tzinfo)})
    )
    return MentorApp(
        LocalBackend(service),
        sessions=sessions,
        start_user=user,
        clock=lambda: moment,
        settings=Settings(),
        remember_settings=False,
    )


# -- snapshots ----------------------------------------------------------------------


@SIZES
def test_student_dashboard_snapshot(
    snap_compare: Any, make_app: MakeApp, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app("demo.student"), terminal_size=size, run_before=settle)


@SIZES
def test_mentor_dashboard_snapshot(
    snap_compare: Any, make_app: MakeApp, seeded: Seeded, size: tuple[int, int]
) -> None:
    _request_sent_days_ago(seeded, 7)  # overdue
    assert snap_compare(make_app("demo.mentor"), terminal_size=size, run_before=settle)


@SIZES
def test_profile_prompt_snapshot(snap_compare: Any, seeded: Seeded, size: tuple[int, int]) -> None:
    app = _app_at(seeded, "demo.student", A_YEAR_LATER)
    assert snap_compare(app, terminal_size=size, run_before=settle)


# -- the sector cloud ---------------------------------------------------------------------


async def test_tab_follows_reading_order(make_app: MakeApp) -> None:
    app = make_app("demo.mentor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(5):
            focused = app.focused
            assert focused is not None
            seen.append((focused.id or "").removeprefix("dashboard-"))
            await press(pilot, "tab")
    assert seen == ["relationships", "requests", "suggestions", "sectors", "relationships"]


async def test_sectors_are_ordered_by_mentor_count(make_app: MakeApp, seeded: Seeded) -> None:
    app = make_app("demo.student")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = _prompts(app, "sectors")
    counts = [int(line.rsplit(" ", 1)[1].replace(",", "")) for line in shown]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    cloud = seeded.service.sector_cloud(seeded.actor("demo.student"))
    assert [line.split(" █")[0] for line in shown] == [s.sector for s in cloud]
    # the bar says the count as a length too (the busiest has the longest)
    bars = [line.count("█") for line in shown]
    assert bars == sorted(bars, reverse=True)


async def test_enter_on_a_sector_opens_the_search_filtered_by_it(
    make_app: MakeApp, seeded: Seeded
) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await settle(pilot)
        sectors = await _focus_panel(pilot, "sectors")
        await press(pilot, "down")
        chosen = sectors.get_option_at_index(1).id
        assert chosen is not None
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        student = seeded.actor("demo.student")
        expected = seeded.service.search_mentors(student, SearchQuery(sectors=[chosen]))
        assert screen.page is not None and screen.page.total == expected.total
        assert all(chosen in card.sectors for card in screen.cards)
        assert f"{expected.total} mentor" in str(
            screen.query_one("#results-summary", Static).render()
        )
        await press(pilot, "escape")
        assert isinstance(app.screen, DashboardScreen)


# -- requests and mentoring -----------------------------------------------------------------


async def test_requests_say_how_long_they_waited_and_overdue_in_words(
    make_app: MakeApp, seeded: Seeded
) -> None:
    overdue = _request_sent_days_ago(seeded, 7)
    fresh = _request_sent_days_ago(seeded, 0, mentee="demo.admin")
    app = make_app("demo.mentor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = _prompts(app, "requests")
        text = screen_text(app)
    late = next(line for line in lines if line.startswith(f"#{overdue} "))
    assert "OVERDUE ⚠ waiting 5 working days" in late  # Monday a week ago: 5 working days
    now = next(line for line in lines if line.startswith(f"#{fresh} "))
    assert "waiting 0 working days" in now and "OVERDUE" not in now
    assert "OVERDUE ⚠" in text  # on the screen, not only in the model


async def test_own_outgoing_request_shows_its_wait(make_app: MakeApp, seeded: Seeded) -> None:
    request_id = _request_sent_days_ago(seeded, 1)
    app = make_app("demo.student")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        mine = [line for line in _prompts(app, "requests") if line.startswith(f"#{request_id} ")]
    assert mine == [f"#{request_id} to Amara Nwosu · waiting 1 working day"]


async def test_enter_on_a_request_opens_it(make_app: MakeApp, seeded: Seeded) -> None:
    request_id = _request_sent_days_ago(seeded, 0)
    app = make_app("demo.mentor")
    async with app.run_test() as pilot:
        await settle(pilot)
        requests = await _focus_panel(pilot, "requests")
        while requests.get_option_at_index(requests.highlighted or 0).id != f"req-{request_id}":
            await press(pilot, "down")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, RequestsScreen)
        assert screen.request_id == request_id


async def test_mentoring_lists_who_and_objectives(make_app: MakeApp, seeded: Seeded) -> None:
    mentor = seeded.actor("demo.mentor")
    active = seeded.service.dashboard(mentor).relationships
    assert active
    app = make_app("demo.mentor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = _prompts(app, "relationships")
        assert all(line.startswith(("you mentor ", "your mentor ")) for line in lines)
        assert all(" objective" in line and " done" in line for line in lines)
        quiet = [r for r in active if r.quiet]
        assert sum("⚠ quiet for" in line for line in lines) == len(quiet)
        await _focus_panel(pilot, "relationships")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, RelationshipsScreen)
        assert screen.relationship_id == active[0].id


async def test_unread_notifications_are_counted_in_words(make_app: MakeApp, seeded: Seeded) -> None:
    unread = seeded.service.unread_count(seeded.actor("demo.mentor"))
    assert unread > 0
    app = make_app("demo.mentor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
    noun = "notification" if unread == 1 else "notifications"
    assert f"{unread} unread {noun} (n to read)" in text
    assert f"· {unread} unread" in text  # the header, on every screen


# -- suggestions ----------------------------------------------------------------------------


async def test_suggestions_say_why_and_open_the_mentor(make_app: MakeApp, seeded: Seeded) -> None:
    suggestions = seeded.service.dashboard(seeded.actor("demo.student")).suggestions
    assert suggestions
    app = make_app("demo.student")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = _prompts(app, "suggestions")
        assert len(lines) == len(suggestions)
        for line, suggestion in zip(lines, suggestions, strict=True):
            assert line.startswith(suggestion.mentor.name)
            assert f"because: {suggestion.why}" in " ".join(line.split())
        await _focus_panel(pilot, "suggestions")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        assert screen.username == suggestions[0].mentor.username
        await press(pilot, "escape")
        assert isinstance(app.screen, DashboardScreen)


# -- the yearly profile prompt ------------------------------------------------------------


async def test_no_profile_prompt_when_not_due(make_app: MakeApp) -> None:
    app = make_app("demo.student")
    async with app.run_test() as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#dashboard-prompt").display
        assert "Confirm profile" not in screen_text(app)
        await press(pilot, "c")
        assert app.said[-1] == "Signed in as demo.student."


async def test_profile_prompt_when_due_and_c_confirms(seeded: Seeded) -> None:
    app = _app_at(seeded, "demo.student", A_YEAR_LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "⚠ Is your profile up to date?" in text
        assert "c Confirm profile" in text  # the key is in the footer
        await press(pilot, "c")
        assert app.said[-1] == "Profile confirmed up to date; you will be asked again in a year."
        assert not app.screen.query_one("#dashboard-prompt").display
        assert "Confirm profile" not in screen_text(app)
    later = MentoringService(seeded.service.store, lambda: A_YEAR_LATER)
    me = later.get_member(
        later.authenticate(later.login("demo.student", DEMO_PASSWORD).token), "demo.student"
    )
    assert me.private is not None and not me.private.confirmation_due


async def test_dashboard_reloads_with_f5(make_app: MakeApp, seeded: Seeded) -> None:
    app = make_app("demo.mentor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(_prompts(app, "requests"))
        _request_sent_days_ago(seeded, 0)
        await press(pilot, "f5")
        assert len(_prompts(app, "requests")) == before + 1
