"""Share links: a learner lets anyone with the link see one credential until it expires or
the learner revokes it. The link's secret is its id; nothing personal is in it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Boolean, Column, DateTime, String, Table, select, update

from api.stores.schema import SQLStore, metadata, utc

shares_table = Table(
    "api_shares",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("badge_id", String(36), nullable=False, index=True),
    Column("learner_id", String(36), nullable=False, index=True),
    Column("show_name", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)


@dataclass(frozen=True)
class Share:
    id: str
    badge_id: str
    learner_id: str
    show_name: bool
    expires_at: datetime
    revoked: bool


class ShareStore(SQLStore):
    def create(self, badge_id: str, learner_id: str, *, days: int, show_name: bool) -> Share:
        share_id = secrets.token_urlsafe(24)
        expires = self.clock() + timedelta(days=days)
        with self.engine.begin() as conn:
            conn.execute(
                shares_table.insert().values(
                    id=share_id,
                    badge_id=badge_id,
                    learner_id=learner_id,
                    show_name=show_name,
                    created_at=self.clock(),
                    expires_at=expires,
                )
            )
        return Share(share_id, badge_id, learner_id, show_name, expires, False)

    def revoke(self, share_id: str, learner_id: str, badge_id: str) -> bool:
        """Revokes the learner's live share of ``badge_id``; False when there is none."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(shares_table)
                .where(
                    shares_table.c.id == share_id,
                    shares_table.c.learner_id == learner_id,
                    shares_table.c.badge_id == badge_id,
                    shares_table.c.revoked_at.is_(None),
                )
                .values(revoked_at=self.clock())
            )
        return bool(result.rowcount)

    def _rows(self, *conditions: object) -> list[Share]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(shares_table).where(*conditions))  # type: ignore[arg-type]
            return [
                Share(
                    r.id,
                    r.badge_id,
                    r.learner_id,
                    r.show_name,
                    utc(r.expires_at),
                    r.revoked_at is not None,
                )
                for r in rows
            ]

    def open(self, share_id: str) -> Share | None:
        """The share if it exists, is not revoked and has not expired."""
        found = self._rows(shares_table.c.id == share_id)
        if not found or found[0].revoked or found[0].expires_at <= self.clock():
            return None
        return found[0]

    def for_learner(self, learner_id: str) -> list[Share]:
        return self._rows(shares_table.c.learner_id == learner_id)
