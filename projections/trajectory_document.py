"""The one JSON shape of a trajectory (``trajectory_document``, documented in docs/api.md)
and the rows it is built from. The trajectory view stores exactly these rows; a state in the
past (an auditor's as-of read) runs the aggregate as it was then through the same functions,
so every reader gets the same keys for the same facts.

Coverage comes from ``Trajectory.coverage`` (the same code rule 1 uses).
"""

from __future__ import annotations

import json
from datetime import datetime
from operator import itemgetter
from typing import Any
from uuid import UUID

import orjson

from ledger import (
    CoverageKind,
    Ledger,
    NotFoundError,
    QualificationVersion,
    TimeAxis,
    Trajectory,
    agreements,
    to_json_value,
)
from projections.tracking import Row

COVERAGE_COLUMNS = ("required", "covered", "progress", "workplace_share")


def _first_fact_time(trajectory: Trajectory, event_type: str) -> str | None:
    facts = trajectory.counting_facts(event_type)
    return facts[0].occurred_at.isoformat() if facts else None


# Fact types ``bases_from`` reads (rule 1's inputs); every other fact is invisible to coverage.


def coverage_rows(
    trajectory: Trajectory, qualification: QualificationVersion
) -> tuple[Row, list[Row]]:
    """The trajectory row's coverage columns and the per-competence rows, from
    ``Trajectory.coverage`` (rule 1's judgement)."""
    tid = str(trajectory.id)
    coverage = trajectory.coverage(qualification)
    competences, assessed, at_workplace = [], 0, 0
    for ordinal, item in enumerate(coverage.competences):
        kinds = {b.kind for b in item.covered_by}
        recognised = any(
            b.kind is CoverageKind.EXEMPTION
            and trajectory.facts[b.event_id].fields.get("basis") == "recognition_decision"
            for b in item.covered_by
        )
        if CoverageKind.ASSESSMENT in kinds:
            assessed += 1
            at_workplace += any(b.setting == "workplace" for b in item.covered_by)
        competences.append(
            {
                "trajectory_id": tid,
                "ordinal": ordinal,
                "competence_code": item.competence.code,
                "title": item.competence.title,
                "workplace_required": item.competence.workplace_required,
                "covered": item.covered,
                "by_assessment": CoverageKind.ASSESSMENT in kinds,
                "by_module": CoverageKind.MODULE in kinds,
                "by_exemption": CoverageKind.EXEMPTION in kinds,
                "by_recognition": recognised,
                "covered_by": orjson.dumps(
                    [{"kind": b.kind.value, "event_id": b.event_id} for b in item.covered_by]
                ).decode(),
            }
        )
    summary = {
        "required": len(coverage.competences),
        "covered": len(coverage.competences) - len(coverage.missing),
        "progress": coverage.progress,
        "workplace_share": at_workplace / assessed if assessed else None,
    }
    return summary, competences


def trajectory_row(
    trajectory: Trajectory, qualification: QualificationVersion, coverage: Row
) -> Row:
    """The trajectory row, its coverage columns taken from ``coverage``."""
    opened = next(iter(trajectory.facts.values()))
    closed = [f for f in trajectory.facts.values() if f.event_type == "TrajectoryClosed"]
    awards = [
        {"type": f.event_type, "event_id": f.event_id, **to_json_value(f.fields)}
        for f in trajectory.active_awards()
    ]
    return {
        "trajectory_id": str(trajectory.id),
        "learner_id": str(trajectory.learner_id),
        "pathway": trajectory.pathway.value,
        "status": trajectory.status.value,
        "outcome": trajectory.outcome.value if trajectory.outcome else None,
        "lead_provider": str(trajectory.lead_provider),
        "qualification_code": trajectory.qualification_code,
        "qualification_version": trajectory.qualification_version,
        "qualification_title_nl": qualification.title_nl,
        "qualification_title_en": qualification.title_en,
        "vks_level": qualification.vks_level,
        "partners": orjson.dumps(sorted(str(p) for p in trajectory.partners)).decode(),
        "awards": orjson.dumps(awards).decode(),
        **{column: coverage[column] for column in COVERAGE_COLUMNS},
        "opened_at": opened.occurred_at.isoformat(),
        "qualified_at": _first_fact_time(trajectory, "QualificationAwarded"),
        "closed_at": closed[-1].occurred_at.isoformat() if closed else None,
        "version": trajectory.version,
    }


