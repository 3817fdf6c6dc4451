"""The sentences and words the mentoring screens show for states, times and room.

Why it exists: the search, requests, relationships, notifications and admin screens all
say the same things ("2 of 3 places taken", "FULL", "waited 4 working days · OVERDUE ⚠",
"3 days ago"); saying them in one place keeps the wording the same everywhere and keeps
every state readable without colour. It only words what the service decided: it never
re-checks a rule (whether a mentor is full, a request overdue, a mentoring quiet comes
from the models the service hands out).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from mentor_tui.domain.enums import (
    AccountState,
    MentorState,
    RelationshipState,
    ReportState,
    RequestState,
)

if TYPE_CHECKING:
    from mentor_tui.domain.models import MentorCard, MentoringRequest, MentorProfile, Relationship

DONE = "✓"
"""An objective met, a notification read: a symbol as well as any colour."""
NOT_DONE = "○"
UNREAD = "●"
WARNING = "⚠"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 day``, ``3 days``; ``words`` for irregular plurals."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def ago(moment: datetime, now: datetime) -> str:
    """A past moment said the way people say it: "just now", "5 minutes ago", "3 days ago"."""
    seconds = int((now - moment).total_seconds())
    if seconds < 60:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return plural(minutes, "minute") + " ago"
    hours = minutes // 60
    if hours < 24:
        return plural(hours, "hour") + " ago"
    days = hours // 24
    if days < 60:
        return "yesterday" if days == 1 else plural(days, "day") + " ago"
    months = days // 30
    if months < 24:
        return plural(months, "month") + " ago"
    return plural(days // 365, "year") + " ago"


def day_month(moment: datetime) -> str:
    """A date for a list: "2 Mar 2026"."""
    return f"{moment.day} {moment:%b %Y}"


def room_words(state: MentorState, active: int, maximum: int) -> str:
    """Whether a mentor can take a mentee now, in words ("FULL", "1 of 3 places taken")."""
    if state is MentorState.PAUSED:
        return "PAUSED: not taking requests"
    if state is MentorState.INACTIVE:
        return "not mentoring"
    taken = f"{active} of {plural(maximum, 'place')} taken"
    if active >= maximum:
        return f"FULL: {taken}"
    return taken


def card_room(card: MentorCard) -> str:
    return room_words(card.state, card.active_mentees, card.max_mentees)


def profile_room(profile: MentorProfile) -> str:
    return room_words(profile.state, profile.active_mentees, profile.max_mentees)


MENTOR_STATE_WORDS: dict[MentorState, str] = {
    MentorState.INACTIVE: "not active yet: invisible in search, no requests",
    MentorState.ACTIVE: "ACTIVE: visible in search and open to requests",
    MentorState.PAUSED: "PAUSED: hidden from search, no new requests; current mentoring goes on",
}

ACCOUNT_STATE_WORDS: dict[AccountState, str] = {
    AccountState.PENDING: "waiting for verification",
    AccountState.VERIFIED: "verified",
    AccountState.REJECTED: "REJECTED",
    AccountState.SUSPENDED: "SUSPENDED",
}

REQUEST_STATE_WORDS: dict[RequestState, str] = {
    RequestState.PENDING: "pending",
    RequestState.ACCEPTED: "✓ accepted",
    RequestState.DECLINED: "✗ declined",
    RequestState.RETRACTED: "↩ retracted",
    RequestState.EXPIRED: "⌛ expired",
}

RELATIONSHIP_STATE_WORDS: dict[RelationshipState, str] = {
    RelationshipState.ACTIVE: "active",
    RelationshipState.FINISHED: "finished",
}

REPORT_STATE_WORDS: dict[ReportState, str] = {
    ReportState.OPEN: "open",
    ReportState.REMOVED: "message removed",
    ReportState.DISMISSED: "dismissed",
}


def request_wait(request: MentoringRequest, now: datetime) -> str:
    """How long a request waited, and "OVERDUE ⚠" when the service says it is overdue."""
    if request.state is RequestState.PENDING:
        waited = f"waiting {plural(request.waited_working_days, 'working day')}"
        if request.overdue:
            return f"OVERDUE {WARNING} {waited}"
        return waited
    word = REQUEST_STATE_WORDS[request.state]
    if request.responded_at is not None:
        return f"{word} {ago(request.responded_at, now)}"
    return word


def quiet_words(relationship: Relationship, now: datetime) -> str:
    """The reminder of domain.md when a mentoring has been quiet longer than its rhythm."""
    days = max(0, (now - relationship.last_contact_at).days)
    return f"{WARNING} quiet for {plural(days, 'day')}: time to get in touch"


def rhythm_words(days: int) -> str:
    if days == 7:
        return "about once a week"
    if days == 14:
        return "about every two weeks"
    if 28 <= days <= 31:
        return "about once a month"
    return f"about every {plural(days, 'day')}"


def feedback_words(value: int | None) -> str:
    if value is None:
        return "no feedback"
    labels = {
        1: "not useful",
        2: "a little useful",
        3: "useful",
        4: "quite useful",
        5: "very useful",
    }
    return f"{value} of 5 ({labels.get(value, '')})"


def years(started: int | None, ended: int | None) -> str:
    if started and ended:
        return f"{started}–{ended}"
    if started:
        return f"from {started}"
    if ended:
        return f"until {ended}"
    return ""
