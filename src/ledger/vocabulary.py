"""The closed vocabularies of the ledger (StrEnums), named after the glossary of PRODUCT.md.

Values are stored in events as plain strings, so a value once published is never renamed;
Dutch values are kept where the sources' own terms are the clearest name. Imports nothing
of ours.
"""

from __future__ import annotations

from enum import StrEnum


class Pathway(StrEnum):
    """The kind of route (leerweg) a trajectory follows."""

    DUAL_LEARNING = "duaal_leren"
    VOCATIONAL = "beroepskwalificerende_leerweg"
    STARTING_PHASE = "aanloopfase"
    """For arbeidsbereid and quasi-arbeidsrijp learners, before dual learning (S0 L282)."""
    RECOGNITION = "evc_traject"
    QUALIFYING_FOR_WORKERS = "kwalificerend_traject_werkenden"
    MICRODEGREE = "microdegree"
    ADULT_EDUCATION = "volwassenenonderwijs"


class QualificationKind(StrEnum):
    """The closed vocabulary of qualification kinds (PRODUCT.md corrections; S4 L399-410,
    L2310-2314, L2740-2755, L6613-6636; S2 L317-322)."""

    BEROEPSKWALIFICATIE = "beroepskwalificatie"
    ONDERWIJSKWALIFICATIE = "onderwijskwalificatie"
    DEELKWALIFICATIE = "deelkwalificatie"
    CERTIFICAAT = "certificaat"
    """A CVO certificate (volwassenenonderwijs)."""
    MICRODEGREE_GETUIGSCHRIFT = "microdegree_getuigschrift"
    CREDITBEWIJS = "creditbewijs"
    COMPETENTIEBEWIJS = "competentiebewijs"
    MODULEATTEST = "moduleattest"


# The first model stored "professional" and "educational"; stored events keep them.
LEGACY_QUALIFICATION_KINDS = {
    "professional": QualificationKind.BEROEPSKWALIFICATIE,
    "educational": QualificationKind.ONDERWIJSKWALIFICATIE,
}


class CompetenceType(StrEnum):
    """Beroepskwalificaties hold generic (social) as well as technical competences
    (S0 L402; S4 L3473)."""

    GENERIC = "generic"
    TECHNICAL = "technical"


class ModuleUnit(StrEnum):
    """How a programme measures its modules: lestijden (lesson periods), hours or study
    points (studiepunten)."""

    LESTIJDEN = "lestijden"
    HOURS = "hours"
    STUDY_POINTS = "study_points"


class Role(StrEnum):
    """The role an actor posts under (the token roles, plus the ledger's own processes)."""

    PROVIDER = "provider"
    WORKPLACE = "workplace"
    LEARNER = "learner"
    AUDITOR = "auditor"
    ADMIN = "admin"
    PARTNERSHIP = "partnership"
    """A sector partnership: grants and withdraws workplace accreditation for itself
    (S1 L88-95; S4 L3400-3410)."""
    SYSTEM = "system"


class AssessorRole(StrEnum):
    """Who judged a competence. Rule 5 decides who may score: mentor, assessor, teacher and
    jury count; colleagues, end clients and the learner's self-evaluation are recorded as
    such and never count (S4 L1955-1957, L2064); a coach never scores (S4 L3178)."""

    MENTOR = "mentor"
    ASSESSOR = "assessor"
    TEACHER = "teacher"
    JURY = "jury"
    COACH = "coach"
    COLLEAGUE = "colleague"
    END_CLIENT = "end_client"
    SELF = "self"


class MasteryLevel(StrEnum):
    NOT_YET = "not_yet"
    IN_DEVELOPMENT = "in_development"
    MASTERED = "mastered"


class Setting(StrEnum):
    """Where a competence is shown, and where a programme says it is learnt (S2 L333-335)."""

    WORKPLACE = "workplace"
    SCHOOL = "school"
    SIMULATED_WORKPLACE = "simulated_workplace"


class WorkReadiness(StrEnum):
    """The arbeidsrijp dimension of readiness found at intake (S0 L278-294)."""

    READY = "arbeidsrijp"
    QUASI_READY = "quasi_arbeidsrijp"
    NOT_READY = "niet_arbeidsrijp"


class RecognitionStep(StrEnum):
    QUICKSCAN = "quickscan"
    PORTFOLIO = "portfolio"
    HOME_ASSIGNMENT = "home_assignment"
    COMPETENCE_INTERVIEW = "competence_interview"
    PRACTICAL_TEST = "practical_test"
    SIMULATION = "simulation"
    INTEGRATED_ASSIGNMENT = "integrated_assignment"
    """An integrated assignment on site (S4 L2329)."""
    JURY = "jury"


