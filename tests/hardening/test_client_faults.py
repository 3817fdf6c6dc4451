"""When the world around the client misbehaves, the person gets one clear line and can go on.

Each fault is met through the command line (``mentor_tui.cli.main``, in this process, so a
slow server can be slower than a short client timeout without the test waiting long): the
command exits 1 with ``error: <one sentence>`` on stderr and no traceback, and once the
fault is gone the same command works. The remote backend's own answers to broken servers
are in tests/server/test_remote_failures.py; the ones not covered there are added here.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked

import mentor_tui.backend.remote as remote
import mentor_tui.store.database as database
from mentor_tui.backend.remote import RemoteBackend
from mentor_tui.cli import main
from mentor_tui.credentials import KeyringSessionStore
from mentor_tui.domain.errors import MentorError, Unavailable
from mentor_tui.domain.models import Session
from tests.conftest import PASSWORD, copy_empty_network
from tests.live_server import LiveServer, free_port

QUICK_TIMEOUT = 0.3
"""The client's patience in these tests; the slow server takes far longer than this."""
SLOW_SECONDS = 3.0


# -- a server that is not quite a server -------------------------------------------------------


class Misbehaving(BaseHTTPRequestHandler):
    """Answers by the first part of the path: /slow, /html, /broken, /shape, /hangup, ..."""

    def _answer(self) -> None:
        mode = self.path.split("/")[1]
        if mode == "slow":
            time.sleep(SLOW_SECONDS)
        if mode == "hangup":  # reads the request, then closes without a word
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        status, kind, body = {
            "html": (200, "text/html", b"<html><body>Captive portal: log in</body></html>"),
            "broken": (200, "application/json", b'{"token": "abc", '),
            "shape": (200, "application/json", b'{"surprise": true}'),
            "empty": (200, "application/json", b""),
            "moved": (301, "text/html", b""),
            "teapot": (418, "application/json", b'{"error": "short and stout"}'),
        }.get(mode, (200, "application/json", b"{}"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if status == 301:
                self.send_header("Location", "https://elsewhere.example/")
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up waiting, as it should

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._answer()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def misbehaving() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuickRemote(RemoteBackend):
    """The remote backend the command line makes, with a short temper."""

    def __init__(self, base_url: str, session: Session | None = None, **kwargs: Any) -> None:
        super().__init__(base_url, session, QUICK_TIMEOUT, **kwargs)


@pytest.fixture(autouse=True)
def _quick_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote, "RemoteBackend", QuickRemote)


# -- the command line, in this process ---------------------------------------------------------


def cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def refused(result: tuple[int, str, str], *phrases: str) -> str:
    """The command failed with one line on stderr saying ``phrases``; returns that line."""
    code, _out, err = result
    lines = err.strip().splitlines()
    assert code == 1, err
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("error: ") and "Traceback" not in err, line
    for phrase in phrases:
        assert phrase in line, line
    return line


def sign_in(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, server: str
) -> tuple[int, str, str]:
    return cli(
        capsys,
        monkeypatch,
        "--server",
        server,
        "login",
        "alex.office",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )


# -- the server: away, slow, not a server, not speaking TLS -------------------------------------


@pytest.mark.parametrize(
    ("path", "phrases"),
    [
        ("slow", ["no answer in time"]),
        ("html", ["text/html", "not as a mentor-tui server"]),
        ("broken", ["not as a mentor-tui server"]),
        ("shape", ["did not fit Session"]),
        ("empty", ["not as a mentor-tui server"]),
        ("hangup", ["closed the connection"]),
        ("moved", ["redirects to https://elsewhere.example/"]),
        ("teapot", ["HTTP 418"]),
    ],
)
def test_a_server_that_misbehaves_is_one_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    misbehaving: str,
    path: str,
    phrases: list[str],
) -> None:
    line = refused(sign_in(capsys, monkeypatch, f"http://{misbehaving}/{path}"), *phrases)
    assert PASSWORD not in line


def test_a_server_that_is_down_is_one_line_and_the_next_try_works(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, live_server: LiveServer
) -> None:
    down = f"127.0.0.1:{free_port()}"
    refused(sign_in(capsys, monkeypatch, down), "Can't reach the server", "connection refused")
    code, out, err = sign_in(capsys, monkeypatch, live_server.url)  # it's back: go on
    assert code == 0, err
    assert "alex.office" in out


def test_https_to_a_plain_http_port_is_a_tls_failure(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, live_server: LiveServer
) -> None:
    line = refused(
        sign_in(capsys, monkeypatch, f"https://127.0.0.1:{live_server.port}"), "TLS failed"
    )
    assert "https" in line


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda backend: backend.suggest_username("Sam", "Lee"), "shape"),
        (lambda backend: backend.unread_count(), "shape"),
        (lambda backend: backend.mark_notifications_read(), "shape"),
        (lambda backend: backend.whoami(), "hangup"),
        (lambda backend: backend.whoami(), "empty"),
        (lambda backend: backend.whoami(), "teapot"),
        (lambda backend: backend.whoami(), "moved"),
    ],
    ids=["suggestion", "unread", "marked-read", "hangup", "empty", "teapot", "moved"],
)
async def test_every_broken_answer_is_a_mentor_error_with_a_sentence(
    misbehaving: str, call: Any, path: str
) -> None:
    session = Session(token="t", username="sam", expires_at="2099-01-01T00:00:00Z")  # type: ignore[arg-type]
    backend = RemoteBackend(f"http://{misbehaving}/{path}", session, timeout=QUICK_TIMEOUT)
    with pytest.raises(MentorError) as error:
        await call(backend)
    text = str(error.value)
    assert isinstance(error.value, Unavailable), text
    assert "\n" not in text and text.endswith(".") and len(text) < 250


