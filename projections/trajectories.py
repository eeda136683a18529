"""The trajectory view: status, pathway, pinned qualification, each required competence with
what covers it (or that it is missing), progress, workplace share, awards and badges.

Coverage comes from ``Trajectory.coverage`` (the same code rule 1 uses), applied to the
ledger's own aggregate, so the view and the award rule can never disagree.

The view stores the rows of ``projections.trajectory_document`` and answers with the one
trajectory document every reader gets (docs/api.md).
"""

from __future__ import annotations

from collections import OrderedDict
from functools import cache
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Tracking
from sqlalchemy import Boolean, Column, Float, Integer, String, Table, select
from sqlalchemy.engine import Engine

from ledger import (
    QualificationVersion,
    Trajectory,
)
from projections.read_model import TrajectoryStatesProjection
from projections.tracking import ROW_CACHE_SIZE, Row, SQLView, metadata, rows_of
from projections.trajectory_document import (
    agreement_rows,
    badge_rows,
    coverage_rows,
    document_of,
    trajectory_document,
    trajectory_row,
)

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
    Column("qualification_title_nl", String, nullable=False),
    Column("qualification_title_en", String, nullable=False),
    Column("vks_level", Integer, nullable=False),
    Column("partners", String, nullable=False),  # JSON: organisation ids
    Column("awards", String, nullable=False),  # JSON: the award facts that count
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
    Column("title", String, nullable=False),
    Column("workplace_required", Boolean, nullable=False),
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

agreement_table = Table(
    "rm_trajectory_agreement",
    metadata,
    Column("trajectory_id", String, primary_key=True),
    Column("agreement_id", String, primary_key=True),
    Column("workplace_id", String, nullable=False, index=True),
    Column("mentor_id", String, nullable=False),
    Column("starts_on", String, nullable=False),
    Column("last_day", String),
)


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


@cache
def can_change_coverage(event_class: type[Trajectory.Event]) -> bool:
    """Whether applying an event of this class can change the trajectory's coverage: it
    opens the trajectory, records a basis fact, or its ``apply`` does more than record its
    own fact (a correction, a retraction, a new pinned qualification, or any override not
    known to be status-only)."""
    if issubclass(event_class, Aggregate.Created) or event_class.__name__ in BASIS_FACTS:
        return True
    return event_class.apply is not Trajectory.Event.apply and event_class not in STATUS_ONLY


class TrajectoryView(SQLView):
    """Read side of one trajectory; rows are recomputed once per trajectory per commit, and
    its coverage only when an event since the last commit can have changed it."""

    tables: ClassVar[tuple[Table, ...]] = (
        trajectory_table,
        competence_table,
        badge_table,
        agreement_table,
    )

    def __init__(self, engine: Engine, projection_name: str = "trajectories") -> None:
        super().__init__(engine, projection_name)
        # Per trajectory: its state, pinned qualification, and whether coverage may differ
        # from the stored rows.
        self._dirty: dict[UUID, tuple[Trajectory, QualificationVersion, bool]] = {}
        # The badge and agreement rows last written per trajectory, so unchanged ones are
        # not rewritten (most events change neither; a delete and insert per commit).
        self._children: OrderedDict[tuple[str, str], list[Row]] = OrderedDict()

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
            self.put(trajectory_table, trajectory_row(trajectory, qualification, coverage))
            self._replace_if_changed(badge_table, tid, badge_rows(trajectory))
            self._replace_if_changed(agreement_table, tid, agreement_rows(trajectory))
        self._dirty.clear()

    def _replace_if_changed(self, table: Any, tid: str, rows: list[Row]) -> None:
        key = (table.name, tid)
        if self._children.get(key) != rows:
            self.replace_children(table, tid, rows)
            self._children[key] = rows
        self._children.move_to_end(key)
        if len(self._children) > ROW_CACHE_SIZE:
            self._children.popitem(last=False)

    def forget(self) -> None:
        self._dirty.clear()
        self._children.clear()

    # -- queries ---------------------------------------------------------------------------

    def get(self, trajectory_id: UUID) -> dict[str, Any] | None:
        """The trajectory's document as the view holds it, or None when it is not (yet)
        projected."""
        tid = str(trajectory_id)
        with self.engine.connect() as conn:
            found = rows_of(
                conn, select(trajectory_table).where(trajectory_table.c.trajectory_id == tid)
            )
            if not found:
                return None
            competences = rows_of(
                conn,
                select(competence_table)
                .where(competence_table.c.trajectory_id == tid)
                .order_by(competence_table.c.ordinal),
            )
            badges = rows_of(
                conn,
                select(badge_table)
                .where(badge_table.c.trajectory_id == tid)
                .order_by(badge_table.c.badge_id),
            )
        return trajectory_document(found[0], competences, badges)

    def current(
        self, trajectory: Trajectory, qualification: QualificationVersion
    ) -> dict[str, Any]:
        """The document of ``trajectory`` (just loaded by the caller) from the view; from the
        aggregate itself while the view has not reached its version (another process wrote
        since this one caught up), through the same serialiser either way."""
        stored = self.get(trajectory.id)
        if stored is not None and stored["version"] == trajectory.version:
            return stored
        return document_of(trajectory, qualification)

    def agreed_at(self, workplace_id: UUID, day: str) -> list[tuple[str, str]]:
        """(trajectory id, mentor id) of the trajectories, not closed, with a learning
        agreement at ``workplace_id`` that runs on ``day`` (ISO date): whom a workplace's
        mentor may assess that day. The ledger still decides (``Ledger.trajectory_for``);
        this only narrows the search."""
        a, t = agreement_table.c, trajectory_table.c
        query = (
            select(a.trajectory_id, a.mentor_id)
            .join(trajectory_table, t.trajectory_id == a.trajectory_id)
            .where(
                a.workplace_id == str(workplace_id),
                a.starts_on <= day,
                (a.last_day.is_(None)) | (a.last_day >= day),
                t.status != "closed",
            )
            .order_by(a.trajectory_id, a.starts_on)
        )
        with self.engine.connect() as conn:
            found = {str(tid): str(mentor) for tid, mentor in conn.execute(query).all()}
        return list(found.items())

    def listing(self) -> list[dict[str, Any]]:
        """Every trajectory's row (no competences): the auditor's index and searches."""
        return self.select_rows(
            select(trajectory_table).order_by(
                trajectory_table.c.opened_at.desc(), trajectory_table.c.trajectory_id
            )
        )

    def for_learner(self, learner_id: UUID) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(trajectory_table.c.trajectory_id)
                    .where(trajectory_table.c.learner_id == str(learner_id))
                    .order_by(trajectory_table.c.opened_at, trajectory_table.c.trajectory_id)
                ).scalars()
            )


class TrajectoryProjection(TrajectoryStatesProjection[TrajectoryView]):
    """Feeds ``TrajectoryView`` with every trajectory event."""

    name = "trajectories"

    def follow(self, event: Trajectory.Event, trajectory: Trajectory, tracking: Tracking) -> None:
        self.view.record_state(
            trajectory,
            self.states.qualification(trajectory),
            tracking,
            coverage_changed=can_change_coverage(type(event)),
        )
