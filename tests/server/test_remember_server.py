"""`mentor-tui --server URL login NAME` remembers the server and the account in
settings.toml, so later commands and the app go there without --server."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from mentor_tui.cli import cli
from mentor_tui.config import settings_path
from tests.live_server import ADMIN, PASSWORD, LiveServer


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_login_remembers_the_server_and_the_account(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MENTOR_TUI_DATA_DIR")  # an explicit data dir means "embedded"
    code, _, err = _run(
        "--server", live_server.url, "login", ADMIN, "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert code == 0, err
    saved = tomllib.loads(settings_path().read_text(encoding="utf-8"))
    assert saved["server"] == live_server.url.rstrip("/")
    assert saved["last_user"] == ADMIN

    code, out, err = _run("whoami", "--json")  # no --server: the remembered one
    assert code == 0, err
    assert json.loads(out)["username"] == ADMIN


def test_a_damaged_settings_file_is_not_overwritten(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MENTOR_TUI_DATA_DIR")
    path: Path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("theme = [unclosed\n", encoding="utf-8")
    code, _, err = _run(
        "--server", live_server.url, "login", ADMIN, "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert code == 0
    notes = [line for line in err.splitlines() if "Not remembering" in line]
    assert len(notes) == 1 and "not valid TOML" in notes[0]
    assert path.read_text(encoding="utf-8") == "theme = [unclosed\n"
