"""The command line: one verb per action of the network, ``--json`` for scripts.

Without a verb it opens the terminal app. Every verb talks to a Backend exactly as
the TUI does, so the two can't disagree about a rule. Refusals print one line
(``error: ...``) on stderr and exit with status 1; usage mistakes exit with 2.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Coroutine, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, TypeVar

import click

from mentor_tui import __version__
from mentor_tui.domain.enums import RelationshipState, ReportState, RequestState, Role
from mentor_tui.domain.errors import Invalid, MentorError, NotSignedIn
from mentor_tui.domain.lists import ACTIVITIES, HELP_AREAS, SECTORS
from mentor_tui.lazy import lazy_module
from mentor_tui.locations import data_dir as default_data_dir
from mentor_tui.locations import state_dir
from mentor_tui.private_files import write_private

# Start-up imports stay light: opening the app needs neither pydantic and the models
# (through cli_render) nor the storage layer; they load when a verb first uses them.
if TYPE_CHECKING:
    from mentor_tui import cli_render as render
    from mentor_tui.backend.base import Backend
    from mentor_tui.backend.local import LocalBackend
    from mentor_tui.credentials import KeyringSessionStore, SessionStore
else:
    render = lazy_module("mentor_tui.cli_render")

T = TypeVar("T")
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_CRASH = 70


# -- context ---------------------------------------------------------------------------


class CliContext:
    """What the global options chose: which network, which account."""

    def __init__(
        self, data_dir: Path, user: str | None, screen_reader: bool, server: str | None = None
    ) -> None:
        self.data_dir = data_dir
        self.user = user
        self.screen_reader = screen_reader
        self.server = server
        """A server URL (--server, MENTOR_TUI_SERVER or settings): then the remote backend."""
        self._backend: Backend | None = None

    def backend(self) -> Backend:
        if self._backend is None:
            if self.server:
                from mentor_tui.backend.remote import RemoteBackend

                self._backend = RemoteBackend(self.server)
            else:
                self._backend = self.local_backend()
        return self._backend

    def app_backend(self) -> Backend:
        """For the app: the embedded network is opened after the first frame, not before."""
        if self.server:
            return self.backend()
        from mentor_tui.backend.opening import opening_backend
        from mentor_tui.locations import DB_FILENAME

        return opening_backend(self.local_backend, where=str(self.data_dir / DB_FILENAME))

    def local_backend(self) -> LocalBackend:
        """For what needs the database itself (init, seed): never through a server."""
        from mentor_tui.backend.local import LocalBackend

        if self.server:
            raise Invalid(
                "This command works on the database itself: run it where the network is "
                "kept (without --server), e.g. mentor-tui --data-dir DIR ..."
            )
        if not isinstance(self._backend, LocalBackend):
            self._backend = LocalBackend.open(self.data_dir)
        return self._backend

    def sessions(self) -> SessionStore | KeyringSessionStore:
        from mentor_tui.credentials import KeyringSessionStore, SessionStore

        if self.server:
            from mentor_tui.backend.remote import normalise_server_url

            return KeyringSessionStore.for_server(
                normalise_server_url(self.server), warn=lambda line: click.echo(line, err=True)
            )
        return SessionStore.for_data_dir(self.data_dir)

    def signed_in(self) -> Backend:
        """The backend acting as ``--user`` (or the last account that signed in)."""
        backend = self.backend()
        sessions = self.sessions()
        session = sessions.get(self.user)
        if session is None:
            who = self.user or sessions.last()
            if who:
                raise NotSignedIn(
                    f"{who} is not signed in here (or the session ended): run "
                    f"'mentor-tui login {who}'."
                )
            raise NotSignedIn("Nobody is signed in: run 'mentor-tui login NAME' first.")
        try:
            run(backend.resume(session))
        except NotSignedIn:
            sessions.remove(session.username)
            raise NotSignedIn(
                f"The session of {session.username} has ended: run "
                f"'mentor-tui login {session.username}'."
            ) from None
        return backend


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def _jsonable(data: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    if isinstance(data, list | tuple):
        return [_jsonable(item) for item in data]
    if isinstance(data, dict):
        return {k: _jsonable(v) for k, v in data.items()}
    return data


def emit(as_json: bool, data: Any, lines: Iterable[str]) -> None:
    if as_json:
        click.echo(json.dumps(_jsonable(data), indent=2, ensure_ascii=False))
    else:
        click.echo(render.join(lines))


def json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print the result as JSON (for scripts)."
    )(fn)


def read_password(
    password_stdin: bool, prompt: str = "Password", *, confirm: bool = False, lines: int = 1
) -> list[str]:
    """Passwords from a hidden prompt, or ``lines`` lines of standard input."""
    if password_stdin:
        got = [sys.stdin.readline().rstrip("\r\n") for _ in range(lines)]
        if any(not g for g in got):
            raise Invalid(f"--password-stdin expects {lines} line(s) on standard input; got fewer.")
        return got
    if not sys.stdin.isatty() and not os.environ.get("MENTOR_TUI_PROMPT_ANYWAY"):
        raise Invalid("No terminal to ask for the password: pipe it in with --password-stdin.")
    return [click.prompt(prompt, hide_input=True, confirmation_prompt=confirm)]


# -- the group -------------------------------------------------------------------------


class DirectoryPath(click.Path):
    """A directory option that refuses an empty value instead of meaning the current
    directory: ``--data-dir "$DIR"`` with DIR unset must not start a network in cwd."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail(
                "is empty; give a directory (is a variable in your script unset?).", param, ctx
            )
        return super().convert(value, param, ctx)


