"""The FastAPI application factory: the composition root of the HTTP side."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import create_engine

from api import problems
from api.bootstrap import build_ledger, utc_now
from api.limits import BodySizeLimit
from api.routers import audit, trajectories
from api.settings import Settings
from api.tokens import TokenStore
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
    )
    app.state.settings = settings
    app.state.ledger = ledger or build_ledger(settings.database_url)
    app.state.tokens = TokenStore(create_engine(settings.database_url), clock)
    problems.install(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)

    @app.get("/health", tags=["public"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(trajectories.router)
    app.include_router(audit.router)
    return app
