"""Bearer tokens: created by an admin on the command line, stored only as a hash, revocable
and expiring. A token names a role, the organisation it acts for (or the learner it
belongs to) and its OAuth 2.0 scopes for the Open Badges API.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Column, DateTime, String, Table, bindparam, select, update

from api.stores.schema import SQLStore, metadata, sha256, utc
from ledger import Actor, Role

tokens_table = Table(
    "api_tokens",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("secret_sha256", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("organisation_id", String(36), nullable=True),
    Column("subject", String(200), nullable=False),
    Column("scopes", String(1000), nullable=False, default=""),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

OB_SCOPES = {
    "credential.readonly": "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly",
    "credential.upsert": "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert",
    "profile.readonly": "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly",
}
# What each role may ask of the Open Badges API (the learner's own host data).
DEFAULT_SCOPES: dict[Role, tuple[str, ...]] = {
    Role.LEARNER: tuple(OB_SCOPES.values()),
}


class TokenError(ValueError):
    """Raised when a token cannot be created as asked."""


@dataclass(frozen=True)
class Principal:
    """Who a valid token speaks for. ``client_id`` names the OAuth client of an access token
    (``api.stores.oauth``); it is None for a token made by an admin."""

    token_id: str
    actor: Actor
    scopes: frozenset[str]
    client_id: str | None = None


@dataclass(frozen=True)
class IssuedToken:
    token_id: str
    secret: str
    expires_at: datetime


@dataclass(frozen=True)
class TokenInfo:
    token_id: str
    role: str
    organisation_id: str | None
    subject: str
    label: str
    expires_at: datetime
    revoked: bool


# Built once: every request authenticates, and building the statement cost three times
# what running it does (issue 19).
_BY_DIGEST = select(tokens_table).where(tokens_table.c.secret_sha256 == bindparam("digest"))


class TokenStore(SQLStore):
    def create(
        self,
        role: Role,
        *,
        organisation_id: UUID | None = None,
        subject: str | None = None,
        label: str = "",
        valid_for: timedelta = timedelta(days=90),
        scopes: tuple[str, ...] | None = None,
    ) -> IssuedToken:
        if role in (Role.PROVIDER, Role.WORKPLACE) and organisation_id is None:
            raise TokenError(f"a {role.value} token needs --org")
        if role is Role.LEARNER and not subject:
            raise TokenError("a learner token needs --learner")
        if role is Role.SYSTEM:
            raise TokenError("the system role has no tokens")
        if valid_for <= timedelta(0):
            raise TokenError("a token must be valid for a positive time")
        token_id = secrets.token_hex(6)
        secret = f"lsp_{token_id}_{secrets.token_urlsafe(32)}"
        now = self.clock()
        with self.engine.begin() as connection:
            connection.execute(
                tokens_table.insert().values(
                    id=token_id,
                    secret_sha256=sha256(secret),
                    role=role.value,
                    organisation_id=str(organisation_id) if organisation_id else None,
                    subject=subject or f"token-{token_id}",
                    scopes=" ".join(scopes if scopes is not None else DEFAULT_SCOPES.get(role, ())),
                    label=label,
                    created_at=now,
                    expires_at=now + valid_for,
                )
            )
        return IssuedToken(token_id, secret, now + valid_for)

    def authenticate(self, secret: str) -> Principal | None:
        """The principal of a valid, unexpired, unrevoked token; None otherwise."""
        row = self.live_row(_BY_DIGEST, {"digest": sha256(secret)})
        if row is None or row.revoked_at is not None:
            return None
        organisation = UUID(row.organisation_id) if row.organisation_id else None
        actor = Actor(id=row.subject, role=Role(row.role), organisation_id=organisation)
        return Principal(row.id, actor, frozenset(row.scopes.split()))

    def revoke(self, token_id: str) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(
                update(tokens_table)
                .where(tokens_table.c.id == token_id, tokens_table.c.revoked_at.is_(None))
                .values(revoked_at=self.clock())
            )
        return bool(result.rowcount)

    def labels(self) -> dict[str, str]:
        """Token id → its label, for the tokens that have one (the pages name an event's
        actor ``token-<id>`` by it)."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(tokens_table.c.id, tokens_table.c.label).where(tokens_table.c.label != "")
            )
            return {str(r.id): str(r.label) for r in rows}

    def list(self) -> list[TokenInfo]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(tokens_table).order_by(tokens_table.c.created_at))
            return [_info(r) for r in rows]

    def get(self, token_id: str) -> TokenInfo | None:
        """One token's description (never its secret), or None."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(tokens_table).where(tokens_table.c.id == token_id)
            ).first()
        return _info(row) if row is not None else None


def _info(row: Any) -> TokenInfo:
    return TokenInfo(
        row.id,
        row.role,
        row.organisation_id,
        row.subject,
        row.label,
        utc(row.expires_at),
        row.revoked_at is not None,
    )