def badge_rows(trajectory: Trajectory) -> list[Row]:
    tid = str(trajectory.id)
    return [
        {
            "trajectory_id": tid,
            "badge_id": b.badge_id,
            "achievement_kind": b.kind,
            "achievement_code": b.achievement_code,
            "status": b.status,
        }
        for b in trajectory.badges.values()
    ]


def agreement_rows(trajectory: Trajectory) -> list[Row]:
    """The trajectory's counting learning agreements with their actual last day (an early
    end shortens them): which workplace may read it when, and whose mentor assesses."""
    tid = str(trajectory.id)
    mentors = {
        f.fields["agreement_id"]: str(f.fields.get("mentor_id") or "")
        for f in trajectory.counting_facts("LearningAgreementSigned")
    }
    return [
        {
            "trajectory_id": tid,
            "agreement_id": a.agreement_id,
            "workplace_id": str(a.workplace_id),
            "mentor_id": mentors.get(a.agreement_id, ""),
            "starts_on": a.starts_on.isoformat(),
            "last_day": a.last_day.isoformat() if a.last_day else None,
        }
        for a in agreements(trajectory.facts.values())
    ]


def trajectory_rows(
    trajectory: Trajectory, qualification: QualificationVersion
) -> tuple[Row, list[Row], list[Row]]:
    """The view's rows for one trajectory, derived from the aggregate and its coverage."""
    coverage, competences = coverage_rows(trajectory, qualification)
    return trajectory_row(trajectory, qualification, coverage), competences, badge_rows(trajectory)


def trajectory_document(row: Row, competences: list[Row], badges: list[Row]) -> dict[str, Any]:
    """The one JSON shape of a trajectory (docs/api.md), from its view rows."""
    return {
        "trajectory_id": row["trajectory_id"],
        "version": row["version"],
        "learner_id": row["learner_id"],
        "pathway": row["pathway"],
        "qualification": {
            "code": row["qualification_code"],
            "version": row["qualification_version"],
            "title_nl": row["qualification_title_nl"],
            "title_en": row["qualification_title_en"],
            "vks_level": row["vks_level"],
        },
        "lead_provider": row["lead_provider"],
        "partners": json.loads(row["partners"]),
        "status": row["status"],
        "outcome": row["outcome"],
        "opened_at": row["opened_at"],
        "qualified_at": row["qualified_at"],
        "closed_at": row["closed_at"],
        "progress": round(row["progress"], 4),
        "required": row["required"],
        "covered": row["covered"],
        "workplace_share": row["workplace_share"],
        "competences": [
            {
                "code": c["competence_code"],
                "title": c["title"],
                "workplace_required": bool(c["workplace_required"]),
                "covered": bool(c["covered"]),
                "covered_by": json.loads(c["covered_by"]),
            }
            for c in sorted(competences, key=itemgetter("ordinal"))
        ],
        "missing": [
            c["competence_code"]
            for c in sorted(competences, key=itemgetter("ordinal"))
            if not c["covered"]
        ],
        "awards": json.loads(row["awards"]),
        "badges": [
            {
                "badge_id": b["badge_id"],
                "achievement_kind": b["achievement_kind"],
                "achievement_code": b["achievement_code"],
                "status": b["status"],
            }
            for b in sorted(badges, key=itemgetter("badge_id"))
        ],
    }


def document_of(trajectory: Trajectory, qualification: QualificationVersion) -> dict[str, Any]:
    """The trajectory's document straight from its aggregate (a past state, or one the view
    has not reached yet), through the same rows the view stores."""
    return trajectory_document(*trajectory_rows(trajectory, qualification))


def document_as_of(
    ledger: Ledger, trajectory_id: UUID, moment: datetime | None, axis: TimeAxis
) -> tuple[list[Trajectory.Event], dict[str, Any] | None]:
    """The events that make up the trajectory at ``moment`` on ``axis`` (None: now) and its
    document then; no events and None before it opened."""
    if moment is None:
        events = ledger.history(trajectory_id)
        state = ledger.trajectory(trajectory_id)
    else:
        events = ledger.history_as_of(trajectory_id, moment, axis)
        try:
            state = ledger.trajectory_as_of(trajectory_id, moment, axis)
        except NotFoundError:
            return [], None
    return events, document_of(state, ledger.pinned_qualification(state))
