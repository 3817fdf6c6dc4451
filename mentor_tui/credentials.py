"""Stored sessions: which accounts are signed in to a network, and which one acts.

For the embedded network the sessions live in ``sessions.json`` beside the database
(owner-only), since whoever can read that directory can read the database anyway.
For a server (later) tokens go to the system keyring, with the same private-file
fallback where no keyring works (headless boxes, SSH sessions).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

from mentor_tui.domain.models import Session

SESSIONS_FILE = "sessions.json"


class _Stored(BaseModel):
    last: str | None = None
    sessions: dict[str, Session] = {}


class SessionStore:
    """Sessions of one network, kept in a private JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning: str | None = None

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> SessionStore:
        return cls(data_dir / SESSIONS_FILE)

    def _load(self) -> _Stored:
        try:
            return _Stored.model_validate_json(self.path.read_bytes())
        except FileNotFoundError:
            return _Stored()
        except (OSError, ValidationError, ValueError):
            self.warning = f"{self.path} was unreadable; sign in again."
            return _Stored()

    def _save(self, stored: _Stored) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(stored.model_dump_json(indent=2))
        tmp.replace(self.path)

    def get(self, username: str | None = None) -> Session | None:
        """The stored, unexpired session of ``username`` (default: the last one used)."""
        stored = self._load()
        name = (username or stored.last or "").lower()
        session = stored.sessions.get(name)
        if session is None or session.expires_at <= datetime.now(UTC):
            return None
        return session

    def usernames(self) -> list[str]:
        return sorted(self._load().sessions)

    def last(self) -> str | None:
        return self._load().last

    def put(self, session: Session) -> None:
        stored = self._load()
        stored.sessions[session.username.lower()] = session
        stored.last = session.username.lower()
        self._save(stored)

    def remove(self, username: str) -> None:
        stored = self._load()
        stored.sessions.pop(username.lower(), None)
        if stored.last == username.lower():
            stored.last = next(iter(sorted(stored.sessions)), None)
        self._save(stored)
