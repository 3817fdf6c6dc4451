"""Passwords and tokens stay secret: not in logs, not in error messages, not in crash
reports; the files that hold them (or the whole network) are the owner's alone.

(Sign-in's rate limit is a row of the authorisation matrix, test_authorisation.py.)
"""

from __future__ import annotations

import io
import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mentor_tui.cli import CliContext, main
from mentor_tui.credentials import SessionStore
from mentor_tui.domain.models import Session
from mentor_tui.locations import state_dir
from mentor_tui.redact import redact
from mentor_tui.store.database import DB_FILENAME, Store
from tests.conftest import PASSWORD, copy_empty_network
from tests.hardening.conftest import Copy
from tests.live_server import LiveServer

NEW_PASSWORD = "a whole new secret 7731"
WRONG_PASSWORD = "wrong guess 4412 zz"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """Whatever the user's umask, the files must come out private."""
    previous = os.umask(0)
    yield
    os.umask(previous)


# -- logs -------------------------------------------------------------------------------------


def test_the_server_log_never_holds_a_password_or_token(live_server: LiveServer) -> None:
    """A real server process, signed in and out of, refused, changed: then its log is read."""
    api = f"{live_server.url}/api/v1"
    tokens = []
    with httpx.Client(base_url=api, timeout=30) as http:
        joined = http.post(
            "/members",
            json={
                "first_name": "Secret",
                "last_name": "Keeper",
                "username": "secret.keeper",
                "password": PASSWORD,
                "email": "secret.keeper@hardening.test",
                "role": "student",
                "accept_guidelines": True,
            },
        )
        assert joined.status_code == 201, joined.text
        bad = http.post("/sessions", json={"username": "secret.keeper", "password": WRONG_PASSWORD})
        assert bad.status_code == 401
        good = http.post("/sessions", json={"username": "secret.keeper", "password": PASSWORD})
        tokens.append(good.json()["token"])
        headers = {"Authorization": f"Bearer {tokens[0]}"}
        assert http.patch("/me", json={"headline": "Hello"}, headers=headers).status_code == 200
        changed = http.put(
            "/me/password", json={"old": PASSWORD, "new": NEW_PASSWORD}, headers=headers
        )
        tokens.append(changed.json()["token"])
        stale = http.get("/me", headers=headers)  # the old token ended with the change
        assert stale.status_code == 401
        malformed = http.post(
            "/sessions",
            content=f'{{"username": "secret.keeper", "password": "{NEW_PASSWORD}"',
            headers={"content-type": "application/json"},
        )
        assert malformed.status_code == 422
        wrong_type = http.post("/sessions", json={"username": ["x"], "password": NEW_PASSWORD})
        assert wrong_type.status_code == 422
        for answer in (bad, stale, malformed, wrong_type):
            for secret in (PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, *tokens):
                assert secret not in answer.text
        http.delete("/sessions/current", headers={"Authorization": f"Bearer {tokens[1]}"})
    log = live_server.log_path.read_text(errors="replace")
    assert "POST /api/v1/sessions" in log  # the log is the one this server writes to
    for secret in (PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, *tokens):
        assert secret not in log


