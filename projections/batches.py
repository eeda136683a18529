"""Applying pages of the ledger's log to followers (``PageRun``, driven by
``projections.runner``): each page's events go to the followers whose topics name them, and
the page's rows, positions and parked events commit in one transaction.

A follower's failure on an event rolls the page back; it is applied again up to that
event, which is then parked for that follower instead of applied (``projections.parking``
decides, ``projections.tracking.parked`` keeps the record). A failure while writing a page
is narrowed down by applying the page again one follower and one event at a time. A
follower that takes one event per transaction (issuance) cuts a page short after its event.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import singledispatchmethod
from typing import Any

from eventsourcing.persistence import Notification, Tracking

from ledger import Ledger
from projections import log
from projections.follower import (
    NOT_PARKED,
    Clock,
    Follower,
    decodes,
    is_halted,
    one_per_transaction,
)
from projections.parking import Parking, RedoError
from projections.tracking import (
    LostRaceError,
    Partition,
    commit_positions,
    sync_views,
)

Progress = Callable[[int, int], None]


class LostBatchError(LostRaceError):
    """A lost race, with how many notifications were read before it."""

    def __init__(self, read: int) -> None:
        super().__init__(f"lost a race after reading {read}")
        self.read = read


class _IsolateError(Exception):
    """Writing a page failed for no event in particular: apply it one at a time."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class _Stretch:
    """The part of the log one round of a catch-up applies: after ``start`` up to ``end``,
    in pages of up to ``limit``, of ``partition``'s trajectories (all when None), tracked
    under ``name``."""

    name: str
    start: int
    end: int
    limit: int
    partition: Partition | None


