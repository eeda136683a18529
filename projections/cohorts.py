"""The provider cohort view: learners per trajectory state, per qualification, for the
lead provider of each trajectory."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.projection import Projection
from sqlalchemy import Column, String, Table, select

from ledger import Trajectory
from projections.read_model import TrajectoryRowView, trajectory_row_events
from projections.topics import handled_topics
from projections.tracking import Row, metadata

cohort_table = Table(
    "rm_cohort_member",
    metadata,
    Column("trajectory_id", String, primary_key=True),
    Column("lead_provider", String, nullable=False, index=True),
    Column("qualification_code", String, nullable=False),
    Column("pathway", String, nullable=False),
    Column("learner_id", String, nullable=False),
    Column("state", String, nullable=False),
    Column("outcome", String),
)


class CohortView(TrajectoryRowView):
    tables: ClassVar[tuple[Table, ...]] = (cohort_table,)
    row_table = cohort_table

    def opened_row(self, event: Trajectory.TrajectoryOpened) -> Row:
        return {
            "trajectory_id": str(event.originator_id),
            "lead_provider": str(event.lead_provider),
            "qualification_code": event.qualification_code,
            "pathway": event.pathway,
            "learner_id": str(event.learner_id),
            "state": "open",
            "outcome": None,
        }

    def for_provider(self, provider_id: UUID) -> dict[str, dict[str, list[str]]]:
        """``{qualification_code: {state: [learner ids]}}`` for the provider's trajectories."""
        c = cohort_table.c
        cohorts: dict[str, dict[str, list[str]]] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.qualification_code, c.state, c.learner_id)
                .where(c.lead_provider == str(provider_id))
                .order_by(c.qualification_code, c.state, c.learner_id)
            ).all()
        for code, state, learner in rows:
            cohorts.setdefault(code, {}).setdefault(state, []).append(learner)
        return cohorts


class CohortProjection(Projection[CohortView]):
    name = "cohorts"
    process_event = trajectory_row_events(provider="lead_provider", status="state")

    topics = handled_topics(process_event)
