"""Bad input of every kind: malformed commands, a damaged settings file, a file that is
not a database (or is from a newer mentor-tui), a data dir that can't be written, a
server that is not there or goes away. Each is one clear line, never a traceback, and
nothing the person had is lost."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentor_tui.store.database import DB_FILENAME
from tests.cli.conftest import ADMIN, PASSWORD, Cli
from tests.live_server import LiveServer, free_port, start_live_server

# -- malformed commands ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("whoami", "--colour"), "No such option '--colour'"),
        (("requests", "--incomming"), "Did you mean '--incoming'?"),
        (("mentors", "search", "--sectr", "Law"), "No such option '--sectr'"),
        (("wizard",), "No such command 'wizard'"),
        (("request", "frobnicate", "1"), "No such command 'frobnicate'"),
        (("request", "accept"), "Missing argument 'REQUEST_ID'"),
        (("relationship", "finish", "1", "--feedback", "great"), "'--feedback'"),
        (("profile", "set"), "Missing argument 'FIELD'"),
        (("seed", "--mentors", "0"), "'--mentors'"),
        (("seed",), "Missing option '--mentors'"),
        (("notifications", "--page", "0"), "'--page'"),
    ],
)
def test_a_malformed_command_is_a_usage_mistake(
    net: Cli, args: tuple[str, ...], words: str
) -> None:
    message = net.usage(*args)
    assert words in message
    assert "(see: mentor-tui " in message


def test_help_and_version_work_everywhere(cli: Cli) -> None:
    assert cli.ok("--help").out.startswith("Usage: mentor-tui [OPTIONS] [COMMAND]")
    assert cli.ok("-h").out == cli.ok("--help").out
    assert "mentor-tui, version " in cli.ok("--version").out
    for verb in ("register", "mentors search", "relationship finish", "notifications read"):
        assert "--json" in cli.ok(*verb.split(), "--help").out, verb
    assert "remove-message" in cli.ok("admin", "--help").out


# -- the settings file ------------------------------------------------------------------------


def _default_dirs(tmp_path: Path) -> dict[str, str | None]:
    """No --data-dir and no MENTOR_TUI_DATA_DIR: the platform data dir (kept under tmp)."""
    return {"MENTOR_TUI_DATA_DIR": None, "XDG_DATA_HOME": str(tmp_path / "xdg")}


@pytest.mark.parametrize(
    "content",
    [
        b'theme = "textual-dark\n',  # an unclosed string
        b"server = 5\n",  # a value of the wrong kind
        b"\xff\xfe\x00t\x00h\x00e\x00m\x00e",  # saved as UTF-16 by some editor
    ],
)
def test_a_damaged_settings_file_is_one_line_and_the_command_still_works(
    cli: Cli, tmp_path: Path, content: bytes
) -> None:
    settings = Path(os.environ["MENTOR_TUI_CONFIG_DIR"]) / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_bytes(content)
    env = _default_dirs(tmp_path)
    outcome = cli.ok("init", "--admin", ADMIN, "--email", "o@example.org", "--password-stdin",
                     input=PASSWORD + "\n", env=env, global_args=())  # fmt: skip
    assert str(tmp_path / "xdg" / "mentor-tui") in outcome.out
    warning = outcome.err.splitlines()
    assert len(warning) == 1
    assert warning[0].startswith(f"warning: {settings}")
    assert warning[0].endswith("using default settings.") or "until fixed" in warning[0]
    cli.ok("login", ADMIN, "--password-stdin", input=PASSWORD + "\n", env=env, global_args=())
    assert cli.js("whoami", env=env, global_args=())["username"] == ADMIN
    assert settings.read_bytes() == content  # the person's file is theirs to fix


def test_settings_pointing_at_a_dead_server_is_one_line(cli: Cli, tmp_path: Path) -> None:
    settings = Path(os.environ["MENTOR_TUI_CONFIG_DIR"]) / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{free_port()}"
    settings.write_text(f'server = "{url}"\n')
    env = _default_dirs(tmp_path)
    message = cli.refused("login", ADMIN, "--password-stdin", input=PASSWORD + "\n", env=env,
                          global_args=())  # fmt: skip
    assert message.startswith(f"Can't reach the server at {url}")
    cli.usage("login", env=env, global_args=())


# -- the database file ------------------------------------------------------------------------


def _some_commands() -> list[tuple[str, ...]]:
    return [
        ("whoami",),
        ("login", ADMIN, "--password-stdin"),
        ("register", "--first-name", "Sam", "--last-name", "Lee", "--email", "s@example.org",
         "--role", "student", "--accept-guidelines", "--password-stdin"),
        ("init", "--admin", ADMIN, "--email", "o@example.org", "--password-stdin"),
        ("seed", "--mentors", "3"),
        ("mentors", "search"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "content",
    [
        b"Dear diary, today I typed into the wrong file.\n" * 20,
        bytes(range(256)) * 40,
        b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 200,
    ],
    ids=["text", "binary", "bad-header"],
)
def test_a_file_that_is_not_a_database(cli: Cli, content: bytes) -> None:
    cli.data_dir.mkdir(parents=True)
    database = cli.data_dir / DB_FILENAME
    database.write_bytes(content)
    for args in _some_commands():
        message = cli.refused(*args, input=PASSWORD + "\n")
        assert message.startswith(f"{database} is not a mentor-tui database"), message
        assert message.endswith("Move it aside or choose another --data-dir.")
    assert database.read_bytes() == content  # nothing lost, nothing "repaired"


def test_a_damaged_database(net: Cli) -> None:
    net.member("Sam", "Lee")
    database = net.data_dir / DB_FILENAME
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 3])
    outcome = net.run("login", ADMIN, "--password-stdin", input=PASSWORD + "\n")
    assert outcome.code == 1
    assert "not a mentor-tui database" in outcome.error or "failed" in outcome.error


def test_a_database_from_a_newer_mentor_tui_is_refused_not_damaged(net: Cli) -> None:
    database = net.data_dir / DB_FILENAME
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE schema_info SET version = 999")
    before = database.read_bytes()
    for args in (("whoami",), ("mentors", "search"), ("seed", "--mentors", "2")):
        message = net.refused(*args)
        assert "newer mentor-tui" in message and "Upgrade mentor-tui" in message
    assert database.read_bytes() == before


def test_an_empty_data_dir_is_a_new_network(cli: Cli) -> None:
    assert cli.refused("whoami") == "Nobody is signed in: run 'mentor-tui login NAME' first."
    assert "don't match" in cli.refused("login", ADMIN, "--password-stdin", input="x" * 12 + "\n")
    assert (cli.data_dir / DB_FILENAME).stat().st_mode & 0o077 == 0  # private from the start


def test_damaged_sessions_file(net: Cli) -> None:
    (net.data_dir / "sessions.json").write_text("{ not json")
    assert "mentor-tui login" in net.refused("whoami")
    net.login(ADMIN)
    assert net.js("whoami")["username"] == ADMIN


# -- the data directory -----------------------------------------------------------------------


def test_a_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    cli = Cli(blocker / "network")
    message = cli.refused("init", "--admin", ADMIN, "--email", "o@example.org",
                          "--password-stdin", input=PASSWORD + "\n")  # fmt: skip
    assert message == (
        f"Can't create the data directory {blocker / 'network'} (Not a directory). "
        "Choose another with --data-dir."
    )
    assert "is a file" in Cli(blocker).usage("whoami")


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_data_dir_option_is_not_the_current_directory(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """``--data-dir "$DIR"`` with DIR unset must not start a network where you stand."""
    monkeypatch.chdir(tmp_path)
    message = cli.usage("whoami", global_args=("--data-dir", value))
    assert "'--data-dir': is empty" in message
    assert not (tmp_path / DB_FILENAME).exists()


def test_a_database_path_that_is_a_directory(cli: Cli) -> None:
    (cli.data_dir / DB_FILENAME).mkdir(parents=True)
    message = cli.refused("whoami")
    assert message.startswith(f"Can't write to {cli.data_dir / DB_FILENAME}")
    assert "choose another --data-dir" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through any permission bits")
def test_a_data_dir_that_is_not_writable(net: Cli) -> None:
    net.data_dir.chmod(0o555)
    try:
        message = net.refused("whoami")
        assert "not writable" in message and "--data-dir" in message
    finally:
        net.data_dir.chmod(0o755)


def test_a_data_dir_that_is_not_writable_as_the_store_sees_it(
    net: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same refusal for root, who writes through permission bits: the store is told
    the directory is not writable, as it would be for anyone else."""
    from mentor_tui.store import database

    real_access = os.access
    data_dir = str(net.data_dir)

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if str(path) == data_dir and mode & os.W_OK:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(database.os, "access", access)
    message = net.refused("whoami")
    assert message == (
        f"The data directory {net.data_dir} is not writable. Fix its permissions or "
        "choose another with --data-dir."
    )


