# ruff: noqa: E501 - the matrix is a table: one row per route, read across
"""Who may do what, over HTTP: every route of the server, for every kind of member.

One row per route, one column per actor, each cell the status the server must answer.
Every cell runs on its own copy of the same network (tests/hardening/conftest.py), so an
allowed change in one cell can't open or close a door for another. Beyond the status,
every answer is searched for the pair's private things (their e-mail addresses, the
introduction, the answer, an objective): only the pair and the office may see them.

The table is checked against the app itself: a route added to the server without a row
here fails ``test_every_route_has_a_row``, and a service action no row names fails
``test_every_service_action_has_a_row``.

Reading the columns: ``pending`` is an alumnus whose account is not verified yet;
``alumnus`` has no mentor profile; ``unrelated`` is an active mentor, just not of this
pair; ``suspended`` signed in before the office suspended them (which ended that session).
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from mentor_tui.server import create_app
from mentor_tui.server.ratelimit import SignInLimiter
from mentor_tui.service import MentoringService
from tests.conftest import PASSWORD
from tests.hardening.conftest import (
    ACTORS,
    INTRO_SECRET,
    MENTEE_EMAIL,
    MENTOR_EMAIL,
    Copy,
    World,
    copy_world,
)

RESPONSE_SECRET = "response-secret-9b2d"
OBJECTIVE_SECRET = "objective-secret-51aa"
THE_PAIR_AND_THE_OFFICE = {"mentor", "mentee", "admin"}
SECRETS = {
    INTRO_SECRET: THE_PAIR_AND_THE_OFFICE,
    RESPONSE_SECRET: THE_PAIR_AND_THE_OFFICE,
    OBJECTIVE_SECRET: THE_PAIR_AND_THE_OFFICE,
    MENTOR_EMAIL: {"mentor", "admin"},
    MENTEE_EMAIL: {"mentee", "admin"},
}
"""What must never appear in an answer to anyone outside its set."""

Setup = Callable[[Copy], dict[str, Any]]
Body = Callable[[Copy, str], Any]


# -- what each row needs in place before the call ----------------------------------------


def no_setup(_copy: Copy) -> dict[str, Any]:
    return {}


def the_request(copy: Copy) -> dict[str, Any]:
    return {"request_id": copy.world.request_id}


def the_thread(copy: Copy) -> dict[str, Any]:
    return {"thread_id": copy.world.request_id}


def _accepted(copy: Copy) -> int:
    mentor = copy.world.actors["mentor"]
    return copy.service.accept_request(mentor, copy.world.request_id, RESPONSE_SECRET).id


def the_relationship(copy: Copy) -> dict[str, Any]:
    return {"relationship_id": _accepted(copy)}


def the_objective(copy: Copy) -> dict[str, Any]:
    rel_id = _accepted(copy)
    objective = copy.service.add_objective(copy.world.actors["mentee"], rel_id, OBJECTIVE_SECRET)
    return {"objective_id": objective.id}


def the_intro_message(copy: Copy) -> dict[str, Any]:
    """The mentee's introduction: received by the mentor, sent by the mentee."""
    return {"message_id": copy.world.intro_message_id}


def a_report(copy: Copy) -> dict[str, Any]:
    report = copy.service.report_message(
        copy.world.actors["mentor"], copy.world.intro_message_id, "Not what I expected here."
    )
    return {"report_id": report.id}


def the_mentor(copy: Copy) -> dict[str, Any]:
    return {"who": copy.world.actors["mentor"].username}


def the_pending_member(copy: Copy) -> dict[str, Any]:
    return {"username": copy.world.actors["pending"].username}


def the_student(copy: Copy) -> dict[str, Any]:
    return {"username": copy.world.actors["student"].username}


# -- bodies that depend on who calls -------------------------------------------------------


def sign_in_as_self(copy: Copy, who: str) -> dict[str, str]:
    if who == "anonymous":  # someone guessing the mentor's password
        return {"username": copy.world.actors["mentor"].username, "password": "not the password"}
    return {"username": copy.world.actors[who].username, "password": PASSWORD}


def new_registration(_copy: Copy, who: str) -> dict[str, Any]:
    return {
        "first_name": "Newly",
        "last_name": "Joined",
        "password": PASSWORD,
        "email": f"joined-by-{who}@hardening.test",
        "role": "student",
        "accept_guidelines": True,
    }


