"""The API's routes, one module per part of the network; each route is one service call."""

from __future__ import annotations

from fastapi import APIRouter

from mentor_tui.server.routes import accounts, admin, mentoring, messages, profiles


def api_router() -> APIRouter:
    router = APIRouter()
    for module in (accounts, profiles, mentoring, messages, admin):
        router.include_router(module.router)
    return router
