"""What the service hands out and takes in: pydantic models, no I/O.

These are the shapes every face shares: the command line prints them (``--json`` is
``model_dump``), the TUI renders them and the HTTP server sends them as they are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from mentor_tui.domain.enums import (
    AccountState,
    MentorState,
    NotificationKind,
    RelationshipState,
    ReportState,
    RequestState,
    Role,
)

HEADLINE_MAX = 125
"""domain.md: a headline is at most 125 characters."""
NAME_MAX = 60
BIO_MAX = 4000
SHORT_TEXT_MAX = 200
MESSAGE_MAX = 5000
"""A long e-mail's worth; longer threads belong in several messages."""
INTRODUCTION_MIN = 20
"""domain.md: the introduction says why this mentor, 'at least a sentence'."""
PASSWORD_MIN = 10
MAX_MENTEES_RANGE = (1, 5)
DEFAULT_MAX_MENTEES = 2
MAX_PENDING_REQUESTS = 3
DEFAULT_RHYTHM_DAYS = 30
"""domain.md: the suggested rhythm is about once a month."""
OVERDUE_WORKING_DAYS = 3
EXPIRY_DAYS = 14
CONFIRMATION_INTERVAL_DAYS = 365
PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100
FORMER_MEMBER = "former member"
REMOVED_BY_MODERATOR = "(removed by a moderator)"
"""Stands in for a removed introduction or response where a request shows its text."""


class Model(BaseModel):
    model_config = ConfigDict(frozen=False, extra="forbid")


class MemberRef(Model):
    """Who someone is, in a line: enough to show a name and link to the profile."""

    id: int | None
    username: str
    name: str


class Position(Model):
    title: str = Field(max_length=SHORT_TEXT_MAX)
    organisation: str = Field(max_length=SHORT_TEXT_MAX)
    start: str = Field(default="", max_length=20)
    end: str = Field(default="", max_length=20)


class Education(Model):
    institution: str = Field(max_length=SHORT_TEXT_MAX)
    programme: str = Field(default="", max_length=SHORT_TEXT_MAX)
    started: int | None = None
    graduated: int | None = None


class Actor(Model):
    """The signed-in member on whose behalf the service acts."""

    id: int
    username: str
    role: Role
    state: AccountState
    is_admin: bool = False


class MentorProfile(Model):
    state: MentorState = MentorState.INACTIVE
    sectors: list[str] = []
    job_title: str = ""
    employer: str = ""
    help_areas: list[str] = []
    activities: list[str] = []
    max_mentees: int = DEFAULT_MAX_MENTEES
    active_mentees: int = 0
    completed: int = 0

    @property
    def has_room(self) -> bool:
        return self.active_mentees < self.max_mentees

    @property
    def is_requestable(self) -> bool:
        return self.state is MentorState.ACTIVE and self.has_room


class Member(Model):
    """A member's profile as another member sees it (or, with ``private``, as they see it)."""

    id: int
    username: str
    first_name: str
    middle_name: str = ""
    last_name: str
    role: Role
    state: AccountState
    is_admin: bool = False
    headline: str = ""
    city: str = ""
    country: str = ""
    bio: str = ""
    institution: str = ""
    programme: str = ""
    year_started: int | None = None
    year_graduated: int | None = None
    positions: list[Position] = []
    education: list[Education] = []
    interest_sectors: list[str] = []
    goal_areas: list[str] = []
    email: str | None = None
    website: str = ""
    linkedin: str = ""
    other_contacts: str = ""
    mentor: MentorProfile | None = None
    joined_at: datetime
    private: PrivateProfile | None = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)


class PrivateProfile(Model):
    """What only the member (and the programme office) sees of their own account."""

    email: str
    address: str = ""
    show_email: bool = False
    email_notifications: bool = True
    profile_confirmed_at: datetime | None = None
    confirmation_due: bool = False


class MentorCard(Model):
    """A mentor in a search result or suggestion list."""

    id: int
    username: str
    name: str
    headline: str = ""
    job_title: str = ""
    employer: str = ""
    sectors: list[str] = []
    help_areas: list[str] = []
    activities: list[str] = []
    city: str = ""
    country: str = ""
    programme: str = ""
    year_graduated: int | None = None
    state: MentorState
    max_mentees: int
    active_mentees: int

    @property
    def has_room(self) -> bool:
        return self.active_mentees < self.max_mentees


