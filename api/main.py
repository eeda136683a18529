"""The FastAPI application factory."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import FastAPI, Request

from api import problems
from api.bootstrap import build_ledger
from api.settings import Settings
from ledger import Ledger
from ledger.contracts import to_json_value


def create_app(settings: Settings | None = None, ledger: Ledger | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="Leerspoor", version="0.1.0")
    app.state.ledger = ledger or build_ledger(settings.database_url)
    problems.install(app)

    @app.get("/health", tags=["public"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/trajectories/{trajectory_id}", tags=["trajectories"])
    def read_trajectory(trajectory_id: UUID, request: Request) -> dict[str, Any]:
        ledger: Ledger = request.app.state.ledger
        trajectory = ledger.trajectory(trajectory_id)
        coverage = trajectory.coverage(ledger.pinned_qualification(trajectory))
        return {
            "id": str(trajectory.id),
            "version": trajectory.version,
            "learner_id": str(trajectory.learner_id),
            "pathway": trajectory.pathway.value,
            "qualification": {
                "code": trajectory.qualification_code,
                "version": trajectory.qualification_version,
            },
            "status": trajectory.status.value,
            "outcome": trajectory.outcome.value if trajectory.outcome else None,
            "progress": round(coverage.progress, 4),
            "competences": [
                {
                    "code": c.competence.code,
                    "title": c.competence.title,
                    "workplace_required": c.competence.workplace_required,
                    "covered_by": [
                        {"kind": b.kind.value, "event_id": b.event_id} for b in c.covered_by
                    ],
                }
                for c in coverage.competences
            ],
            "missing": list(coverage.missing),
            "awards": [
                {"type": f.event_type, "event_id": f.event_id, **to_json_value(f.fields)}
                for f in trajectory.active_awards()
            ],
        }

    return app
