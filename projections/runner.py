"""Feeding projections from the ledger's log: ``catch_up`` pulls what is new and applies it;
``follow`` keeps doing so until told to stop.

The SQLite recorder has no ``subscribe()`` in eventsourcing 9.5, so the runner polls
``select_notifications`` from each view's tracked position. Events are mapped once and handed
to every projection whose topics name them; each batch's rows and positions commit in one
transaction, so a crash replays the whole batch and nothing twice.
"""

from __future__ import annotations

import inspect
import signal
import threading
from collections.abc import Callable, Sequence
from functools import singledispatchmethod
from types import FrameType
from typing import Any, Protocol

from eventsourcing.persistence import Tracking

from ledger import Ledger
from projections.tracking import SQLView

# Events per transaction: large enough that commits and per-trajectory recomputation are
# amortised, small enough that a batch's buffered rows stay a few MiB.
BATCH = 5_000
# A rebuild has no reader waiting for the next commit: fewer, larger transactions mean each
# trajectory's rows are derived and rewritten fewer times (peak RSS about 280 MiB per
# process over 1M events).
REBUILD_BATCH = 50_000
Progress = Callable[[int, int], None]


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
    rolled back and its caches dropped)."""
    if not projections:
        return 0
    engine = projections[0].view.engine
    name = ledger.name
    head = ledger.recorder.max_notification_id() or 0
    positions = {p.name: p.view.max_tracking_id(name) or 0 for p in projections}
    wanted = {p.name: frozenset(p.topics) for p in projections}
    topics = sorted(set().union(*wanted.values()))
    handlers = {p.name: _Handlers(p) for p in projections}
    start, read = min(positions.values()), 0
    while start < head and not (stop and stop.is_set()):
        # ``stop=head``: on SQLite ids are contiguous and commits serialise, so every id up
        # to the head read above is visible; a short page therefore means "done to head".
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
                event = to_domain_event(notification)
                tracking = Tracking(name, notification.id)
                for after, handle in routes[notification.topic]:
                    if notification.id > after:
                        handle(event, tracking)
            with engine.begin() as conn:
                for p in active:
                    p.view.end_batch(conn, name, last)
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
        if not catch_up(projections, ledger, limit=limit, progress=progress, stop=stop):
            stop.wait(interval)


def install_stop_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT end ``follow`` after the batch in hand commits."""

    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
