"""Joining, signing in and out, passwords, export and deletion."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from fastapi import APIRouter, Request, Response

from mentor_tui import __version__
from mentor_tui.domain.errors import NotSignedIn, WrongPassword
from mentor_tui.domain.models import Actor, Member, Registration, Session
from mentor_tui.server.deps import ActorDep, ServiceDep, TokenDep
from mentor_tui.server.ratelimit import SignInLimiter
from mentor_tui.server.schemas import (
    ErrorBody,
    Health,
    PasswordChange,
    PasswordConfirmation,
    SignIn,
    UsernameSuggestion,
)

router = APIRouter(tags=["accounts"])
T = TypeVar("T")
LIMITED: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorBody, "description": "Too many wrong passwords: wait, then try again"}
}
"""The routes that check a password answer 429 once the sign-in limiter says stop."""


@router.get("/health", summary="Is the server up (no sign-in needed)")
def health() -> Health:
    return Health(status="ok", version=__version__)


@router.get("/usernames/suggestion", summary="Suggest a free username for a name")
def suggest_username(service: ServiceDep, first_name: str, last_name: str) -> UsernameSuggestion:
    return UsernameSuggestion(username=service.suggest_username(first_name, last_name))


@router.post("/members", status_code=201, summary="Sign up (pending until verified)")
def register(service: ServiceDep, registration: Registration) -> Member:
    return service.register(registration)


@router.post(
    "/sessions",
    status_code=201,
    summary="Sign in: a bearer token for 30 days",
    responses=LIMITED,
)
async def login(service: ServiceDep, body: SignIn, request: Request) -> Session:
    limiter: SignInLimiter = request.app.state.limiter
    address = request.client.host if request.client else "unknown"
    limiter.check(body.username, address)
    try:
        session = await anyio.to_thread.run_sync(service.login, body.username, body.password)
    except NotSignedIn:
        await asyncio.sleep(limiter.failed(body.username, address))
        raise
    limiter.succeeded(body.username)
    return session


@router.get("/sessions/current", summary="Who this session acts as")
def whoami(actor: ActorDep) -> Actor:
    return actor


@router.delete("/sessions/current", status_code=204, summary="Sign out (ends this token)")
def logout(service: ServiceDep, token: TokenDep) -> Response:
    service.logout(token)
    return Response(status_code=204)


async def _password_checked(request: Request, actor: Actor, call: Callable[[], T]) -> T:
    """Run ``call``, which checks the member's password, under the sign-in limiter.

    A stolen token must not become a way around it: a wrong current password counts as a
    failed sign-in of that username (and address), and enough of them lock these routes
    and signing in alike until the window has passed.
    """
    limiter: SignInLimiter = request.app.state.limiter
    address = request.client.host if request.client else "unknown"
    limiter.check(actor.username, address)
    try:
        return await anyio.to_thread.run_sync(call)
    except WrongPassword:
        await asyncio.sleep(limiter.failed(actor.username, address))
        raise


@router.put(
    "/me/password", summary="Change the password; ends every other session", responses=LIMITED
)
async def change_password(
    service: ServiceDep, actor: ActorDep, body: PasswordChange, request: Request
) -> Session:
    return await _password_checked(
        request, actor, lambda: service.change_password(actor, body.old, body.new)
    )


@router.get("/me/export", summary="Everything the network holds about you")
def export_account(service: ServiceDep, actor: ActorDep) -> dict[str, Any]:
    return service.export_account(actor)


@router.post(
    "/me/deletion",
    status_code=204,
    summary="Delete your account and personal data",
    responses=LIMITED,
)
async def delete_account(
    service: ServiceDep, actor: ActorDep, body: PasswordConfirmation, request: Request
) -> Response:
    await _password_checked(request, actor, lambda: service.delete_account(actor, body.password))
    return Response(status_code=204)
