"""The HTTP API itself: its description, who may call what, and the shape of every failure."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
import pytest

from mentor_tui.backend.base import Backend
from mentor_tui.backend.remote import RemoteBackend
from mentor_tui.domain.enums import Role
from mentor_tui.server.errors import redact
from tests.conftest import Network
from tests.server.conftest import bearer

PUBLIC = {
    ("get", "/api/v1/health"),
    ("get", "/api/v1/usernames/suggestion"),
    ("post", "/api/v1/members"),
    ("post", "/api/v1/sessions"),
}


def assert_error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    message: str = body["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in message
    return message


async def operations(client: httpx.AsyncClient) -> list[tuple[str, str]]:
    spec = (await client.get("/api/v1/openapi.json")).json()
    return [(method, path) for path, ops in spec["paths"].items() for method in ops]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


async def test_openapi_description_is_served_as_json(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "mentor-tui network"
    assert "/api/v1/events" in spec["paths"]
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    assert "ErrorBody" in spec["components"]["schemas"]
    docs = await client.get("/api/v1/docs")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]


def test_the_remote_backend_implements_every_backend_method() -> None:
    assert not RemoteBackend.__abstractmethods__
    for name in Backend.__abstractmethods__:
        assert name in RemoteBackend.__dict__, name
    for name in ("notification_summary", "watch_notifications"):
        assert name in RemoteBackend.__dict__


async def test_every_route_but_joining_and_signing_in_needs_a_token(
    client: httpx.AsyncClient,
) -> None:
    ops = await operations(client)
    assert len(ops) >= 50
    for method, path in ops:
        if (method, path) in PUBLIC:
            continue
        response = await client.request(method.upper(), concrete(path), json={})
        assert_error(response, 401, "not_signed_in")
        assert response.headers["www-authenticate"] == "Bearer"


async def test_an_unknown_token_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert "sign in again" in assert_error(response, 401, "not_signed_in")


async def test_admin_routes_refuse_members(client: httpx.AsyncClient, network: Network) -> None:
    member = network.member(Role.ALUMNUS)
    headers = bearer(network, member.username)
    admin_ops = [(m, p) for m, p in await operations(client) if p.startswith("/api/v1/admin/")]
    assert len(admin_ops) == 10
    for method, path in admin_ops:
        response = await client.request(method.upper(), concrete(path), json={}, headers=headers)
        assert "admins" in assert_error(response, 403, "not_allowed")
    office = bearer(network, network.admin.username)
    stats = await client.get("/api/v1/admin/stats", headers=office)
    assert stats.status_code == 200 and "requests_by_state" in stats.json()


async def test_a_member_never_reads_another_members_things(
    client: httpx.AsyncClient, network: Network
) -> None:
    mentor = network.mentor()
    mentee = network.member()
    outsider = network.member()
    request_id = network.request(mentee, mentor)
    note = network.service.list_notifications(mentor).items[0]
    headers = bearer(network, outsider.username)
    for path in (
        f"/api/v1/threads/{request_id}",
        f"/api/v1/requests/{request_id}",
    ):
        assert_error(await client.get(path, headers=headers), 404, "not_found")
    assert_error(
        await client.post(
            f"/api/v1/threads/{request_id}/messages", json={"body": "hi"}, headers=headers
        ),
        404,
        "not_found",
    )
    assert_error(
        await client.post(
            "/api/v1/notifications/read", json={"notification_id": note.id}, headers=headers
        ),
        404,
        "not_found",
    )
    mine = await client.get("/api/v1/notifications", headers=headers)
    assert note.id not in [n["id"] for n in mine.json()["items"]]
    listed = await client.get("/api/v1/requests", headers=headers)
    assert listed.json()["total"] == 0
    owner = await client.get(
        f"/api/v1/threads/{request_id}", headers=bearer(network, mentor.username)
    )
    assert owner.status_code == 200


async def test_refusals_keep_their_codes(client: httpx.AsyncClient, network: Network) -> None:
    mentor = network.mentor(max_mentees=1)
    first, second = network.member(), network.member()
    network.request(first, mentor)
    headers = bearer(network, mentor.username)
    request_id = network.service.list_requests(mentor, "incoming").items[0].id
    accepted = await client.post(f"/api/v1/requests/{request_id}/accept", headers=headers)
    assert accepted.status_code == 200 and accepted.json()["state"] == "active"
    again = await client.post(
        "/api/v1/requests",
        json={"mentor": mentor.username, "message": "Hello, may I ask for your advice please?"},
        headers=bearer(network, second.username),
    )
    assert_error(again, 409, "conflict")
    short = await client.post(
        "/api/v1/requests",
        json={"mentor": mentor.username, "message": "Hi"},
        headers=bearer(network, second.username),
    )
    assert_error(short, 422, "invalid")


async def test_malformed_requests_get_one_line_422(
    client: httpx.AsyncClient, network: Network
) -> None:
    headers = bearer(network, network.admin.username)
    cases: list[dict[str, Any]] = [
        {"method": "POST", "url": "/api/v1/sessions", "json": {"username": "x"}},
        {
            "method": "POST",
            "url": "/api/v1/sessions",
            "content": b"{not json",
            "headers": {"content-type": "application/json"},
        },
        {"method": "GET", "url": "/api/v1/requests?state=bogus", "headers": headers},
        {"method": "GET", "url": "/api/v1/requests/abc", "headers": headers},
        {"method": "GET", "url": "/api/v1/admin/reports?state=bogus", "headers": headers},
        {
            "method": "POST",
            "url": "/api/v1/members",
            "json": {"first_name": "A", "surprise": True},
        },
    ]
    for case in cases:
        message = assert_error(await client.request(**case), 422, "invalid")
        assert len(message) < 300


async def test_unknown_routes_and_methods(client: httpx.AsyncClient) -> None:
    assert "no /api/v1/nothing" in assert_error(
        await client.get("/api/v1/nothing"), 404, "not_found"
    )
    assert_error(await client.put("/api/v1/health"), 405, "invalid")


async def test_an_unexpected_failure_is_a_generic_500_and_logged_without_secrets(
    client: httpx.AsyncClient,
    network: Network,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def explode(*_args: object) -> None:
        raise RuntimeError(
            "SELECT failed on postgresql://app:hunter2@db/net [parameters: ('argon2$hash',)] "
            "with Bearer abc123token password=letmein"
        )

    headers = bearer(network, network.admin.username)
    monkeypatch.setattr(network.service, "stats", explode)
    with caplog.at_level(logging.ERROR, logger="mentor_tui.server"):
        response = await client.get("/api/v1/admin/stats", headers=headers)
    message = assert_error(response, 500, "internal")
    assert "hunter2" not in message and "RuntimeError" not in message
    logged = caplog.text
    assert "RuntimeError" in logged and "/api/v1/admin/stats" in logged
    for secret in ("hunter2", "argon2$hash", "abc123token", "letmein"):
        assert secret not in logged


def test_redact_takes_secrets_out() -> None:
    text = redact('token="abc" Authorization: Bearer xyz.123 postgresql://u:pw@h/db')
    assert "abc" not in text and "xyz.123" not in text and ":pw@" not in text
    assert "postgresql://u:***@h/db" in text


async def test_sign_in_and_out_over_http(client: httpx.AsyncClient, network: Network) -> None:
    member = network.member()
    signed = await client.post(
        "/api/v1/sessions", json={"username": member.username, "password": "correct horse battery"}
    )
    assert signed.status_code == 201
    token = signed.json()["token"]
    assert set(signed.json()) == {"token", "username", "expires_at"}
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/sessions/current", headers=headers)).json()[
        "username"
    ] == member.username
    assert (await client.delete("/api/v1/sessions/current", headers=headers)).status_code == 204
    assert_error(await client.get("/api/v1/me", headers=headers), 401, "not_signed_in")


async def test_an_oversized_body_is_refused_before_reading(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/sessions",
        content=b"x" * (3 * 1024 * 1024),
        headers={"content-type": "application/json"},
    )
    assert "larger than 2 MiB" in assert_error(response, 413, "invalid")
