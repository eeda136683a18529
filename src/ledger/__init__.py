"""The ledger: learning-trajectory aggregates, their events and rules, and the application.

Imports none of our other packages and does no I/O outside the event store it is given.
Other packages import only what is re-exported here (``__all__``).
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
from ledger.contracts import event_schema, event_to_json, event_types, to_json_value
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
from ledger.merkle import (
    MerkleAccumulator,
    consistency_proof,
    event_leaf_data,
    inclusion_path,
    leaf_hash,
    root_from_hashes,
)
from ledger.metadata import LedgerEvent, Stamp, body_of
from ledger.organisation import Organisation
from ledger.personal import DataKeys
from ledger.submissions import TRAJECTORY_COMMANDS, Submission
from ledger.trajectory import Trajectory
from ledger.values import (
    NAMESPACE,
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
    "NAMESPACE",
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
    "DataKeys",
    "DuplicateEventIdError",
    "ExemptionWithoutBasisError",
    "IntakeNotVisibleError",
    "InvalidEventError",
    "Learner",
    "Ledger",
    "LedgerError",
    "LedgerEvent",
    "MerkleAccumulator",
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
    "body_of",
    "compute_coverage",
    "consistency_proof",
    "event_leaf_data",
    "event_schema",
    "event_to_json",
    "event_types",
    "inclusion_path",
    "leaf_hash",
    "root_from_hashes",
    "to_json_value",
]
