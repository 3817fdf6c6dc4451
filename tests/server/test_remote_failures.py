"""When what answers is not a mentor-tui server, the remote backend says so in one line."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mentor_tui.backend.remote import RemoteBackend, normalise_server_url
from mentor_tui.domain.errors import NotFound, Unavailable
from mentor_tui.domain.models import Session
from tests.live_server import free_port

ANSWERS: dict[str, tuple[int, str, bytes]] = {
    "/html/api/v1/sessions/current": (200, "text/html", b"<html><body>Welcome</body></html>"),
    "/gateway/api/v1/sessions/current": (502, "text/html", b"<h1>502 Bad Gateway</h1>"),
    "/shape/api/v1/sessions/current": (200, "application/json", b'{"hello": "world"}'),
    "/broken/api/v1/sessions/current": (200, "application/json", b'{"unfinished": '),
    "/refusal/api/v1/sessions/current": (
        404,
        "application/json",
        b'{"error": {"code": "not_found", "message": "No such\\nthing."}}',
    ),
}


class Garbage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(2)
        status, kind, body = ANSWERS.get(self.path, (200, "text/plain", b"hello"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as the timeout test wants

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def garbage_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def signed_in(url: str, timeout: float = 10.0) -> RemoteBackend:
    session = Session(token="t", username="sam", expires_at="2099-01-01T00:00:00Z")  # type: ignore[arg-type]
    return RemoteBackend(url, session, timeout=timeout)


def one_line(error: pytest.ExceptionInfo[Exception]) -> str:
    text = str(error.value)
    assert "\n" not in text and len(text) < 250
    return text


async def test_a_dead_port_is_unavailable_in_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(Unavailable) as error:
        await RemoteBackend(url).suggest_username("Sam", "Lee")
    text = one_line(error)
    assert text == (
        f"Can't reach the server at {url} (connection refused): check the address, or try "
        "again when it is back."
    )


async def test_an_unknown_host_is_unavailable() -> None:
    with pytest.raises(Unavailable, match=r"unknown host|connection failed") as error:
        await RemoteBackend("http://no-such-host.invalid").suggest_username("Sam", "Lee")
    one_line(error)


async def test_an_html_page_is_not_a_server(garbage_server: str) -> None:
    with pytest.raises(Unavailable, match="not as a mentor-tui server") as error:
        await signed_in(f"{garbage_server}/html").whoami()
    assert "text/html" in one_line(error)


async def test_a_proxy_error_says_try_again(garbage_server: str) -> None:
    with pytest.raises(Unavailable, match="HTTP 502") as error:
        await signed_in(f"{garbage_server}/gateway").whoami()
    one_line(error)


async def test_json_of_the_wrong_shape_is_unavailable(garbage_server: str) -> None:
    with pytest.raises(Unavailable, match="did not fit Actor") as error:
        await signed_in(f"{garbage_server}/shape").whoami()
    one_line(error)
    with pytest.raises(Unavailable) as error:
        await signed_in(f"{garbage_server}/broken").whoami()
    one_line(error)


async def test_a_refusal_comes_back_as_the_same_class_in_one_line(garbage_server: str) -> None:
    with pytest.raises(NotFound) as error:
        await signed_in(f"{garbage_server}/refusal").whoami()
    assert one_line(error) == "No such thing."


async def test_no_answer_in_time_is_unavailable(garbage_server: str) -> None:
    with pytest.raises(Unavailable, match="no answer in time") as error:
        await signed_in(f"{garbage_server}/slow", timeout=0.3).whoami()
    one_line(error)


def test_server_addresses_are_normalised() -> None:
    assert normalise_server_url("localhost:8000/") == "http://localhost:8000"
    assert normalise_server_url("127.0.0.1:9000/api/v1") == "http://127.0.0.1:9000"
    assert normalise_server_url("mentors.example.edu") == "https://mentors.example.edu"
    assert normalise_server_url("http://mentors.example.edu/") == "http://mentors.example.edu"
