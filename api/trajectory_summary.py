"""The JSON shape of one trajectory's current state, shared by the reads that show it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from ledger import Ledger, NotFoundError, QualificationVersion, TimeAxis, Trajectory
from ledger.contracts import to_json_value


def trajectory_summary(
    trajectory: Trajectory, qualification: QualificationVersion
) -> dict[str, Any]:
    coverage = trajectory.coverage(qualification)
    return {
        "id": str(trajectory.id),
        "version": trajectory.version,
        "learner_id": str(trajectory.learner_id),
        "pathway": trajectory.pathway.value,
        "qualification": {
            "code": trajectory.qualification_code,
            "version": trajectory.qualification_version,
            "title_nl": qualification.title_nl,
            "title_en": qualification.title_en,
            "vks_level": qualification.vks_level,
        },
        "lead_provider": str(trajectory.lead_provider),
        "partners": sorted(str(p) for p in trajectory.partners),
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
        "badges": [
            {"badge_id": b.badge_id, "kind": b.kind, "code": b.achievement_code, "status": b.status}
            for b in trajectory.badges.values()
        ],
    }


def summary_as_of(
    ledger: Ledger, trajectory_id: UUID, moment: datetime | None, axis: TimeAxis
) -> tuple[list[Trajectory.Event], dict[str, Any] | None]:
    """The events that make up the trajectory at ``moment`` on ``axis`` (None: now) and its
    summary then; no events and None before it opened."""
    if moment is None:
        events = ledger.history(trajectory_id)
        state = ledger.trajectory(trajectory_id)
    else:
        events = ledger.history_as_of(trajectory_id, moment, axis)
        try:
            state = ledger.trajectory_as_of(trajectory_id, moment, axis)
        except NotFoundError:
            return [], None
    return events, trajectory_summary(state, ledger.pinned_qualification(state))
