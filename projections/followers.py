"""``Followers``: the one mechanism that keeps every follower of the ledger's log up to date
(the read models, badge issuance, the hash tree), used alike by the API process (after
writes, and before every read of something derived) and by ``leerspoor projections run``.

Followers come in stages; every stage this process may run is caught up in one catch-up
of the one paging loop (``projections.runner``) to the head read at the start, one page and
one transaction for all (issuance takes one of its events per transaction and cuts pages
short there). Stages marked ``single_runner`` (issuance, checkpoint signing) run only while
this process holds the single-runner lock (``projections.leader``); another process that
holds it does that work instead. When a stage appends to the ledger (issuance posts
``BadgeIssued``), the catch-up runs once more to the new head, so the wallet shows the new
badges at once.

One catch-up costs two queries when nothing is new (the head, and every follower's position
in one statement). An event a follower cannot process is parked (``projections.tracking``):
a catch-up never fails because of one; it raises only when a database does not answer.
Retrying parked events is ``projections.retries``. Imports ``ledger`` and the rest of
``projections``; never ``api``.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from ledger import Ledger
from projections.follower import TRANSIENT_ERRORS, Clock, Follower, is_halted, utc_now
from projections.leader import SingleRunner
from projections.runner import BATCH, RECONNECT_WAIT, catch_up
from projections.tracking import ParkedEvent, parked_counts, parked_events, sync_views

logger = logging.getLogger(__name__)
# Seconds a stopping worker may take to finish the page in hand before it is ended.
STOP_GRACE = 3.0


class UnknownFollowerError(KeyError):
    """Raised when a follower name is not one of ``Followers.names``."""


@dataclass(frozen=True)
class Stage:
    """Followers that run under one policy; the stages a process may run are caught up
    together, as many events per transaction as the largest ``batch`` among them."""

    followers: tuple[Follower, ...]
    batch: int = BATCH
    single_runner: bool = False
    """Only in the process holding the single-runner lock (issuance, checkpoints)."""
    appends: bool = False
    """Its followers append to the ledger: the catch-up runs once more afterwards."""


@dataclass(frozen=True)
class ProjectionStatus:
    """Where one view stands against the log's head."""

    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return self.head - self.position


@dataclass(frozen=True)
class FollowerStatus(ProjectionStatus):
    """Where one follower stands, with its parked events and whether it stopped."""

    parked: int
    halted: bool


