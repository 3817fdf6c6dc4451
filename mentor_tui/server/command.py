"""``mentor-tui serve``: run a network as an HTTP service with uvicorn.

Loopback by default: tokens travel in the clear over plain HTTP, so serving to other
machines belongs behind a TLS reverse proxy, and the command says so when asked to
listen elsewhere. The port is bound here first, so a taken port is one clear line
rather than a uvicorn traceback.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import socket
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from mentor_tui.domain.errors import Invalid
from mentor_tui.mail import mail_from_option, smtp_url_option

if TYPE_CHECKING:
    from mentor_tui.store.database import Store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SHUTDOWN_GRACE_SECONDS = 3
"""Open event streams never end by themselves; on Ctrl+C they get this long."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or a one-line refusal saying what to do."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise Invalid(f"Can't listen on '{host}': not an address of this machine.") from None
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise Invalid(
                f"Port {port} on {host} is already taken (another server?): stop it, or "
                "choose another with --port."
            ) from None
        if error.errno == errno.EACCES:
            raise Invalid(
                f"Not allowed to listen on port {port}: choose one above 1023 with --port."
            ) from None
        raise Invalid(f"Can't listen on {host}:{port} ({error.strerror}).") from None
    sock.set_inheritable(True)
    return sock


def open_store(database: str | None, data_dir: Path) -> Store:
    from mentor_tui.store.database import Store

    if database:
        return Store.open_url(database)
    return Store.open_data_dir(data_dir)


@click.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option(
    "--database",
    metavar="URL",
    envvar="MENTOR_TUI_DATABASE",
    help="sqlite:///path/network.sqlite3 or postgresql://user:pass@host/db "
    "(default: the network of --data-dir).",
)
@smtp_url_option
@mail_from_option
@click.pass_obj
def serve(
    obj: object,
    host: str,
    port: int,
    database: str | None,
    smtp_url: str | None,
    mail_from: str,
) -> None:
    """Serve the network over HTTP (JSON API at /api/v1, docs at /api/v1/docs).

    Members who allow it get their notifications by e-mail: over the --smtp-url relay,
    or else into the Maildir DATA_DIR/outbox.
    """
    import uvicorn

    from mentor_tui.mail import MailDelivery, make_transport, sender_address
    from mentor_tui.server import API_PREFIX, create_app
    from mentor_tui.service import MentoringService

    data_dir: Path = getattr(obj, "data_dir")  # noqa: B009 - CliContext, without the import
    transport = make_transport(smtp_url, data_dir)  # a bad URL is one line, before anything
    sender_address(mail_from)
    store = open_store(database, data_dir)
    sock = bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    click.echo(f"Serving {store.where} at {url}{API_PREFIX} (docs: {url}{API_PREFIX}/docs).")
    if not _is_loopback(host):
        click.echo(
            "Listening beyond this machine over plain HTTP: put a TLS reverse proxy in "
            "front so that passwords and tokens are not sent in the clear.",
            err=True,
        )
    click.echo(f"E-mail notifications go {transport.describe()} (from {mail_from}).")
    click.echo("Press Ctrl+C to stop.")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(MentoringService(store), mail=MailDelivery(store, transport, mail_from))
    config = uvicorn.Config(
        app,
        log_level="info",
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        server_header=False,
    )

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            app.state.closing = True  # open event streams end now, not at the grace timeout
            super().handle_exit(sig, frame)

    try:
        Server(config).run(sockets=[sock])
    finally:
        sock.close()
        store.close()
