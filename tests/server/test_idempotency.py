"""Sends over HTTP carry an Idempotency-Key: a retry after a dropped connection is
answered with the first result, never stored twice (issue 7, "no doubled data")."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from mentor_tui.backend.remote import RemoteBackend
from mentor_tui.domain.errors import Unavailable
from mentor_tui.domain.models import Actor
from tests.conftest import PASSWORD, Network
from tests.server.conftest import bearer

INTRO = "Hello, I would value your advice on my career plans."


def pair(network: Network) -> tuple[Actor, Actor, int]:
    mentor, mentee = network.mentor(), network.member()
    return mentor, mentee, network.mentoring(mentee, mentor)


def count(network: Network, viewer: Actor, thread_id: int, body: str) -> int:
    thread = network.service.get_thread(viewer, thread_id, mark_read=False)
    return [m.body for m in thread.messages].count(body)


async def test_a_replayed_message_post_returns_the_same_message(
    network: Network, client: httpx.AsyncClient
) -> None:
    mentor, mentee, thread_id = pair(network)
    headers = bearer(network, mentee.username) | {"Idempotency-Key": "0f8c-key"}
    path = f"/api/v1/threads/{thread_id}/messages"
    first = await client.post(path, json={"body": "Friday at ten?"}, headers=headers)
    again = await client.post(path, json={"body": "Friday at ten?"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert count(network, mentor, thread_id, "Friday at ten?") == 1


async def test_a_replayed_request_post_returns_the_same_request(
    network: Network, client: httpx.AsyncClient
) -> None:
    mentor, mentee = network.mentor(), network.member()
    headers = bearer(network, mentee.username) | {"Idempotency-Key": "req-1"}
    body = {"mentor": mentor.username, "message": INTRO}
    first = await client.post("/api/v1/requests", json=body, headers=headers)
    again = await client.post("/api/v1/requests", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert network.service.list_requests(mentee, "outgoing").total == 1


async def test_without_the_header_every_post_is_a_new_message(
    network: Network, client: httpx.AsyncClient
) -> None:
    mentor, mentee, thread_id = pair(network)
    headers = bearer(network, mentee.username)
    path = f"/api/v1/threads/{thread_id}/messages"
    for _ in range(2):
        response = await client.post(path, json={"body": "Thanks"}, headers=headers)
        assert response.status_code == 201
    assert count(network, mentor, thread_id, "Thanks") == 2


async def test_a_bad_key_is_a_one_line_422(network: Network, client: httpx.AsyncClient) -> None:
    _mentor, mentee, thread_id = pair(network)
    headers = bearer(network, mentee.username) | {"Idempotency-Key": "has spaces in it"}
    response = await client.post(
        f"/api/v1/threads/{thread_id}/messages", json={"body": "Hi"}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert "idempotency key" in response.json()["error"]["message"]


async def test_the_header_is_in_the_api_description(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/api/v1/openapi.json")).json()
    for path in ("/api/v1/requests", "/api/v1/threads/{thread_id}/messages"):
        names = [p["name"] for p in spec["paths"][path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names


# -- the remote backend's retry ---------------------------------------------------------


class DropsAfterAnswering(httpx.AsyncBaseTransport):
    """Hands each POST to the server, then, for the first ``drops`` of them, loses the
    answer as a dropped connection does: the server did the work, the client can't know."""

    def __init__(self, app: FastAPI, drops: int = 1) -> None:
        self.inner = httpx.ASGITransport(app=app, client=("192.0.2.1", 50000))
        self.drops = drops
        self.keys: list[str | None] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and "/sessions" not in request.url.path:
            self.keys.append(request.headers.get("Idempotency-Key"))
            if self.drops > 0:
                self.drops -= 1
                await response.aread()
                raise httpx.ReadError("connection reset by peer", request=request)
        return response


async def remote(transport: httpx.AsyncBaseTransport, who: Actor) -> RemoteBackend:
    backend = RemoteBackend("http://testserver", transport=transport)
    await backend.login(who.username, PASSWORD)
    return backend


async def test_a_message_whose_answer_was_lost_is_retried_and_stored_once(
    network: Network, app: FastAPI
) -> None:
    mentor, mentee, thread_id = pair(network)
    transport = DropsAfterAnswering(app)
    backend = await remote(transport, mentee)
    sent = await backend.send_message(thread_id, "Did this arrive?")
    assert sent.body == "Did this arrive?"
    assert len(transport.keys) == 2 and transport.keys[0] == transport.keys[1] is not None
    assert count(network, mentor, thread_id, "Did this arrive?") == 1


async def test_a_request_whose_answer_was_lost_is_retried_and_stored_once(
    network: Network, app: FastAPI
) -> None:
    mentor, mentee = network.mentor(), network.member()
    transport = DropsAfterAnswering(app)
    backend = await remote(transport, mentee)
    sent = await backend.send_request(mentor.username, INTRO)
    assert sent.mentor.username == mentor.username
    assert transport.keys[0] == transport.keys[1]
    assert network.service.list_requests(mentee, "outgoing").total == 1


async def test_each_send_has_its_own_key(network: Network, app: FastAPI) -> None:
    mentor, mentee, thread_id = pair(network)
    transport = DropsAfterAnswering(app, drops=0)
    backend = await remote(transport, mentee)
    await backend.send_message(thread_id, "Same words")
    await backend.send_message(thread_id, "Same words")
    assert len(set(transport.keys)) == 2
    assert count(network, mentor, thread_id, "Same words") == 2


async def test_a_send_lost_twice_is_unavailable_and_sent_again_with_its_key_once(
    network: Network, app: FastAPI
) -> None:
    mentor, mentee, thread_id = pair(network)
    transport = DropsAfterAnswering(app, drops=2)
    backend = await remote(transport, mentee)
    with pytest.raises(Unavailable, match="the connection failed"):
        await backend.send_message(thread_id, "Lost twice", idempotency_key="tui-key")
    # The person presses send again on the unchanged text: the TUI reuses the key.
    await backend.send_message(thread_id, "Lost twice", idempotency_key="tui-key")
    assert count(network, mentor, thread_id, "Lost twice") == 1
