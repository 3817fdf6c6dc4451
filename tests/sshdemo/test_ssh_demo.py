"""The careers-event demo over SSH, used as a visitor uses it: the real ``ssh`` client."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sshdemo.conftest import (
    SSH,
    SSH_OPTIONS,
    DemoServer,
    Visitor,
    ssh_command,
    wait_until,
)

pytestmark = pytest.mark.skipif(SSH is None, reason="needs the OpenSSH client (ssh)")

DASHBOARD = r"Hello \w+.*unread notifications"
INTRO = "Hello, I study finance and would love your advice on a first graduate job."


def test_visitor_sees_dashboard_resizes_searches_and_quits(
    shared_server: DemoServer, visitors: Callable[..., Visitor]
) -> None:
    visitor = visitors(shared_server.port, cols=80, rows=24)
    visitor.wait_for(DASHBOARD)
    assert "DEMO: invented people" in visitor.text
    visitor.wait_for(r"^ mentor-tui · Dashboard +demo\.student")
    assert len(visitor.screen.display[0].rstrip()) <= 80

    visitor.resize(110, 30)  # the header is laid out again across the wider window
    visitor.wait_for(r"^ mentor-tui · Dashboard {40,}demo\.student")
    assert len(visitor.screen.display[0].rstrip()) > 90
    visitor.wait_for(r"\n.*Alerts")  # and the footer is on the new last line
    assert "Home" in visitor.screen.display[29] or "Help" in visitor.screen.display[29]

    visitor.send("s")
    visitor.wait_for(r"mentor-tui · Search")
    visitor.send("finance")
    matches = visitor.wait_for(r"(\d+) mentors? match")
    assert 0 < int(matches.group(1)) < 60

    visitor.send("\x1b")  # back to the dashboard (in the search box, q is a letter)
    visitor.wait_for(r"mentor-tui · Dashboard")
    visitor.send("q")
    visitor.wait_for_output(b"Thanks for trying mentor-tui")
    assert visitor.exit_status() == 0
    assert wait_until(lambda: not shared_server.sandboxes())


def test_ctrl_c_leaves_cleanly_and_deletes_the_sandbox(
    shared_server: DemoServer, visitors: Callable[..., Visitor]
) -> None:
    visitor = visitors(shared_server.port)
    visitor.wait_for(DASHBOARD)
    assert len(shared_server.sandboxes()) == 1
    visitor.send("\x03")
    visitor.wait_for_output(b"Your demo data has been deleted")
    assert visitor.exit_status() == 0
    assert wait_until(lambda: not shared_server.sandboxes())


def test_hanging_up_ends_the_app_and_deletes_the_sandbox(
    shared_server: DemoServer, visitors: Callable[..., Visitor]
) -> None:
    visitor = visitors(shared_server.port)
    visitor.wait_for(DASHBOARD)
    visitor.close()  # the visitor's laptop lid closes: ssh is killed mid-session
    assert wait_until(lambda: not shared_server.sandboxes())


def test_a_request_to_an_invented_mentor_is_answered(
    shared_server: DemoServer, visitors: Callable[..., Visitor]
) -> None:
    visitor = visitors(shared_server.port, cols=100, rows=30)
    request_id = send_request(visitor)
    visitor.wait_for(r"New notification: 1 unread")  # within seconds: the mentor answered
    visitor.send("n")
    visitor.wait_for(rf"(accepted|declined) your (request {request_id}|request: your mentoring)")
    visitor.send("\x03")
    assert visitor.exit_status() == 0


def send_request(visitor: Visitor) -> int:
    """Search, open the first mentor with room, and ask them: the request's id."""
    visitor.wait_for(DASHBOARD)
    visitor.send("s")
    visitor.wait_for(r"mentor-tui · Search")
    visitor.send("finance")
    visitor.wait_for(r"\d+ mentors? match")
    visitor.send("\t")
    visitor.send("\r")
    visitor.wait_for(r"Room now")
    visitor.send("c")
    visitor.wait_for(r"Ask .* for mentoring")
    visitor.send(INTRO)
    visitor.wait_for(r"\d+ characters")
    visitor.send("\x13")  # ctrl+s sends
    found = visitor.wait_for(r"Request (\d+) sent to")
    return int(found.group(1))


