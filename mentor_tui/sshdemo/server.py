"""The SSH demo server: any name, no password, and nothing but the app.

Each visitor's app runs as a child process on a pseudo-terminal of its own, and this
server only copies bytes between that terminal and the SSH channel. Why a process per
visitor rather than Textual driven inside this event loop:

- isolation: a visitor's app can crash, hang or leak without touching the server or
  anyone else, and ending a visit is killing a process group;
- the terminal is a real one: resizes are a TIOCSWINSZ on the pty (the kernel sends the
  app its SIGWINCH), ``TERM`` is set per process so colour depth follows the client,
  and the app runs exactly as it does in anyone's terminal;
- one core per ~dozens of visitors is plenty for an app that waits for keys, and
  memory per visitor is measured by ``bench/ssh_sessions.py``.

What a visitor can do is only what the app offers: shells and commands (``exec``, so
also scp) get a one-line refusal, subsystems (sftp), port and agent forwarding are
refused by the protocol. Past ``max_sessions`` a newcomer is told to come back in a
minute; a visitor idle past the timeout is warned in the app, then disconnected with a
line saying why. The visitor's sandbox is deleted as soon as their app has ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import signal
import struct
import sys
import termios
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh

from mentor_tui.private_files import replace_private
from mentor_tui.sshdemo.sandbox import DemoTemplate, remove_sandbox
from mentor_tui.sshdemo.session import IDLE_CLEAR_SIGNAL, IDLE_WARNING_SIGNAL

HOST_KEY_FILE = "ssh-demo-host-key"
"""Under the data dir: the same key every start, so returning visitors see no warning."""
IDLE_WARNING_SECONDS = 30
"""How long before the idle disconnection the visitor is warned (at most a third of the
timeout): time to notice the warning and press a key."""
HANG_UP_GRACE = 3.0
"""Seconds a hung-up app has to close its database before it is killed."""
OUTPUT_CHUNK = 65536
TERM_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
DEFAULT_TERM = "xterm-256color"
"""When the client sent no usable TERM (ssh always sends one with a pty)."""
CLIENT_ENV = ("COLORTERM", "NO_COLOR")
"""What of the client's environment reaches the app: how many colours it may use."""
RESTORE_TERMINAL = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l"  # mouse, paste
    b"\x1b[?1049l\x1b[0m\x1b[?25h"  # main screen, plain text, cursor back
)
"""Written after an app that did not leave by itself, so the visitor's terminal is usable."""

FULL = (
    "Sorry, the mentor-tui demo is full right now ({count} visitors). Please try again in a minute!"
)
EXEC_REFUSED = (
    "This is the mentor-tui demo: it runs the app and nothing else (no commands, no file "
    "transfer). Connect without a command: ssh -p {port} demo@{host}"
)
NEEDS_TERMINAL = "The mentor-tui demo needs a terminal: connect with ssh -t -p {port} demo@{host}"
IDLE_BYE = (
    "You were away for {minutes}, so your demo was closed and its data deleted. "
    "Connect again any time!"
)
CRASHED = (
    "The demo app stopped unexpectedly; sorry! Your sandbox was deleted: connect again to "
    "start afresh."
)
THANKS = "Thanks for trying mentor-tui! Your demo data has been deleted."
CLOSING = "The demo has been stopped for now; thanks for trying mentor-tui!"


@dataclass(frozen=True)
class DemoLimits:
    max_sessions: int = 20
    idle_timeout: float = 300.0
    """Seconds without a key before a visitor is disconnected (0: never)."""

    @property
    def idle_warning(self) -> float:
        return min(IDLE_WARNING_SECONDS, self.idle_timeout / 3)


