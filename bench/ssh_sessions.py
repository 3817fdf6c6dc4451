"""How many SSH demo visitors one machine carries: keystroke latency and memory per session.

A real ``mentor-tui ssh-demo`` is started on loopback and visitors are real OpenSSH
clients (``ssh -tt``) on pseudo-terminals of 80x24, driven from one loop here. Each
visitor opens the search screen and types into the search box at a steady human pace
(``KEYS_PER_SECOND``), so every key both echoes and starts a search of its sandbox:
the app's heaviest ordinary work. A key's latency runs from writing it to ssh until
ssh prints the search box showing it.

The number of visitors grows step by step; at each step every visitor types for a
while and the median and 90th percentile of all their keys are taken. The baseline is
the same measurement with a single visitor, in the same run; each step is reported as
a ratio against it. The answer is the largest step whose median stays within
``BUDGET_MS`` (the issue's 100 ms).

Memory per session is read from /proc for every visitor's app process (the children
of the server): resident (RSS) and proportional (PSS, shared pages divided among the
processes sharing them, which is what each extra visitor really costs).

Conservative on purpose: the ssh clients (encryption, terminal handling) and this
driver run on the same two cores as the server, which at an event they do not.

    python bench/ssh_sessions.py            # 1, 10, 20, ... 60, 80 visitors
    python bench/ssh_sessions.py --quick    # 1, 4 and 8 visitors, shorter windows
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = 100.0
KEYS_PER_SECOND = 2.0
"""One key every half second per visitor, all of them at once: busier than a crowd at a
stand (most are reading), so the answer errs on the safe side."""
KEYS = "qwertyuiopasdfghjklzxcvbnm"
ROUND = 12
"""Keys typed before the box is cleared (ctrl+u, not measured), so it rarely scrolls; a key
counts as answered when the box shows the last three typed letters before the cursor."""
LATE = 3.0
"""A key unanswered for this long counts as this long (and the step as failed)."""
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\x1b\][^\x07]*\x07")
SSH_OPTIONS = [
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "LogLevel=ERROR",
]


@dataclass
class Visitor:
    process: subprocess.Popen[bytes]
    fd: int
    screen: bytearray = field(default_factory=bytearray)
    """Output since the last mark (escape sequences removed when searched)."""
    typed: str = ""
    sent_at: float | None = None
    next_key_at: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def read(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            self.screen += os.read(self.fd, 1 << 16)

    def plain(self) -> str:
        return ESCAPES.sub(b"", bytes(self.screen)).decode("utf-8", "replace")

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        self.process.wait()
        with contextlib.suppress(OSError):
            os.close(self.fd)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(tmp: Path, port: int, max_sessions: int) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(tmp), "MENTOR_TUI_FAST_HASH": "1"}
    env.pop("MENTOR_TUI_SERVER", None)
    log = tmp / "server.log"
    with log.open("w") as out:  # a file, not a pipe: the server's log never blocks it
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mentor_tui",
                "--data-dir",
                str(tmp / "data"),
                "ssh-demo",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--max-sessions",
                str(max_sessions),
                "--idle-timeout",
                "0",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=ROOT,
        )
    deadline = time.monotonic() + 60
    while server.poll() is None and time.monotonic() < deadline:
        if "Ctrl+C stops" in log.read_text():
            return server
        time.sleep(0.05)
    raise SystemExit("ssh-demo did not start")


def open_visitor(port: int) -> Visitor:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    process = subprocess.Popen(
        [shutil.which("ssh") or "ssh", "-tt", *SSH_OPTIONS, "-p", str(port), "demo@127.0.0.1"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
        env=env,
    )
    os.close(slave)
    os.set_blocking(master, False)
    return Visitor(process, master)


def pump(visitors: list[Visitor], wait: float) -> None:
    fds = {v.fd: v for v in visitors}
    ready, _, _ = select.select(list(fds), [], [], wait)
    for fd in ready:
        fds[fd].read()


def wait_all(visitors: list[Visitor], marker: str, limit: float) -> bool:
    """Until every visitor's output shows ``marker``; False if the limit passes first."""
    deadline = time.monotonic() + limit
    waiting = list(visitors)
    while waiting:
        pump(waiting, 0.05)
        waiting = [v for v in waiting if marker not in v.plain()]
        if time.monotonic() > deadline:
            return False
    for visitor in visitors:
        visitor.screen.clear()
    return True


def to_search(visitors: list[Visitor]) -> bool:
    if not wait_all(visitors, "unread notifications", 120):
        return False
    for visitor in visitors:
        visitor.send(b"s")
    return wait_all(visitors, "mentors match", 60)


