"""Accounts from the command line: init, register, login/logout/whoami, --user,
password change, export and deletion, and the office's verbs on members."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN, PASSWORD, Cli

NEW_PASSWORD = "a much longer secret 42"


# -- init ---------------------------------------------------------------------------------


def test_init_creates_a_network_with_its_admin(cli: Cli) -> None:
    out = cli.ok(
        "init",
        "--admin",
        ADMIN,
        "--email",
        "office@example.org",
        "--password-stdin",
        input=PASSWORD + "\n",
    ).out
    assert f"Network created in {cli.data_dir}" in out
    assert f"mentor-tui login {ADMIN}" in out
    cli.login(ADMIN)
    me = cli.js("whoami")
    assert (me["username"], me["role"], me["state"], me["is_admin"]) == (
        ADMIN,
        "staff",
        "verified",
        True,
    )
    assert isinstance(me["id"], int)
    me = cli.js("profile", "show")
    assert (me["first_name"], me["last_name"]) == ("Alex", "Office")


def test_init_names_the_admin_from_flags_and_answers_in_json(cli: Cli) -> None:
    admin = cli.js(
        "init",
        "--admin",
        "office",
        "--email",
        "office@example.org",
        "--first-name",
        "Grace",
        "--last-name",
        "Hopper",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert (admin["username"], admin["state"], admin["is_admin"]) == ("office", "verified", True)
    assert (admin["first_name"], admin["last_name"]) == ("Grace", "Hopper")


def test_a_network_is_initialised_only_once(net: Cli) -> None:
    message = net.refused(
        "init", "--admin", "other.admin", "--email", "o@example.org", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert "already" in message.lower()


def test_init_needs_its_admin_and_email(cli: Cli) -> None:
    assert "--admin" in cli.usage("init", "--email", "office@example.org")
    assert "--email" in cli.usage("init", "--admin", ADMIN)


def test_init_refuses_a_short_admin_password(cli: Cli) -> None:
    message = cli.refused(
        "init", "--admin", ADMIN, "--email", "o@example.org", "--password-stdin", input="short\n"
    )
    assert "10" in message
    assert "Nobody is signed in" in cli.refused("whoami")


# -- register -----------------------------------------------------------------------------


def test_register_takes_every_flag(net: Cli) -> None:
    member = net.js(
        "register",
        "--first-name", "Zoë",
        "--middle-name", "Marie",
        "--last-name", "Ångström",
        "--username", "zoe.a",
        "--email", "zoe@example.org",
        "--role", "alumnus",
        "--institution", "University of Example",
        "--programme", "Economics",
        "--started", "2012",
        "--graduated", "2016",
        "--accept-guidelines",
        "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert member["username"] == "zoe.a"
    assert member["state"] == "pending"
    assert member["role"] == "alumnus"
    assert isinstance(member["id"], int)
    net.login("zoe.a")
    me = net.js("profile", "show")
    assert (me["first_name"], me["middle_name"], me["last_name"]) == ("Zoë", "Marie", "Ångström")
    assert (me["institution"], me["programme"]) == ("University of Example", "Economics")
    assert (me["year_started"], me["year_graduated"]) == (2012, 2016)
    assert me["private"]["email"] == "zoe@example.org"


def test_register_suggests_a_folded_username_and_numbers_a_taken_one(net: Cli) -> None:
    first = net.register(
        "Zoë", "Ångström", "alumnus", email="zoe@example.org", started=2012, graduated=2016
    )
    second = net.register("Zoe", "Angstrom", "student", email="zoe2@example.org")
    assert first["username"] == "zoe.angstrom"
    assert second["username"] != "zoe.angstrom"
    assert second["username"].startswith("zoe.angstrom")


def test_register_plain_output_says_what_happens_next(net: Cli) -> None:
    out = net.ok(
        "register", "--first-name", "Sam", "--last-name", "Lee", "--email", "sam@example.org",
        "--role", "student", "--accept-guidelines", "--password-stdin",
        input=PASSWORD + "\n",
    ).out  # fmt: skip
    assert "Your username is sam.lee" in out
    assert "pending" in out
    assert "mentor-tui login sam.lee" in out


def test_one_account_per_email_address(net: Cli) -> None:
    net.register("Sam", "Lee", email="sam@example.org")
    message = net.refused(
        "register", "--first-name", "Samuel", "--last-name", "Lee", "--email", "SAM@example.org",
        "--role", "student", "--accept-guidelines", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert "account" in message.lower() and "exist" in message.lower()


REGISTRATION = {
    "--first-name": "Sam",
    "--last-name": "Lee",
    "--email": "sam@example.org",
    "--role": "student",
}


@pytest.mark.parametrize("missing", sorted(REGISTRATION))
def test_register_names_a_missing_required_flag(net: Cli, missing: str) -> None:
    args = [p for flag, value in REGISTRATION.items() if flag != missing for p in (flag, value)]
    message = net.usage("register", *args, "--accept-guidelines", "--password-stdin", input="x\n")
    assert missing in message
    assert "mentor-tui register --help" in message


@pytest.mark.parametrize(
    ("flags", "status", "words"),
    [
        (("--role", "wizard"), 2, "'--role'"),
        (("--started", "last year"), 2, "'--started'"),
        (("--graduated", "soon"), 2, "'--graduated'"),
        (("--started", "3000"), 1, "Year started"),
        (("--started", "2016", "--graduated", "2012"), 1, "before"),
        (("--email", "not-an-address"), 1, "e-mail"),
        (("--first-name", "   "), 1, "First name"),
        (("--last-name", "x" * 500), 1, "Last name"),
    ],
)
def test_register_explains_an_invalid_flag_in_one_line(
    net: Cli, flags: tuple[str, ...], status: int, words: str
) -> None:
    args = dict(REGISTRATION)
    rest: list[str] = []
    for flag, value in zip(flags[::2], flags[1::2], strict=True):
        if flag in args:
            args[flag] = value
        else:
            rest += [flag, value]
    outcome = net.run(
        "register",
        *(part for pair in args.items() for part in pair),
        *rest,
        "--accept-guidelines",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert outcome.code == status, outcome.err
    assert words.lower() in outcome.error.lower()
    assert net.js("admin", "queue", user=ADMIN)["total"] == 0


def test_register_without_accepting_the_guidelines_is_refused(net: Cli) -> None:
    message = net.refused(
        "register",
        *(part for pair in REGISTRATION.items() for part in pair),
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert "--accept-guidelines" in message


@pytest.mark.parametrize(
    ("stdin", "words"),
    [("too short\n", "at least 10"), ("", "--password-stdin expects")],
)
def test_register_refuses_a_weak_or_missing_password(net: Cli, stdin: str, words: str) -> None:
    message = net.refused(
        "register",
        *(part for pair in REGISTRATION.items() for part in pair),
        "--accept-guidelines",
        "--password-stdin",
        input=stdin,
    )
    assert words in message


def test_register_prompts_for_the_password_twice(net: Cli) -> None:
    outcome = net.ok(
        "register",
        *(part for pair in REGISTRATION.items() for part in pair),
        "--accept-guidelines",
        input=f"{PASSWORD}\n{PASSWORD}\n",
        env={"MENTOR_TUI_PROMPT_ANYWAY": "1"},
    )
    assert "sam.lee" in outcome.out
    net.login("sam.lee")


# -- login, logout, whoami, --user --------------------------------------------------------


def test_login_then_whoami(net: Cli) -> None:
    who = net.ok("whoami").out
    assert who.startswith(f"{ADMIN} · staff · account verified · admin")
    assert f"Network: {net.data_dir}" in who
    signed = net.js("login", ADMIN, "--password-stdin", input=PASSWORD + "\n")
    assert (signed["username"], signed["state"]) == (ADMIN, "verified")
    assert isinstance(signed["id"], int)


def test_login_asks_for_the_password_at_a_prompt(net: Cli) -> None:
    outcome = net.ok("login", ADMIN, input=PASSWORD + "\n", env={"MENTOR_TUI_PROMPT_ANYWAY": "1"})
    assert "Password" in outcome.out
    assert PASSWORD not in outcome.out  # hidden, not echoed
    assert f"Signed in as {ADMIN}" in outcome.out


def test_login_without_a_terminal_or_stdin_says_how(net: Cli) -> None:
    assert "--password-stdin" in net.refused("login", ADMIN, input="")


def test_wrong_password_is_refused_and_signs_nobody_in(cli: Cli) -> None:
    cli.ok("init", "--admin", ADMIN, "--email", "o@example.org", "--password-stdin",
           input=PASSWORD + "\n")  # fmt: skip
    message = cli.refused("login", ADMIN, "--password-stdin", input="not the password\n")
    assert "don't match" in message
    assert "Nobody is signed in" in cli.refused("whoami")


def test_unknown_username_gets_the_same_answer_as_a_wrong_password(net: Cli) -> None:
    wrong = net.refused("login", ADMIN, "--password-stdin", input="not the password\n")
    unknown = net.refused("login", "no.such.person", "--password-stdin", input=PASSWORD + "\n")
    assert wrong == unknown


def test_pending_member_signs_in_and_is_told_to_wait(net: Cli) -> None:
    net.register("Sam", "Lee")
    out = net.login("sam.lee").out
    assert "pending" in out
    assert "pending" in net.ok("whoami").out
    assert "verif" in net.refused("mentors", "search").lower()
    net.ok("profile", "set", "headline", "Economics student", user="sam.lee")


def test_signed_in_while_pending_acts_once_verified(net: Cli) -> None:
    """The README's order: register, login, the office verifies, then mentor set."""
    net.register("Zoë", "Ångström", "alumnus", email="zoe@example.org", started=2012,
                 graduated=2016)  # fmt: skip
    net.login("zoe.angstrom")
    assert "verif" in net.refused("mentors", "search").lower()
    net.ok("admin", "verify", "zoe.angstrom", user=ADMIN)
    assert net.js("whoami")["state"] == "verified"  # no need to sign in again
    assert net.js("mentor", "set", "--sector", "Finance")["username"] == "zoe.angstrom"
    assert net.js("mentors", "search")["total"] == 0


