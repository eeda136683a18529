"""An employer's OpenID4VP presentation requests: the nonce a wallet must sign, the
``state`` that names the request in the wallet's ``direct_post``, and the result once a
wallet answered.

Two random values, as OpenID4VP 1.0 §15.8.3 suggests: the request id travels to the
wallet as ``state``; the transaction id stays with the employer's page, which reads the
result with it (kept as its SHA-256 only). A request is answered once and lives
``REQUEST_LIFETIME``.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, DateTime, String, Table, Text, delete, select, update

from api.stores.schema import SQLStore, metadata, sha256, utc

REQUEST_LIFETIME = timedelta(minutes=10)

requests_table = Table(
    "api_vp_requests",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("transaction_sha256", String(64), nullable=False, unique=True),
    Column("nonce", String(64), nullable=False),
    Column("state", String(16), nullable=False),  # pending, answered
    Column("result", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class PresentationRequest:
    id: str
    nonce: str
    answered: bool
    result: dict[str, Any] | None
    expires_at: datetime


class PresentationRequestStore(SQLStore):
    def create(self) -> tuple[str, PresentationRequest]:
        """A new request: (its transaction id, for the employer's page only; the request)."""
        request_id, transaction = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        nonce = secrets.token_urlsafe(24)  # 192 bits; §5.2 asks for at least 128
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(delete(requests_table).where(requests_table.c.expires_at <= now))
            conn.execute(
                requests_table.insert().values(
                    id=request_id,
                    transaction_sha256=sha256(transaction),
                    nonce=nonce,
                    state="pending",
                    created_at=now,
                    expires_at=now + REQUEST_LIFETIME,
                )
            )
        return transaction, PresentationRequest(
            request_id, nonce, False, None, now + REQUEST_LIFETIME
        )

    def pending(self, request_id: str) -> PresentationRequest | None:
        """A live request no wallet has answered yet, by its ``state``."""
        found = self._one(requests_table.c.id == request_id)
        return found if found is not None and not found.answered else None

    def by_transaction(self, transaction: str) -> PresentationRequest | None:
        return self._one(requests_table.c.transaction_sha256 == sha256(transaction))

    def answer(self, request_id: str, result: dict[str, Any]) -> bool:
        """Stores the verified result; False when the request was answered already."""
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(requests_table)
                .where(requests_table.c.id == request_id, requests_table.c.state == "pending")
                .values(state="answered", result=json.dumps(result, ensure_ascii=False))
            )
        return taken.rowcount == 1

    def _one(self, where: Any) -> PresentationRequest | None:
        row = self.live_row(select(requests_table).where(where))
        if row is None:
            return None
        result = json.loads(row.result) if row.result else None
        return PresentationRequest(
            row.id, row.nonce, row.state == "answered", result, utc(row.expires_at)
        )
