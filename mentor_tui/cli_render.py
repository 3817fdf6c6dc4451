"""Plain, readable text for the command line's default (non ``--json``) output.

Other people's text is printed after :func:`strip_control`, so a bio can't recolour
or retitle the terminal of whoever reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from mentor_tui.domain.models import (
    Member,
    MentorCard,
    MentoringRequest,
    Message,
    Notification,
    Objective,
    Page,
    Relationship,
    Report,
    SectorCount,
    Stats,
    Suggestion,
    Thread,
)
from mentor_tui.domain.text import strip_control


def s(text: str | None) -> str:
    """Someone else's text, safe to print on one line."""
    return strip_control(text or "", multiline=False)


def m(text: str | None) -> str:
    """Someone else's multi-line text, safe to print."""
    return strip_control(text or "", multiline=True)


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"


def room(card: MentorCard) -> str:
    if card.has_room:
        return f"room: {card.max_mentees - card.active_mentees} of {card.max_mentees} free"
    return f"FULL ({card.active_mentees} of {card.max_mentees})"


def mentor_card(card: MentorCard) -> list[str]:
    job = " at ".join(p for p in (s(card.job_title), s(card.employer)) if p)
    where = ", ".join(p for p in (s(card.city), s(card.country)) if p)
    lines = [f"{s(card.name)} ({card.username}) · {room(card)}"]
    if card.headline:
        lines.append(f"  {s(card.headline)}")
    details = " · ".join(p for p in (job, ", ".join(card.sectors), where) if p)
    if details:
        lines.append(f"  {details}")
    return lines


def mentor_page(page: Page[MentorCard]) -> list[str]:
    if not page.items:
        return ["No mentors match. Try fewer filters or other words."]
    lines = [f"{page.total} mentors · page {page.page} of {page.pages}"]
    for card in page.items:
        lines += mentor_card(card)
    if page.has_more:
        lines.append(f"More: add --page {page.page + 1}")
    return lines


def suggestions(items: list[Suggestion]) -> list[str]:
    if not items:
        return [
            "No suggestions yet: set your sectors of interest and goals "
            "(profile set interests 'Finance', profile set goals 'networking')."
        ]
    lines = []
    for item in items:
        lines += mentor_card(item.mentor)
        lines.append(f"  why: {item.why}")
    return lines


def sectors(items: list[SectorCount]) -> list[str]:
    width = max((len(i.sector) for i in items), default=0)
    return [f"{i.sector.ljust(width)}  {i.count}" for i in items]


def member(item: Member) -> list[str]:
    lines = [f"{s(item.name)} ({item.username}) · {item.role.value} · account {item.state.value}"]
    if item.is_admin:
        lines[0] += " · admin"
    for label, value in (
        ("Headline", item.headline),
        ("Location", ", ".join(p for p in (item.city, item.country) if p)),
        (
            "Study",
            " ".join(
                p
                for p in (
                    item.programme,
                    f"at {item.institution}" if item.institution else "",
                    f"({item.year_started or '?'}–{item.year_graduated or ''})"
                    if item.year_started or item.year_graduated
                    else "",
                )
                if p
            ),
        ),
        ("E-mail", item.email or ""),
        ("Website", item.website),
        ("LinkedIn", item.linkedin),
        ("Other contacts", item.other_contacts),
        ("Interests", ", ".join(item.interest_sectors)),
        ("Goals", ", ".join(item.goal_areas)),
    ):
        if value:
            lines.append(f"{label}: {s(value)}")
    if item.bio:
        lines.append("Bio:")
        lines += [f"  {line}" for line in m(item.bio).splitlines()]
    if item.positions:
        lines.append("Career:")
        for p in item.positions:
            span = f" ({s(p.start)}–{s(p.end)})" if p.start or p.end else ""
            lines.append(f"  {s(p.title)}, {s(p.organisation)}{span}")
    if item.education:
        lines.append("Education:")
        for e in item.education:
            lines.append(
                f"  {s(e.programme)}, {s(e.institution)} ({e.started or '?'}–{e.graduated or ''})"
            )
    lines += mentor_profile(item)
    if item.private:
        own = item.private
        lines.append(
            f"Private: e-mail {own.email} ({'shown' if own.show_email else 'hidden'} to members), "
            f"e-mail notifications {'on' if own.email_notifications else 'off'}"
        )
        if own.address:
            lines.append(f"  Address: {s(own.address)}")
        if own.confirmation_due:
            lines.append("  Your profile is due for its yearly check: run 'profile confirm'.")
    return lines


