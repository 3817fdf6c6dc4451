"""One visitor's app: the process the SSH and browser demos start for each visitor.

``python -m mentor_tui.sshdemo.session --sandbox DIR`` runs the app on the network in
``DIR`` (a private copy made by the SSH server, which deletes it afterwards), signed in
as the demo student, with the invented mentors answering in the background.
``--template DIR --sandbox-root ROOT`` makes and deletes its own copy instead (the
browser demo, where textual-serve starts the process and no one else could clean up).

Everything this process might write goes into the sandbox: the data dir, the config
dir (settings, crash reports) and even ``HOME`` (exports, screenshots), and the one
screen that reads a file of the visitor's choosing (the LinkedIn import) is refused,
so a visitor can't read or write the host's files through the app.

It runs as its own process on its own pseudo-terminal, so a crash ends one visit and
nothing else, and the kernel delivers window resizes (SIGWINCH) as in any terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import Any

IDLE_WARNING_SIGNAL = signal.SIGUSR1
"""The SSH server's "this visitor has been idle a while" (the app shows a warning)."""
IDLE_CLEAR_SIGNAL = signal.SIGUSR2
"""The SSH server's "they pressed a key after all" (the warning goes away)."""
ENV_CLEARED = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_DOWNLOAD_DIR")


def take_terminal() -> None:
    """Make the pseudo-terminal on stdin this process's controlling terminal.

    The server starts us as a new session's leader (``start_new_session``); claiming
    the terminal lets the kernel send SIGWINCH on resize and SIGHUP when the visitor
    hangs up, exactly as for a login shell.
    """
    with contextlib.suppress(OSError, AttributeError):
        if os.isatty(0) and os.getsid(0) == os.getpid():
            import fcntl
            import termios

            fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def confine(sandbox: Path) -> None:
    """Point every place the app writes to inside the sandbox."""
    home = sandbox / "home"
    home.mkdir(exist_ok=True)
    for name in ENV_CLEARED:
        os.environ.pop(name, None)
    os.environ.update(
        MENTOR_TUI_DATA_DIR=str(sandbox),
        MENTOR_TUI_CONFIG_DIR=str(sandbox / "config"),
        MENTOR_TUI_NO_KEYRING="1",
        MENTOR_TUI_FAST_HASH="1",
        HOME=str(home),
    )
    os.chdir(sandbox)


def refuse_host_files() -> None:
    """The LinkedIn import reads a path typed by the visitor: not on someone else's laptop."""
    from mentor_tui.domain.errors import Invalid
    from mentor_tui.tui.screens import dialogs

    def read_export(path: Path) -> Any:
        raise Invalid(
            "The demo can't read files from this computer; in your own copy of mentor-tui "
            "this imports your LinkedIn export."
        )

    dialogs.read_export = read_export


def run_visitor(sandbox: Path, user: str, idle_warning: int) -> int:
    """Run the app for one visitor until they quit; the exit status."""
    from mentor_tui.backend.local import LocalBackend
    from mentor_tui.config import Settings
    from mentor_tui.credentials import SessionStore
    from mentor_tui.demo.responder import start_responder
    from mentor_tui.demo.seed import DEMO_LOGINS, DEMO_PASSWORD
    from mentor_tui.service import MentoringService
    from mentor_tui.sshdemo.kiosk import KioskApp
    from mentor_tui.sshdemo.sandbox import BANNER
    from mentor_tui.store.database import Store

    refuse_host_files()
    store = Store.open_data_dir(sandbox)
    service = MentoringService(store)
    sessions = SessionStore.for_data_dir(sandbox)
    sessions.put(service.login(user, DEMO_PASSWORD))
    responder = start_responder(service)
    backend = LocalBackend(service)
    try:
        app = KioskApp(
            backend,
            sessions=sessions,
            settings=Settings(),
            start_user=user,
            demo_logins=DEMO_LOGINS,
            demo_password=DEMO_PASSWORD,
            banner=BANNER,
            remember_settings=False,
            idle_warning=idle_warning,
        )
        app.run()
        return app.return_code or 0
    finally:
        responder.stop()
        with contextlib.suppress(Exception):
            asyncio.run(backend.close())
        store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m mentor_tui.sshdemo.session",
        description="Run the demo app for one visitor (started by ssh-demo and web).",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sandbox", type=Path, help="A private copy made for this visitor.")
    where.add_argument("--template", type=Path, help="Copy this template; delete it on exit.")
    parser.add_argument("--sandbox-root", type=Path, help="Where --template copies go.")
    parser.add_argument("--user", default=None, help="Who the visitor is signed in as.")
    parser.add_argument(
        "--idle-warning", type=int, default=30, help="Seconds the idle warning announces."
    )
    args = parser.parse_args(argv)
    from mentor_tui.sshdemo.sandbox import DEMO_USER, DemoTemplate, remove_sandbox

    take_terminal()
    signal.signal(signal.SIGHUP, _hang_up)
    own_copy = args.sandbox is None
    if own_copy:
        root = args.sandbox_root or args.template.parent
        template = DemoTemplate(path=args.template, visitors=root)
        sandbox = template.new_sandbox()
    else:
        sandbox = args.sandbox
    try:
        confine(sandbox)
        code = run_visitor(sandbox, args.user or DEMO_USER, args.idle_warning)
    except KeyboardInterrupt:
        code = 130
    finally:
        if own_copy:
            os.chdir("/")
            remove_sandbox(sandbox)
    sys.exit(code)


def _hang_up(signum: int, frame: Any) -> None:
    """The visitor is gone: unwind (closing the store, deleting an own copy) and leave."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
