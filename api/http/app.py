"""The FastAPI application factory: the composition root of the HTTP side."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api import pages
from api.bootstrap import build_ledger, utc_now
from api.http import problems
from api.http.limits import BodySizeLimit
from api.http.routers import admin, audit, integrity, learner, oauth, ob, public, trajectories
from api.services import Services
from api.settings import Settings
from ledger import Ledger


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    parked: int | None = None
    """Events parked by followers that could not process them (auditors: /v1/audit/parked)."""
    parked_by_follower: dict[str, int] = {}
    store: Literal["unavailable"] | None = None
    """Set when the store does not answer."""


def create_app(
    settings: Settings | None = None,
    ledger: Ledger | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="Leerspoor",
        version="0.1.0",
        description="Event-sourced ledger of learning trajectories with signed Open Badges 3.0.",
    )
    app.state.settings = settings
    app.state.ledger = ledger or build_ledger(settings.database_url)
    services = Services(settings, app.state.ledger, clock)
    app.state.services = services
    app.state.tokens = services.tokens
    app.state.trust = services.trust
    services.refresh()
    problems.install(app)

    async def on_ob_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ob.ObError)
        return ob.status_info(error)

    app.add_exception_handler(ob.ObError, on_ob_error)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)

    @app.get("/health", tags=["public"], response_model_exclude_none=True)
    def health() -> HealthOut:
        """Liveness: always 200 while the process serves. ``status`` is ``degraded`` when a
        follower parked events it could not process (``parked``: how many, per follower
        in ``parked_by_follower``; auditors list them at ``/v1/audit/parked``) or the store
        does not answer."""
        return HealthOut.model_validate(services.health())

    app.include_router(trajectories.router)
    app.include_router(learner.router)
    app.include_router(audit.router)
    app.include_router(public.router)
    app.include_router(ob.router)
    app.include_router(oauth.router)
    app.include_router(pages.router)
    app.include_router(integrity.router)
    app.include_router(admin.router)
    app.state.integrity = services.integrity.trajectory_intact
    return app
