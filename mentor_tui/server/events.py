"""Live notifications: ``GET /api/v1/events``, a server-sent event stream per client.

Each connection looks at its member's unread count and newest notification about once a
second (two indexed queries, in the thread pool) and sends ``{"unread": N, "latest_id":
M}`` when either changed, the first at once. A comment line every ``heartbeat`` seconds
keeps proxies from closing a quiet stream and lets the client notice a dead one. The
session is checked on every look, so signing out or a password change ends the stream
with an ``ended`` event.

Polling the store, rather than pushing from the service, keeps this correct when several
server processes (or the command line) write to the same database.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from mentor_tui.domain.errors import MentorError, NotSignedIn, StorageError
from mentor_tui.domain.models import NotificationSummary
from mentor_tui.server.deps import ActorDep, ServiceDep, TokenDep
from mentor_tui.service import MentoringService

EVENT_INTERVAL = 1.0
"""Seconds between two looks at a member's notifications: 'live' to a person."""
HEARTBEAT_SECONDS = 15.0
"""A quiet stream still sends a comment this often; clients give up after three missed."""
RETRY_MS = 2000
"""What the stream tells a browser-style client to wait before reconnecting."""

router = APIRouter(tags=["messages"])


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"


async def summary_events(
    service: MentoringService,
    token: str,
    interval: float,
    heartbeat: float,
    closing: Callable[[], bool] = lambda: False,
) -> AsyncIterator[str]:
    """The stream of one connection; ends when the session ends or the server is stopping
    (``closing``), so a restart doesn't wait on open streams and clients reconnect."""

    def look() -> NotificationSummary:
        return service.notification_summary(service.authenticate(token))

    yield f"retry: {RETRY_MS}\n\n"
    last: NotificationSummary | None = None
    last_sent = time.monotonic()
    while not closing():
        summary: NotificationSummary | None
        try:
            summary = await anyio.to_thread.run_sync(look)
        except NotSignedIn as error:
            yield _event("ended", {"error": {"code": error.code, "message": str(error)}})
            return
        except StorageError:
            summary = last  # a busy database: try again at the next look
        except MentorError as error:
            yield _event("ended", {"error": {"code": error.code, "message": str(error)}})
            return
        if summary is not None and summary != last:
            last = summary
            last_sent = time.monotonic()
            yield _event("summary", summary.model_dump(mode="json"))
        elif time.monotonic() - last_sent >= heartbeat:
            last_sent = time.monotonic()
            yield ": heartbeat\n\n"
        await anyio.sleep(interval)


@router.get(
    "/events",
    summary="Live unread count (server-sent events)",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "A text/event-stream of `summary` events "
            '(data: {"unread": N, "latest_id": M}), heartbeat comments, and a final '
            "`ended` event when the session ends.",
            "content": {"text/event-stream": {}},
        }
    },
)
def events(
    request: Request, service: ServiceDep, token: TokenDep, _actor: ActorDep
) -> StreamingResponse:
    """The caller is checked before the stream starts (401 as JSON if not signed in)."""
    state = request.app.state
    return StreamingResponse(
        summary_events(
            service,
            token,
            state.event_interval,
            state.heartbeat,
            closing=lambda: bool(getattr(state, "closing", False)),
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
