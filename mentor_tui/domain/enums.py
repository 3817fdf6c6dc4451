"""The states and kinds of the network, and the transitions allowed between states."""

from __future__ import annotations

from enum import StrEnum

from mentor_tui.domain.errors import Conflict


class Role(StrEnum):
    STUDENT = "student"
    ALUMNUS = "alumnus"
    STAFF = "staff"


class AccountState(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class MentorState(StrEnum):
    INACTIVE = "inactive"
    ACTIVE = "active"
    PAUSED = "paused"


class RequestState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    RETRACTED = "retracted"
    EXPIRED = "expired"


class RelationshipState(StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"


class ReportState(StrEnum):
    OPEN = "open"
    REMOVED = "removed"
    DISMISSED = "dismissed"


class NotificationKind(StrEnum):
    REQUEST_RECEIVED = "request_received"
    REQUEST_ACCEPTED = "request_accepted"
    REQUEST_DECLINED = "request_declined"
    REQUEST_RETRACTED = "request_retracted"
    REQUEST_EXPIRED = "request_expired"
    REQUEST_OVERDUE = "request_overdue"
    NEW_MESSAGE = "new_message"
    RELATIONSHIP_FINISHED = "relationship_finished"
    RELATIONSHIP_QUIET = "relationship_quiet"
    OBJECTIVES_MET = "objectives_met"
    ACCOUNT_VERIFIED = "account_verified"
    ACCOUNT_REJECTED = "account_rejected"
    ACCOUNT_SUSPENDED = "account_suspended"
    ROLE_CHANGED = "role_changed"
    USERNAME_CHANGED = "username_changed"
    REPORT_HANDLED = "report_handled"
    PROFILE_CONFIRMATION_DUE = "profile_confirmation_due"


REQUEST_TRANSITIONS: dict[RequestState, frozenset[RequestState]] = {
    RequestState.PENDING: frozenset(
        {RequestState.ACCEPTED, RequestState.DECLINED, RequestState.RETRACTED, RequestState.EXPIRED}
    ),
    RequestState.ACCEPTED: frozenset(),
    RequestState.DECLINED: frozenset(),
    RequestState.RETRACTED: frozenset(),
    RequestState.EXPIRED: frozenset(),
}
"""A request is decided once: only a pending request moves, and it moves to an end state."""

RELATIONSHIP_TRANSITIONS: dict[RelationshipState, frozenset[RelationshipState]] = {
    RelationshipState.ACTIVE: frozenset({RelationshipState.FINISHED}),
    RelationshipState.FINISHED: frozenset(),
}

MENTOR_TRANSITIONS: dict[MentorState, frozenset[MentorState]] = {
    MentorState.INACTIVE: frozenset({MentorState.ACTIVE}),
    MentorState.ACTIVE: frozenset({MentorState.PAUSED}),
    MentorState.PAUSED: frozenset({MentorState.ACTIVE}),
}


def check_request_transition(current: RequestState, new: RequestState) -> None:
    """Raise :class:`Conflict` unless a request may move from ``current`` to ``new``."""
    if new not in REQUEST_TRANSITIONS[current]:
        raise Conflict(f"This request is already {current.value}; it can't be {new.value} now.")


def check_relationship_transition(current: RelationshipState, new: RelationshipState) -> None:
    if new not in RELATIONSHIP_TRANSITIONS[current]:
        raise Conflict(f"This mentoring is already {current.value}.")
