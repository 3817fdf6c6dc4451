"""Sending again after a lost answer (issue 7 §4): the composer keeps the failed send's
idempotency key while its text is unchanged, so a message that did arrive is not
stored a second time."""

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
from mentor_tui.tui.widgets.thread_view import ThreadView
from tests.contract.conftest import INTRO, ContractNetwork
from tests.live_server import PASSWORD, LiveServer
from tests.tui.helpers import press, settle, type_text

TEXT = "Happy to help: shall we talk on Thursday?"


class LosesAnswers(httpx.AsyncBaseTransport):
    """The real network, where the next ``lose`` POSTs reach the server and their
    answers are lost on the way back."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lose = 0
        self.keys: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and "Idempotency-Key" in request.headers:
            self.keys.append(request.headers["Idempotency-Key"])
            if self.lose > 0:
                self.lose -= 1
                await response.aread()
                await response.aclose()
                raise httpx.ReadError("connection reset by peer", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
async def network(live_server: LiveServer) -> AsyncIterator[ContractNetwork]:
    network = ContractNetwork("send-again", lambda: RemoteBackend(live_server.url))
    yield network
    for backend in network.opened:
        assert isinstance(backend, RemoteBackend)
        await backend.close()


async def test_sending_again_after_a_lost_answer_stores_the_message_once(
    network: ContractNetwork, live_server: LiveServer, tmp_path: Path
) -> None:
    mentor = await network.mentor()
    mentee = await network.member(Role.STUDENT)
    request = await mentee.backend.send_request(mentor.username, INTRO)
    cable = LosesAnswers()
    backend = RemoteBackend(live_server.url, transport=cable)
    session = await backend.login(mentor.username, PASSWORD)
    sessions = SessionStore.for_data_dir(tmp_path)
    sessions.put(session.model_copy(update={"expires_at": datetime(2100, 1, 1, tzinfo=UTC)}))
    app = MentorApp(
        backend,
        sessions=sessions,
        settings=Settings(),
        start_user=mentor.username,
        remember_settings=False,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(RequestsScreen(request.id))
        await settle(pilot)
        await press(pilot, "enter")  # the thread's composer
        await type_text(pilot, TEXT)
        cable.lose = 2  # the send and the backend's own retry both lose their answer
        await press(pilot, "ctrl+s")
        thread = app.screen.query_one(ThreadView)
        composer = thread.query_one(".thread-compose", TextArea)
        assert composer.text == TEXT
        assert str(thread.query_one(".thread-error", Static).render())
        await press(pilot, "ctrl+s")  # the person sends the unchanged text again
        assert composer.text == ""
    assert len(cable.keys) == 3 and len(set(cable.keys)) == 1
    messages = (await mentee.backend.get_thread(request.id)).messages
    assert [m.body for m in messages].count(TEXT) == 1
