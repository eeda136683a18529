"""Read models of the ledger: trajectory view, learner wallet, provider cohorts, monitoring
statistics and the auditor timeline, fed from the ledger's log with exactly-once tracking.

Imports ``ledger`` (and later ``badges``); never ``api``.
"""

from __future__ import annotations

from projections.aggregates import TrajectoryStates
from projections.cohorts import CohortProjection, CohortView
from projections.monitoring import MonitoringProjection, MonitoringView
from projections.runner import (
    BATCH,
    REBUILD_BATCH,
    ReadModelProjection,
    catch_up,
    follow,
    install_stop_signals,
)
from projections.schema import read_model_engine, upgrade
from projections.service import (
    ProjectionStatus,
    ReadModels,
    RebuildError,
    UnknownProjectionError,
)
from projections.timeline import TimelineProjection, TimelineView
from projections.tracking import SQLView
from projections.trajectories import TrajectoryProjection, TrajectoryView
from projections.wallet import WalletProjection, WalletView

__all__ = [
    "BATCH",
    "CohortProjection",
    "CohortView",
    "MonitoringProjection",
    "MonitoringView",
    "ProjectionStatus",
    "REBUILD_BATCH",
    "ReadModelProjection",
    "ReadModels",
    "RebuildError",
    "SQLView",
    "TimelineProjection",
    "TimelineView",
    "TrajectoryProjection",
    "TrajectoryStates",
    "TrajectoryView",
    "UnknownProjectionError",
    "WalletProjection",
    "WalletView",
    "catch_up",
    "follow",
    "install_stop_signals",
    "read_model_engine",
    "upgrade",
]
