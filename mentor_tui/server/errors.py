"""Every failure of the API as ``{"error": {"code", "message"}}`` with one line, never a trace.

The service's refusals keep their code and sentence (the remote backend turns them back
into the same exception classes). FastAPI's own validation errors and unknown routes get
the same shape. Anything unexpected is answered with a generic 500 line while the details
go to the server log, with tokens, SQL parameters and database passwords taken out.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mentor_tui.domain.errors import (
    Conflict,
    Invalid,
    MentorError,
    NotAllowed,
    NotFound,
    NotSignedIn,
    StorageError,
    TooManyAttempts,
    Unavailable,
)
from mentor_tui.redact import redact
from mentor_tui.server.limits import TOO_LARGE_MESSAGE, BodyTooLarge

log = logging.getLogger("mentor_tui.server")

STATUS_BY_ERROR: list[tuple[type[MentorError], int]] = [
    (NotSignedIn, 401),
    (TooManyAttempts, 429),
    (NotAllowed, 403),
    (NotFound, 404),
    (Conflict, 409),
    (Invalid, 422),
    (StorageError, 503),
    (Unavailable, 503),
]
"""Most specific first: NotSignedIn and TooManyAttempts are kinds of NotAllowed."""

CODE_BY_STATUS = {
    400: "invalid",
    401: "not_signed_in",
    403: "not_allowed",
    404: "not_found",
    405: "invalid",
    409: "conflict",
    413: "invalid",
    415: "invalid",
    422: "invalid",
    429: "too_many_attempts",
    503: "unavailable",
}

INTERNAL_MESSAGE = (
    "The server hit an unexpected problem and logged it; try again, and tell the "
    "network's admins if it keeps happening."
)


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def error_response(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": one_line(message)}},
        status_code=status,
        headers=headers or None,
    )


def status_of(error: MentorError) -> int:
    for cls, status in STATUS_BY_ERROR:
        if isinstance(error, cls):
            return status
    return 400


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts)


def validation_message(errors: Sequence[Any]) -> str:
    """The first problem of a request, as a sentence; how many more, if any."""
    if not errors:
        return "The request is not valid."
    first = errors[0]
    field = _field(first.get("loc", ()))
    msg = str(first.get("msg", "is not valid")).rstrip(".")
    msg = msg[0].lower() + msg[1:] if msg else msg
    if first.get("type") == "json_invalid":
        text = "The request body is not valid JSON"
    elif field:
        text = f"The request is not valid: {field}: {msg}"
    else:
        text = f"The request is not valid: {msg}"
    more = len(errors) - 1
    if more:
        text += f" (and {more} more problem{'s' if more > 1 else ''})"
    return text + ". See /api/v1/docs."


def log_unexpected(error: BaseException, request_line: str) -> None:
    details = "".join(traceback.format_exception(error))
    log.error("unexpected error in %s\n%s", request_line, redact(details))


async def _mentor_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, MentorError)
    status = status_of(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    return error_response(status, error.code, str(error), **headers)


async def _request_validation(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return error_response(422, "invalid", validation_message(error.errors()))


async def _model_validation(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ValidationError)
    return error_response(422, "invalid", validation_message(error.errors()))


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    if isinstance(error.__cause__, BodyTooLarge):
        return error_response(413, "invalid", TOO_LARGE_MESSAGE)
    if status == 404:
        message = f"There is no {request.url.path} on this server; see /api/v1/docs."
    elif status == 405:
        message = f"{request.method} is not allowed on {request.url.path}; see /api/v1/docs."
    elif status == 400:
        message = "The request body could not be read: send JSON, as in /api/v1/docs."
    else:
        message = str(error.detail)
    return error_response(status, CODE_BY_STATUS.get(status, "error"), message)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MentorError, _mentor_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(ValidationError, _model_validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(CatchAll)


class CatchAll:
    """The last line of defence: an unexpected exception becomes a one-line 500.

    A plain ASGI middleware rather than an ``Exception`` handler, because Starlette
    re-raises after such a handler and the server would print the raw traceback (with
    whatever an exception message holds) to its log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as error:
            log_unexpected(error, f"{scope.get('method', '')} {scope.get('path', '')}")
            if started:
                return  # the answer is under way: all we can do is end it
            body = json.dumps({"error": {"code": "internal", "message": INTERNAL_MESSAGE}})
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body.encode()})
