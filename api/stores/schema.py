"""The API stores' tables (tokens, share links, OAuth, hosted credentials, the access log,
the learners' data keys) under Alembic, like the read models: ``api/stores/migrations``
with its own version table, upgraded in code by the composition root.

Databases whose tables ``create_all`` made before these migrations existed upgrade in place:
the first revision creates only the tables that are missing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Row
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Executable

from projections import upgrade

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "api_alembic_version"
metadata = MetaData()


class SQLStore:
    """A store on the engine the composition root shares, with its clock; the tables come
    from the migrations, never from the store."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.clock = clock

    @property
    def embedded(self) -> bool:
        """Whether the store is an embedded SQLite file. Its reads wait on neither a network
        nor, in WAL mode, a writer, so an async caller may read it without a worker thread."""
        return self.engine.dialect.name == "sqlite"

    def live_row(
        self, query: Executable, parameters: Mapping[str, Any] | None = None
    ) -> Row[Any] | None:
        """The first row ``query`` finds while its ``expires_at`` is still ahead; None when
        it finds none or the moment has come (secrets, codes, offers and requests expire)."""
        with self.engine.connect() as conn:
            row = conn.execute(query, parameters).first()
        return row if row is not None and utc(row.expires_at) > self.clock() else None


def utc(moment: datetime) -> datetime:
    """A stored moment as an aware one: SQLite hands back naive datetimes, and everything
    here is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sha256(secret: str) -> str:
    """What the stores keep of a secret (token, code, nonce): its SHA-256, never the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def upgrade_stores(engine: Engine, revision: str = "head") -> None:
    """Brings the API stores' tables to ``revision`` (idempotent; safe when several
    processes start together)."""
    upgrade(engine, revision, migrations=MIGRATIONS)
