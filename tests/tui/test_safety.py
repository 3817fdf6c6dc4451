"""Other people's text is shown as typed and does nothing (issue 3 §5, issue 7 §3).

Every field a member can write (names, headline, bio, job titles, messages, request
introductions, replies, report reasons, objectives, closing notes, a LinkedIn import)
is filled, through the service as a member would, with Textual and Rich markup and
terminal escape sequences. Each screen that shows them must show the brackets, drop the
escapes, carry no link or action in what it draws, and do nothing when the text is
clicked or Enter is pressed on it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import text
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from mentor_tui.demo.seed import DEMO_PASSWORD
from mentor_tui.domain.enums import Role
from mentor_tui.domain.models import Position, Registration
from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.admin import AdminScreen
from mentor_tui.tui.screens.dashboard import DashboardScreen
from mentor_tui.tui.screens.dialogs import SendRequestDialog
from mentor_tui.tui.screens.notifications import NotificationsScreen
from mentor_tui.tui.screens.profile import ProfileScreen
from mentor_tui.tui.screens.relationships import RelationshipsScreen
from mentor_tui.tui.screens.requests import RequestsScreen
from mentor_tui.tui.screens.search import SearchScreen
from tests.tui.conftest import MakeApp, Seeded
from tests.tui.helpers import click_text, press, screen_text, settle, type_text

BOLD = "[b]x[/b]"
QUIT = "[@click=app.quit]boom[/]"
LINK = "[link=file:///etc/passwd]x[/link]"
ESCAPES = "\x1b[31mred\x1b]0;title\x07"
TRICKY = f"{BOLD} {QUIT} {LINK} {ESCAPES}"
"""Markup of both kinds and escape sequences (a colour, a terminal title)."""
SHOWN = (BOLD, QUIT, LINK)
"""What must be on the screen, literally (each short enough not to wrap at 120 columns)."""
WORD = "quokka"
"""A plain word in the mentor's texts, for finding them by search."""


@dataclass
class Poisoned:
    """The seeded network with markup in every field people write."""

    seeded: Seeded
    request_id: int
    """The student's request to the mentor: accepted, now a mentoring."""
    declined_id: int
    """The admin's request to the mentor, declined with a tricky reply."""
    finished_id: int
    """The mentor's earlier mentoring, finished with a tricky note."""
    message_id: int
    """The student's tricky message in the mentoring, reported with a tricky reason."""


@pytest.fixture
def poisoned(seeded: Seeded, tmp_path: Path) -> Poisoned:
    service = seeded.service
    mentor = seeded.actor("demo.mentor")
    student = seeded.actor("demo.student")
    admin = seeded.actor("demo.admin")
    # the mentor's names and texts
    service.update_profile(
        mentor,
        {
            "first_name": "[b]Amara[/b]",
            "last_name": "[@click=app.quit]Nwosu[/]",
            "headline": f"{WORD} {TRICKY}"[:125],
            "bio": f"About me {WORD}: {TRICKY}\nSecond line {BOLD}",
        },
    )
    service.update_mentor(mentor, job_title=f"{QUIT} analyst", employer=f"{LINK} Bank")
    service.set_positions(
        mentor,
        [Position(title=f"{BOLD} {QUIT}", organisation=LINK, start="2019", end="")],
    )
    # the student's names: shown to the mentor in requests, mentoring, notifications
    service.update_profile(student, {"first_name": "[b]Zoe[/b]", "last_name": QUIT})
    # the mentor's earlier mentoring, finished with a note
    earlier = service.list_relationships(mentor).items[0]
    service.finish_relationship(mentor, earlier.id, f"Closing note {TRICKY}", 4)
    # a request with an introduction, accepted with a reply, then messages
    request = service.send_request(
        student, "demo.mentor", f"Introduction {TRICKY} please mentor me", f"Goals {BOLD}"
    )
    service.accept_request(mentor, request.id, f"Reply {TRICKY}")
    message = service.send_message(student, request.id, f"Message {TRICKY}")
    service.report_message(mentor, message.id, f"Reason {TRICKY}")
    service.add_objective(student, request.id, f"Objective {TRICKY}"[:120])
    # another request, declined with a reply
    declined = service.send_request(admin, "demo.mentor", f"Admin here {TRICKY} hello there")
    service.decline_request(mentor, declined.id, f"Declined {TRICKY}")
    # a sign-up waiting for verification, with a tricky name
    service.register(
        Registration(
            first_name="[b]Mal[/b]",
            last_name="[@click=app.quit]Ory[/]",
            username="mal.ory",
            password=DEMO_PASSWORD,
            email="mal@example.org",
            role=Role.ALUMNUS,
            accept_guidelines=True,
        )
    )
    return Poisoned(seeded, request.id, declined.id, earlier.id, message.id)


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every URL the app tries to open (a [link] that became a real link would)."""
    opened: list[str] = []
    monkeypatch.setattr(App, "open_url", lambda self, url, **_: opened.append(url))
    monkeypatch.setattr("webbrowser.open", lambda url, *_, **__: opened.append(url))
    yield opened


def _drawn_styles(app: App[Any], needle: str) -> list[Any]:
    """The styles of the drawn segments whose text contains ``needle``."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return [s.style for s in console._record_buffer if needle in s.text and s.style]