class VerbsGroup(click.Group):
    """The top-level group: verbs defined in other modules (the server, mail, the event
    demo) are imported only when named, so opening the app doesn't pay for them."""

    ELSEWHERE: ClassVar[dict[str, str]] = {
        "serve": "mentor_tui.server.command:serve",
        "mail": "mentor_tui.mail:mail_group",
        "ssh-demo": "mentor_tui.sshdemo.commands:ssh_demo",
        "web": "mentor_tui.sshdemo.commands:web",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = self.ELSEWHERE.get(cmd_name)
        if where is None:
            return super().get_command(ctx, cmd_name)
        module_name, name = where.split(":")
        command = getattr(importlib.import_module(module_name), name)
        assert isinstance(command, click.Command)
        return command


@click.group(
    cls=VerbsGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--data-dir",
    type=DirectoryPath(file_okay=False, path_type=Path),
    envvar="MENTOR_TUI_DATA_DIR",
    help="The embedded network's directory (default: your user data dir).",
)
@click.option("--user", "user", metavar="NAME", help="Act as this signed-in account.")
@click.option(
    "--server",
    metavar="URL",
    envvar="MENTOR_TUI_SERVER",
    help="Use the network served at URL (mentor-tui serve) instead of the embedded one.",
)
@click.option(
    "--screen-reader", is_flag=True, help="Terminal cursor follows focus; changes are announced."
)
@click.version_option(__version__, prog_name="mentor-tui")
@click.pass_context
def cli(
    ctx: click.Context,
    data_dir: Path | None,
    user: str | None,
    server: str | None,
    screen_reader: bool,
) -> None:
    """mentor-tui: the alumni mentoring network in your terminal.

    Run without a command to open the app. Every command accepts --json.
    """
    if ctx.invoked_subcommand is not None:
        gc.enable()  # paused by main() for the app's start-up
    if server is None and data_dir is None:
        from mentor_tui.config import load_settings

        settings, warning = load_settings()
        server = settings.server or None
        if warning and ctx.invoked_subcommand is not None:  # the app shows it itself
            click.echo(f"warning: {warning}", err=True)
    ctx.obj = CliContext(data_dir or default_data_dir(), user, screen_reader, server or None)
    if ctx.invoked_subcommand is None:
        open_app(ctx.obj)


def require_terminal(what: str) -> None:
    """The app draws on a terminal: without one (a script, a pipe, cron) it would run
    unseen until killed, so say what to do instead. Textual drivers of their own
    (textual-serve sets TEXTUAL_DRIVER) bring their own screen."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Invalid(
            f"{what} opens the app, which needs a terminal; from a script, give a command "
            "(mentor-tui --help lists them)."
        )


def open_app(obj: CliContext) -> None:
    from mentor_tui.config import load_settings
    from mentor_tui.tui.app import run_app

    require_terminal("mentor-tui without a command")
    settings, warning = load_settings()
    run_app(
        obj.app_backend(),
        sessions=obj.sessions(),
        settings=settings,
        settings_warning=warning,
        start_user=obj.user,
        screen_reader=obj.screen_reader or settings.screen_reader,
    )


@cli.command()
@click.option("--mentors", default=400, show_default=True, help="How many mentors to invent.")
@click.option("--seed", default=1, show_default=True, help="Same seed, same network.")
@click.pass_obj
def demo(obj: CliContext, mentors: int, seed: int) -> None:
    """Open the app on a fresh demo network (deleted when you quit)."""
    require_terminal("mentor-tui demo")
    from mentor_tui.config import load_settings
    from mentor_tui.credentials import SessionStore
    from mentor_tui.demo.responder import RunningResponder, start_responder
    from mentor_tui.demo.sandbox import SeedingBackend, start_seeding
    from mentor_tui.demo.seed import DEMO_LOGINS, DEMO_PASSWORD
    from mentor_tui.service import MentoringService
    from mentor_tui.store.database import Store
    from mentor_tui.tui.app import run_app

    os.environ["MENTOR_TUI_FAST_HASH"] = "1"  # a throw-away sandbox: no need for costly hashes
    settings, warning = load_settings()
    with tempfile.TemporaryDirectory(prefix="mentor-tui-demo-") as tmp:
        store = Store.open_data_dir(Path(tmp))
        service = MentoringService(store)
        responders: list[RunningResponder] = []

        def seeded() -> None:  # the invented mentors answer requests once they exist
            responders.append(start_responder(service))

        # The app opens at once; the seed runs in another process (mentor_tui.demo.sandbox).
        backend = SeedingBackend(service, start_seeding(Path(tmp), mentors, seed), seeded)
        try:
            run_app(
                backend,
                sessions=SessionStore.for_data_dir(Path(tmp)),
                settings=settings,
                settings_warning=warning,
                screen_reader=obj.screen_reader or settings.screen_reader,
                demo_logins=DEMO_LOGINS,
                demo_password=DEMO_PASSWORD,
                banner="DEMO: invented people; nothing you do here is kept",
            )
        finally:
            backend.stop_seeding()
            for responder in responders:
                responder.stop()
            store.close()


# -- setting up a network ----------------------------------------------------------------


@cli.command()
@click.option("--admin", "admin", required=True, metavar="NAME", help="The admin's username.")
@click.option("--email", required=True, help="The admin's e-mail address.")
@click.option("--first-name", help="Default: from the username (alex.office → Alex).")
@click.option("--last-name", help="Default: from the username (alex.office → Office).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@json_option
@click.pass_obj
def init(
    obj: CliContext,
    admin: str,
    email: str,
    first_name: str | None,
    last_name: str | None,
    password_stdin: bool,
    as_json: bool,
) -> None:
    """Create a new network with its first admin (the alumni office)."""
    from mentor_tui.domain.models import Registration

    parts = [p.capitalize() for p in admin.replace("_", ".").split(".") if p]
    first = first_name or (parts[0] if parts else admin)
    last = last_name or (" ".join(parts[1:]) if len(parts) > 1 else "Office")
    backend = obj.local_backend()
    (password,) = read_password(password_stdin, "Admin password", confirm=True)
    member = backend.service.init_network(
        Registration(
            first_name=first,
            last_name=last,
            username=admin,
            password=password,
            email=email,
            role=Role.STAFF,
            accept_guidelines=True,
        )
    )
    emit(
        as_json,
        member,
        [
            f"Network created in {backend.where}.",
            f"Admin: {member.username}. Sign in with: mentor-tui login {member.username}",
        ],
    )


@cli.command()
@click.option("--mentors", type=click.IntRange(1, 2_000_000), required=True, help="How many.")
@click.option("--seed", default=1, show_default=True, help="Same seed, same network.")
@json_option
@click.pass_obj
def seed(obj: CliContext, mentors: int, seed: int, as_json: bool) -> None:
    """Fill an empty network with believable demo members (see the demo logins printed)."""
    from mentor_tui.demo.seed import seed_network

    backend = obj.local_backend()
    summary = seed_network(backend.service.store, mentors=mentors, seed=seed)
    emit(as_json, summary.as_dict(), summary.lines())


# -- accounts ----------------------------------------------------------------------------


@cli.command()
@click.option("--first-name", required=True)
@click.option("--middle-name", default="")
@click.option("--last-name", required=True)
@click.option("--username", help="Default: the suggestion, firstname.lastname.")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--institution", default="")
@click.option("--programme", default="")
@click.option("--started", type=int, help="Year studies started.")
@click.option("--graduated", type=int, help="Year graduated (or expected).")
@click.option(
    "--accept-guidelines",
    is_flag=True,
    help="Accept the mentor, mentee and general agreement (required to join).",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@json_option
@click.pass_obj
def register(
    obj: CliContext,
    first_name: str,
    middle_name: str,
    last_name: str,
    username: str | None,
    email: str,
    role: str,
    institution: str,
    programme: str,
    started: int | None,
    graduated: int | None,
    accept_guidelines: bool,
    password_stdin: bool,
    as_json: bool,
) -> None:
    """Sign up; the alumni office verifies the account before it can search or request."""
    from mentor_tui.domain.models import Registration

    backend = obj.backend()
    if not accept_guidelines:
        raise Invalid(
            "Joining needs you to accept the network's guidelines: add --accept-guidelines."
        )
    (password,) = read_password(password_stdin, "Choose a password", confirm=True)
    member = run(
        backend.register(
            Registration(
                first_name=first_name,
                middle_name=middle_name,
                last_name=last_name,
                username=username,
                password=password,
                email=email,
                role=Role(role),
                institution=institution,
                programme=programme,
                year_started=started,
                year_graduated=graduated,
                accept_guidelines=accept_guidelines,
            )
        )
    )
    emit(
        as_json,
        member,
        [
            f"Welcome, {render.s(member.name)}. Your username is {member.username}.",
            "Your account is pending until the alumni office verifies it; sign in with "
            f"'mentor-tui login {member.username}' to complete your profile meanwhile.",
        ],
    )


@cli.command()
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@json_option
@click.pass_obj
def login(obj: CliContext, username: str, password_stdin: bool, as_json: bool) -> None:
    """Sign in; the session is kept for later commands and the app."""
    backend = obj.backend()
    (password,) = read_password(password_stdin)
    session = run(backend.login(username, password))
    obj.sessions().put(session)
    actor = run(backend.whoami())
    if obj.server:  # later commands and the app go to this server without --server
        from mentor_tui.backend.remote import normalise_server_url
        from mentor_tui.config import remember_server_login

        trouble = remember_server_login(normalise_server_url(obj.server), actor.username)
        if trouble:
            click.echo(trouble, err=True)
    lines = [f"Signed in as {actor.username} ({actor.role.value})."]
    if actor.state.value != "verified":
        lines.append(f"Your account is {actor.state.value}: you can edit your profile meanwhile.")
    emit(as_json, {"username": actor.username, "state": actor.state.value, "id": actor.id}, lines)


@cli.command()
@json_option
@click.pass_obj
def logout(obj: CliContext, as_json: bool) -> None:
    """Sign out of the current account (--user NAME picks another)."""
    sessions = obj.sessions()
    session = sessions.get(obj.user)
    if session is None:
        emit(as_json, {"signed_out": None}, ["Nobody was signed in."])
        return
    backend = obj.backend()
    backend.session = session
    run(backend.logout())
    sessions.remove(session.username)
    emit(as_json, {"signed_out": session.username}, [f"Signed out {session.username}."])


@cli.command()
@json_option
@click.pass_obj
def whoami(obj: CliContext, as_json: bool) -> None:
    """Which account acts, and its state."""
    backend = obj.signed_in()
    actor = run(backend.whoami())
    lines = [f"{actor.username} · {actor.role.value} · account {actor.state.value}"]
    if actor.is_admin:
        lines[0] += " · admin"
    lines.append(f"Network: {backend.where}")
    emit(as_json, actor, lines)


@cli.group()
def password() -> None:
    """Your password."""


@password.command("change")
@click.option(
    "--password-stdin", is_flag=True, help="Two lines on standard input: old, then new password."
)
@json_option
@click.pass_obj
def password_change(obj: CliContext, password_stdin: bool, as_json: bool) -> None:
    """Change your password (needs the current one). Other sessions end."""
    backend = obj.signed_in()
    if password_stdin:
        old, new = read_password(True, lines=2)
    else:
        (old,) = read_password(False, "Current password")
        (new,) = read_password(False, "New password", confirm=True)
    session = run(backend.change_password(old, new))
    obj.sessions().put(session)
    emit(as_json, {"username": session.username}, ["Password changed; other sessions ended."])


@cli.group()
def account() -> None:
    """Your data: export it, or delete the account."""


@account.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@click.pass_obj
def account_export(obj: CliContext, output: Path | None, as_json: bool) -> None:
    """Everything the network holds about you, as JSON (to a file with -o)."""
    backend = obj.signed_in()
    data = run(backend.export_account())
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if output:
        try:  # private data (address, e-mail, messages): readable by its owner only
            write_private(output, text + "\n")
        except OSError as error:
            raise Invalid(
                f"Can't write {output} ({error.strerror}); choose another file."
            ) from None
        emit(as_json, {"exported": str(output)}, [f"Exported to {output}."])
    else:
        click.echo(text)


@account.command("delete")
@click.option("--yes", is_flag=True, help="Don't ask for confirmation.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@json_option
@click.pass_obj
def account_delete(obj: CliContext, yes: bool, password_stdin: bool, as_json: bool) -> None:
    """Delete your account and personal data. Messages you sent stay, from "former member"."""
    backend = obj.signed_in()
    actor = run(backend.whoami())
    if not yes and not password_stdin:
        click.confirm(f"Delete the account {actor.username} and its personal data?", abort=True)
    (pw,) = read_password(password_stdin, "Password to confirm")
    run(backend.delete_account(pw))
    obj.sessions().remove(actor.username)
    emit(as_json, {"deleted": actor.username}, [f"The account {actor.username} is deleted."])


# -- profile -------------------------------------------------------------------------------


@cli.group()
def profile() -> None:
    """Your personal profile (and others' public profiles)."""


@profile.command("show")
@click.argument("username", required=False)
@json_option
@click.pass_obj
def profile_show(obj: CliContext, username: str | None, as_json: bool) -> None:
    """Show your profile, or another member's."""
    backend = obj.signed_in()
    member = run(backend.get_member(username) if username else backend.me())
    emit(as_json, member, render.member(member))


@profile.command("set")
@click.argument("field")
@click.argument("value")
@json_option
@click.pass_obj
def profile_set(obj: CliContext, field: str, value: str, as_json: bool) -> None:
    """Set one field: headline, bio, city, country, website, show-email yes|no, ...

    Lists (interests, goals) take comma-separated values.
    """
    backend = obj.signed_in()
    member = run(backend.update_profile({field: value}))
    emit(as_json, member, [f"Saved {field}."])


@profile.command("add-position")
@click.option("--title", required=True)
@click.option("--organisation", required=True)
@click.option("--from", "start", default="")
@click.option("--to", "end", default="")
@json_option
@click.pass_obj
def profile_add_position(
    obj: CliContext, title: str, organisation: str, start: str, end: str, as_json: bool
) -> None:
    """Add a position to your professional history (newest first)."""
    from mentor_tui.domain.models import Position

    backend = obj.signed_in()
    me = run(backend.me())
    new = Position(title=title, organisation=organisation, start=start, end=end)
    member = run(backend.set_positions([new, *me.positions]))
    emit(as_json, member, [f"Added {title} at {organisation}."])


@profile.command("add-education")
@click.option("--institution", required=True)
@click.option("--programme", default="")
@click.option("--started", type=int)
@click.option("--graduated", type=int)
@json_option
@click.pass_obj
def profile_add_education(
    obj: CliContext,
    institution: str,
    programme: str,
    started: int | None,
    graduated: int | None,
    as_json: bool,
) -> None:
    """Add an entry to your education."""
    from mentor_tui.domain.models import Education

    backend = obj.signed_in()
    me = run(backend.me())
    new = Education(
        institution=institution, programme=programme, started=started, graduated=graduated
    )
    member = run(backend.set_education([*me.education, new]))
    emit(as_json, member, [f"Added {programme or 'studies'} at {institution}."])


@profile.command("import-linkedin")
@click.argument("path", type=click.Path(path_type=Path))
@json_option
@click.pass_obj
def profile_import_linkedin(obj: CliContext, path: Path, as_json: bool) -> None:
    """Fill your profile from a LinkedIn data export (.zip or folder). Overwrites."""
    from mentor_tui.linkedin_files import read_export

    backend = obj.signed_in()
    member = run(backend.import_linkedin(read_export(path)))
    emit(
        as_json,
        member,
        [
            f"Imported from {path}: {len(member.positions)} positions, "
            f"{len(member.education)} education entries."
        ],
    )


@profile.command("confirm")
@json_option
@click.pass_obj
def profile_confirm(obj: CliContext, as_json: bool) -> None:
    """Confirm that your profile is up to date (asked once a year)."""
    backend = obj.signed_in()
    member = run(backend.confirm_profile())
    emit(as_json, member, ["Thanks: your profile is confirmed as up to date."])


# -- mentor ----------------------------------------------------------------------------


@cli.group()
def mentor() -> None:
    """Your mentor profile (alumni only)."""


@mentor.command("set")
@click.option("--sector", "sectors", multiple=True, help=f"1–3 of: {', '.join(SECTORS)}.")
@click.option("--help-area", "help_areas", multiple=True, help=f"Any of: {', '.join(HELP_AREAS)}.")
@click.option("--activity", "activities", multiple=True, help=f"Any of: {', '.join(ACTIVITIES)}.")
@click.option("--max-mentees", type=int, help="1 to 5 at a time (suggested: 2).")
@click.option("--job-title")
@click.option("--employer")
@json_option
@click.pass_obj
def mentor_set(
    obj: CliContext,
    sectors: tuple[str, ...],
    help_areas: tuple[str, ...],
    activities: tuple[str, ...],
    max_mentees: int | None,
    job_title: str | None,
    employer: str | None,
    as_json: bool,
) -> None:
    """Set fields of your mentor profile; repeated options replace that list."""
    backend = obj.signed_in()
    member = run(
        backend.update_mentor(
            sectors=list(sectors) or None,
            help_areas=list(help_areas) or None,
            activities=list(activities) or None,
            max_mentees=max_mentees,
            job_title=job_title,
            employer=employer,
        )
    )
    emit(as_json, member, ["Mentor profile saved.", *render.mentor_profile(member)])


@mentor.command("activate")
@json_option
@click.pass_obj
def mentor_activate(obj: CliContext, as_json: bool) -> None:
    """Start (or resume) mentoring: visible in search, open to requests."""
    backend = obj.signed_in()
    member = run(backend.activate_mentor())
    emit(as_json, member, ["You are an active mentor: mentees can find and request you."])


@mentor.command("pause")
@json_option
@click.pass_obj
def mentor_pause(obj: CliContext, as_json: bool) -> None:
    """Hide from search and stop new requests; current mentoring goes on."""
    backend = obj.signed_in()
    member = run(backend.pause_mentor())
    emit(as_json, member, ["Mentoring paused: hidden from search; current mentees go on."])


# -- finding mentors -----------------------------------------------------------------------


@cli.command()
@json_option
@click.pass_obj
def sectors(obj: CliContext, as_json: bool) -> None:
    """The sector cloud: active mentors per work sector."""
    backend = obj.signed_in()
    items = run(backend.sector_cloud())
    emit(as_json, items, render.sectors(items))


@cli.group()
def mentors() -> None:
    """Find mentors."""


@mentors.command("search")
@click.argument("text", required=False, default="")
@click.option("--sector", "sectors", multiple=True, help="Any of these sectors (repeatable).")
@click.option("--help-area")
@click.option("--activity")
@click.option("--programme")
@click.option("--country")
@click.option("--graduated-from", type=int)
@click.option("--graduated-to", type=int)
@click.option("--has-room", is_flag=True, help="Only mentors who can take a mentee now.")
@click.option("--page", type=click.IntRange(min=1), default=1)
@click.option("--page-size", type=click.IntRange(1, 100), default=20)
@json_option
@click.pass_obj
def mentors_search(
    obj: CliContext,
    text: str,
    sectors: tuple[str, ...],
    help_area: str | None,
    activity: str | None,
    programme: str | None,
    country: str | None,
    graduated_from: int | None,
    graduated_to: int | None,
    has_room: bool,
    page: int,
    page_size: int,
    as_json: bool,
) -> None:
    """Search active mentors by text and filters."""
    from mentor_tui.domain.models import SearchQuery

    backend = obj.signed_in()
    result = run(
        backend.search_mentors(
            SearchQuery(
                text=text,
                sectors=list(sectors),
                help_area=help_area,
                activity=activity,
                programme=programme,
                country=country,
                graduated_from=graduated_from,
                graduated_to=graduated_to,
                has_room=has_room,
                page=page,
                page_size=page_size,
            )
        )
    )
    emit(as_json, result, render.mentor_page(result))


@mentors.command("suggest")
@click.option("--limit", type=click.IntRange(1, 50), default=5)
@json_option
@click.pass_obj
def mentors_suggest(obj: CliContext, limit: int, as_json: bool) -> None:
    """Mentors with room who share your interests, programme or goals, and why."""
    backend = obj.signed_in()
    items = run(backend.suggest_mentors(limit))
    emit(as_json, items, render.suggestions(items))


# -- requests ---------------------------------------------------------------------------


@cli.group()
def request() -> None:
    """One mentoring request: send, accept, decline, retract, show."""


@request.command("send")
@click.argument("mentor_name", metavar="MENTOR")
@click.option("--message", required=True, help="Your introduction: why this mentor.")
@click.option("--goals", default="", help="What you hope to achieve.")
@click.option("--activity", "activities", multiple=True, help="Activities you hope for.")
@json_option
@click.pass_obj
def request_send(
    obj: CliContext,
    mentor_name: str,
    message: str,
    goals: str,
    activities: tuple[str, ...],
    as_json: bool,
) -> None:
    """Ask a mentor for mentoring."""
    backend = obj.signed_in()
    item = run(backend.send_request(mentor_name, message, goals, list(activities)))
    emit(as_json, item, [f"Request {item.id} sent to {render.s(item.mentor.name)}."])


@request.command("show")
@click.argument("request_id", type=int)
@json_option
@click.pass_obj
def request_show(obj: CliContext, request_id: int, as_json: bool) -> None:
    """Show one request."""
    backend = obj.signed_in()
    item = run(backend.get_request(request_id))
    emit(as_json, item, render.request(item))


@request.command("accept")
@click.argument("request_id", type=int)
@click.option("--message", default="", help="Your reply to the mentee.")
@json_option
@click.pass_obj
def request_accept(obj: CliContext, request_id: int, message: str, as_json: bool) -> None:
    """Accept a request: the mentoring starts."""
    backend = obj.signed_in()
    rel = run(backend.accept_request(request_id, message))
    emit(as_json, rel, [f"Accepted: mentoring {rel.id} with {render.s(rel.mentee.name)} started."])


@request.command("decline")
@click.argument("request_id", type=int)
@click.option("--message", default="", help="A word of why helps the mentee.")
@json_option
@click.pass_obj
def request_decline(obj: CliContext, request_id: int, message: str, as_json: bool) -> None:
    """Decline a request (a reason is encouraged)."""
    backend = obj.signed_in()
    item = run(backend.decline_request(request_id, message))
    emit(as_json, item, [f"Declined request {item.id}."])


@request.command("retract")
@click.argument("request_id", type=int)
@json_option
@click.pass_obj
def request_retract(obj: CliContext, request_id: int, as_json: bool) -> None:
    """Withdraw your pending request."""
    backend = obj.signed_in()
    item = run(backend.retract_request(request_id))
    emit(as_json, item, [f"Request {item.id} withdrawn; the mentor is told."])


@cli.command("requests")
@click.option("--incoming", "direction", flag_value="incoming", help="Requests sent to you.")
@click.option("--outgoing", "direction", flag_value="outgoing", help="Requests you sent.")
@click.option("--state", type=click.Choice([s.value for s in RequestState]))
@click.option("--page", type=click.IntRange(min=1), default=1)
@json_option
@click.pass_obj
def requests_list(
    obj: CliContext, direction: str | None, state: str | None, page: int, as_json: bool
) -> None:
    """Your requests, newest first."""
    backend = obj.signed_in()
    result = run(backend.list_requests(direction, RequestState(state) if state else None, page))
    emit(as_json, result, render.requests(result))


# -- relationships ------------------------------------------------------------------------


@cli.command("relationships")
@click.option("--state", type=click.Choice([s.value for s in RelationshipState]))
@json_option
@click.pass_obj
def relationships_list(obj: CliContext, state: str | None, as_json: bool) -> None:
    """Your mentorings, as mentor and as mentee."""
    backend = obj.signed_in()
    result = run(backend.list_relationships(RelationshipState(state) if state else None))
    emit(as_json, result, render.relationships(result))


@cli.group()
def relationship() -> None:
    """One mentoring: show, finish, set the rhythm."""


@relationship.command("show")
@click.argument("relationship_id", type=int)
@json_option
@click.pass_obj
def relationship_show(obj: CliContext, relationship_id: int, as_json: bool) -> None:
    """Show one mentoring with its objectives."""
    backend = obj.signed_in()
    item = run(backend.get_relationship(relationship_id))
    emit(as_json, item, render.relationship(item))


@relationship.command("finish")
@click.argument("relationship_id", type=int)
@click.option("--note", default="", help="A closing note for the other person.")
@click.option("--feedback", type=int, help="How useful it was for you, 1–5 (for the programme).")
@json_option
@click.pass_obj
def relationship_finish(
    obj: CliContext, relationship_id: int, note: str, feedback: int | None, as_json: bool
) -> None:
    """Finish mentoring; the thread stays readable."""
    backend = obj.signed_in()
    item = run(backend.finish_relationship(relationship_id, note, feedback))
    emit(as_json, item, [f"Mentoring {item.id} finished. Thank you!"])


@relationship.command("rhythm")
@click.argument("relationship_id", type=int)
@click.argument("days", type=int)
@json_option
@click.pass_obj
def relationship_rhythm(obj: CliContext, relationship_id: int, days: int, as_json: bool) -> None:
    """How often you agreed to be in touch, in days (about monthly is suggested)."""
    backend = obj.signed_in()
    item = run(backend.set_rhythm(relationship_id, days))
    emit(as_json, item, [f"Mentoring {item.id}: in touch every {item.rhythm_days} days."])


@cli.group()
def objective() -> None:
    """Objectives of a mentoring."""


@objective.command("add")
@click.argument("relationship_id", type=int)
@click.argument("text")
@json_option
@click.pass_obj
def objective_add(obj: CliContext, relationship_id: int, text: str, as_json: bool) -> None:
    """Add an objective."""
    backend = obj.signed_in()
    item = run(backend.add_objective(relationship_id, text))
    emit(as_json, item, [f"Objective {item.id} added."])


@objective.command("edit")
@click.argument("objective_id", type=int)
@click.argument("text")
@json_option
@click.pass_obj
def objective_edit(obj: CliContext, objective_id: int, text: str, as_json: bool) -> None:
    """Reword an objective."""
    backend = obj.signed_in()
    item = run(backend.edit_objective(objective_id, text))
    emit(as_json, item, [f"Objective {item.id} changed."])


@objective.command("done")
@click.argument("objective_id", type=int)
@click.option("--undo", is_flag=True, help="Mark it not done again.")
@json_option
@click.pass_obj
def objective_done(obj: CliContext, objective_id: int, undo: bool, as_json: bool) -> None:
    """Tick an objective off."""
    backend = obj.signed_in()
    item = run(backend.set_objective_done(objective_id, not undo))
    emit(as_json, item, [f"Objective {item.id} {'done' if item.done else 'open again'}."])


# -- messages --------------------------------------------------------------------------------


@cli.command()
@click.argument("thread_id", type=int, metavar="ID")
@json_option
@click.pass_obj
def thread(obj: CliContext, thread_id: int, as_json: bool) -> None:
    """Read a thread (ID: a request's or a mentoring's id); marks it read."""
    backend = obj.signed_in()
    item = run(backend.get_thread(thread_id))
    emit(as_json, item, render.thread(item))


@cli.group()
def message() -> None:
    """Write and report messages."""


@message.command("send")
@click.argument("thread_id", type=int, metavar="ID")
@click.argument("text")
@json_option
@click.pass_obj
def message_send(obj: CliContext, thread_id: int, text: str, as_json: bool) -> None:
    """Write in a thread (ID: a request's or a mentoring's id)."""
    backend = obj.signed_in()
    item = run(backend.send_message(thread_id, text))
    emit(as_json, item, [f"Message {item.id} sent."])


@message.command("report")
@click.argument("message_id", type=int)
@click.option("--reason", required=True, help="What is wrong with it.")
@json_option
@click.pass_obj
def message_report(obj: CliContext, message_id: int, reason: str, as_json: bool) -> None:
    """Report a message you received to the programme office."""
    backend = obj.signed_in()
    item = run(backend.report_message(message_id, reason))
    emit(as_json, item, [f"Report {item.id} sent; you'll be told when it is handled."])


# -- notifications ----------------------------------------------------------------------------


@cli.group(invoke_without_command=True)
@click.option("--unread", is_flag=True, help="Only unread ones.")
@click.option("--page", type=click.IntRange(min=1), default=1)
@json_option
@click.pass_context
def notifications(ctx: click.Context, unread: bool, page: int, as_json: bool) -> None:
    """Your notifications, newest first ('notifications read' marks them read)."""
    if ctx.invoked_subcommand is not None:
        return
    backend = ctx.obj.signed_in()
    result = run(backend.list_notifications(unread, page))
    emit(as_json, result, render.notifications(result))


@notifications.command("read")
@click.argument("notification_id", type=int, required=False)
@click.option("--all", "all_", is_flag=True, help="Mark every notification read.")
@json_option
@click.pass_obj
def notifications_read(
    obj: CliContext, notification_id: int | None, all_: bool, as_json: bool
) -> None:
    """Mark one notification (ID) or --all read."""
    if (notification_id is None) == (not all_):
        raise click.UsageError("Give a notification ID or --all (not both).")
    backend = obj.signed_in()
    count = run(backend.mark_notifications_read(None if all_ else notification_id))
    emit(as_json, {"marked_read": count}, [f"{count} marked read."])


# -- admin -----------------------------------------------------------------------------------


@cli.group()
def admin() -> None:
    """The programme office (admins only)."""


@admin.command("queue")
@click.option("--page", type=click.IntRange(min=1), default=1)
@json_option
@click.pass_obj
def admin_queue(obj: CliContext, page: int, as_json: bool) -> None:
    """Accounts waiting for verification."""
    backend = obj.signed_in()
    result = run(backend.verification_queue(page))
    emit(as_json, result, render.members(result))


def _member_action(obj: CliContext, as_json: bool, call: Callable[[Any], Any], line: str) -> None:
    backend = obj.signed_in()
    member = run(call(backend))
    emit(as_json, member, [line.format(m=member)])


@admin.command("verify")
@click.argument("username")
@json_option
@click.pass_obj
def admin_verify(obj: CliContext, username: str, as_json: bool) -> None:
    """Verify a pending account (or reinstate a suspended one)."""
    _member_action(obj, as_json, lambda b: b.verify_member(username), "{m.username} is verified.")


@admin.command("reject")
@click.argument("username")
@click.option("--reason", default="", help="Told to the member.")
@json_option
@click.pass_obj
def admin_reject(obj: CliContext, username: str, reason: str, as_json: bool) -> None:
    """Reject a pending account."""
    _member_action(
        obj, as_json, lambda b: b.reject_member(username, reason), "{m.username} is rejected."
    )


@admin.command("rename")
@click.argument("username")
@click.argument("new_username")
@json_option
@click.pass_obj
def admin_rename(obj: CliContext, username: str, new_username: str, as_json: bool) -> None:
    """Change a member's username."""
    _member_action(
        obj,
        as_json,
        lambda b: b.rename_member(username, new_username),
        f"{username} is now {{m.username}}.",
    )


@admin.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@json_option
@click.pass_obj
def admin_set_role(obj: CliContext, username: str, role: str, as_json: bool) -> None:
    """Change a member's role (e.g. a graduate becomes alumnus)."""
    _member_action(
        obj,
        as_json,
        lambda b: b.set_role(username, Role(role)),
        "{m.username} is now {m.role.value}.",
    )


@admin.command("suspend")
@click.argument("username")
@json_option
@click.pass_obj
def admin_suspend(obj: CliContext, username: str, as_json: bool) -> None:
    """Suspend a member: signed out, can't sign in, hidden as mentor."""
    _member_action(obj, as_json, lambda b: b.suspend_member(username), "{m.username} is suspended.")


@admin.command("reports")
@click.option(
    "--state", type=click.Choice([s.value for s in ReportState]), default=ReportState.OPEN.value
)
@click.option("--page", type=click.IntRange(min=1), default=1)
@json_option
@click.pass_obj
def admin_reports(obj: CliContext, state: str, page: int, as_json: bool) -> None:
    """The report queue (open reports by default)."""
    backend = obj.signed_in()
    result = run(backend.list_reports(ReportState(state), page))
    emit(as_json, result, render.reports(result))


@admin.command("remove-message")
@click.argument("message_id", type=int)
@json_option
@click.pass_obj
def admin_remove_message(obj: CliContext, message_id: int, as_json: bool) -> None:
    """Remove a message ("removed by a moderator"); its reporters are told."""
    backend = obj.signed_in()
    report = run(backend.remove_message(message_id))
    emit(
        as_json,
        {"id": message_id, "state": "removed", "report": _jsonable(report)},
        [f"Message {message_id} removed."],
    )


@admin.command("dismiss")
@click.argument("report_id", type=int)
@json_option
@click.pass_obj
def admin_dismiss(obj: CliContext, report_id: int, as_json: bool) -> None:
    """Dismiss a report: the message stays; the reporter is told."""
    backend = obj.signed_in()
    report = run(backend.dismiss_report(report_id))
    emit(as_json, report, [f"Report {report.id} dismissed."])


@admin.command("stats")
@json_option
@click.pass_obj
def admin_stats(obj: CliContext, as_json: bool) -> None:
    """Programme figures."""
    backend = obj.signed_in()
    result = run(backend.stats())
    emit(as_json, result, render.stats(result))


# -- entry point ------------------------------------------------------------------------------


def _fail(message: str, code: int, as_json: bool, kind: str = "error") -> NoReturn:
    line = " ".join(message.split())
    if as_json:
        click.echo(json.dumps({"error": {"code": kind, "message": line}}))
    click.echo(f"error: {line}", err=True)
    sys.exit(code)


def _crash_report(error: BaseException) -> Path | None:
    """The traceback in a private file (0600), secrets taken out: for the user to send on."""
    from mentor_tui.redact import redact

    try:
        folder = state_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now(UTC):%Y%m%d-%H%M%S}.txt"
        text = f"mentor-tui {__version__}\n{' '.join(sys.argv)}\n\n" + "".join(
            traceback.format_exception(error)
        )
        write_private(path, redact(text))
        return path
    except OSError:
        return None


GLOBAL_OPTIONS = ("--data-dir", "--server", "--user", "--screen-reader")
"""Options of the group itself: they go before the verb, never after it."""


def _usage_hint(error: click.UsageError) -> str:
    """Where to look next; for an option on the wrong side of the verb, where it goes."""
    verb = error.ctx.command_path.split(" ", 1)[-1] if error.ctx else ""
    in_verb = error.ctx is not None and error.ctx.command is not cli
    if isinstance(error, click.NoSuchOption):
        if error.option_name == "--json" and not in_verb:
            return " --json goes after the command, e.g. mentor-tui whoami --json."
        if error.option_name in GLOBAL_OPTIONS and in_verb:
            return (
                f" {error.option_name} goes before the command, e.g. "
                f"mentor-tui {error.option_name} ... {verb}."
            )
    return f" (see: mentor-tui {verb} --help)" if in_verb else " (see: mentor-tui --help)"


def main(argv: list[str] | None = None) -> None:
    """Run the command line; never shows a traceback."""
    args = sys.argv[1:] if argv is None else argv
    as_json = "--json" in args
    # Paused while start-up builds what lives as long as the process (mentor_tui.start);
    # a verb turns it back on before it starts (cli()), the app at its first frame.
    gc.disable()
    try:
        code = _dispatch(args, as_json)
    finally:
        gc.enable()
    sys.exit(code if isinstance(code, int) else 0)


def _dispatch(args: list[str], as_json: bool) -> Any:
    """The verb's outcome (an exit code, or None); a failure becomes its one line."""
    code: Any = None
    try:
        code = cli.main(args=args, prog_name="mentor-tui", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("Cancelled; nothing was changed.", EXIT_REFUSED, as_json, "cancelled")
    except click.UsageError as error:
        _fail(error.format_message() + _usage_hint(error), EXIT_USAGE, as_json, "usage")
    except click.ClickException as error:
        _fail(error.format_message(), EXIT_REFUSED, as_json)
    except MentorError as error:
        _fail(str(error), EXIT_REFUSED, as_json, error.code)
    except KeyboardInterrupt:
        _fail("Interrupted.", 130, as_json, "interrupted")
    except Exception as error:  # the last line of defence: a report, never a traceback
        from mentor_tui.redact import redact

        path = _crash_report(error)
        where = f"; details are in {path}" if path else ""
        _fail(
            f"mentor-tui hit an unexpected problem ({type(error).__name__}: "
            f"{redact(str(error))}){where}. "
            "Please report it.",
            EXIT_CRASH,
            as_json,
            "crash",
        )
    return code