def load_host_key(path: Path) -> asyncssh.SSHKey:
    """The server's key, made on first use and kept (owner-only) for every later start."""
    if path.exists():
        return asyncssh.read_private_key(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = asyncssh.generate_private_key("ssh-ed25519", comment="mentor-tui ssh-demo")
    replace_private(path, key.export_private_key())
    return key


def _minutes(seconds: float) -> str:
    if seconds < 90:
        return f"{round(seconds)} seconds"
    return f"{round(seconds / 60)} minutes"


class DemoServer:
    """Visitors, their limits and their sandboxes; one per ``ssh-demo`` run."""

    def __init__(
        self,
        template: DemoTemplate,
        limits: DemoLimits,
        public_host: str = "HOST",
        log: Callable[[str], None] = print,
    ) -> None:
        self.template = template
        self.limits = limits
        self.public_host = public_host
        self.log = log
        """One line per arrival, departure and refusal, for whoever minds the stand."""
        self.port = 0
        self.visits: set[Visit] = set()
        self.connections: set[_Connection] = set()
        self._acceptor: asyncssh.SSHAcceptor | None = None

    async def listen(self, host: str, port: int, host_key: asyncssh.SSHKey) -> int:
        """Start accepting visitors; the port listened on (useful with port 0)."""
        self._acceptor = await asyncssh.create_server(
            lambda: _Connection(self),
            host,
            port,
            server_host_keys=[host_key],
            encoding=None,
            line_editor=False,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            keepalive_interval=30,
            keepalive_count_max=4,
            login_timeout=30,
            server_version="mentor-tui-demo",
        )
        self.port = self._acceptor.get_port()
        return self.port

    def full(self) -> bool:
        return len(self.visits) >= self.limits.max_sessions

    async def close(self) -> None:
        """Stop accepting, end every visit and delete every sandbox."""
        if self._acceptor is not None:
            self._acceptor.close()
        visits = list(self.visits)
        for visit in visits:
            visit.ending = "shutdown"
        await asyncio.gather(*(visit.end() for visit in visits))
        with contextlib.suppress(TimeoutError):  # each visitor is told, then let go
            await asyncio.wait_for(asyncio.gather(*(v.done.wait() for v in visits)), 10)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(c.closed.wait() for c in list(self.connections))), 5
            )
        for connection in list(self.connections):
            connection.close()
        if self._acceptor is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._acceptor.wait_closed(), 5)


class _Connection(asyncssh.SSHServer):
    """One SSH connection: no authentication, sessions only, nothing forwarded."""

    def __init__(self, demo: DemoServer) -> None:
        self.demo = demo
        self.conn: asyncssh.SSHServerConnection | None = None
        self.closed = asyncio.Event()

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.demo.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.demo.connections.discard(self)
        self.closed.set()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def begin_auth(self, username: str) -> bool:
        return False  # a kiosk: any name, no password

    def session_requested(self) -> Visit:
        return Visit(self.demo)

    def connection_requested(self, dest_host: str, dest_port: int, *args: Any) -> bool:
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False

    def tun_requested(self, unit: int | None) -> bool:
        return False

    def tap_requested(self, unit: int | None) -> bool:
        return False


