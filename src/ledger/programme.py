"""A provider's programme for a qualification (opleidingsprofiel / standaardtraject): its
modules, where each competence is learnt (school, workplace, simulated workplace), its
workplace-learning policy (rule 2 per programme) and, for a microdegree, its choice rules.

Versioned like the qualification: a trajectory pins the programme version in force when it
opens, written for the qualification version it pins (rule 7). Sources: S2 L327-336,
S4 L1709-1729, L2446-2484, L2666-2669, L2717-2753, L3594-3598.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidEventError, NotFoundError, UnknownProgrammeError
from ledger.metadata import LedgerEvent, ValueState
from ledger.qualification_version import (
    ChoiceRule,
    Module,
    ProgrammeFields,
    WorkplacePolicy,
    module_from,
)
from ledger.values import ProgrammeId, stable_id
from ledger.versioned import VersionedEntry
from ledger.vocabulary import ModuleUnit, Setting

PROGRAMME_KINDS = ("opleidingsprofiel", "standaardtraject")


@dataclass(frozen=True, kw_only=True)
class ProgrammeVersion(ProgrammeFields):
    """A published programme version: what tailors a qualification version (its
    ``ProgrammeFields``, so it is passed to ``QualificationVersion.tailored`` as it is) and
    what describes the programme itself."""

    provider: UUID
    kind: str
    title_nl: str
    title_en: str
    qualification_code: str
    qualification_version: int
    unit: ModuleUnit
    total_study_points: tuple[int, int] | None = None
    counts_toward: tuple[str, ...] = ()
    """Programmes or qualifications this one's credits count toward (S4 L2752-2753)."""

    def module(self, code: str) -> Module:
        for module in self.modules:
            if module.code == code:
                return module
        raise NotFoundError(f"module {code!r} is not part of programme {self.code}")


def policy_from(data: Mapping[str, Any]) -> WorkplacePolicy:
    share = data.get("minimum_workplace_share")
    hours = data.get("max_stage_reduction_hours")
    return WorkplacePolicy(
        workplace_learning_exemptible=bool(data.get("workplace_learning_exemptible", False)),
        never_exemptible=tuple(data.get("never_exemptible", ())),
        own_employment_counts=bool(data.get("own_employment_counts", False)),
        own_employment_modules=tuple(data.get("own_employment_modules", ())),
        portfolio_may_shorten_stage=bool(data.get("portfolio_may_shorten_stage", False)),
        max_stage_reduction_hours=int(hours) if hours is not None else None,
        requires_accredited_workplace=bool(data.get("requires_accredited_workplace", False)),
        minimum_workplace_share=Decimal(str(share)) if share is not None else None,
    )


def programme_from_fields(code: str, provider: UUID, fields: Mapping[str, Any]) -> ProgrammeVersion:
    unit = ModuleUnit(fields["unit"])
    total = fields.get("total_study_points")
    return ProgrammeVersion(
        code=code,
        version=int(fields["version"]),
        provider=provider,
        kind=fields["kind"],
        title_nl=fields["title_nl"],
        title_en=fields["title_en"],
        qualification_code=fields["qualification_code"],
        qualification_version=int(fields["qualification_version"]),
        unit=unit,
        modules=tuple(module_from(m, unit) for m in fields["modules"]),
        places={code: Setting(place) for code, place in fields["places"].items()},
        policy=policy_from(fields["workplace_policy"]),
        choice_rules=tuple(
            ChoiceRule(tuple(r["common"]), int(r["choose"]), tuple(r["package"]))
            for r in fields["choice_rules"]
        ),
        total_study_points=(int(total["min"]), int(total["max"])) if total else None,
        counts_toward=tuple(fields["counts_toward"]),
    )


class Programme(ValueState, VersionedEntry[ProgrammeVersion], Aggregate):
    """A provider's programme (opleidingsprofiel) for one qualification."""

    unpublished = UnknownProgrammeError

    class Event(LedgerEvent):
        pass

    class ProgrammeRegistered(Event, Aggregate.Created):
        code: str
        provider: UUID
        qualification_code: str

    class ProgrammeVersionPublished(Event):
        """A version of a programme: modules (size in lestijden, hours or study points,
        competences covered), where each competence is learnt, the workplace-learning
        policy, choice rules and what its credits count toward."""

        version: int
        kind: str
        title_nl: str
        title_en: str
        qualification_code: str
        qualification_version: int
        unit: str
        modules: list[dict[str, Any]]
        places: dict[str, Any]
        workplace_policy: dict[str, Any]
        choice_rules: list[dict[str, Any]]
        total_study_points: dict[str, Any] | None
        counts_toward: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.add_version({k: getattr(self, k) for k in PROGRAMME_FIELDS})

    def __init__(self, *, code: str, provider: UUID, qualification_code: str, **meta: Any):
        self.code = code
        self.provider = provider
        self.qualification_code = qualification_code
        self._start_versions()

    @staticmethod
    def id_for(code: str) -> ProgrammeId:
        return ProgrammeId(stable_id("programme", code))

    @classmethod
    def register(
        cls, *, code: str, provider: UUID, qualification_code: str, **meta: Any
    ) -> Programme:
        return cls._create(
            cls.ProgrammeRegistered,
            id=cls.id_for(code),
            code=code,
            provider=provider,
            qualification_code=qualification_code,
            **meta,
        )

    def publish_version(self, *, fields: dict[str, Any], **meta: Any) -> None:
        self.require_next_version(fields)
        if fields["qualification_code"] != self.qualification_code:
            raise InvalidEventError(f"{self.code} is a programme for {self.qualification_code}")
        self.version_from(fields)  # raises on malformed values
        self.trigger_event(self.ProgrammeVersionPublished, **fields, **meta)

    def version_from(self, fields: dict[str, Any]) -> ProgrammeVersion:
        return programme_from_fields(self.code, self.provider, fields)

    def for_qualification_version(self, number: int) -> ProgrammeVersion | None:
        """The latest programme version written for that qualification version."""
        written = [v for v in self.versions.values() if v.qualification_version == number]
        return max(written, key=lambda v: v.version) if written else None


PROGRAMME_FIELDS = (
    "version",
    "kind",
    "title_nl",
    "title_en",
    "qualification_code",
    "qualification_version",
    "unit",
    "modules",
    "places",
    "workplace_policy",
    "choice_rules",
    "total_study_points",
    "counts_toward",
)
