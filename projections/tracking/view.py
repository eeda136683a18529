"""``SQLView``: the tracking recorder every follower's view is, on SQLAlchemy 2: its rows
(``rows``), its position (``positions``) and its parked events (``parked``) commit in one
transaction, per event when a follower is driven directly, per batch when the runner drives
it. A position at or before the stored one raises ``IntegrityError``, so an event is never
applied twice.

Several processes may feed the same view (API processes catching up after their commands, a
projection worker, a retry of parked events): positions move by compare-and-set from what
this view last read or wrote, and ``adopt`` drops the in-memory rows whenever another process
changed them. Imports nothing of ours outside ``projections.tracking``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder
from sqlalchemy import Index, Table, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError as SQLIntegrityError
from sqlalchemy.schema import CreateIndex, DropIndex

from projections.tracking.parked import (
    ParkedEvent,
    delete_parked,
    holding,
    parked_table,
    write_parked,
)
from projections.tracking.partitions import Partition, partitions_of
from projections.tracking.positions import (
    NOWHERE,
    LostRaceError,
    Stored,
    move,
    position_row,
    read_positions,
    tracking_table,
)
from projections.tracking.rows import RowBuffer


class SQLView(RowBuffer, TrackingRecorder):
    """A read model (or a follower's record) whose rows, position and parked events commit
    in one transaction."""

    tables: ClassVar[tuple[Table, ...]] = ()
    # Indexes a rebuild drops before it loads the tables and builds again at its end: only
    # ones the view never reads through while it is being rebuilt (an append-only table's).
    deferred_indexes: ClassVar[tuple[Index, ...]] = ()

    def __init__(self, engine: Engine, projection_name: str) -> None:
        super().__init__(engine)
        self.projection_name = projection_name
        # Applied in memory, and last read from or written to the store, per tracking name.
        self._positions: dict[str, int] = {}
        self._committed: dict[str, Stored] = {}
        # Per log: originators held back by a parked event (-> its position), and the
        # partitions of an unfinished partitioned rebuild, both as last read.
        self._held: dict[str, dict[str, int]] = {}
        self._partitions: dict[str, dict[Partition, int]] = {}
        self._parking: list[ParkedEvent] = []
        self._unparking: list[tuple[str, int]] = []
        self._batching = False
        self._replaying = False
        self.on_discard: list[Callable[[], None]] = []

    # -- TrackingRecorder ------------------------------------------------------------------

    def insert_tracking(self, tracking: Tracking) -> None:
        """Moves the position without changing rows (an event this view ignores)."""
        self._track(tracking)

    def max_tracking_id(self, application_name: str) -> int | None:
        t = tracking_table.c
        with self.engine.connect() as conn:
            found = conn.execute(
                select(t.notification_id).where(
                    t.projection == self.projection_name, t.application_name == application_name
                )
            ).scalar_one_or_none()
        return None if found is None else int(found)

    def update_row(self, table: Table, key: Any, tracking: Tracking, **values: Any) -> None:
        """Sets ``values`` on the row whose (single-column) primary key is ``key``, when the
        view has it, and moves the position to ``tracking``."""
        current = self.row(table, key)
        if current is not None:
            self.put(table, {**current, **values})
        self._track(tracking)

    # -- positions -------------------------------------------------------------------------

    def _track(self, tracking: Tracking) -> None:
        if self._replaying:
            return  # a parked event retried: the position is already past it
        name = tracking.application_name
        current = self.position(name)
        if tracking.notification_id <= current:
            self.discard()
            raise IntegrityError(
                f"{self.projection_name} already processed {name} "
                f"notification {tracking.notification_id} (at {current})"
            )
        self._positions[name] = tracking.notification_id
        if not self._batching:
            try:
                with self.engine.begin() as conn:
                    self.write(conn, tracking)
            except BaseException:
                self.discard()
                raise

    def position(self, name: str) -> int:
        """The position applied so far (read from the store when not known yet)."""
        if name not in self._positions:
            self.sync_position(name)
        return self._positions[name]

    def sync_position(self, application_name: str) -> int:
        """Reads this view's rows for the log; returns its position there."""
        log = Partition.application_of(application_name)
        with self.engine.connect() as conn:
            rows = read_positions(conn, [self.projection_name], log)
        self.adopt(log, rows.get(self.projection_name, {}))
        return self._positions[application_name]

    def adopt(self, application_name: str, rows: dict[str, Stored]) -> None:
        """Takes this view's rows as just read for the log ``application_name`` (its own
        and its partitions'); when another process changed any of them since this view
        last read or wrote them, drops every cached row first (they may be stale)."""
        mine = [n for n in self._committed if Partition.application_of(n) == application_name]
        if any(self._committed[n] != rows.get(n, NOWHERE) for n in mine):
            self.discard()
        for name in [n for n in mine if n not in rows and Partition.is_tracking_name(n)]:
            self._committed.pop(name, None)
            self._positions.pop(name, None)
        for name, stored in {application_name: NOWHERE, **rows}.items():
            self._committed[name] = stored
            self._positions[name] = stored.position
        self._partitions[application_name] = {
            Partition.parse(n): s.position for n, s in rows.items() if Partition.is_tracking_name(n)
        }

    def knows_position(self, application_name: str) -> bool:
        """Whether this view last read or wrote a position past zero for the log."""
        return self._committed.get(application_name, NOWHERE).position > 0

    def partitions(self, application_name: str) -> dict[Partition, int]:
        """The partitions of an unfinished partitioned rebuild, as last read."""
        return self._partitions.get(application_name, {})

    def held(self, application_name: str) -> dict[str, int] | None:
        """Originators held back by parked events (-> position), or None when not loaded
        since this view's rows last changed."""
        return self._held.get(application_name)

    def hold(self, application_name: str, held: dict[str, int]) -> None:
        self._held[application_name] = held

    # -- batches ---------------------------------------------------------------------------

    def begin_batch(self) -> None:
        self._batching = True

    def end_batch(self, conn: Connection, application_name: str, position: int) -> None:
        """Writes the batch's rows and moves the position to ``position`` (which may lie past
        the last event this view took, when the rest were other views' topics)."""
        self.flush(conn)
        self.commit_position(conn, application_name, position)

    def park(self, event: ParkedEvent) -> None:
        """Records ``event`` as parked for this view, with the batch in hand."""
        self._parking.append(event)

    def unpark(self, application_name: str, position: int) -> None:
        """Removes a parked event (retried successfully), with the batch in hand."""
        self._unparking.append((application_name, position))

    def begin_replay(self) -> None:
        """Takes a parked event again: rows are buffered and the position stays."""
        self._batching = self._replaying = True

    def end_replay(self, conn: Connection, application_name: str) -> None:
        """Writes the retried event's rows and parked-event changes; raises LostRaceError
        when another process changed this view's rows since they were read."""
        self.flush(conn)
        expected = self._committed.get(application_name, NOWHERE)
        new = self._next(application_name, expected.position)
        if not move(conn, [self.projection_name], application_name, expected, new):
            raise LostRaceError(f"{self.projection_name}: changed by another process")
        self.settle(application_name, new)

    def flush(self, conn: Connection) -> None:
        """Writes the buffered rows and parked-event changes on ``conn`` (no position)."""
        self.prepare()
        self.write_rows(conn)
        write_parked(conn, self._parking)
        for name in {n for n, _ in self._unparking}:
            positions = [p for n, p in self._unparking if n == name]
            delete_parked(conn, self.projection_name, name, positions)

    def _next(self, name: str, position: int) -> Stored:
        expected = self._committed.get(name, NOWHERE)
        changes = len(self._parking) + len(self._unparking)
        return Stored(
            max(position, self._positions.get(name, 0)), expected.parked_changes + changes
        )

    def settle(self, name: str, stored: Stored) -> None:
        """Records that ``stored`` was written for ``name`` (in the caller's transaction)."""
        self._committed[name] = stored
        self._positions[name] = stored.position
        self._parking.clear()
        self._unparking.clear()
        self._batching = self._replaying = False

    def commit_position(self, conn: Connection, name: str, position: int) -> None:
        """Moves the stored position from the one this view last saw to ``position``, or
        raises LostRaceError (another process moved it first: its row lock makes this wait
        for its commit on PostgreSQL; SQLite serialises writers)."""
        expected = self._committed.get(name, NOWHERE)
        new = self._next(name, position)
        if not move(conn, [self.projection_name], name, expected, new):
            if expected != NOWHERE:
                raise LostRaceError(
                    f"{self.projection_name}: {name} position moved past {expected.position} "
                    "by another process"
                )
            try:
                conn.execute(tracking_table.insert(), position_row(self.projection_name, name, new))
            except SQLIntegrityError as error:
                # Another process stored a first position meanwhile.
                raise LostRaceError(str(error)) from error
            if not Partition.is_tracking_name(name) and self._partitioned(conn, name):
                raise LostRaceError(f"{self.projection_name}: a partitioned rebuild started")
        self.settle(name, new)

    def _partitioned(self, conn: Connection, application_name: str) -> bool:
        query = select(tracking_table.c.notification_id).where(
            partitions_of(self.projection_name, application_name)
        )
        return conn.execute(query.limit(1)).first() is not None

    def write(self, conn: Connection, tracking: Tracking) -> None:
        """Writes the rows and moves the position to ``tracking`` (one event's commit)."""
        self.flush(conn)
        self.commit_position(conn, tracking.application_name, tracking.notification_id)

    def discard(self) -> None:
        """Forgets unwritten rows and every cache (after a failure or a rollback)."""
        self.drop_cache()
        self._positions.clear()
        self._committed.clear()
        self._held.clear()
        self._partitions.clear()
        self._parking.clear()
        self._unparking.clear()
        self._batching = self._replaying = False
        self.forget()
        for listener in self.on_discard:
            listener()

    def forget(self) -> None:
        """Subclasses drop their in-memory state here; it is reloaded from the store."""

    def prepare(self) -> None:
        """Subclasses turn deferred work into ``put`` calls here, just before writing."""

    # -- maintenance -----------------------------------------------------------------------

    def clear(self, application_name: str | None = None, partitions: int = 1) -> None:
        """Deletes every row of this view, its positions and its parked events (the start of
        a rebuild). With ``partitions`` > 1, in the same transaction, stores a zero position
        for each partition of ``application_name``'s log instead (see ``Partition``): from
        then on every catch-up finishes the partitioned rebuild before it does anything else,
        and nobody can start an unpartitioned one from zero beside it."""
        self.discard()
        with self.engine.begin() as conn:
            for table in self.tables:
                conn.execute(table.delete())
            conn.execute(
                tracking_table.delete().where(tracking_table.c.projection == self.projection_name)
            )
            conn.execute(
                parked_table.delete().where(parked_table.c.follower == self.projection_name)
            )
            if partitions > 1 and application_name is not None:
                names = Partition.tracking_names(application_name, partitions)
                conn.execute(
                    tracking_table.insert(),
                    [position_row(self.projection_name, n, NOWHERE) for n in names],
                )

    def drop_deferred_indexes(self) -> None:
        """Drops the ``deferred_indexes`` (the start of a rebuild, before ``clear``)."""
        if not self.deferred_indexes:
            return
        with self.engine.begin() as conn:
            for index in self.deferred_indexes:
                conn.execute(DropIndex(index, if_exists=True))

    def create_deferred_indexes(self) -> None:
        """Builds whichever ``deferred_indexes`` are missing: at the end of a rebuild, and at
        start-up after one that was killed before its end."""
        if not self.deferred_indexes:
            return  # no transaction at start-up for the views that defer none
        with self.engine.begin() as conn:
            for index in self.deferred_indexes:
                # IF NOT EXISTS rather than a look first: API processes start together.
                conn.execute(CreateIndex(index, if_not_exists=True))

    def partition_positions(self, application_name: str) -> dict[Partition, int]:
        """Positions of an unfinished partitioned rebuild of this view (empty when none)."""
        t = tracking_table.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.application_name, t.notification_id).where(
                    partitions_of(self.projection_name, application_name)
                )
            ).all()
        return {Partition.parse(name): int(position) for name, position in rows}

    def merge_partitions(
        self, conn: Connection, application_name: str, partitions: int, position: int
    ) -> None:
        """Replaces the partitions' positions, all at ``position``, by the view's one position
        there. Raises LostRaceError when they are not all there any more (another process
        merged them first, or one moved on)."""
        t = tracking_table.c
        names = Partition.tracking_names(application_name, partitions)
        mine = (t.projection == self.projection_name) & t.application_name.in_(names)
        changes = conn.execute(
            select(t.parked_changes).where(mine, t.notification_id == position)
        ).scalars()
        counted = list(changes)
        gone = conn.execute(tracking_table.delete().where(mine, t.notification_id == position))
        if gone.rowcount != partitions or len(counted) != partitions:
            raise LostRaceError(f"{self.projection_name}: partitions moved or merged meanwhile")
        merged = Stored(position, sum(counted))
        conn.execute(
            tracking_table.insert(), position_row(self.projection_name, application_name, merged)
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


def commit_positions(
    conn: Connection, moves: Sequence[tuple[SQLView, int]], application_name: str
) -> None:
    """Writes the positions of several views on ``conn`` after their ``flush``: views that
    all stand at the same known place move in one statement (the usual case: every view of a
    batch was at the same position), the rest one by one. Raises LostRaceError."""
    groups: dict[tuple[Stored, Stored], list[SQLView]] = {}
    singles: list[tuple[SQLView, int]] = []
    for view, position in moves:
        expected = view._committed.get(application_name, NOWHERE)
        if expected.position == 0:
            singles.append((view, position))  # maybe no row yet: insert it
            continue
        new = view._next(application_name, position)
        groups.setdefault((expected, new), []).append(view)
    for (expected, new), views in groups.items():
        names = [v.projection_name for v in views]
        if not move(conn, names, application_name, expected, new):
            raise LostRaceError(f"{', '.join(names)}: moved by another process")
        for view in views:
            view.settle(application_name, new)
    for view, position in singles:
        view.commit_position(conn, application_name, position)


def sync_views(views: Sequence[SQLView], application_name: str) -> None:
    """Reads the rows of every view for the log in one query, and the parked events holding
    back originators for those whose rows changed (one more query, only then)."""
    if not views:
        return
    engine = views[0].engine
    with engine.connect() as conn:
        rows = read_positions(conn, [v.projection_name for v in views], application_name)
        for view in views:
            view.adopt(application_name, rows.get(view.projection_name, {}))
        stale = [v for v in views if v.held(application_name) is None]
        if stale:
            held = holding(conn, [v.projection_name for v in stale], application_name)
            for view in stale:
                view.hold(application_name, held.get(view.projection_name, {}))
