"""The server in this process, through httpx's ASGI transport (fast); the real process is
the session's ``live_server`` (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from mentor_tui.server import create_app
from mentor_tui.server.ratelimit import SignInLimiter
from tests.conftest import PASSWORD, Network


@pytest.fixture
def app(network: Network) -> FastAPI:
    return create_app(network.service, limiter=SignInLimiter(base_delay=0.001))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("192.0.2.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def bearer(network: Network, username: str) -> dict[str, str]:
    token = network.service.login(username, PASSWORD).token
    return {"Authorization": f"Bearer {token}"}
