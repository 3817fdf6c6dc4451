"""Guessing passwords gets slower, then stops for a while: per username and per address."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from mentor_tui.domain.enums import Role
from mentor_tui.domain.errors import TooManyAttempts
from mentor_tui.server.ratelimit import SignInLimiter
from tests.conftest import PASSWORD, Network


class Ticker:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_each_failure_waits_longer_and_the_sixth_attempt_is_refused() -> None:
    clock = Ticker()
    limiter = SignInLimiter(clock=clock)
    delays = []
    for _ in range(5):
        limiter.check("sam", "10.0.0.1")
        delays.append(limiter.failed("sam", "10.0.0.1"))
    assert delays == sorted(delays) and delays[0] < delays[-1] <= 4.0
    with pytest.raises(TooManyAttempts, match="try again in 15 minutes"):
        limiter.check("sam", "10.0.0.1")
    clock.now += 14 * 60
    with pytest.raises(TooManyAttempts, match="try again in 1 minute"):
        limiter.check("SAM", "10.0.0.2")  # the username is counted wherever it comes from
    clock.now += 61
    limiter.check("sam", "10.0.0.1")  # the window has passed


def test_success_clears_the_username_but_not_the_address() -> None:
    limiter = SignInLimiter(clock=Ticker())
    for name in ("a", "b", "c", "d"):
        limiter.failed(name, "10.0.0.9")
    limiter.failed("e", "10.0.0.9")
    limiter.succeeded("e")
    limiter.check("e", "10.0.0.8")
    with pytest.raises(TooManyAttempts):
        limiter.check("f", "10.0.0.9")


async def _sign_in(app: FastAPI, address: str, username: str, password: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        return await http.post(
            "/api/v1/sessions", json={"username": username, "password": password}
        )


async def test_the_server_answers_429_after_five_wrong_passwords(
    app: FastAPI, network: Network
) -> None:
    member = network.member(Role.ALUMNUS)
    for _ in range(5):
        wrong = await _sign_in(app, "198.51.100.1", member.username, "not my password!")
        assert wrong.status_code == 401
    refused = await _sign_in(app, "198.51.100.1", member.username, PASSWORD)
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "too_many_attempts"
    assert error["message"] == "Too many failed sign-in attempts: try again in 15 minutes."
    elsewhere = await _sign_in(app, "198.51.100.2", member.username, PASSWORD)
    assert elsewhere.status_code == 429  # the account is protected from any address
    other = network.member()
    fine = await _sign_in(app, "198.51.100.2", other.username, PASSWORD)
    assert fine.status_code == 201


async def test_one_address_guessing_many_names_is_stopped(app: FastAPI, network: Network) -> None:
    for n in range(5):
        wrong = await _sign_in(app, "203.0.113.5", f"guess{n}", "whatever password")
        assert wrong.status_code == 401
    member = network.member()
    refused = await _sign_in(app, "203.0.113.5", member.username, PASSWORD)
    assert refused.status_code == 429
