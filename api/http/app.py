"""The FastAPI application factory: the HTTP side of the composition root
(``api.bootstrap.Components`` builds the parts; this assembles the routers around them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import pages
from api.bootstrap import Components
from api.http import docs, problems
from api.http.headers import SecurityHeaders
from api.http.limits import BodyLimits
from api.http.routers import (
    admin,
    admin_catalogue,
    audit,
    catalogue,
    integrity,
    learner,
    learners,
    monitoring,
    oauth,
    ob,
    organisations,
    presentations,
    public,
    trajectories,
    wallet_issuance,
)
from api.http.scopes import Scope, requires
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
        # No form of ours has more than eight fields or one file.
        form_limits={"max_fields": 32, "max_files": 1},
        # Served by api.http.docs, with a Content-Security-Policy that lets them work.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.components = components
    app.state.ledger = components.ledger
    services = components.services
    app.state.services = services
    app.state.tokens = services.tokens
    app.state.trust = services.trust
    app.state.wallets = components.wallets
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

    @app.get(
        "/health",
        tags=["public"],
        dependencies=[requires(Scope.PUBLIC)],
        response_model_exclude_none=True,
    )
    def health() -> HealthOut:
        """Liveness: always 200 while the process serves. ``status`` is ``degraded`` when a
        follower parked events it could not process (``parked``: how many, per follower
        in ``parked_by_follower``; auditors list them at ``/v1/audit/parked``) or the store
        does not answer."""
        return HealthOut.model_validate(services.health())

    routers = (
        trajectories,
        learner,
        learners,
        catalogue,
        organisations,
        audit,
        monitoring,
        public,
        ob,
        oauth,
        integrity,
        admin,
        admin_catalogue,
        docs,
        wallet_issuance,
        presentations,
    )
    mounted: list[tuple[APIRouter, list[Any]]] = [(module.router, []) for module in routers]
    # The pages never import the HTTP side: what each of their routers asks is declared here.
    mounted += [
        (pages.public_router, [requires(Scope.PUBLIC)]),
        (pages.session_router, [requires(Scope.SESSION)]),
    ]
    for router, declared in mounted:
        # A streamed body over the limit: 413 before anything parses it. Per router, not on
        # the app: the app-level limit would answer a declared oversize in plain text before
        # BodyLimits can answer it as a problem.
        app.include_router(router, dependencies=declared, max_body_size=settings.max_body_bytes)
    app.state.integrity = services.integrity.trajectory_intact
    return app
