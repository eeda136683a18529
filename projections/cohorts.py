"""The provider cohort view: learners per trajectory state, per qualification, for the
lead provider of each trajectory."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy import Column, String, Table, select

from ledger import Trajectory
from projections.topics import trajectory_topics
from projections.tracking import SQLView, metadata

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


class CohortView(SQLView):
    tables: ClassVar[tuple[Table, ...]] = (cohort_table,)

    def join(self, event: Trajectory.TrajectoryOpened, tracking: Tracking) -> None:
        self.put(
            cohort_table,
            {
                "trajectory_id": str(event.originator_id),
                "lead_provider": str(event.lead_provider),
                "qualification_code": event.qualification_code,
                "pathway": event.pathway,
                "learner_id": str(event.learner_id),
                "state": "open",
                "outcome": None,
            },
        )
        self._track(tracking)

    def change(self, trajectory_id: UUID, tracking: Tracking, **values: str | None) -> None:
        self.update_row(cohort_table, str(trajectory_id), tracking, **values)

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
    topics = trajectory_topics(
        "TrajectoryOpened",
        "OrientationCompleted",
        "LearnerHandedOver",
        "TrajectoryPaused",
        "TrajectoryResumed",
        "TrajectoryClosed",
    )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryOpened, tracking: Tracking) -> None:
        self.view.join(domain_event, tracking)

    @process_event.register
    def _(self, domain_event: Trajectory.OrientationCompleted, tracking: Tracking) -> None:
        code = domain_event.chosen_qualification_code
        self.view.change(domain_event.originator_id, tracking, qualification_code=code)

    @process_event.register
    def _(self, domain_event: Trajectory.LearnerHandedOver, tracking: Tracking) -> None:
        if domain_event.becomes_lead:
            lead = str(domain_event.to_organisation)
            self.view.change(domain_event.originator_id, tracking, lead_provider=lead)
        else:
            self.view.insert_tracking(tracking)

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryPaused, tracking: Tracking) -> None:
        self.view.change(domain_event.originator_id, tracking, state="paused")

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryResumed, tracking: Tracking) -> None:
        self.view.change(domain_event.originator_id, tracking, state="open")

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryClosed, tracking: Tracking) -> None:
        outcome = domain_event.outcome
        self.view.change(domain_event.originator_id, tracking, state="closed", outcome=outcome)
