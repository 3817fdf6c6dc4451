"""The same demo in a browser: ``mentor-tui web`` through textual-serve.

The test is the browser: it loads the page, then opens the page's websocket, which
starts a visitor's app on a fresh sandbox; the app's first screens arrive as terminal
output. Closing the websocket (the tab) ends the app and deletes its sandbox.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.live_server import free_port
from tests.sshdemo.conftest import wait_until

ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


@dataclass
class WebDemo:
    url: str
    root: Path

    def sandboxes(self) -> list[Path]:
        return sorted(self.root.glob("mentor-tui-web-demo-*/visitors/visitor-*"))


@pytest.fixture
def web_demo(tmp_path: Path) -> Iterator[WebDemo]:
    port = free_port()
    root = tmp_path / "tmp"
    root.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "mentor_tui", "web", "--port", str(port), "--mentors", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(root)},
    )
    try:
        url = f"http://127.0.0.1:{port}"
        assert wait_until(lambda: _answers(url), timeout=60), "mentor-tui web did not start"
        yield WebDemo(url, root)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert not list(root.glob("mentor-tui-web-demo-*")), "the web demo left files behind"


def _answers(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


async def _visit(url: str) -> str:
    """Open the page's websocket and read the app's output until the dashboard shows."""
    seen = ""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{url.replace('http', 'ws')}/ws?width=100&height=30") as ws,
    ):
        limit = time.monotonic() + 60
        while "unread notifications" not in seen:
            assert time.monotonic() < limit, f"no dashboard; the output:\n{seen[-2000:]}"
            message = await ws.receive(timeout=60)
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += ESCAPES.sub("", message.data.decode("utf-8", "replace"))
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                break
    return seen


def test_the_page_loads_and_a_tab_gets_its_own_signed_in_demo(web_demo: WebDemo) -> None:
    import urllib.request

    with urllib.request.urlopen(web_demo.url, timeout=10) as response:
        assert "mentor-tui demo" in response.read().decode()
    output = asyncio.run(_visit(web_demo.url))
    assert "DEMO: invented people" in output
    assert re.search(r"Hello \w+", output)  # signed in as the demo student
    assert wait_until(lambda: not web_demo.sandboxes())  # the tab closed: sandbox gone
