"""Which facts a correction or retraction may touch, and what a correction may change.

Identities (which competence, which module, which agreement) are never corrected: retract
and post the right fact instead. What a compensation revokes is rule 9 (``ledger.rules``).
"""

from __future__ import annotations

from typing import Any

from ledger.errors import CorrectionNotAllowedError, InvalidEventError
from ledger.qualification_version import QualificationVersion
from ledger.rules import require_exemptible
from ledger.trajectory_facts import Fact
from ledger.values import MasteryLevel, ModuleResult, Setting, WorkReadiness

AWARD_EVENTS = frozenset({"PartialCertificateAwarded", "QualificationAwarded"})

# What a correction may change, per event type.
CORRECTABLE: dict[str, dict[str, type]] = {
    "IntakeHeld": {
        "outcome": str,
        "arbeidsbereid": bool,
        "arbeidsrijp": str,
        "welfare_issues": bool,
        "advised_by": list,
        "advice": str,
        "consent_to_share": bool,
    },
    "LearningAgreementSigned": {
        "mentor_id": str,
        "hours_workplace": int,
        "hours_school": int,
        "signatories": list,
    },
    "WorkplaceHoursRegistered": {"hours_workplace": int, "hours_school": int},
    "ModuleCompleted": {"result": str, "competences": list, "assessed_by": str},
    "CompetenceAssessed": {"indicators_met": list, "level": str, "setting": str, "evidence": list},
    "RecognitionStepRecorded": {"outcome": str, "notes": str},
    "RecognitionDecided": {"competences_recognised": list},
    "ExemptionGranted": {"competences": list, "modules": list, "evidence": list},
    "GuidanceRecorded": {"notes": str},
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
ENUMS = {
    "level": MasteryLevel,
    "setting": Setting,
    "result": ModuleResult,
    "arbeidsrijp": WorkReadiness,
}


def check_retraction(original: Fact, reason: str) -> None:
    """Raises CorrectionNotAllowedError for a fact that cannot be retracted (again)."""
    if original.event_type not in RETRACTABLE:
        raise CorrectionNotAllowedError(f"{original.event_type} cannot be retracted")
    if original.retracted_by is not None:
        raise CorrectionNotAllowedError(f"{original.event_id} is already retracted")
    if not reason.strip():
        raise InvalidEventError("a retraction states its reason")


def check_correction(
    original: Fact, changes: dict[str, Any], reason: str, qualification: QualificationVersion
) -> None:
    """Raises CorrectionNotAllowedError for a field that cannot be corrected, and
    InvalidEventError (or a rule's error) for a change that a new fact could not carry."""
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
        if isinstance(value, int) and value < 0:
            raise InvalidEventError(f"{name!r} cannot be negative")
    for name, enum in ENUMS.items():
        if name in changes and changes[name] not in {e.value for e in enum}:
            raise InvalidEventError(f"{name!r} must be one of {[e.value for e in enum]}")
    # Rule 2 holds for corrected exemptions as for new ones.
    if original.event_type == "ExemptionGranted" and "competences" in changes:
        require_exemptible(qualification, changes["competences"])
    # A corrected module result covers only what the module covers, as a new one does.
    if original.event_type == "ModuleCompleted" and "competences" in changes:
        module = qualification.module(original.fields["module_code"])
        outside = sorted(set(changes["competences"]) - set(module.competences))
        if outside:
            raise InvalidEventError(f"module {module.code} does not cover {', '.join(outside)}")
    named: list[str] = [*changes.get("competences", []), *changes.get("competences_recognised", [])]
    for code in named:
        qualification.competence(code)
