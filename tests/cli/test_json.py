"""``--json`` after any verb: every verb takes it, and what it prints parses, with stable
``id`` and ``state`` fields that mean the same thing from one verb to the next.

The walk-through below runs every verb of the command tree once with ``--json`` (a new
verb that isn't in it fails ``test_the_walk_through_runs_every_verb``: add it there).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest

from mentor_tui.cli import cli as root
from mentor_tui.domain.enums import (
    AccountState,
    MentorState,
    RelationshipState,
    ReportState,
    RequestState,
)
from tests.cli.conftest import ADMIN, EXPORT, PASSWORD, Cli, isolated_environment

INTERACTIVE = {"demo", "serve", "ssh-demo", "web"}
"""Verbs that open the app or run a server until stopped: there is no result to print."""
TESTED_ELSEWHERE = {"mail flush"}
"""Verbs whose JSON is tested with their own feature (tests/mail)."""
STATES = {
    s.value
    for enum in (AccountState, MentorState, RequestState, RelationshipState, ReportState)
    for s in enum
}
INTRO = "I am finishing my degree and would value your view on careers in banking."


def verbs(group: click.Group = root, prefix: str = "") -> dict[str, click.Command]:
    """Every command a person can run, by its path (``admin verify``)."""
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            if command.invoke_without_command:
                found[path] = command
            found.update(verbs(command, path + " "))
        else:
            found[path] = command
    return found


@pytest.mark.parametrize("path", sorted(set(verbs()) - INTERACTIVE))
def test_every_verb_accepts_json(path: str) -> None:
    options = [opt for param in verbs()[path].params for opt in param.opts]
    assert "--json" in options, f"mentor-tui {path} has no --json"


def _check_ids_and_states(data: Any, where: str) -> None:
    """Ids are whole numbers (or null: a former member); states are known words."""
    if isinstance(data, list):
        for item in data:
            _check_ids_and_states(item, where)
    elif isinstance(data, dict):
        if "id" in data:
            assert data["id"] is None or type(data["id"]) is int, (where, data)
        if "state" in data:
            assert data["state"] in STATES, (where, data["state"])
        for value in data.values():
            _check_ids_and_states(value, where)


class Recorder:
    """Runs verbs with --json, checks what they print, and notes which verbs ran."""

    def __init__(self, cli: Cli) -> None:
        self.cli = cli
        self.ran: set[str] = set()
        self.known = verbs()

    def __call__(self, *args: str, user: str | None = None, input: str | None = None) -> Any:
        path = max(
            (" ".join(args[:n]) for n in range(1, len(args) + 1)),
            key=lambda p: len(p) if p in self.known else -1,
        )
        assert path in self.known, args
        self.ran.add(path)
        data = self.cli.js(*args, user=user, input=input)
        _check_ids_and_states(data, path)
        return data


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Recorder, dict[str, Any]]]:
    """Every verb once, in an order a real network could see them."""
    home = tmp_path_factory.mktemp("json-walk")
    with isolated_environment(home):
        cli = Cli(home / "network")
        run = Recorder(cli)
        seen: dict[str, Any] = {}
        seen["init"] = run("init", "--admin", ADMIN, "--email", "o@example.org",
                           "--password-stdin", input=PASSWORD + "\n")  # fmt: skip
        seen["login"] = run("login", ADMIN, "--password-stdin", input=PASSWORD + "\n")
        seen["whoami"] = run("whoami")
        reg = ("--institution", "University of Example", "--programme", "Economics",
               "--accept-guidelines", "--password-stdin")  # fmt: skip
        seen["register"] = run("register", "--first-name", "Zoë", "--last-name", "Ångström",
                               "--email", "zoe@example.org", "--role", "student",
                               "--started", "2010", "--graduated", "2014", *reg,
                               input=PASSWORD + "\n")  # fmt: skip
        cli.register("Sam", "Lee")
        cli.register("Kim", "Ode")
        cli.register("Ada", "Byron")
        seen["queue"] = run("admin", "queue", user=ADMIN)
        for name in ("zoe.angstrom", "sam.lee", "kim.ode"):
            seen["verify"] = run("admin", "verify", name, user=ADMIN)
        seen["reject"] = run("admin", "reject", "ada.byron", "--reason", "Unknown", user=ADMIN)
        seen["set-role"] = run("admin", "set-role", "zoe.angstrom", "alumnus", user=ADMIN)
        seen["rename"] = run("admin", "rename", "kim.ode", "kim.o", user=ADMIN)
        for name in ("zoe.angstrom", "sam.lee", "kim.o"):
            cli.login(name)
        zoe, sam, kim = "zoe.angstrom", "sam.lee", "kim.o"
        seen["profile set"] = run("profile", "set", "city", "Rotterdam", user=zoe)
        seen["import"] = run("profile", "import-linkedin", str(EXPORT), user=zoe)
        seen["add-position"] = run("profile", "add-position", "--title", "Board member",
                                   "--organisation", "Rowing club", user=zoe)  # fmt: skip
        seen["add-education"] = run("profile", "add-education", "--institution", "College",
                                    user=zoe)  # fmt: skip
        seen["confirm"] = run("profile", "confirm", user=zoe)
        seen["mentor set"] = run("mentor", "set", "--sector", "Finance", "--activity",
                                 "messages", "--max-mentees", "1", user=zoe)  # fmt: skip
        seen["activate"] = run("mentor", "activate", user=zoe)
        seen["pause"] = run("mentor", "pause", user=zoe)
        cli.ok("mentor", "activate", user=zoe)
        seen["profile show"] = run("profile", "show", zoe, user=sam)
        seen["sectors"] = run("sectors", user=sam)
        seen["search"] = run("mentors", "search", "risk", "--sector", "finance", user=sam)
        seen["suggest"] = run("mentors", "suggest", user=sam)
        seen["send"] = run("request", "send", zoe, "--message", INTRO, user=sam)
        declined = run("request", "send", zoe, "--message", INTRO, user=kim)
        seen["decline"] = run("request", "decline", str(declined["id"]), user=zoe)
        retracted = run("request", "send", zoe, "--message", INTRO, user=kim)
        seen["retract"] = run("request", "retract", str(retracted["id"]), user=kim)
        request_id = str(seen["send"]["id"])
        seen["show"] = run("request", "show", request_id, user=zoe)
        seen["requests"] = run("requests", "--incoming", user=zoe)
        seen["accept"] = run("request", "accept", request_id, "--message", "Gladly", user=zoe)
        seen["relationships"] = run("relationships", user=sam)
        seen["rhythm"] = run("relationship", "rhythm", request_id, "14", user=sam)
        seen["objective"] = run("objective", "add", request_id, "A first CV", user=sam)
        objective_id = str(seen["objective"]["id"])
        seen["objective edit"] = run("objective", "edit", objective_id, "A good CV", user=zoe)
        seen["done"] = run("objective", "done", objective_id, user=sam)
        seen["message"] = run("message", "send", request_id, "Send me your PIN", user=zoe)
        other = run("message", "send", request_id, "Sorry, a joke.", user=zoe)
        seen["report"] = run("message", "report", str(seen["message"]["id"]), "--reason",
                             "Asks for a PIN", user=sam)  # fmt: skip
        dismissed = run("message", "report", str(other["id"]), "--reason", "Odd", user=sam)
        seen["reports"] = run("admin", "reports", user=ADMIN)
        seen["remove"] = run("admin", "remove-message", str(seen["message"]["id"]), user=ADMIN)
        seen["dismiss"] = run("admin", "dismiss", str(dismissed["id"]), user=ADMIN)
        seen["thread"] = run("thread", request_id, user=sam)
        seen["relationship show"] = run("relationship", "show", request_id, user=zoe)
        seen["finish"] = run("relationship", "finish", request_id, "--feedback", "4", user=sam)
        seen["notifications"] = run("notifications", "--unread", user=sam)
        seen["read"] = run("notifications", "read", "--all", user=sam)
        seen["stats"] = run("admin", "stats", user=ADMIN)
        seen["suspend"] = run("admin", "suspend", kim, user=ADMIN)
        seen["password"] = run("password", "change", "--password-stdin", user=sam,
                               input=f"{PASSWORD}\n{PASSWORD}!\n")  # fmt: skip
        seen["export"] = run("account", "export", user=sam)
        seen["logout"] = run("logout", user=zoe)
        seen["delete"] = run("account", "delete", "--password-stdin", user=sam,
                             input=f"{PASSWORD}!\n")  # fmt: skip
        seeding = Recorder(Cli(home / "seeded"))
        seen["seed"] = seeding("seed", "--mentors", "5", "--seed", "3")
        run.ran |= seeding.ran
        yield run, seen


def test_the_walk_through_runs_every_verb(walk: tuple[Recorder, dict[str, Any]]) -> None:
    run, _ = walk
    missing = set(verbs()) - INTERACTIVE - TESTED_ELSEWHERE - run.ran
    assert not missing, f"add these verbs to the JSON walk-through: {sorted(missing)}"


def test_one_id_names_a_request_its_mentoring_and_its_thread(
    walk: tuple[Recorder, dict[str, Any]],
) -> None:
    _, seen = walk
    request_id = seen["send"]["id"]
    assert seen["send"]["state"] == "pending"
    assert (seen["show"]["id"], seen["show"]["state"]) == (request_id, "pending")
    assert [r["id"] for r in seen["requests"]["items"]][-1] == request_id
    assert (seen["accept"]["id"], seen["accept"]["state"]) == (request_id, "active")
    assert [r["id"] for r in seen["relationships"]["items"]] == [request_id]
    assert seen["rhythm"]["id"] == request_id
    assert seen["objective"]["relationship_id"] == request_id
    assert seen["thread"]["id"] == request_id
    assert seen["thread"]["request"]["state"] == "accepted"
    assert seen["thread"]["relationship"]["id"] == request_id
    assert (seen["finish"]["id"], seen["finish"]["state"]) == (request_id, "finished")


def test_states_follow_each_change(walk: tuple[Recorder, dict[str, Any]]) -> None:
    _, seen = walk
    assert seen["init"]["state"] == "verified" and seen["init"]["is_admin"] is True
    assert (seen["login"]["username"], seen["login"]["state"]) == (ADMIN, "verified")
    assert seen["register"]["state"] == "pending"
    assert seen["verify"]["state"] == "verified"
    assert seen["reject"]["state"] == "rejected"
    assert seen["suspend"]["state"] == "suspended"
    assert seen["set-role"]["role"] == "alumnus"
    assert seen["rename"]["username"] == "kim.o"
    assert seen["pause"]["mentor"]["state"] == "paused"
    assert seen["activate"]["mentor"]["state"] == "active"
    assert seen["decline"]["state"] == "declined"
    assert seen["retract"]["state"] == "retracted"
    assert seen["report"]["state"] == "open"
    assert (seen["remove"]["state"], seen["remove"]["report"]["state"]) == ("removed", "removed")
    assert seen["dismiss"]["state"] == "dismissed"
    assert seen["done"]["done"] is True
    assert seen["logout"] == {"signed_out": "zoe.angstrom"}
    assert seen["delete"] == {"deleted": "sam.lee"}
    assert seen["password"] == {"username": "sam.lee"}
    assert seen["read"]["marked_read"] == seen["notifications"]["total"] > 0


def test_pages_and_lists_have_one_shape(walk: tuple[Recorder, dict[str, Any]]) -> None:
    _, seen = walk
    for key in ("queue", "search", "requests", "relationships", "reports", "notifications"):
        assert {"items", "page", "page_size", "total"} <= set(seen[key]), key
    assert isinstance(seen["sectors"], list) and isinstance(seen["suggest"], list)
    assert {"members", "mentors", "logins", "password"} <= set(seen["seed"])


def test_a_refusal_in_json_is_json_too(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    outcome = cli.run("whoami", "--json")
    assert outcome.code == 1
    assert outcome.json() == {
        "error": {
            "code": "not_signed_in",
            "message": "Nobody is signed in: run 'mentor-tui login NAME' first.",
        }
    }
    usage = cli.run("whoami", "--json", "--bogus")
    assert usage.code == 2
    assert usage.json()["error"]["code"] == "usage"


def test_json_goes_after_the_verb_and_global_options_before_it(tmp_path: Path) -> None:
    cli = Cli(tmp_path)
    assert cli.usage("--json", "whoami", global_args=()) == (
        "No such option '--json'. Did you mean '--version'? --json goes after the command, "
        "e.g. mentor-tui whoami --json."
    )
    assert cli.usage("admin", "stats", "--data-dir", str(tmp_path), global_args=()) == (
        "No such option '--data-dir'. --data-dir goes before the command, e.g. "
        "mentor-tui --data-dir ... admin stats."
    )
    assert "--user goes before the command" in cli.usage("whoami", "--user", ADMIN)
    assert cli.usage("whoami", "--nope").endswith("(see: mentor-tui whoami --help)")
    assert cli.usage("frobnicate").endswith("(see: mentor-tui --help)")
