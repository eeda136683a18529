"""The composition root: turns settings into a ledger on the chosen store, with the clock.

``LEERSPOOR_DATABASE_URL`` is a SQLAlchemy URL; here it becomes the ``eventsourcing``
persistence environment, so there is one setting for every store.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from ledger import Ledger


class UnsupportedDatabaseError(ValueError):
    """Raised when the database URL names a backend the ledger cannot use."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def ledger_env(database_url: str) -> dict[str, str]:
    """The eventsourcing environment for a SQLAlchemy URL (SQLite file or in-memory)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        name = url.database or ":memory:"
        if name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": name,
            "SQLITE_LOCK_TIMEOUT": "10",
            # Trajectories are read on every append; the cache fast-forwards from the store,
            # so other processes' appends are never missed.
            "AGGREGATE_CACHE_MAXSIZE": "5000",
        }
    raise UnsupportedDatabaseError(f"unsupported database {url.get_backend_name()!r}: use sqlite")


def build_ledger(database_url: str) -> Ledger:
    return Ledger(env=ledger_env(database_url), clock=utc_now)
