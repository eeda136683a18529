"""Value types of the ledger: identifiers, the actor and the receipt; the closed vocabularies
live in ``ledger.vocabulary`` and are re-exported here for existing imports.

Plain frozen dataclasses; nothing here knows about storage or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NewType, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid5

from ledger.errors import InvalidEventError
from ledger.vocabulary import (
    OWN_JOB_AGREEMENTS,
    AchievementKind,
    AgreementKind,
    AssessorRole,
    CompetenceType,
    ExemptionBasis,
    ExitKind,
    GuidanceKind,
    HandoverKind,
    MasteryLevel,
    ModuleResult,
    ModuleUnit,
    OrganisationKind,
    Outcome,
    Pathway,
    QualificationKind,
    RecognitionKind,
    RecognitionRoute,
    RecognitionStep,
    Role,
    Setting,
    Signatory,
    TrajectoryStatus,
    WorkReadiness,
)

__all__ = [
    "NAMESPACE",
    "OWN_JOB_AGREEMENTS",
    "SYSTEM_ACTOR",
    "AchievementKind",
    "Actor",
    "AgreementKind",
    "AssessorRole",
    "CompetenceType",
    "ExemptionBasis",
    "ExitKind",
    "GuidanceKind",
    "HandoverKind",
    "LearnerId",
    "MasteryLevel",
    "ModuleResult",
    "ModuleUnit",
    "OrganisationId",
    "OrganisationKind",
    "Outcome",
    "Pathway",
    "ProgrammeId",
    "QualificationId",
    "QualificationKind",
    "Receipt",
    "RecognitionKind",
    "RecognitionRoute",
    "RecognitionStep",
    "Role",
    "Setting",
    "Signatory",
    "TrajectoryId",
    "TrajectoryStatus",
    "WorkReadiness",
    "parse_enum",
    "stable_id",
]

TrajectoryId = NewType("TrajectoryId", UUID)
LearnerId = NewType("LearnerId", UUID)
OrganisationId = NewType("OrganisationId", UUID)
QualificationId = NewType("QualificationId", UUID)
ProgrammeId = NewType("ProgrammeId", UUID)

E = TypeVar("E", bound=StrEnum)

NAMESPACE = uuid5(NAMESPACE_URL, "https://leerspoor.be/ledger")


def stable_id(kind: str, key: str) -> UUID:
    """A deterministic id for a natural key, so a second creation collides in the store."""
    return uuid5(NAMESPACE, f"{kind}:{key}")


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


def parse_enum(enum: type[E], value: object, name: str) -> E:
    """``value`` as a member of ``enum``; InvalidEventError naming the field otherwise."""
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise InvalidEventError(f"{name} must be one of {allowed}, not {value!r}") from None