# -- the keyring: locked, or not there at all ---------------------------------------------------


class LockedKeyring(KeyringBackend):
    """A keyring that is there but locked (the desktop's wallet asks for a password)."""

    priority = 10  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the collection is locked")


@pytest.fixture
def with_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Lets a test choose the keyring backend; the suite's default is no keyring at all."""
    monkeypatch.delenv("MENTOR_TUI_NO_KEYRING")
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


@pytest.mark.parametrize("kind", ["locked", "missing"])
def test_without_a_usable_keyring_the_session_goes_to_a_private_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    live_server: LiveServer,
    with_keyring: Any,
    kind: str,
) -> None:
    from keyring.backends import fail

    with_keyring(LockedKeyring() if kind == "locked" else fail.Keyring())
    code, out, err = sign_in(capsys, monkeypatch, live_server.url)
    assert code == 0, err
    assert "Signed in" in out or "alex.office" in out
    warning = err.strip().splitlines()
    assert len(warning) == 1 and "No system keyring works here" in warning[0], err
    stored = KeyringSessionStore.for_server(live_server.url).fallback_path
    assert stored.stat().st_mode & 0o777 == 0o600
    assert stored.parent.stat().st_mode & 0o777 == 0o700
    code, out, err = cli(capsys, monkeypatch, "--server", live_server.url, "whoami")
    assert code == 0 and "alex.office" in out, err  # the next command finds the session
    token = KeyringSessionStore.for_server(live_server.url).get("alex.office")
    assert token is not None and token.token in stored.read_text()
    code, out, err = cli(capsys, monkeypatch, "--server", live_server.url, "logout")
    assert code == 0, err
    assert token.token not in stored.read_text()  # signing out takes the token away


# -- the settings file, the data directory, the database -----------------------------------------


def test_a_corrupt_settings_file_is_one_warning_and_the_defaults(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = Path(os.environ["MENTOR_TUI_CONFIG_DIR"]) / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_bytes(b'server = "unterminated\n\xff\xfe theme = [')
    monkeypatch.delenv("MENTOR_TUI_DATA_DIR")  # no --data-dir: the settings are read...
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # ...and no real home touched
    code, _out, err = cli(capsys, monkeypatch, "whoami")
    lines = err.strip().splitlines()
    assert code == 1
    assert lines[0].startswith("warning: ") and "settings.toml" in lines[0], err
    assert "using default settings" in lines[0]
    assert lines[1].startswith("error: ") and "Nobody is signed in" in lines[1]
    assert len(lines) == 2 and "Traceback" not in err
    assert settings.read_bytes().startswith(b'server = "unterminated')  # left for the user


def _without_root_powers() -> list[str]:
    """A prefix that runs a command without root's power over file permissions."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions can't be tested")
    caps = "-dac_override,-dac_read_search,-fowner"
    return ["setpriv", "--bounding-set", caps, "--inh-caps", caps]


def _cli_process(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mentor_tui", "--data-dir", str(data_dir), *args]
    return subprocess.run(
        [*_without_root_powers(), *command],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MENTOR_TUI_FAST_HASH": "1"},
    )


@pytest.mark.parametrize("where", ["existing", "new"])
def test_a_read_only_data_dir_is_one_line(tmp_path: Path, where: str) -> None:
    locked = tmp_path / "locked"
    if where == "existing":
        copy_empty_network(locked).close()
        data_dir = locked
    else:
        locked.mkdir()
        data_dir = locked / "network"
    locked.chmod(0o555)
    try:
        done = _cli_process(data_dir, "login", "alex.office", "--password-stdin", stdin=PASSWORD)
        assert done.returncode == 1, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert str(data_dir) in lines[0] and "--data-dir" in lines[0]
    finally:
        locked.chmod(0o755)
    if where == "existing":  # writable again: the same command goes on
        done = _cli_process(data_dir, "login", "alex.office", "--password-stdin", stdin=PASSWORD)
        assert done.returncode == 0, done.stderr


LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
"""


def test_a_database_locked_by_another_program_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    copy_empty_network(tmp_path / "net").close()
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)  # give up quickly, for the test
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(tmp_path / "net" / database.DB_FILENAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        args = ("--data-dir", str(tmp_path / "net"), "login", "alex.office", "--password-stdin")
        result = cli(capsys, monkeypatch, *args, stdin=PASSWORD + "\n")
        refused(result, "busy in another program", "Try again in a moment")
    finally:
        assert locker.stdin is not None
        locker.stdin.close()
        locker.wait(timeout=10)
    code, _out, err = cli(capsys, monkeypatch, *args, stdin=PASSWORD + "\n")
    assert code == 0, err  # the other program is done: the same command works


def test_a_password_in_the_server_address_is_never_shown(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind a proxy with basic auth, the address may carry a password: messages mask it."""
    down = f"http://sam:proxy-pass-81@127.0.0.1:{free_port()}"
    line = refused(sign_in(capsys, monkeypatch, down), "Can't reach the server")
    assert "proxy-pass-81" not in line and "sam:***@127.0.0.1" in line
    assert "proxy-pass-81" not in RemoteBackend(down).where
