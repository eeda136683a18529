"""Everything that follows the ledger's log: the read models (trajectory view, learner
wallet, provider cohorts, outflow with its statistics, the auditor timeline, the registry),
badge issuance and the hash tree, fed by one paging loop with exactly-once tracking, parking
what a follower cannot process.

Imports ``ledger`` and ``badges`` through their faces; never ``api``. What other packages
use is re-exported here (``__all__``); the modules behind it may move.
"""

from __future__ import annotations

from projections.aggregates import TrajectoryStates
from projections.badge_copies import BadgeCopies, CopyFormat, DeliveredCopy
from projections.badge_factory import BadgeFactory
from projections.cohorts import CohortProjection, CohortView
from projections.credentials import CredentialView
from projections.follower import TRANSIENT_ERRORS, Follower, Ordering
from projections.followers import (
    Followers,
    FollowerStatus,
    Stage,
    UnknownFollowerError,
    install_stop_signals,
)
from projections.integrity import LedgerIntegrity, verify_ledger
from projections.issuance import ISSUANCE_BATCH, BadgeIssuance
from projections.leader import SingleRunner
from projections.log import notification_at, notifications
from projections.outflow import OutflowProjection, OutflowView, birth_dates, monitoring_figures
from projections.outflow_figures import Figure, Leaver, as_csv, figures, leavers
from projections.registry import RegistryProjection, RegistryView
from projections.retries import LockBusyError, RetryReport, retry
from projections.runner import (
    BATCH,
    REBUILD_BATCH,
    RECONNECT_WAIT,
    ReadModelProjection,
    catch_up,
    follow,
)
from projections.schema import (
    normalise_database_url,
    read_model_engine,
    run_migrations_online,
    upgrade,
)
from projections.service import (
    ProjectionStatus,
    ReadModels,
    RebuildError,
    UnknownProjectionError,
)
from projections.timeline import TimelineProjection, TimelineView
from projections.tracking import HeldBackError, ParkedEvent, SQLView
from projections.trajectories import TrajectoryProjection, TrajectoryView
from projections.trajectory_document import document_as_of, document_of
from projections.wallet import WalletProjection, WalletView

__all__ = [
    "BATCH",
    "ISSUANCE_BATCH",
    "REBUILD_BATCH",
    "RECONNECT_WAIT",
    "TRANSIENT_ERRORS",
    "BadgeCopies",
    "BadgeFactory",
    "BadgeIssuance",
    "CohortProjection",
    "CohortView",
    "CopyFormat",
    "CredentialView",
    "DeliveredCopy",
    "Figure",
    "Follower",
    "FollowerStatus",
    "Followers",
    "HeldBackError",
    "Leaver",
    "LedgerIntegrity",
    "LockBusyError",
    "Ordering",
    "OutflowProjection",
    "OutflowView",
    "ParkedEvent",
    "ProjectionStatus",
    "ReadModelProjection",
    "ReadModels",
    "RebuildError",
    "RegistryProjection",
    "RegistryView",
    "RetryReport",
    "SQLView",
    "SingleRunner",
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
    "as_csv",
    "birth_dates",
    "catch_up",
    "document_as_of",
    "document_of",
    "figures",
    "follow",
    "install_stop_signals",
    "leavers",
    "monitoring_figures",
    "normalise_database_url",
    "notification_at",
    "notifications",
    "read_model_engine",
    "retry",
    "run_migrations_online",
    "upgrade",
    "verify_ledger",
]
