"""Domain errors of the ledger: every refusal has its own class and a stable ``code``.

The ``api`` package maps these classes (never their message text) to HTTP problems, so a
code, once published, is never renamed. This module imports nothing else of ours.

    LedgerError
    ├── NotFoundError                 an aggregate or fact does not exist
    ├── NotPermittedError             the actor may not do this (roles in PRODUCT.md)
    │   └── IntakeNotVisibleError     rule 8
    ├── ConflictError
    │   ├── ConcurrentChangeError     a lost race that retries did not win
    │   │   └── StaleVersionError     the caller's expected version is not the current one
    │   ├── DuplicateEventIdError     a client event id reused with another body
    │   └── AlreadyExistsError        the aggregate was created before
    ├── InvalidEventError             the submission does not fit its contract
    └── RuleViolationError            one of the nine rules (``rule`` is its number)
        ├── QualificationNotCoveredError   rule 1
        ├── WorkplaceLearningExemptedError rule 2
        ├── ExemptionWithoutBasisError     rule 3
        ├── WorkplaceNotAccreditedError    rule 4
        ├── AssessorNotEntitledError       rule 5
        ├── TrajectoryClosedError          rule 6
        ├── TrajectoryPausedError          rule 6
        ├── QualificationVersionError      rule 7
        └── CorrectionNotAllowedError      corrections and retractions (rule 9's basis)
"""

from __future__ import annotations


class LedgerError(Exception):
    """Base of every error the ledger raises on purpose."""

    code = "ledger-error"
    title = "The ledger refused the request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(LedgerError):
    """Raised when an aggregate, an event id or a catalogue entry does not exist."""

    code = "not-found"
    title = "Not found"


class NotPermittedError(LedgerError):
    """Raised when the actor's role or organisation may not do what it asked."""

    code = "not-permitted"
    title = "Not permitted"


class IntakeNotVisibleError(NotPermittedError):
    """Rule 8: intake results are visible to teachers only with the learner's consent."""

    code = "rule-8-intake-not-visible"
    title = "Intake results are not shared"
    rule = 8


class ConflictError(LedgerError):
    """Base of refusals caused by what is already in the ledger."""

    code = "conflict"
    title = "Conflict"


class ConcurrentChangeError(ConflictError):
    """Raised when the expected version is stale: someone appended in between."""

    code = "concurrent-change"
    title = "The trajectory changed in the meantime"


class StaleVersionError(ConcurrentChangeError):
    """Raised when the caller's expected version is not the aggregate's current version."""

    code = "stale-version"
    title = "The trajectory is no longer at the expected version"


class DuplicateEventIdError(ConflictError):
    """Raised when a client event id is posted again with a different body."""

    code = "duplicate-event-id"
    title = "This event id was already used for another event"


class AlreadyExistsError(ConflictError):
    """Raised when creating an aggregate (organisation, learner, trajectory) that exists."""

    code = "already-exists"
    title = "Already exists"


class InvalidEventError(LedgerError):
    """Raised when a submission names an unknown event type or its fields do not fit."""

    code = "invalid-event"
    title = "The event does not fit its contract"


class RuleViolationError(LedgerError):
    """Base of the nine rules of PRODUCT.md; ``rule`` is the rule's number."""

    code = "rule-violation"
    title = "A ledger rule refused the event"
    rule = 0


class QualificationNotCoveredError(RuleViolationError):
    """Rule 1: an award needs every required competence covered by a non-retracted basis."""

    code = "rule-1-not-covered"
    title = "Not every required competence is covered"
    rule = 1


class WorkplaceLearningExemptedError(RuleViolationError):
    """Rule 2: competences marked workplace_required are never exempted."""

    code = "rule-2-workplace-learning-exempted"
    title = "Workplace learning cannot be exempted"
    rule = 2


class ExemptionWithoutBasisError(RuleViolationError):
    """Rule 3: an exemption needs evidence and a basis; recognition needs a positive decision."""

    code = "rule-3-exemption-without-basis"
    title = "An exemption needs evidence and a basis"
    rule = 3


class WorkplaceNotAccreditedError(RuleViolationError):
    """Rule 4: a dual-learning agreement needs a workplace accredited on its start date."""

    code = "rule-4-workplace-not-accredited"
    title = "The workplace is not accredited"
    rule = 4


class AssessorNotEntitledError(RuleViolationError):
    """Rule 5: only a mentor at the agreed workplace or a partner's assessor may assess."""

    code = "rule-5-assessor-not-entitled"
    title = "This assessor may not score"
    rule = 5


class TrajectoryClosedError(RuleViolationError):
    """Rule 6: a closed trajectory takes only corrections by its lead provider."""

    code = "rule-6-trajectory-closed"
    title = "The trajectory is closed"
    rule = 6


class TrajectoryPausedError(RuleViolationError):
    """Rule 6: a paused trajectory accepts no assessments."""

    code = "rule-6-trajectory-paused"
    title = "The trajectory is paused"
    rule = 6


class QualificationVersionError(RuleViolationError):
    """Rule 7: a trajectory is judged against the qualification version pinned at opening."""

    code = "rule-7-qualification-version"
    title = "Not the pinned qualification version"
    rule = 7


class CorrectionNotAllowedError(RuleViolationError):
    """Raised when a correction or retraction names an event that cannot be compensated."""

    code = "correction-not-allowed"
    title = "This event cannot be corrected or retracted"
    rule = 9
