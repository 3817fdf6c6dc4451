"""``mentor-tui ssh-demo`` and ``mentor-tui web``: the demo for visitors at an event.

Both seed one template network when they start (half a second), give every visitor a
private copy of it, and delete everything when they stop. Imports are deferred to the
commands themselves so that ``mentor-tui --help`` stays as fast as before.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from mentor_tui.sshdemo.server import DemoServer

DEFAULT_MAX_SESSIONS = 25
"""Visitors at once. bench/ssh_sessions.py on a 2-core machine: with every visitor typing
two keys a second, the median key is answered in about 45 ms at 30 visitors and 250 ms
at 40; 25 keeps the slowest keys quick too and leaves room for the laptop itself."""


def _public_host(host: str) -> str:
    import socket

    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return host


@click.command("ssh-demo")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", default=2222, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--max-sessions",
    default=DEFAULT_MAX_SESSIONS,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Visitors at once; the next one is asked to come back in a minute.",
)
@click.option(
    "--idle-timeout",
    default=300,
    show_default=True,
    type=click.IntRange(0, 86_400),
    help="Seconds without a key before a visitor is warned, then disconnected (0: never).",
)
@click.option(
    "--mentors",
    default=400,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Mentors in each visitor's network.",
)
@click.pass_obj
def ssh_demo(
    obj: Any, host: str, port: int, max_sessions: int, idle_timeout: int, mentors: int
) -> None:
    """Let visitors try the app over SSH: ssh -p PORT demo@THIS-MACHINE.

    Each visitor gets a fresh sandbox of invented people, signed in as a student; mentors
    answer requests within seconds. Any user name, no password; no shell, no commands,
    no forwarding. The host key is kept under the data dir.
    """
    import asyncio
    import tempfile

    from mentor_tui.sshdemo.sandbox import DemoTemplate
    from mentor_tui.sshdemo.server import HOST_KEY_FILE, DemoLimits, load_host_key, serve

    key_path = Path(obj.data_dir) / HOST_KEY_FILE
    try:
        host_key = load_host_key(key_path)
    except (OSError, ValueError) as error:
        raise click.ClickException(
            f"Can't read or make the host key {key_path} ({error}): fix its permissions or "
            "delete it to make a new one."
        ) from None
    public = _public_host(host)

    def ready(demo: DemoServer) -> None:
        click.echo(f"mentor-tui SSH demo listening on {host}:{demo.port}")
        click.echo(f"Visitors type:  ssh -p {demo.port} demo@{public}")
        click.echo(f"Host key:       {host_key.get_fingerprint()}")
        click.echo(
            f"Up to {max_sessions} visitors at once; idle timeout "
            f"{idle_timeout or 'off'}{'s' if idle_timeout else ''}. Ctrl+C stops."
        )

    with tempfile.TemporaryDirectory(prefix="mentor-tui-ssh-demo-") as root:
        template = DemoTemplate.create(Path(root), mentors=mentors)
        limits = DemoLimits(max_sessions=max_sessions, idle_timeout=float(idle_timeout))
        try:
            asyncio.run(
                serve(template, limits, host, port, host_key, public, ready, log=click.echo)
            )
        except OSError as error:
            raise click.ClickException(
                f"Can't listen on {host}:{port} ({error.strerror or error}): choose another "
                "with --port, or stop what uses it."
            ) from None
    click.echo("Stopped; every visitor's sandbox is deleted.")


@click.command("web")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (textual-serve has no sign-in: loopback unless you mean it).",
)
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--public-url",
    metavar="URL",
    help="The address browsers use, if not http://HOST:PORT (e.g. behind a proxy).",
)
@click.option(
    "--mentors",
    default=400,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Mentors in each visitor's network.",
)
def web(host: str, port: int, public_url: str | None, mentors: int) -> None:
    """Serve the same demo in a browser (textual-serve): one sandbox per browser tab."""
    import shlex
    import tempfile

    from textual_serve.server import Server

    from mentor_tui.sshdemo.sandbox import DemoTemplate

    with tempfile.TemporaryDirectory(prefix="mentor-tui-web-demo-") as root:
        template = DemoTemplate.create(Path(root), mentors=mentors)
        command = shlex.join(
            [
                sys.executable,
                "-m",
                "mentor_tui.sshdemo.session",
                "--template",
                str(template.path),
                "--sandbox-root",
                str(template.visitors),
            ]
        )
        public = public_url or f"http://{_public_host(host)}:{port}"
        click.echo(f"mentor-tui web demo: open {public} (Ctrl+C stops)")
        server = Server(command, host=host, port=port, title="mentor-tui demo", public_url=public)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        except OSError as error:
            raise click.ClickException(
                f"Can't serve on {host}:{port} ({error.strerror or error}): choose another "
                "with --port, or stop what uses it."
            ) from None
