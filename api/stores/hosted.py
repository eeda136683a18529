"""Credentials a learner brings from other issuers through the Open Badges API
(``upsertCredential``), kept for them beside the ones Leerspoor issued."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Column, DateTime, String, Table, Text, select

from api.stores.schema import SQLStore, metadata

hosted_table = Table(
    "api_hosted_credentials",
    metadata,
    Column("learner_id", String(36), primary_key=True),
    Column("credential_id", String(500), primary_key=True),
    Column("document", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


class HostedCredentials(SQLStore):
    def upsert(self, learner_id: str, credential_id: str, document: Any) -> bool:
        """Stores the credential; True when it was new, False when it replaced one."""
        key = (hosted_table.c.learner_id == learner_id) & (
            hosted_table.c.credential_id == credential_id
        )
        with self.engine.begin() as conn:
            existed = conn.execute(select(hosted_table.c.credential_id).where(key)).first()
            if existed:
                conn.execute(hosted_table.delete().where(key))
            conn.execute(
                hosted_table.insert().values(
                    learner_id=learner_id,
                    credential_id=credential_id,
                    document=json.dumps(document, ensure_ascii=False),
                    updated_at=self.clock(),
                )
            )
        return existed is None

    def for_learner(self, learner_id: str) -> list[Any]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(hosted_table.c.document)
                .where(hosted_table.c.learner_id == learner_id)
                .order_by(hosted_table.c.credential_id)
            )
            return [json.loads(r.document) for r in rows]
