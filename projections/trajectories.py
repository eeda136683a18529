"""The trajectory view: status, pathway, pinned qualification, each required competence with
what covers it (or that it is missing), progress, workplace share and badges.

Coverage comes from ``Trajectory.coverage`` (the same code rule 1 uses), applied to the
ledger's own aggregate, so the view and the award rule can never disagree.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from functools import cache, singledispatchmethod
from typing import Any, ClassVar
from uuid import UUID

import orjson
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy import Boolean, Column, Float, Integer, String, Table, select
from sqlalchemy.engine import Engine

from ledger import CoverageKind, QualificationVersion, Trajectory
from projections.aggregates import TrajectoryStates
from projections.topics import trajectory_topics
from projections.tracking import ROW_CACHE_SIZE, Row, SQLView, metadata

trajectory_table = Table(
    "rm_trajectory",
    metadata,
    Column("trajectory_id", String, primary_key=True),
    Column("learner_id", String, nullable=False, index=True),
    Column("pathway", String, nullable=False),
    Column("status", String, nullable=False),
    Column("outcome", String),
    Column("lead_provider", String, nullable=False, index=True),
    Column("qualification_code", String, nullable=False),
    Column("qualification_version", Integer, nullable=False),
    Column("required", Integer, nullable=False),
    Column("covered", Integer, nullable=False),
    Column("progress", Float, nullable=False),
    Column("workplace_share", Float),
    Column("opened_at", String, nullable=False),
    Column("qualified_at", String),
    Column("closed_at", String),
    Column("version", Integer, nullable=False),
)

competence_table = Table(
    "rm_trajectory_competence",
    metadata,
    Column("trajectory_id", String, primary_key=True),
    Column("ordinal", Integer, primary_key=True),
    Column("competence_code", String, nullable=False),
    Column("covered", Boolean, nullable=False),
    Column("by_assessment", Boolean, nullable=False),
    Column("by_module", Boolean, nullable=False),
    Column("by_exemption", Boolean, nullable=False),
    Column("by_recognition", Boolean, nullable=False),
    Column("covered_by", String, nullable=False),
)

badge_table = Table(
    "rm_trajectory_badge",
    metadata,
    Column("trajectory_id", String, primary_key=True),
    Column("badge_id", String, primary_key=True),
    Column("achievement_kind", String, nullable=False),
    Column("achievement_code", String, nullable=False),
    Column("status", String, nullable=False),
)


def _first_fact_time(trajectory: Trajectory, event_type: str) -> str | None:
    facts = trajectory.counting_facts(event_type)
    return facts[0].occurred_at.isoformat() if facts else None


# Fact types ``bases_from`` reads (rule 1's inputs); every other fact is invisible to coverage.
BASIS_FACTS = frozenset(
    {"CompetenceAssessed", "ModuleCompleted", "ExemptionGranted", "RecognitionDecided"}
)
# Events whose own ``apply`` changes only status, outcome, lead provider or badges.
STATUS_ONLY = frozenset(
    {
        Trajectory.TrajectoryPaused,
        Trajectory.TrajectoryResumed,
        Trajectory.TrajectoryClosed,
        Trajectory.LearnerHandedOver,
        Trajectory.BadgeIssued,
        Trajectory.BadgeRevoked,
        Trajectory.BadgeSuspended,
        Trajectory.BadgeReinstated,
    }
)
COVERAGE_COLUMNS = ("required", "covered", "progress", "workplace_share")


@cache
def can_change_coverage(event_class: type[Trajectory.Event]) -> bool:
    """Whether applying an event of this class can change the trajectory's coverage: it
    opens the trajectory, records a basis fact, or its ``apply`` does more than record its
    own fact (a correction, a retraction, a new pinned qualification, or any override not
    known to be status-only)."""
    if issubclass(event_class, Aggregate.Created) or event_class.__name__ in BASIS_FACTS:
        return True
    return event_class.apply is not Trajectory.Event.apply and event_class not in STATUS_ONLY


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


def trajectory_row(trajectory: Trajectory, coverage: Row) -> Row:
    """The trajectory row, its coverage columns taken from ``coverage``."""
    opened = next(iter(trajectory.facts.values()))
    closed = [f for f in trajectory.facts.values() if f.event_type == "TrajectoryClosed"]
    return {
        "trajectory_id": str(trajectory.id),
        "learner_id": str(trajectory.learner_id),
        "pathway": trajectory.pathway.value,
        "status": trajectory.status.value,
        "outcome": trajectory.outcome.value if trajectory.outcome else None,
        "lead_provider": str(trajectory.lead_provider),
        "qualification_code": trajectory.qualification_code,
        "qualification_version": trajectory.qualification_version,
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


def trajectory_rows(
    trajectory: Trajectory, qualification: QualificationVersion
) -> tuple[Row, list[Row], list[Row]]:
    """The view's rows for one trajectory, derived from the aggregate and its coverage."""
    coverage, competences = coverage_rows(trajectory, qualification)
    return trajectory_row(trajectory, coverage), competences, badge_rows(trajectory)


