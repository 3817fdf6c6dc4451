"""The small bodies of the HTTP API that are not domain models.

Whatever the service takes or hands out as a model (``Registration``, ``SearchQuery``,
``Member``, ``Page[...]``) travels as that model; only the arguments of a call that are
plain values get a body here. Every body forbids unknown fields, so a typo in a client
is a clear 422 rather than a silently ignored value.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from mentor_tui.domain.enums import Role


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Body):
    code: str
    """One of ``mentor_tui.domain.errors.ERROR_TYPES`` (or ``internal``)."""
    message: str
    """One line for the person at the keyboard: what went wrong and what to do."""


class ErrorBody(Body):
    """Every refusal and failure of the API has this shape."""

    error: ErrorDetail


class Health(Body):
    status: str
    version: str
    api: str = "v1"


class UsernameSuggestion(Body):
    username: str


class SignIn(Body):
    username: str
    """The username or the account's e-mail address."""
    password: str


class PasswordChange(Body):
    old: str
    new: str


class PasswordConfirmation(Body):
    password: str


class LinkedInFiles(Body):
    files: dict[str, str]
    """File name in the export (``Profile.csv``, ``Positions.csv``, ``Education.csv``) → text."""


class MentorChanges(Body):
    """Fields of the mentor profile to change; a missing (null) field stays as it is."""

    sectors: list[str] | None = None
    job_title: str | None = None
    employer: str | None = None
    help_areas: list[str] | None = None
    activities: list[str] | None = None
    max_mentees: int | None = None


class NewRequest(Body):
    mentor: str | int
    """The mentor's username, or their member id as a number."""
    message: str
    goals: str = ""
    activities: list[str] | None = None


class Answer(Body):
    message: str = ""


class Finish(Body):
    note: str = ""
    feedback: int | None = None


class Rhythm(Body):
    days: int


class ObjectiveText(Body):
    text: str


class ObjectiveDone(Body):
    done: bool = True


class NewMessage(Body):
    body: str


class NewReport(Body):
    reason: str


class MarkRead(Body):
    notification_id: int | None = None
    """None marks every notification read."""


class MarkedRead(Body):
    marked_read: int


class UnreadCount(Body):
    unread: int


class Rejection(Body):
    reason: str = ""


class Rename(Body):
    new_username: str


class RoleChange(Body):
    role: Role
