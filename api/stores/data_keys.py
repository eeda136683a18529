"""The learners' data keys in the database (``learner_data_keys``), each sealed under the
master secret (``badges.Sealer``, a fixed salt for this use), so a copy of the database
alone decrypts nothing. Destroying a key deletes its row with SQLite's ``secure_delete`` on
and truncates the write-ahead log, so the sealed bytes do not linger in free pages either."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError
from sqlalchemy import Column, DateTime, LargeBinary, String, Table, select
from sqlalchemy import exc as sql_errors
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.sql.dml import Insert

from api.stores.schema import metadata
from badges import Sealed, Sealer

data_keys_table = Table(
    "learner_data_keys",
    metadata,
    Column("subject", String(36), primary_key=True),
    Column("sealed_key", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
# Fixed and public: it only separates this use of the master secret from the keystore's.
KDF_SALT = b"leerspoor/learner-data-keys/v1"
NONCE_BYTES = 12


class SQLDataKeys:
    """``ledger.personal.DataKeys`` on SQLAlchemy (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, secret: str, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.clock = clock
        self._sealer = Sealer(secret)

    def key_for(self, subject: UUID) -> bytes | None:
        with _outage_as_persistence_error(), self.engine.connect() as conn:
            sealed = conn.execute(
                select(data_keys_table.c.sealed_key).where(
                    data_keys_table.c.subject == str(subject)
                )
            ).scalar_one_or_none()
        if sealed is None:
            return None
        stored = bytes(sealed)  # the nonce, then the ciphertext
        opened = Sealed(KDF_SALT, stored[:NONCE_BYTES], stored[NONCE_BYTES:])
        return self._sealer.open(opened, associated=subject.bytes)

    def create(self, subject: UUID) -> bytes:
        existing = self.key_for(subject)
        if existing is not None:
            return existing
        key = os.urandom(32)
        sealed = self._sealer.seal(key, associated=subject.bytes, salt=KDF_SALT)
        with _outage_as_persistence_error(), self.engine.begin() as conn:
            conn.execute(
                _insert_or_ignore(self.engine),
                {
                    "subject": str(subject),
                    "sealed_key": sealed.nonce + sealed.ciphertext,
                    "created_at": self.clock(),
                },
            )
        found = self.key_for(subject)  # another process may have won the race
        assert found is not None
        return found

    def destroy(self, subject: UUID) -> bool:
        sqlite_file = self.engine.dialect.name == "sqlite"
        with _outage_as_persistence_error(), self.engine.begin() as conn:
            if sqlite_file:
                # On the connection that deletes: the pool may hand out one opened before
                # anything could set it, and the default is the SQLite build's (off in most,
                # on in Debian's; the engine's own connect hook turns it off).
                conn.exec_driver_sql("PRAGMA secure_delete=ON")
            deleted = conn.execute(
                data_keys_table.delete().where(data_keys_table.c.subject == str(subject))
            ).rowcount
        if sqlite_file:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return bool(deleted)

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def _outage_as_persistence_error() -> Iterator[None]:
    """The ``DataKeys`` port's outage errors: the event store's own kinds, which the ledger
    lets through its mapper and every caller retries (``ledger.application_base``)."""
    try:
        yield
    except sql_errors.OperationalError as error:
        raise OperationalError(str(error)) from error
    except sql_errors.InterfaceError as error:
        raise InterfaceError(str(error)) from error


def _insert_or_ignore(engine: Engine) -> Insert:
    """An insert that does nothing when the subject already has a key (either dialect)."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    statement: Insert = dialect.insert(data_keys_table).on_conflict_do_nothing()
    return statement
