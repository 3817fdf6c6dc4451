"""The real command, in real processes: both entry points, exit statuses, one line on
stderr for a refusal, never a traceback, the hidden password prompt at a real terminal,
and a whole journey scripted with --json as a person would script it."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyte
import pytest

from mentor_tui.store.database import DB_FILENAME
from tests.cli.conftest import ADMIN, PASSWORD
from tests.live_server import free_port

BIN = Path(sys.executable).parent
MENTOR_TUI = BIN / "mentor-tui"
PROCESS_TIMEOUT = 60
"""A hang guard for one command, not a speed requirement."""


def mentor_tui(
    data_dir: Path, *args: str, stdin: str | None = None, module: bool = False
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mentor_tui"] if module else [str(MENTOR_TUI)]
    done = subprocess.run(
        [*command, "--data-dir", str(data_dir), *args],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    for stream in (done.stdout, done.stderr):
        assert "Traceback" not in stream, stream
    if done.returncode != 0:
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    return done


def ok_json(data_dir: Path, *args: str, stdin: str | None = None) -> Any:
    done = mentor_tui(data_dir, *args, "--json", stdin=stdin)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_both_entry_points_run_the_same_command_line(tmp_path: Path) -> None:
    script = mentor_tui(tmp_path, "--version")
    module = mentor_tui(tmp_path, "--version", module=True)
    assert script.returncode == module.returncode == 0
    assert script.stdout == module.stdout
    assert script.stdout.startswith("mentor-tui, version ")
    assert mentor_tui(tmp_path, "--help", module=True).stdout.startswith("Usage: mentor-tui ")


def test_exit_statuses_and_one_line_errors(tmp_path: Path) -> None:
    data = tmp_path / "net"
    created = mentor_tui(data, "init", "--admin", ADMIN, "--email", "o@example.org",
                         "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert (created.returncode, created.stderr) == (0, "")
    refused = mentor_tui(data, "whoami")
    assert refused.returncode == 1
    assert refused.stderr == "error: Nobody is signed in: run 'mentor-tui login NAME' first.\n"
    assert refused.stdout == ""
    wrong = mentor_tui(data, "login", ADMIN, "--password-stdin", stdin="not the password\n")
    assert wrong.returncode == 1 and "don't match" in wrong.stderr
    no_terminal = mentor_tui(data, "login", ADMIN)
    assert no_terminal.returncode == 1 and "--password-stdin" in no_terminal.stderr
    usage = mentor_tui(data, "whoami", "--colour")
    assert usage.returncode == 2 and "No such option '--colour'" in usage.stderr
    signed = mentor_tui(data, "login", ADMIN, "--password-stdin", stdin=PASSWORD + "\n")
    assert signed.returncode == 0 and signed.stdout == f"Signed in as {ADMIN} (staff).\n"
    unknown = mentor_tui(data, "request", "show", "12345")
    assert unknown.returncode == 1 and "12345" in unknown.stderr
    as_json = mentor_tui(data, "request", "show", "12345", "--json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["error"]["code"] == "not_found"


def test_bad_surroundings_in_real_processes(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / DB_FILENAME).write_text("not a database, just words\n" * 10)
    done = mentor_tui(broken, "whoami")
    assert done.returncode == 1 and "is not a mentor-tui database" in done.stderr
    url = f"http://127.0.0.1:{free_port()}"
    gone = subprocess.run(
        [str(MENTOR_TUI), "--server", url, "login", ADMIN, "--password-stdin"],
        input=PASSWORD + "\n", capture_output=True, text=True, timeout=PROCESS_TIMEOUT,
    )  # fmt: skip
    assert gone.returncode == 1
    assert gone.stderr.splitlines() == [
        f"error: Can't reach the server at {url} (connection refused): check the address, "
        "or try again when it is back."
    ]


@pytest.mark.slow
def test_a_journey_scripted_with_json(tmp_path: Path) -> None:
    """register → the office verifies → search → request → accept → messages → finish."""
    net = tmp_path / "alumni"
    ok_json(net, "init", "--admin", ADMIN, "--email", "office@example.edu", "--password-stdin",
            stdin=PASSWORD + "\n")  # fmt: skip
    ok_json(net, "login", ADMIN, "--password-stdin", stdin=PASSWORD + "\n")
    study = ("--institution", "University of Example", "--programme", "Economics")
    zoe = ok_json(net, "register", "--first-name", "Zoë", "--last-name", "Ångström",
                  "--email", "zoe@example.org", "--role", "alumnus", *study, "--started", "2012",
                  "--graduated", "2016", "--accept-guidelines", "--password-stdin",
                  stdin=PASSWORD + "\n")  # fmt: skip
    sam = ok_json(net, "register", "--first-name", "Sam", "--last-name", "Lee",
                  "--email", "sam@example.org", "--role", "student", *study, "--started", "2023",
                  "--accept-guidelines", "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert (zoe["username"], zoe["state"]) == ("zoe.angstrom", "pending")
    assert (sam["username"], sam["state"]) == ("sam.lee", "pending")
    ok_json(net, "login", "zoe.angstrom", "--password-stdin", stdin=PASSWORD + "\n")
    for member in (zoe, sam):
        verified = ok_json(net, "--user", ADMIN, "admin", "verify", member["username"])
        assert (verified["id"], verified["state"]) == (member["id"], "verified")
    mentor = ok_json(net, "mentor", "set", "--sector", "Finance", "--sector",
                     "Information Technology", "--help-area", "salary negotiation",
                     "--activity", "messages", "--activity", "video call", "--max-mentees", "2",
                     "--job-title", "Risk analyst", "--employer", "Northbank")  # fmt: skip
    assert mentor["username"] == "zoe.angstrom"  # the last login acts
    assert ok_json(net, "mentor", "activate")["mentor"]["state"] == "active"
    ok_json(net, "login", "sam.lee", "--password-stdin", stdin=PASSWORD + "\n")
    found = ok_json(net, "mentors", "search", "northbank", "--sector", "finance", "--has-room")
    assert [card["username"] for card in found["items"]] == ["zoe.angstrom"]
    sent = ok_json(net, "request", "send", "zoe.angstrom", "--message",
                   "I'd value your view on a first job in risk.")  # fmt: skip
    request_id = str(sent["id"])
    assert sent["state"] == "pending"
    waiting = ok_json(net, "--user", "zoe.angstrom", "requests", "--incoming", "--state",
                      "pending")  # fmt: skip
    assert [r["id"] for r in waiting["items"]] == [sent["id"]]
    accepted = ok_json(net, "--user", "zoe.angstrom", "request", "accept", request_id,
                       "--message", "Happy to help")  # fmt: skip
    assert (accepted["id"], accepted["state"]) == (sent["id"], "active")
    ok_json(net, "message", "send", request_id, "Shall we talk on Tuesday?")
    ok_json(net, "--user", "zoe.angstrom", "message", "send", request_id, "Tuesday at ten.")
    thread = ok_json(net, "--user", "zoe.angstrom", "thread", request_id)
    assert [m["body"] for m in thread["messages"]] == [
        "I'd value your view on a first job in risk.",
        "Happy to help",
        "Shall we talk on Tuesday?",
        "Tuesday at ten.",
    ]
    finished = ok_json(net, "relationship", "finish", request_id, "--note", "Thank you",
                       "--feedback", "5")  # fmt: skip
    assert (finished["id"], finished["state"]) == (sent["id"], "finished")
    told = ok_json(net, "--user", "zoe.angstrom", "notifications", "--unread")
    assert "relationship_finished" in [n["kind"] for n in told["items"]]
    stats = ok_json(net, "--user", ADMIN, "admin", "stats")
    assert stats["requests_by_state"]["accepted"] == 1


# -- a real terminal -------------------------------------------------------------------------


def _words(screen: str) -> str:
    """What the terminal shows now (drawn by pyte at 80x24), its lines joined by spaces."""
    shown = pyte.Screen(80, 24)
    pyte.Stream(shown).feed(screen)
    return " ".join(" ".join(shown.display).split())


class Terminal:
    """One command on a pseudo-terminal of its own (its controlling terminal)."""

    def __init__(self, *args: str) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the command
            env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm-256color"}
            os.execve(str(MENTOR_TUI), [str(MENTOR_TUI), *args], env)
        self.pid, self.fd, self.seen = pid, fd, ""

    def expect(self, text: str) -> str:
        """Wait for ``text``, also when the app's drawing split it over lines or styles."""
        while text not in self.seen and text not in _words(self.seen):
            ready, _, _ = select.select([self.fd], [], [], PROCESS_TIMEOUT)
            assert ready, f"waited in vain for {text!r}; the terminal shows {self.seen!r}"
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:  # the child has gone and the terminal with it
                chunk = b""
            assert chunk, f"the command ended without {text!r}: {self.seen!r}"
            self.seen += chunk.decode("utf-8", "replace")
        return self.seen

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def finish(self) -> tuple[int, str]:
        """The exit status and everything the terminal showed."""
        while True:
            ready, _, _ = select.select([self.fd], [], [], PROCESS_TIMEOUT)
            assert ready, f"the command did not finish: {self.seen!r}"
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk.decode("utf-8", "replace")
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status), self.seen


