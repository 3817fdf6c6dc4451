"""The command line as a person (or a script) uses it.

``Cli`` runs the real entry point, :func:`mentor_tui.cli.main`, inside click's
``CliRunner`` isolation: the same argument parsing, error handling and exit statuses
as ``mentor-tui`` itself, without a process per call. Every run is checked for the
house rules on the way out: never a traceback, and a refusal or a usage mistake is
exactly one line, ``error: ...``, on standard error.

The network fixtures build people through the command line too (``register``,
``admin verify``, ``login``, ``mentor set``...), never behind its back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mentor_tui.cli import main

PASSWORD = "correct horse battery"
ADMIN = "alex.office"
EXPORT = Path(__file__).parent / "linkedin_export"
"""A LinkedIn data export as LinkedIn writes it: the three files the import reads
(Profile.csv with a byte-order mark and a multi-line summary, Positions.csv,
Education.csv) among others it must ignore (Connections.csv with its "Notes:" preamble,
Skills.csv, Email Addresses.csv)."""


@dataclass
class Outcome:
    """What one command did: its exit status and both output streams."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def json(self) -> Any:
        try:
            return json.loads(self.out)
        except ValueError:
            raise AssertionError(f"not JSON from {self.args}:\n{self.out}\n{self.err}") from None

    @property
    def error(self) -> str:
        """The one error line, without its ``error: `` prefix."""
        return self.err.strip().removeprefix("error: ")


def check_house_rules(outcome: Outcome) -> None:
    """No traceback, ever; a failure is one ``error:`` line on stderr."""
    for stream in (outcome.out, outcome.err):
        assert "Traceback" not in stream, f"{outcome.args} showed a traceback:\n{stream}"
    if outcome.code != 0:
        lines = outcome.err.strip("\n").splitlines()
        assert len(lines) == 1, f"{outcome.args} wrote {len(lines)} error lines:\n{outcome.err}"
        assert lines[0].startswith("error: "), lines[0]
        assert len(lines[0]) > len("error: ") + 10, f"an unhelpful message: {lines[0]!r}"


