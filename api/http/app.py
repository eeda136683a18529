"""The FastAPI application factory: the composition root of the HTTP side."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import pages
from api.bootstrap import build_ledger, utc_now
from api.http import docs, problems
from api.http.headers import SecurityHeaders
from api.http.limits import BodyLimits
from api.http.routers import admin, audit, integrity, learner, oauth, ob, public, trajectories
from api.http.scopes import Scope, requires
from api.services import Services
from api.settings import Settings
from ledger import Ledger


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
        # No form of ours has more than eight fields or one file.
        form_limits={"max_fields": 32, "max_files": 1},
        # Served by api.http.docs, with a Content-Security-Policy that lets them work.
        docs_url=None,
        redoc_url=None,
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
    app.add_middleware(BodyLimits, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    if settings.forwarded_allow_ips:
        # Outermost, so every layer sees the client's scheme (https: a Secure cookie).
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips)

    @app.get("/health", tags=["public"], dependencies=[requires(Scope.PUBLIC)])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    routers = (trajectories, learner, audit, public, ob, oauth, pages, integrity, admin, docs)
    for module in routers:
        # A streamed body over the limit: 413 before anything parses it. Per router, not on
        # the app: the app-level limit would answer a declared oversize in plain text before
        # BodyLimits can answer it as a problem.
        app.include_router(module.router, max_body_size=settings.max_body_bytes)
    app.state.integrity = services.integrity.trajectory_intact
    return app
