"""Domain errors of the ledger: every refusal has its own class and a stable ``code``.

The ``api`` package maps these classes (never their message text) to HTTP problems, so a
code, once published, is never renamed. This module imports nothing else of ours.

    LedgerError
    ├── NotFoundError                     an aggregate or fact does not exist
    ├── NotPermittedError                 the actor may not do this (roles in PRODUCT.md)
    ├── ConflictError
    │   ├── ConcurrentChangeError         a lost race that retries did not win
    │   │   └── StaleVersionError         the caller's expected version is not the current one
    │   ├── DuplicateEventIdError         a client event id reused with another body
    │   ├── AlreadyExistsError            the aggregate was created before
    │   ├── LearnerReferenceConflictError a provider's learner reference reused for another person
    │   └── CatalogueVersionConflictError a published catalogue version imported with other content
    ├── InvalidEventError                 the submission does not fit its contract
    │   ├── CorrectionNotAllowedError     this fact (or field) cannot be corrected or retracted
    │   ├── InvalidEnterpriseNumberError  not a valid KBO/BCE enterprise number
    │   ├── LeadProviderMismatchError     an opening names another organisation as lead
    │   ├── CatalogueInvalidError         a catalogue file with errors (``problems``: all of them)
    │   └── UnknownReferenceError         a referenced thing is not registered (``missing``)
    │       ├── UnknownLearnerError
    │       ├── UnknownOrganisationError
    │       ├── UnknownWorkplaceError
    │       ├── UnknownQualificationError
    │       ├── UnknownProgrammeError
    │       ├── UnknownConcordanceTableError
    │       └── UnknownTrajectoryError
    └── RuleViolationError                one of the numbered rules (``rule`` is its number)
        ├── QualificationNotCoveredError        rule 1
        ├── WorkplaceLearningExemptedError      rule 2
        ├── ExemptionWithoutBasisError          rule 3
        │   └── ExemptionOutOfScopeError        rule 3 (the basis is not valid here)
        ├── WorkplaceNotAccreditedError         rule 4
        ├── AssessorNotEntitledError            rule 5
        ├── TrajectoryClosedError               rule 6
        ├── TrajectoryPausedError               rule 6
        ├── QualificationVersionError           rule 7
        ├── IntakeNotVisibleError               rule 8
        ├── AwarderNotRecognisedError           rule 10
        └── EntryProfileNotMetError             the pathway's entry profile (unnumbered)

Rule 9 (a correction or retraction revokes the awards whose basis it removes) refuses
nothing: it decides what is revoked.
"""

from __future__ import annotations

from typing import Self


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
    """Base of the numbered rules of PRODUCT.md; ``rule`` is the rule's number (0 for the
    pathway entry profile, which PRODUCT.md states without a number)."""

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


class IntakeNotVisibleError(RuleViolationError):
    """Rule 8: intake results are visible to teachers only with the learner's consent."""

    code = "rule-8-intake-not-visible"
    title = "Intake results are not shared"
    rule = 8


class AwarderNotRecognisedError(RuleViolationError):
    """Rule 10: only a provider recognised for the qualification on the award date, or a
    test centre recognised for its EVC standard, may award it."""

    code = "rule-10-awarder-not-recognised"
    title = "This organisation is not recognised to award this"
    rule = 10


class ExemptionOutOfScopeError(ExemptionWithoutBasisError):
    """Rule 3: the basis of an exemption (a concordance table, a provider's recognition
    decision) is valid only within its scope; outside it there is no basis."""

    code = "rule-3-exemption-out-of-scope"
    title = "The exemption's basis is not valid here"


class EntryProfileNotMetError(RuleViolationError):
    """The pathway's entry profile: dual learning needs an arbeidsbereid and arbeidsrijp
    learner, the beroepskwalificerende leerweg one who is arbeidsbereid but not arbeidsrijp,
    the aanloopfase one who is quasi-arbeidsrijp (S0 L72-92, L128-133, L274-294)."""

    code = "entry-profile-not-met"
    title = "The learner does not fit the pathway's entry profile"
    rule = 0


class CorrectionNotAllowedError(InvalidEventError):
    """Raised when a correction or retraction names a fact (or a field) that cannot be
    compensated; which facts can is listed in ``ledger.corrections``."""

    code = "correction-not-allowed"
    title = "This event cannot be corrected or retracted"


class InvalidEnterpriseNumberError(InvalidEventError):
    """Raised when a Belgian enterprise number (KBO/BCE) has the wrong form or check digits."""

    code = "invalid-enterprise-number"
    title = "Not a valid enterprise number"


class LeadProviderMismatchError(InvalidEventError):
    """Raised when a provider opens a trajectory naming another organisation as its lead:
    a provider opens only trajectories it leads itself."""

    code = "lead-provider-mismatch"
    title = "The lead provider is not the caller's organisation"


class LearnerReferenceConflictError(ConflictError):
    """Raised when a provider registers another person under a reference it used before."""

    code = "learner-reference-conflict"
    title = "This learner reference is already used for another learner"


class _CatalogueProblemsError(LedgerError):
    """Mixin of the catalogue refusals that list their ``problems``: each a JSON path and
    what is wrong there."""

    def __init__(self, detail: str, problems: list[tuple[str, str]]) -> None:
        super().__init__(detail)
        self.problems = problems


class CatalogueInvalidError(_CatalogueProblemsError, InvalidEventError):
    """Raised when a catalogue file has errors; ``problems`` lists every one with its JSON
    path. Nothing of the file is appended."""

    code = "catalogue-invalid"
    title = "The catalogue file has errors"


class CatalogueVersionConflictError(_CatalogueProblemsError, ConflictError):
    """Raised when a catalogue version that is already published is imported again with
    different content (a revision must be the next version). ``problems`` as above."""

    code = "catalogue-version-conflict"
    title = "This catalogue version is already published with other content"


class UnknownReferenceError(InvalidEventError):
    """Raised when an event or command names something the ledger does not hold (checked at
    the write, so nothing refers to what does not exist); ``missing`` says what kind."""

    code = "unknown-reference"
    title = "A referenced item is not registered"
    missing = "reference"

    @classmethod
    def for_key(cls, key: object) -> Self:
        """The refusal worded from what is missing: ``no learner <id> is registered``."""
        return cls(f"no {cls.missing} {key} is registered")


class UnknownLearnerError(UnknownReferenceError):
    code = "unknown-learner"
    title = "No such learner is registered"
    missing = "learner"


class UnknownOrganisationError(UnknownReferenceError):
    code = "unknown-organisation"
    title = "No such organisation is registered"
    missing = "organisation"


class UnknownWorkplaceError(UnknownReferenceError):
    code = "unknown-workplace"
    title = "No such workplace is registered"
    missing = "workplace"


class UnknownQualificationError(UnknownReferenceError):
    code = "unknown-qualification"
    title = "No such qualification is published"
    missing = "qualification"


class UnknownProgrammeError(UnknownReferenceError):
    code = "unknown-programme"
    title = "No such programme is published"
    missing = "programme"


class UnknownConcordanceTableError(UnknownReferenceError):
    code = "unknown-concordance-table"
    title = "No such concordance table is published"
    missing = "concordance table"


class UnknownTrajectoryError(UnknownReferenceError):
    code = "unknown-trajectory"
    title = "No such trajectory"
    missing = "trajectory"
