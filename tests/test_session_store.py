"""sessions.json: who is signed in is told without pydantic (before the app's first
frame); a session is validated when used, and a damaged one costs only itself."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mentor_tui.credentials import SessionStore
from mentor_tui.domain.models import Session


def _session(username: str, days: float = 1) -> Session:
    return Session(
        token=f"tok-{username}",
        username=username,
        expires_at=datetime.now(UTC) + timedelta(days=days),
    )


def test_signed_in_names_the_last_unexpired_session(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.json")
    assert store.signed_in() is None
    store.put(_session("Ada"))
    store.put(_session("bob"))
    assert store.signed_in() == "bob"
    assert store.signed_in("ADA") == "Ada"
    assert store.signed_in("carol") is None
    session = store.get("ada")
    assert session is not None and (session.username, session.token) == ("Ada", "tok-Ada")


def test_an_expired_session_is_not_signed_in(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.json")
    store.put(_session("ada", days=-1))
    assert store.signed_in() is None
    assert store.get() is None


def test_a_damaged_session_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "sessions.json"
    store = SessionStore(path)
    store.put(_session("ada"))
    store.put(_session("bob"))
    data = json.loads(path.read_text())
    data["sessions"]["bob"]["token"] = 42  # hand-edited, or written by a broken version
    data["sessions"]["bob"]["expires_at"] = "next tuesday"
    path.write_text(json.dumps(data))
    assert store.signed_in() is None  # bob's can't be told unexpired: sign in by hand
    assert store.get("bob") is None
    assert store.warning == "The stored session of bob was unreadable; sign in again."
    assert store.get("ada") is not None
    store.put(_session("carol"))  # the others are kept as they were
    assert sorted(json.loads(path.read_text())["sessions"]) == ["ada", "bob", "carol"]


def test_a_file_that_is_not_sessions_is_said_and_replaced_on_the_next_sign_in(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sessions.json"
    for content in ("{ not json", "[1, 2]", '{"sessions": [], "last": null}', '{"last": 3}'):
        path.write_text(content)
        store = SessionStore(path)
        assert store.signed_in() is None
        assert store.warning == f"{path} was unreadable; sign in again."
    store.put(_session("ada"))
    assert SessionStore(path).signed_in() == "ada"
    assert path.stat().st_mode & 0o077 == 0


def test_the_file_keeps_its_shape(tmp_path: Path) -> None:
    """Files written before this change (pydantic's dump) read the same."""
    path = tmp_path / "sessions.json"
    later = (datetime.now(UTC) + timedelta(days=3)).isoformat().replace("+00:00", "Z")
    path.write_text(
        json.dumps(
            {
                "last": "ada",
                "sessions": {"ada": {"token": "t", "username": "ada", "expires_at": later}},
            },
            indent=2,
        )
    )
    store = SessionStore(path)
    assert store.signed_in() == "ada"
    session = store.get()
    assert session is not None and session.token == "t"