async def test_no_logger_in_the_process_hears_a_secret(
    world_copy: Copy, world_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Everything any logger says at DEBUG while members sign in, act and fail, in-process,
    including an unexpected failure whose own message carries secrets."""
    mentor = world_copy.world.actors["mentor"].username
    token = world_copy.world.tokens["mentor"]

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"token={token} password={PASSWORD} Authorization: Bearer {token}")

    with caplog.at_level(logging.DEBUG):
        signed = await world_client.post(
            "/api/v1/sessions", json={"username": mentor, "password": PASSWORD}
        )
        fresh = signed.json()["token"]
        headers = {"Authorization": f"Bearer {fresh}"}
        await world_client.post(
            "/api/v1/sessions", json={"username": mentor, "password": WRONG_PASSWORD}
        )
        await world_client.put(
            "/api/v1/me/password",
            json={"old": WRONG_PASSWORD, "new": NEW_PASSWORD},
            headers=headers,
        )
        world_copy.service.stats = explode  # type: ignore[method-assign]
        world_copy.service.me = explode  # type: ignore[method-assign]
        crashed = await world_client.get("/api/v1/me", headers=headers)
        assert crashed.status_code == 500
    said = caplog.text + "".join(str(record.args) for record in caplog.records)
    assert "RuntimeError" in said  # the failure was logged...
    for secret in (PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, token, fresh):
        assert secret not in said  # ...without what it carried
        assert secret not in crashed.text


def test_redact_takes_out_every_kind_of_secret() -> None:
    text = redact(
        "Session(token='tok-1', username='sam') PasswordChange(old='p-old', new='p-new') "
        '{"password": "p-json"} Bearer tok-2 password_hash=$argon2id$v=19$m=65536,t=3,p=4$c2$aA '
        "postgresql://app:db-pass@host/db [parameters: ('p-param', 3)]\nrenew: stays"
    )
    for secret in ("tok-1", "p-old", "p-new", "p-json", "tok-2", "c2$aA", "db-pass", "p-param"):
        assert secret not in text
    assert "renew: stays" in text and "username='sam'" in text


def test_a_session_never_shows_its_token_in_a_repr() -> None:
    """Tracebacks that list local variables (the app's crash screen does) print reprs."""
    session = Session(token="tok-in-repr", username="sam", expires_at="2099-01-01T00:00:00Z")  # type: ignore[arg-type]
    assert "tok-in-repr" not in repr(session) and "tok-in-repr" not in str(session)
    assert session.model_dump()["token"] == "tok-in-repr"  # still stored and sent


# -- error messages and crash output ---------------------------------------------------------


def run_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, stdin: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_a_wrong_password_is_never_repeated_back(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    copy_empty_network(tmp_path / "net").close()
    base = ("--data-dir", str(tmp_path / "net"))
    code, out, err = run_cli(
        monkeypatch, capsys, *base, "login", "alex.office", "--password-stdin", stdin=WRONG_PASSWORD
    )
    assert code == 1 and "don't match" in err
    assert WRONG_PASSWORD not in out + err
    code, out, err = run_cli(
        monkeypatch, capsys, *base, "login", "alex.office", "--password-stdin", stdin=PASSWORD
    )
    assert code == 0, err
    code, out, err = run_cli(
        monkeypatch,
        capsys,
        *base,
        "password",
        "change",
        "--password-stdin",
        stdin=f"{WRONG_PASSWORD}\nshort\n",
    )
    assert code == 1 and WRONG_PASSWORD not in out + err and "short" not in err.split(":", 1)[0]


def test_a_crash_shows_and_keeps_no_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secrets = ("hunter2-pass", "tok-crash-77", "c2FsdA$aGFzaA")

    def explode(_self: CliContext) -> None:
        raise RuntimeError(
            "INSERT failed [parameters: ('c2FsdA$aGFzaA',)] with password=hunter2-pass "
            "and Authorization: Bearer tok-crash-77"
        )

    monkeypatch.setattr(CliContext, "signed_in", explode)
    code, out, err = run_cli(
        monkeypatch, capsys, "--data-dir", str(tmp_path / "net"), "whoami", stdin=""
    )
    assert code == 70
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "unexpected problem (RuntimeError" in lines[0], err
    reports = sorted(state_dir().glob("crash-*.txt"))
    assert reports, "a crash report was written"
    report = reports[-1]
    assert str(report) in lines[0]
    assert mode(report) == 0o600
    text = report.read_text()
    assert "Traceback" in text and "RuntimeError" in text
    for secret in secrets:
        assert secret not in out + err
        assert secret not in text


# -- files: owner-only --------------------------------------------------------------------------


def test_a_new_network_database_is_the_owners_alone(tmp_path: Path, permissive_umask: None) -> None:
    data_dir = tmp_path / "net"
    store = Store.open_data_dir(data_dir)
    try:
        with store.write() as conn:  # WAL: the -wal and -shm files appear with a write
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS probe (x INTEGER)")
        files = [data_dir / DB_FILENAME, *data_dir.glob(f"{DB_FILENAME}-*")]
        assert {f.name for f in files} >= {DB_FILENAME, f"{DB_FILENAME}-wal"}
        for file in files:
            assert mode(file) == 0o600, f"{file.name} is {oct(mode(file))}"
    finally:
        store.close()


def test_stored_sessions_are_the_owners_alone(tmp_path: Path, permissive_umask: None) -> None:
    sessions = SessionStore.for_data_dir(tmp_path / "net")
    sessions.put(Session(token="tok", username="sam", expires_at="2099-01-01T00:00:00Z"))  # type: ignore[arg-type]
    assert mode(sessions.path) == 0o600


def test_the_settings_file_is_the_owners_alone(tmp_path: Path, permissive_umask: None) -> None:
    """It may keep a server URL with a proxy's user:password@ in it."""
    from mentor_tui.config import load_settings, remember_server_login

    path = tmp_path / "config" / "settings.toml"
    assert remember_server_login("https://me:proxy-secret@mentors.example.edu", "sam", path) is None
    assert mode(path) == 0o600
    assert load_settings(path)[0].server == "https://me:proxy-secret@mentors.example.edu"


def test_an_account_export_is_the_owners_alone(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    permissive_umask: None,
) -> None:
    copy_empty_network(tmp_path / "net").close()
    base = ("--data-dir", str(tmp_path / "net"))
    code, _out, err = run_cli(
        monkeypatch, capsys, *base, "login", "alex.office", "--password-stdin", stdin=PASSWORD
    )
    assert code == 0, err
    target = tmp_path / "export.json"
    code, _out, err = run_cli(
        monkeypatch, capsys, *base, "account", "export", "-o", str(target), stdin=""
    )
    assert code == 0, err
    assert "office@example.org" in target.read_text()
    assert mode(target) == 0o600


async def test_the_apps_crash_report_lists_no_local_variables(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Textual's crash screen prints every frame's locals by default; a password typed a
    moment before, or the session in the backend's frame, must not be among them."""
    from mentor_tui.backend.local import LocalBackend
    from mentor_tui.tui.app import MentorApp

    copy_empty_network(tmp_path / "net").close()
    backend = LocalBackend.open(tmp_path / "net")
    app = MentorApp(backend, sessions=SessionStore.for_data_dir(tmp_path / "net"))

    def sign_in_and_crash() -> None:
        password = "-".join(["typed", "secret", "5521"])  # noqa: F841 - never in the report
        raise RuntimeError("the unexpected")

    with pytest.raises(RuntimeError, match="the unexpected"):
        async with app.run_test() as pilot:
            app.call_later(sign_in_and_crash)
            await pilot.pause()
    out, err = capfd.readouterr()  # Textual prints the report as the app exits
    shown = out + err
    assert "RuntimeError" in shown and "the unexpected" in shown  # the report is there...
    assert "typed-secret-5521" not in shown  # ...without the locals
    backend.service.store.close()


def test_a_looser_file_already_there_is_made_the_owners_alone(
    tmp_path: Path, permissive_umask: None
) -> None:
    """An export over an old file, or a stale .tmp from a crash: O_CREAT keeps their mode."""
    from mentor_tui.private_files import replace_private, write_private

    export = tmp_path / "export.json"
    export.write_text("old")
    export.chmod(0o644)
    write_private(export, "new")
    assert mode(export) == 0o600 and export.read_text() == "new"

    settings = tmp_path / "settings.toml"
    stale = tmp_path / "settings.tmp"
    stale.write_text("half")
    stale.chmod(0o666)
    replace_private(settings, b"theme = 'x'\n")
    assert mode(settings) == 0o600 and settings.read_bytes() == b"theme = 'x'\n"
    assert not stale.exists()
