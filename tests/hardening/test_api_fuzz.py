"""Schemathesis against the server's own OpenAPI description: no 5xx, ever, and every answer
as the description says (status, content type, body schema).

Every operation is fuzzed as three callers (nobody, a member who mentors, the office) with
valid-looking input and with input that breaks the schema. Each operation runs on its own
copy of the hardening network, and each example signs in afresh, so a fuzzed sign-out or
password change doesn't turn the rest of the run into 401s.

The run is deterministic by default (CI must not flicker); ``MENTOR_TUI_FUZZ_RANDOM=1``
explores new inputs, and ``MENTOR_TUI_FUZZ_EXAMPLES`` sets how many per operation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mentor_tui.server import create_app
from mentor_tui.server.ratelimit import SignInLimiter
from mentor_tui.service import MentoringService
from tests.conftest import PASSWORD
from tests.hardening.conftest import Copy, World, copy_world

EXAMPLES = int(os.environ.get("MENTOR_TUI_FUZZ_EXAMPLES", "8"))
"""Per operation, caller and mode: about a minute for the whole description on CI."""
RANDOM = os.environ.get("MENTOR_TUI_FUZZ_RANDOM") == "1"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CALLERS = ("anonymous", "mentor", "admin")


def _operations() -> list[tuple[str, bool]]:
    """Every operation of the description, and whether it takes any input at all."""
    app = create_app(MentoringService.__new__(MentoringService))
    return sorted(
        (f"{method.upper()} {path}", bool(spec.get("parameters") or spec.get("requestBody")))
        for path, methods in app.openapi()["paths"].items()
        for method, spec in methods.items()
    )


OPERATIONS = [label for label, _ in _operations()]
CASES = [
    pytest.param(label, caller, mode, id=f"{label}-{caller}-{mode.value}")
    for label, has_input in _operations()
    for caller in CALLERS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if has_input or mode is GenerationMode.POSITIVE  # nothing to break where nothing goes in
]
_SCHEMA: dict[str, Any] = {}


def _schema(copy: Copy) -> Any:
    """The description read once from the shared app (every copy re-points that app)."""
    if "schema" not in _SCHEMA:
        _SCHEMA["schema"] = schemathesis.openapi.from_asgi("/api/v1/openapi.json", copy.app)
    schema = _SCHEMA["schema"]
    assert schema.app is copy.app
    return schema


@pytest.fixture
def fuzz_copy(world: World, tmp_path: Path) -> Iterator[Copy]:
    copy = copy_world(world, tmp_path / "net")
    copy.app.state.limiter = SignInLimiter(base_delay=0.0)  # refuses (429), never sleeps
    yield copy
    copy.store.close()


def test_the_fuzzed_description_covers_every_operation() -> None:
    assert len(OPERATIONS) >= 50
    assert "POST /api/v1/sessions" in OPERATIONS


@pytest.mark.parametrize(("label", "caller", "mode"), CASES)
def test_no_input_breaks_the_server(
    fuzz_copy: Copy, label: str, caller: str, mode: GenerationMode
) -> None:
    schema = _schema(fuzz_copy)
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    service = fuzz_copy.service
    username = "alex.office" if caller == "admin" else fuzz_copy.world.actors["mentor"].username

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case: Any) -> None:
        headers = {}
        if caller != "anonymous":
            token = service.login(username, PASSWORD).token
            headers["Authorization"] = f"Bearer {token}"
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    fuzz()
