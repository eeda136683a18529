"""The ledger: learning-trajectory aggregates, their events and rules, and the application.

Imports none of our other packages and does no I/O outside the event store it is given.
"""

from __future__ import annotations

from ledger.application import Ledger, TimeAxis
from ledger.catalogue import (
    Competence,
    Module,
    PartialCertificate,
    Qualification,
    QualificationVersion,
)
from ledger.coverage import Basis, Coverage, CoverageKind, compute_coverage
from ledger.errors import (
    AlreadyExistsError,
    AssessorNotEntitledError,
    ConcurrentChangeError,
    ConflictError,
    CorrectionNotAllowedError,
    DuplicateEventIdError,
    ExemptionWithoutBasisError,
    IntakeNotVisibleError,
    InvalidEventError,
    LedgerError,
    NotFoundError,
    NotPermittedError,
    QualificationNotCoveredError,
    QualificationVersionError,
    RuleViolationError,
    StaleVersionError,
    TrajectoryClosedError,
    TrajectoryPausedError,
    WorkplaceLearningExemptedError,
    WorkplaceNotAccreditedError,
)
from ledger.learner import Learner
from ledger.metadata import Stamp
from ledger.organisation import Organisation
from ledger.submissions import TRAJECTORY_COMMANDS, Submission
from ledger.trajectory import Trajectory
from ledger.values import (
    SYSTEM_ACTOR,
    AchievementKind,
    Actor,
    Outcome,
    Pathway,
    Receipt,
    Role,
    TrajectoryStatus,
)

__all__ = [
    "SYSTEM_ACTOR",
    "TRAJECTORY_COMMANDS",
    "AchievementKind",
    "Actor",
    "AlreadyExistsError",
    "AssessorNotEntitledError",
    "Basis",
    "Competence",
    "ConcurrentChangeError",
    "ConflictError",
    "CorrectionNotAllowedError",
    "Coverage",
    "CoverageKind",
    "DuplicateEventIdError",
    "ExemptionWithoutBasisError",
    "IntakeNotVisibleError",
    "InvalidEventError",
    "Learner",
    "Ledger",
    "LedgerError",
    "Module",
    "NotFoundError",
    "NotPermittedError",
    "Organisation",
    "Outcome",
    "PartialCertificate",
    "Pathway",
    "Qualification",
    "QualificationNotCoveredError",
    "QualificationVersion",
    "QualificationVersionError",
    "Receipt",
    "Role",
    "RuleViolationError",
    "StaleVersionError",
    "Stamp",
    "Submission",
    "TimeAxis",
    "Trajectory",
    "TrajectoryClosedError",
    "TrajectoryPausedError",
    "TrajectoryStatus",
    "WorkplaceLearningExemptedError",
    "WorkplaceNotAccreditedError",
    "compute_coverage",
]
