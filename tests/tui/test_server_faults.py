"""The app on a real server that goes away and comes back (issue 4 §8): one line says
what happened, the app keeps running, and nothing typed is lost."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from textual.widgets import Static, TextArea

from mentor_tui.backend.remote import RemoteBackend
from mentor_tui.config import Settings
from mentor_tui.credentials import SessionStore
from mentor_tui.domain.enums import Role
from mentor_tui.tui.app import MentorApp
from mentor_tui.tui.screens.requests import RequestsScreen
from mentor_tui.tui.screens.signin import SignInScreen
from mentor_tui.tui.widgets.thread_view import ThreadView
from tests.contract.conftest import INTRO, ContractNetwork
from tests.live_server import PASSWORD, LiveServer
from tests.tui.helpers import press, screen_text, settle, type_text


class Unplugged(httpx.AsyncBaseTransport):
    """The real network, with a cable that can be pulled out."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("All connection attempts failed", request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
async def network(live_server: LiveServer) -> AsyncIterator[ContractNetwork]:
    network = ContractNetwork("faults", lambda: RemoteBackend(live_server.url))
    yield network
    for backend in network.opened:
        assert isinstance(backend, RemoteBackend)
        await backend.close()


async def _app_for(
    live_server: LiveServer, tmp_path: Path, username: str
) -> tuple[MentorApp, Unplugged]:
    """The app as `mentor-tui --server URL` opens it for a member with a stored session."""
    cable = Unplugged()
    backend = RemoteBackend(live_server.url, transport=cable)
    session = await backend.login(username, PASSWORD)
    sessions = SessionStore.for_data_dir(tmp_path)
    sessions.put(session.model_copy(update={"expires_at": datetime(2100, 1, 1, tzinfo=UTC)}))
    return (
        MentorApp(
            backend,
            sessions=sessions,
            settings=Settings(),
            start_user=username,
            remember_settings=False,
        ),
        cable,
    )


async def test_a_message_survives_the_server_going_away(
    network: ContractNetwork, live_server: LiveServer, tmp_path: Path
) -> None:
    mentor = await network.mentor()
    mentee = await network.member(Role.STUDENT)
    request = await mentee.backend.send_request(mentor.username, INTRO)
    app, cable = await _app_for(live_server, tmp_path, mentor.username)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(RequestsScreen(request.id))
        await settle(pilot)
        await press(pilot, "enter")  # the thread's composer
        await type_text(pilot, "Happy to help: shall we talk on Thursday?")
        cable.down = True
        await press(pilot, "ctrl+s")
        thread = app.screen.query_one(ThreadView)
        composer = thread.query_one(".thread-compose", TextArea)
        assert composer.text == "Happy to help: shall we talk on Thursday?"
        error = str(thread.query_one(".thread-error", Static).render())
        assert "\n" not in error and "reach" in error.lower()
        assert "Traceback" not in screen_text(app)
        # the server is back: the same text goes with the same key, once
        cable.down = False
        await press(pilot, "ctrl+s")
        assert composer.text == ""
        assert app.is_running
    messages = (await mentee.backend.get_thread(request.id)).messages
    assert [m.body for m in messages].count("Happy to help: shall we talk on Thursday?") == 1


async def test_a_server_down_at_start_leaves_the_sign_in_with_a_sentence(
    network: ContractNetwork, live_server: LiveServer, tmp_path: Path
) -> None:
    mentee = await network.member(Role.STUDENT)
    app, cable = await _app_for(live_server, tmp_path, mentee.username)
    cable.down = True
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.errors and "\n" not in app.errors[-1]
        assert "Traceback" not in screen_text(app)
        # the server comes back: signing in works without restarting the app
        cable.down = False
        if app.focused is None or app.focused.id != "signin-password":
            await press(pilot, "tab")
        await type_text(pilot, PASSWORD)
        await press(pilot, "enter")
        assert app.actor is not None and app.actor.username == mentee.username