@pytest.fixture
def network(tmp_path: Path) -> Path:
    data = tmp_path / "net"
    mentor_tui(data, "init", "--admin", ADMIN, "--email", "o@example.org", "--password-stdin",
               stdin=PASSWORD + "\n")  # fmt: skip
    return data


def test_login_prompts_for_a_hidden_password(network: Path) -> None:
    terminal = Terminal("--data-dir", str(network), "login", ADMIN)
    terminal.expect("Password: ")
    terminal.type(PASSWORD + "\r")
    status, screen = terminal.finish()
    assert status == 0, screen
    assert f"Signed in as {ADMIN} (staff)." in screen
    assert PASSWORD not in screen
    assert mentor_tui(network, "whoami").returncode == 0


def test_password_change_prompts_three_times(network: Path) -> None:
    mentor_tui(network, "login", ADMIN, "--password-stdin", stdin=PASSWORD + "\n")
    terminal = Terminal("--data-dir", str(network), "password", "change")
    terminal.expect("Current password: ")
    terminal.type(PASSWORD + "\r")
    terminal.expect("New password: ")
    terminal.type("a brand new passphrase\r")
    terminal.expect("Repeat for confirmation: ")
    terminal.type("a brand new passphrase\r")
    status, screen = terminal.finish()
    assert status == 0, screen
    assert "Password changed" in screen and "a brand new passphrase" not in screen
    again = mentor_tui(network, "login", ADMIN, "--password-stdin",
                       stdin="a brand new passphrase\n")  # fmt: skip
    assert again.returncode == 0