def test_the_last_login_acts_and_user_picks_another(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    assert net.js("whoami")["username"] == sam
    assert net.js("whoami", user=ADMIN)["username"] == ADMIN
    assert net.js("whoami", user=sam.upper())["username"] == sam
    net.login(ADMIN)
    assert net.js("whoami")["username"] == ADMIN


def test_user_who_is_not_signed_in_is_told_how(net: Cli) -> None:
    net.register("Sam", "Lee")
    message = net.refused("whoami", user="sam.lee")
    assert "mentor-tui login sam.lee" in message


def test_logout_signs_out_one_account(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    assert net.js("logout", user=sam) == {"signed_out": sam}
    assert f"mentor-tui login {sam}" in net.refused("whoami", user=sam)
    assert net.js("whoami", user=ADMIN)["username"] == ADMIN
    assert net.ok("logout").out.strip() == f"Signed out {ADMIN}."
    assert net.ok("logout").out.strip() == "Nobody was signed in."
    assert "Nobody is signed in" in net.refused("whoami")


def test_logout_ends_the_session_on_the_network(net: Cli) -> None:
    sessions = net.data_dir / "sessions.json"
    kept = sessions.read_text()
    net.ok("logout")
    sessions.write_text(kept)  # someone kept a copy of the token: it is dead all the same
    message = net.refused("whoami")
    assert "ended" in message and f"mentor-tui login {ADMIN}" in message


def test_sessions_file_is_private(net: Cli) -> None:
    assert (net.data_dir / "sessions.json").stat().st_mode & 0o077 == 0


def test_nobody_signed_in(cli: Cli) -> None:
    assert cli.refused("whoami") == "Nobody is signed in: run 'mentor-tui login NAME' first."


# -- password change ------------------------------------------------------------------------


def test_password_change_reads_old_and_new_from_stdin(net: Cli) -> None:
    result = net.js("password", "change", "--password-stdin", input=f"{PASSWORD}\n{NEW_PASSWORD}\n")
    assert result == {"username": ADMIN}
    assert net.js("whoami")["username"] == ADMIN  # this session goes on
    assert "don't match" in net.refused("login", ADMIN, "--password-stdin", input=PASSWORD + "\n")
    net.login(ADMIN, NEW_PASSWORD)


def test_password_change_ends_other_sessions(net: Cli, tmp_path: Path) -> None:
    other = Cli(net.data_dir)  # a second terminal on the same network
    other.login(ADMIN)
    kept = (net.data_dir / "sessions.json").read_text()
    net.ok("password", "change", "--password-stdin", input=f"{PASSWORD}\n{NEW_PASSWORD}\n")
    current = (net.data_dir / "sessions.json").read_text()
    (net.data_dir / "sessions.json").write_text(kept)
    assert "ended" in other.refused("whoami")
    (net.data_dir / "sessions.json").write_text(current)
    net.ok("whoami")


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        (f"not the password\n{NEW_PASSWORD}\n", "current password"),
        (f"{PASSWORD}\nshort\n", "at least 10"),
        (f"{PASSWORD}\n", "2 line(s)"),
    ],
)
def test_password_change_refusals(net: Cli, stdin: str, words: str) -> None:
    assert words in net.refused("password", "change", "--password-stdin", input=stdin)
    net.login(ADMIN)  # the old password still works


