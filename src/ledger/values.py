"""Value types of the ledger: identifiers, closed vocabularies, the actor and the receipt.

Plain frozen dataclasses and StrEnums; nothing here knows about storage or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NewType
from uuid import NAMESPACE_URL, UUID, uuid5

TrajectoryId = NewType("TrajectoryId", UUID)
LearnerId = NewType("LearnerId", UUID)
OrganisationId = NewType("OrganisationId", UUID)
QualificationId = NewType("QualificationId", UUID)

NAMESPACE = uuid5(NAMESPACE_URL, "https://leerspoor.be/ledger")


def stable_id(kind: str, key: str) -> UUID:
    """A deterministic id for a natural key, so a second creation collides in the store."""
    return uuid5(NAMESPACE, f"{kind}:{key}")


class Pathway(StrEnum):
    """The kind of route (leerweg) a trajectory follows."""

    DUAL_LEARNING = "duaal_leren"
    VOCATIONAL = "beroepskwalificerende_leerweg"
    RECOGNITION = "evc_traject"
    QUALIFYING_FOR_WORKERS = "kwalificerend_traject_werkenden"
    MICRODEGREE = "microdegree"
    ADULT_EDUCATION = "volwassenenonderwijs"


class Role(StrEnum):
    """The role an actor posts under (the token roles, plus the ledger's own processes)."""

    PROVIDER = "provider"
    WORKPLACE = "workplace"
    LEARNER = "learner"
    AUDITOR = "auditor"
    ADMIN = "admin"
    SYSTEM = "system"


class AssessorRole(StrEnum):
    """Who scored an assessment; rule 5 decides which of them may."""

    MENTOR = "mentor"
    ASSESSOR = "assessor"
    TEACHER = "teacher"
    JURY = "jury"
    COACH = "coach"


class MasteryLevel(StrEnum):
    NOT_YET = "not_yet"
    IN_DEVELOPMENT = "in_development"
    MASTERED = "mastered"


class Setting(StrEnum):
    WORKPLACE = "workplace"
    SCHOOL = "school"
    SIMULATED_WORKPLACE = "simulated_workplace"


class WorkReadiness(StrEnum):
    """Readiness for work found at intake (arbeidsbereid / arbeidsrijp)."""

    NOT_READY = "not_ready"
    WILLING = "arbeidsbereid"
    READY = "arbeidsrijp"


class RecognitionStep(StrEnum):
    QUICKSCAN = "quickscan"
    PORTFOLIO = "portfolio"
    HOME_ASSIGNMENT = "home_assignment"
    COMPETENCE_INTERVIEW = "competence_interview"
    PRACTICAL_TEST = "practical_test"
    SIMULATION = "simulation"
    JURY = "jury"


class ExemptionBasis(StrEnum):
    RECOGNITION_DECISION = "recognition_decision"
    PRIOR_CERTIFICATE = "prior_certificate"
    WORKPLACE_PORTFOLIO = "workplace_portfolio"


class ModuleResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class Outcome(StrEnum):
    """How a trajectory closes: (on)gekwalificeerde uitstroom."""

    QUALIFIED = "qualified"
    PARTIALLY_QUALIFIED = "partially_qualified"
    UNQUALIFIED = "unqualified"


class TrajectoryStatus(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class OrganisationKind(StrEnum):
    PROVIDER = "provider"
    WORKPLACE = "workplace"
    TEST_CENTRE = "test_centre"
    EMPLOYMENT_SERVICE = "employment_service"


class HandoverKind(StrEnum):
    PROVIDER = "provider"
    EMPLOYMENT_SERVICE = "employment_service"


class AchievementKind(StrEnum):
    MODULE = "module"
    COMPETENCE = "competence"
    PARTIAL_CERTIFICATE = "partial_certificate"
    QUALIFICATION = "qualification"


@dataclass(frozen=True)
class Actor:
    """Who posts an event: a person or process, under a role, for an organisation."""

    id: str
    role: Role
    organisation_id: UUID | None = None

    def as_dict(self) -> dict[str, str | None]:
        org = str(self.organisation_id) if self.organisation_id else None
        return {"id": self.id, "role": self.role.value, "organisation_id": org}

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> Actor:
        org = data.get("organisation_id")
        return cls(
            id=str(data["id"]),
            role=Role(str(data["role"])),
            organisation_id=UUID(org) if org else None,
        )


SYSTEM_ACTOR = Actor(id="leerspoor", role=Role.SYSTEM)


@dataclass(frozen=True)
class Receipt:
    """What an append returns: the aggregate, its new version and the log position.

    ``position`` lets a caller wait for read models to catch up; a duplicate post
    (same client event id, same body) returns the first receipt with ``duplicate=True``.
    """

    aggregate_id: UUID
    version: int
    event_id: str
    position: int | None
    duplicate: bool = False