def assert_literal(app: App[Any], *shown: str) -> None:
    """Each of ``shown`` is on the screen as typed, with no escapes, links or actions."""
    screen = screen_text(app)
    for needle in shown:
        assert needle in screen, f"{needle!r} is not shown literally on {app.screen!r}"
    assert "\x1b" not in screen and "\x07" not in screen
    assert "0;title" not in screen  # the escape sequence went, not only its ESC
    for needle in ("boom", "etc/passwd", "Nwosu[/]"):
        for style in _drawn_styles(app, needle):
            assert not style.link, f"{needle!r} drawn as a link to {style.link}"
            assert "@click" not in (style.meta or {}), f"{needle!r} drawn with an action"


async def assert_inert(pilot: Pilot[Any], opened: list[str], needle: str = "[@click") -> None:
    """Clicking the tricky text and pressing Enter on it quits nothing, opens nothing."""
    app = pilot.app
    screens = len(app.screen_stack)
    if needle in screen_text(app):
        await click_text(pilot, needle)
    if "[link=" in screen_text(app):
        await click_text(pilot, "[link=")
    assert app.is_running, "clicking the text quit the app"
    assert opened == [], f"clicking the text opened {opened}"
    assert len(app.screen_stack) >= screens - 1
    await press(pilot, "enter")
    assert app.is_running and opened == []


def _mentor_app(make_app: MakeApp, user: str, screen: Any = None) -> MentorApp:
    return make_app(user, open_on_start=screen) if screen is not None else make_app(user)


# -- names, headline, bio, job titles: where others see them ------------------------------


async def test_search_results_and_detail_show_names_and_texts_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.admin", SearchScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, WORD)
        await press(pilot, "tab")  # the results: the detail pane shows the highlighted one
        assert_literal(app, "[b]Amara[/b]", "[@click=app.quit]Nwosu[/]", QUIT, LINK)
        await assert_inert(pilot, opened_urls)
        await press(pilot, "c")  # the request dialog's title has the name too
        assert isinstance(app.screen, SendRequestDialog)
        assert_literal(app, "Ask [b]Amara[/b] [@click=app.quit]Nwosu[/] for mentoring")
        await press(pilot, "escape")
        assert app.is_running


async def test_member_profile_shows_every_field_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.admin", ProfileScreen("demo.mentor"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert_literal(app, "[b]Amara[/b]", "[@click=app.quit]Nwosu[/]", *SHOWN)
        text = screen_text(app)
        assert f"{QUIT} analyst" in text  # the job title
        assert "Second line [b]x[/b]" in text  # the bio's second line, not bold
        await assert_inert(pilot, opened_urls)


