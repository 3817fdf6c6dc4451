"""A real ``mentor-tui ssh-demo`` on loopback, and visitors using the real OpenSSH client.

Each visitor is ``ssh -tt`` on a pseudo-terminal (pexpect), and what it prints is fed
to a terminal emulator (pyte), so a test reads the screen as the visitor sees it.
Nothing here asserts on time: waits end when the expected text is on screen, and a
generous limit only turns a hang into a failure with the screen in the message.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pyte
import pytest

SSH = shutil.which("ssh")
WAIT = 60.0
"""Longest wait for any screen: only a hang (or a very loaded machine) reaches it."""
SSH_OPTIONS = [
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "ConnectTimeout=20",
]

pytestmark = pytest.mark.skipif(SSH is None, reason="needs the OpenSSH client (ssh)")


@dataclass
class DemoServer:
    process: subprocess.Popen[str]
    port: int
    root: Path
    """The server's temporary directory (TMPDIR): the template and visitors' sandboxes."""
    data_dir: Path
    log: Path

    @property
    def output(self) -> list[str]:
        """What the server has printed so far, line by line."""
        return self.log.read_text().splitlines()

    def sandboxes(self) -> list[Path]:
        return sorted(self.root.glob("mentor-tui-ssh-demo-*/visitors/visitor-*"))

    def stop(self, *watching: Visitor) -> int:
        """SIGTERM, as a service manager stops it; its exit code.

        The ``watching`` visitors' screens keep being read meanwhile, as a real terminal
        would: ssh ends cleanly only once it has written out all the server sent.
        """
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        limit = time.monotonic() + 30
        while self.process.poll() is None and time.monotonic() < limit:
            for visitor in watching:
                visitor.pump(0.0)
            time.sleep(0.02)
        try:
            return self.process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


def start_server(
    tmp: Path, *, max_sessions: int = 5, idle_timeout: int = 600, mentors: int = 60
) -> DemoServer:
    """``mentor-tui ssh-demo`` as a person starts it, on a free loopback port."""
    root = tmp / "tmp"
    root.mkdir()
    data_dir = tmp / "data"
    env = {**os.environ, "TMPDIR": str(root)}
    log = tmp / "server.log"
    with log.open("w") as out:  # a file, not a pipe: the server's log never blocks it
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mentor_tui",
                "--data-dir",
                str(data_dir),
                "ssh-demo",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--max-sessions",
                str(max_sessions),
                "--idle-timeout",
                str(idle_timeout),
                "--mentors",
                str(mentors),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
    limit = time.monotonic() + WAIT
    while process.poll() is None and time.monotonic() < limit:
        text = log.read_text()
        found = re.search(r"listening on 127\.0\.0\.1:(\d+)", text)
        if found and "Ctrl+C stops" in text:
            return DemoServer(process, int(found.group(1)), root, data_dir, log)
        time.sleep(0.05)
    process.kill()
    process.wait()
    output = [log.read_text()]
    raise AssertionError("ssh-demo did not start:\n" + "".join(output))


@pytest.fixture
def make_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., DemoServer]]:
    started: list[DemoServer] = []

    def make(**options: int) -> DemoServer:
        server = start_server(tmp_path_factory.mktemp("ssh-demo"), **options)
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """One server for the tests that don't need limits of their own."""
    server = start_server(tmp_path_factory.mktemp("ssh-demo-shared"), max_sessions=10)
    yield server
    assert server.stop() == 0


class Visitor:
    """``ssh -tt demo@127.0.0.1`` on a pseudo-terminal, with the screen it shows."""

    def __init__(
        self,
        port: int,
        *,
        cols: int = 80,
        rows: int = 24,
        term: str = "xterm-256color",
        user: str = "demo",
        extra: tuple[str, ...] = (),
    ) -> None:
        env = {**os.environ, "TERM": term}
        env.pop("COLORTERM", None)
        self.child = pexpect.spawn(
            SSH or "ssh",
            ["-tt", *SSH_OPTIONS, *extra, "-p", str(port), f"{user}@127.0.0.1"],
            dimensions=(rows, cols),
            env=env,
        )
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()

    def pump(self, wait: float = 0.05) -> bool:
        """Read what has arrived (up to ``wait`` seconds); False once ssh has ended."""
        try:
            data = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.raw += data
        self.stream.feed(data)
        return True

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, pattern: str, timeout: float = WAIT) -> re.Match[str]:
        """Until ``pattern`` (a regex) is on screen; the screen is in the failure."""
        limit = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.text)
            if found:
                return found
            alive = self.pump()
            if not alive or time.monotonic() > limit:
                found = re.search(pattern, self.text)
                if found:
                    return found
                raise AssertionError(f"never saw {pattern!r}; the screen:\n{self.text}")

    def wait_for_output(self, needle: bytes, timeout: float = WAIT) -> None:
        """Until ``needle`` is among the raw bytes received (for lines after the app)."""
        limit = time.monotonic() + timeout
        while needle not in self.raw:
            if not self.pump() and needle not in self.raw:
                raise AssertionError(f"ssh ended without {needle!r}:\n{bytes(self.raw[-500:])!r}")
            if time.monotonic() > limit:
                raise AssertionError(f"never received {needle!r}:\n{bytes(self.raw[-500:])!r}")

    def send(self, keys: str | bytes) -> None:
        self.child.send(keys)

    def resize(self, cols: int, rows: int) -> None:
        self.screen.resize(rows, cols)
        self.child.setwinsize(rows, cols)

    def exit_status(self, timeout: float = WAIT) -> int:
        limit = time.monotonic() + timeout
        while self.pump():
            if time.monotonic() > limit:
                raise AssertionError(f"ssh did not end; the screen:\n{self.text}")
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)

    def close(self) -> None:
        if self.child.isalive():
            self.child.close(force=True)


@pytest.fixture
def visitors() -> Iterator[Callable[..., Visitor]]:
    opened: list[Visitor] = []

    def visit(port: int, **options: object) -> Visitor:
        visitor = Visitor(port, **options)  # type: ignore[arg-type]
        opened.append(visitor)
        return visitor

    yield visit
    for visitor in opened:
        visitor.close()


def wait_until(check: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Poll ``check`` until it holds (True) or the limit passes (False)."""
    limit = time.monotonic() + timeout
    while not check():
        if time.monotonic() > limit:
            return False
        time.sleep(0.05)
    return True


def ssh_command(port: int, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A non-interactive ``ssh`` run (no terminal), as for a command or a forward."""
    return subprocess.run(
        [SSH or "ssh", *SSH_OPTIONS, "-p", str(port), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
