"""The one protocol the TUI and the command line talk to.

A Backend is one member's session with one network. ``LocalBackend`` runs the service
in this process on an SQLite file; a remote backend speaks the server's HTTP API. The
faces never know which one they have, and the contract tests run against both.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from mentor_tui.domain.enums import RelationshipState, ReportState, RequestState, Role

if TYPE_CHECKING:  # the models load with the first answer, not at start-up
    from mentor_tui.domain.models import (
        Actor,
        Dashboard,
        Education,
        Member,
        MentorCard,
        MentoringRequest,
        Message,
        Notification,
        NotificationSummary,
        Objective,
        Page,
        Position,
        Registration,
        Relationship,
        Report,
        SearchQuery,
        SectorCount,
        Session,
        Stats,
        Suggestion,
        Thread,
    )

WATCH_INTERVAL = 2.0
"""Seconds between two looks at the unread count when a backend has no live events."""


class Backend(ABC):
    """One member's session with one network. Every method may raise a MentorError."""

    session: Session | None = None

    @property
    def where(self) -> str:
        """A short description of the network: a file path or a server URL."""
        return ""

    async def has_members(self) -> bool:
        """Whether anyone has an account yet (an empty network can't verify anyone: the
        sign-in screen then says how to set it up). A server's network always has its office."""
        return True

    # -- accounts and sessions ----------------------------------------------------
    @abstractmethod
    async def suggest_username(self, first_name: str, last_name: str) -> str: ...
    @abstractmethod
    async def register(self, registration: Registration) -> Member: ...
    @abstractmethod
    async def login(self, username: str, password: str) -> Session: ...
    @abstractmethod
    async def resume(self, session: Session) -> Actor:
        """Adopt a stored session; raises NotSignedIn if it has ended."""

    @abstractmethod
    async def logout(self) -> None: ...
    @abstractmethod
    async def whoami(self) -> Actor: ...
    @abstractmethod
    async def change_password(self, old: str, new: str) -> Session: ...
    @abstractmethod
    async def export_account(self) -> dict[str, Any]: ...
    @abstractmethod
    async def delete_account(self, password: str) -> None: ...

    # -- profiles -----------------------------------------------------------------
    @abstractmethod
    async def me(self) -> Member: ...
    @abstractmethod
    async def get_member(self, who: str | int) -> Member: ...
    @abstractmethod
    async def update_profile(self, changes: dict[str, Any]) -> Member: ...
    @abstractmethod
    async def set_positions(self, items: list[Position]) -> Member: ...
    @abstractmethod
    async def set_education(self, items: list[Education]) -> Member: ...
    @abstractmethod
    async def import_linkedin(self, files: dict[str, str]) -> Member: ...
    @abstractmethod
    async def confirm_profile(self) -> Member: ...
    @abstractmethod
    async def update_mentor(
        self,
        *,
        sectors: list[str] | None = None,
        job_title: str | None = None,
        employer: str | None = None,
        help_areas: list[str] | None = None,
        activities: list[str] | None = None,
        max_mentees: int | None = None,
    ) -> Member: ...
    @abstractmethod
    async def activate_mentor(self) -> Member: ...
    @abstractmethod
    async def pause_mentor(self) -> Member: ...

    # -- finding mentors ----------------------------------------------------------
    @abstractmethod
    async def search_mentors(self, query: SearchQuery) -> Page[MentorCard]: ...
    @abstractmethod
    async def sector_cloud(self) -> list[SectorCount]: ...
    @abstractmethod
    async def suggest_mentors(self, limit: int = 5) -> list[Suggestion]: ...
    @abstractmethod
    async def dashboard(self) -> Dashboard: ...

    # -- requests and relationships ------------------------------------------------
    @abstractmethod
    async def send_request(
        self,
        mentor: str | int,
        message: str,
        goals: str = "",
        activities: list[str] | None = None,
        idempotency_key: str | None = None,
    ) -> MentoringRequest: ...
    @abstractmethod
    async def list_requests(
        self,
        direction: str | None = None,
        state: RequestState | None = None,
        page: int = 1,
        page_size: int = 20,
    ) -> Page[MentoringRequest]: ...
    @abstractmethod
    async def get_request(self, request_id: int) -> MentoringRequest: ...
    @abstractmethod
    async def accept_request(self, request_id: int, message: str = "") -> Relationship: ...
    @abstractmethod
    async def decline_request(self, request_id: int, message: str = "") -> MentoringRequest: ...
    @abstractmethod
    async def retract_request(self, request_id: int) -> MentoringRequest: ...
    @abstractmethod
    async def list_relationships(
        self, state: RelationshipState | None = None, page: int = 1, page_size: int = 50
    ) -> Page[Relationship]: ...
    @abstractmethod
    async def get_relationship(self, relationship_id: int) -> Relationship: ...
    @abstractmethod
    async def finish_relationship(
        self, relationship_id: int, note: str = "", feedback: int | None = None
    ) -> Relationship: ...
    @abstractmethod
    async def set_rhythm(self, relationship_id: int, days: int) -> Relationship: ...
    @abstractmethod
    async def add_objective(self, relationship_id: int, text: str) -> Objective: ...
    @abstractmethod
    async def edit_objective(self, objective_id: int, text: str) -> Objective: ...
    @abstractmethod
    async def set_objective_done(self, objective_id: int, done: bool = True) -> Objective: ...

    # -- messages and notifications ------------------------------------------------
    @abstractmethod
    async def get_thread(self, thread_id: int) -> Thread: ...
    @abstractmethod
    async def send_message(
        self, thread_id: int, body: str, idempotency_key: str | None = None
    ) -> Message: ...
    @abstractmethod
    async def report_message(self, message_id: int, reason: str) -> Report: ...
    @abstractmethod
    async def list_notifications(
        self, unread_only: bool = False, page: int = 1, page_size: int = 20
    ) -> Page[Notification]: ...
    @abstractmethod
    async def unread_count(self) -> int: ...
    @abstractmethod
    async def mark_notifications_read(self, notification_id: int | None = None) -> int: ...

    async def notification_summary(self) -> NotificationSummary:
        """The unread count and the newest notification's id (what a live badge shows)."""
        unread = await self.unread_count()
        newest = await self.list_notifications(page=1, page_size=1)
        from mentor_tui.domain.models import NotificationSummary

        return NotificationSummary(
            unread=unread, latest_id=newest.items[0].id if newest.items else None
        )

    async def watch_notifications(
        self, interval: float = WATCH_INTERVAL
    ) -> AsyncIterator[NotificationSummary]:
        """Yield the summary at once, then each time it changes, for as long as it is iterated.

        This default looks every ``interval`` seconds; the remote backend overrides it with
        the server's live event stream. The iteration ends with ``NotSignedIn`` when the
        session ends; run it in a worker and cancel the worker to stop watching.
        """
        last: NotificationSummary | None = None
        while True:
            summary = await self.notification_summary()
            if summary != last:
                last = summary
                yield summary
            await asyncio.sleep(interval)

    # -- the programme office ----------------------------------------------------------
    @abstractmethod
    async def verification_queue(self, page: int = 1, page_size: int = 20) -> Page[Member]: ...
    @abstractmethod
    async def verify_member(self, username: str) -> Member: ...
    @abstractmethod
    async def reject_member(self, username: str, reason: str = "") -> Member: ...
    @abstractmethod
    async def rename_member(self, username: str, new_username: str) -> Member: ...
    @abstractmethod
    async def set_role(self, username: str, role: Role) -> Member: ...
    @abstractmethod
    async def suspend_member(self, username: str) -> Member: ...
    @abstractmethod
    async def list_reports(
        self, state: ReportState | None = ReportState.OPEN, page: int = 1, page_size: int = 20
    ) -> Page[Report]: ...
    @abstractmethod
    async def remove_message(self, message_id: int) -> Report | None: ...
    @abstractmethod
    async def dismiss_report(self, report_id: int) -> Report: ...
    @abstractmethod
    async def stats(self) -> Stats: ...

    async def close(self) -> None:  # noqa: B027 - optional hook, most backends need nothing
        """Release connections; the session itself stays valid."""