def test_password_change_at_the_prompt(net: Cli) -> None:
    net.ok(
        "password",
        "change",
        input=f"{PASSWORD}\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
        env={"MENTOR_TUI_PROMPT_ANYWAY": "1"},
    )
    net.login(ADMIN, NEW_PASSWORD)


# -- export and deletion --------------------------------------------------------------------


def test_account_export_prints_the_own_data_as_json(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    net.ok("profile", "set", "bio", "Second-year economics student.")
    data = net.ok("account", "export").json()
    assert sam in json.dumps(data)
    assert "sam.lee@example.org" in json.dumps(data)
    assert "Second-year economics student." in json.dumps(data)
    again = net.js("account", "export")
    assert {k: v for k, v in again.items() if k != "exported_at"} == {
        k: v for k, v in data.items() if k != "exported_at"
    }


def test_account_export_to_a_file(net: Cli, tmp_path: Path) -> None:
    target = tmp_path / "me.json"
    out = net.ok("account", "export", "-o", str(target)).out
    assert f"Exported to {target}" in out
    assert ADMIN in target.read_text()
    message = net.refused("account", "export", "-o", str(tmp_path / "no" / "such" / "me.json"))
    assert "Can't write" in message and "choose another file" in message


def test_account_delete_with_the_password(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    assert net.js("account", "delete", "--password-stdin", input=PASSWORD + "\n") == {
        "deleted": sam
    }
    assert "don't match" in net.refused("login", sam, "--password-stdin", input=PASSWORD + "\n")
    assert "not signed in" in net.refused("whoami", user=sam)
    assert net.js("whoami")["username"] == ADMIN  # the other account is the default now


def test_account_delete_refuses_a_wrong_password(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    assert (
        "password"
        in net.refused("account", "delete", "--password-stdin", input="not the password\n").lower()
    )
    assert net.js("whoami")["username"] == sam


def test_account_delete_asks_first(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    env = {"MENTOR_TUI_PROMPT_ANYWAY": "1"}
    message = net.refused("account", "delete", input="n\n", env=env)
    assert message == "Cancelled; nothing was changed."
    assert net.js("whoami")["username"] == sam
    outcome = net.ok("account", "delete", input=f"y\n{PASSWORD}\n", env=env)
    assert f"The account {sam} is deleted." in outcome.out


# -- the office -------------------------------------------------------------------------------


def test_admin_queue_verify_and_the_member_is_told(net: Cli) -> None:
    net.register("Sam", "Lee")
    net.register("Ada", "Byron", "alumnus", graduated=2020, started=2016)
    queue = net.js("admin", "queue", user=ADMIN)
    assert sorted(m["username"] for m in queue["items"]) == ["ada.byron", "sam.lee"]
    assert all(m["state"] == "pending" for m in queue["items"])
    plain = net.ok("admin", "queue", user=ADMIN).out
    assert "Sam Lee (sam.lee) · student · Economics 2021–" in plain
    verified = net.js("admin", "verify", "sam.lee", user=ADMIN)
    assert (verified["username"], verified["state"]) == ("sam.lee", "verified")
    assert net.ok("admin", "verify", "ada.byron", user=ADMIN).out.strip() == (
        "ada.byron is verified."
    )
    assert "Nobody is waiting." in net.ok("admin", "queue", user=ADMIN).out
    net.login("sam.lee")
    kinds = [n["kind"] for n in net.js("notifications")["items"]]
    assert "account_verified" in kinds


def test_admin_reject_with_a_reason(net: Cli) -> None:
    net.register("Sam", "Lee")
    rejected = net.js("admin", "reject", "sam.lee", "--reason", "Not in our records.", user=ADMIN)
    assert rejected["state"] == "rejected"
    net.login("sam.lee")
    texts = " ".join(n["text"] for n in net.js("notifications")["items"])
    assert "Not in our records." in texts


def test_admin_rename(net: Cli) -> None:
    net.member("Sam", "Lee")
    renamed = net.js("admin", "rename", "sam.lee", "samuel.lee", user=ADMIN)
    assert renamed["username"] == "samuel.lee"
    assert net.ok("admin", "rename", "samuel.lee", "sam.l", user=ADMIN).out.strip() == (
        "samuel.lee is now sam.l."
    )
    net.login("sam.l")
    assert "don't match" in net.refused(
        "login", "sam.lee", "--password-stdin", input=PASSWORD + "\n"
    )
    assert "taken" in net.refused("admin", "rename", "sam.l", ADMIN, user=ADMIN).lower()


def test_admin_set_role_lets_a_graduate_mentor(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    assert "alumni" in net.refused("mentor", "activate", user=sam).lower()
    changed = net.js("admin", "set-role", sam, "alumnus", user=ADMIN)
    assert changed["role"] == "alumnus"
    net.ok("mentor", "set", "--sector", "finance", user=sam)
    assert net.js("mentor", "activate", user=sam)["mentor"]["state"] == "active"
    assert "'--role'" not in net.usage("admin", "set-role", sam, "wizard", user=ADMIN)


def test_admin_suspend_and_reinstate(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    suspended = net.js("admin", "suspend", sam, user=ADMIN)
    assert suspended["state"] == "suspended"
    assert net.refused("whoami", user=sam)
    assert (
        "suspended" in net.refused("login", sam, "--password-stdin", input=PASSWORD + "\n").lower()
    )
    assert net.js("admin", "verify", sam, user=ADMIN)["state"] == "verified"
    net.login(sam)


def test_admin_stats(net: Cli) -> None:
    net.member("Sam", "Lee")
    net.register("Ada", "Byron")
    stats = net.js("admin", "stats", user=ADMIN)
    assert stats["members_by_role_and_state"]["student"] == {"pending": 1, "verified": 1}
    plain = net.ok("admin", "stats", user=ADMIN).out
    assert "Members by role and state:" in plain
    assert "student: pending 1, verified 1" in plain
    assert "Median time to first response: no answered requests yet" in plain


def test_office_verbs_are_for_admins_only(net: Cli) -> None:
    sam = net.member("Sam", "Lee")
    for args in (
        ("admin", "queue"),
        ("admin", "verify", ADMIN),
        ("admin", "reject", ADMIN),
        ("admin", "rename", ADMIN, "me"),
        ("admin", "set-role", ADMIN, "student"),
        ("admin", "suspend", ADMIN),
        ("admin", "reports"),
        ("admin", "remove-message", "1"),
        ("admin", "dismiss", "1"),
        ("admin", "stats"),
    ):
        assert "admin" in net.refused(*args, user=sam).lower(), args


def test_office_verbs_on_an_unknown_member(net: Cli) -> None:
    for verb in ("verify", "reject", "suspend"):
        assert "no.body" in net.refused("admin", verb, "no.body")
    assert "no.body" in net.refused("admin", "rename", "no.body", "some.body")