@pytest.mark.parametrize(
    ("term", "extra", "expected", "not_expected"),
    [
        ("xterm", (), None, (b"\x1b[38;5;", b"\x1b[38;2;")),
        ("xterm-256color", (), b"38;5;", (b"38;2;",)),
        ("xterm-256color", ("-o", "SetEnv=COLORTERM=truecolor"), b"38;2;", ()),
    ],
    ids=["16-colours", "256-colours", "truecolor"],
)
def test_colour_depth_follows_the_clients_terminal(
    shared_server: DemoServer,
    visitors: Callable[..., Visitor],
    term: str,
    extra: tuple[str, ...],
    expected: bytes | None,
    not_expected: tuple[bytes, ...],
) -> None:
    visitor = visitors(shared_server.port, term=term, extra=extra)
    visitor.wait_for(DASHBOARD)
    raw = bytes(visitor.raw)
    if expected is not None:
        assert expected in raw
    for sequence in not_expected:
        assert sequence not in raw
    visitor.send("q")
    assert visitor.exit_status() == 0


def test_over_the_cap_a_newcomer_is_told_to_come_back_and_others_go_on(
    make_server: Callable[..., DemoServer], visitors: Callable[..., Visitor]
) -> None:
    server = make_server(max_sessions=1)
    first = visitors(server.port)
    first.wait_for(DASHBOARD)

    newcomer = visitors(server.port)
    newcomer.wait_for_output(b"full right now")
    assert b"try again in a minute" in newcomer.raw
    assert newcomer.exit_status() == 1

    first.send("s")  # the visitor already in is unaffected
    first.wait_for(r"mentor-tui · Search")
    first.send("\x03")
    assert first.exit_status() == 0
    again = visitors(server.port)  # and the place is free again
    again.wait_for(DASHBOARD)


def test_idle_visitor_is_warned_then_disconnected(
    make_server: Callable[..., DemoServer], visitors: Callable[..., Visitor]
) -> None:
    server = make_server(idle_timeout=6)
    visitor = visitors(server.port)
    visitor.wait_for(DASHBOARD)
    visitor.wait_for(r"Still there\?")
    visitor.send("s")  # a key: the warning goes, the visit goes on
    visitor.wait_for(r"mentor-tui · Search")
    wait_until(lambda: visitor.pump() and "Still there" not in visitor.text)
    assert "Still there" not in visitor.text
    visitor.wait_for(r"Still there\?")  # idle again: warned again, then disconnected
    visitor.wait_for_output(b"You were away for 6 seconds")
    assert visitor.exit_status() == 0
    assert wait_until(lambda: not server.sandboxes())


# -- only the app ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["echo PWNED-$((40+2))", "/bin/sh", "scp -t /tmp"])
def test_a_command_is_refused(shared_server: DemoServer, command: str) -> None:
    result = ssh_command(shared_server.port, "demo@127.0.0.1", command)
    assert result.returncode == 1
    assert "runs the app and nothing else" in result.stdout
    assert "PWNED-42" not in result.stdout + result.stderr


def test_a_command_with_a_terminal_is_refused_too(
    shared_server: DemoServer, tmp_path: Path
) -> None:
    marker = tmp_path / "made-by-visitor"
    result = ssh_command(shared_server.port, "-tt", "demo@127.0.0.1", f"touch {marker}")
    assert result.returncode == 1
    assert not marker.exists()


def test_no_terminal_no_app(shared_server: DemoServer) -> None:
    result = ssh_command(shared_server.port, "-T", "demo@127.0.0.1")
    assert result.returncode == 1
    assert "needs a terminal" in result.stdout


