"""The tracking recorder every read model shares: SQLAlchemy tables, buffered row writes,
and the position row, committed together.

Each view keeps its own position in ``rm_tracking`` (one row per projection and application).
Row changes are buffered in memory and written with the position in one transaction: per
event when a projection is driven directly, per batch when the runner drives it. A position
at or before the stored one raises ``IntegrityError``, so an event is never applied twice.

Several processes may feed the same view (API workers catching up after their commands, a
projection worker): the position row is moved by compare-and-set from the position this
view last read or wrote, so a batch computed from rows another process has since changed
is refused (``LostRaceError``) and rolled back, and ``sync_position`` drops the in-memory
rows whenever another process moved the position.
Imports ``ledger`` at most; never ``api``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, and_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError as SQLIntegrityError
from sqlalchemy.sql.elements import ColumnElement

Row = dict[str, Any]
Key = tuple[Any, ...]

metadata = MetaData()

# A log position: PostgreSQL's notification ids are BIGSERIAL; SQLite's INTEGER is 64-bit.
Position = BigInteger().with_variant(Integer(), "sqlite")

tracking_table = Table(
    "rm_tracking",
    metadata,
    Column("projection", String, primary_key=True),
    Column("application_name", String, primary_key=True),
    Column("notification_id", Position, nullable=False),
)

# Rows looked up by key stay cached up to this many per table; pending rows are never evicted.
# Rows are read back for trajectories with recent events, so this covers several thousand
# trajectories being followed at once; a miss costs one SELECT.
ROW_CACHE_SIZE = 8_000


@dataclass(frozen=True)
class Partition:
    """One of ``count`` disjoint shares of the log, by originator: a rebuild split over
    processes gives each one a partition. Every read-model row is derived from one
    trajectory's events alone, and all of a trajectory's events fall in one partition, in
    order, so partitions can be applied independently. Each keeps its own position (a
    tracking row named ``<application>#<index>/<count>``) until they are merged."""

    index: int
    count: int

    def owns(self, originator_id: UUID | str) -> bool:
        if not isinstance(originator_id, UUID):
            originator_id = UUID(originator_id)
        return originator_id.int % self.count == self.index

    def tracking_name(self, application_name: str) -> str:
        return f"{application_name}#{self.index}/{self.count}"

    @classmethod
    def parse(cls, tracking_name: str) -> Partition:
        index, count = tracking_name.rsplit("#", 1)[1].split("/")
        return cls(int(index), int(count))

    @staticmethod
    def tracking_names(application_name: str, count: int) -> list[str]:
        return [Partition(k, count).tracking_name(application_name) for k in range(count)]

    @staticmethod
    def is_tracking_name(name: str) -> bool:
        return "#" in name


def _position_row(projection: str, application_name: str, position: int) -> Row:
    return {
        "projection": projection,
        "application_name": application_name,
        "notification_id": position,
    }


class LostRaceError(IntegrityError):
    """Raised when another process moved a view's position after this one read it: the
    batch in hand was computed from stale rows and is rolled back (catch up again)."""


class SQLView(TrackingRecorder):
    """A read model on SQLAlchemy 2 whose rows and position commit in one transaction."""

    tables: ClassVar[tuple[Table, ...]] = ()

    def __init__(self, engine: Engine, projection_name: str) -> None:
        self.engine = engine
        self.projection_name = projection_name
        self._pending: dict[Table, dict[Key, Row]] = {}
        self._replaced: dict[Table, dict[Any, list[Row]]] = {}
        self._appended: dict[Table, list[Row]] = {}
        self._cache: dict[Table, OrderedDict[Key, Row | None]] = {}
        self._positions: dict[str, int] = {}
        # The position last read from or written to the store, per application.
        self._committed: dict[str, int] = {}
        self._batching = False
        self.on_discard: list[Callable[[], None]] = []

    # -- TrackingRecorder ------------------------------------------------------------------

    def insert_tracking(self, tracking: Tracking) -> None:
        """Moves the position without changing rows (an event this view ignores)."""
        self._track(tracking)

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(tracking_table.c.notification_id).where(
                    tracking_table.c.projection == self.projection_name,
                    tracking_table.c.application_name == application_name,
                )
            ).scalar_one_or_none()
        return None if found is None else int(found)

    # -- buffered writes -------------------------------------------------------------------

    def put(self, table: Table, row: Row) -> None:
        """Inserts or replaces the row with ``row``'s primary key (written at commit)."""
        key = tuple(row[name] for name in _key_names(table))
        self._pending.setdefault(table, {})[key] = row
        self._remember(table, key, row)

    def append_row(self, table: Table, row: Row) -> None:
        """Inserts a row that is never read back or replaced (append-only tables)."""
        self._appended.setdefault(table, []).append(row)

    def replace_children(self, table: Table, parent: Any, rows: list[Row]) -> None:
        """Replaces every row of ``table`` whose first key column equals ``parent``."""
        self._replaced.setdefault(table, {})[parent] = rows

    def update_row(self, table: Table, key: Any, tracking: Tracking, **values: Any) -> None:
        """Sets ``values`` on the row whose (single-column) primary key is ``key``, when the
        view has it, and moves the position to ``tracking``."""
        current = self.row(table, key)
        if current is not None:
            self.put(table, {**current, **values})
        self._track(tracking)

    def row(self, table: Table, *key: Any) -> Row | None:
        """The current row by primary key: pending, else cached, else stored."""
        pending = self._pending.get(table, {}).get(key)
        if pending is not None:
            return pending
        cache = self._cache.setdefault(table, OrderedDict())
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        columns = list(table.primary_key.columns)
        with self.engine.connect() as conn:
            found = conn.execute(
                select(table).where(and_(*(c == v for c, v in zip(columns, key, strict=True))))
            ).first()
        stored = None if found is None else dict(found._mapping)
        self._remember(table, key, stored)
        return stored

    def _remember(self, table: Table, key: Key, row: Row | None) -> None:
        cache = self._cache.setdefault(table, OrderedDict())
        cache[key] = row
        cache.move_to_end(key)
        if len(cache) > ROW_CACHE_SIZE:
            cache.popitem(last=False)

    # -- transactions ----------------------------------------------------------------------

    def _track(self, tracking: Tracking) -> None:
        current = self._position(tracking.application_name)
        if tracking.notification_id <= current:
            self.discard()
            raise IntegrityError(
                f"{self.projection_name} already processed {tracking.application_name} "
                f"notification {tracking.notification_id} (at {current})"
            )
        self._positions[tracking.application_name] = tracking.notification_id
        if not self._batching:
            try:
                with self.engine.begin() as conn:
                    self.write(conn, tracking)
            except BaseException:
                self.discard()
                raise

    def _position(self, application_name: str) -> int:
        if application_name not in self._positions:
            self.sync_position(application_name)
        return self._positions[application_name]

    def sync_position(self, application_name: str) -> int:
        """Reads the stored position; when another process moved it since this view last
        read or wrote it, drops every cached row first (they may be stale). Returns it."""
        stored = self.max_tracking_id(application_name) or 0
        known = self._committed.get(application_name)
        if known is not None and known != stored:
            self.discard()
        self._positions[application_name] = self._committed[application_name] = stored
        return stored

    def knows_position(self, application_name: str) -> bool:
        """Whether this view last read or wrote a position past zero for the log."""
        return self._committed.get(application_name, 0) > 0

    def begin_batch(self) -> None:
        self._batching = True

    def end_batch(self, conn: Connection, application_name: str, position: int) -> None:
        """Writes the batch's rows and moves the position to ``position`` (which may lie past
        the last event this view took, when the rest were other views' topics)."""
        self._batching = False
        if position > self._position(application_name):
            self._positions[application_name] = position
        self.write(conn, Tracking(application_name, self._positions[application_name]))

    def discard(self) -> None:
        """Forgets unwritten rows and every cache (after a failure or a rollback)."""
        self._batching = False
        self._pending.clear()
        self._replaced.clear()
        self._appended.clear()
        self._cache.clear()
        self._positions.clear()
        self._committed.clear()
        self.forget()
        for listener in self.on_discard:
            listener()

    def forget(self) -> None:
        """Subclasses drop their in-memory state here; it is reloaded from the store."""

    def prepare(self) -> None:
        """Subclasses turn deferred work into ``put`` calls here, just before writing."""

    def write(self, conn: Connection, tracking: Tracking) -> None:
        self.prepare()
        for table, children in self._replaced.items():
            parent = list(table.primary_key.columns)[0]
            conn.execute(table.delete().where(parent.in_(list(children))))
            _insert_many(conn, table, [r for rs in children.values() for r in rs])
        for table, appended in self._appended.items():
            _insert_many(conn, table, appended)
        for table, pending in self._pending.items():
            _insert_many(conn, table, list(pending.values()), replace=True)
        self._write_position(conn, tracking)
        self._pending.clear()
        self._replaced.clear()
        self._appended.clear()

    def _write_position(self, conn: Connection, tracking: Tracking) -> None:
        """Moves the stored position from the one this view last saw to ``tracking``'s, or
        raises LostRaceError (another process moved it first: its row lock makes this wait
        for its commit on PostgreSQL; SQLite serialises writers)."""
        t = tracking_table.c
        name = tracking.application_name
        expected = self._committed.get(name, 0)
        moved = conn.execute(
            update(tracking_table)
            .where(
                t.projection == self.projection_name,
                t.application_name == name,
                t.notification_id == expected,
            )
            .values(notification_id=tracking.notification_id)
        )
        if not moved.rowcount:
            if expected:
                raise LostRaceError(
                    f"{self.projection_name}: {name} position moved past {expected} "
                    "by another process"
                )
            try:
                conn.execute(
                    tracking_table.insert(),
                    _position_row(self.projection_name, name, tracking.notification_id),
                )
            except SQLIntegrityError as error:
                # Another process stored a first position meanwhile.
                raise LostRaceError(str(error)) from error
            if (
                not Partition.is_tracking_name(name)
                and conn.execute(
                    select(tracking_table.c.notification_id)
                    .where(self._partitions_of(name))
                    .limit(1)
                ).first()
            ):
                raise LostRaceError(f"{self.projection_name}: a partitioned rebuild started")
        self._committed[name] = tracking.notification_id

    # -- maintenance -----------------------------------------------------------------------

    def clear(self, application_name: str | None = None, partitions: int = 1) -> None:
        """Deletes every row of this view and its positions (the start of a rebuild). With
        ``partitions`` > 1, in the same transaction, stores a zero position for each
        partition of ``application_name``'s log instead (see ``Partition``): from then on
        every catch-up finishes the partitioned rebuild before it does anything else, and
        nobody can start an unpartitioned one from zero beside it."""
        self.discard()
        with self.engine.begin() as conn:
            for table in self.tables:
                conn.execute(table.delete())
            conn.execute(
                tracking_table.delete().where(tracking_table.c.projection == self.projection_name)
            )
            if partitions > 1 and application_name is not None:
                names = Partition.tracking_names(application_name, partitions)
                conn.execute(
                    tracking_table.insert(),
                    [_position_row(self.projection_name, n, 0) for n in names],
                )

    def partition_positions(self, application_name: str) -> dict[Partition, int]:
        """Positions of an unfinished partitioned rebuild of this view (empty when none)."""
        t = tracking_table.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.application_name, t.notification_id).where(
                    self._partitions_of(application_name)
                )
            ).all()
        return {Partition.parse(name): int(position) for name, position in rows}

    def _partitions_of(self, application_name: str) -> ColumnElement[bool]:
        """This view's partition positions of ``application_name``'s log."""
        t = tracking_table.c
        return and_(
            t.projection == self.projection_name,
            t.application_name.startswith(f"{application_name}#", autoescape=True),
        )

    def merge_partitions(
        self, conn: Connection, application_name: str, partitions: int, position: int
    ) -> None:
        """Replaces the partitions' positions, all at ``position``, by the view's one position
        there. Raises LostRaceError when they are not all there any more (another process
        merged them first, or one moved on)."""
        t = tracking_table.c
        gone = conn.execute(
            tracking_table.delete().where(
                t.projection == self.projection_name,
                t.application_name.in_(Partition.tracking_names(application_name, partitions)),
                t.notification_id == position,
            )
        )
        if gone.rowcount != partitions:
            raise LostRaceError(f"{self.projection_name}: partitions moved or merged meanwhile")
        conn.execute(
            tracking_table.insert(), _position_row(self.projection_name, application_name, position)
        )
        self.discard()

    def dump(self) -> dict[str, list[list[Any]]]:
        """Every row of every table of this view, in key order (for comparisons)."""
        out: dict[str, list[list[Any]]] = {}
        with self.engine.connect() as conn:
            for table in self.tables:
                order = list(table.primary_key.columns) or list(table.columns)
                out[table.name] = [list(r) for r in conn.execute(select(table).order_by(*order))]
        return out