class Followers:
    """Every follower of one ledger, in stages (see the module docstring)."""

    def __init__(
        self,
        ledger: Ledger,
        stages: Sequence[Stage],
        *,
        lock: SingleRunner | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.ledger = ledger
        self.stages = list(stages)
        self.lock = lock
        self.clock = clock
        self.engine = self.stages[0].followers[0].view.engine
        # One catch-up at a time in this process: readers and the background refresh share
        # the followers' in-memory state.
        self.busy = threading.RLock()

    @property
    def followers(self) -> list[Follower]:
        """Every follower once, in stage order."""
        seen: dict[str, Follower] = {}
        for stage in self.stages:
            for follower in stage.followers:
                seen.setdefault(follower.name, follower)
        return list(seen.values())

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.followers]

    def named(self, name: str) -> Follower:
        """The follower called ``name``. Raises UnknownFollowerError."""
        for follower in self.followers:
            if follower.name == name:
                return follower
        raise UnknownFollowerError(f"no follower {name!r}; choose from {self.names}")

    def stage_of(self, follower: Follower) -> Stage:
        return next(s for s in self.stages if follower in s.followers)

    # -- catching up -----------------------------------------------------------------------

    def catch_up(self, stop: threading.Event | None = None) -> int:
        """Brings every stage up to the log's head as it is now (single-runner stages only
        while this process holds the lock); returns the notifications read. Parks what a
        follower cannot process; raises only when a database does not answer."""
        with self.busy:
            head = self.ledger.recorder.max_notification_id() or 0
            sync_views([f.view for f in self.followers], self.ledger.name)
            pending = [stage for stage in self.stages if self._pending(stage, head)]
            if not pending:
                return 0
            with ExitStack() as held:
                leading = any(s.single_runner for s in pending) and held.enter_context(
                    self._leading()
                )
                # Without the lock, the holder does the single-runner work: it sees these
                # events on its next catch-up.
                runnable = [s for s in self.stages if leading or not s.single_runner]
                followers = tuple(f for stage in runnable for f in stage.followers)
                batch = max(stage.batch for stage in runnable)
                read = self._run(followers, batch, head, stop)
                new = self.ledger.recorder.max_notification_id() or 0
                if read and new > head and any(stage.appends for stage in runnable):
                    # Once more, for what the appending followers appended (the wallet
                    # shows new badges): it is not what they follow themselves.
                    read += self._run(followers, batch, new, stop)
                return read

    def _run(
        self, followers: tuple[Follower, ...], batch: int, head: int, stop: threading.Event | None
    ) -> int:
        # One catch-up for all: one page of the log and one transaction feed every follower
        # (issuance, one event per transaction, cuts pages short after its own events).
        return catch_up(
            followers,
            self.ledger,
            limit=batch,
            until=head,
            stop=stop,
            clock=self.clock,
            synced=True,
        )

    @contextmanager
    def _leading(self) -> Iterator[bool]:
        if self.lock is None:
            yield True
            return
        with self.lock.hold() as leading:
            yield leading

    def _pending(self, stage: Stage, head: int) -> bool:
        app = self.ledger.name
        return any(
            follower.view.partitions(app)
            or (follower.view.position(app) < head and not is_halted(follower, app))
            for follower in stage.followers
        )

    def follow(self, stop: threading.Event, *, interval: float = 0.2) -> None:
        """Catches up, then polls every ``interval`` seconds until ``stop`` is set. A
        database that does not answer is waited for; anything else unexpected is logged and
        tried again (an event's own failure is parked, never raised)."""
        while not stop.is_set():
            try:
                read = self.catch_up(stop)
            except TRANSIENT_ERRORS as error:
                logger.warning("database unavailable (%s); retrying", type(error).__name__)
                stop.wait(RECONNECT_WAIT)
                continue
            except Exception:
                logger.exception("catch-up failed; retrying")
                stop.wait(RECONNECT_WAIT)
                continue
            if not read:
                stop.wait(interval)

    # -- what stands where -----------------------------------------------------------------

    def status(self) -> list[FollowerStatus]:
        """Each follower's position, the head, its parked events and whether it stopped."""
        head = self.ledger.recorder.max_notification_id() or 0
        app = self.ledger.name
        sync_views([f.view for f in self.followers], app)
        counts = parked_counts(self.engine)
        return [
            FollowerStatus(
                follower.name,
                _slowest(follower, app),
                head,
                counts.get(follower.name, 0),
                is_halted(follower, app),
            )
            for follower in self.followers
        ]

    def parked(
        self, follower: str | None = None, *, after: int = 0, limit: int | None = None
    ) -> list[ParkedEvent]:
        """Parked events in log order, optionally one follower's, after a position."""
        return parked_events(self.engine, follower=follower, after=after, limit=limit)

    def health(self) -> dict[str, Any]:
        """``ok``, or ``degraded`` with the parked events per follower (no catch-up: cheap
        enough for a liveness probe)."""
        counts = parked_counts(self.engine)
        parked = sum(counts.values())
        return {
            "status": "degraded" if parked else "ok",
            "parked": parked,
            "parked_by_follower": counts,
        }


def _slowest(follower: Follower, application_name: str) -> int:
    """The follower's position; during a partitioned rebuild, its slowest partition's."""
    partitions = follower.view.partitions(application_name)
    if partitions:
        return min(partitions.values())
    return follower.view.position(application_name)


def install_stop_signals(stop: threading.Event, *, grace: float = STOP_GRACE) -> None:
    """SIGTERM and SIGINT set ``stop``: a follower ends after the page in hand commits. If
    it has not ended ``grace`` seconds later (blocked on a database that has gone away), or
    on a second signal, the process ends at once, as after SIGKILL: nothing is lost, since
    a page's rows, positions and parked events commit together or not at all."""

    def end_now() -> None:
        # From the watchdog thread too: exit status 143, as a shell reports SIGTERM.
        os._exit(128 + signal.SIGTERM)

    def handle(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            end_now()
        stop.set()
        watchdog = threading.Timer(grace, end_now)
        watchdog.daemon = True
        watchdog.start()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