# -- a server that is not there, or goes away ---------------------------------------------------


def test_a_closed_port(cli: Cli) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    expected = (
        f"Can't reach the server at {url} (connection refused): check the address, or try "
        "again when it is back."
    )
    server = ("--server", url)
    assert cli.refused("login", ADMIN, "--password-stdin", input=PASSWORD + "\n",
                       global_args=server) == expected  # fmt: skip
    assert cli.refused("register", "--first-name", "Sam", "--last-name", "Lee", "--email",
                       "s@example.org", "--role", "student", "--accept-guidelines",
                       "--password-stdin", input=PASSWORD + "\n",
                       global_args=server) == expected  # fmt: skip


@pytest.mark.parametrize("url", ["not a url", "ftp://example.org", "http://"])
def test_a_server_address_that_is_not_one(cli: Cli, url: str) -> None:
    message = cli.refused("login", ADMIN, "--password-stdin", input=PASSWORD + "\n",
                          global_args=("--server", url))  # fmt: skip
    assert "server" in message.lower()


def test_database_verbs_refuse_a_server(cli: Cli) -> None:
    server = ("--server", f"http://127.0.0.1:{free_port()}")
    for args in (("init", "--admin", ADMIN, "--email", "o@example.org", "--password-stdin"),
                 ("seed", "--mentors", "3")):  # fmt: skip
        message = cli.refused(*args, input=PASSWORD + "\n", global_args=server)
        assert "without --server" in message


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server of this test's own, so it can be stopped mid-way."""
    server = start_live_server(tmp_path / "served")
    yield server
    server.stop()


