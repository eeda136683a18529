"""The nine rules of PRODUCT.md as pure functions over values.

Each takes plain values, returns nothing or a value, and raises the typed error named after
its rule. Aggregates call them before recording a fact; projections may call them to explain
what is missing. Nothing here loads, stores or reads a clock.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from uuid import UUID

from ledger.catalogue import QualificationVersion
from ledger.coverage import Coverage
from ledger.errors import (
    AssessorNotEntitledError,
    ExemptionWithoutBasisError,
    IntakeNotVisibleError,
    NotFoundError,
    NotPermittedError,
    QualificationNotCoveredError,
    QualificationVersionError,
    TrajectoryClosedError,
    TrajectoryPausedError,
    WorkplaceLearningExemptedError,
    WorkplaceNotAccreditedError,
)
from ledger.values import (
    Actor,
    AssessorRole,
    ExemptionBasis,
    Pathway,
    Role,
    Setting,
    TrajectoryStatus,
)

COMPENSATING_EVENTS = frozenset({"EventCorrected", "EventRetracted"})
BADGE_EVENTS = frozenset({"BadgeIssued", "BadgeRevoked", "BadgeSuspended", "BadgeReinstated"})


def require_covered(coverage: Coverage, award: str) -> None:
    """Rule 1: an award needs every required competence covered by a non-retracted basis."""
    if not coverage.complete:
        raise QualificationNotCoveredError(
            f"rule 1: {award} cannot be awarded; not covered: {', '.join(coverage.missing)}"
        )


def require_no_workplace_exemption(
    qualification: QualificationVersion, competences: Iterable[str]
) -> None:
    """Rule 2: competences marked workplace_required are never exempted."""
    refused = sorted(c for c in competences if qualification.competence(c).workplace_required)
    if refused:
        raise WorkplaceLearningExemptedError(
            f"rule 2: workplace learning cannot be exempted: {', '.join(refused)}"
        )


def require_exemption_basis(
    basis: ExemptionBasis,
    evidence: Collection[str],
    competences: Iterable[str],
    recognised: Collection[str],
) -> None:
    """Rule 3: evidence and a basis; a recognition basis needs a positive RecognitionDecided
    that recognised every exempted competence."""
    if not evidence or not all(item.strip() for item in evidence):
        raise ExemptionWithoutBasisError("rule 3: an exemption needs evidence")
    if basis is ExemptionBasis.RECOGNITION_DECISION:
        missing = sorted(set(competences) - set(recognised))
        if missing:
            raise ExemptionWithoutBasisError(
                "rule 3: no positive recognition decision for " + ", ".join(missing)
            )


def require_accredited_workplace(
    pathway: Pathway, workplace_name: str, accredited: bool, starts_on: date
) -> None:
    """Rule 4: a dual-learning agreement needs a workplace accredited on its start date."""
    if pathway is Pathway.DUAL_LEARNING and not accredited:
        raise WorkplaceNotAccreditedError(
            f"rule 4: {workplace_name} is not accredited on {starts_on.isoformat()}"
        )


def require_entitled_assessor(
    actor: Actor,
    assessor_role: AssessorRole,
    setting: Setting,
    providers: Collection[UUID],
    agreed_workplaces: Collection[UUID],
) -> None:
    """Rule 5: a mentor at the agreed workplace, or an assessor/teacher/jury of the lead or a
    partner provider; an external coach never scores."""
    if assessor_role is AssessorRole.COACH:
        raise AssessorNotEntitledError("rule 5: a coach guides but cannot score")
    if assessor_role is AssessorRole.MENTOR:
        if actor.role is not Role.WORKPLACE or actor.organisation_id not in agreed_workplaces:
            raise AssessorNotEntitledError(
                "rule 5: a mentor scores only for a workplace with an active learning agreement"
            )
        if setting is not Setting.WORKPLACE:
            raise AssessorNotEntitledError("rule 5: a mentor assesses in the workplace setting")
        return
    if actor.role is not Role.PROVIDER or actor.organisation_id not in providers:
        raise AssessorNotEntitledError(
            f"rule 5: a {assessor_role.value} must act for the lead or a partner provider"
        )


def require_open_for(
    status: TrajectoryStatus, event_type: str, actor: Actor, lead_provider: UUID
) -> None:
    """Rule 6: nothing is posted to a closed trajectory except corrections by the lead
    provider (and the ledger's own badge bookkeeping); paused ones take no assessments."""
    if status is TrajectoryStatus.CLOSED:
        is_lead_correction = (
            event_type in COMPENSATING_EVENTS
            and actor.role is Role.PROVIDER
            and actor.organisation_id == lead_provider
        )
        if not (is_lead_correction or event_type in BADGE_EVENTS):
            raise TrajectoryClosedError(
                f"rule 6: the trajectory is closed; {event_type} is refused"
            )
    if status is TrajectoryStatus.PAUSED and event_type == "CompetenceAssessed":
        raise TrajectoryPausedError("rule 6: a paused trajectory accepts no assessments")


def require_forward_migration(pinned: int, target: int, latest: int) -> None:
    """Rule 7: a trajectory stays on the version pinned when it opened; only an explicit
    migration moves it, and only forward to a published version."""
    if not pinned < target <= latest:
        raise QualificationVersionError(
            f"rule 7: the trajectory is pinned to version {pinned}; it can migrate only to a "
            f"newer published version (up to {latest}), not {target}"
        )


def require_intake_visible(viewer: Actor, learner_id: UUID, consent: bool) -> None:
    """Rule 8: intake results are shown to teachers (provider staff) only with consent."""
    if viewer.role in (Role.AUDITOR, Role.SYSTEM):
        return
    if viewer.role is Role.LEARNER and viewer.id == str(learner_id):
        return
    if not consent:
        raise IntakeNotVisibleError("rule 8: the learner did not consent to share intake results")


def require_participant(
    actor: Actor,
    event_type: str,
    providers: Collection[UUID],
) -> None:
    """Who may write to a trajectory (PRODUCT.md roles): the lead or a partner provider; a
    workplace only assessments (rule 5 checks its agreement); the ledger itself only
    badge bookkeeping."""
    if actor.role is Role.SYSTEM and event_type in BADGE_EVENTS:
        return
    if actor.role is Role.PROVIDER and actor.organisation_id in providers:
        if event_type in BADGE_EVENTS:
            raise NotPermittedError("badges follow from ledger facts; they are not posted")
        return
    if actor.role is Role.WORKPLACE and event_type == "CompetenceAssessed":
        return  # rule 5 then decides whether this workplace's mentor may score
    raise NotPermittedError(f"a {actor.role.value} may not post {event_type} on this trajectory")


def require_can_read(
    viewer: Actor,
    learner_id: UUID,
    providers: Collection[UUID],
    agreed_workplaces: Collection[UUID],
) -> None:
    """Who may read a trajectory (PRODUCT.md roles): auditors everything, a provider where it
    is lead or partner, a workplace while it has an active agreement, a learner their own.
    A refusal reads as absence, so nobody learns that the trajectory exists."""
    if viewer.role in (Role.AUDITOR, Role.SYSTEM):
        return
    if viewer.role is Role.PROVIDER and viewer.organisation_id in providers:
        return
    if viewer.role is Role.WORKPLACE and viewer.organisation_id in agreed_workplaces:
        return
    if viewer.role is Role.LEARNER and viewer.id == str(learner_id):
        return
    raise NotFoundError("no such trajectory")
