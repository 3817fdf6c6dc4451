"""The remote backend: the server's HTTP API (``mentor-tui serve``) spoken with httpx.

It raises exactly what the embedded backend raises: the server's error bodies are turned
back into the same ``MentorError`` classes with the server's sentence. Anything that is
not an answer of a mentor-tui server (refused connection, timeout, unknown host, failed
TLS, an HTML page, a proxy's 502) becomes ``Unavailable`` with one line saying what to do.

The command line calls ``asyncio.run`` once per step, so the HTTP client is made per
event loop: a connection pool never outlives the loop it was opened on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import uuid
from collections.abc import AsyncIterator
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from mentor_tui import __version__
from mentor_tui.backend.base import WATCH_INTERVAL, Backend
from mentor_tui.domain.enums import RelationshipState, ReportState, RequestState, Role
from mentor_tui.domain.errors import (
    ERROR_TYPES,
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
from mentor_tui.domain.models import (
    Actor,
    Dashboard,
    Education,
    Member,
    MentorCard,
    MentoringRequest,
    Message,
    Notification,
    NotificationSummary,
    Objective,
    Page,
    Position,
    Registration,
    Relationship,
    Report,
    SearchQuery,
    SectorCount,
    Session,
    Stats,
    Suggestion,
    Thread,
)

M = TypeVar("M", bound=BaseModel)

API_PATH = "/api/v1"
DEFAULT_TIMEOUT = 10.0
"""Seconds to wait for an answer: a busy server answers in well under a second."""
RECONNECT_MIN = 0.5
RECONNECT_MAX = 8.0
"""The live stream retries after 0.5 s, doubling up to 8 s (give or take a fifth, so that
many clients don't come back at the same instant) while the server is away."""
SEND_RETRY_PAUSE = 0.25
"""Seconds before a send is tried again after its connection failed: long enough for a
restarting proxy or a dropped keep-alive connection, short enough not to be noticed."""
EVENT_READ_TIMEOUT = 45.0
"""Three missed heartbeats (the server sends one every 15 s): the stream is dead."""

ERROR_BY_STATUS: dict[int, type[MentorError]] = {
    401: NotSignedIn,
    403: NotAllowed,
    404: NotFound,
    409: Conflict,
    422: Invalid,
    429: TooManyAttempts,
}
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def normalise_server_url(url: str) -> str:
    """``host:8000/`` → ``http://host:8000``; https unless the host is this machine."""
    text = url.strip().rstrip("/")
    if "://" not in text:
        host = urlsplit(f"//{text}").hostname or ""
        scheme = "http" if host in LOOPBACK_HOSTS or host.startswith("127.") else "https"
        text = f"{scheme}://{text}"
    if text.endswith(API_PATH):
        text = text[: -len(API_PATH)]
    return text.rstrip("/")


def _without_password(url: str) -> str:
    """``url`` as people may see it: the password of a ``user:password@host`` as ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _chain(error: BaseException) -> str:
    """The messages of an error and of what caused it (anyio hides 'refused' a level down)."""
    parts: list[str] = []
    seen: BaseException | None = error
    while seen is not None and len(parts) < 8:
        parts.append(f"{type(seen).__name__} {seen}")
        seen = seen.__cause__ or seen.__context__
    return " | ".join(parts).lower()


def _reason(error: httpx.TransportError) -> str:
    text = _chain(error)
    if isinstance(error, httpx.TimeoutException):
        return "no answer in time"
    if "refused" in text or "connectionrefusederror" in text:
        return "connection refused"
    if any(
        s in text
        for s in ("name or service not known", "nodename nor servname", "getaddrinfo", "name res")
    ):
        return "unknown host"
    if "certificate" in text or "ssl" in text or "tls" in text:
        return "TLS failed: the certificate is not trusted or the server does not speak https"
    if isinstance(error, httpx.UnsupportedProtocol):
        return "not an http:// or https:// address"
    if isinstance(error, httpx.RemoteProtocolError):
        return "it closed the connection or does not speak HTTP"
    return "the connection failed"


class RemoteBackend(Backend):
    """One member's session with a network served over HTTP."""

    def __init__(
        self,
        base_url: str,
        session: Session | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = normalise_server_url(base_url)
        self.shown_url = _without_password(self.base_url)
        """The address as messages show it: a password in it (user:pass@host) as ***."""
        self.session = session
        self.timeout = timeout
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._client_loop: asyncio.AbstractEventLoop | None = None

    @property
    def where(self) -> str:
        return self.shown_url

    # -- HTTP -------------------------------------------------------------------------

    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            self._client = httpx.AsyncClient(
                base_url=self.base_url + API_PATH,
                timeout=self.timeout,
                headers={"User-Agent": f"mentor-tui/{__version__}", "Accept": "application/json"},
                transport=self._transport,
                follow_redirects=False,
            )
            self._client_loop = loop
        return self._client

    def _unavailable(self, reason: str) -> Unavailable:
        return Unavailable(
            f"Can't reach the server at {self.shown_url} ({reason}): check the address, or "
            "try again when it is back."
        )

    def _not_a_server(self, what: str) -> Unavailable:
        return Unavailable(
            f"{self.shown_url} answered with {what}, not as a mentor-tui server: check the "
            "address (mentor-tui --server URL)."
        )

    def _auth(self) -> dict[str, str]:
        if self.session is None:
            raise NotSignedIn("You are not signed in: sign in first (mentor-tui login NAME).")
        return {"Authorization": f"Bearer {self.session.token}"}

    async def _call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        idempotency_key: str | None = None,
    ) -> Any:
        """One request; returns the decoded JSON (None for 204) or raises a MentorError.

        With an ``idempotency_key`` the request is sent once more if its connection
        fails (refused, dropped, timed out): the server answers a key it has already
        seen with the first result, so the retry can't make a second copy.
        """
        headers = self._auth() if auth else {}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        query = {k: v for k, v in (params or {}).items() if v is not None}
        tries = 2 if idempotency_key is not None else 1
        for attempt in range(1, tries + 1):
            try:
                response = await self._http().request(
                    method, path, json=body, params=query, headers=headers
                )
            except httpx.TransportError as error:
                if attempt < tries:
                    await asyncio.sleep(SEND_RETRY_PAUSE)
                    continue
                raise self._unavailable(_reason(error)) from None
            except httpx.InvalidURL:
                raise self._unavailable("not a valid address") from None
            return self._decode(response)
        raise AssertionError("unreachable: the last try returns or raises")

    def _decode(self, response: httpx.Response) -> Any:
        status = response.status_code
        if status == 204:
            return None
        if 300 <= status < 400:
            target = response.headers.get("location", "elsewhere")
            raise Unavailable(
                f"The server at {self.shown_url} redirects to {target}: use that address."
            )
        content_type = response.headers.get("content-type", "")
        decoded = "json" in content_type
        data: Any = None
        if decoded:
            try:
                data = response.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                decoded = False
        if not decoded:
            if status in (502, 503, 504):
                raise self._unavailable(f"HTTP {status}, the server is starting or down")
            kind = content_type.split(";")[0].strip() or "no content type"
            raise self._not_a_server(f"HTTP {status} ({kind})")
        if 200 <= status < 300:
            return data
        raise self._error_from(status, data)

    def _error_from(self, status: int, data: Any) -> MentorError:
        error = data.get("error") if isinstance(data, dict) else None
        if not isinstance(error, dict) or not isinstance(error.get("message"), str):
            if status in (502, 503, 504):
                return self._unavailable(f"HTTP {status}, the server is starting or down")
            return self._not_a_server(f"HTTP {status}")
        message = " ".join(error["message"].split())
        cls = ERROR_TYPES.get(str(error.get("code")))
        if cls is None or cls is MentorError:
            cls = ERROR_BY_STATUS.get(status, StorageError if status == 503 else MentorError)
        return cls(message)

    @staticmethod
    def _model(cls: type[M], data: Any) -> M:
        try:
            return cls.model_validate(data)
        except ValidationError:
            raise Unavailable(
                f"The server's answer did not fit {cls.__name__}: it may run another "
                "mentor-tui version; update the one that is older."
            ) from None

    @staticmethod
    def _field(data: Any, key: str, kind: type) -> Any:
        """One plain value of an answer (``{"unread": 3}``), or Unavailable if it isn't there."""
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, kind) or isinstance(value, bool):
            raise Unavailable(
                f"The server's answer had no {key}: it may run another mentor-tui version; "
                "update the one that is older."
            )
        return value

    def _models(self, cls: type[M], data: Any) -> list[M]:
        if not isinstance(data, list):
            raise Unavailable("The server's answer was not a list: is it a mentor-tui server?")
        return [self._model(cls, item) for item in data]

    async def _get(self, cls: type[M], path: str, **params: Any) -> M:
        return self._model(cls, await self._call("GET", path, params=params))

    async def _post(self, cls: type[M], path: str, body: Any = None) -> M:
        return self._model(cls, await self._call("POST", path, body=body))

    async def _send(self, cls: type[M], path: str, body: Any, key: str | None) -> M:
        """A POST that makes something (a message, a request), safe to retry: one key
        per logical send, the caller's or a new uuid4."""
        key = key or str(uuid.uuid4())
        return self._model(cls, await self._call("POST", path, body=body, idempotency_key=key))

    # -- accounts and sessions ----------------------------------------------------
    async def suggest_username(self, first_name: str, last_name: str) -> str:
        data = await self._call(
            "GET",
            "/usernames/suggestion",
            params={"first_name": first_name, "last_name": last_name},
            auth=False,
        )
        return str(self._field(data, "username", str))

    async def register(self, registration: Registration) -> Member:
        data = await self._call(
            "POST", "/members", body=registration.model_dump(mode="json"), auth=False
        )
        return self._model(Member, data)

    async def login(self, username: str, password: str) -> Session:
        data = await self._call(
            "POST", "/sessions", body={"username": username, "password": password}, auth=False
        )
        self.session = self._model(Session, data)
        return self.session

    async def resume(self, session: Session) -> Actor:
        self.session = session
        try:
            return await self.whoami()
        except NotSignedIn:
            self.session = None
            raise

    async def logout(self) -> None:
        if self.session is not None:
            with contextlib.suppress(NotSignedIn):  # already ended there: signed out anyway
                await self._call("DELETE", "/sessions/current")
        self.session = None

    async def whoami(self) -> Actor:
        return await self._get(Actor, "/sessions/current")

    async def change_password(self, old: str, new: str) -> Session:
        data = await self._call("PUT", "/me/password", body={"old": old, "new": new})
        self.session = self._model(Session, data)
        return self.session

    async def export_account(self) -> dict[str, Any]:
        data = await self._call("GET", "/me/export")
        if not isinstance(data, dict):
            raise Unavailable("The server's export was not a JSON object; try again.")
        return data

    async def delete_account(self, password: str) -> None:
        await self._call("POST", "/me/deletion", body={"password": password})
        self.session = None

    # -- profiles -----------------------------------------------------------------
    async def me(self) -> Member:
        return await self._get(Member, "/me")

    async def get_member(self, who: str | int) -> Member:
        by = "id" if isinstance(who, int) else None
        return await self._get(Member, f"/members/{quote(str(who), safe='')}", by=by)

    async def update_profile(self, changes: dict[str, Any]) -> Member:
        return self._model(Member, await self._call("PATCH", "/me", body=changes))

    async def set_positions(self, items: list[Position]) -> Member:
        body = [p.model_dump(mode="json") for p in items]
        return self._model(Member, await self._call("PUT", "/me/positions", body=body))

    async def set_education(self, items: list[Education]) -> Member:
        body = [e.model_dump(mode="json") for e in items]
        return self._model(Member, await self._call("PUT", "/me/education", body=body))

    async def import_linkedin(self, files: dict[str, str]) -> Member:
        return await self._post(Member, "/me/linkedin-import", {"files": files})

    async def confirm_profile(self) -> Member:
        return await self._post(Member, "/me/confirmation")

    async def update_mentor(
        self,
        *,
        sectors: list[str] | None = None,
        job_title: str | None = None,
        employer: str | None = None,
        help_areas: list[str] | None = None,
        activities: list[str] | None = None,
        max_mentees: int | None = None,
    ) -> Member:
        body = {
            "sectors": sectors,
            "job_title": job_title,
            "employer": employer,
            "help_areas": help_areas,
            "activities": activities,
            "max_mentees": max_mentees,
        }
        return self._model(Member, await self._call("PATCH", "/me/mentor", body=body))

    async def activate_mentor(self) -> Member:
        return await self._post(Member, "/me/mentor/activate")

    async def pause_mentor(self) -> Member:
        return await self._post(Member, "/me/mentor/pause")

    # -- finding mentors ----------------------------------------------------------
    async def search_mentors(self, query: SearchQuery) -> Page[MentorCard]:
        return await self._get(
            Page[MentorCard],
            "/mentors",
            text=query.text,
            sector=query.sectors or None,
            help_area=query.help_area,
            activity=query.activity,
            programme=query.programme,
            graduated_from=query.graduated_from,
            graduated_to=query.graduated_to,
            country=query.country,
            has_room="true" if query.has_room else None,
            page=query.page,
            page_size=query.page_size,
        )

    async def sector_cloud(self) -> list[SectorCount]:
        return self._models(SectorCount, await self._call("GET", "/sectors"))

    async def suggest_mentors(self, limit: int = 5) -> list[Suggestion]:
        data = await self._call("GET", "/suggestions", params={"limit": limit})
        return self._models(Suggestion, data)

    async def dashboard(self) -> Dashboard:
        return await self._get(Dashboard, "/dashboard")

    # -- requests and relationships ------------------------------------------------
    async def send_request(
        self,
        mentor: str | int,
        message: str,
        goals: str = "",
        activities: list[str] | None = None,
        idempotency_key: str | None = None,
    ) -> MentoringRequest:
        body = {"mentor": mentor, "message": message, "goals": goals, "activities": activities}
        return await self._send(MentoringRequest, "/requests", body, idempotency_key)

    async def list_requests(
        self,
        direction: str | None = None,
        state: RequestState | None = None,
        page: int = 1,
        page_size: int = 20,
    ) -> Page[MentoringRequest]:
        return await self._get(
            Page[MentoringRequest],
            "/requests",
            direction=direction,
            state=RequestState(state).value if state else None,
            page=page,
            page_size=page_size,
        )

    async def get_request(self, request_id: int) -> MentoringRequest:
        return await self._get(MentoringRequest, f"/requests/{int(request_id)}")

    async def accept_request(self, request_id: int, message: str = "") -> Relationship:
        return await self._post(
            Relationship, f"/requests/{int(request_id)}/accept", {"message": message}
        )

    async def decline_request(self, request_id: int, message: str = "") -> MentoringRequest:
        return await self._post(
            MentoringRequest, f"/requests/{int(request_id)}/decline", {"message": message}
        )

    async def retract_request(self, request_id: int) -> MentoringRequest:
        return await self._post(MentoringRequest, f"/requests/{int(request_id)}/retract")

    async def list_relationships(
        self, state: RelationshipState | None = None, page: int = 1, page_size: int = 50
    ) -> Page[Relationship]:
        return await self._get(
            Page[Relationship],
            "/relationships",
            state=RelationshipState(state).value if state else None,
            page=page,
            page_size=page_size,
        )

    async def get_relationship(self, relationship_id: int) -> Relationship:
        return await self._get(Relationship, f"/relationships/{int(relationship_id)}")

    async def finish_relationship(
        self, relationship_id: int, note: str = "", feedback: int | None = None
    ) -> Relationship:
        return await self._post(
            Relationship,
            f"/relationships/{int(relationship_id)}/finish",
            {"note": note, "feedback": feedback},
        )

    async def set_rhythm(self, relationship_id: int, days: int) -> Relationship:
        data = await self._call(
            "PUT", f"/relationships/{int(relationship_id)}/rhythm", body={"days": days}
        )
        return self._model(Relationship, data)

    async def add_objective(self, relationship_id: int, text: str) -> Objective:
        return await self._post(
            Objective, f"/relationships/{int(relationship_id)}/objectives", {"text": text}
        )

    async def edit_objective(self, objective_id: int, text: str) -> Objective:
        data = await self._call("PATCH", f"/objectives/{int(objective_id)}", body={"text": text})
        return self._model(Objective, data)

    async def set_objective_done(self, objective_id: int, done: bool = True) -> Objective:
        data = await self._call("PUT", f"/objectives/{int(objective_id)}/done", body={"done": done})
        return self._model(Objective, data)

    # -- messages and notifications ------------------------------------------------
    async def get_thread(self, thread_id: int) -> Thread:
        return await self._get(Thread, f"/threads/{int(thread_id)}")

    async def send_message(
        self, thread_id: int, body: str, idempotency_key: str | None = None
    ) -> Message:
        path = f"/threads/{int(thread_id)}/messages"
        return await self._send(Message, path, {"body": body}, idempotency_key)

    async def report_message(self, message_id: int, reason: str) -> Report:
        return await self._post(Report, f"/messages/{int(message_id)}/reports", {"reason": reason})

    async def list_notifications(
        self, unread_only: bool = False, page: int = 1, page_size: int = 20
    ) -> Page[Notification]:
        return await self._get(
            Page[Notification],
            "/notifications",
            unread_only="true" if unread_only else None,
            page=page,
            page_size=page_size,
        )

    async def unread_count(self) -> int:
        data = await self._call("GET", "/notifications/unread-count")
        return int(self._field(data, "unread", int))

    async def notification_summary(self) -> NotificationSummary:
        return await self._get(NotificationSummary, "/notifications/summary")

    async def mark_notifications_read(self, notification_id: int | None = None) -> int:
        data = await self._call(
            "POST", "/notifications/read", body={"notification_id": notification_id}
        )
        return int(self._field(data, "marked_read", int))

    # -- live events ------------------------------------------------------------------
    async def watch_notifications(
        self, interval: float = WATCH_INTERVAL
    ) -> AsyncIterator[NotificationSummary]:
        """The server's event stream; reconnects by itself (with backoff) when it drops.

        ``interval`` is unused: the server decides how often it looks. Ends with
        NotSignedIn when the session ends; other refusals propagate as well.

        The stream is read by a task of its own that hands summaries over a queue, so
        leaving the loop early (break, cancel, loop shutdown) never leaves half-closed
        HTTP streams behind: the task is cancelled and cleans up on its own stack.
        """
        queue: asyncio.Queue[NotificationSummary | BaseException] = asyncio.Queue()
        reader = asyncio.create_task(self._follow_events(queue))
        try:
            last: NotificationSummary | None = None
            while True:
                item = await queue.get()
                if isinstance(item, BaseException):
                    raise item
                if item != last:
                    last = item
                    yield item
        finally:
            reader.cancel()

    async def _follow_events(
        self, queue: asyncio.Queue[NotificationSummary | BaseException]
    ) -> None:
        delay = RECONNECT_MIN
        while True:
            try:
                async for summary in self._event_stream():
                    delay = RECONNECT_MIN
                    queue.put_nowait(summary)
            except (Unavailable, StorageError):
                pass  # the server (or its database) is away: wait, then try again
            except Exception as error:  # a refusal (session ended) ends the watch
                queue.put_nowait(error)
                return
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, RECONNECT_MAX)

    async def _event_stream(self) -> AsyncIterator[NotificationSummary]:
        timeout = httpx.Timeout(self.timeout, read=EVENT_READ_TIMEOUT)
        headers = {**self._auth(), "Accept": "text/event-stream"}
        try:
            async with self._http().stream(
                "GET", "/events", headers=headers, timeout=timeout
            ) as response:
                if response.status_code != 200:
                    await response.aread()
                    self._decode(response)  # raises the server's refusal
                    raise self._not_a_server(f"HTTP {response.status_code}")
                if "text/event-stream" not in response.headers.get("content-type", ""):
                    raise self._not_a_server("something other than an event stream")
                event, data = "message", ""
                async for line in response.aiter_lines():
                    if line == "":
                        if data:
                            summary = self._event(event, data)
                            if summary is not None:
                                yield summary
                        event, data = "message", ""
                    elif line.startswith(":"):
                        continue  # heartbeat
                    elif line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:"):
                        data += line[5:].strip()
        except httpx.TransportError as error:
            raise self._unavailable(_reason(error)) from None

    def _event(self, event: str, data: str) -> NotificationSummary | None:
        try:
            payload = json.loads(data)
        except json.JSONDecodeError:
            return None
        if event == "ended":
            raise self._error_from(401, payload)
        if event in ("summary", "message"):
            try:
                return NotificationSummary.model_validate(payload)
            except ValidationError:
                return None
        return None

    # -- the programme office ----------------------------------------------------------
    async def verification_queue(self, page: int = 1, page_size: int = 20) -> Page[Member]:
        return await self._get(
            Page[Member], "/admin/verification-queue", page=page, page_size=page_size
        )

    def _member_path(self, username: str, action: str) -> str:
        return f"/admin/members/{quote(username, safe='')}/{action}"

    async def verify_member(self, username: str) -> Member:
        return await self._post(Member, self._member_path(username, "verify"))

    async def reject_member(self, username: str, reason: str = "") -> Member:
        return await self._post(Member, self._member_path(username, "reject"), {"reason": reason})

    async def rename_member(self, username: str, new_username: str) -> Member:
        return await self._post(
            Member, self._member_path(username, "rename"), {"new_username": new_username}
        )

    async def set_role(self, username: str, role: Role) -> Member:
        data = await self._call(
            "PUT", self._member_path(username, "role"), body={"role": Role(role).value}
        )
        return self._model(Member, data)

    async def suspend_member(self, username: str) -> Member:
        return await self._post(Member, self._member_path(username, "suspend"))

    async def list_reports(
        self, state: ReportState | None = ReportState.OPEN, page: int = 1, page_size: int = 20
    ) -> Page[Report]:
        return await self._get(
            Page[Report],
            "/admin/reports",
            state=ReportState(state).value if state else "all",
            page=page,
            page_size=page_size,
        )

    async def remove_message(self, message_id: int) -> Report | None:
        data = await self._call("POST", f"/admin/messages/{int(message_id)}/remove")
        return None if data is None else self._model(Report, data)

    async def dismiss_report(self, report_id: int) -> Report:
        return await self._post(Report, f"/admin/reports/{int(report_id)}/dismiss")

    async def stats(self) -> Stats:
        return await self._get(Stats, "/admin/stats")

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and self._client_loop is asyncio.get_running_loop():
            await client.aclose()
        self._client_loop = None
