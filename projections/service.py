"""``ReadModels``: every projection of the ledger on one database, with catch-up, rebuild and
status. The composition root (``api``) builds one; the worker runs ``follow`` on it."""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import dataclass
from multiprocessing.queues import SimpleQueue
from typing import Any

from ledger import Ledger
from projections.aggregates import TrajectoryStates
from projections.cohorts import CohortProjection, CohortView
from projections.monitoring import MonitoringProjection, MonitoringView
from projections.runner import (
    BATCH,
    REBUILD_BATCH,
    Progress,
    ReadModelProjection,
    catch_up,
    follow,
)
from projections.schema import read_model_engine, upgrade
from projections.timeline import TimelineProjection, TimelineView
from projections.tracking import metadata
from projections.trajectories import TrajectoryProjection, TrajectoryView
from projections.wallet import WalletProjection, WalletView

__all__ = [
    "ProjectionStatus",
    "ReadModels",
    "RebuildError",
    "UnknownProjectionError",
    "metadata",
]


class UnknownProjectionError(KeyError):
    """Raised when a projection name is not one of ``ReadModels.names``."""


class RebuildError(RuntimeError):
    """Raised when the forked part of a two-process rebuild failed."""


@dataclass(frozen=True)
class ProjectionStatus:
    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return self.head - self.position


class ReadModels:
    """The trajectory, wallet, cohort, monitoring and timeline views of one ledger."""

    def __init__(self, database_url: str, ledger: Ledger, *, migrate: bool = True) -> None:
        self.database_url = database_url
        self.ledger = ledger
        self.engine = read_model_engine(database_url)
        self._in_memory = self.engine.url.database in (None, "", ":memory:")
        if migrate:
            upgrade(self.engine)
        self.trajectories = TrajectoryView(self.engine, TrajectoryProjection.name)
        self.wallet = WalletView(self.engine, WalletProjection.name)
        self.cohorts = CohortView(self.engine, CohortProjection.name)
        self.monitoring = MonitoringView(self.engine, MonitoringProjection.name)
        self.timeline = TimelineView(self.engine, TimelineProjection.name)
        self.projections: dict[str, ReadModelProjection] = {
            TrajectoryProjection.name: TrajectoryProjection(
                self.trajectories, TrajectoryStates(ledger)
            ),
            WalletProjection.name: WalletProjection(self.wallet),
            CohortProjection.name: CohortProjection(self.cohorts),
            MonitoringProjection.name: MonitoringProjection(self.monitoring),
            TimelineProjection.name: TimelineProjection(self.timeline),
        }

    @property
    def names(self) -> list[str]:
        return list(self.projections)

    def _chosen(self, name: str | None) -> list[ReadModelProjection]:
        if name is None:
            return list(self.projections.values())
        if name not in self.projections:
            raise UnknownProjectionError(f"no projection {name!r}; choose from {self.names}")
        return [self.projections[name]]

    def catch_up_all(self, *, limit: int = BATCH, progress: Progress | None = None) -> int:
        """Brings every view up to the ledger's head; returns notifications read."""
        return catch_up(self._chosen(None), self.ledger, limit=limit, progress=progress)

    def rebuild(
        self,
        name: str | None = None,
        *,
        limit: int = REBUILD_BATCH,
        progress: Progress | None = None,
        workers: int = 1,
    ) -> int:
        """Deletes the named view's rows and position (all views when None) and replays the
        log from zero. Raises UnknownProjectionError for an unknown name.

        ``workers=2`` replays the trajectory view in this process and the other views in a
        forked one, at the same time (each view keeps its own position, so the result is the
        same as one process's). Only from a single-threaded process (the CLI, the bench):
        forking copies no other thread. An in-memory store, or one view, stays in-process.
        Raises RebuildError when the forked part fails; its views are then partly rebuilt,
        as after a crash: rebuild again."""
        chosen = self._chosen(name)
        for projection in chosen:
            projection.view.clear()
        here, there = self._split(chosen, workers)
        if not there:
            return catch_up(here, self.ledger, limit=limit, progress=progress)
        fork = multiprocessing.get_context("fork")
        results = fork.SimpleQueue()
        child = fork.Process(
            target=_catch_up_forked,
            args=(self.database_url, self.ledger, [p.name for p in there], limit, results),
            name=f"rebuild {', '.join(p.name for p in there)}",
        )
        child.start()
        try:
            read = catch_up(here, self.ledger, limit=limit, progress=progress)
        except BaseException:
            child.terminate()  # its open batch rolls back, as after a crash
            child.join()
            raise
        child.join()
        outcome = results.get() if not results.empty() else None
        if child.exitcode != 0 or not isinstance(outcome, int):
            raise RebuildError(f"{child.name} failed (exit code {child.exitcode}): {outcome}")
        return max(read, outcome)

    def _split(
        self, chosen: list[ReadModelProjection], workers: int
    ) -> tuple[list[ReadModelProjection], list[ReadModelProjection]]:
        """The trajectory view (about half of a rebuild's work: aggregates and coverage)
        apart from the rest, when a second process can help."""
        if workers < 2 or len(chosen) < 2 or self._in_memory:
            return chosen, []
        if "fork" not in multiprocessing.get_all_start_methods():
            return chosen, []
        here = [p for p in chosen if p.name == TrajectoryProjection.name] or chosen[:1]
        return here, [p for p in chosen if p not in here]

    def follow(self, stop: threading.Event, *, interval: float = 0.2, limit: int = BATCH) -> None:
        """Catches up, then polls every ``interval`` seconds until ``stop`` is set."""
        follow(self._chosen(None), self.ledger, interval=interval, stop=stop, limit=limit)

    def status(self) -> list[ProjectionStatus]:
        head = self.ledger.recorder.max_notification_id() or 0
        return [
            ProjectionStatus(p.name, p.view.max_tracking_id(self.ledger.name) or 0, head)
            for p in self.projections.values()
        ]

    def wait(self, position: int | None, timeout: float = 5.0) -> None:
        """Blocks until every view has applied ``position`` (read-your-writes after a
        command's receipt). Raises TimeoutError."""
        for projection in self.projections.values():
            projection.view.wait(self.ledger.name, position, timeout=timeout)

    def dump(self) -> dict[str, Any]:
        """Every read-model row in key order, for comparing two builds."""
        return {name: p.view.dump() for name, p in self.projections.items()}

    def close(self) -> None:
        self.engine.dispose()


def _catch_up_forked(
    database_url: str,
    ledger: Ledger,
    names: list[str],
    limit: int,
    results: SimpleQueue[int | str],
) -> None:
    """The forked half of a rebuild: its own ledger and engine (a SQLite connection must not
    be used across a fork; the inherited ones are left untouched), the named views only."""
    own = type(ledger)(env=dict(ledger.env), clock=ledger.clock)
    models = ReadModels(database_url, own, migrate=False)
    try:
        results.put(catch_up([models.projections[n] for n in names], own, limit=limit))
    except BaseException as error:
        results.put(f"{type(error).__name__}: {error}")
        raise
    finally:
        models.close()