class RecognitionRoute(StrEnum):
    """The two EVC routes (PRODUCT.md corrections)."""

    TEST_CENTRE = "test_centre"
    """(a) at a recognised EVC test centre against an EVC standard (S4 L441-445, L2499-2502)."""
    PROVIDER_PROCEDURE = "provider_procedure"
    """(b) a provider's own procedure: exemptions within a scope (S4 L447-495, L2602-2612)."""


class ExemptionBasis(StrEnum):
    RECOGNITION_DECISION = "recognition_decision"
    PRIOR_CERTIFICATE = "prior_certificate"
    """EVK: an earlier qualification, certificate or study record (S4 L489-495, L2598)."""
    WORKPLACE_PORTFOLIO = "workplace_portfolio"
    EXEMPTION_TEST = "exemption_test"
    """A vrijstellingsproef (S4 L2657-2663)."""


class ModuleResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class Outcome(StrEnum):
    """How a trajectory closes: (on)gekwalificeerde uitstroom."""

    QUALIFIED = "qualified"
    PARTIALLY_QUALIFIED = "partially_qualified"
    UNQUALIFIED = "unqualified"


class ExitKind(StrEnum):
    """Why the learner left: reorientation, transfer and a job are not dropping out
    (S4 L4894-4898, L6724; S2 L172-185)."""

    COMPLETED = "completed"
    ENTERED_JOB = "entered_job"
    REORIENTED = "reoriented"
    TRANSFERRED = "transferred"
    DROPPED_OUT = "dropped_out"
    UNRECORDED = "unrecorded"
    """Only for closings stored before the exit was recorded; never posted."""


class TrajectoryStatus(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class OrganisationKind(StrEnum):
    PROVIDER = "provider"
    WORKPLACE = "workplace"
    TEST_CENTRE = "test_centre"
    """A recognised EVC test centre (erkend EVC-testcentrum)."""
    SECTOR_PARTNERSHIP = "sector_partnership"
    """Grants and withdraws workplace accreditation (S1 L88-95; S4 L3400-3410)."""
    EMPLOYMENT_SERVICE = "employment_service"


class RecognitionKind(StrEnum):
    """What an organisation is recognised for (rule 10)."""

    AWARD = "award"
    """A provider may award a qualification (S4 L520-530, L553-559, L5200-5204)."""
    EVC_STANDARD = "evc_standard"
    """A test centre may assess an EVC standard and award its beroepskwalificatie."""


class HandoverKind(StrEnum):
    PROVIDER = "provider"
    EMPLOYMENT_SERVICE = "employment_service"


class AgreementKind(StrEnum):
    """Kinds of workplace learning agreement (S3 L75-77; S2 L140-148; S4 L1696-1733)."""

    DUAL_CONTRACT = "dual_contract"
    """Overeenkomst alternerende opleiding / duaal contract: learner, workplace and
    provider sign; the learner may receive an allowance (S3 L77)."""
    STAGE = "stage"
    OWN_EMPLOYMENT = "own_employment"
    ARTICLE_60 = "article_60"
    MAATWERK = "maatwerk"
    VDAB_TRAINING_CONTRACT = "vdab_training_contract"
    IBO = "ibo"
    """Individuele beroepsopleiding (S3 L75)."""
    UNRECORDED = "unrecorded"
    """Only for agreements stored before their kind was recorded; never posted."""


# Agreements that are the learner's own job: workplace learning only where the programme
# says so (S4 L1709-1729).
OWN_JOB_AGREEMENTS = frozenset(
    {AgreementKind.OWN_EMPLOYMENT, AgreementKind.ARTICLE_60, AgreementKind.MAATWERK}
)


class Signatory(StrEnum):
    LEARNER = "learner"
    WORKPLACE = "workplace"
    PROVIDER = "provider"


class GuidanceKind(StrEnum):
    """Guidance recorded as facts; none of it ever scores (S2 L363; S4 L2911, L3170-3182,
    L4098)."""

    TRAJECTORY_COACH_CONTACT = "trajectbegeleiding"
    COMPETENCE_COACH_CONTACT = "competentiecoach"
    EXTERNAL_MENTOR_VISIT = "externe_mentor"
    REMEDIATION = "remediering"
    SELECTION_INTERVIEW = "selectiegesprek"


class AchievementKind(StrEnum):
    MODULE = "module"
    COMPETENCE = "competence"
    PARTIAL_CERTIFICATE = "partial_certificate"
    QUALIFICATION = "qualification"
    RECOGNITION = "recognition"
    """A positive recognition decision: a competentiebewijs (S4 L2310-2314)."""
