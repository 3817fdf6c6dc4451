"""Finding mentors, requests and their answers, relationships and objectives."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from mentor_tui.domain.enums import RelationshipState, RequestState
from mentor_tui.domain.models import (
    PAGE_SIZE_DEFAULT,
    Dashboard,
    MentorCard,
    MentoringRequest,
    Objective,
    Page,
    Relationship,
    SearchQuery,
    SectorCount,
    Suggestion,
)
from mentor_tui.server.deps import ActorDep, IdempotencyKeyDep, ServiceDep
from mentor_tui.server.schemas import (
    Answer,
    Finish,
    NewRequest,
    ObjectiveDone,
    ObjectiveText,
    Rhythm,
)

router = APIRouter(tags=["mentoring"])


@router.get("/mentors", summary="Search active mentors by text and filters")
def search_mentors(
    service: ServiceDep,
    actor: ActorDep,
    text: str = "",
    sector: Annotated[list[str] | None, Query(description="Repeat for several.")] = None,
    help_area: str | None = None,
    activity: str | None = None,
    programme: str | None = None,
    graduated_from: int | None = None,
    graduated_to: int | None = None,
    country: str | None = None,
    has_room: bool = False,
    page: int = 1,
    page_size: int = PAGE_SIZE_DEFAULT,
) -> Page[MentorCard]:
    query = SearchQuery(
        text=text,
        sectors=sector or [],
        help_area=help_area,
        activity=activity,
        programme=programme,
        graduated_from=graduated_from,
        graduated_to=graduated_to,
        country=country,
        has_room=has_room,
        page=page,
        page_size=page_size,
    )
    return service.search_mentors(actor, query)


@router.get("/sectors", summary="The sector cloud: active mentors per work sector")
def sector_cloud(service: ServiceDep, actor: ActorDep) -> list[SectorCount]:
    return service.sector_cloud(actor)


@router.get("/suggestions", summary="Mentors suggested for you, each with why")
def suggest_mentors(service: ServiceDep, actor: ActorDep, limit: int = 5) -> list[Suggestion]:
    return service.suggest_mentors(actor, limit)


@router.get("/dashboard", summary="Everything the dashboard shows, in one call")
def dashboard(service: ServiceDep, actor: ActorDep) -> Dashboard:
    return service.dashboard(actor)


# -- requests ---------------------------------------------------------------------------


@router.post("/requests", status_code=201, summary="Ask a mentor for mentoring")
def send_request(
    service: ServiceDep,
    actor: ActorDep,
    body: NewRequest,
    idempotency_key: IdempotencyKeyDep = None,
) -> MentoringRequest:
    return service.send_request(
        actor, body.mentor, body.message, body.goals, body.activities, idempotency_key
    )


@router.get("/requests", summary="Your requests (incoming, outgoing or both), newest first")
def list_requests(
    service: ServiceDep,
    actor: ActorDep,
    direction: str | None = None,
    state: RequestState | None = None,
    page: int = 1,
    page_size: int = 20,
) -> Page[MentoringRequest]:
    return service.list_requests(actor, direction, state, page, page_size)


@router.get("/requests/{request_id}", summary="One of your requests")
def get_request(service: ServiceDep, actor: ActorDep, request_id: int) -> MentoringRequest:
    return service.get_request(actor, request_id)


@router.post("/requests/{request_id}/accept", summary="Accept: the mentoring starts")
def accept_request(
    service: ServiceDep, actor: ActorDep, request_id: int, body: Answer | None = None
) -> Relationship:
    return service.accept_request(actor, request_id, body.message if body else "")


@router.post("/requests/{request_id}/decline", summary="Decline (a reason helps)")
def decline_request(
    service: ServiceDep, actor: ActorDep, request_id: int, body: Answer | None = None
) -> MentoringRequest:
    return service.decline_request(actor, request_id, body.message if body else "")


@router.post("/requests/{request_id}/retract", summary="Withdraw your pending request")
def retract_request(service: ServiceDep, actor: ActorDep, request_id: int) -> MentoringRequest:
    return service.retract_request(actor, request_id)


# -- relationships ----------------------------------------------------------------------


@router.get("/relationships", summary="Your mentorings, as mentor and as mentee")
def list_relationships(
    service: ServiceDep,
    actor: ActorDep,
    state: RelationshipState | None = None,
    page: int = 1,
    page_size: int = 50,
) -> Page[Relationship]:
    return service.list_relationships(actor, state, page, page_size)


@router.get("/relationships/{relationship_id}", summary="One of your mentorings")
def get_relationship(service: ServiceDep, actor: ActorDep, relationship_id: int) -> Relationship:
    return service.get_relationship(actor, relationship_id)


@router.post("/relationships/{relationship_id}/finish", summary="Finish mentoring")
def finish_relationship(
    service: ServiceDep, actor: ActorDep, relationship_id: int, body: Finish | None = None
) -> Relationship:
    body = body or Finish()
    return service.finish_relationship(actor, relationship_id, body.note, body.feedback)


@router.put("/relationships/{relationship_id}/rhythm", summary="How often to be in touch")
def set_rhythm(
    service: ServiceDep, actor: ActorDep, relationship_id: int, body: Rhythm
) -> Relationship:
    return service.set_rhythm(actor, relationship_id, body.days)


@router.post(
    "/relationships/{relationship_id}/objectives", status_code=201, summary="Add an objective"
)
def add_objective(
    service: ServiceDep, actor: ActorDep, relationship_id: int, body: ObjectiveText
) -> Objective:
    return service.add_objective(actor, relationship_id, body.text)


@router.patch("/objectives/{objective_id}", summary="Reword an objective")
def edit_objective(
    service: ServiceDep, actor: ActorDep, objective_id: int, body: ObjectiveText
) -> Objective:
    return service.edit_objective(actor, objective_id, body.text)


@router.put("/objectives/{objective_id}/done", summary="Tick an objective off (or not)")
def set_objective_done(
    service: ServiceDep, actor: ActorDep, objective_id: int, body: ObjectiveDone
) -> Objective:
    return service.set_objective_done(actor, objective_id, body.done)