class Visit(asyncssh.SSHServerSession[bytes]):
    """One visitor's channel and, once it starts, their app on a pseudo-terminal."""

    def __init__(self, demo: DemoServer) -> None:
        self.demo = demo
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term: str | None = None
        self.size = (80, 24, 0, 0)
        self.command: str | None = None
        self.process: asyncio.subprocess.Process | None = None
        self.sandbox: Path | None = None
        self.master: int | None = None
        self.pending = bytearray()
        self.gone = False
        self.ending: str | None = None
        """Why the server ended the visit: "idle", "closed" (the visitor hung up) or
        "shutdown"; None when the app ended by itself (the visitor quit, or it crashed)."""
        self.last_key = 0.0
        self.warned = False
        self.output_closed = asyncio.Event()
        self.done = asyncio.Event()
        """Set when the visit is over and the visitor has been told why."""
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- what the client asks for ------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Mapping[int, int]
    ) -> bool:
        self.term = term_type if TERM_PATTERN.fullmatch(term_type or "") else DEFAULT_TERM
        self.size = term_size
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.command = command  # accepted only to say why it won't run
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def session_started(self) -> None:
        self._spawn_task(self._visit())

    async def _visit(self) -> None:
        try:
            await self._run()
        finally:
            self.done.set()

    def _spawn_task(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- the visit -----------------------------------------------------------------------

    def _say(self, text: str) -> None:
        if self.chan is not None and not self.gone:
            self.chan.write(text.replace("\n", "\r\n").encode() + b"\r\n")

    def _refuse(self, text: str) -> None:
        self._say(text)
        if self.chan is not None and not self.gone:
            self.chan.exit(1)

    async def _run(self) -> None:
        where = {"port": self.demo.port, "host": self.demo.public_host}
        peer = self._peer()
        if self.command is not None:
            self.demo.log(f"refused a command from {peer}")
            self._refuse(EXEC_REFUSED.format(**where))
            return
        if self.term is None:
            self._refuse(NEEDS_TERMINAL.format(**where))
            return
        if self.demo.full():
            self.demo.log(f"full: asked {peer} to come back in a minute")
            self._refuse(FULL.format(count=len(self.demo.visits)))
            return
        self.demo.visits.add(self)
        self.demo.log(f"+ {peer} ({len(self.demo.visits)} now)")
        started = asyncio.get_running_loop().time()
        try:
            code = await self._run_app()
        except Exception as error:  # no sandbox or no process: say so, keep serving others
            self.demo.log(f"! {peer}: the app could not start ({error})")
            await self.end()
            self._close_terminal()
            code = 1
        finally:
            self.demo.visits.discard(self)
            if self.sandbox is not None:
                remove_sandbox(self.sandbox)
        minutes = _minutes(asyncio.get_running_loop().time() - started)
        self.demo.log(
            f"- {peer} after {minutes}{f' ({self.ending})' if self.ending else ''} "
            f"({len(self.demo.visits)} now)"
        )
        if self.gone or self.chan is None:
            return
        if self.ending in ("idle", "shutdown") or code != 0:
            self.chan.write(RESTORE_TERMINAL)
        if self.ending == "idle":
            self._say(IDLE_BYE.format(minutes=_minutes(self.demo.limits.idle_timeout)))
            code = 0
        elif self.ending == "shutdown":
            self._say(CLOSING)
            code = 0
        elif code != 0:
            self._say(CRASHED)
        else:
            self._say(THANKS)
        self.chan.exit(code)

    def _peer(self) -> str:
        if self.chan is None:
            return "a visitor"
        peer = self.chan.get_extra_info("peername")
        return str(peer[0]) if peer else "a visitor"

    async def _run_app(self) -> int:
        loop = asyncio.get_running_loop()
        self.sandbox = self.demo.template.new_sandbox()
        master, slave = os.openpty()
        self.master = master
        self._set_size(*self.size)
        os.set_blocking(master, False)
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "mentor_tui.sshdemo.session",
                "--sandbox",
                str(self.sandbox),
                "--idle-warning",
                str(round(self.demo.limits.idle_warning)),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                start_new_session=True,
                env=self._environment(),
                cwd=self.sandbox,
            )
        finally:
            os.close(slave)
        self.last_key = loop.time()
        if self.gone:  # hung up while the app was starting
            await self.end()
        loop.add_reader(master, self._pty_readable)
        if self.demo.limits.idle_timeout > 0:
            self._spawn_task(self._watch_idle())
        code = await self.process.wait()
        with contextlib.suppress(TimeoutError):  # what the app wrote last, then EOF
            await asyncio.wait_for(self.output_closed.wait(), 2)
        self._close_terminal()
        return code if code >= 0 else 128 - code

    def _close_terminal(self) -> None:
        if self.master is None:
            return
        loop = asyncio.get_running_loop()
        loop.remove_reader(self.master)
        loop.remove_writer(self.master)
        with contextlib.suppress(OSError):
            os.close(self.master)
        self.master = None

    def _environment(self) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "TERM": self.term or DEFAULT_TERM,
            "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
        }
        if "PYTHONPATH" in os.environ:
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        if self.chan is not None:
            sent = self.chan.get_environment()
            env.update({name: sent[name] for name in CLIENT_ENV if name in sent})
        return env

    def _set_size(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if self.master is None:
            return
        rows, cols = max(1, min(height, 1000)), max(1, min(width, 1000))
        with contextlib.suppress(OSError):
            fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def _pty_readable(self) -> None:
        assert self.master is not None
        try:
            data = os.read(self.master, OUTPUT_CHUNK)
        except BlockingIOError:
            return
        except OSError:  # EIO: the app and everything it started have closed the terminal
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(self.master)
            self.output_closed.set()
            return
        if self.chan is not None and not self.gone:
            self.chan.write(data)

    def _write_to_app(self, data: bytes) -> None:
        if self.master is None:
            return
        self.pending += data
        self._flush()

    def _flush(self) -> None:
        if self.master is None:
            return
        loop = asyncio.get_running_loop()
        try:
            written = os.write(self.master, self.pending)
        except BlockingIOError:
            written = 0
        except OSError:
            self.pending.clear()
            return
        del self.pending[:written]
        if self.pending:
            loop.add_writer(self.master, self._flush)
        else:
            loop.remove_writer(self.master)

    async def _watch_idle(self) -> None:
        loop = asyncio.get_running_loop()
        limits = self.demo.limits
        while self.process is not None and self.process.returncode is None:
            idle = loop.time() - self.last_key
            if idle >= limits.idle_timeout:
                self.ending = "idle"
                await self.end()
                return
            warn_at = limits.idle_timeout - limits.idle_warning
            if idle >= warn_at and not self.warned:
                self.warned = True
                self._signal(IDLE_WARNING_SIGNAL)
            wake = warn_at if idle < warn_at else limits.idle_timeout
            await asyncio.sleep(max(0.05, wake - idle))

    def _signal(self, signum: int) -> None:
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signum)

    async def end(self) -> None:
        """End the app (hang up, then kill if it lingers); the visit then winds up."""
        process = self.process
        if process is None or process.returncode is not None:
            return
        self.ending = self.ending or "closed"
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGHUP)
        try:
            await asyncio.wait_for(process.wait(), HANG_UP_GRACE)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()

    # -- what the client sends -----------------------------------------------------------

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.last_key = asyncio.get_running_loop().time()
        if self.warned:
            self.warned = False
            self._signal(IDLE_CLEAR_SIGNAL)
        self._write_to_app(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = (width, height, pixwidth, pixheight)
        self._set_size(width, height, pixwidth, pixheight)

    def eof_received(self) -> bool:
        self._spawn_task(self.end())
        return True

    def pause_writing(self) -> None:
        if self.master is not None and not self.output_closed.is_set():
            asyncio.get_running_loop().remove_reader(self.master)

    def resume_writing(self) -> None:
        if self.master is not None and not self.output_closed.is_set():
            asyncio.get_running_loop().add_reader(self.master, self._pty_readable)

    def connection_lost(self, exc: Exception | None) -> None:
        self.gone = True
        self._spawn_task(self.end())


async def serve(
    template: DemoTemplate,
    limits: DemoLimits,
    host: str,
    port: int,
    host_key: asyncssh.SSHKey,
    public_host: str,
    ready: Callable[[DemoServer], None] | None = None,
    log: Callable[[str], None] = print,
) -> None:
    """Run the demo server until Ctrl+C or SIGTERM, then end every visit."""
    demo = DemoServer(template, limits, public_host, log)
    await demo.listen(host, port, host_key)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    if ready is not None:
        ready(demo)
    try:
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await demo.close()