async def test_own_profile_form_shows_the_texts_as_typed(
    make_app: MakeApp, poisoned: Poisoned
) -> None:
    app = _mentor_app(make_app, "demo.mentor", ProfileScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = app.screen
        assert form.query_one("#first_name", Input).value == "[b]Amara[/b]"
        assert form.query_one("#headline", Input).value.startswith(f"{WORD} {BOLD}")
        assert "[b]Amara[/b]" in screen_text(app)


async def test_linkedin_import_with_markup_shows_literally(
    make_app: MakeApp, poisoned: Poisoned, tmp_path: Path, opened_urls: list[str]
) -> None:
    export = tmp_path / "export"
    export.mkdir()
    (export / "Profile.csv").write_text(
        "First Name,Last Name,Headline,Summary,Geo Location\n"
        f'"[b]Li[/b]","{QUIT}","{BOLD} {LINK}","{TRICKY}","[@click=app.quit]Town[/], Kenya"\n',
        encoding="utf-8",
    )
    (export / "Positions.csv").write_text(
        f'Company Name,Title,Started On,Finished On\n"{LINK}","{QUIT}","Jan 2020",""\n',
        encoding="utf-8",
    )
    app = _mentor_app(make_app, "demo.student", ProfileScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+o")
        await type_text(pilot, str(export))
        await press(pilot, "enter")
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one("#first_name", Input).value == "[b]Li[/b]"
        assert "\x1b" not in poisoned.seeded.service.me(poisoned.seeded.actor("demo.student")).bio
    # and as another member sees it
    app = _mentor_app(make_app, "demo.mentor", ProfileScreen("demo.student"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert_literal(app, "[b]Li[/b]", QUIT, LINK, "[@click=app.quit]Town[/]")
        await assert_inert(pilot, opened_urls)


# -- requests: introductions, replies, messages ---------------------------------------------


async def test_request_thread_shows_introduction_reply_and_messages_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.mentor", RequestsScreen(poisoned.request_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert_literal(app, "[b]Zoe[/b]", *SHOWN)
        text = screen_text(app)
        assert "Introduction [b]x[/b]" in text
        await assert_inert(pilot, opened_urls)


async def test_declined_reply_shows_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.admin", RequestsScreen(poisoned.declined_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "o")  # the admin's outgoing requests
        assert_literal(app, "[b]Amara[/b]", *SHOWN)
        assert "Declined [b]x[/b]" in screen_text(app)
        await assert_inert(pilot, opened_urls)


# -- mentoring: objectives, messages, closing notes ------------------------------------------


async def test_mentoring_shows_objectives_and_messages_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.mentor", RelationshipsScreen(poisoned.request_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the detail: objectives and the thread
        text = screen_text(app)
        assert "Objective [b]x[/b]" in text
        assert "Message [b]x[/b]" in text or "Reply [b]x[/b]" in text
        assert_literal(app, *SHOWN)
        await assert_inert(pilot, opened_urls)


async def test_finished_mentoring_shows_the_closing_note_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.mentor", RelationshipsScreen(poisoned.finished_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Closing note: Closing note [b]x[/b]" in screen_text(app)
        assert_literal(app, *SHOWN)
        await assert_inert(pilot, opened_urls)


# -- notifications, the office, the dashboard -------------------------------------------------


async def test_notifications_show_names_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.mentor", NotificationsScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert_literal(app, "[b]Zoe[/b]")
        await assert_inert(pilot, opened_urls, "[b]Zoe")


async def test_report_queue_shows_message_and_reason_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.admin", AdminScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        screen = app.screen
        assert isinstance(screen, AdminScreen)
        index = next(i for i, r in enumerate(screen.reports) if r.message.id == poisoned.message_id)
        screen.query_one("#report-list").highlighted = index  # type: ignore[attr-defined]
        await settle(pilot)
        text = screen_text(app)
        assert "Reason [b]x[/b]" in text and "Message [b]x[/b]" in text
        assert_literal(app, *SHOWN)
        await assert_inert(pilot, opened_urls)


async def test_verification_queue_shows_names_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.admin", AdminScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert_literal(app, "[b]Mal[/b]", "[@click=app.quit]Ory[/]")
        await assert_inert(pilot, opened_urls)


async def test_dashboard_shows_names_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.mentor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert_literal(app, "[b]Zoe[/b]", QUIT)
        text = screen_text(app)
        assert "Hello [b]Amara[/b]." in text
        await assert_inert(pilot, opened_urls)


async def test_student_dashboard_suggestion_and_request_show_literally(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    app = _mentor_app(make_app, "demo.student")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert_literal(app, "[b]Amara[/b]")
        await assert_inert(pilot, opened_urls, "[b]Amara")


# -- what the app says about them ----------------------------------------------------------


async def test_sentences_with_names_are_literal_in_the_status_line_and_help(
    make_app: MakeApp, poisoned: Poisoned, opened_urls: list[str]
) -> None:
    service = poisoned.seeded.service
    request_id = service.send_request(
        poisoned.seeded.actor("demo.admin"), "demo.mentor", "Hello, would you advise me again?"
    ).id
    app = _mentor_app(make_app, "demo.admin", RequestsScreen(request_id))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "o", "w", "enter")  # retract: said with the mentor's name
        assert "[b]Amara[/b]" in app.said[-1]
        assert "[b]Amara[/b]" in screen_text(app)  # the status line
        await press(pilot, "f1")
        assert "[b]Amara[/b]" in screen_text(app)  # help's "recently said"
        await assert_inert(pilot, opened_urls, "[b]Amara")


# -- escapes that got past the door ---------------------------------------------------------


async def test_escapes_stored_before_cleaning_existed_are_not_drawn(
    make_app: MakeApp, seeded: Seeded, opened_urls: list[str]
) -> None:
    """The service strips escapes as text comes in; the screens strip them again on the way
    out (an older database, another server), so none reaches the terminal."""
    with seeded.service.store.write() as conn:
        conn.execute(
            text("UPDATE users SET first_name = :f, headline = :h, bio = :b WHERE username = :u"),
            {
                "f": f"Amara{ESCAPES}",
                "h": f"Head {ESCAPES} line",
                "b": f"Bio {ESCAPES}\x1b[2J\x1b[H{BOLD}",
                "u": "demo.mentor",
            },
        )
    app = _mentor_app(make_app, "demo.student", ProfileScreen("demo.mentor"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text_shown = screen_text(app)
        assert "Amarared" in text_shown and "Head red line" in text_shown
        assert_literal(app, BOLD)
    app = _mentor_app(make_app, "demo.student")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "\x1b" not in screen_text(app)


# -- snapshots ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_member_profile_with_markup_snapshot(
    snap_compare: Any, make_app: MakeApp, poisoned: Poisoned, size: tuple[int, int]
) -> None:
    app = _mentor_app(make_app, "demo.admin", ProfileScreen("demo.mentor"))
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_thread_with_markup_snapshot(
    snap_compare: Any, make_app: MakeApp, poisoned: Poisoned, size: tuple[int, int]
) -> None:
    app = _mentor_app(make_app, "demo.mentor", RequestsScreen(poisoned.request_id))
    assert snap_compare(app, terminal_size=size, run_before=settle)
