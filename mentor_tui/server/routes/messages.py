"""Threads, messages, reports and notifications (the live stream is in server/events.py)."""

from __future__ import annotations

from fastapi import APIRouter

from mentor_tui.domain.models import (
    Message,
    Notification,
    NotificationSummary,
    Page,
    Report,
    Thread,
)
from mentor_tui.server.deps import ActorDep, IdempotencyKeyDep, ServiceDep
from mentor_tui.server.schemas import MarkedRead, MarkRead, NewMessage, NewReport, UnreadCount

router = APIRouter(tags=["messages"])


@router.get("/threads/{thread_id}", summary="A request's thread; marks it read")
def get_thread(service: ServiceDep, actor: ActorDep, thread_id: int) -> Thread:
    return service.get_thread(actor, thread_id)


@router.post("/threads/{thread_id}/messages", status_code=201, summary="Write in a thread")
def send_message(
    service: ServiceDep,
    actor: ActorDep,
    thread_id: int,
    body: NewMessage,
    idempotency_key: IdempotencyKeyDep = None,
) -> Message:
    return service.send_message(actor, thread_id, body.body, idempotency_key)


@router.post("/messages/{message_id}/reports", status_code=201, summary="Report a message")
def report_message(
    service: ServiceDep, actor: ActorDep, message_id: int, body: NewReport
) -> Report:
    return service.report_message(actor, message_id, body.reason)


@router.get("/notifications", summary="Your notifications, newest first")
def list_notifications(
    service: ServiceDep,
    actor: ActorDep,
    unread_only: bool = False,
    page: int = 1,
    page_size: int = 20,
) -> Page[Notification]:
    return service.list_notifications(actor, unread_only, page, page_size)


@router.get("/notifications/unread-count", summary="How many notifications are unread")
def unread_count(service: ServiceDep, actor: ActorDep) -> UnreadCount:
    return UnreadCount(unread=service.unread_count(actor))


@router.get("/notifications/summary", summary="Unread count and newest notification id")
def notification_summary(service: ServiceDep, actor: ActorDep) -> NotificationSummary:
    return service.notification_summary(actor)


@router.post("/notifications/read", summary="Mark one notification (or all) read")
def mark_notifications_read(
    service: ServiceDep, actor: ActorDep, body: MarkRead | None = None
) -> MarkedRead:
    notification_id = body.notification_id if body else None
    return MarkedRead(marked_read=service.mark_notifications_read(actor, notification_id))
