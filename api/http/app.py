"""The FastAPI application factory: the HTTP side of the composition root
(``api.bootstrap.Components`` builds the parts; this assembles the routers around them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api import pages
from api.bootstrap import Components
from api.http import problems
from api.http.limits import BodySizeLimit
from api.http.routers import admin, audit, integrity, learner, oauth, ob, public, trajectories
from api.settings import Settings
from ledger import Ledger


def create_app(
    settings: Settings | None = None,
    ledger: Ledger | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The app on ``settings`` (from the environment when None). ``ledger`` shares a ledger
    built elsewhere (tests); ``clock`` replaces the settings' clock for every part."""
    settings = settings or Settings()
    if clock is not None:
        settings = settings.model_copy(update={"clock": clock})
    components = Components(settings, ledger=ledger)
    app = FastAPI(
        title="Leerspoor",
        version="0.1.0",
        description="Event-sourced ledger of learning trajectories with signed Open Badges 3.0.",
    )
    app.state.settings = settings
    app.state.components = components
    app.state.ledger = components.ledger
    services = components.services
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

    @app.get("/health", tags=["public"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

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
