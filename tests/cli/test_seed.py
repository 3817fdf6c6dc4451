"""``mentor-tui seed``: a believable demo network, the same one for the same seed, and the
documented demo logins working from the command line. (Small N only: the 100,000-mentor
timing is measured by hand, not in a test.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from mentor_tui.demo.seed import DEMO_LOGINS, DEMO_PASSWORD
from mentor_tui.store.database import DB_FILENAME
from tests.cli.conftest import ADMIN, PASSWORD, Cli

TIMELESS = (
    # every column that does not derive from the moment of seeding
    "SELECT username, email, first_name, middle_name, last_name, role, state, headline, city,"
    " country, bio, institution, programme, year_started, year_graduated, is_admin"
    " FROM users ORDER BY id",
    "SELECT u.username, m.state, m.job_title, m.employer, m.max_mentees"
    " FROM mentor_profiles m JOIN users u ON u.id = m.user_id ORDER BY u.id",
    'SELECT user_id, seq, title, organisation, start, "end" FROM positions ORDER BY user_id, seq',
    "SELECT id, state, message, goals FROM requests ORDER BY id",
    "SELECT id, state, closing_note, feedback, rhythm_days FROM relationships ORDER BY id",
    "SELECT id, thread_id, body FROM messages ORDER BY id",
)


def _timeless(data_dir: Path) -> list[list[tuple[Any, ...]]]:
    with sqlite3.connect(data_dir / DB_FILENAME) as conn:
        return [conn.execute(sql).fetchall() for sql in TIMELESS]


def _seeded(tmp_path: Path, name: str, *args: str) -> tuple[Cli, str]:
    cli = Cli(tmp_path / name)
    return cli, cli.ok("seed", *args).out


def test_same_seed_same_network(tmp_path: Path) -> None:
    first, first_out = _seeded(tmp_path, "one", "--mentors", "40", "--seed", "11")
    second, second_out = _seeded(tmp_path, "two", "--mentors", "40", "--seed", "11")
    other, _ = _seeded(tmp_path, "three", "--mentors", "40", "--seed", "12")
    assert first_out == second_out
    assert _timeless(first.data_dir) == _timeless(second.data_dir)
    assert _timeless(first.data_dir)[0] != _timeless(other.data_dir)[0]


def test_seed_says_what_it_made_and_how_to_sign_in(tmp_path: Path) -> None:
    _, out = _seeded(tmp_path, "net", "--mentors", "30")
    lines = out.splitlines()
    assert lines[0].startswith("Seeded ") and "30 mentors" in lines[0]
    assert f"Demo logins (password {DEMO_PASSWORD}):" in lines
    for login in DEMO_LOGINS:
        assert any(line.strip().startswith(login.username) for line in lines), login
    summary = Cli(tmp_path / "again").js("seed", "--mentors", "30")
    assert summary["mentors"] == 30
    assert summary["password"] == DEMO_PASSWORD
    assert [login["username"] for login in summary["logins"]] == [x.username for x in DEMO_LOGINS]


def test_the_demo_logins_work_from_the_command_line(tmp_path: Path) -> None:
    cli, _ = _seeded(tmp_path, "net", "--mentors", "30", "--seed", "4")
    for login in DEMO_LOGINS:
        cli.login(login.username, DEMO_PASSWORD)
    student, mentor, office = (login.username for login in DEMO_LOGINS)
    assert cli.js("whoami", user=office)["is_admin"] is True
    found = cli.js("mentors", "search", "--page-size", "100", user=student)
    assert found["total"] > 0
    assert all(card["state"] == "active" for card in found["items"])
    cloud = cli.js("sectors", user=student)
    assert sum(item["count"] for item in cloud) >= found["total"]
    incoming = cli.js("requests", "--incoming", "--state", "pending", user=mentor)
    assert incoming["total"] > 0
    request_id = str(incoming["items"][0]["id"])
    assert cli.js("request", "accept", request_id, user=mentor)["state"] == "active"
    assert cli.js("admin", "stats", user=office)["members_by_role_and_state"]
    assert cli.js("admin", "queue", user=office)["total"] > 0


def test_seed_goes_only_into_an_empty_network(net: Cli) -> None:
    message = net.refused("seed", "--mentors", "5")
    assert "already has 1 member(s)" in message
    assert "empty network" in message
    net.ok("whoami")  # nothing changed
    assert net.js("admin", "queue", user=ADMIN)["total"] == 0
    assert "don't match" in net.refused(
        "login", "demo.admin", "--password-stdin", input=DEMO_PASSWORD + "\n"
    )


def test_seed_twice_is_refused(tmp_path: Path) -> None:
    cli, _ = _seeded(tmp_path, "net", "--mentors", "5")
    assert "already has" in cli.refused("seed", "--mentors", "5")
    assert "don't match" in cli.refused("login", ADMIN, "--password-stdin", input=PASSWORD + "\n")