def measure(visitors: list[Visitor], seconds: float) -> list[float]:
    """Everyone types for ``seconds``; every key's latency in milliseconds."""
    start = time.monotonic()
    gap = 1.0 / KEYS_PER_SECOND
    for i, visitor in enumerate(visitors):  # spread the keys evenly over the gap
        visitor.next_key_at = start + gap * i / len(visitors)
        visitor.latencies.clear()
        visitor.typed = ""
        visitor.sent_at = None
    end = start + seconds
    while True:
        now = time.monotonic()
        if now >= end and all(v.sent_at is None for v in visitors):
            break
        for visitor in visitors:
            if visitor.sent_at is None and now < end and now >= visitor.next_key_at:
                if len(visitor.typed) >= ROUND:
                    visitor.send(b"\x15")  # ctrl+u: empty the box again
                    visitor.typed = ""
                    visitor.next_key_at = now + gap
                    continue
                key = KEYS[(len(visitor.latencies) + len(visitors)) % len(KEYS)]
                visitor.typed += key
                visitor.screen.clear()
                visitor.sent_at = time.monotonic()
                visitor.send(key.encode())
        pump(visitors, 0.002)
        now = time.monotonic()
        for visitor in visitors:
            if visitor.sent_at is None:
                continue
            if f"{visitor.typed[-3:]}  " in visitor.plain():  # the box's text, then the cursor
                visitor.latencies.append((now - visitor.sent_at) * 1000)
            elif now - visitor.sent_at > LATE:
                visitor.latencies.append(LATE * 1000)
            else:
                continue
            visitor.next_key_at = visitor.sent_at + gap
            visitor.sent_at = None
    return [ms for visitor in visitors for ms in visitor.latencies]


def app_processes(server_pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB."""
    rss = pss = 0
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    return rss, pss


def rss_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@dataclass
class Step:
    sessions: int
    median_ms: float
    p90_ms: float
    keys: int
    late: int
    rss_mib: float
    pss_mib: float
    server_rss_mib: float


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(steps: list[int], seconds: float) -> dict[str, object]:
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bench-ssh-"))
    server = start_server(tmp, port, max(steps) + 5)
    visitors: list[Visitor] = []
    results: list[Step] = []
    try:
        for count in steps:
            fresh = [open_visitor(port) for _ in range(count - len(visitors))]
            if not to_search(fresh):
                print(f"  {count:>3} visitors: not every app started within the limit")
                visitors += fresh
                break
            visitors += fresh
            latencies = measure(visitors, seconds)
            memory = [memory_kib(pid) for pid in app_processes(server.pid)]
            step = Step(
                sessions=len(visitors),
                median_ms=statistics.median(latencies),
                p90_ms=percentile(latencies, 0.9),
                keys=len(latencies),
                late=sum(ms >= LATE * 1000 for ms in latencies),
                rss_mib=statistics.median(m[0] for m in memory) / 1024 if memory else 0.0,
                pss_mib=statistics.median(m[1] for m in memory) / 1024 if memory else 0.0,
                server_rss_mib=rss_kib(server.pid) / 1024,
            )
            results.append(step)
            ratio = step.median_ms / results[0].median_ms
            print(
                f"  {step.sessions:>3} visitors: median {step.median_ms:6.1f} ms "
                f"(x{ratio:4.1f} of 1 visitor), p90 {step.p90_ms:6.1f} ms, {step.keys} keys, "
                f"{step.late} late; per app RSS {step.rss_mib:.0f} MiB, PSS "
                f"{step.pss_mib:.0f} MiB; server RSS {step.server_rss_mib:.0f} MiB",
                flush=True,
            )
            if step.median_ms > BUDGET_MS:
                break
    finally:
        for visitor in visitors:
            visitor.close()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    within = [s for s in results if s.median_ms <= BUDGET_MS]
    best = max(within, key=lambda s: s.sessions) if within else None
    return {
        "baseline_median_ms": results[0].median_ms if results else None,
        "steps": [s.__dict__ for s in results],
        "max_sessions_within_budget": best.sessions if best else 0,
        "budget_ms": BUDGET_MS,
        "exhausted": bool(results) and results[-1].median_ms <= BUDGET_MS,
        "cores": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1, 4 and 8 visitors; short runs")
    parser.add_argument(
        "--steps", help="Comma-separated visitor counts (default: 1,10,20,...,60,80)."
    )
    parser.add_argument("--seconds", type=float, help="Typing time per step.")
    parser.add_argument("--json", action="store_true", help="Print the results as JSON too.")
    args = parser.parse_args(argv)
    if shutil.which("ssh") is None:
        print("needs the OpenSSH client (ssh): apt-get install openssh-client")
        return 2
    if args.steps:
        steps = [int(n) for n in args.steps.split(",")]
    else:
        steps = [1, 4, 8] if args.quick else [1, 10, 20, 30, 40, 50, 60, 80]
    seconds = args.seconds or (4.0 if args.quick else 10.0)
    print(
        f"SSH demo: {KEYS_PER_SECOND:g} keys/s per visitor into the search box, "
        f"{seconds:g} s per step, on {os.cpu_count()} cores (clients included)"
    )
    report = run(steps, seconds)
    best = report["max_sessions_within_budget"]
    more = " (or more: the largest step tried)" if report["exhausted"] else ""
    print(
        f"Holds {best} concurrent visitors{more} with the median key answered within "
        f"{BUDGET_MS:g} ms; baseline (1 visitor) median {report['baseline_median_ms']:.1f} ms."
    )
    if args.json:
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
