"""Personal and mentor profiles: your own, and other members' as you may see them."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body

from mentor_tui.domain.models import Education, Member, Position
from mentor_tui.server.deps import ActorDep, ServiceDep
from mentor_tui.server.schemas import LinkedInFiles, MentorChanges

router = APIRouter(tags=["profiles"])


@router.get("/me", summary="Your own profile, private parts included")
def me(service: ServiceDep, actor: ActorDep) -> Member:
    return service.me(actor)


@router.patch("/me", summary="Change fields of your personal profile")
def update_profile(
    service: ServiceDep,
    actor: ActorDep,
    changes: dict[str, Any] = Body(  # noqa: B008 - FastAPI's way to declare a free-form body
        description='Field → new value, e.g. {"headline": "...", "show_email": true}.'
    ),
) -> Member:
    return service.update_profile(actor, changes)


@router.put("/me/positions", summary="Replace your professional history")
def set_positions(service: ServiceDep, actor: ActorDep, items: list[Position]) -> Member:
    return service.set_positions(actor, items)


@router.put("/me/education", summary="Replace your education")
def set_education(service: ServiceDep, actor: ActorDep, items: list[Education]) -> Member:
    return service.set_education(actor, items)


@router.post("/me/linkedin-import", summary="Fill your profile from a LinkedIn data export")
def import_linkedin(service: ServiceDep, actor: ActorDep, body: LinkedInFiles) -> Member:
    return service.import_linkedin(actor, body.files)


@router.post("/me/confirmation", summary="Confirm that your profile is up to date")
def confirm_profile(service: ServiceDep, actor: ActorDep) -> Member:
    return service.confirm_profile(actor)


@router.patch("/me/mentor", summary="Change your mentor profile (alumni only)")
def update_mentor(service: ServiceDep, actor: ActorDep, body: MentorChanges) -> Member:
    return service.update_mentor(
        actor,
        sectors=body.sectors,
        job_title=body.job_title,
        employer=body.employer,
        help_areas=body.help_areas,
        activities=body.activities,
        max_mentees=body.max_mentees,
    )


@router.post("/me/mentor/activate", summary="Start or resume mentoring")
def activate_mentor(service: ServiceDep, actor: ActorDep) -> Member:
    return service.activate_mentor(actor)


@router.post("/me/mentor/pause", summary="Pause mentoring: hidden, no new requests")
def pause_mentor(service: ServiceDep, actor: ActorDep) -> Member:
    return service.pause_mentor(actor)


@router.get("/members/{who}", summary="A member's profile, by username (or id)")
def get_member(
    service: ServiceDep, actor: ActorDep, who: str, by: Literal["any", "id"] = "any"
) -> Member:
    """``by=id`` reads ``who`` as a member id only; otherwise as an id or a username."""
    if by == "id" and who.isdigit():
        return service.get_member(actor, int(who))
    return service.get_member(actor, who)