@cache
def _key_names(table: Table) -> tuple[str, ...]:
    # Iterating a ColumnCollection per row showed in profiles; tables never change.
    return tuple(c.name for c in table.primary_key.columns)


def _insert_many(conn: Connection, table: Table, rows: list[Row], replace: bool = False) -> None:
    """One DB-API ``executemany`` with positional rows: compiling a Core insert per batch
    cost more than the writes themselves (profiled on a rebuild). ``replace`` upserts on the
    primary key: ``INSERT OR REPLACE`` on SQLite, ``ON CONFLICT ... DO UPDATE`` on
    PostgreSQL (psycopg pipelines the ``executemany``)."""
    if not rows:
        return
    names = [c.name for c in table.columns]
    sql = _insert_sql(table, conn.dialect.name, replace)
    values = itemgetter(*names)  # a tuple per row: every table has several columns
    conn.exec_driver_sql(sql, list(map(values, rows)))


@cache
def _insert_sql(table: Table, dialect: str, replace: bool) -> str:
    # Table and column names come from our own Table objects, never from input.
    names = [c.name for c in table.columns]
    columns = ", ".join(names)
    if dialect == "sqlite":
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        return f"{verb} INTO {table.name} ({columns}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
    insert = f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608
    if not replace:
        return insert
    keys = _key_names(table)
    others = [n for n in names if n not in keys]
    action = (
        "DO UPDATE SET " + ", ".join(f"{n} = EXCLUDED.{n}" for n in others)
        if others
        else "DO NOTHING"
    )
    return f"{insert} ON CONFLICT ({', '.join(keys)}) {action}"
