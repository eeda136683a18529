"""Who read a learner's record: one row per read of a trajectory, of a learner's own data,
of a trajectory's audit history and of an export (``api_access_log``). Ids and roles only,
never personal data, so the log outlives an erasure without undoing it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Column, DateTime, Integer, String, Table, select

from api.stores.schema import SQLStore, metadata
from ledger import Actor

access_log_table = Table(
    "api_access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_id", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("organisation_id", String(36), nullable=True),
    Column("learner_id", String(36), nullable=False, index=True),
    Column("what", String(300), nullable=False),
)


class AccessLog(SQLStore):
    def record(self, actor: Actor, learner_id: UUID, what: str) -> None:
        """Appends one read of ``learner_id``'s record by ``actor``."""
        with self.engine.begin() as conn:
            conn.execute(
                access_log_table.insert(),
                {
                    "at": self.clock(),
                    "actor_id": actor.id,
                    "role": actor.role.value,
                    "organisation_id": str(actor.organisation_id)
                    if actor.organisation_id
                    else None,
                    "learner_id": str(learner_id),
                    "what": what,
                },
            )

    def entries(self, learner_id: UUID | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """The newest reads first, of one learner or of all."""
        query = select(access_log_table).order_by(access_log_table.c.id.desc()).limit(limit)
        if learner_id is not None:
            query = query.where(access_log_table.c.learner_id == str(learner_id))
        with self.engine.connect() as conn:
            rows = conn.execute(query)
            return [
                {
                    "at": row.at.isoformat(),
                    "actor_id": row.actor_id,
                    "role": row.role,
                    "organisation_id": row.organisation_id,
                    "learner_id": row.learner_id,
                    "what": row.what,
                }
                for row in rows
            ]
