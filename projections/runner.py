"""Feeding projections from the ledger's log: ``catch_up`` pulls what is new and applies it;
``follow`` keeps doing so until told to stop.

The SQLite recorder has no ``subscribe()`` in eventsourcing 9.5, so the runner polls
``select_notifications`` from each view's tracked position. Events are mapped once and handed
to every projection whose topics name them; each batch's rows and positions commit in one
transaction, so a crash replays the whole batch and nothing twice.

Reading "everything up to the head" is safe on both stores because no id at or below a
visible id can still appear later. SQLite serialises writers. On PostgreSQL the
``eventsourcing.postgres`` recorder takes ``LOCK TABLE ... IN EXCLUSIVE MODE`` before it
draws ids from the sequence, and PostgreSQL makes a commit visible before it releases the
transaction's locks, so ids are handed out in commit order. Gaps do occur (a refused or
rolled-back append consumes sequence values) but are permanent: nothing fills them later,
so passing over them loses nothing. The recorder's optional insert function
(``POSTGRES_ENABLE_DB_FUNCTIONS``) takes no such lock; ``catch_up`` refuses a ledger that
uses it.

Several processes may run ``catch_up`` on the same views (see ``projections.tracking``):
one that loses the race on a batch rolls it back and starts again from the stored position.
"""

from __future__ import annotations

import inspect
import signal
import threading
from collections.abc import Callable, Sequence
from functools import singledispatchmethod
from types import FrameType
from typing import Any, Protocol

from eventsourcing.persistence import InterfaceError as PersistenceInterfaceError
from eventsourcing.persistence import OperationalError as PersistenceOperationalError
from eventsourcing.persistence import Tracking
from sqlalchemy.exc import InterfaceError as SQLInterfaceError
from sqlalchemy.exc import OperationalError as SQLOperationalError

from ledger import Ledger
from projections.tracking import LostRaceError, Partition, SQLView

# Events per transaction: large enough that commits and per-trajectory recomputation are
# amortised, small enough that a batch's buffered rows stay a few MiB.
BATCH = 5_000
# A rebuild has no reader waiting for the next commit: fewer, larger transactions mean each
# trajectory's rows are derived and rewritten fewer times (peak RSS about 280 MiB per
# process over 1M events).
REBUILD_BATCH = 50_000
Progress = Callable[[int, int], None]
# Errors that mean "the database is not answering right now", retried by ``follow``.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    PersistenceOperationalError,
    PersistenceInterfaceError,
    SQLOperationalError,
    SQLInterfaceError,
)
RECONNECT_WAIT = 1.0
# Lost races in a row before ``catch_up`` leaves the rest to the process that keeps winning.
RACE_RETRIES = 20


class UnorderedStoreError(RuntimeError):
    """Raised when the ledger's store may commit notification ids out of order (PostgreSQL
    with ``POSTGRES_ENABLE_DB_FUNCTIONS``), so a reader could skip an event for good."""


class ReadModelProjection(Protocol):
    """What the runner needs of a projection: ``eventsourcing.projection.Projection`` with an
    ``SQLView`` as its view."""

    name: str
    topics: tuple[str, ...]

    @property
    def view(self) -> SQLView: ...

    def process_event(self, domain_event: Any, tracking: Tracking) -> None: ...


def catch_up(
    projections: Sequence[ReadModelProjection],
    ledger: Ledger,
    *,
    limit: int = BATCH,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Applies every notification after each projection's position up to the log's head as
    it was on entry; returns how many notifications were read. ``progress(position, head)``
    is called after each committed batch. Raises whatever a projection raises (its batch is
    rolled back and its caches dropped). A batch another process committed first is rolled
    back and the catch-up resumes from the stored positions (up to ``RACE_RETRIES`` times)."""
    if not projections:
        return 0
    _require_commit_order(ledger)

    def attempt() -> int:
        finished = _finish_partitioned(projections, ledger, limit, stop)
        return finished + _catch_up(projections, ledger, limit, progress, stop)

    return _retrying_lost_races(attempt)


def catch_up_partition(
    projections: Sequence[ReadModelProjection],
    ledger: Ledger,
    partition: Partition,
    until: int,
    *,
    limit: int = BATCH,
    progress: Progress | None = None,
) -> int:
    """Applies the partition's events after its stored position up to ``until`` (one share
    of a partitioned rebuild; see ``ReadModels.rebuild``). Returns notifications read."""
    _require_commit_order(ledger)
    return _retrying_lost_races(
        lambda: _catch_up(projections, ledger, limit, progress, None, partition, until)
    )


def _retrying_lost_races(attempt: Callable[[], int]) -> int:
    """Runs ``attempt`` again after a lost race (up to ``RACE_RETRIES`` times); returns the
    notifications read over all attempts."""
    read = 0
    for _ in range(RACE_RETRIES):
        try:
            return read + attempt()
        except _LostBatchError as race:
            read += race.read
    return read


def _finish_partitioned(
    projections: Sequence[ReadModelProjection],
    ledger: Ledger,
    limit: int,
    stop: threading.Event | None,
) -> int:
    """Completes an unfinished partitioned rebuild (one that crashed, or that another process
    is still running) of any of the views: every partition up to the current head, one after
    another, then their positions merged into the view's own in one transaction. Racing the
    process that started it is safe: each partition's position moves by compare-and-set."""
    read = 0
    for projection in projections:
        if projection.view.knows_position(ledger.name):
            # It committed or read a position of its own: a rebuild started since would make
            # its next commit lose the race, and the retry looks here again.
            continue
        positions = projection.view.partition_positions(ledger.name)
        if not positions:
            continue
        count = next(iter(positions)).count
        head = ledger.recorder.max_notification_id() or 0
        for index in range(count):
            if stop and stop.is_set():
                return read
            partition = Partition(index, count)
            try:
                read += _catch_up([projection], ledger, limit, None, stop, partition, head)
            except _LostBatchError as race:
                read += race.read
                raise _LostBatchError(read) from race
        try:
            with projection.view.engine.begin() as conn:
                projection.view.merge_partitions(conn, ledger.name, count, head)
        except LostRaceError as race:
            raise _LostBatchError(read) from race
    return read


