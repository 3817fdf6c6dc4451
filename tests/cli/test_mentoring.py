"""Requests, mentorings, objectives, threads, reports and notifications, from the
command line: every transition and the refusals a person meets at the keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cli.conftest import ADMIN, PASSWORD, Cli, Pair

INTRO = "I am finishing my degree and would value your view on careers in banking."


def _kinds(cli: Cli, user: str) -> list[str]:
    return [n["kind"] for n in cli.js("notifications", user=user)["items"]]


@pytest.fixture
def mentoring(pair: Pair) -> tuple[Pair, int]:
    """Zoë mentors Sam: the accepted request's id (which is also the mentoring's id)."""
    request_id = pair.cli.request(pair.mentee, pair.mentor)
    pair.cli.ok("request", "accept", str(request_id), "--message", "Happy to help!",
                user=pair.mentor)  # fmt: skip
    return pair, request_id


# -- requests -----------------------------------------------------------------------------


def test_request_send_show_and_list(pair: Pair) -> None:
    cli, sam, zoe = pair.cli, pair.mentee, pair.mentor
    sent = cli.js(
        "request", "send", zoe, "--message", INTRO, "--goals", "A first job in risk",
        "--activity", "video call", user=sam,
    )  # fmt: skip
    assert sent["state"] == "pending"
    assert (sent["mentee"]["username"], sent["mentor"]["username"]) == (sam, zoe)
    assert (sent["goals"], sent["activities"]) == ("A first job in risk", ["video call"])
    request_id = sent["id"]
    assert cli.js("request", "show", str(request_id), user=zoe)["id"] == request_id
    shown = cli.ok("request", "show", str(request_id), user=sam).out.splitlines()
    assert shown[0].startswith(f"Request {request_id} · pending · Sam Lee → Zoë Ångström · sent ")
    assert shown[1] == f"  {INTRO}"
    assert shown[2] == "  Hopes for: video call"
    incoming = cli.js("requests", "--incoming", "--state", "pending", user=zoe)
    assert [r["id"] for r in incoming["items"]] == [request_id]
    assert cli.js("requests", "--outgoing", user=zoe)["items"] == []
    assert [r["id"] for r in cli.js("requests", "--outgoing", user=sam)["items"]] == [request_id]
    assert cli.js("requests", "--state", "accepted", user=sam)["items"] == []
    assert "request_received" in _kinds(cli, zoe)


def test_plain_send_names_the_request(pair: Pair) -> None:
    out = pair.cli.ok("request", "send", pair.mentor, "--message", INTRO, user=pair.mentee).out
    assert out.startswith("Request ") and out.strip().endswith("sent to Zoë Ångström.")
    assert pair.cli.ok("requests", "--state", "declined", user=pair.mentee).out == "No requests.\n"


def test_accept_starts_the_mentoring(pair: Pair) -> None:
    cli, sam, zoe = pair.cli, pair.mentee, pair.mentor
    request_id = cli.request(sam, zoe)
    rel = cli.js("request", "accept", str(request_id), "--message", "Happy to help!", user=zoe)
    assert (rel["id"], rel["state"]) == (request_id, "active")
    assert (rel["mentor"]["username"], rel["mentee"]["username"]) == (zoe, sam)
    request = cli.js("request", "show", str(request_id), user=sam)
    assert (request["state"], request["response"]) == ("accepted", "Happy to help!")
    assert request["relationship_id"] == request_id
    assert "request_accepted" in _kinds(cli, sam)
    assert "Response: Happy to help!" in cli.ok("request", "show", str(request_id), user=sam).out


def test_plain_accept_says_who(pair: Pair) -> None:
    request_id = pair.cli.request(pair.mentee, pair.mentor)
    out = pair.cli.ok("request", "accept", str(request_id), user=pair.mentor).out
    assert out.strip() == f"Accepted: mentoring {request_id} with Sam Lee started."


def test_decline_with_a_reason(pair: Pair) -> None:
    cli = pair.cli
    request_id = cli.request(pair.mentee, pair.mentor)
    declined = cli.js("request", "decline", str(request_id), "--message",
                      "I am away until June, sorry.", user=pair.mentor)  # fmt: skip
    assert (declined["id"], declined["state"]) == (request_id, "declined")
    assert declined["response"] == "I am away until June, sorry."
    assert "request_declined" in _kinds(cli, pair.mentee)
    assert "already declined" in cli.refused("request", "accept", str(request_id),
                                             user=pair.mentor)  # fmt: skip


def test_retract_a_pending_request(pair: Pair) -> None:
    cli = pair.cli
    request_id = cli.request(pair.mentee, pair.mentor)
    assert cli.ok("request", "retract", str(request_id), user=pair.mentee).out.strip() == (
        f"Request {request_id} withdrawn; the mentor is told."
    )
    assert cli.js("request", "show", str(request_id), user=pair.mentee)["state"] == "retracted"
    assert "request_retracted" in _kinds(cli, pair.mentor)
    assert "retracted" in cli.refused("request", "retract", str(request_id), user=pair.mentee)
    assert "retracted" in cli.refused("request", "accept", str(request_id), user=pair.mentor)
    again = cli.js("request", "send", pair.mentor, "--message", INTRO, "--json", user=pair.mentee)
    assert again["state"] == "pending"


def test_retract_json(pair: Pair) -> None:
    request_id = pair.cli.request(pair.mentee, pair.mentor)
    retracted = pair.cli.js("request", "retract", str(request_id), user=pair.mentee)
    assert (retracted["id"], retracted["state"]) == (request_id, "retracted")


def test_request_refusals(pair: Pair) -> None:
    cli, sam, zoe = pair.cli, pair.mentee, pair.mentor
    assert "yourself" in cli.refused("request", "send", zoe, "--message", INTRO, user=zoe)
    assert "no.body" in cli.refused("request", "send", "no.body", "--message", INTRO, user=sam)
    short = cli.refused("request", "send", zoe, "--message", "hi", user=sam)
    assert "introduction" in short.lower() or "sentence" in short.lower()
    request_id = cli.request(sam, zoe)
    assert "pending" in cli.refused("request", "send", zoe, "--message", INTRO, user=sam)
    assert "mentor" in cli.refused("request", "accept", str(request_id), user=sam).lower()
    assert "mentor" in cli.refused("request", "decline", str(request_id), user=sam).lower()
    assert "mentee" in cli.refused("request", "retract", str(request_id), user=zoe).lower()
    assert "9999" in cli.refused("request", "show", "9999", user=sam)
    assert "9999" in cli.refused("request", "accept", "9999", user=zoe)


def test_request_to_a_paused_or_full_mentor_is_refused(pair: Pair) -> None:
    cli, zoe = pair.cli, pair.mentor
    cli.ok("mentor", "pause", user=zoe)
    assert "paused" in cli.refused("request", "send", zoe, "--message", INTRO, user=pair.mentee)
    cli.ok("mentor", "activate", user=zoe)
    cli.ok("mentor", "set", "--max-mentees", "1", user=zoe)
    cli.ok("request", "accept", str(cli.request(pair.mentee, zoe)), user=zoe)
    kim = cli.member("Kim", "Ode")
    assert "full" in cli.refused("request", "send", zoe, "--message", INTRO, user=kim).lower()


def test_accepting_past_capacity_is_refused(pair: Pair) -> None:
    cli, zoe = pair.cli, pair.mentor
    first = cli.request(pair.mentee, zoe)
    kim = cli.member("Kim", "Ode")
    second = cli.request(kim, zoe)
    cli.ok("mentor", "set", "--max-mentees", "1", user=zoe)
    cli.ok("request", "accept", str(first), user=zoe)
    assert "full" in cli.refused("request", "accept", str(second), user=zoe).lower()
    assert cli.js("request", "show", str(second), user=kim)["state"] == "pending"


def test_at_most_three_pending_requests(pair: Pair) -> None:
    cli, sam = pair.cli, pair.mentee
    others = [cli.mentor(first, "Mentor", email=f"{first}@example.org") for first in "ABC"]
    for mentor in others:
        cli.request(sam, mentor)
    message = cli.refused("request", "send", pair.mentor, "--message", INTRO, user=sam)
    assert "3" in message


def test_a_pending_account_cannot_request(pair: Pair) -> None:
    cli = pair.cli
    cli.register("Kim", "Ode")
    cli.login("kim.ode")
    assert "verif" in cli.refused("request", "send", pair.mentor, "--message", INTRO).lower()


def test_ids_and_states_are_checked_by_the_command_line(pair: Pair) -> None:
    cli = pair.cli
    assert "REQUEST_ID" in cli.usage("request", "accept", "twelve", user=pair.mentor)
    assert "'--state'" in cli.usage("requests", "--state", "lost", user=pair.mentor)
    assert "--message" in cli.usage("request", "send", pair.mentor, user=pair.mentee)


# -- mentorings, objectives, rhythm --------------------------------------------------------


def test_relationships_list_and_show(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli = pair.cli
    for user in (pair.mentor, pair.mentee):
        listed = cli.js("relationships", user=user)
        assert [(r["id"], r["state"]) for r in listed["items"]] == [(rel_id, "active")]
    assert cli.js("relationships", "--state", "finished", user=pair.mentee)["items"] == []
    plain = cli.ok("relationships", user=pair.mentee).out.splitlines()
    assert plain[0].startswith(
        f"Mentoring {rel_id} · active · mentor Zoë Ångström · mentee Sam Lee · since "
    )
    assert plain[0].endswith(" · every 30 days")
    shown = cli.js("relationship", "show", str(rel_id), user=pair.mentor)
    assert (shown["id"], shown["state"], shown["objectives"]) == (rel_id, "active", [])
    kim = cli.member("Kim", "Ode")
    assert "No mentoring relationships yet." in cli.ok("relationships", user=kim).out
    assert cli.refused("relationship", "show", str(rel_id), user=kim)


def test_objectives_add_edit_done(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli = pair.cli
    first = cli.js("objective", "add", str(rel_id), "Send a CV to three banks", user=pair.mentee)
    assert (first["relationship_id"], first["done"]) == (rel_id, False)
    out = cli.ok("objective", "add", str(rel_id), "Practise a case interview", user=pair.mentor)
    second_id = int(out.out.split()[1])
    edited = cli.js("objective", "edit", str(first["id"]), "Send a CV to five banks",
                    user=pair.mentor)  # fmt: skip
    assert (edited["id"], edited["text"]) == (first["id"], "Send a CV to five banks")
    assert cli.js("objective", "done", str(first["id"]), user=pair.mentee)["done"] is True
    assert cli.ok("objective", "done", str(second_id), user=pair.mentee).out.strip() == (
        f"Objective {second_id} done."
    )
    shown = cli.ok("relationship", "show", str(rel_id), user=pair.mentee).out.splitlines()
    assert f"  [x] {first['id']}: Send a CV to five banks" in shown
    assert "  Every objective is met: finish the mentoring or set new objectives." in shown
    undone = cli.ok("objective", "done", str(second_id), "--undo", user=pair.mentor).out
    assert undone.strip() == f"Objective {second_id} open again."
    assert (
        f"  [ ] {second_id}: Practise a case interview"
        in cli.ok("relationship", "show", str(rel_id), user=pair.mentor).out.splitlines()
    )
    assert "9999" in cli.refused("objective", "done", "9999", user=pair.mentor)
    assert cli.refused("objective", "add", str(rel_id), "   ", user=pair.mentor)


def test_rhythm(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    rel = pair.cli.js("relationship", "rhythm", str(rel_id), "14", user=pair.mentee)
    assert (rel["id"], rel["rhythm_days"]) == (rel_id, 14)
    out = pair.cli.ok("relationship", "rhythm", str(rel_id), "21", user=pair.mentor).out
    assert out.strip() == f"Mentoring {rel_id}: in touch every 21 days."
    assert pair.cli.refused("relationship", "rhythm", str(rel_id), "0", user=pair.mentor)
    assert "DAYS" in pair.cli.usage("relationship", "rhythm", str(rel_id), "often")


def test_finish_frees_the_place_and_closes_the_thread(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli = pair.cli
    assert "to 5" in cli.refused("relationship", "finish", str(rel_id), "--feedback", "6",
                                   user=pair.mentee)  # fmt: skip
    finished = cli.js("relationship", "finish", str(rel_id), "--note", "Thank you!",
                      "--feedback", "5", user=pair.mentee)  # fmt: skip
    assert (finished["id"], finished["state"]) == (rel_id, "finished")
    assert (finished["closing_note"], finished["feedback"]) == ("Thank you!", 5)
    assert "relationship_finished" in _kinds(cli, pair.mentor)
    assert "finished" in cli.refused("relationship", "finish", str(rel_id), user=pair.mentor)
    assert cli.refused("message", "send", str(rel_id), "One more thing", user=pair.mentor)
    thread = cli.ok("thread", str(rel_id), user=pair.mentor).out
    assert thread.splitlines()[-1] == "(read-only)"
    zoe = cli.js("profile", "show", pair.mentor, user=pair.mentee)["mentor"]
    assert (zoe["active_mentees"], zoe["completed"]) == (0, 1)


def test_plain_finish(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    out = pair.cli.ok("relationship", "finish", str(rel_id), user=pair.mentor).out
    assert out.strip() == f"Mentoring {rel_id} finished. Thank you!"


# -- threads and messages --------------------------------------------------------------------


def test_thread_and_messages(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli = pair.cli
    sent = cli.js("message", "send", str(rel_id), "Shall we talk on Tuesday?", user=pair.mentee)
    assert (sent["thread_id"], sent["body"]) == (rel_id, "Shall we talk on Tuesday?")
    out = cli.ok("message", "send", str(rel_id), "Tuesday works.\nSay 10:00?", user=pair.mentor)
    assert out.out.startswith("Message ") and out.out.strip().endswith(" sent.")
    thread = cli.js("thread", str(rel_id), user=pair.mentee)
    assert thread["id"] == rel_id
    assert thread["can_write"] is True
    bodies = [m["body"] for m in thread["messages"]]
    assert bodies == [
        INTRO,
        "Happy to help!",
        "Shall we talk on Tuesday?",
        "Tuesday works.\nSay 10:00?",
    ]
    plain = cli.ok("thread", str(rel_id), user=pair.mentor).out.splitlines()
    assert plain[0].startswith(f"Mentoring {rel_id} · active")
    assert "  Tuesday works." in plain and "  Say 10:00?" in plain
    assert any(line.endswith(f"] Sam Lee · {line.split(' · ')[-1]}") for line in plain)
    assert "new_message" in _kinds(cli, pair.mentor)
    kim = cli.member("Kim", "Ode")
    assert cli.refused("thread", str(rel_id), user=kim)
    assert cli.refused("message", "send", str(rel_id), "Hello?", user=kim)
    assert cli.refused("message", "send", str(rel_id), "  ", user=pair.mentee)


def test_a_pending_request_has_a_thread_too(pair: Pair) -> None:
    request_id = pair.cli.request(pair.mentee, pair.mentor)
    thread = pair.cli.js("thread", str(request_id), user=pair.mentor)
    assert thread["relationship"] is None
    assert [m["body"] for m in thread["messages"]] == [INTRO]


def test_messages_of_a_member_who_left_stay_readable(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli = pair.cli
    cli.ok("message", "send", str(rel_id), "Thanks for everything.", user=pair.mentee)
    cli.ok("account", "delete", "--password-stdin", user=pair.mentee, input=PASSWORD + "\n")
    thread = cli.js("thread", str(rel_id), user=pair.mentor)
    last = thread["messages"][-1]
    assert (last["sender"], last["body"]) == (None, "Thanks for everything.")
    assert "] former member · " in cli.ok("thread", str(rel_id), user=pair.mentor).out


# -- reports -------------------------------------------------------------------------------


def _rude(cli: Cli, pair: Pair, rel_id: int) -> int:
    sent = cli.js("message", "send", str(rel_id), "Send me your bank details.", user=pair.mentor)
    return int(sent["id"])


def test_report_and_remove(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli = pair.cli
    message_id = _rude(cli, pair, rel_id)
    report = cli.js("message", "report", str(message_id), "--reason", "Asks for bank details",
                    user=pair.mentee)  # fmt: skip
    assert (report["state"], report["message"]["id"]) == ("open", message_id)
    queue = cli.js("admin", "reports", user=ADMIN)
    assert [(r["id"], r["state"]) for r in queue["items"]] == [(report["id"], "open")]
    plain = cli.ok("admin", "reports", user=ADMIN).out.splitlines()
    assert plain[0] == (
        f"Report {report['id']} · open · message {message_id} from Zoë Ångström · by Sam Lee"
    )
    assert plain[1:] == ["  Reason: Asks for bank details", "  Message: Send me your bank details."]
    removed = cli.js("admin", "remove-message", str(message_id), user=ADMIN)
    assert (removed["id"], removed["state"]) == (message_id, "removed")
    assert "No reports." in cli.ok("admin", "reports", user=ADMIN).out
    assert cli.js("admin", "reports", "--state", "removed", user=ADMIN)["total"] == 1
    thread = cli.ok("thread", str(rel_id), user=pair.mentee).out
    assert "(removed by a moderator)" in thread
    assert "bank details" not in thread
    assert "report_handled" in _kinds(cli, pair.mentee)


def test_report_dismissed(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli = pair.cli
    message_id = _rude(cli, pair, rel_id)
    out = cli.ok("message", "report", str(message_id), "--reason", "Odd", user=pair.mentee).out
    report_id = int(out.split()[1].rstrip(";"))
    assert out.strip() == f"Report {report_id} sent; you'll be told when it is handled."
    dismissed = cli.js("admin", "dismiss", str(report_id), user=ADMIN)
    assert (dismissed["id"], dismissed["state"]) == (report_id, "dismissed")
    assert "Send me your bank details." in cli.ok("thread", str(rel_id), user=pair.mentee).out
    assert "report_handled" in _kinds(cli, pair.mentee)


def test_report_refusals(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli = pair.cli
    message_id = _rude(cli, pair, rel_id)
    assert cli.refused("message", "report", str(message_id), "--reason", "Mine", user=pair.mentor)
    assert "--reason" in cli.usage("message", "report", str(message_id), user=pair.mentee)
    assert "9999" in cli.refused("message", "report", "9999", "--reason", "spam", user=pair.mentee)
    assert "9999" in cli.refused("admin", "remove-message", "9999", user=ADMIN)


def test_suspend_from_the_report_queue(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli = pair.cli
    message_id = _rude(cli, pair, rel_id)
    cli.ok("message", "report", str(message_id), "--reason", "Scam", user=pair.mentee)
    cli.ok("admin", "suspend", pair.mentor, user=ADMIN)
    assert "(suspended)" in cli.ok("admin", "reports", user=ADMIN).out
    assert cli.js("mentors", "search", user=pair.mentee)["total"] == 0


# -- notifications -------------------------------------------------------------------------


def test_notifications_list_and_read(mentoring: tuple[Pair, int]) -> None:
    pair, rel_id = mentoring
    cli, sam = pair.cli, pair.mentee
    cli.ok("message", "send", str(rel_id), "Welcome aboard", user=pair.mentor)
    unread = cli.js("notifications", "--unread", user=sam)
    kinds = [n["kind"] for n in unread["items"]]
    assert {"account_verified", "request_accepted", "new_message"} <= set(kinds)
    assert all(isinstance(n["id"], int) and n["read"] is False for n in unread["items"])
    plain = cli.ok("notifications", user=sam).out.splitlines()
    assert all(line.startswith("• ") for line in plain)
    first: dict[str, Any] = unread["items"][0]
    assert cli.js("notifications", "read", str(first["id"]), user=sam) == {"marked_read": 1}
    assert cli.js("notifications", "--unread", user=sam)["total"] == unread["total"] - 1
    plain = cli.ok("notifications", user=sam).out.splitlines()
    assert f"  {first['id']} · " in "\n".join(plain)
    out = cli.ok("notifications", "read", "--all", user=sam).out.strip()
    assert out == f"{unread['total'] - 1} marked read."
    assert cli.ok("notifications", "--unread", user=sam).out == "No notifications.\n"
    assert cli.js("notifications", user=sam)["total"] == unread["total"]
    assert cli.js("notifications", "--page", "2", user=sam)["items"] == []


def test_notifications_read_needs_one_id_or_all(pair: Pair) -> None:
    cli = pair.cli
    assert "--all" in cli.usage("notifications", "read", user=pair.mentee)
    assert "--all" in cli.usage("notifications", "read", "1", "--all", user=pair.mentee)
    assert "9999" in cli.refused("notifications", "read", "9999", user=pair.mentee)