def mentor_profile(item: Member) -> list[str]:
    """The mentor part of a profile (nothing for a member who never set one up)."""
    if not item.mentor:
        return []
    mp = item.mentor
    lines = [
        f"Mentor: {mp.state.value} · {mp.active_mentees} of {mp.max_mentees} mentees"
        f"{'' if mp.has_room else ' (FULL)'} · {mp.completed} completed"
    ]
    if mp.job_title or mp.employer:
        lines.append(f"  Job: {s(mp.job_title)} at {s(mp.employer)}")
    lines.append(f"  Sectors: {', '.join(mp.sectors) or '-'}")
    lines.append(f"  Helps with: {', '.join(mp.help_areas) or '-'}")
    lines.append(f"  Offers: {', '.join(mp.activities) or '-'}")
    return lines


def request(item: MentoringRequest) -> list[str]:
    flag = " · OVERDUE" if item.overdue else ""
    lines = [
        f"Request {item.id} · {item.state.value}{flag} · {s(item.mentee.name)} → "
        f"{s(item.mentor.name)} · sent {when(item.created_at)} · waited "
        f"{item.waited_working_days} working days"
    ]
    lines.append(f"  {s(item.message)[:200]}")
    if item.activities:
        lines.append(f"  Hopes for: {', '.join(item.activities)}")
    if item.response:
        lines.append(f"  Response: {s(item.response)[:200]}")
    return lines


def requests(page: Page[MentoringRequest]) -> list[str]:
    if not page.items:
        return ["No requests."]
    lines = []
    for item in page.items:
        lines += request(item)
    if page.has_more:
        lines.append(f"More: add --page {page.page + 1}")
    return lines


def objective(item: Objective) -> str:
    return f"  [{'x' if item.done else ' '}] {item.id}: {s(item.text)}"


def relationship(item: Relationship) -> list[str]:
    lines = [
        f"Mentoring {item.id} · {item.state.value} · mentor {s(item.mentor.name)} · mentee "
        f"{s(item.mentee.name)} · since {when(item.started_at)} · every {item.rhythm_days} days"
    ]
    if item.quiet:
        lines.append("  Quiet for longer than your rhythm: time to get in touch.")
    lines += [objective(o) for o in item.objectives]
    if item.all_objectives_met and item.state.value == "active":
        lines.append("  Every objective is met: finish the mentoring or set new objectives.")
    if item.finished_at:
        lines.append(f"  Finished {when(item.finished_at)}: {s(item.closing_note)}")
    return lines


def relationships(page: Page[Relationship]) -> list[str]:
    if not page.items:
        return ["No mentoring relationships yet."]
    return [line for item in page.items for line in relationship(item)]


def message(item: Message) -> list[str]:
    head = f"[{item.id}] {s(item.sender_name)} · {when(item.created_at)}"
    if item.removed:
        return [head, "  (removed by a moderator)"]
    return [head, *(f"  {line}" for line in m(item.body).splitlines())]


def thread(item: Thread) -> list[str]:
    lines = request(item.request)[:1]
    if item.relationship:
        lines = relationship(item.relationship)
    for msg in item.messages:
        lines += message(msg)
    if not item.can_write:
        lines.append("(read-only)")
    return lines


def notifications(page: Page[Notification]) -> list[str]:
    if not page.items:
        return ["No notifications."]
    return [
        f"{'•' if not n.read else ' '} {n.id} · {when(n.created_at)} · {s(n.text)}"
        for n in page.items
    ]


def reports(page: Page[Report]) -> list[str]:
    if not page.items:
        return ["No reports."]
    lines = []
    for r in page.items:
        who = s(r.reporter.name) if r.reporter else "former member"
        lines.append(
            f"Report {r.id} · {r.state.value} · message {r.message.id} from "
            f"{s(r.message.sender_name)}{' (suspended)' if r.sender_suspended else ''} · by {who}"
        )
        lines.append(f"  Reason: {s(r.reason)}")
        lines.append(f"  Message: {'(removed)' if r.message.removed else s(r.message.body)[:200]}")
    return lines


def members(page: Page[Member]) -> list[str]:
    if not page.items:
        return ["Nobody is waiting."]
    return [
        f"{s(x.name)} ({x.username}) · {x.role.value} · {s(x.programme)} "
        f"{x.year_started or ''}–{x.year_graduated or ''} · joined {when(x.joined_at)}"
        for x in page.items
    ]


def stats(item: Stats) -> list[str]:
    lines = ["Members by role and state:"]
    for role, states in sorted(item.members_by_role_and_state.items()):
        lines.append(f"  {role}: " + ", ".join(f"{k} {v}" for k, v in sorted(states.items())))
    lines.append("Active mentors by sector:")
    lines += [f"  {k}: {v}" for k, v in item.active_mentors_by_sector.items()]
    lines.append(
        "Requests by state: "
        + ", ".join(f"{k} {v}" for k, v in sorted(item.requests_by_state.items()))
    )
    median = item.median_first_response_hours
    lines.append(
        "Median time to first response: "
        + (f"{median} hours" if median is not None else "no answered requests yet")
    )
    return lines


def join(lines: Iterable[str]) -> str:
    return "\n".join(lines)