class _LostBatchError(LostRaceError):
    """A lost race, with how many notifications were read before it."""

    def __init__(self, read: int) -> None:
        super().__init__(f"lost a race after reading {read}")
        self.read = read


def _require_commit_order(ledger: Ledger) -> None:
    datastore = getattr(ledger.recorder, "datastore", None)
    if getattr(datastore, "enable_db_functions", False):
        raise UnorderedStoreError(
            "POSTGRES_ENABLE_DB_FUNCTIONS inserts without the table lock: ids may commit "
            "out of order, so catching up could skip events; unset it"
        )


def _catch_up(
    projections: Sequence[ReadModelProjection],
    ledger: Ledger,
    limit: int,
    progress: Progress | None,
    stop: threading.Event | None,
    partition: Partition | None = None,
    until: int | None = None,
) -> int:
    engine = projections[0].view.engine
    name = partition.tracking_name(ledger.name) if partition else ledger.name
    head = until if until is not None else ledger.recorder.max_notification_id() or 0
    owns = partition.owns if partition else None
    positions = {p.name: p.view.sync_position(name) for p in projections}
    wanted = {p.name: frozenset(p.topics) for p in projections}
    topics = sorted(set().union(*wanted.values()))
    handlers = {p.name: _Handlers(p) for p in projections}
    start, read = min(positions.values()), 0
    while start < head and not (stop and stop.is_set()):
        # ``stop=head``: every id up to the head read above that will ever exist is visible
        # (see the module docstring), so a short page means "done to head".
        notifications = ledger.recorder.select_notifications(
            start=start, stop=head, limit=limit, topics=topics, inclusive_of_start=False
        )
        last = notifications[-1].id if len(notifications) == limit else head
        active = [p for p in projections if positions[p.name] < last]
        # Per topic, the handlers of the active projections that want it, each with the
        # position it has already applied (past it, every event is new to it).
        routes: dict[str, list[tuple[int, _Handlers]]] = {}
        for topic in topics:
            routes[topic] = [
                (positions[p.name], handlers[p.name]) for p in active if topic in wanted[p.name]
            ]
        lowest = min(positions[p.name] for p in active)
        for p in active:
            p.view.begin_batch()
        try:
            to_domain_event = ledger.mapper.to_domain_event
            for notification in notifications:
                if notification.id <= lowest:
                    continue  # every active projection has applied it already
                if owns is not None and not owns(notification.originator_id):
                    continue  # another partition's: never decoded here
                event = to_domain_event(notification)
                tracking = Tracking(name, notification.id)
                for after, handle in routes[notification.topic]:
                    if notification.id > after:
                        handle(event, tracking)
            with engine.begin() as conn:
                for p in active:
                    p.view.end_batch(conn, name, last)
        except LostRaceError as race:
            for p in active:
                p.view.discard()
            raise _LostBatchError(read) from race
        except BaseException:
            for p in active:
                p.view.discard()
            raise
        for p in active:
            positions[p.name] = last
        read += len(notifications)
        start = last
        del notifications
        if progress:
            progress(last, head)
    return read


class _Handlers:
    """Calls a projection's ``process_event`` for an event, resolving a single-dispatch
    method once per event class: ``singledispatchmethod`` builds a new bound wrapper on
    every attribute access, which cost more than some views' own work (profiled)."""

    def __init__(self, projection: ReadModelProjection) -> None:
        self.projection = projection
        method = inspect.getattr_static(type(projection), "process_event", None)
        self.dispatcher = method.dispatcher if isinstance(method, singledispatchmethod) else None
        self.resolved: dict[type, Callable[..., None]] = {}

    def __call__(self, event: Any, tracking: Tracking) -> None:
        if self.dispatcher is None:
            self.projection.process_event(event, tracking)
            return
        cls = type(event)
        function = self.resolved.get(cls)
        if function is None:
            function = self.resolved[cls] = self.dispatcher.dispatch(cls)
        function(self.projection, event, tracking)


def follow(
    projections: Sequence[ReadModelProjection],
    ledger: Ledger,
    *,
    interval: float = 0.2,
    stop: threading.Event | None = None,
    limit: int = BATCH,
    progress: Progress | None = None,
) -> None:
    """Catches up, then polls for new events every ``interval`` seconds until ``stop`` is
    set (``install_stop_signals`` sets it on SIGTERM and SIGINT)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            read = catch_up(projections, ledger, limit=limit, progress=progress, stop=stop)
        except TRANSIENT_ERRORS:
            # The database went away (restart, failover): the batch was rolled back and the
            # caches dropped; resume from the stored positions once it answers again.
            stop.wait(RECONNECT_WAIT)
            continue
        if not read:
            stop.wait(interval)


def install_stop_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT end ``follow`` after the batch in hand commits."""

    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
