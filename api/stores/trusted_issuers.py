"""The issuers an administrator vouches for besides our own organisations: each a DID (or
an ``https://`` issuer URL) with the name this server shows for it. Verification gives such
an issuer ``trust: "trusted"`` and that name, never the name a credential gives itself
(issue 15, "Issuer impersonation on /verify")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, DateTime, String, Table, delete, select

from api.stores.schema import SQLStore, metadata, utc

trusted_issuers_table = Table(
    "api_trusted_issuers",
    metadata,
    Column("issuer_id", String(500), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("added_by", String(200), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)
# A DID (W3C DID Core §3.1: method name, then a method-specific id) or an https URL.
ISSUER_ID = re.compile(r"^(did:[a-z0-9]+:[A-Za-z0-9._:%\-]+(?:[/?#]\S*)?|https://\S+)$")
MAX_ID, MAX_NAME = 500, 200


class TrustedIssuerError(ValueError):
    """Raised when an issuer id or name cannot be kept as given."""


@dataclass(frozen=True)
class TrustedIssuer:
    issuer_id: str
    name: str
    added_by: str
    added_at: datetime

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.issuer_id,
            "name": self.name,
            "added_by": self.added_by,
            "added_at": self.added_at.isoformat(),
        }


def checked(issuer_id: str, name: str) -> tuple[str, str]:
    """The id and name trimmed; raises TrustedIssuerError when either is unusable."""
    issuer_id, name = issuer_id.strip(), " ".join(name.split())
    if len(issuer_id) > MAX_ID or not ISSUER_ID.match(issuer_id):
        raise TrustedIssuerError(f"not a DID or https URL: {issuer_id[:80]!r}")
    if not name or len(name) > MAX_NAME:
        raise TrustedIssuerError(f"a name of 1 to {MAX_NAME} characters is needed")
    return issuer_id, name


class TrustedIssuerStore(SQLStore):
    def put(self, issuer_id: str, name: str, *, added_by: str) -> tuple[TrustedIssuer, bool]:
        """Adds the issuer or renames it; (the entry, True when it was new). Raises
        TrustedIssuerError for an id that is no DID or https URL, or an empty name."""
        issuer_id, name = checked(issuer_id, name)
        now = self.clock()
        table = trusted_issuers_table
        with self.engine.begin() as conn:
            found = conn.execute(select(table).where(table.c.issuer_id == issuer_id)).first()
            if found is None:
                conn.execute(
                    table.insert().values(
                        issuer_id=issuer_id, name=name, added_by=added_by, added_at=now
                    )
                )
            else:
                conn.execute(
                    table.update()
                    .where(table.c.issuer_id == issuer_id)
                    .values(name=name, added_by=added_by, added_at=now)
                )
        return TrustedIssuer(issuer_id, name, added_by, now), found is None

    def remove(self, issuer_id: str) -> bool:
        """Forgets the issuer; False when it was not listed."""
        table = trusted_issuers_table
        with self.engine.begin() as conn:
            done = conn.execute(delete(table).where(table.c.issuer_id == issuer_id.strip()))
        return bool(done.rowcount)

    def list(self) -> list[TrustedIssuer]:
        table = trusted_issuers_table
        with self.engine.connect() as conn:
            rows = conn.execute(select(table).order_by(table.c.name, table.c.issuer_id))
            return [TrustedIssuer(r.issuer_id, r.name, r.added_by, utc(r.added_at)) for r in rows]

    def names(self) -> dict[str, str]:
        """Issuer id → the name we show: what ``badges.TrustPolicy.trusted`` takes."""
        return {entry.issuer_id: entry.name for entry in self.list()}
