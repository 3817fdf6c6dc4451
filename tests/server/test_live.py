"""A real ``mentor-tui serve`` process: live events, restarts, and the command line against it."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import httpx
import pytest

from mentor_tui.backend.remote import RemoteBackend
from mentor_tui.cli import main
from mentor_tui.domain.errors import Invalid, NotSignedIn
from mentor_tui.domain.models import NotificationSummary, Registration
from mentor_tui.server.command import bind
from tests.live_server import ADMIN, PASSWORD, LiveServer, free_port

_n = iter(range(1, 10_000))


async def pending_member(url: str) -> tuple[RemoteBackend, str]:
    """A member who has just signed up (pending) and signed in, with a RemoteBackend."""
    n = next(_n)
    backend = RemoteBackend(url)
    member = await backend.register(
        Registration(
            first_name="Live",
            last_name=f"Member{n}",
            username=f"live.m{n}.{free_port()}",
            password=PASSWORD,
            email=f"live{n}.{free_port()}@example.org",
            role="student",  # type: ignore[arg-type]
            accept_guidelines=True,
        )
    )
    await backend.login(member.username, PASSWORD)
    return backend, member.username


async def office(url: str) -> RemoteBackend:
    backend = RemoteBackend(url)
    await backend.login(ADMIN, PASSWORD)
    return backend


async def test_the_event_stream_speaks_server_sent_events(live_server: LiveServer) -> None:
    backend, _name = await pending_member(live_server.url)
    assert backend.session is not None
    headers = {"Authorization": f"Bearer {backend.session.token}"}
    async with (
        httpx.AsyncClient(base_url=live_server.url) as http,
        http.stream("GET", "/api/v1/events", headers=headers) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines: list[str] = []
        async for line in response.aiter_lines():
            lines.append(line)
            if line.startswith("data:"):
                break
    assert "event: summary" in lines
    assert json.loads(lines[-1].removeprefix("data:")) == {"unread": 0, "latest_id": None}
    refused = await httpx.AsyncClient(base_url=live_server.url).get("/api/v1/events")
    assert refused.status_code == 401
    await backend.close()


async def test_a_new_notification_arrives_on_the_stream_within_seconds(
    live_server: LiveServer,
) -> None:
    member, username = await pending_member(live_server.url)
    changes = member.watch_notifications()
    first = await asyncio.wait_for(anext(changes), 10)
    assert first == NotificationSummary(unread=0, latest_id=None)
    admin = await office(live_server.url)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await admin.verify_member(username)
    second = await asyncio.wait_for(anext(changes), 10)
    assert second.unread == 1 and second.latest_id is not None
    assert loop.time() - started < 5
    await member.mark_notifications_read()
    third = await asyncio.wait_for(anext(changes), 10)
    assert third == NotificationSummary(unread=0, latest_id=second.latest_id)
    await changes.aclose()
    await member.close()
    await admin.close()


async def test_signing_out_ends_the_stream(live_server: LiveServer) -> None:
    member, _name = await pending_member(live_server.url)
    changes = member.watch_notifications()
    await asyncio.wait_for(anext(changes), 10)
    same_device = RemoteBackend(live_server.url, member.session)
    await same_device.logout()
    with pytest.raises(NotSignedIn):
        await asyncio.wait_for(anext(changes), 10)
    await member.close()


async def test_the_stream_comes_back_after_the_server_restarts(live_server: LiveServer) -> None:
    member, username = await pending_member(live_server.url)
    changes = member.watch_notifications()
    assert (await asyncio.wait_for(anext(changes), 10)).unread == 0
    waiting = asyncio.ensure_future(anext(changes))
    live_server.stop()
    await asyncio.sleep(0.5)
    assert not waiting.done()
    live_server.start()  # same port, same network: later tests find it running
    admin = await office(live_server.url)
    await admin.verify_member(username)
    summary = await asyncio.wait_for(waiting, 20)
    assert summary.unread == 1
    await changes.aclose()
    await admin.close()
    await member.close()


def test_a_taken_port_is_one_clear_line() -> None:
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    try:
        with pytest.raises(Invalid, match=f"Port {port} on 127.0.0.1 is already taken"):
            bind("127.0.0.1", port)
    finally:
        sock.close()


def run_cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as done:
        main(args)
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_the_command_line_works_against_a_server(
    live_server: LiveServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("MENTOR_TUI_CONFIG_DIR", str(tmp_path / "config"))
    server = ["--server", live_server.url]
    code, out, err = run_cli(
        capsys, monkeypatch, [*server, "login", ADMIN, "--password-stdin"], PASSWORD + "\n"
    )
    assert code == 0, err
    assert "Signed in as alex.office" in out
    assert err.count("No system keyring works here") == 1
    stored = list((tmp_path / "config" / "sessions").glob("*.json"))
    assert len(stored) == 1 and stored[0].stat().st_mode & 0o777 == 0o600

    code, out, err = run_cli(capsys, monkeypatch, [*server, "whoami", "--json"])
    assert code == 0 and err == ""
    assert json.loads(out)["username"] == ADMIN
    code, out, _err = run_cli(capsys, monkeypatch, [*server, "whoami"])
    assert f"Network: {live_server.url}" in out

    code, out, err = run_cli(capsys, monkeypatch, [*server, "admin", "stats", "--json"])
    assert code == 0 and "requests_by_state" in json.loads(out)
    code, out, err = run_cli(
        capsys, monkeypatch, [*server, "init", "--admin", "x.y", "--email", "x@y.org"]
    )
    assert code == 1 and "works on the database itself" in err
    code, out, err = run_cli(capsys, monkeypatch, [*server, "logout"])
    assert code == 0 and f"Signed out {ADMIN}" in out
    code, out, err = run_cli(capsys, monkeypatch, [*server, "whoami"])
    assert code == 1 and "Nobody is signed in" in err


def test_the_command_line_says_when_the_server_is_away(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    code, out, err = run_cli(
        capsys,
        monkeypatch,
        ["--server", url, "login", "sam.lee", "--password-stdin"],
        "a password of some length\n",
    )
    assert code == 1 and out == ""
    assert err == (
        f"error: Can't reach the server at {url} (connection refused): check the address, "
        "or try again when it is back.\n"
    )


def test_the_server_in_the_settings_file_is_used(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(f'server = "{url}"\n', encoding="utf-8")
    monkeypatch.setenv("MENTOR_TUI_CONFIG_DIR", str(config))
    monkeypatch.delenv("MENTOR_TUI_DATA_DIR")
    code, _out, err = run_cli(
        capsys, monkeypatch, ["login", "sam.lee", "--password-stdin"], "a long password\n"
    )
    assert code == 1 and f"Can't reach the server at {url}" in err
