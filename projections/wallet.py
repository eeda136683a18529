"""The learner wallet index: a learner's trajectories and the badges issued on them, with
each badge's current status (active, suspended, revoked)."""

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

wallet_trajectory_table = Table(
    "rm_wallet_trajectory",
    metadata,
    Column("trajectory_id", String, primary_key=True),
    Column("learner_id", String, nullable=False, index=True),
    Column("qualification_code", String, nullable=False),
    Column("pathway", String, nullable=False),
    Column("status", String, nullable=False),
    Column("outcome", String),
    Column("opened_at", String, nullable=False),
)

wallet_badge_table = Table(
    "rm_wallet_badge",
    metadata,
    Column("badge_id", String, primary_key=True),
    Column("learner_id", String, nullable=False, index=True),
    Column("trajectory_id", String, nullable=False),
    Column("achievement_kind", String, nullable=False),
    Column("achievement_code", String, nullable=False),
    Column("status", String, nullable=False),
    Column("issued_at", String, nullable=False),
    Column("status_changed_at", String, nullable=False),
)

BADGE_STATUS = {
    "BadgeRevoked": "revoked",
    "BadgeSuspended": "suspended",
    "BadgeReinstated": "active",
}


class WalletView(SQLView):
    tables: ClassVar[tuple[Table, ...]] = (wallet_trajectory_table, wallet_badge_table)

    def add_trajectory(self, event: Trajectory.TrajectoryOpened, tracking: Tracking) -> None:
        self.put(
            wallet_trajectory_table,
            {
                "trajectory_id": str(event.originator_id),
                "learner_id": str(event.learner_id),
                "qualification_code": event.qualification_code,
                "pathway": event.pathway,
                "status": "open",
                "outcome": None,
                "opened_at": event.occurred_at.isoformat(),
            },
        )
        self._track(tracking)

    def change_trajectory(
        self, trajectory_id: UUID, tracking: Tracking, **values: str | None
    ) -> None:
        self.update_row(wallet_trajectory_table, str(trajectory_id), tracking, **values)

    def add_badge(self, event: Trajectory.BadgeIssued, tracking: Tracking) -> None:
        trajectory = self.row(wallet_trajectory_table, str(event.originator_id))
        if trajectory is not None:
            at = event.occurred_at.isoformat()
            self.put(
                wallet_badge_table,
                {
                    "badge_id": event.badge_id,
                    "learner_id": trajectory["learner_id"],
                    "trajectory_id": str(event.originator_id),
                    "achievement_kind": event.achievement_kind,
                    "achievement_code": event.achievement_code,
                    "status": "active",
                    "issued_at": at,
                    "status_changed_at": at,
                },
            )
        self._track(tracking)

    def change_badge(self, badge_id: str, status: str, at: str, tracking: Tracking) -> None:
        self.update_row(wallet_badge_table, badge_id, tracking, status=status, status_changed_at=at)

    def for_learner(self, learner_id: UUID) -> dict[str, list[dict[str, Any]]]:
        """The learner's trajectories (oldest first) and badges (by issue time)."""
        t, b = wallet_trajectory_table.c, wallet_badge_table.c
        with self.engine.connect() as conn:
            trajectories = conn.execute(
                select(wallet_trajectory_table)
                .where(t.learner_id == str(learner_id))
                .order_by(t.opened_at, t.trajectory_id)
            ).all()
            badges = conn.execute(
                select(wallet_badge_table)
                .where(b.learner_id == str(learner_id))
                .order_by(b.issued_at, b.badge_id)
            ).all()
        return {
            "trajectories": [dict(r._mapping) for r in trajectories],
            "badges": [dict(r._mapping) for r in badges],
        }


class WalletProjection(Projection[WalletView]):
    name = "wallet"
    topics = trajectory_topics(
        "TrajectoryOpened",
        "OrientationCompleted",
        "TrajectoryPaused",
        "TrajectoryResumed",
        "TrajectoryClosed",
        "BadgeIssued",
        *BADGE_STATUS,
    )

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryOpened, tracking: Tracking) -> None:
        self.view.add_trajectory(domain_event, tracking)

    @process_event.register
    def _(self, domain_event: Trajectory.OrientationCompleted, tracking: Tracking) -> None:
        code = domain_event.chosen_qualification_code
        self.view.change_trajectory(domain_event.originator_id, tracking, qualification_code=code)

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryPaused, tracking: Tracking) -> None:
        self.view.change_trajectory(domain_event.originator_id, tracking, status="paused")

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryResumed, tracking: Tracking) -> None:
        self.view.change_trajectory(domain_event.originator_id, tracking, status="open")

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryClosed, tracking: Tracking) -> None:
        self.view.change_trajectory(
            domain_event.originator_id, tracking, status="closed", outcome=domain_event.outcome
        )

    @process_event.register
    def _(self, domain_event: Trajectory.BadgeIssued, tracking: Tracking) -> None:
        self.view.add_badge(domain_event, tracking)

    @process_event.register(Trajectory.BadgeRevoked)
    @process_event.register(Trajectory.BadgeSuspended)
    @process_event.register(Trajectory.BadgeReinstated)
    def _(self, domain_event: Trajectory.BadgeRevoked, tracking: Tracking) -> None:
        status = BADGE_STATUS[type(domain_event).__name__]
        at = domain_event.occurred_at.isoformat()
        self.view.change_badge(domain_event.badge_id, status, at, tracking)
