"""What a route needs before it runs: the service, and the caller checked afresh.

The caller is whoever the bearer token's session belongs to, as the service sees them now
(suspended accounts and ended sessions are refused there). Routes never decide what an
actor may do: they hand the actor to the service, which refuses what they may not.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mentor_tui.domain.errors import NotSignedIn
from mentor_tui.domain.models import Actor
from mentor_tui.service import MentoringService

bearer = HTTPBearer(
    auto_error=False,
    description="The token of a session from POST /api/v1/sessions.",
)


def get_service(request: Request) -> MentoringService:
    service: MentoringService = request.app.state.service
    return service


def session_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    if credentials is None or not credentials.credentials:
        raise NotSignedIn(
            "Sign in first: send 'Authorization: Bearer TOKEN' with the token from "
            "POST /api/v1/sessions."
        )
    return credentials.credentials


def current_actor(
    service: Annotated[MentoringService, Depends(get_service)],
    token: Annotated[str, Depends(session_token)],
) -> Actor:
    """Sync on purpose: FastAPI runs it in the thread pool, off the event loop."""
    return service.authenticate(token)


def admin_actor(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
    """Admin routes refuse everyone else up front; the service checks again."""
    MentoringService.require_admin(actor)
    return actor


ServiceDep = Annotated[MentoringService, Depends(get_service)]
ActorDep = Annotated[Actor, Depends(current_actor)]
AdminDep = Annotated[Actor, Depends(admin_actor)]
TokenDep = Annotated[str, Depends(session_token)]
IdempotencyKeyDep = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description=(
            "A key the client makes for one send (a uuid4) and sends again with its retry: "
            "a key already used returns the first result, and nothing is sent twice."
        ),
    ),
]
