"""``mentor-tui serve`` drains the outbox in its lifespan: a real server process, a real
SMTP server on loopback, and e-mail owed before the start as well as while it runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from mentor_tui.domain.enums import Role
from mentor_tui.domain.models import Registration
from mentor_tui.service import MentoringService
from mentor_tui.store.database import Store
from tests.live_server import ADMIN, PASSWORD, READY_TIMEOUT, create_network, free_port
from tests.mail.conftest import SmtpServer
from tests.mail.test_maildir import read_maildir

T = TypeVar("T")
WAIT = 30.0
"""Longest wait for an e-mail; the server looks at the outbox every few seconds."""


def wait_for(found: Callable[[], list[T]]) -> list[T]:
    """What ``found`` returns once it is not empty (a deadline, not a timing assertion)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        got = found()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError("no e-mail arrived")


def sign_up(service: MentoringService, first: str) -> str:
    member = service.register(
        Registration(
            first_name=first,
            last_name="Example",
            password=PASSWORD,
            email=f"{first.lower()}@example.org",
            role=Role.STUDENT,
            institution="University of Testing",
            programme="Economics",
            accept_guidelines=True,
        )
    )
    return member.username


@contextmanager
def serve(data_dir: Path, *extra: str) -> Iterator[str]:
    """``mentor-tui --data-dir DATA_DIR serve ...EXTRA`` on a free port; yields its URL."""
    port = free_port()
    log = (data_dir / "server.log").open("ab")
    command = [sys.executable, "-m", "mentor_tui", "--data-dir", str(data_dir), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port), *extra],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "MENTOR_TUI_FAST_HASH": "1", "PYTHONUNBUFFERED": "1"},
    )
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            assert process.poll() is None, (data_dir / "server.log").read_text()
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, (data_dir / "server.log").read_text()
            time.sleep(0.1)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def prepared_network(data_dir: Path) -> None:
    """Alex the admin; Bea verified before the server starts (her e-mail is owed); Cem
    waiting to be verified."""
    create_network(data_dir)
    store = Store.open_data_dir(data_dir)
    try:
        service = MentoringService(store)
        admin = service.authenticate(service.login(ADMIN, PASSWORD).token)
        service.verify_member(admin, sign_up(service, "Bea"))
        sign_up(service, "Cem")
    finally:
        store.close()


def verify_over_http(url: str, username: str) -> None:
    token = httpx.post(
        f"{url}/api/v1/sessions", json={"username": ADMIN, "password": PASSWORD}
    ).json()["token"]
    reply = httpx.post(
        f"{url}/api/v1/admin/members/{username}/verify",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert reply.status_code == 200, reply.text


@pytest.mark.slow
def test_the_server_delivers_over_its_smtp_relay(tmp_path: Path, smtp_server: SmtpServer) -> None:
    data_dir = tmp_path / "net"
    prepared_network(data_dir)
    args = ["--smtp-url", smtp_server.url, "--mail-from", "Alumni Office <mentoring@uni.example>"]

    with serve(data_dir, *args) as url:
        [owed] = wait_for(lambda: smtp_server.to("bea@example.org"))
        verify_over_http(url, "cem.example")
        [new] = wait_for(lambda: smtp_server.to("cem@example.org"))

    for mail in (owed, new):
        assert mail.message["Subject"] == "mentor-tui: Your account is verified"
        assert mail.message["From"] == "Alumni Office <mentoring@uni.example>"
    assert not (data_dir / "outbox").exists()
    assert (
        "E-mail notifications go over SMTP via smtp://127.0.0.1"
        in (data_dir / "server.log").read_text()
    )


@pytest.mark.slow
def test_without_a_relay_the_server_writes_into_the_data_dirs_maildir(tmp_path: Path) -> None:
    data_dir = tmp_path / "net"
    prepared_network(data_dir)

    def arrived() -> list[EmailMessage]:
        box = data_dir / "outbox"
        return read_maildir(box) if (box / "new").exists() else []

    with serve(data_dir):
        [mail] = wait_for(arrived)

    assert mail["To"].addresses[0].addr_spec == "bea@example.org"
