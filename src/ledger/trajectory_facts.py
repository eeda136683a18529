"""Facts of a trajectory as the aggregate keeps them, and what follows from them.

A fact is the body of one event, keyed by its client event id, with the corrections applied
and a mark when it was retracted. Functions here derive coverage bases, active agreements and
recognised competences from facts, and check what a correction or retraction may touch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from ledger.catalogue import QualificationVersion
from ledger.coverage import Basis, CoverageKind
from ledger.errors import CorrectionNotAllowedError, InvalidEventError
from ledger.rules import require_no_workplace_exemption
from ledger.values import ExemptionBasis, MasteryLevel, ModuleResult, Setting

AWARD_EVENTS = frozenset({"PartialCertificateAwarded", "QualificationAwarded"})

# What a correction may change, per event type; identities (which competence, which
# module, which agreement) are never corrected: retract and post the right fact instead.
CORRECTABLE: dict[str, dict[str, type]] = {
    "IntakeHeld": {"outcome": str, "work_readiness": str, "consent_to_share": bool},
    "LearningAgreementSigned": {"mentor_id": str, "hours_workplace": int, "hours_school": int},
    "ModuleCompleted": {"result": str, "competences": list, "assessed_by": str},
    "CompetenceAssessed": {"indicators_met": list, "level": str, "setting": str, "evidence": list},
    "RecognitionStepRecorded": {"outcome": str, "notes": str},
    "RecognitionDecided": {"competences_recognised": list},
    "ExemptionGranted": {"competences": list, "modules": list, "evidence": list},
}
RETRACTABLE = frozenset(
    {
        *CORRECTABLE,
        "LearningAgreementEnded",
        "ModuleEnrolled",
        "ExemptionRefused",
        *AWARD_EVENTS,
    }
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

    @property
    def counts(self) -> bool:
        """A retracted fact, or an award whose basis went, no longer counts."""
        return self.retracted_by is None and self.revoked_by is None

    def corrected(self, by_event_id: str, changes: dict[str, Any]) -> Fact:
        return replace(
            self,
            fields={**self.fields, **changes},
            corrected_by=(*self.corrected_by, by_event_id),
        )


def bases_from(facts: Iterable[Fact], qualification: QualificationVersion) -> list[Basis]:
    """The coverage bases among counting facts: mastered assessments, passed modules and
    granted exemptions (an exempted module covers its competences). A recognition-based
    exemption counts only for competences a counting RecognitionDecided still recognises
    (rule 3), so retracting the decision takes the exemption's basis with it."""
    fact_list = list(facts)
    recognised = recognised_competences(fact_list)
    bases: list[Basis] = []
    for fact in fact_list:
        if not fact.counts:
            continue
        f = fact.fields
        if fact.event_type == "CompetenceAssessed" and f["level"] == MasteryLevel.MASTERED:
            bases.append(
                Basis(
                    CoverageKind.ASSESSMENT,
                    fact.event_id,
                    frozenset({f["competence_code"]}),
                    Setting(f["setting"]),
                )
            )
        elif fact.event_type == "ModuleCompleted" and f["result"] == ModuleResult.PASSED:
            bases.append(Basis(CoverageKind.MODULE, fact.event_id, frozenset(f["competences"])))
        elif fact.event_type == "ExemptionGranted":
            covered = set(f["competences"])
            for module in f["modules"]:
                if any(m.code == module for m in qualification.modules):
                    covered.update(qualification.module(module).competences)
            if f["basis"] == ExemptionBasis.RECOGNITION_DECISION:
                covered &= recognised
            bases.append(Basis(CoverageKind.EXEMPTION, fact.event_id, frozenset(covered)))
    return bases


def active_agreement_workplaces(facts: Iterable[Fact], day: date) -> frozenset[UUID]:
    """Workplaces with a counting learning agreement running on ``day``."""
    fact_list = list(facts)
    ended = {
        f.fields["agreement_id"]: f.fields["ended_on"]
        for f in fact_list
        if f.event_type == "LearningAgreementEnded" and f.counts
    }
    active = set()
    for fact in fact_list:
        if fact.event_type != "LearningAgreementSigned" or not fact.counts:
            continue
        f = fact.fields
        ends = [d for d in (f["ends_on"], ended.get(f["agreement_id"])) if d is not None]
        last = min(ends) if ends else None
        if f["starts_on"] <= day and (last is None or day <= last):
            active.add(f["workplace_id"])
    return frozenset(active)


def recognised_competences(facts: Iterable[Fact]) -> frozenset[str]:
    """Competences recognised by counting RecognitionDecided facts (rule 3)."""
    return frozenset(
        code
        for fact in facts
        if fact.event_type == "RecognitionDecided" and fact.counts
        for code in fact.fields["competences_recognised"]
    )


def check_retraction(original: Fact, reason: str) -> None:
    if original.event_type not in RETRACTABLE:
        raise CorrectionNotAllowedError(f"{original.event_type} cannot be retracted")
    if original.retracted_by is not None:
        raise CorrectionNotAllowedError(f"{original.event_id} is already retracted")
    if not reason.strip():
        raise InvalidEventError("a retraction states its reason")


def check_correction(
    original: Fact, changes: dict[str, Any], reason: str, qualification: QualificationVersion
) -> None:
    allowed = CORRECTABLE.get(original.event_type)
    if allowed is None:
        raise CorrectionNotAllowedError(f"{original.event_type} cannot be corrected")
    if original.retracted_by is not None:
        raise CorrectionNotAllowedError(f"{original.event_id} is retracted")
    if not reason.strip():
        raise InvalidEventError("a correction states its reason")
    if not changes:
        raise InvalidEventError("a correction changes at least one field")
    for name, value in changes.items():
        expected = allowed.get(name)
        if expected is None:
            raise CorrectionNotAllowedError(
                f"{name!r} of {original.event_type} cannot be corrected; allowed: {sorted(allowed)}"
            )
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise InvalidEventError(f"{name!r} must be {expected.__name__}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise InvalidEventError(f"{name!r} must be a list of strings")
    enums = {"level": MasteryLevel, "setting": Setting, "result": ModuleResult}
    for name, enum in enums.items():
        if name in changes and changes[name] not in {e.value for e in enum}:
            raise InvalidEventError(f"{name!r} must be one of {[e.value for e in enum]}")
    # Rule 2 holds for corrected exemptions as for new ones.
    if original.event_type == "ExemptionGranted" and "competences" in changes:
        require_no_workplace_exemption(qualification, changes["competences"])
    # A corrected module result covers only what the module covers, as a new one does.
    if original.event_type == "ModuleCompleted" and "competences" in changes:
        module = qualification.module(original.fields["module_code"])
        outside = sorted(set(changes["competences"]) - set(module.competences))
        if outside:
            raise InvalidEventError(f"module {module.code} does not cover {', '.join(outside)}")
    named: list[str] = [*changes.get("competences", []), *changes.get("competences_recognised", [])]
    for code in named:
        qualification.competence(code)
