"""Stored sessions: which accounts are signed in to a network, and which one acts.

For the embedded network the sessions live in ``sessions.json`` beside the database
(owner-only), since whoever can read that directory can read the database anyway.
For a server, tokens go to the system keyring keyed by (server URL, username), with a
private-file fallback under the config dir where no keyring works (headless boxes, SSH
sessions) or ``MENTOR_TUI_NO_KEYRING=1`` asks for it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentor_tui.private_files import replace_private

if TYPE_CHECKING:
    from mentor_tui.domain.models import Session

SESSIONS_FILE = "sessions.json"
NO_KEYRING_ENV = "MENTOR_TUI_NO_KEYRING"
KEYRING_INDEX = "@accounts"
"""The keyring entry listing a server's accounts; '@' is never part of a username."""


def _usable(store: SessionStore | KeyringSessionStore, name: str, raw: object) -> Session | None:
    """The stored session ``raw`` of ``name``, validated, unless it has expired; one that
    isn't a session sets the store's warning. pydantic and the models are imported here,
    when a session is used, not when the app starts."""
    from pydantic import ValidationError

    from mentor_tui.domain.models import Session

    try:
        session = Session.model_validate(raw)
    except ValidationError:
        store.warning = f"The stored session of {name} was unreadable; sign in again."
        return None
    return session if session.expires_at > datetime.now(UTC) else None


