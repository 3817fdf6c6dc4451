"""Sessions with a server: in the system keyring, or in a private file where there is none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from mentor_tui.credentials import KeyringSessionStore
from mentor_tui.domain.models import Session

URL = "http://127.0.0.1:8000"


class MemoryKeyring(KeyringBackend):
    """A keyring that works, in memory (the test machine has none)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.setenv("MENTOR_TUI_NO_KEYRING", "0")
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def session(username: str, days: int = 30) -> Session:
    return Session(
        token=f"token-of-{username}",
        username=username,
        expires_at=datetime.now(UTC) + timedelta(days=days),
    )


def test_sessions_go_to_the_keyring_keyed_by_server_and_username(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    warnings: list[str] = []
    store = KeyringSessionStore(URL, tmp_path, warnings.append)
    assert store.in_keyring
    assert store.get() is None and store.last() is None
    store.put(session("sam.lee"))
    store.put(session("Zoe.Angstrom"))
    assert ("mentor-tui " + URL, "sam.lee") in memory_keyring.entries
    assert store.usernames() == ["sam.lee", "zoe.angstrom"]
    assert store.last() == "zoe.angstrom"
    assert store.get() == session("Zoe.Angstrom").model_copy(
        update={"expires_at": store.get().expires_at}  # type: ignore[union-attr]
    )
    assert store.get("SAM.LEE") is not None
    other_server = KeyringSessionStore("https://mentors.example.edu", tmp_path)
    assert other_server.get("sam.lee") is None
    store.remove("zoe.angstrom")
    assert store.last() == "sam.lee" and store.usernames() == ["sam.lee"]
    assert not warnings and not (tmp_path / "sessions").exists()


def test_an_expired_session_is_not_offered(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    store = KeyringSessionStore(URL, tmp_path)
    store.put(session("sam.lee", days=-1))
    assert store.get("sam.lee") is None


def test_without_a_keyring_a_private_file_is_used_and_said_once(tmp_path: Path) -> None:
    warnings: list[str] = []
    store = KeyringSessionStore(URL, tmp_path, warnings.append)  # the test env: no keyring
    assert not store.in_keyring
    store.put(session("sam.lee"))
    store.put(session("zoe.angstrom"))
    again = KeyringSessionStore(URL, tmp_path, warnings.append)
    again.put(session("sam.lee"))
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert "No system keyring" in warnings[0]
    assert store.fallback_path.stat().st_mode & 0o777 == 0o600
    assert again.last() == "sam.lee"
    assert again.usernames() == ["sam.lee", "zoe.angstrom"]
    assert again.get("zoe.angstrom") is not None
