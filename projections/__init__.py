"""Everything that follows the ledger's log: the read models (trajectory view, learner
wallet, provider cohorts, monitoring statistics, the auditor timeline), badge issuance and
the hash tree, fed by one paging loop with exactly-once tracking, parking what a follower
cannot process.

Imports ``ledger`` and ``badges``; never ``api``.
"""

from __future__ import annotations

from projections.aggregates import TrajectoryStates
from projections.cohorts import CohortProjection, CohortView
from projections.follower import Follower, Ordering
from projections.followers import (
    Followers,
    FollowerStatus,
    Stage,
    UnknownFollowerError,
    install_stop_signals,
)
from projections.log import notification_at, notifications
from projections.monitoring import MonitoringProjection, MonitoringView
from projections.retry import LockBusyError, RetryReport, retry
from projections.runner import (
    BATCH,
    REBUILD_BATCH,
    ReadModelProjection,
    catch_up,
    follow,
)
from projections.schema import read_model_engine, upgrade
from projections.service import (
    ProjectionStatus,
    ReadModels,
    RebuildError,
    UnknownProjectionError,
)
from projections.timeline import TimelineProjection, TimelineView
from projections.tracking import HeldBackError, ParkedEvent, SQLView
from projections.trajectories import TrajectoryProjection, TrajectoryView
from projections.wallet import WalletProjection, WalletView

__all__ = [
    "BATCH",
    "CohortProjection",
    "CohortView",
    "Follower",
    "FollowerStatus",
    "Followers",
    "HeldBackError",
    "LockBusyError",
    "MonitoringProjection",
    "MonitoringView",
    "Ordering",
    "ParkedEvent",
    "ProjectionStatus",
    "REBUILD_BATCH",
    "ReadModelProjection",
    "ReadModels",
    "RebuildError",
    "RetryReport",
    "SQLView",
    "Stage",
    "TimelineProjection",
    "TimelineView",
    "TrajectoryProjection",
    "TrajectoryStates",
    "TrajectoryView",
    "UnknownFollowerError",
    "UnknownProjectionError",
    "WalletProjection",
    "WalletView",
    "catch_up",
    "follow",
    "install_stop_signals",
    "notification_at",
    "notifications",
    "read_model_engine",
    "retry",
    "upgrade",
]
