"""``ReadModels``: every read model of the ledger on one database, with catch-up, rebuild and
status. The composition root (``api``) builds one and puts it first among its
``Followers``; ``leerspoor projections run`` follows it alone or with the rest."""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.queues import SimpleQueue
from typing import Any

from sqlalchemy.engine import Engine

from ledger import Ledger
from projections.aggregates import TrajectoryStates
from projections.cohorts import CohortProjection, CohortView
from projections.followers import Followers, ProjectionStatus, Stage
from projections.outflow import OutflowProjection, OutflowView
from projections.registry import RegistryProjection, RegistryView
from projections.runner import (
    BATCH,
    REBUILD_BATCH,
    Progress,
    ReadModelProjection,
    catch_up,
    catch_up_partition,
)
from projections.schema import read_model_engine, upgrade
from projections.timeline import TimelineProjection, TimelineView
from projections.tracking import Partition, metadata
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


class ReadModels:
    """The trajectory, wallet, cohort, outflow, timeline and registry views of one ledger."""

    def __init__(
        self,
        database_url: str,
        ledger: Ledger,
        *,
        migrate: bool = True,
        engine: Engine | None = None,
    ) -> None:
        self.database_url = database_url
        self.ledger = ledger
        # The composition root passes the engine it shares with the API's own stores.
        self.engine = engine or read_model_engine(database_url)
        self._in_memory = self.engine.url.database in (None, "", ":memory:")
        if migrate:
            upgrade(self.engine)
        self.trajectories = TrajectoryView(self.engine, TrajectoryProjection.name)
        self.wallet = WalletView(self.engine, WalletProjection.name)
        self.cohorts = CohortView(self.engine, CohortProjection.name)
        self.outflow = OutflowView(self.engine, OutflowProjection.name)
        self.timeline = TimelineView(self.engine, TimelineProjection.name)
        self.registry = RegistryView(self.engine, RegistryProjection.name)
        # One cache of trajectory aggregates for both views that need them.
        states = TrajectoryStates(ledger)
        self.projections: dict[str, ReadModelProjection] = {
            TrajectoryProjection.name: TrajectoryProjection(self.trajectories, states),
            WalletProjection.name: WalletProjection(self.wallet),
            CohortProjection.name: CohortProjection(self.cohorts),
            OutflowProjection.name: OutflowProjection(self.outflow, states),
            TimelineProjection.name: TimelineProjection(self.timeline),
            RegistryProjection.name: RegistryProjection(self.registry),
        }
        if migrate:  # a rebuild killed before its end left its deferred indexes dropped
            for projection in self.projections.values():
                projection.view.create_deferred_indexes()

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
        log from zero; returns notifications read. Raises UnknownProjectionError for an
        unknown name. The views' ``deferred_indexes`` are dropped for the replay and built
        again at its end, also when it fails.

        ``workers`` > 1 splits the log by trajectory into that many partitions (see
        ``Partition``) and replays them at the same time, one per process: this one and
        forked ones, each reading the log up to the head as it was at the start and keeping
        its own positions. Their positions are merged into each view's own at the end, and
        whatever was appended meanwhile is applied after that. Only from a single-threaded
        process (the CLI, the bench): forking copies no other thread. An in-memory store
        stays in one process. Raises RebuildError when a forked partition failed; the
        partitions' positions are kept, and the next catch-up (``projections run``, an API
        refresh) finishes the rebuild from them."""
        chosen = self._chosen(name)
        partitions = self._partitions(workers)
        for projection in chosen:
            projection.view.drop_deferred_indexes()
            projection.view.clear(self.ledger.name, partitions)
        try:
            return self._replay(chosen, partitions, limit, progress)
        finally:
            for projection in chosen:
                projection.view.create_deferred_indexes()

    def _replay(
        self,
        chosen: list[ReadModelProjection],
        partitions: int,
        limit: int,
        progress: Progress | None,
    ) -> int:
        """The log replayed from zero into the cleared views, in ``partitions`` processes."""
        if partitions == 1:
            with young_collections_only(progress) as after_batch:
                return catch_up(chosen, self.ledger, limit=limit, progress=after_batch)
        head = self.ledger.recorder.max_notification_id() or 0
        fork = multiprocessing.get_context("fork")
        results: SimpleQueue[tuple[int, int | str]] = fork.SimpleQueue()
        names = [p.name for p in chosen]
        children = [
            fork.Process(
                target=_catch_up_forked,
                args=(
                    self.database_url,
                    self.ledger,
                    names,
                    Partition(index, partitions),
                    head,
                    limit,
                    results,
                ),
                name=f"rebuild partition {index}/{partitions}",
            )
            for index in range(1, partitions)
        ]
        for child in children:
            child.start()
        try:
            with young_collections_only(progress) as after_batch:
                read = catch_up_partition(
                    chosen,
                    self.ledger,
                    Partition(0, partitions),
                    head,
                    limit=limit,
                    progress=after_batch,
                )
        except BaseException:
            for child in children:
                child.terminate()  # its open batch rolls back, as after a crash
            for child in children:
                child.join()
            raise
        for child in children:
            child.join()
        outcomes: dict[int, int | str] = {}
        while not results.empty():
            index, outcome = results.get()
            outcomes[index] = outcome
        failed = [
            f"{child.name} (exit code {child.exitcode}): {outcomes.get(index)}"
            for index, child in enumerate(children, start=1)
            if child.exitcode != 0 or not isinstance(outcomes.get(index), int)
        ]
        if failed:
            raise RebuildError("; ".join(failed))
        # Merges the partitions' positions and applies what was appended since ``head``.
        return read + catch_up(chosen, self.ledger, limit=limit)

    def _partitions(self, workers: int) -> int:
        if workers < 2 or self._in_memory:
            return 1
        if "fork" not in multiprocessing.get_all_start_methods():
            return 1
        return workers

    def stage(self, batch: int = BATCH) -> Stage:
        """Every view, caught up together ``batch`` events per transaction."""
        return Stage(tuple(self.projections.values()), batch=batch)

    def followers(self, batch: int = BATCH) -> Followers:
        """The read models alone as ``Followers`` (a worker that issues nothing)."""
        return Followers(self.ledger, [self.stage(batch)])

    def follow(self, stop: threading.Event, *, interval: float = 0.2, limit: int = BATCH) -> None:
        """Catches up, then polls every ``interval`` seconds until ``stop`` is set."""
        self.followers(limit).follow(stop, interval=interval)

    def status(self) -> list[ProjectionStatus]:
        head = self.ledger.recorder.max_notification_id() or 0
        return [
            ProjectionStatus(p.name, self._position(p), head) for p in self.projections.values()
        ]

    def _position(self, projection: ReadModelProjection) -> int:
        """The view's position; during a partitioned rebuild, its slowest partition's."""
        position = projection.view.max_tracking_id(self.ledger.name)
        if position is None:
            partitions = projection.view.partition_positions(self.ledger.name)
            position = min(partitions.values(), default=0)
        return position

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


@contextmanager
def young_collections_only(progress: Progress | None) -> Iterator[Progress]:
    """Turns the cyclic garbage collector's automatic runs off for a rebuild and yields the
    ``progress`` callback to hand to the catch-up, which collects the young generations after
    each batch instead. A rebuild keeps thousands of trajectories and cached rows alive, and
    the collector's automatic full collections kept traversing all of them: about a fifth of
    a rebuild's time (profiled). Almost nothing a batch allocates is cyclic (reference
    counting frees it); what is, is found after the batch, and the full collection runs once
    at the end. Only in the rebuilding process (single-threaded: the CLI, the bench, a forked
    worker), as the setting is global."""

    def after_batch(position: int, head: int) -> None:
        gc.collect(1)
        if progress:
            progress(position, head)

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield after_batch
    finally:
        if enabled:
            gc.enable()
        gc.collect()


def _catch_up_forked(
    database_url: str,
    ledger: Ledger,
    names: list[str],
    partition: Partition,
    until: int,
    limit: int,
    results: SimpleQueue[tuple[int, int | str]],
) -> None:
    """One partition of a rebuild, forked: its own ledger and engine (a SQLite connection
    must not be used across a fork; the inherited ones are left untouched). The parent
    created the ledger's tables: a worker that ran the recorder's ``CREATE TABLE IF NOT
    EXISTS`` beside its siblings could fail on PostgreSQL ("tuple concurrently updated")."""
    own = type(ledger)(env={**dict(ledger.env), "CREATE_TABLE": "no"}, clock=ledger.clock)
    models = ReadModels(database_url, own, migrate=False)
    chosen = [models.projections[n] for n in names]
    try:
        with young_collections_only(None) as after_batch:
            read = catch_up_partition(
                chosen, own, partition, until, limit=limit, progress=after_batch
            )
        results.put((partition.index, read))
    except BaseException as error:
        results.put((partition.index, f"{type(error).__name__}: {error}"))
        raise
    finally:
        models.close()