def the_mentors_notification(copy: Copy, _who: str) -> dict[str, int]:
    return {"notification_id": copy.world.mentor_notification_id}


def fixed(body: Any) -> Body:
    return lambda _copy, _who: body


PROFILE_CSV = "First Name,Last Name,Headline\nSam,Hardening,Imported headline\n"


# -- the matrix ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    action: str | None
    """The service method the route calls (None: no service action, e.g. the docs)."""
    expected: dict[str, int]
    setup: Setup = no_setup
    body: Body | None = None
    query: dict[str, Any] = field(default_factory=dict)

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"


def row(
    method: str,
    path: str,
    action: str | None,
    statuses: str,
    setup: Setup = no_setup,
    body: Body | None = None,
    query: dict[str, Any] | None = None,
) -> Row:
    codes = [int(code) for code in statuses.split()]
    assert len(codes) == len(ACTORS), f"{method} {path}: {len(codes)} columns"
    return Row(
        method,
        "/api/v1" + path,
        action,
        dict(zip(ACTORS, codes, strict=True)),
        setup,
        body,
        query or {},
    )


# 2xx: allowed. 401: no valid session. 403: not allowed for this member. 404: not theirs to
# see (the server doesn't say whether it exists). 409/422: allowed to try, but the state or
# the input says no (e.g. an only admin can't delete the account).
#
#                                                           anon pend stud alum mntr mnte unrl susp admn
MATRIX: list[Row] = [
    # -- the docs and joining: open to everyone --------------------------------------------------
    row("GET", "/openapi.json", None,                      "200  200  200  200  200  200  200  200  200"),
    row("GET", "/docs", None,                              "200  200  200  200  200  200  200  200  200"),
    row("GET", "/health", None,                            "200  200  200  200  200  200  200  200  200"),
    row("GET", "/usernames/suggestion", "suggest_username", "200  200  200  200  200  200  200  200  200",
        query={"first_name": "Ana", "last_name": "Lee"}),
    row("POST", "/members", "register",                    "201  201  201  201  201  201  201  201  201",
        body=new_registration),
    row("POST", "/sessions", "login",                      "401  201  201  201  201  201  201  403  201",
        body=sign_in_as_self),
    # -- the own account ----------------------------------------------------------------------
    row("GET", "/sessions/current", "authenticate",        "401  200  200  200  200  200  200  401  200"),
    row("DELETE", "/sessions/current", "logout",           "401  204  204  204  204  204  204  204  204"),
    row("PUT", "/me/password", "change_password",          "401  200  200  200  200  200  200  401  200",
        body=fixed({"old": PASSWORD, "new": "a brand new password"})),
    row("GET", "/me/export", "export_account",             "401  200  200  200  200  200  200  401  200"),
    row("POST", "/me/deletion", "delete_account",          "401  204  204  204  204  204  204  401  409",
        body=fixed({"password": PASSWORD})),
    # -- profiles -----------------------------------------------------------------------------
    row("GET", "/me", "me",                                "401  200  200  200  200  200  200  401  200"),
    row("PATCH", "/me", "update_profile",                  "401  200  200  200  200  200  200  401  200",
        body=fixed({"headline": "Changed by its owner"})),
    row("PUT", "/me/positions", "set_positions",           "401  200  200  200  200  200  200  401  200",
        body=fixed([{"title": "Analyst", "organisation": "Example Bank"}])),
    row("PUT", "/me/education", "set_education",           "401  200  200  200  200  200  200  401  200",
        body=fixed([{"institution": "University of Testing"}])),
    row("POST", "/me/linkedin-import", "import_linkedin",  "401  200  200  200  200  200  200  401  200",
        body=fixed({"files": {"Profile.csv": PROFILE_CSV}})),
    row("POST", "/me/confirmation", "confirm_profile",     "401  200  200  200  200  200  200  401  200"),
    row("PATCH", "/me/mentor", "update_mentor",            "401  200  403  200  200  403  200  401  403",
        body=fixed({"job_title": "Partner"})),
    row("POST", "/me/mentor/activate", "activate_mentor",  "401  403  403  422  200  403  200  401  403"),
    row("POST", "/me/mentor/pause", "pause_mentor",        "401  422  403  422  200  403  200  401  403"),
    row("GET", "/members/{who}", "get_member",             "401  403  200  200  200  200  200  401  200",
        setup=the_mentor),
    # -- finding mentors ----------------------------------------------------------------------
    row("GET", "/mentors", "search_mentors",               "401  403  200  200  200  200  200  401  200",
        query={"text": "banking"}),
    row("GET", "/sectors", "sector_cloud",                 "401  403  200  200  200  200  200  401  200"),
    row("GET", "/suggestions", "suggest_mentors",          "401  403  200  200  200  200  200  401  200"),
    row("GET", "/dashboard", "dashboard",                  "401  200  200  200  200  200  200  401  200"),
    # -- requests -----------------------------------------------------------------------------
    row("POST", "/requests", "send_request",               "401  403  201  201  409  409  201  401  201",
        body=lambda copy, _who: {
            "mentor": copy.world.actors["mentor"].username,
            "message": "Hello, I would value your advice on my next career step.",
        }),
    row("GET", "/requests", "list_requests",               "401  200  200  200  200  200  200  401  200"),
    row("GET", "/requests/{request_id}", "get_request",    "401  404  404  404  200  200  404  401  200",
        setup=the_request),
    row("POST", "/requests/{request_id}/accept", "accept_request",
                                                           "401  403  404  404  200  403  404  401  403",
        setup=the_request, body=fixed({"message": RESPONSE_SECRET})),
    row("POST", "/requests/{request_id}/decline", "decline_request",
                                                           "401  403  404  404  200  403  404  401  403",
        setup=the_request, body=fixed({"message": RESPONSE_SECRET})),
    row("POST", "/requests/{request_id}/retract", "retract_request",
                                                           "401  404  404  404  403  200  404  401  403",
        setup=the_request),
    # -- relationships and objectives ---------------------------------------------------------
    row("GET", "/relationships", "list_relationships",     "401  200  200  200  200  200  200  401  200",
        setup=the_relationship),
    row("GET", "/relationships/{relationship_id}", "get_relationship",
                                                           "401  404  404  404  200  200  404  401  200",
        setup=the_relationship),
    row("POST", "/relationships/{relationship_id}/finish", "finish_relationship",
                                                           "401  403  404  404  200  200  404  401  403",
        setup=the_relationship, body=fixed({"note": "Thank you", "feedback": 5})),
    row("PUT", "/relationships/{relationship_id}/rhythm", "set_rhythm",
                                                           "401  404  404  404  200  200  404  401  403",
        setup=the_relationship, body=fixed({"days": 14})),
    row("POST", "/relationships/{relationship_id}/objectives", "add_objective",
                                                           "401  404  404  404  201  201  404  401  403",
        setup=the_relationship, body=fixed({"text": "Finish the CV"})),
    row("PATCH", "/objectives/{objective_id}", "edit_objective",
                                                           "401  404  404  404  200  200  404  401  403",
        setup=the_objective, body=fixed({"text": "Finish the CV this month"})),
    row("PUT", "/objectives/{objective_id}/done", "set_objective_done",
                                                           "401  404  404  404  200  200  404  401  403",
        setup=the_objective, body=fixed({"done": True})),
    # -- threads, reports, notifications ------------------------------------------------------
    row("GET", "/threads/{thread_id}", "get_thread",       "401  404  404  404  200  200  404  401  200",
        setup=the_thread),
    row("POST", "/threads/{thread_id}/messages", "send_message",
                                                           "401  403  404  404  201  201  404  401  403",
        setup=the_thread, body=fixed({"body": "A message in the thread"})),
    row("POST", "/messages/{message_id}/reports", "report_message",
                                                           "401  404  404  404  201  403  404  401  403",
        setup=the_intro_message, body=fixed({"reason": "This is not appropriate"})),
    row("GET", "/notifications", "list_notifications",     "401  200  200  200  200  200  200  401  200"),
    row("GET", "/notifications/unread-count", "unread_count",
                                                           "401  200  200  200  200  200  200  401  200"),
    row("GET", "/notifications/summary", "notification_summary",
                                                           "401  200  200  200  200  200  200  401  200"),
    row("POST", "/notifications/read", "mark_notifications_read",
                                                           "401  404  404  404  200  404  404  401  404",
        body=the_mentors_notification),
    row("GET", "/events", "notification_summary",          "401  200  200  200  200  200  200  401  200"),
    # -- the programme office -----------------------------------------------------------------
    row("GET", "/admin/verification-queue", "verification_queue",
                                                           "401  403  403  403  403  403  403  401  200"),
    row("POST", "/admin/members/{username}/verify", "verify_member",
                                                           "401  403  403  403  403  403  403  401  200",
        setup=the_pending_member),
    row("POST", "/admin/members/{username}/reject", "reject_member",
                                                           "401  403  403  403  403  403  403  401  200",
        setup=the_pending_member, body=fixed({"reason": "Not in our records"})),
    row("POST", "/admin/members/{username}/rename", "rename_member",
                                                           "401  403  403  403  403  403  403  401  200",
        setup=the_student, body=fixed({"new_username": "renamed.student"})),
    row("PUT", "/admin/members/{username}/role", "set_role",
                                                           "401  403  403  403  403  403  403  401  200",
        setup=the_student, body=fixed({"role": "alumnus"})),
    row("POST", "/admin/members/{username}/suspend", "suspend_member",
                                                           "401  403  403  403  403  403  403  401  200",
        setup=the_student),
    row("GET", "/admin/reports", "list_reports",           "401  403  403  403  403  403  403  401  200",
        setup=a_report),
    row("POST", "/admin/messages/{message_id}/remove", "remove_message",
                                                           "401  403  403  403  403  403  403  401  200",
        setup=the_intro_message),
    row("POST", "/admin/reports/{report_id}/dismiss", "dismiss_report",
                                                           "401  403  403  403  403  403  403  401  200",
        setup=a_report),
    row("GET", "/admin/stats", "stats",                    "401  403  403  403  403  403  403  401  200"),
]  # fmt: skip

