"""The one loop that feeds every follower of the ledger's log (read models, badge issuance,
the hash tree): ``catch_up`` reads what is new page by page (``projections.log``), hands each
event to every follower whose topics name it, and commits each page's rows, positions and
parked events in one transaction, so a crash replays the whole page and nothing twice.

The SQLite recorder has no ``subscribe()`` in eventsourcing 9.5, so followers poll.
Reading "everything up to the head" is safe on both stores because no id at or below a
visible id can still appear later. SQLite serialises writers. On PostgreSQL the
``eventsourcing.postgres`` recorder takes ``LOCK TABLE ... IN EXCLUSIVE MODE`` before it
draws ids from the sequence, and PostgreSQL makes a commit visible before it releases the
transaction's locks, so ids are handed out in commit order. Gaps do occur (a refused or
rolled-back append consumes sequence values) but are permanent: nothing fills them later,
so passing over them loses nothing. The recorder's optional insert function
(``POSTGRES_ENABLE_DB_FUNCTIONS``) takes no such lock; ``catch_up`` refuses a ledger that
uses it.

Parking: when a follower cannot process an event (its handler raises anything but a sign
that a database is away), the page is rolled back, applied again up to that event, and the
event is recorded as parked for that follower with its error instead of applied; the
follower and every other one go on. A follower ordered by originator (every read model,
badge issuance) parks later events of the same originator behind it (``HeldBackError``), so
nothing is derived from a trajectory's later facts while an earlier one is missing; one
ordered by the whole log (the hash tree) stops at it. A failure while writing a page is
narrowed down to one follower and one event by applying the page again one at a time.
``projections.followers`` retries parked events.

Several processes may catch up the same followers (see ``projections.tracking``): one that
loses the race on a page rolls it back and starts again from the stored positions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from ledger import Ledger
from projections.batches import LostBatchError, PageRun
from projections.follower import TRANSIENT_ERRORS, Clock, Follower, utc_now
from projections.tracking import Partition

# Events per transaction: large enough that commits and per-trajectory recomputation are
# amortised, small enough that a batch's buffered rows stay a few MiB.
BATCH = 5_000
# A rebuild has no reader waiting for the next commit: larger transactions mean each
# trajectory's rows are derived and rewritten fewer times, but a batch's page of events and
# buffered rows stay in memory until its commit (measured over 100k events, one process:
# 50,000 per batch 420 MiB peak RSS and 11-12 s CPU; 20,000 300 MiB and 12.7-13 s).
REBUILD_BATCH = 20_000
Progress = Callable[[int, int], None]
RECONNECT_WAIT = 1.0
# Lost races in a row before ``catch_up`` leaves the rest to the process that keeps winning.
RACE_RETRIES = 20

# The older name of what ``projections.follower`` calls a follower.
ReadModelProjection = Follower


class UnorderedStoreError(RuntimeError):
    """Raised when the ledger's store may commit notification ids out of order (PostgreSQL
    with ``POSTGRES_ENABLE_DB_FUNCTIONS``), so a reader could skip an event for good."""


def catch_up(
    followers: Sequence[Follower],
    ledger: Ledger,
    *,
    limit: int = BATCH,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    until: int | None = None,
    clock: Clock = utc_now,
    synced: bool = False,
    retrying: frozenset[str] = frozenset(),
) -> int:
    """Applies every notification after each follower's position up to the log's head as it
    was on entry (or ``until``); returns how many notifications were read. An event a
    follower cannot process is parked (see the module docstring); database outages are
    raised (the page is rolled back and the caches dropped). ``progress(position, head)`` is
    called after each committed page. ``synced``: the views' rows were just read
    (``sync_views``). ``retrying``: followers ordered by the log whose parked event is tried
    again. A page another process committed first is rolled back and the catch-up resumes
    from the stored positions (up to ``RACE_RETRIES`` times)."""
    if not followers:
        return 0
    _require_commit_order(ledger)
    run = PageRun(followers, ledger, clock, retrying)
    skip_sync = [synced]

    def attempt() -> int:
        if not (skip_sync and skip_sync.pop()):
            run.sync()
        finished = run.finish_partitioned(limit, stop)
        return finished + run.pages(limit, progress, stop, until=until)

    return _retrying_lost_races(attempt)


def catch_up_partition(
    followers: Sequence[Follower],
    ledger: Ledger,
    partition: Partition,
    until: int,
    *,
    limit: int = BATCH,
    progress: Progress | None = None,
    clock: Clock = utc_now,
) -> int:
    """Applies the partition's events after its stored position up to ``until`` (one share
    of a partitioned rebuild; see ``ReadModels.rebuild``). Returns notifications read."""
    _require_commit_order(ledger)
    run = PageRun(followers, ledger, clock)

    def attempt() -> int:
        run.sync()
        return run.pages(limit, progress, None, partition, until)

    return _retrying_lost_races(attempt)


def _retrying_lost_races(attempt: Callable[[], int]) -> int:
    """Runs ``attempt`` again after a lost race (up to ``RACE_RETRIES`` times); returns the
    notifications read over all attempts."""
    read = 0
    for _ in range(RACE_RETRIES):
        try:
            return read + attempt()
        except LostBatchError as race:
            read += race.read
    return read


def _require_commit_order(ledger: Ledger) -> None:
    datastore = getattr(ledger.recorder, "datastore", None)
    if getattr(datastore, "enable_db_functions", False):
        raise UnorderedStoreError(
            "POSTGRES_ENABLE_DB_FUNCTIONS inserts without the table lock: ids may commit "
            "out of order, so catching up could skip events; unset it"
        )


def follow(
    followers: Sequence[Follower],
    ledger: Ledger,
    *,
    interval: float = 0.2,
    stop: threading.Event | None = None,
    limit: int = BATCH,
    progress: Progress | None = None,
) -> None:
    """Catches up, then polls for new events every ``interval`` seconds until ``stop`` is
    set; a database outage is waited out (the page in hand was rolled back)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            read = catch_up(followers, ledger, limit=limit, progress=progress, stop=stop)
        except TRANSIENT_ERRORS:
            stop.wait(RECONNECT_WAIT)
            continue
        if not read:
            stop.wait(interval)