class TrajectoryView(SQLView):
    """Read side of one trajectory; rows are recomputed once per trajectory per commit, and
    its coverage only when an event since the last commit can have changed it."""

    tables: ClassVar[tuple[Table, ...]] = (trajectory_table, competence_table, badge_table)

    def __init__(self, engine: Engine, projection_name: str = "trajectories") -> None:
        super().__init__(engine, projection_name)
        # Per trajectory: its state, pinned qualification, and whether coverage may differ
        # from the stored rows.
        self._dirty: dict[UUID, tuple[Trajectory, QualificationVersion, bool]] = {}
        # The badge rows last written per trajectory, so unchanged ones are not rewritten
        # (most events change no badge; a delete and insert per trajectory per commit).
        self._badges: OrderedDict[str, list[Row]] = OrderedDict()

    def record_state(
        self,
        trajectory: Trajectory,
        qualification: QualificationVersion,
        tracking: Tracking,
        *,
        coverage_changed: bool = True,
    ) -> None:
        earlier = self._dirty.get(trajectory.id)
        changed = coverage_changed or (earlier is not None and earlier[2])
        self._dirty[trajectory.id] = (trajectory, qualification, changed)
        self._track(tracking)

    def prepare(self) -> None:
        # Deferred to commit time so a trajectory touched by many events in one batch is
        # judged once, on its final state; its stored coverage is kept when no event since
        # could change it.
        for trajectory, qualification, changed in self._dirty.values():
            tid = str(trajectory.id)
            stored = None if changed else self.row(trajectory_table, tid)
            if stored is None:
                coverage, competences = coverage_rows(trajectory, qualification)
                self.replace_children(competence_table, tid, competences)
            else:
                coverage = stored
            self.put(trajectory_table, trajectory_row(trajectory, coverage))
            badges = badge_rows(trajectory)
            if self._badges.get(tid) != badges:
                self.replace_children(badge_table, tid, badges)
                self._badges[tid] = badges
            self._badges.move_to_end(tid)
            if len(self._badges) > ROW_CACHE_SIZE:
                self._badges.popitem(last=False)
        self._dirty.clear()

    def forget(self) -> None:
        self._dirty.clear()
        self._badges.clear()

    # -- queries ---------------------------------------------------------------------------

    def get(self, trajectory_id: UUID) -> dict[str, Any] | None:
        """The trajectory as the view holds it, or None when it is not (yet) projected."""
        tid = str(trajectory_id)
        with self.engine.connect() as conn:
            found = conn.execute(
                select(trajectory_table).where(trajectory_table.c.trajectory_id == tid)
            ).first()
            if found is None:
                return None
            competences = conn.execute(
                select(competence_table)
                .where(competence_table.c.trajectory_id == tid)
                .order_by(competence_table.c.ordinal)
            ).all()
            badges = conn.execute(
                select(badge_table)
                .where(badge_table.c.trajectory_id == tid)
                .order_by(badge_table.c.badge_id)
            ).all()
        view = dict(found._mapping)
        view["competences"] = [
            {
                "code": c.competence_code,
                "covered": bool(c.covered),
                "covered_by": json.loads(c.covered_by),
            }
            for c in competences
        ]
        view["missing"] = [c.competence_code for c in competences if not c.covered]
        view["badges"] = [
            {k: v for k, v in b._mapping.items() if k != "trajectory_id"} for b in badges
        ]
        view["badges_held"] = [b.badge_id for b in badges if b.status == "active"]
        return view

    def for_learner(self, learner_id: UUID) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(trajectory_table.c.trajectory_id)
                    .where(trajectory_table.c.learner_id == str(learner_id))
                    .order_by(trajectory_table.c.opened_at, trajectory_table.c.trajectory_id)
                ).scalars()
            )


class TrajectoryProjection(Projection[TrajectoryView]):
    """Feeds ``TrajectoryView`` with every trajectory event."""

    name = "trajectories"
    topics = trajectory_topics()

    def __init__(self, view: TrajectoryView, states: TrajectoryStates) -> None:
        super().__init__(view)
        self.states = states
        # A rolled-back batch may have advanced cached aggregates past the stored position.
        view.on_discard.append(states.clear)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)

    @process_event.register
    def _(self, domain_event: Trajectory.Event, tracking: Tracking) -> None:
        trajectory = self.states.apply(domain_event)
        self.view.record_state(
            trajectory,
            self.states.qualification(trajectory),
            tracking,
            coverage_changed=can_change_coverage(type(domain_event)),
        )
