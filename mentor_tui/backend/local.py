"""The embedded backend: the service in this process, on the SQLite file of a data dir."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mentor_tui.backend.base import Backend
from mentor_tui.domain.calendar import utcnow
from mentor_tui.domain.enums import RelationshipState, ReportState, RequestState, Role
from mentor_tui.domain.errors import NotSignedIn
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
from mentor_tui.mail import MailDelivery, embedded_delivery
from mentor_tui.service import MentoringService
from mentor_tui.service.base import Clock
from mentor_tui.store.database import EMBEDDED_CACHE_KIB, Store

R = TypeVar("R")
log = logging.getLogger("mentor_tui.mail")

DUE_WORK_INTERVAL = 60.0
"""Seconds between runs of the clock's work (expiries, reminders) in one process."""


class LocalBackend(Backend):
    """Runs each call of the service in a worker thread, so an event loop never waits."""

    def __init__(
        self,
        service: MentoringService,
        session: Session | None = None,
        mail: MailDelivery | None = None,
    ) -> None:
        self.service = service
        self.session = session
        self.mail = mail
        """Delivers the e-mail the calls queued (the data dir's Maildir): see mentor_tui.mail."""
        self._last_due = -DUE_WORK_INTERVAL

    @classmethod
    def open(cls, data_dir: Path, clock: Clock = utcnow) -> LocalBackend:
        store = Store.open_data_dir(data_dir, cache_kib=EMBEDDED_CACHE_KIB)
        return cls(MentoringService(store, clock), mail=embedded_delivery(store, data_dir))

    @property
    def where(self) -> str:
        return self.service.store.where

    async def _run(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        return await asyncio.to_thread(fn, *args, **kwargs)

    def _actor_now(self) -> Actor:
        if self.session is None:
            raise NotSignedIn("You are not signed in: sign in first (mentor-tui login NAME).")
        if time.monotonic() - self._last_due >= DUE_WORK_INTERVAL:
            self._last_due = time.monotonic()
            self.service.process_due()
        return self.service.authenticate(self.session.token)

    async def _act(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """Call ``fn(actor, ...)`` as the signed-in member, checked afresh on every call."""

        def call() -> R:
            try:
                return fn(self._actor_now(), *args, **kwargs)
            finally:
                self._deliver_mail()

        return await asyncio.to_thread(call)

    def _deliver_mail(self) -> None:
        """Hand what this call queued to the Maildir; mail never fails the call itself."""
        if self.mail is None:
            return
        try:
            self.mail.deliver_due()
        except Exception as error:  # stays queued: the next call delivers it
            log.warning("e-mail delivery failed: %s: %s", type(error).__name__, error)

    async def has_members(self) -> bool:
        return await self._run(self.service.has_members)

    # -- accounts and sessions ----------------------------------------------------
    async def suggest_username(self, first_name: str, last_name: str) -> str:
        return await self._run(self.service.suggest_username, first_name, last_name)

    async def register(self, registration: Registration) -> Member:
        return await self._run(self.service.register, registration)

    async def login(self, username: str, password: str) -> Session:
        self.session = await self._run(self.service.login, username, password)
        return self.session

    async def resume(self, session: Session) -> Actor:
        self.session = session
        try:
            return await self._act(lambda actor: actor)
        except NotSignedIn:
            self.session = None
            raise

    async def logout(self) -> None:
        if self.session is not None:
            await self._run(self.service.logout, self.session.token)
        self.session = None

    async def whoami(self) -> Actor:
        return await self._act(lambda actor: actor)

    async def change_password(self, old: str, new: str) -> Session:
        self.session = await self._act(self.service.change_password, old, new)
        return self.session

    async def export_account(self) -> dict[str, Any]:
        return await self._act(self.service.export_account)

    async def delete_account(self, password: str) -> None:
        await self._act(self.service.delete_account, password)
        self.session = None

    # -- profiles -----------------------------------------------------------------
    async def me(self) -> Member:
        return await self._act(self.service.me)

    async def get_member(self, who: str | int) -> Member:
        return await self._act(self.service.get_member, who)

    async def update_profile(self, changes: dict[str, Any]) -> Member:
        return await self._act(self.service.update_profile, changes)

    async def set_positions(self, items: list[Position]) -> Member:
        return await self._act(self.service.set_positions, items)

    async def set_education(self, items: list[Education]) -> Member:
        return await self._act(self.service.set_education, items)

    async def import_linkedin(self, files: dict[str, str]) -> Member:
        return await self._act(self.service.import_linkedin, files)

    async def confirm_profile(self) -> Member:
        return await self._act(self.service.confirm_profile)

    async def update_mentor(
        self,
        *,
        sectors: list[str] | None = None,
        job_title: str | None = None,
        employer: str | None = None,
        help_areas: list[str] | None = None,
        activities: list[str] | None = None,
        max_mentees: int | None = None,
    ) -> Member:
        return await self._act(
            self.service.update_mentor,
            sectors=sectors,
            job_title=job_title,
            employer=employer,
            help_areas=help_areas,
            activities=activities,
            max_mentees=max_mentees,
        )

    async def activate_mentor(self) -> Member:
        return await self._act(self.service.activate_mentor)

    async def pause_mentor(self) -> Member:
        return await self._act(self.service.pause_mentor)

    # -- finding mentors ----------------------------------------------------------
    async def search_mentors(self, query: SearchQuery) -> Page[MentorCard]:
        return await self._act(self.service.search_mentors, query)

    async def sector_cloud(self) -> list[SectorCount]:
        return await self._act(self.service.sector_cloud)

    async def suggest_mentors(self, limit: int = 5) -> list[Suggestion]:
        return await self._act(self.service.suggest_mentors, limit)

    async def dashboard(self) -> Dashboard:
        return await self._act(self.service.dashboard)

    # -- requests and relationships ------------------------------------------------
    async def send_request(
        self,
        mentor: str | int,
        message: str,
        goals: str = "",
        activities: list[str] | None = None,
        idempotency_key: str | None = None,
    ) -> MentoringRequest:
        return await self._act(
            self.service.send_request, mentor, message, goals, activities, idempotency_key
        )

    async def list_requests(
        self,
        direction: str | None = None,
        state: RequestState | None = None,
        page: int = 1,
        page_size: int = 20,
    ) -> Page[MentoringRequest]:
        return await self._act(self.service.list_requests, direction, state, page, page_size)

    async def get_request(self, request_id: int) -> MentoringRequest:
        return await self._act(self.service.get_request, request_id)

    async def accept_request(self, request_id: int, message: str = "") -> Relationship:
        return await self._act(self.service.accept_request, request_id, message)

    async def decline_request(self, request_id: int, message: str = "") -> MentoringRequest:
        return await self._act(self.service.decline_request, request_id, message)

    async def retract_request(self, request_id: int) -> MentoringRequest:
        return await self._act(self.service.retract_request, request_id)

    async def list_relationships(
        self, state: RelationshipState | None = None, page: int = 1, page_size: int = 50
    ) -> Page[Relationship]:
        return await self._act(self.service.list_relationships, state, page, page_size)

    async def get_relationship(self, relationship_id: int) -> Relationship:
        return await self._act(self.service.get_relationship, relationship_id)

    async def finish_relationship(
        self, relationship_id: int, note: str = "", feedback: int | None = None
    ) -> Relationship:
        return await self._act(self.service.finish_relationship, relationship_id, note, feedback)

    async def set_rhythm(self, relationship_id: int, days: int) -> Relationship:
        return await self._act(self.service.set_rhythm, relationship_id, days)

    async def add_objective(self, relationship_id: int, text: str) -> Objective:
        return await self._act(self.service.add_objective, relationship_id, text)

    async def edit_objective(self, objective_id: int, text: str) -> Objective:
        return await self._act(self.service.edit_objective, objective_id, text)

    async def set_objective_done(self, objective_id: int, done: bool = True) -> Objective:
        return await self._act(self.service.set_objective_done, objective_id, done)

    # -- messages and notifications ------------------------------------------------
    async def get_thread(self, thread_id: int) -> Thread:
        return await self._act(self.service.get_thread, thread_id)

    async def send_message(
        self, thread_id: int, body: str, idempotency_key: str | None = None
    ) -> Message:
        return await self._act(self.service.send_message, thread_id, body, idempotency_key)

    async def report_message(self, message_id: int, reason: str) -> Report:
        return await self._act(self.service.report_message, message_id, reason)

    async def list_notifications(
        self, unread_only: bool = False, page: int = 1, page_size: int = 20
    ) -> Page[Notification]:
        return await self._act(self.service.list_notifications, unread_only, page, page_size)

    async def unread_count(self) -> int:
        return await self._act(self.service.unread_count)

    async def mark_notifications_read(self, notification_id: int | None = None) -> int:
        return await self._act(self.service.mark_notifications_read, notification_id)

    async def notification_summary(self) -> NotificationSummary:
        return await self._act(self.service.notification_summary)

    # -- the programme office ----------------------------------------------------------
    async def verification_queue(self, page: int = 1, page_size: int = 20) -> Page[Member]:
        return await self._act(self.service.verification_queue, page, page_size)

    async def verify_member(self, username: str) -> Member:
        return await self._act(self.service.verify_member, username)

    async def reject_member(self, username: str, reason: str = "") -> Member:
        return await self._act(self.service.reject_member, username, reason)

    async def rename_member(self, username: str, new_username: str) -> Member:
        return await self._act(self.service.rename_member, username, new_username)

    async def set_role(self, username: str, role: Role) -> Member:
        return await self._act(self.service.set_role, username, role)

    async def suspend_member(self, username: str) -> Member:
        return await self._act(self.service.suspend_member, username)

    async def list_reports(
        self, state: ReportState | None = ReportState.OPEN, page: int = 1, page_size: int = 20
    ) -> Page[Report]:
        return await self._act(self.service.list_reports, state, page, page_size)

    async def remove_message(self, message_id: int) -> Report | None:
        return await self._act(self.service.remove_message, message_id)

    async def dismiss_report(self, report_id: int) -> Report:
        return await self._act(self.service.dismiss_report, report_id)

    async def stats(self) -> Stats:
        return await self._act(self.service.stats)

    async def close(self) -> None:
        await self._run(self.service.store.close)
