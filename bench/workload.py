"""The workload the API benchmark and the PostgreSQL acceptance run post: microdegree
trajectories of the test fixture's learner Jana at hogeschool-data
(``tests.reference_data``), and module enrolments on them, in contract form; and a
provider token, made through the composition root."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from api.bootstrap import Components
from api.settings import Settings
from ledger import Actor, Learner, Organisation, Role, Submission

PROVIDER = "hogeschool-data"


def opening(event_id: str | None = None) -> dict[str, Any]:
    """A TrajectoryOpened body (a fresh event id unless one is given)."""
    return {
        "type": "TrajectoryOpened",
        "event_id": event_id or f"bench-open-{uuid4()}",
        "occurred_at": "2026-09-01T09:00:00+02:00",
        "data": {
            "learner_id": str(Learner.id_for("jana")),
            "pathway": "microdegree",
            "qualification_code": "GRAD-DATA",
            "lead_provider": str(Organisation.id_for(PROVIDER)),
            "partners": [],
        },
    }


def enrolment(event_id: str | None = None) -> dict[str, Any]:
    """A ModuleEnrolled body (a fresh event id unless one is given)."""
    return {
        "type": "ModuleEnrolled",
        "event_id": event_id or f"bench-{uuid4()}",
        "occurred_at": "2026-10-01T09:00:00+02:00",
        "data": {"module_code": "MD-SQL"},
    }


def submission(body: dict[str, Any]) -> Submission:
    """A posted body as the ledger takes it in-process."""
    return Submission(
        event_type=str(body["type"]),
        event_id=str(body["event_id"]),
        occurred_at=datetime.fromisoformat(str(body["occurred_at"])),
        fields=dict(body["data"]),
    )


def provider_actor(name: str = "bench") -> Actor:
    return Actor(name, Role.PROVIDER, Organisation.id_for(PROVIDER))


def provider_token(database_url: str) -> str:
    """A provider token for hogeschool-data in the database's token store."""
    parts = Components(Settings(database_url=database_url))
    try:
        issued = parts.tokens.create(Role.PROVIDER, organisation_id=Organisation.id_for(PROVIDER))
    finally:
        parts.close()
    return issued.secret
