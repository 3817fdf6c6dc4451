"""A real ``mentor-tui serve`` process on a loopback port, for contract and server tests.

The network is created first (its admin through the service, as ``mentor-tui init``
would), then the server runs as a subprocess exactly as a person would start it; tests
wait for ``/api/v1/health`` and stop it with SIGTERM at the end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from mentor_tui.domain.enums import Role
from mentor_tui.domain.models import Registration
from mentor_tui.service import MentoringService
from mentor_tui.service.security import FAST_HASH_ENV
from mentor_tui.store.database import Store

ADMIN = "alex.office"
PASSWORD = "correct horse battery"
READY_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def create_network(data_dir: Path) -> None:
    """An empty network with its admin (alex.office), on the SQLite file of ``data_dir``."""
    fast = os.environ.get(FAST_HASH_ENV)
    os.environ[FAST_HASH_ENV] = "1"
    store = Store.open_data_dir(data_dir)
    try:
        MentoringService(store).init_network(
            Registration(
                first_name="Alex",
                last_name="Office",
                username=ADMIN,
                password=PASSWORD,
                email="office@example.org",
                role=Role.STAFF,
                accept_guidelines=True,
            )
        )
    finally:
        store.close()
        if fast is None:
            del os.environ[FAST_HASH_ENV]
        else:
            os.environ[FAST_HASH_ENV] = fast


@dataclass
class LiveServer:
    data_dir: Path
    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        env = {
            **os.environ,
            "MENTOR_TUI_FAST_HASH": "1",
            "MENTOR_TUI_NO_KEYRING": "1",
            "PYTHONUNBUFFERED": "1",
        }
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mentor_tui",
                "--data-dir",
                str(self.data_dir),
                "serve",
                "--port",
                str(self.port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        log.close()
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited early:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not get ready:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def start_live_server(data_dir: Path) -> LiveServer:
    create_network(data_dir)
    return LiveServer(data_dir, free_port(), data_dir / "server.log").start()