class PageRun:
    """One catch-up of some followers: their handlers, and the failures found so far (kept
    across the page's second application, so a failed event is parked, not applied)."""

    def __init__(
        self,
        followers: Sequence[Follower],
        ledger: Ledger,
        clock: Clock,
        retrying: frozenset[str] = frozenset(),
    ) -> None:
        self.followers = list(followers)
        self.ledger = ledger
        self.app = ledger.name
        self.clock = clock
        self.retrying = retrying
        self.engine = self.followers[0].view.engine
        self.handlers = {f.name: Handler(f) for f in self.followers}
        self.wanted = {f.name: frozenset(f.topics) for f in self.followers}
        self.parking = Parking(ledger, self.engine, clock)
        # Followers ordered by the log that stopped at an event parked in this run.
        self.stopped: set[str] = set()
        self.read = 0

    def sync(self) -> None:
        sync_views([f.view for f in self.followers], self.app)

    def _solo(self, follower: Follower) -> PageRun:
        solo = PageRun([follower], self.ledger, self.clock, self.retrying)
        solo.parking, solo.stopped = self.parking, self.stopped
        return solo

    def finish_partitioned(self, limit: int, stop: threading.Event | None) -> int:
        """Completes an unfinished partitioned rebuild (one that crashed, or that another
        process is still running) of any of the views: every partition up to the current
        head, one after another, then their positions merged into the view's own in one
        transaction. Racing the process that started it is safe: each partition's position
        moves by compare-and-set."""
        read = 0
        for follower in self.followers:
            view = follower.view
            if view.knows_position(self.app) or not view.partitions(self.app):
                # It committed or read a position of its own: a rebuild started since would
                # make its next commit lose the race, and the retry looks here again.
                continue
            count = next(iter(view.partitions(self.app))).count
            head = self.ledger.recorder.max_notification_id() or 0
            for index in range(count):
                if stop and stop.is_set():
                    return read
                solo = self._solo(follower)
                try:
                    read += solo.pages(limit, None, stop, Partition(index, count), head)
                except LostBatchError as race:
                    raise LostBatchError(read + race.read) from race
            try:
                with view.engine.begin() as conn:
                    view.merge_partitions(conn, self.app, count, head)
            except LostRaceError as race:
                raise LostBatchError(read) from race
        return read

    def pages(
        self,
        limit: int,
        progress: Progress | None,
        stop: threading.Event | None,
        partition: Partition | None = None,
        until: int | None = None,
    ) -> int:
        """Applies pages of up to ``limit`` events from the slowest follower's position up
        to ``until`` (the head when None); returns the events read."""
        name = partition.tracking_name(self.app) if partition else self.app
        head = until if until is not None else self.ledger.recorder.max_notification_id() or 0
        read_before, cut = self.read, head
        while not (stop and stop.is_set()):
            live = [f for f in self.followers if self._goes_on(f)]
            start = min((f.view.position(name) for f in live), default=head)
            if start >= head:
                break
            stretch = _Stretch(name, start, cut, limit, partition)
            try:
                self._pages(live, stretch, progress, head, stop)
            except RedoError as redo:
                cut = redo.position  # the prefix up to the failure commits with it parked
                self._rolled_back(live, resync=True)
                continue
            except _IsolateError as isolate:
                self._rolled_back(live, resync=True)
                self._isolated(live, stretch, isolate)
                continue
            except LostRaceError as race:
                self._rolled_back(live)
                raise LostBatchError(self.read - read_before) from race
            except BaseException:
                self._rolled_back(live)
                raise
            cut = head
        return self.read - read_before

    def _pages(
        self,
        live: list[Follower],
        stretch: _Stretch,
        progress: Progress | None,
        head: int,
        stop: threading.Event | None,
    ) -> None:
        """Applies and commits the stretch's pages."""
        name, end, limit, partition = stretch.name, stretch.end, stretch.limit, stretch.partition
        wanted = [self.wanted[f.name] for f in live]
        topics = () if not all(wanted) else sorted(set().union(*wanted))
        found = log.pages(self.ledger, after=stretch.start, stop=end, topics=topics, size=limit)
        single = [f for f in live if one_per_transaction(f)]
        for page in _at_least_one(found):
            last = page[-1].id if len(page) == limit else end
            first = self._first_of(single, page, name, partition)
            cut_short = first is not None and first < len(page) - 1
            if first is not None and cut_short:
                page, last = page[: first + 1], page[first].id  # the rest in the next page
            active = [f for f in live if f.view.position(name) < last and self._goes_on(f)]
            if active:
                self._apply(page, active, name, last, partition)
            self.read += len(page)
            if progress:
                progress(last, head)
            if cut_short or (stop and stop.is_set()):
                return  # after a cut the reader would go on past the rest: start again

    def _first_of(
        self,
        followers: list[Follower],
        page: Sequence[Notification],
        name: str,
        partition: Partition | None,
    ) -> int | None:
        """The index in ``page`` of the first event for one of ``followers`` (those that
        take one event per transaction), or None."""
        if not followers:
            return None
        after = {f.name: f.view.position(name) for f in followers}
        for index, notification in enumerate(page):
            if partition is not None and not partition.owns(notification.originator_id):
                continue
            for follower in followers:
                wanted = self.wanted[follower.name]
                if notification.id > after[follower.name] and (
                    not wanted or notification.topic in wanted
                ):
                    return index
        return None

    def _apply(
        self,
        page: Sequence[Notification],
        active: list[Follower],
        name: str,
        last: int,
        partition: Partition | None,
    ) -> None:
        owns = partition.owns if partition else None
        after = {f.name: f.view.position(name) for f in active}
        lowest = min(after.values())
        routes: dict[str, list[Follower]] = {}
        halts: dict[str, int] = {}
        for follower in active:
            follower.view.begin_batch()
        for notification in page:
            if notification.id <= lowest:
                continue  # every active follower has applied it already
            if owns is not None and not owns(notification.originator_id):
                continue  # another partition's: never decoded here
            route = routes.get(notification.topic)
            if route is None:
                route = routes[notification.topic] = [
                    f
                    for f in active
                    if not self.wanted[f.name] or notification.topic in self.wanted[f.name]
                ]
            tracking = Tracking(name, notification.id)
            event: Any = None
            for follower in route:
                if notification.id <= after[follower.name] or follower.name in halts:
                    continue
                if self.parking.parks(follower, notification, halts):
                    continue
                if event is None and decodes(follower):
                    event = self._decode(follower, notification)
                self._handle(follower, notification, event, tracking)
        self._commit(active, name, {f.name: halts.get(f.name, last + 1) - 1 for f in active})
        self.stopped.update(halts)

    def _decode(self, follower: Follower, notification: Notification) -> Any:
        try:
            return self.ledger.mapper.to_domain_event(notification)
        except Exception as error:
            self.parking.failed(follower, notification, error)
            raise

    def _handle(
        self, follower: Follower, notification: Notification, event: Any, tracking: Tracking
    ) -> None:
        try:
            if decodes(follower):
                self.handlers[follower.name](event, tracking)
            else:
                follower.process_event(notification, tracking)
        except Exception as error:
            self.parking.failed(follower, notification, error)
            raise
        if follower.name in self.retrying:
            held = follower.view.held(self.app) or {}
            if notification.id in held.values():
                follower.view.unpark(self.app, notification.id)
                held.clear()

    def _commit(self, active: list[Follower], name: str, ends: dict[str, int]) -> None:
        try:
            with self.engine.begin() as conn:
                for follower in active:
                    follower.view.flush(conn)
                commit_positions(conn, [(f.view, ends[f.name]) for f in active], name)
        except Exception as error:
            if isinstance(error, NOT_PARKED) or not self.parking.stores_answer():
                raise
            raise _IsolateError(error) from error

    def _isolated(self, live: list[Follower], stretch: _Stretch, isolate: _IsolateError) -> None:
        """Writing a page of the stretch failed: applies it again one follower and one event
        at a time, so the event whose rows cannot be written is found and parked."""
        if len(live) == 1 and stretch.limit == 1:
            follower = live[0]
            found = log.pages(
                self.ledger,
                after=stretch.start,
                stop=stretch.end,
                topics=follower.topics,
                size=1,
            )
            page = next(iter(found), None)
            if not page:
                raise isolate.error
            self.parking.failures[(follower.name, page[0].id)] = self.parking.parked(
                follower.name, page[0], isolate.error
            )
            return
        for follower in live:
            solo = self._solo(follower)
            solo.sync()
            solo.pages(1, None, None, stretch.partition, stretch.end)
            self.read += solo.read
        self.sync()

    def _rolled_back(self, followers: list[Follower], *, resync: bool = False) -> None:
        for follower in followers:
            follower.view.discard()
        if resync:
            self.sync()

    def _goes_on(self, follower: Follower) -> bool:
        """Not stopped at a parked event (unless that event is being retried)."""
        if follower.name in self.stopped:
            return False
        return follower.name in self.retrying or not is_halted(follower, self.app)


def _at_least_one(pages: Iterator[Sequence[Notification]]) -> Iterator[Sequence[Notification]]:
    """The pages, or one empty page when there are none (positions still move to the end)."""
    empty = True
    for page in pages:
        empty = False
        yield page
    if empty:
        yield []


class Handler:
    """Calls a projection's ``process_event`` for an event, resolving a single-dispatch
    method once per event class: ``singledispatchmethod`` builds a new bound wrapper on
    every attribute access, which cost more than some views' own work (profiled)."""

    def __init__(self, projection: Follower) -> None:
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
