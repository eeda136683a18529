"""Facts of a trajectory as the aggregate keeps them, and what follows from them.

A fact is the body of one event, keyed by its client event id, with the corrections applied
and a mark when it was retracted. Functions here derive coverage bases, agreements and who
may read, recognised competences and the share of learning time at the workplace.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger.coverage import Basis, CoverageKind
from ledger.qualification_version import QualificationVersion
from ledger.rules import counts_toward_coverage
from ledger.values import (
    OWN_JOB_AGREEMENTS,
    AgreementKind,
    ExemptionBasis,
    MasteryLevel,
    ModuleResult,
    RecognitionRoute,
    Role,
    Setting,
)


@dataclass(frozen=True)
class Fact:
    event_type: str
    event_id: str
    version: int
    occurred_at: datetime
    recorded_at: datetime
    fields: dict[str, Any]
    retracted_by: str | None = None
    corrected_by: tuple[str, ...] = ()
    revoked_by: str | None = None
    actor: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def counts(self) -> bool:
        """A retracted fact, or an award whose basis went, no longer counts."""
        return self.retracted_by is None and self.revoked_by is None

    @property
    def actor_organisation(self) -> UUID | None:
        organisation = self.actor.get("organisation_id")
        return UUID(organisation) if organisation else None

    def corrected(self, by_event_id: str, changes: dict[str, Any]) -> Fact:
        return replace(
            self,
            fields={**self.fields, **changes},
            corrected_by=(*self.corrected_by, by_event_id),
        )


@dataclass(frozen=True)
class Agreement:
    agreement_id: str
    workplace_id: UUID
    kind: str
    starts_on: date
    last_day: date | None
    """The earlier of the planned end and the actual end (LearningAgreementEnded)."""

    def runs_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.last_day is None or day <= self.last_day)

    @property
    def own_job(self) -> bool:
        return self.kind in OWN_JOB_AGREEMENTS


def agreements(facts: Iterable[Fact]) -> list[Agreement]:
    """The counting learning agreements with their actual last day."""
    fact_list = list(facts)
    ended = {
        f.fields["agreement_id"]: f.fields["ended_on"]
        for f in fact_list
        if f.event_type == "LearningAgreementEnded" and f.counts
    }
    result = []
    for fact in fact_list:
        if fact.event_type != "LearningAgreementSigned" or not fact.counts:
            continue
        f = fact.fields
        ends = [d for d in (f["ends_on"], ended.get(f["agreement_id"])) if d is not None]
        result.append(
            Agreement(
                f["agreement_id"],
                f["workplace_id"],
                f.get("kind") or AgreementKind.UNRECORDED,
                f["starts_on"],
                min(ends) if ends else None,
            )
        )
    return result


def active_agreement_workplaces(facts: Iterable[Fact], day: date) -> frozenset[UUID]:
    """Workplaces with a counting learning agreement running on ``day``."""
    return frozenset(a.workplace_id for a in agreements(facts) if a.runs_on(day))


def workplace_readers(facts: Iterable[Fact], day: date, closed: bool) -> frozenset[UUID]:
    """Workplaces that may read the trajectory on ``day``: while their agreement actually
    runs (an early LearningAgreementEnded ends it) and the trajectory is not closed."""
    return frozenset() if closed else active_agreement_workplaces(facts, day)


def via_own_job(fact: Fact, all_agreements: list[Agreement]) -> bool:
    """An assessment a workplace posted where the learner works under their own job only."""
    if fact.actor.get("role") != Role.WORKPLACE:
        return False
    day = fact.occurred_at.date()
    running = [
        a for a in all_agreements if a.workplace_id == fact.actor_organisation and a.runs_on(day)
    ]
    return bool(running) and all(a.own_job for a in running)


def recognised_competences(facts: Iterable[Fact], valid_here: Any = None) -> frozenset[str]:
    """Competences recognised by counting RecognitionDecided facts (rule 3); with
    ``valid_here`` (a predicate on a decision's fields), only decisions valid here."""
    return frozenset(
        code
        for fact in facts
        if fact.event_type == "RecognitionDecided"
        and fact.counts
        and (valid_here is None or valid_here(fact.fields))
        for code in fact.fields["competences_recognised"]
    )


def bases_from(facts: Iterable[Fact], qualification: QualificationVersion) -> list[Basis]:
    """The coverage bases among counting facts: mastered assessments by an entitled role
    (rule 5), passed modules, granted exemptions (an exempted module covers its
    competences) and route-(a) recognition decisions. A recognition-based exemption counts
    only for competences a counting RecognitionDecided still recognises (rule 3), so
    retracting the decision takes the exemption's basis with it."""
    fact_list = list(facts)
    recognised = recognised_competences(fact_list)
    all_agreements = agreements(fact_list)
    bases: list[Basis] = []
    for fact in fact_list:
        if not fact.counts:
            continue
        f = fact.fields
        if fact.event_type == "CompetenceAssessed":
            if f["level"] == MasteryLevel.MASTERED and counts_toward_coverage(f["assessor_role"]):
                bases.append(
                    Basis(
                        CoverageKind.ASSESSMENT,
                        fact.event_id,
                        frozenset({f["competence_code"]}),
                        Setting(f["setting"]),
                        via_own_job(fact, all_agreements),
                    )
                )
        elif fact.event_type == "ModuleCompleted" and f["result"] == ModuleResult.PASSED:
            bases.append(Basis(CoverageKind.MODULE, fact.event_id, frozenset(f["competences"])))
        elif fact.event_type == "ExemptionGranted":
            covered = set(f["competences"])
            for module in f["modules"]:
                if qualification.has_module(module):
                    covered.update(qualification.module(module).competences)
            if f["basis"] == ExemptionBasis.RECOGNITION_DECISION:
                covered &= recognised
            bases.append(Basis(CoverageKind.EXEMPTION, fact.event_id, frozenset(covered)))
        elif (
            fact.event_type == "RecognitionDecided"
            and f.get("route") == RecognitionRoute.TEST_CENTRE
        ):
            recognised_here = frozenset(f["competences_recognised"])
            bases.append(Basis(CoverageKind.RECOGNITION, fact.event_id, recognised_here))
    return bases


def done_modules(facts: Iterable[Fact]) -> frozenset[str]:
    """Modules passed or exempted as a whole (for choice rules, rule 1)."""
    done: set[str] = set()
    for fact in facts:
        if not fact.counts:
            continue
        if fact.event_type == "ModuleCompleted" and fact.fields["result"] == ModuleResult.PASSED:
            done.add(fact.fields["module_code"])
        elif fact.event_type == "ExemptionGranted":
            done.update(fact.fields["modules"])
    return frozenset(done)


def started_modules(facts: Iterable[Fact]) -> frozenset[str]:
    """Modules enrolled in, passed or exempted: a learner's choices from a package."""
    fact_list = list(facts)
    enrolled = {
        f.fields["module_code"] for f in fact_list if f.event_type == "ModuleEnrolled" and f.counts
    }
    return frozenset(enrolled | done_modules(fact_list))


@dataclass(frozen=True)
class LearningTime:
    """Registered hours (not planned ones) and the workplace share of learning time."""

    workplace_hours: int
    school_hours: int
    own_job_hours_not_counted: int

    @property
    def workplace_share(self) -> Decimal | None:
        total = self.workplace_hours + self.school_hours
        if total == 0:
            return None
        return (Decimal(self.workplace_hours) / Decimal(total)).quantize(Decimal("0.001"))


def learning_time(facts: Iterable[Fact], qualification: QualificationVersion) -> LearningTime:
    """The registered hours of counting WorkplaceHoursRegistered facts. Hours worked under
    the learner's own job count as workplace learning only where the programme says so, in
    its named modules (rule 2; S4 L1709-1729); dual learning aims at more than 60 % of the
    time at the workplace (S2 L257)."""
    fact_list = list(facts)
    kinds = {a.agreement_id: a for a in agreements(fact_list)}
    policy = qualification.policy
    workplace = school = not_counted = 0
    for fact in fact_list:
        if fact.event_type != "WorkplaceHoursRegistered" or not fact.counts:
            continue
        f = fact.fields
        school += f["hours_school"]
        agreement = kinds.get(f["agreement_id"])
        module = f.get("module_code")
        counted = (
            agreement is None
            or not agreement.own_job
            or (
                policy.own_employment_counts
                and (not policy.own_employment_modules or module in policy.own_employment_modules)
            )
        )
        if counted:
            workplace += f["hours_workplace"]
        else:
            not_counted += f["hours_workplace"]
    return LearningTime(workplace, school, not_counted)


__all__ = [
    "Agreement",
    "Fact",
    "LearningTime",
    "active_agreement_workplaces",
    "agreements",
    "bases_from",
    "done_modules",
    "learning_time",
    "recognised_competences",
    "started_modules",
    "workplace_readers",
]
