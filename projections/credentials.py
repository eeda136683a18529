"""The credentials the issuing process has signed: each learner's badges as issued (JSON),
their status-list index and status, and what they stack. Written only by
``projections.issuance``; read by the API for downloads, share links, status lists and the
Open Badges API."""

from __future__ import annotations

import json
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import Column, Integer, String, Table, Text, select

from projections.tracking import SQLView, metadata

credentials_table = Table(
    "rm_credentials",
    metadata,
    Column("badge_id", String, primary_key=True),
    Column("trajectory_id", String, nullable=False, index=True),
    Column("learner_id", String, nullable=False, index=True),
    Column("issuer_org", String, nullable=False, index=True),
    Column("kind", String, nullable=False),
    Column("code", String, nullable=False),
    Column("title", String, nullable=False),
    Column("basis", Text, nullable=False),
    Column("stacks", Text, nullable=False),
    Column("status", String, nullable=False),
    Column("status_index", Integer, nullable=False),
    Column("issued_at", String, nullable=False),
    Column("credential", Text, nullable=False),
)


JSON_COLUMNS = ("basis", "stacks", "credential")


def credential_row(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row with its JSON columns decoded."""
    return {**row, **{c: json.loads(row[c]) for c in JSON_COLUMNS}}


class CredentialView(SQLView):
    tables: ClassVar[tuple[Table, ...]] = (credentials_table,)

    def store(self, row: dict[str, Any]) -> None:
        self.put(
            credentials_table,
            {
                **row,
                "basis": json.dumps(row["basis"]),
                "stacks": json.dumps(row["stacks"]),
                "credential": json.dumps(row["credential"], ensure_ascii=False),
            },
        )

    def set_status(self, badge_id: str, status: str) -> None:
        row = self.row(credentials_table, badge_id)
        if row is not None:
            self.put(credentials_table, {**row, "status": status})

    def get(self, badge_id: str) -> dict[str, Any] | None:
        row = self.row(credentials_table, badge_id)
        return credential_row(row) if row else None

    def _select(self, **where: str) -> list[dict[str, Any]]:
        c = credentials_table.c
        query = select(credentials_table).order_by(c.issued_at, c.badge_id)
        for name, value in where.items():
            query = query.where(c[name] == value)
        return self.select_rows(query, decode=JSON_COLUMNS)

    def for_trajectory(self, trajectory_id: UUID) -> list[dict[str, Any]]:
        return self._select(trajectory_id=str(trajectory_id))

    def for_learner(self, learner_id: UUID | str) -> list[dict[str, Any]]:
        return self._select(learner_id=str(learner_id))

    def all(self) -> list[dict[str, Any]]:
        return self._select()

    def indices(self, issuer_org: str) -> dict[int, str]:
        """Status-list index → status, for one issuer's list."""
        c = credentials_table.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.status_index, c.status).where(c.issuer_org == issuer_org)
            ).all()
        return {int(index): str(status) for index, status in rows}
