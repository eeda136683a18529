"""``ReadModels``: every projection of the ledger on one database, with catch-up, rebuild and
status. The composition root (``api``) builds one; the worker runs ``follow`` on it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from ledger import Ledger
from projections.aggregates import TrajectoryStates
from projections.cohorts import CohortProjection, CohortView
from projections.monitoring import MonitoringProjection, MonitoringView
from projections.runner import BATCH, Progress, ReadModelProjection, catch_up, follow
from projections.schema import read_model_engine, upgrade
from projections.timeline import TimelineProjection, TimelineView
from projections.tracking import metadata
from projections.trajectories import TrajectoryProjection, TrajectoryView
from projections.wallet import WalletProjection, WalletView

__all__ = ["ProjectionStatus", "ReadModels", "UnknownProjectionError", "metadata"]


class UnknownProjectionError(KeyError):
    """Raised when a projection name is not one of ``ReadModels.names``."""


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
        self.ledger = ledger
        self.engine = read_model_engine(database_url)
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
        self, name: str | None = None, *, limit: int = BATCH, progress: Progress | None = None
    ) -> int:
        """Deletes the named view's rows and position (all views when None) and replays the
        log from zero. Raises UnknownProjectionError for an unknown name."""
        chosen = self._chosen(name)
        for projection in chosen:
            projection.view.clear()
        return catch_up(chosen, self.ledger, limit=limit, progress=progress)

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
