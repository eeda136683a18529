"""The rule book: rules 1-10 of PRODUCT.md and the pathway entry profile as pure functions
over values, each raising the typed error of its rule or returning what it decides
(``docs/ledger-rules.md`` gives sources and codes). Nothing here loads, stores or reads a
clock; who may post and read at all is ``ledger.access``."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from ledger import errors
from ledger.coverage import Basis, Coverage, CoverageKind, compute_coverage
from ledger.values import (
    Actor,
    AgreementKind,
    AssessorRole,
    ExemptionBasis,
    Outcome,
    Pathway,
    Role,
    Setting,
    TrajectoryStatus,
    WorkReadiness,
)

if TYPE_CHECKING:
    from ledger.qualification_version import Competence, QualificationVersion, WorkplacePolicy

# -- rule 1: an award needs full, non-retracted coverage -----------------------------------


def require_covered(coverage: Coverage, award: str) -> None:
    """Rule 1: an award needs every required competence covered by a non-retracted basis."""
    if not coverage.complete:
        raise errors.QualificationNotCoveredError(
            f"rule 1: {award} cannot be awarded; not covered: {', '.join(coverage.missing)}"
        )


def require_choice_rules_met(version: QualificationVersion, done_modules: Iterable[str]) -> None:
    """Rule 1 for a programme with choice rules (a microdegree): the common modules and the
    chosen number from the package are passed or exempted (S4 L2750-2751)."""
    done = set(done_modules)
    for rule in version.choice_rules:
        if not rule.met_by(done):
            raise errors.QualificationNotCoveredError(
                f"rule 1: needs {', '.join(rule.common)} and {rule.choose} of "
                f"{', '.join(rule.package)}; done: {', '.join(sorted(done)) or 'none'}"
            )


def require_outcome_supported(
    outcome: Outcome, qualification_awarded: bool, any_award: bool
) -> None:
    """Rule 1 at close: a qualified outflow needs a counting qualification award, a
    partially qualified one at least a counting partial certificate."""
    if outcome is Outcome.QUALIFIED and not qualification_awarded:
        raise errors.QualificationNotCoveredError(
            "rule 1: a qualified outflow needs an awarded qualification"
        )
    if outcome is Outcome.PARTIALLY_QUALIFIED and not any_award:
        raise errors.QualificationNotCoveredError(
            "rule 1: a partially qualified outflow needs an awarded partial certificate"
        )


# -- rule 2: workplace learning, per programme ---------------------------------------------


def counts_for(
    competence: Competence, basis: Basis, version: QualificationVersion | None = None
) -> bool:
    """Rule 2, the workplace counting: whether ``basis`` covers ``competence``.

    A competence learnt at school counts with any basis. One learnt at the workplace counts
    only with a workplace assessment; one learnt at a simulated workplace with a workplace
    or simulated-workplace assessment (S0 L97, L400; S4 L2545); an exemption counts for
    either only where the programme lets it be exempted. An assessment made under the
    learner's own job counts as workplace learning only where the programme says so, in
    the modules it names (S4 L1709-1729). A route-(a) recognition at a test centre is the
    qualification's own assessment at a real or simulated workplace and covers all it
    recognises (S4 L2544-2546)."""
    if competence.code not in basis.competences:
        return False
    place = competence.learnt_at
    if basis.kind is CoverageKind.RECOGNITION or place is Setting.SCHOOL:
        return True
    if basis.kind is CoverageKind.EXEMPTION:
        return competence.may_be_exempted
    if basis.kind is not CoverageKind.ASSESSMENT:
        return False
    if basis.via_own_employment and not (version and version.own_job_counts(competence.code)):
        return False
    if place is Setting.WORKPLACE:
        return basis.setting is Setting.WORKPLACE
    return basis.setting in (Setting.WORKPLACE, Setting.SIMULATED_WORKPLACE)


def require_exemptible(version: QualificationVersion, competences: Iterable[str]) -> None:
    """Rule 2: workplace learning is exempted only where the programme allows it (never
    under Learn@work, S4 L2666-2669); without a programme, never."""
    refused = sorted(c for c in competences if not version.competence(c).may_be_exempted)
    if refused:
        raise errors.WorkplaceLearningExemptedError(
            f"rule 2: workplace learning cannot be exempted here: {', '.join(refused)}"
        )


def require_stage_shortening_allowed(
    version: QualificationVersion, basis: ExemptionBasis, hours: Mapping[str, int]
) -> None:
    """Rule 2: fewer hours of a module that teaches workplace competences (a stage) only
    on a stage portfolio where the programme allows it, up to its maximum (S4 L2446-2484)."""
    policy = version.policy
    stage_hours = {
        module: asked
        for module, asked in hours.items()
        if any(
            version.competence(c).learnt_at is not Setting.SCHOOL
            for c in version.module(module).competences
        )
    }
    if not stage_hours:
        return
    if basis is not ExemptionBasis.WORKPLACE_PORTFOLIO or not policy.portfolio_may_shorten_stage:
        raise errors.WorkplaceLearningExemptedError(
            f"rule 2: a stage is shortened only on a stage portfolio where the programme "
            f"allows it: {', '.join(sorted(stage_hours))}"
        )
    limit = policy.max_stage_reduction_hours
    if limit is not None and sum(stage_hours.values()) > limit:
        raise errors.WorkplaceLearningExemptedError(
            f"rule 2: a stage portfolio shortens at most {limit} hours here"
        )


# -- rule 3: exemptions need evidence and a basis valid here -------------------------------


def require_exemption_basis(
    basis: ExemptionBasis,
    evidence: Collection[str],
    competences: Iterable[str],
    recognised: Collection[str],
) -> None:
    """Rule 3: evidence and a basis; a recognition basis needs a positive RecognitionDecided,
    valid for this trajectory, that recognised every exempted competence."""
    if not evidence or not all(item.strip() for item in evidence):
        raise errors.ExemptionWithoutBasisError("rule 3: an exemption needs evidence")
    if basis is ExemptionBasis.RECOGNITION_DECISION:
        missing = sorted(set(competences) - set(recognised))
        if missing:
            raise errors.ExemptionWithoutBasisError(
                "rule 3: no positive recognition decision valid here for " + ", ".join(missing)
            )


def require_within_scope(in_scope: bool, basis: str, where: str) -> None:
    """Rule 3: a concordance table's or a provider procedure's exemptions are valid only
    within their scope (Woodwize: "enkel geldig binnen Woodwize", S4 L2608-2609)."""
    if not in_scope:
        raise errors.ExemptionOutOfScopeError(f"rule 3: {basis} is not valid in {where}")


def require_row_covers(row: str, beyond: Sequence[str]) -> None:
    """Rule 3: an exemption citing a concordance row exempts no more than the row grants."""
    if beyond:
        raise errors.ExemptionWithoutBasisError(
            f"rule 3: concordance row {row} does not grant {', '.join(beyond)}"
        )


# -- rule 4: an accredited workplace (with a trained mentor where required) ------------------


def accreditation_needed(
    pathway: Pathway, kind: AgreementKind, policy: WorkplacePolicy | None
) -> bool:
    """Rule 4 applies to dual learning and dual contracts, and to any programme whose
    policy requires accredited workplaces (S4 L3395-3402: beyond dual learning too)."""
    return (
        pathway is Pathway.DUAL_LEARNING
        or kind is AgreementKind.DUAL_CONTRACT
        or (policy is not None and policy.requires_accredited_workplace)
    )


def require_accredited_workplace(
    workplace_name: str,
    starts_on: date,
    *,
    accredited: bool,
    requires_trained_mentor: bool = False,
    mentor_trained: bool = True,
) -> None:
    """Rule 4: the workplace is accredited for this opleiding on the agreement's start date,
    and where the accreditation asks for it, the mentor has been trained (S3 L77)."""
    if not accredited:
        raise errors.WorkplaceNotAccreditedError(
            f"rule 4: {workplace_name} is not accredited on {starts_on.isoformat()}"
        )
    if requires_trained_mentor and not mentor_trained:
        raise errors.WorkplaceNotAccreditedError(
            f"rule 4: {workplace_name} is accredited only with a trained mentor; the mentor "
            f"has no mentor training by {starts_on.isoformat()}"
        )


# -- rule 5: who may score --------------------------------------------------------------------

SCORING_ROLES = frozenset(
    {AssessorRole.MENTOR, AssessorRole.ASSESSOR, AssessorRole.TEACHER, AssessorRole.JURY}
)


def counts_toward_coverage(assessor_role: str) -> bool:
    """Rule 5: only the entitled roles' assessments count; a colleague's, an end client's
    or the learner's own judgement is recorded as such and never covers (S4 L1955-1957,
    L2064)."""
    return assessor_role in SCORING_ROLES


def require_entitled_assessor(
    actor: Actor,
    assessor_role: AssessorRole,
    setting: Setting,
    providers: Collection[UUID],
    agreed_workplaces: Collection[UUID],
) -> None:
    """Rule 5: a mentor at the agreed workplace, or an assessor/teacher/jury of the lead or a
    partner provider; an external coach never scores (S4 L3178). Non-scoring judgements are
    posted by the same parties."""
    if assessor_role is AssessorRole.COACH:
        raise errors.AssessorNotEntitledError("rule 5: a coach guides but cannot score")
    at_workplace = actor.role is Role.WORKPLACE and actor.organisation_id in agreed_workplaces
    if assessor_role is AssessorRole.MENTOR:
        if not at_workplace:
            raise errors.AssessorNotEntitledError(
                "rule 5: a mentor scores only for a workplace with an active learning agreement"
            )
        if setting is not Setting.WORKPLACE:
            raise errors.AssessorNotEntitledError(
                "rule 5: a mentor assesses in the workplace setting"
            )
        return
    if assessor_role in SCORING_ROLES:
        if actor.role is not Role.PROVIDER or actor.organisation_id not in providers:
            raise errors.AssessorNotEntitledError(
                f"rule 5: a {assessor_role.value} must act for the lead or a partner provider"
            )
        return
    at_provider = actor.role is Role.PROVIDER and actor.organisation_id in providers
    if not (at_workplace or at_provider):
        raise errors.AssessorNotEntitledError(
            f"rule 5: a {assessor_role.value}'s judgement is recorded by the workplace or a "
            "provider"
        )


# -- rule 6: closed and paused trajectories --------------------------------------------------


def require_open_for(
    status: TrajectoryStatus,
    *,
    is_compensating: bool,
    is_badge_bookkeeping: bool,
    is_assessment: bool,
    event_type: str,
    actor: Actor,
    lead_provider: UUID,
) -> None:
    """Rule 6: nothing is posted to a closed trajectory except corrections by the lead
    provider (and the ledger's own badge bookkeeping); paused ones take no assessments."""
    if status is TrajectoryStatus.CLOSED:
        is_lead = actor.role is Role.PROVIDER and actor.organisation_id == lead_provider
        if not ((is_compensating and is_lead) or is_badge_bookkeeping):
            raise errors.TrajectoryClosedError(
                f"rule 6: the trajectory is closed; {event_type} is refused"
            )
    if status is TrajectoryStatus.PAUSED and is_assessment:
        raise errors.TrajectoryPausedError("rule 6: a paused trajectory accepts no assessments")


# -- rule 7: the pinned version -------------------------------------------------------------


def require_forward_migration(pinned: int, target: int, latest: int) -> None:
    """Rule 7: a trajectory stays on the version pinned when it opened; only an explicit
    migration moves it, and only forward to a published version."""
    if not pinned < target <= latest:
        raise errors.QualificationVersionError(
            f"rule 7: the trajectory is pinned to version {pinned}; it can migrate only to a "
            f"newer published version (up to {latest}), not {target}"
        )


def require_programme_for_version(
    programme: str, written_for: int | None, qualification: str, in_force: int
) -> None:
    """Rule 7 with a programme: a trajectory pins the qualification version in force, so its
    programme must have a version written for that qualification version."""
    if written_for != in_force:
        raise errors.QualificationVersionError(
            f"rule 7: {qualification} v{in_force} is in force, but programme {programme} has "
            f"no version written for it"
        )


# -- rule 8: intake results and consent -----------------------------------------------------


def require_intake_visible(viewer: Actor, learner_id: UUID, consent: bool) -> None:
    """Rule 8: intake results are shown to teachers (provider staff) only with consent."""
    if viewer.role in (Role.AUDITOR, Role.SYSTEM):
        return
    if viewer.role is Role.LEARNER and viewer.id == str(learner_id):
        return
    if not consent:
        raise errors.IntakeNotVisibleError(
            "rule 8: the learner did not consent to share intake results"
        )


# -- rule 9: compensations revoke what lost its basis ---------------------------------------


def awards_losing_basis(
    awards: Mapping[str, Sequence[Competence]],
    bases_after: Sequence[Basis],
    version: QualificationVersion,
) -> list[str]:
    """Rule 9: of the active awards (event id -> competences it needs), those a correction
    or retraction leaves without full coverage; the compensating event records them as
    revoked (and the badge process revokes their badges)."""
    return [
        award
        for award, required in awards.items()
        if not compute_coverage(required, bases_after, version).complete
    ]


# -- rule 10: who may award -----------------------------------------------------------------


def require_recognised_awarder(awarder: str, award: str, *, recognised: bool, on: date) -> None:
    """Rule 10: only a provider recognised for the qualification on the award date, or a
    test centre recognised for its EVC standard (route a), may award it (S4 L520-530,
    L553-559, L5200-5204, L2499-2502)."""
    if not recognised:
        raise errors.AwarderNotRecognisedError(
            f"rule 10: {awarder} is not recognised to award {award} on {on.isoformat()}"
        )


# -- the pathway's entry profile (PRODUCT.md, unnumbered) ---------------------------------

ENTRY_PROFILES: dict[Pathway, tuple[WorkReadiness, ...]] = {
    Pathway.DUAL_LEARNING: (WorkReadiness.READY,),
    Pathway.STARTING_PHASE: (WorkReadiness.QUASI_READY,),
    Pathway.VOCATIONAL: (WorkReadiness.NOT_READY,),
}


def require_entry_profile(
    pathway: Pathway,
    arbeidsbereid: bool | None,
    arbeidsrijp: WorkReadiness | None,
    welfare_issues: bool | None,
) -> None:
    """The pathway's entry profile, checked when a trajectory opens: dual learning needs an
    arbeidsbereid and arbeidsrijp learner; the aanloopfase one who is arbeidsbereid and
    quasi-arbeidsrijp; the beroepskwalificerende leerweg one who is arbeidsbereid, not
    arbeidsrijp, and without welfare issues (S0 L72-75, L128-133, L274-294). Other pathways
    have none."""
    admitted = ENTRY_PROFILES.get(pathway)
    if admitted is None:
        return
    if arbeidsbereid is None or arbeidsrijp is None:
        raise errors.EntryProfileNotMetError(
            f"{pathway.value} has an entry profile: the opening states the intake's readiness "
            "(arbeidsbereid, arbeidsrijp)"
        )
    if not arbeidsbereid:
        raise errors.EntryProfileNotMetError(
            f"{pathway.value} is for learners who are arbeidsbereid"
        )
    if arbeidsrijp not in admitted:
        wanted = " or ".join(r.value for r in admitted)
        raise errors.EntryProfileNotMetError(
            f"{pathway.value} is for {wanted} learners, not {arbeidsrijp.value}"
        )
    if pathway is Pathway.VOCATIONAL and welfare_issues:
        raise errors.EntryProfileNotMetError(
            f"{pathway.value} is for learners without welfare issues (NAFT is for those, "
            "S0 L284-288)"
        )