class Suggestion(Model):
    mentor: MentorCard
    score: int
    reasons: list[str]

    @property
    def why(self) -> str:
        return " · ".join(self.reasons)


class SectorCount(Model):
    sector: str
    count: int


class MentoringRequest(Model):
    id: int
    state: RequestState
    mentee: MemberRef
    mentor: MemberRef
    message: str
    goals: str = ""
    activities: list[str] = []
    created_at: datetime
    responded_at: datetime | None = None
    response: str = ""
    waited_working_days: int = 0
    overdue: bool = False
    expires_at: datetime | None = None
    relationship_id: int | None = None


class Objective(Model):
    id: int
    relationship_id: int
    text: str
    done: bool = False
    created_at: datetime
    done_at: datetime | None = None


class Relationship(Model):
    id: int
    """The same number as the request it grew from, so one id names one thread."""
    state: RelationshipState
    mentor: MemberRef
    mentee: MemberRef
    started_at: datetime
    finished_at: datetime | None = None
    finished_by: MemberRef | None = None
    closing_note: str = ""
    feedback: int | None = None
    rhythm_days: int = DEFAULT_RHYTHM_DAYS
    last_contact_at: datetime
    quiet: bool = False
    objectives: list[Objective] = []

    @property
    def all_objectives_met(self) -> bool:
        return bool(self.objectives) and all(o.done for o in self.objectives)


class Message(Model):
    id: int
    thread_id: int
    sender: MemberRef | None
    """None when the sender has left the network ("former member")."""
    body: str
    created_at: datetime
    read: bool = False
    removed: bool = False
    mine: bool = False

    @property
    def sender_name(self) -> str:
        return self.sender.name if self.sender else FORMER_MEMBER


class Thread(Model):
    id: int
    request: MentoringRequest
    relationship: Relationship | None = None
    messages: list[Message]
    can_write: bool


class Report(Model):
    id: int
    state: ReportState
    message: Message
    reporter: MemberRef | None
    reason: str
    created_at: datetime
    handled_at: datetime | None = None
    sender_suspended: bool = False


class Notification(Model):
    id: int
    kind: NotificationKind
    text: str
    subject_type: str = ""
    subject_id: int | None = None
    created_at: datetime
    read: bool = False


class NotificationSummary(Model):
    """What a live unread badge needs: changes whenever a notification arrives or is read."""

    unread: int
    latest_id: int | None = None


class Stats(Model):
    members_by_role_and_state: dict[str, dict[str, int]]
    active_mentors_by_sector: dict[str, int]
    requests_by_state: dict[str, int]
    median_first_response_hours: float | None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_more(self) -> bool:
        return self.page * self.page_size < self.total


class SearchQuery(Model):
    """What a mentee can search mentors by (domain.md, "Search")."""

    text: str = ""
    sectors: list[str] = []
    help_area: str | None = None
    activity: str | None = None
    programme: str | None = None
    graduated_from: int | None = None
    graduated_to: int | None = None
    country: str | None = None
    has_room: bool = False
    page: int = 1
    page_size: int = PAGE_SIZE_DEFAULT


class Registration(Model):
    first_name: str
    middle_name: str = ""
    last_name: str
    username: str | None = None
    """None: use the suggestion (firstname.lastname, a number added when taken)."""
    password: str
    email: str
    role: Role
    institution: str = ""
    programme: str = ""
    year_started: int | None = None
    year_graduated: int | None = None
    accept_guidelines: bool = False


class Session(Model):
    token: str = Field(repr=False)
    """Never in a repr: tracebacks that show local variables must not show it."""
    username: str
    expires_at: datetime


class Dashboard(Model):
    """Everything the dashboard shows, in one call so the first screen needs one round trip."""

    me: Member
    unread_notifications: int
    sectors: list[SectorCount]
    relationships: list[Relationship]
    incoming: list[MentoringRequest]
    outgoing: list[MentoringRequest]
    suggestions: list[Suggestion]


Member.model_rebuild()
