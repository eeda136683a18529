"""Which ledger facts earn which badge, and what kind of credential it is, for the issuance
process (``projections.issuance``). Badges are named by their kind (PRODUCT.md corrections):
a passed module earns a moduleattest (a creditbewijs where its programme counts in study
points, S4 L6634-6636), a positive recognition decision a competentiebewijs
(S4 L2310-2314), an award the kind of what is awarded (deelkwalificatie, the
beroepskwalificatie an onderwijskwalificatie is composed of, certificaat, microdegree
getuigschrift, ...). Pure."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ledger.qualification_version import QualificationVersion
from ledger.rules import counts_toward_coverage
from ledger.trajectory import Trajectory
from ledger.trajectory_base import TrajectoryEvent
from ledger.trajectory_facts import Fact
from ledger.values import (
    AchievementKind,
    MasteryLevel,
    ModuleResult,
    ModuleUnit,
    QualificationKind,
)

EARNING_EVENTS: dict[type[TrajectoryEvent], AchievementKind] = {
    Trajectory.ModuleCompleted: AchievementKind.MODULE,
    Trajectory.CompetenceAssessed: AchievementKind.COMPETENCE,
    Trajectory.RecognitionDecided: AchievementKind.RECOGNITION,
    Trajectory.PartialCertificateAwarded: AchievementKind.PARTIAL_CERTIFICATE,
    Trajectory.QualificationAwarded: AchievementKind.QUALIFICATION,
}


@dataclass(frozen=True)
class Earned:
    """A badge a fact earns: what it is for, the credential kind it is named by (None: a
    single competence, which is no credential kind of its own), and the code it is for."""

    achievement: AchievementKind
    credential_kind: QualificationKind | None
    code: str


def earned_by(
    fact: Fact, version: QualificationVersion, counting_bases: Collection[str]
) -> Earned | None:
    """The badge ``fact`` earns on a trajectory judged against ``version``, or None.
    ``counting_bases`` are the event ids of the trajectory's coverage bases now (a module or
    assessment earns its badge only while it counts)."""
    if not fact.counts:
        return None
    f = fact.fields
    if fact.event_type == "ModuleCompleted":
        if f["result"] == ModuleResult.PASSED and fact.event_id in counting_bases:
            return Earned(
                AchievementKind.MODULE, _module_kind(version, f["module_code"]), f["module_code"]
            )
    elif fact.event_type == "CompetenceAssessed":
        scoring = f["level"] == MasteryLevel.MASTERED and counts_toward_coverage(f["assessor_role"])
        if scoring and fact.event_id in counting_bases:
            return Earned(AchievementKind.COMPETENCE, None, f["competence_code"])
    elif fact.event_type == "RecognitionDecided":
        if f["competences_recognised"]:
            return Earned(
                AchievementKind.RECOGNITION, QualificationKind.COMPETENTIEBEWIJS, f["procedure_id"]
            )
    elif fact.event_type == "PartialCertificateAwarded":
        certificate = version.partial_certificate(f["certificate_code"])
        return Earned(AchievementKind.PARTIAL_CERTIFICATE, certificate.kind, certificate.code)
    elif fact.event_type == "QualificationAwarded":
        return Earned(AchievementKind.QUALIFICATION, version.kind, f["qualification_code"])
    return None


def _module_kind(version: QualificationVersion, module_code: str) -> QualificationKind:
    """A course of a programme counted in study points (higher education) ends in a
    creditbewijs (S4 L6634-6636); any other passed module in a moduleattest."""
    if version.programme is not None and version.has_module(module_code):
        if version.module(module_code).unit is ModuleUnit.STUDY_POINTS:
            return QualificationKind.CREDITBEWIJS
    return QualificationKind.MODULEATTEST
