"""Monitoring statistics: qualified / partially qualified / unqualified outflow per pathway,
qualification and provider, median time to qualification, dropouts, and the share of required
competences covered by exemption or recognition.

``rm_outflow`` holds one row per trajectory; the statistics are SQL over it and over the
trajectory view's per-competence rows (whose coverage is the domain's own judgement).
"""

from __future__ import annotations

import statistics as stats
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy import Column, String, Table, case, func, select

from ledger import Trajectory
from projections.read_model import TrajectoryRowView, trajectory_row_events
from projections.topics import handled_topics
from projections.tracking import Row, metadata
from projections.trajectories import competence_table

outflow_table = Table(
    "rm_outflow",
    metadata,
    Column("trajectory_id", String, primary_key=True),
    Column("pathway", String, nullable=False),
    Column("qualification_code", String, nullable=False),
    Column("provider", String, nullable=False),
    Column("opened_at", String, nullable=False),
    Column("award_event_id", String),
    Column("qualified_at", String),
    Column("closed_at", String),
    Column("outcome", String),
)

GROUPINGS = ("pathway", "qualification_code", "provider")


class MonitoringView(TrajectoryRowView):
    tables: ClassVar[tuple[Table, ...]] = (outflow_table,)
    row_table = outflow_table

    def opened_row(self, event: Trajectory.TrajectoryOpened) -> Row:
        return {
            "trajectory_id": str(event.originator_id),
            "pathway": event.pathway,
            "qualification_code": event.qualification_code,
            "provider": str(event.lead_provider),
            "opened_at": event.occurred_at.isoformat(),
            "award_event_id": None,
            "qualified_at": None,
            "closed_at": None,
            "outcome": None,
        }

    def unaward(self, trajectory_id: UUID, gone: set[str], tracking: Tracking) -> None:
        """A retraction or correction that revoked the qualification (rule 9)."""
        current = self.row(outflow_table, str(trajectory_id))
        if current is not None and current["award_event_id"] in gone:
            self.put(outflow_table, {**current, "award_event_id": None, "qualified_at": None})
        self._track(tracking)

    # -- queries ---------------------------------------------------------------------------

    def statistics(self, **filters: str) -> dict[str, Any]:
        """Outflow counts grouped by pathway, qualification and provider; median days from
        opening to qualification; dropouts (closed unqualified); exemption and recognition
        shares. ``filters`` narrow by any of ``GROUPINGS`` (e.g. ``provider=...``)."""
        o = outflow_table.c
        where = [o[k] == v for k, v in filters.items() if k in GROUPINGS]
        result: dict[str, Any] = {}
        with self.engine.connect() as conn:
            for grouping in GROUPINGS:
                rows = conn.execute(
                    select(o[grouping], o.outcome, func.count())
                    .where(o.closed_at.is_not(None), *where)
                    .group_by(o[grouping], o.outcome)
                    .order_by(o[grouping], o.outcome)
                ).all()
                table: dict[str, dict[str, int]] = {}
                for key, outcome, count in rows:
                    table.setdefault(key, {})[outcome] = count
                result[f"outflow_by_{grouping}"] = table
            spans = conn.execute(
                select(o.opened_at, o.qualified_at).where(o.qualified_at.is_not(None), *where)
            ).all()
            result["dropouts"] = conn.execute(
                select(func.count()).where(o.outcome == "unqualified", *where)
            ).scalar_one()
            c = competence_table.c
            shares = conn.execute(
                select(
                    func.count(),
                    func.sum(case((c.by_exemption, 1), else_=0)),
                    func.sum(case((c.by_recognition, 1), else_=0)),
                ).where(c.trajectory_id.in_(select(o.trajectory_id).where(*where)))
            ).one()
        days = [
            (datetime.fromisoformat(q) - datetime.fromisoformat(p)).total_seconds() / 86400
            for p, q in spans
        ]
        # SQLite has no median aggregate; the qualified spans are few enough to sort here.
        result["median_days_to_qualification"] = stats.median(days) if days else None
        required, exempted, recognised = shares[0], shares[1] or 0, shares[2] or 0
        result["exemption_share"] = exempted / required if required else None
        result["recognition_share"] = recognised / required if required else None
        return result


class MonitoringProjection(Projection[MonitoringView]):
    name = "monitoring"

    process_event = trajectory_row_events(provider="provider")

    @process_event.register
    def _(self, domain_event: Trajectory.QualificationAwarded, tracking: Tracking) -> None:
        self.view.change(
            domain_event.originator_id,
            tracking,
            award_event_id=domain_event.event_id,
            qualified_at=domain_event.occurred_at.isoformat(),
        )

    @process_event.register(Trajectory.EventRetracted)
    @process_event.register(Trajectory.EventCorrected)
    def _(self, domain_event: Trajectory.EventRetracted, tracking: Tracking) -> None:
        gone = {*domain_event.revokes}
        if isinstance(domain_event, Trajectory.EventRetracted):
            gone.add(domain_event.original_event_id)
        self.view.unaward(domain_event.originator_id, gone, tracking)

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryClosed, tracking: Tracking) -> None:
        self.view.change(
            domain_event.originator_id,
            tracking,
            closed_at=domain_event.occurred_at.isoformat(),
            outcome=domain_event.outcome,
        )

    topics = handled_topics(process_event)