class Cli:
    """``mentor-tui --data-dir DIR [--user NAME] ...`` run in-process."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def run(
        self,
        *args: str,
        user: str | None = None,
        input: str | None = None,
        env: Mapping[str, str | None] | None = None,
        global_args: tuple[str, ...] | None = None,
    ) -> Outcome:
        head = ("--data-dir", str(self.data_dir)) if global_args is None else global_args
        argv = [*head, *(("--user", user) if user else ()), *args]
        code: int = 0
        with CliRunner().isolation(input=input, env=env) as (out, err, _):
            try:
                main(argv)
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
        outcome = Outcome(
            tuple(argv),
            code,
            out.getvalue().decode("utf-8", "replace"),
            err.getvalue().decode("utf-8", "replace"),
        )
        check_house_rules(outcome)
        return outcome

    def ok(self, *args: str, **kwargs: Any) -> Outcome:
        outcome = self.run(*args, **kwargs)
        assert outcome.code == 0, f"{outcome.args} failed ({outcome.code}): {outcome.err}"
        return outcome

    def js(self, *args: str, **kwargs: Any) -> Any:
        """Run with ``--json`` after the verb; the parsed result."""
        return self.ok(*args, "--json", **kwargs).json()

    def refused(self, *args: str, **kwargs: Any) -> str:
        """Run a command the network must refuse: status 1; the one-line message."""
        outcome = self.run(*args, **kwargs)
        assert outcome.code == 1, f"{outcome.args} gave {outcome.code}: {outcome.out}{outcome.err}"
        return outcome.error

    def usage(self, *args: str, **kwargs: Any) -> str:
        """Run a malformed command: status 2; the one-line message."""
        outcome = self.run(*args, **kwargs)
        assert outcome.code == 2, f"{outcome.args} gave {outcome.code}: {outcome.out}{outcome.err}"
        return outcome.error

    # -- people, made the way a person makes them ---------------------------------------

    def login(self, username: str, password: str = PASSWORD) -> Outcome:
        return self.ok("login", username, "--password-stdin", input=password + "\n")

    def register(
        self,
        first: str,
        last: str,
        role: str = "student",
        *,
        email: str | None = None,
        programme: str = "Economics",
        started: int = 2021,
        graduated: int | None = None,
        extra: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        args = [
            "register",
            "--first-name",
            first,
            "--last-name",
            last,
            "--email",
            email or f"{first}.{last}@example.org".lower(),
            "--role",
            role,
            "--institution",
            "University of Example",
            "--programme",
            programme,
            "--started",
            str(started),
            *(("--graduated", str(graduated)) if graduated else ()),
            "--accept-guidelines",
            "--password-stdin",
            *extra,
        ]
        member: dict[str, Any] = self.js(*args, input=PASSWORD + "\n")
        return member

    def member(self, first: str, last: str, role: str = "student", **kwargs: Any) -> str:
        """A verified member, signed in (and so the default account now): the username."""
        username = str(self.register(first, last, role, **kwargs)["username"])
        self.ok("admin", "verify", username, user=ADMIN)
        self.login(username)
        return username

    def mentor(
        self,
        first: str,
        last: str,
        *,
        sectors: tuple[str, ...] = ("Finance",),
        max_mentees: int = 2,
        **kwargs: Any,
    ) -> str:
        """A verified alumnus who is an active mentor."""
        kwargs.setdefault("started", 2010)
        kwargs.setdefault("graduated", 2014)
        username = self.member(first, last, "alumnus", **kwargs)
        sector_args = [arg for sector in sectors for arg in ("--sector", sector)]
        self.ok(
            "mentor",
            "set",
            *sector_args,
            "--help-area",
            "salary negotiation",
            "--activity",
            "messages",
            "--activity",
            "video call",
            "--max-mentees",
            str(max_mentees),
            "--job-title",
            "Risk analyst",
            "--employer",
            "Northbank",
            user=username,
        )
        self.ok("mentor", "activate", user=username)
        return username

    def request(self, mentee: str, mentor: str) -> int:
        sent = self.js(
            "request",
            "send",
            mentor,
            "--message",
            "I am finishing my degree and would value your view on careers in banking.",
            user=mentee,
        )
        return int(sent["id"])


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """An empty data dir: no network yet."""
    return Cli(tmp_path / "network")


def new_network(cli: Cli) -> Cli:
    """A new network made with ``init``, its admin signed in."""
    cli.ok(
        "init",
        "--admin",
        ADMIN,
        "--email",
        "office@example.org",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    cli.login(ADMIN)
    return cli


@contextmanager
def isolated_environment(home: Path) -> Iterator[None]:
    """The environment of tests/conftest.py's ``_isolated_dirs``, for fixtures wider
    than one test (which are set up before that function-scoped fixture runs)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MENTOR_TUI_DATA_DIR", str(home / "data"))
        env.setenv("MENTOR_TUI_CONFIG_DIR", str(home / "config"))
        env.setenv("MENTOR_TUI_NO_KEYRING", "1")
        env.setenv("MENTOR_TUI_FAST_HASH", "1")
        yield


@pytest.fixture
def net(cli: Cli) -> Cli:
    """A new network made with ``init``, its admin signed in."""
    return new_network(cli)


@dataclass
class Pair:
    """A mentor (Zoë Ångström, Finance, room for 2) and a mentee (Sam Lee), both verified."""

    cli: Cli
    mentor: str
    mentee: str


@pytest.fixture
def pair(net: Cli) -> Pair:
    mentor = net.mentor("Zoë", "Ångström", email="zoe@example.org")
    mentee = net.member("Sam", "Lee", programme="Economics")
    return Pair(net, mentor, mentee)