NOT_THROUGH_A_ROUTE = {
    "init_network": "creating a network's first admin is `mentor-tui init`, on the database",
    "process_due": "the clock's work runs inside the server (and the embedded backend)",
}
"""Service actions that deliberately have no route."""


# -- reading the app -----------------------------------------------------------------------


def _walk(routes: list[Any]) -> Iterator[Any]:
    """Every route of the app, through routers included lazily (newer FastAPI) or not."""
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            yield from _walk(list(contexts()))
        else:
            yield route


def app_routes(app: FastAPI) -> set[str]:
    found = set()
    for route in _walk(list(app.routes)):
        methods = getattr(route, "methods", None) or getattr(
            getattr(route, "original_route", None), "methods", None
        )
        for method in set(methods or ()) - {"HEAD"}:
            found.add(f"{method} {route.path}")
    return found


def service_actions() -> set[str]:
    """Public methods of the service that act for someone (their first argument: actor)."""
    names = set()
    for name, member in inspect.getmembers(MentoringService, inspect.isfunction):
        if name.startswith("_") or name.startswith("require_"):
            continue
        params = [p for p in inspect.signature(member).parameters if p != "self"]
        if params and params[0] in {"actor", "token", "reg", "username", "first_name"}:
            names.add(name)
    return names


def test_every_route_has_a_row() -> None:
    app = create_app(MentoringService.__new__(MentoringService))
    served = app_routes(app) - {"GET /docs/oauth2-redirect"}  # Swagger UI's own page
    in_matrix = {r.route for r in MATRIX}
    assert served - in_matrix == set(), "routes without a row in the authorisation matrix"
    assert in_matrix - served == set(), "rows for routes the server no longer has"
    assert len(MATRIX) == len(in_matrix), "a route has two rows"