@pytest.mark.parametrize(("keys", "why"), [("\x04", "end of input"), ("\x03", "Ctrl+C")])
def test_leaving_the_prompt_cancels_in_one_line(network: Path, keys: str, why: str) -> None:
    terminal = Terminal("--data-dir", str(network), "login", ADMIN)
    terminal.expect("Password: ")
    terminal.type(keys)
    status, screen = terminal.finish()
    assert status == 1, (why, screen)
    assert "error: Cancelled; nothing was changed." in screen
    assert "Traceback" not in screen
    assert mentor_tui(network, "whoami").returncode == 1  # nobody signed in


def test_account_delete_asks_before_it_deletes(network: Path) -> None:
    mentor_tui(network, "login", ADMIN, "--password-stdin", stdin=PASSWORD + "\n")
    terminal = Terminal("--data-dir", str(network), "account", "delete")
    terminal.expect(f"Delete the account {ADMIN} and its personal data? [y/N]: ")
    terminal.type("\r")
    status, screen = terminal.finish()
    assert status == 1 and "Cancelled; nothing was changed." in screen
    assert mentor_tui(network, "whoami").returncode == 0


def test_interrupted_while_waiting_is_one_line(network: Path) -> None:
    """SIGINT from outside (not at a prompt) is reported, not dumped as a traceback."""
    terminal = Terminal("--data-dir", str(network), "login", ADMIN)
    terminal.expect("Password: ")
    os.kill(terminal.pid, signal.SIGINT)
    status, screen = terminal.finish()
    assert status in (1, 130), screen
    assert "Traceback" not in screen
    assert "error: " in screen


def test_without_a_command_the_app_opens_at_a_terminal(network: Path) -> None:
    terminal = Terminal("--data-dir", str(network))
    terminal.expect("Sign in")
    terminal.type("\x11")  # ctrl+q
    status, screen = terminal.finish()
    assert status == 0
    assert "Traceback" not in screen


def test_a_file_that_is_not_a_network_is_one_line_in_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app opens first (the network is opened after its first frame), then says so."""
    monkeypatch.chdir(tmp_path)  # a short path, so the whole message fits at 80 columns
    (tmp_path / "network.sqlite3").write_bytes(b"these are my notes, not a database")
    terminal = Terminal("--data-dir", ".")
    terminal.expect("Move it aside or choose another --data-dir.")
    terminal.type("\x11")  # ctrl+q
    status, screen = terminal.finish()
    assert status == 0
    assert "Traceback" not in screen
    assert "is not a mentor-tui database" in _words(screen)
    assert (tmp_path / "network.sqlite3").read_bytes() == b"these are my notes, not a database"


def test_without_a_terminal_the_app_is_refused_not_run_unseen(network: Path) -> None:
    for args in ((), ("demo", "--mentors", "5")):
        done = mentor_tui(network, *args)
        assert done.returncode == 1
        assert "opens the app, which needs a terminal" in done.stderr
        assert done.stdout == ""
