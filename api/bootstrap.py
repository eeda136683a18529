"""The composition root: turns settings into a ledger on the chosen store, with the clock.

``LEERSPOOR_DATABASE_URL`` is a SQLAlchemy URL; here it becomes the ``eventsourcing``
persistence environment, so there is one setting for every store: ``sqlite:///path`` selects
``eventsourcing.sqlite``, ``postgresql://`` or ``postgresql+psycopg://`` selects
``eventsourcing.postgres`` (the library's recorder, which locks the events table while it
inserts so notification ids are handed out in commit order; see ``projections.runner``).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from eventsourcing.persistence import PersistenceError
from sqlalchemy.engine import make_url

from ledger import Ledger
from ledger.personal import DataKeys


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
    if url.get_backend_name() == "postgresql":
        return postgres_env(database_url)
    raise UnsupportedDatabaseError(
        f"unsupported database {url.get_backend_name()!r}: use sqlite or postgresql"
    )


# Connections per process in the ledger's pool (plus overflow); N API workers on one server
# take N times this, so keep N * (POOL + OVERFLOW) under PostgreSQL's max_connections.
POSTGRES_POOL_SIZE = 5
POSTGRES_MAX_OVERFLOW = 5
STARTUP_ATTEMPTS = 5


def postgres_env(database_url: str) -> dict[str, str]:
    """The ``eventsourcing.postgres`` environment for a ``postgresql[+driver]://`` URL.

    Pre-ping replaces connections a server restart broke before they are used; the lock
    timeout bounds the wait for the events table's insert lock (a timeout surfaces as a
    retryable ``OperationalError``). ``POSTGRES_ENABLE_DB_FUNCTIONS`` stays off: its insert
    function takes no table lock, so ids could commit out of order."""
    url = make_url(database_url)
    if not url.database:
        raise UnsupportedDatabaseError(f"{url.render_as_string()!r} names no database")
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": url.database,
        "POSTGRES_HOST": url.host or "localhost",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": url.username or "postgres",
        "POSTGRES_PASSWORD": url.password or "",
        "POSTGRES_POOL_SIZE": str(POSTGRES_POOL_SIZE),
        "POSTGRES_MAX_OVERFLOW": str(POSTGRES_MAX_OVERFLOW),
        "POSTGRES_PRE_PING": "y",
        "POSTGRES_LOCK_TIMEOUT": "10",
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
        "AGGREGATE_CACHE_MAXSIZE": "5000",
    }
    return env


def build_ledger(database_url: str, data_keys: DataKeys | None = None) -> Ledger:
    """The ledger on ``database_url``; the learners' data keys live in the same database
    unless ``data_keys`` is given."""
    env = ledger_env(database_url)
    if data_keys is None:
        data_keys = data_keys_for(database_url)
    for attempt in range(STARTUP_ATTEMPTS):
        try:
            return Ledger(env=env, clock=utc_now, data_keys=data_keys)
        except PersistenceError:
            # Processes starting together on a new PostgreSQL database race to create the
            # library's table, type and function ("tuple concurrently updated"): one wins.
            if attempt == STARTUP_ATTEMPTS - 1:
                raise
            time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")


def data_keys_for(database_url: str) -> DataKeys:
    """The learners' data keys in the ledger's database, sealed under the master secret."""
    import os

    from api.stores.data_keys import SQLDataKeys
    from badges import master_secret
    from projections import read_model_engine

    return SQLDataKeys(read_model_engine(database_url), master_secret(os.environ), utc_now)
