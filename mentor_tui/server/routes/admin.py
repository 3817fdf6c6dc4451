"""The programme office: verification and report queues, member changes, figures.

Every route here depends on ``AdminDep``, which refuses a non-admin with 403 before the
route runs; the service checks the same again.
"""

from __future__ import annotations

from fastapi import APIRouter

from mentor_tui.domain.enums import ReportState
from mentor_tui.domain.errors import Invalid
from mentor_tui.domain.models import Member, Page, Report, Stats
from mentor_tui.server.deps import AdminDep, ServiceDep
from mentor_tui.server.schemas import Rejection, Rename, RoleChange

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/verification-queue", summary="Accounts waiting for verification")
def verification_queue(
    service: ServiceDep, actor: AdminDep, page: int = 1, page_size: int = 20
) -> Page[Member]:
    return service.verification_queue(actor, page, page_size)


@router.post("/members/{username}/verify", summary="Verify (or reinstate) a member")
def verify_member(service: ServiceDep, actor: AdminDep, username: str) -> Member:
    return service.verify_member(actor, username)


@router.post("/members/{username}/reject", summary="Reject a pending account")
def reject_member(
    service: ServiceDep, actor: AdminDep, username: str, body: Rejection | None = None
) -> Member:
    return service.reject_member(actor, username, body.reason if body else "")


@router.post("/members/{username}/rename", summary="Change a member's username")
def rename_member(service: ServiceDep, actor: AdminDep, username: str, body: Rename) -> Member:
    return service.rename_member(actor, username, body.new_username)


@router.put("/members/{username}/role", summary="Change a member's role")
def set_role(service: ServiceDep, actor: AdminDep, username: str, body: RoleChange) -> Member:
    return service.set_role(actor, username, body.role)


@router.post("/members/{username}/suspend", summary="Suspend a member")
def suspend_member(service: ServiceDep, actor: AdminDep, username: str) -> Member:
    return service.suspend_member(actor, username)


@router.get("/reports", summary="The report queue (state=all for every report)")
def list_reports(
    service: ServiceDep,
    actor: AdminDep,
    state: str = ReportState.OPEN.value,
    page: int = 1,
    page_size: int = 20,
) -> Page[Report]:
    if state == "all":
        wanted = None
    else:
        try:
            wanted = ReportState(state)
        except ValueError:
            choices = ", ".join([*(s.value for s in ReportState), "all"])
            raise Invalid(f"Report state is one of {choices}; not '{state}'.") from None
    return service.list_reports(actor, wanted, page, page_size)


@router.post("/messages/{message_id}/remove", summary="Remove a message (moderation)")
def remove_message(service: ServiceDep, actor: AdminDep, message_id: int) -> Report | None:
    return service.remove_message(actor, message_id)


@router.post("/reports/{report_id}/dismiss", summary="Dismiss a report; the message stays")
def dismiss_report(service: ServiceDep, actor: AdminDep, report_id: int) -> Report:
    return service.dismiss_report(actor, report_id)


@router.get("/stats", summary="Programme figures")
def stats(service: ServiceDep, actor: AdminDep) -> Stats:
    return service.stats(actor)
