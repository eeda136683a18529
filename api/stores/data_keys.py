"""The learners' data keys in the database (``learner_data_keys``), each sealed under a key
derived from the master secret (``LEERSPOOR_KEY_SECRET``), so a copy of the database alone
decrypts nothing. Destroying a key deletes its row with SQLite's ``secure_delete`` on and
truncates the write-ahead log, so the sealed bytes do not linger in free pages either."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import Column, DateTime, LargeBinary, MetaData, String, Table, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.sql.dml import Insert

from projections.schema import create_tables

metadata = MetaData()
data_keys_table = Table(
    "learner_data_keys",
    metadata,
    Column("subject", String(36), primary_key=True),
    Column("sealed_key", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
# Fixed and public: it only separates this use of the master secret from the keystore's.
KDF_SALT = b"leerspoor/learner-data-keys/v1"


class SQLDataKeys:
    """``ledger.personal.DataKeys`` on SQLAlchemy (SQLite)."""

    def __init__(self, engine: Engine, secret: str, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.clock = clock
        self._secret = secret.encode()
        self._wrapping: AESGCM | None = None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _secure_delete)
        create_tables(metadata, engine)

    def _wrap(self) -> AESGCM:
        if self._wrapping is None:  # scrypt once per process, on first use
            kek = Scrypt(salt=KDF_SALT, length=32, n=2**14, r=8, p=1).derive(self._secret)
            self._wrapping = AESGCM(kek)
        return self._wrapping

    def key_for(self, subject: UUID) -> bytes | None:
        with self.engine.connect() as conn:
            sealed = conn.execute(
                select(data_keys_table.c.sealed_key).where(
                    data_keys_table.c.subject == str(subject)
                )
            ).scalar_one_or_none()
        if sealed is None:
            return None
        sealed = bytes(sealed)
        return self._wrap().decrypt(sealed[:12], sealed[12:], subject.bytes)

    def create(self, subject: UUID) -> bytes:
        existing = self.key_for(subject)
        if existing is not None:
            return existing
        key, nonce = os.urandom(32), os.urandom(12)
        sealed = nonce + self._wrap().encrypt(nonce, key, subject.bytes)
        with self.engine.begin() as conn:
            conn.execute(
                _insert_or_ignore(self.engine),
                {"subject": str(subject), "sealed_key": sealed, "created_at": self.clock()},
            )
        found = self.key_for(subject)  # another process may have won the race
        assert found is not None
        return found

    def destroy(self, subject: UUID) -> bool:
        with self.engine.begin() as conn:
            deleted = conn.execute(
                data_keys_table.delete().where(data_keys_table.c.subject == str(subject))
            ).rowcount
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return bool(deleted)


def _insert_or_ignore(engine: Engine) -> Insert:
    """An insert that does nothing when the subject already has a key (either dialect)."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    statement: Insert = dialect.insert(data_keys_table).on_conflict_do_nothing()
    return statement


def _secure_delete(connection: object, record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