def test_file_transfer_is_refused(shared_server: DemoServer, tmp_path: Path) -> None:
    local = tmp_path / "upload.txt"
    local.write_text("hello")
    target = tmp_path / "uploaded.txt"
    for legacy in (["-O"], []):  # scp's own protocol (a command), then SFTP (a subsystem)
        result = subprocess.run(
            [
                "scp",
                *legacy,
                *SSH_OPTIONS,
                "-P",
                str(shared_server.port),
                str(local),
                f"demo@127.0.0.1:{target}",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode != 0
        assert not target.exists()
    sftp = subprocess.run(
        ["sftp", *SSH_OPTIONS, "-P", str(shared_server.port), "-b", "-", "demo@127.0.0.1"],
        input="ls /\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sftp.returncode != 0
    assert "bin" not in sftp.stdout


class _Target:
    """A loopback TCP service a forward would reach: it counts who got through."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.reached = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.reached += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_local_port_forwarding_is_refused(shared_server: DemoServer) -> None:
    target = _Target()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        local_port = probe.getsockname()[1]
    forward = subprocess.Popen(
        [
            SSH or "ssh",
            *SSH_OPTIONS,
            "-N",
            "-L",
            f"{local_port}:127.0.0.1:{target.port}",
            "-p",
            str(shared_server.port),
            "demo@127.0.0.1",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_until(lambda: _listening(local_port))
        with socket.create_connection(("127.0.0.1", local_port), timeout=30) as conn:
            conn.settimeout(30)
            try:
                answer = conn.recv(100)
            except ConnectionResetError:
                answer = b""
            assert answer == b""  # closed: the server refused to open the channel
    finally:
        forward.kill()
        forward.wait()
        target.close()
    assert target.reached == 0


def test_remote_port_forwarding_is_refused(shared_server: DemoServer) -> None:
    result = ssh_command(
        shared_server.port,
        "-N",
        "-o",
        "ExitOnForwardFailure=yes",
        "-R",
        "0:127.0.0.1:9",
        "demo@127.0.0.1",
    )
    assert result.returncode != 0
    assert "forwarding failed" in result.stderr


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_the_host_key_is_made_once_and_kept(make_server: Callable[..., DemoServer]) -> None:
    first = make_server()
    key = first.data_dir / "ssh-demo-host-key"
    fingerprint = next(line for line in first.output if "Host key" in line)
    assert key.stat().st_mode & 0o077 == 0
    first.stop()
    again = start_again(first)
    try:
        assert next(line for line in again.output if "Host key" in line) == fingerprint
    finally:
        again.stop()


def start_again(server: DemoServer) -> DemoServer:
    """The same data dir, a new run (a second morning at the fair)."""
    from tests.sshdemo.conftest import start_server

    tmp = server.root.parent / "again"
    tmp.mkdir()
    (tmp / "data").symlink_to(server.data_dir)
    return start_server(tmp)


# -- many visitors -----------------------------------------------------------------------


@pytest.mark.slow
def test_twenty_visitors_each_have_their_own_network(
    make_server: Callable[..., DemoServer], visitors: Callable[..., Visitor]
) -> None:
    """Everyone sends "the first" request of their sandbox: in a shared network the ids
    would differ (and the same student could not ask the same mentor twice)."""
    server = make_server(max_sessions=20)
    crowd = [visitors(server.port) for _ in range(20)]
    pump_all(crowd, lambda v: re.search(DASHBOARD, v.text) is not None)
    assert len(server.sandboxes()) == 20

    newcomer = visitors(server.port)  # the twenty-first is asked to come back later
    newcomer.wait_for_output(b"full right now")
    assert newcomer.exit_status() == 1

    ids = [send_request_among(visitor, crowd) for visitor in crowd]
    assert len(set(ids)) == 1, ids
    for visitor in crowd:
        visitor.send("\x03")
    assert [visitor.exit_status() for visitor in crowd] == [0] * 20
    assert wait_until(lambda: not server.sandboxes())


def pump_all(crowd: list[Visitor], done: Callable[[Visitor], bool], timeout: float = 180) -> None:
    """Read every visitor's screen until ``done`` holds for each (none is left unread)."""
    import time

    limit = time.monotonic() + timeout
    while not all(done(v) for v in crowd):
        for visitor in crowd:
            visitor.pump(0.01)
        if time.monotonic() > limit:
            stuck = next(v for v in crowd if not done(v))
            raise AssertionError(f"a visitor never got there; their screen:\n{stuck.text}")


def send_request_among(visitor: Visitor, crowd: list[Visitor]) -> int:
    """``send_request`` for one visitor while the others' output keeps being read."""
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(send_request(visitor)))
    worker.start()
    others = [v for v in crowd if v is not visitor]
    while worker.is_alive():
        for other in others:
            other.pump(0.0)
        worker.join(0.02)
    assert result, f"the request was not sent; the screen:\n{visitor.text}"
    return result[0]


def test_stopping_the_server_ends_every_visit_and_leaves_nothing_behind(
    make_server: Callable[..., DemoServer], visitors: Callable[..., Visitor]
) -> None:
    server = make_server()
    visitor = visitors(server.port)
    visitor.wait_for(DASHBOARD)
    assert server.stop(visitor) == 0
    assert visitor.exit_status() == 0
    assert not list(server.root.glob("mentor-tui-ssh-demo-*"))
    assert "The demo has been stopped for now" in visitor.raw.decode("utf-8", "replace")
    assert "every visitor's sandbox is deleted" in server.log.read_text()
    assert any(line.startswith("+ 127.0.0.1") for line in server.output)


def test_a_port_in_use_is_one_line_that_says_what_to_do(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mentor_tui",
                "--data-dir",
                str(tmp_path),
                "ssh-demo",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--mentors",
                "5",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: Can't listen on") and "--port" in line