def test_a_server_that_goes_away(cli: Cli, own_server: LiveServer) -> None:
    server = ("--server", own_server.url)
    signed = cli.run("login", ADMIN, "--password-stdin", input=PASSWORD + "\n",
                     global_args=server)  # fmt: skip
    assert signed.code == 0, signed.err
    assert "No system keyring works here" in signed.err  # said once, when first stored
    assert cli.js("whoami", global_args=server)["username"] == ADMIN
    assert cli.ok("whoami", global_args=server).err == ""
    own_server.stop()
    message = cli.refused("whoami", global_args=server)
    assert message.startswith(f"Can't reach the server at {own_server.url}")
    assert cli.refused("admin", "stats", global_args=server).startswith("Can't reach")


# -- other people's text --------------------------------------------------------------------


def test_control_characters_in_other_peoples_text_are_not_printed(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    net.ok("profile", "set", "bio", "Hi\x1b]0;pwned\x07 there\x1b[31m red", user=sam)
    shown = net.ok("profile", "show", sam, user=ADMIN).out
    assert "\x1b" not in shown and "\x07" not in shown


def test_the_data_dir_option_is_the_one_used(net: Cli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(net.data_dir, elsewhere)
    assert Cli(elsewhere).js("whoami")["username"] == ADMIN
    assert f"Network: {elsewhere / DB_FILENAME}" in Cli(elsewhere).ok("whoami").out
