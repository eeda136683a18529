"""One runner at a time for the work that must not run in two processes at once (badge
issuance, integrity checkpoint signing), however many API workers and hosts there are.

On PostgreSQL, ``SingleRunner.hold()`` takes a session-level advisory lock with
``pg_try_advisory_lock`` on a connection of its own, without waiting: the caller that gets
it does the work, the others skip it (the holder will see their events on its next pass).
The lock is released at the end of the block, and by the server when the holder's session
ends, so a killed worker (SIGKILL) or a restarted server never leaves it held.

On SQLite every process shares one file on one machine, writers are serialised by the
database, and the trackers refuse a stale batch: ``hold()`` only serialises the threads of
this process.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class SingleRunner:
    """A named lock held by at most one process (on PostgreSQL) or thread (on SQLite)."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.engine = engine
        self.name = name
        self.key = lock_key(name)
        self._local = threading.Lock()
        # Kept open (autocommit) while the process runs: trying and releasing the lock then
        # cost one round trip each, not a pool checkout, a ping and two commits (it is taken
        # on every catch-up).
        self._conn: Connection | None = None

    @property
    def distributed(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def hold(self) -> Iterator[bool]:
        """Yields True when this caller holds the lock for the block, False when another
        holds it (then skip the work). Never waits for another process."""
        if not self._local.acquire(blocking=not self.distributed):
            yield False
            return
        try:
            if not self.distributed:
                yield True
                return
            conn = self._connection()
            try:
                held = bool(conn.execute(select(func.pg_try_advisory_lock(self.key))).scalar())
            except DBAPIError:
                self._forget()
                raise
            try:
                yield held
            finally:
                if held:
                    self._unlock(conn)
        finally:
            self._local.release()

    def _connection(self) -> Connection:
        if self._conn is None or self._conn.closed or self._conn.invalidated:
            self._conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._conn

    def _forget(self) -> None:
        if self._conn is not None:
            self._conn.invalidate()
            self._conn = None

    def _unlock(self, conn: Connection) -> None:
        try:
            conn.execute(select(func.pg_advisory_unlock(self.key)))
        except DBAPIError:
            # The session is gone (server restart): the server released the lock with it.
            self._forget()

    def holder_pid(self) -> int | None:
        """The server pid of the session holding the lock, if any (PostgreSQL; for status)."""
        if not self.distributed:
            return None
        high, low = (self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF
        with self.engine.connect() as conn:
            found = conn.exec_driver_sql(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND classid::bigint = %(high)s AND objid::bigint = %(low)s",
                {"high": high, "low": low},
            ).scalar_one_or_none()
        return None if found is None else int(found)