def _unexpired(raw: object) -> bool:
    """Whether ``raw`` looks like a stored session that has not expired (stdlib only)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("expires_at"), str):
        return False
    try:
        expires = datetime.fromisoformat(raw["expires_at"])
    except ValueError:
        return False
    return expires.tzinfo is not None and expires > datetime.now(UTC)


class SessionStore:
    """Sessions of one network, kept in a private JSON file.

    The file is read as plain JSON; a session is validated when it is used, so the app
    can tell whether someone is signed in before it imports pydantic (see ``signed_in``).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning: str | None = None

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> SessionStore:
        return cls(data_dir / SESSIONS_FILE)

    def _load(self) -> tuple[str | None, dict[str, dict[str, Any]]]:
        """The last account used, and every stored session as plain data."""
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return None, {}
        except (OSError, ValueError):
            data = None
        sessions = data.get("sessions", {}) if isinstance(data, dict) else None
        last = data.get("last") if isinstance(data, dict) else None
        if not isinstance(sessions, dict) or not (last is None or isinstance(last, str)):
            self.warning = f"{self.path} was unreadable; sign in again."
            return None, {}
        return last, {str(name): raw for name, raw in sessions.items() if isinstance(raw, dict)}

    def _save(self, last: str | None, sessions: dict[str, dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        replace_private(self.path, json.dumps({"last": last, "sessions": sessions}, indent=2))

    def _chosen(self, username: str | None) -> tuple[str, dict[str, Any] | None]:
        """The account asked for (``username``, or the last one used) and its stored data."""
        last, sessions = self._load()
        name = (username or last or "").lower()
        return name, sessions.get(name)

    def signed_in(self, username: str | None = None) -> str | None:
        """Who has a stored, unexpired session (``username``, or the last one used); cheap
        enough for the app to choose its first screen with."""
        name, raw = self._chosen(username)
        return str(raw.get("username") or name) if raw and _unexpired(raw) else None

    def get(self, username: str | None = None) -> Session | None:
        """The stored, unexpired session of ``username`` (default: the last one used)."""
        name, raw = self._chosen(username)
        return _usable(self, name, raw) if raw is not None else None

    def usernames(self) -> list[str]:
        return sorted(self._load()[1])

    def last(self) -> str | None:
        return self._load()[0]

    def put(self, session: Session) -> None:
        _, sessions = self._load()
        name = session.username.lower()
        sessions[name] = session.model_dump(mode="json")
        self._save(name, sessions)

    def remove(self, username: str) -> None:
        last, sessions = self._load()
        sessions.pop(username.lower(), None)
        if last == username.lower():
            last = next(iter(sorted(sessions)), None)
        self._save(last, sessions)


class KeyringSessionStore:
    """Sessions of one server, kept in the system keyring (same interface as SessionStore).

    Each session is a keyring entry (service ``mentor-tui URL``, account = username);
    one more entry, ``@accounts``, lists the usernames and the last one used. Where no
    keyring works, everything goes to a private file under the config dir instead, and
    ``warn`` is told so once (when that file is first written).
    """

    def __init__(
        self, server_url: str, fallback_dir: Path, warn: Callable[[str], None] | None = None
    ) -> None:
        self.server_url = server_url
        self.service_name = f"mentor-tui {server_url}"
        self.warning: str | None = None
        self._warn = warn
        slug = re.sub(r"[^a-z0-9]+", "-", server_url.lower().split("://", 1)[-1]).strip("-")
        import hashlib  # only for a server's sessions: not on the app's start-up path

        digest = hashlib.sha256(server_url.encode()).hexdigest()[:8]
        self.fallback_path = fallback_dir / "sessions" / f"{slug[:60]}-{digest}.json"
        self._fallback: SessionStore | None = None
        if os.environ.get(NO_KEYRING_ENV) == "1" or not _keyring_works():
            self._use_fallback()

    @classmethod
    def for_server(
        cls, server_url: str, warn: Callable[[str], None] | None = None
    ) -> KeyringSessionStore:
        from mentor_tui.locations import config_dir

        return cls(server_url, config_dir(), warn)

    @property
    def in_keyring(self) -> bool:
        return self._fallback is None

    def _use_fallback(self) -> SessionStore:
        if self._fallback is None:
            self._fallback = SessionStore(self.fallback_path)
        return self._fallback

    # -- the keyring, with a switch to the file if it fails mid-way ----------------------

    def _read(self, account: str) -> str | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(self.service_name, account)
        except (KeyringError, RuntimeError, OSError):
            self._use_fallback()
            return None

    def _write(self, account: str, value: str | None) -> bool:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            if value is None:
                with contextlib.suppress(PasswordDeleteError):  # not there: nothing to do
                    keyring.delete_password(self.service_name, account)
            else:
                keyring.set_password(self.service_name, account, value)
            return True
        except (KeyringError, RuntimeError, OSError):
            self._use_fallback()
            return False

    def _index(self) -> dict[str, Any]:
        raw = self._read(KEYRING_INDEX)
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {}
        names = data.get("usernames") if isinstance(data, dict) else None
        last = data.get("last") if isinstance(data, dict) else None
        return {
            "usernames": sorted({str(n) for n in names}) if isinstance(names, list) else [],
            "last": str(last) if last else None,
        }

    # -- the interface of SessionStore --------------------------------------------------

    def get(self, username: str | None = None) -> Session | None:
        """The stored, unexpired session of ``username`` (default: the last one used)."""
        if self._fallback is not None:
            return self._fallback.get(username)
        last = self._index()["last"]
        if self._fallback is not None:  # the keyring failed just now (locked, say)
            return self._fallback.get(username)
        name = (username or last or "").lower()
        if not name:
            return None
        raw = self._read(name)
        if self._fallback is not None:
            return self._fallback.get(username)
        if not raw:
            return None
        try:
            stored = json.loads(raw)
        except ValueError:
            stored = None  # not JSON: unreadable, as a session of the wrong shape is
        return _usable(self, name, stored)

    def signed_in(self, username: str | None = None) -> str | None:
        """Who has a stored, unexpired session (``username``, or the last one used)."""
        session = self.get(username)
        return session.username if session is not None else None

    def usernames(self) -> list[str]:
        index = self._index() if self._fallback is None else {}
        if self._fallback is not None:  # there from the start, or the keyring failed now
            return self._fallback.usernames()
        return list(index["usernames"])

    def last(self) -> str | None:
        index = self._index() if self._fallback is None else {}
        if self._fallback is not None:
            return self._fallback.last()
        last = index["last"]
        return str(last) if last else None

    def put(self, session: Session) -> None:
        name = session.username.lower()
        if self._fallback is None:
            index = self._index()
            stored = self._write(name, session.model_dump_json())
            if stored:
                index["usernames"] = sorted({*index["usernames"], name})
                index["last"] = name
                if self._write(KEYRING_INDEX, json.dumps(index)):
                    return
        fallback = self._use_fallback()
        if not fallback.path.exists():
            _private_dir(fallback.path.parent)
            if self._warn is not None:
                self._warn(
                    f"No system keyring works here: sessions for {self.server_url} are kept "
                    f"in {fallback.path}, readable only by you."
                )
        fallback.put(session)

    def remove(self, username: str) -> None:
        name = username.lower()
        if self._fallback is not None:
            self._fallback.remove(name)
            return
        index = self._index()
        if self._fallback is not None:  # the keyring failed just now: the file has it
            self._fallback.remove(name)
            return
        self._write(name, None)
        index["usernames"] = [n for n in index["usernames"] if n != name]
        if index["last"] == name:
            index["last"] = index["usernames"][0] if index["usernames"] else None
        self._write(KEYRING_INDEX, json.dumps(index))


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # not ours to change: the file itself is 0600
        path.chmod(0o700)


def _keyring_works() -> bool:
    """Whether a real keyring backend is there (not the 'fail' or a null one)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        priority = getattr(backend, "priority", 0)
        return not isinstance(backend, fail.Keyring) and float(priority) > 0
    except Exception:  # a broken keyring install must not stop the command line
        return False
