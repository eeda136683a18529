"""The learner wallet index: a learner's trajectories and the badges issued on them, with
each badge's current status (active, suspended, revoked)."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy import Column, String, Table, select

from ledger import Trajectory
from projections.read_model import TrajectoryRowView, trajectory_row_events
from projections.topics import handled_topics
from projections.tracking import Row, metadata, rows_of

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


class WalletView(TrajectoryRowView):
    tables: ClassVar[tuple[Table, ...]] = (wallet_trajectory_table, wallet_badge_table)
    row_table = wallet_trajectory_table

    def opened_row(self, event: Trajectory.TrajectoryOpened) -> Row:
        return {
            "trajectory_id": str(event.originator_id),
            "learner_id": str(event.learner_id),
            "qualification_code": event.qualification_code,
            "pathway": event.pathway,
            "status": "open",
            "outcome": None,
            "opened_at": event.occurred_at.isoformat(),
        }

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
            return {
                "trajectories": rows_of(
                    conn,
                    select(wallet_trajectory_table)
                    .where(t.learner_id == str(learner_id))
                    .order_by(t.opened_at, t.trajectory_id),
                ),
                "badges": rows_of(
                    conn,
                    select(wallet_badge_table)
                    .where(b.learner_id == str(learner_id))
                    .order_by(b.issued_at, b.badge_id),
                ),
            }


class WalletProjection(Projection[WalletView]):
    name = "wallet"

    process_event = trajectory_row_events(status="status")

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

    topics = handled_topics(process_event)
