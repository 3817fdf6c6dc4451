"""Typed search text never breaks the full-text engine, on SQLite (FTS5) or PostgreSQL
(tsquery), whatever it holds: quotes, ``*``, ``NEAR(``, ``-``, unbalanced brackets, any
unicode, control characters, 10 kB of it.

tests/service/test_search.py fuzzes the service on SQLite; here the same hostile text goes
to both engines, through three doors: the store's query itself (the whole text, past the
service's 200-character cut, so the engine sees all 10 kB), the service with every
free-text filter (programme and country too), and the HTTP API's query string.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mentor_tui.domain.models import Actor, SearchQuery
from mentor_tui.server import create_app
from mentor_tui.service import MentoringService
from mentor_tui.store.search import search_mentor_ids
from tests.conftest import (
    DATABASES,
    PASSWORD,
    FakeClock,
    Network,
    copy_empty_network,
    fresh_postgres_store,
)

SYNTAX = [
    '"',
    "'",
    "*",
    "NEAR(",
    "NEAR/3",
    "-",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "^",
    "+",
    "&",
    "|",
    "!",
    "<->",
    ":*",
    "\\",
    "%",
    "_",
    "AND",
    "OR",
    "NOT",
    "\x00",
    "\x1b[31m",
    "\u202e",
    " ",
    "ingrid",
    "berg",
    "Ångström",
    "東京",
    "💼",
]
"""FTS5 and tsquery syntax, SQL's wildcards, NUL and escapes, and some real words."""

HOSTILE_TEXT = st.one_of(
    st.lists(st.sampled_from(SYNTAX), max_size=40).map("".join),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.tuples(st.sampled_from(SYNTAX), st.integers(1_000, 10_240)).map(
        lambda pair: (pair[0] * pair[1])[:10_240]
    ),
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module", params=DATABASES)
def searchable(request: pytest.FixtureRequest) -> Iterator[tuple[Network, Actor]]:
    """A network with two mentors and a searcher, per engine (hypothesis can't take a
    function-scoped fixture, so this one lives for the module)."""
    directory = Path(tempfile.mkdtemp(prefix="mentor-tui-search-fuzz-"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MENTOR_TUI_FAST_HASH", "1")  # module scope: before the autouse fixture
        if request.param == "postgresql":
            from tests.conftest import ADMIN

            store = fresh_postgres_store()
            MentoringService(store, FakeClock()).init_network(ADMIN)
        else:
            store = copy_empty_network(directory)
        service = MentoringService(store, FakeClock())
        admin = service.authenticate(service.login("alex.office", PASSWORD).token)
        network = Network(service=service, clock=FakeClock(), data_dir=directory, admin=admin)
        network.mentor(first_name="Ingrid", last_name="Bergman")
        network.mentor(first_name="Zoë", last_name="Ångström", sectors=["Law"])
        searcher = network.member()
    yield network, searcher
    store.close()
    shutil.rmtree(directory, ignore_errors=True)


@FUZZ
@given(text=HOSTILE_TEXT)
def test_the_engine_takes_any_text(searchable: tuple[Network, Actor], text: str) -> None:
    network, _searcher = searchable
    with network.service.store.read() as conn:
        ids, total = search_mentor_ids(conn, SearchQuery(text=text))
    assert len(ids) <= total


@FUZZ
@given(text=HOSTILE_TEXT, programme=HOSTILE_TEXT, country=HOSTILE_TEXT)
@example(text="\x00", programme="\x00", country="x\x00y")  # PostgreSQL refuses NUL: once a 503
def test_every_free_text_filter_takes_any_text(
    searchable: tuple[Network, Actor], text: str, programme: str, country: str
) -> None:
    network, searcher = searchable
    page = network.service.search_mentors(
        searcher, SearchQuery(text=text, programme=programme, country=country)
    )
    assert len(page.items) <= page.total


def test_a_name_is_still_found_among_the_syntax(searchable: tuple[Network, Actor]) -> None:
    network, searcher = searchable
    for text in ['"ingrid', "(ingrid*", "-ingrid", "ingrid)", "Ångström)", "angstrom ["]:
        page = network.service.search_mentors(searcher, SearchQuery(text=text))
        assert page.total == 1, text


@pytest.fixture(scope="module")
def search_api(searchable: tuple[Network, Actor]) -> tuple[FastAPI, dict[str, str]]:
    network, searcher = searchable
    token = network.service.login(searcher.username, PASSWORD).token
    return create_app(network.service), {"Authorization": f"Bearer {token}"}


def _get(app: FastAPI, params: dict[str, str], headers: dict[str, str]) -> httpx.Response:
    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.get("/api/v1/mentors", params=params, headers=headers)

    return asyncio.run(get())


@settings(FUZZ, max_examples=30)
@given(text=HOSTILE_TEXT, country=HOSTILE_TEXT)
@example(text="", country="\x00")
def test_the_api_answers_any_search_text(
    search_api: tuple[FastAPI, dict[str, str]], text: str, country: str
) -> None:
    app, headers = search_api
    response = _get(app, {"text": text, "country": country}, headers)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:  # only what HTTP itself can't carry, said in one line
        assert "\n" not in response.json()["error"]["message"]