def test_every_service_action_has_a_row() -> None:
    named = {r.action for r in MATRIX if r.action}
    missing = service_actions() - named - set(NOT_THROUGH_A_ROUTE)
    assert missing == set(), "service actions reachable by no row of the matrix"


# -- running a cell --------------------------------------------------------------------------


def _concrete(path: str, params: dict[str, Any]) -> str:
    for key, value in params.items():
        path = path.replace("{" + key + "}", str(value))
    assert "{" not in path, f"no value for a parameter of {path}"
    return path


async def call(copy: Copy, cell: Row, who: str) -> httpx.Response:
    params = cell.setup(copy)
    body = cell.body(copy, who) if cell.body else None
    transport = httpx.ASGITransport(app=copy.app, client=("192.0.2.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        return await http.request(
            cell.method,
            _concrete(cell.path, params),
            params=cell.query,
            json=body,
            headers=copy.world.headers(who),
        )


CELLS = [
    pytest.param(cell, who, id=f"{cell.route} as {who}")
    for cell, who in itertools.product(MATRIX, ACTORS)
]


@pytest.mark.parametrize(("cell", "who"), CELLS)
async def test_authorisation_matrix(world: World, tmp_path: Any, cell: Row, who: str) -> None:
    copy = copy_world(world, tmp_path / "net")
    try:
        response = await call(copy, cell, who)
    finally:
        copy.store.close()
    expected = cell.expected[who]
    assert response.status_code == expected, (
        f"{cell.route} as {who}: expected {expected}, got {response.status_code} "
        f"{response.text[:300]}"
    )
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["message"] and "\n" not in error["message"]
    if response.status_code == 401:
        assert response.headers.get("www-authenticate") == "Bearer"
    for secret, entitled in SECRETS.items():
        if who not in entitled:
            assert secret not in response.text, f"{cell.route} shows {secret!r} to {who}"


# -- sign-in is rate-limited: the same door, knocked on too often ------------------------------


async def test_sign_in_is_refused_after_five_wrong_passwords_even_with_the_right_one(
    world: World, tmp_path: Any
) -> None:
    copy = copy_world(world, tmp_path / "net")
    mentor = world.actors["mentor"].username
    try:
        app = create_app(copy.service, limiter=SignInLimiter(base_delay=0.001))
        transport = httpx.ASGITransport(app=app, client=("192.0.2.8", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            for _ in range(5):
                wrong = await http.post(
                    "/api/v1/sessions", json={"username": mentor, "password": "guess guess"}
                )
                assert wrong.status_code == 401
            right = await http.post(
                "/api/v1/sessions", json={"username": mentor, "password": PASSWORD}
            )
            assert right.status_code == 429
            assert "Too many failed sign-in attempts" in right.json()["error"]["message"]
    finally:
        copy.store.close()


async def test_a_stolen_token_cannot_guess_the_password_without_limit(
    world: World, tmp_path: Any
) -> None:
    """Changing the password or deleting the account asks for it: wrong answers count as
    failed sign-ins, so a token thief gets no more guesses than anyone at the sign-in."""
    copy = copy_world(world, tmp_path / "net")
    mentor = world.actors["mentor"].username
    try:
        transport = httpx.ASGITransport(app=copy.app, client=("192.0.2.9", 50000))
        headers = world.headers("mentor")
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            for path, body in [
                ("/api/v1/me/password", {"old": "guess one!", "new": "a brand new password"}),
                ("/api/v1/me/deletion", {"password": "guess two!"}),
            ] * 2 + [("/api/v1/me/password", {"old": "guess 5!", "new": "a brand new password"})]:
                method = "PUT" if path.endswith("password") else "POST"
                wrong = await http.request(method, path, json=body, headers=headers)
                assert wrong.status_code == 403, wrong.text
            right = await http.put(
                "/api/v1/me/password",
                json={"old": PASSWORD, "new": "a brand new password"},
                headers=headers,
            )
            assert right.status_code == 429, right.text
            sign_in = await http.post(
                "/api/v1/sessions", json={"username": mentor, "password": PASSWORD}
            )
            assert sign_in.status_code == 429
        assert copy.service.login(mentor, PASSWORD)  # nothing was changed meanwhile
    finally:
        copy.store.close()


async def test_the_pair_does_see_its_own_secrets(world: World, tmp_path: Any) -> None:
    """The matrix's search for leaks looks for strings the answers really carry."""
    copy = copy_world(world, tmp_path / "net")
    try:
        seen = {
            who: (await call(copy, cell, who)).text
            for cell, who in [
                (next(r for r in MATRIX if r.action == "get_thread"), "mentor"),
                (next(r for r in MATRIX if r.action == "me"), "mentee"),
            ]
        }
        admin = await call(copy, next(r for r in MATRIX if r.action == "get_member"), "admin")
    finally:
        copy.store.close()
    assert INTRO_SECRET in seen["mentor"]
    assert MENTEE_EMAIL in seen["mentee"]
    assert MENTOR_EMAIL in admin.text
