"""The network as a service: the MentoringService over HTTP/JSON, versioned under /api/v1.

Routes are thin: each one authenticates the bearer token through the service and makes
one service call; the service decides what the caller may do. The service is synchronous
(SQLAlchemy), so routes are plain ``def`` functions that FastAPI runs in its thread pool,
keeping the event loop free for the live event streams and the sign-in limiter's delays.

The server also runs the clock's work (expiring requests, reminders) once a minute, as
the embedded backend does on its own calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import anyio.to_thread
from fastapi import APIRouter, FastAPI

from mentor_tui import __version__
from mentor_tui.mail import MAIL_INTERVAL, MailDelivery
from mentor_tui.server import events
from mentor_tui.server.errors import install_error_handlers
from mentor_tui.server.limits import BodyLimit
from mentor_tui.server.ratelimit import SignInLimiter
from mentor_tui.server.routes import api_router
from mentor_tui.server.schemas import ErrorBody
from mentor_tui.service import MentoringService

API_PREFIX = "/api/v1"
DUE_WORK_INTERVAL = 60.0
"""Seconds between runs of the clock's work (expiries, overdue and quiet reminders)."""

log = logging.getLogger("mentor_tui.server")

ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "The request body could not be read (not JSON)"),
        (401, "Not signed in, or the session ended"),
        (403, "Not allowed for this member"),
        (404, "Not found, or not yours to see"),
        (409, "Clashes with the current state"),
        (413, "The request body is larger than the server takes"),
        (422, "The input breaks a rule"),
        (503, "The database can't be used right now"),
    )
}


async def _due_work(service: MentoringService, interval: float) -> None:
    while True:
        try:
            await anyio.to_thread.run_sync(service.process_due)
        except Exception as error:  # keep the loop alive; the next run may succeed
            log.warning("the clock's work failed: %s", type(error).__name__)
        await asyncio.sleep(interval)


def create_app(
    service: MentoringService,
    *,
    limiter: SignInLimiter | None = None,
    event_interval: float = events.EVENT_INTERVAL,
    heartbeat: float = events.HEARTBEAT_SECONDS,
    due_interval: float = DUE_WORK_INTERVAL,
    mail: MailDelivery | None = None,
    mail_interval: float = MAIL_INTERVAL,
) -> FastAPI:
    """The ASGI app serving ``service``; run it with uvicorn (``mentor-tui serve``).

    With ``mail``, the lifespan also drains the e-mail outbox (``mentor_tui.mail``).
    """

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        tasks = [asyncio.create_task(_due_work(service, due_interval))]
        if mail is not None:
            tasks.append(asyncio.create_task(mail.run_forever(mail_interval)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    app = FastAPI(
        title="mentor-tui network",
        summary="An alumni e-mentoring network: members, mentors, requests, messages.",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.limiter = limiter or SignInLimiter()
    app.state.event_interval = event_interval
    app.state.heartbeat = heartbeat
    app.state.closing = False
    """Set when the server is asked to stop: live event streams end at their next look."""
    app.add_middleware(BodyLimit)  # inside the catch-all that install_error_handlers adds
    install_error_handlers(app)
    api = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    api.include_router(api_router())
    api.include_router(events.router)
    app.include_router(api)
    return app
