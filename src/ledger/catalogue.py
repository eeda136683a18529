"""The qualification catalogue: versioned qualifications, their competences, modules and
partial certificates (beroepskwalificatie, competentie-eenheid, module, deelkwalificatie).

A published version never changes; a revision is a new version (rule 7 pins trajectories to
the version in force when they opened).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidEventError, NotFoundError
from ledger.metadata import LedgerEvent, ValueState
from ledger.values import QualificationId, stable_id


@dataclass(frozen=True)
class Competence:
    """A competence unit; indicators make it observable."""

    code: str
    title: str
    indicators: tuple[str, ...] = ()
    workplace_required: bool = False


@dataclass(frozen=True)
class Module:
    """A unit of training covering one or more competences (many-to-many)."""

    code: str
    title: str
    competences: tuple[str, ...]
    study_points: int = 0


@dataclass(frozen=True)
class PartialCertificate:
    """A recognised cluster of competence units (deelkwalificatie, tussencertificaat)."""

    code: str
    title: str
    competences: tuple[str, ...]


@dataclass(frozen=True)
class QualificationVersion:
    code: str
    version: int
    title_nl: str
    title_en: str
    vks_level: int
    kind: str
    competences: tuple[Competence, ...]
    modules: tuple[Module, ...] = ()
    partial_certificates: tuple[PartialCertificate, ...] = ()
    _by_code: dict[str, Competence] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({c.code: c for c in self.competences})

    def competence(self, code: str) -> Competence:
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFoundError(
                f"competence {code!r} is not part of {self.code} v{self.version}"
            ) from None

    def has_competence(self, code: str) -> bool:
        return code in self._by_code

    def module(self, code: str) -> Module:
        for module in self.modules:
            if module.code == code:
                return module
        raise NotFoundError(f"module {code!r} is not part of {self.code} v{self.version}")

    def partial_certificate(self, code: str) -> PartialCertificate:
        for certificate in self.partial_certificates:
            if certificate.code == code:
                return certificate
        raise NotFoundError(
            f"partial certificate {code!r} is not part of {self.code} v{self.version}"
        )


def version_from_fields(code: str, fields: dict[str, Any]) -> QualificationVersion:
    """Builds the value from a published event's JSON-native fields."""
    return QualificationVersion(
        code=code,
        version=int(fields["version"]),
        title_nl=fields["title_nl"],
        title_en=fields["title_en"],
        vks_level=int(fields["vks_level"]),
        kind=fields["kind"],
        competences=tuple(
            Competence(
                code=c["code"],
                title=c["title"],
                indicators=tuple(c.get("indicators", ())),
                workplace_required=bool(c.get("workplace_required", False)),
            )
            for c in fields["competences"]
        ),
        modules=tuple(
            Module(
                code=m["code"],
                title=m["title"],
                competences=tuple(m["competences"]),
                study_points=int(m.get("study_points", 0)),
            )
            for m in fields["modules"]
        ),
        partial_certificates=tuple(
            PartialCertificate(
                code=p["code"], title=p["title"], competences=tuple(p["competences"])
            )
            for p in fields["partial_certificates"]
        ),
    )


def check_version_is_coherent(version: QualificationVersion) -> None:
    """Modules and partial certificates may only name competences of the same version."""
    if not version.competences:
        raise InvalidEventError("a qualification version needs at least one competence")
    if not 1 <= version.vks_level <= 8:
        raise InvalidEventError(f"VKS level must be 1..8, not {version.vks_level}")
    codes = [c.code for c in version.competences]
    if len(set(codes)) != len(codes):
        raise InvalidEventError("competence codes must be unique within a version")
    parts: list[Module | PartialCertificate] = [*version.modules, *version.partial_certificates]
    for part in parts:
        unknown = sorted(set(part.competences) - set(codes))
        if unknown or not part.competences:
            raise InvalidEventError(f"{part.code} names unknown or no competences: {unknown}")


class Qualification(ValueState, Aggregate):
    """A qualification (beroepskwalificatie) and every version published of it."""

    class Event(LedgerEvent):
        pass

    class QualificationRegistered(Event, Aggregate.Created):
        code: str

    class QualificationVersionPublished(Event):
        version: int
        title_nl: str
        title_en: str
        vks_level: int
        kind: str
        competences: list[dict[str, Any]]
        modules: list[dict[str, Any]]
        partial_certificates: list[dict[str, Any]]

        def apply(self, aggregate: Any) -> None:
            aggregate.versions[self.version] = version_from_fields(aggregate.code, self.__dict__)

    def __init__(self, *, code: str, **meta: Any) -> None:
        self.code = code
        self.versions: dict[int, QualificationVersion] = {}

    @staticmethod
    def id_for(code: str) -> QualificationId:
        return QualificationId(stable_id("qualification", code))

    @classmethod
    def register(cls, *, code: str, **meta: Any) -> Qualification:
        return cls._create(cls.QualificationRegistered, id=cls.id_for(code), code=code, **meta)

    def publish_version(self, *, fields: dict[str, Any], **meta: Any) -> None:
        number = int(fields["version"])
        if number != self.latest_version_number + 1:
            raise InvalidEventError(
                f"{self.code}: next version must be {self.latest_version_number + 1}, not {number}"
            )
        check_version_is_coherent(version_from_fields(self.code, fields))
        self.trigger_event(self.QualificationVersionPublished, **fields, **meta)

    @property
    def latest_version_number(self) -> int:
        return max(self.versions, default=0)

    def in_force(self) -> QualificationVersion:
        """The version a newly opened trajectory pins (rule 7)."""
        if not self.versions:
            raise NotFoundError(f"qualification {self.code} has no published version")
        return self.versions[self.latest_version_number]

    def published(self, number: int) -> QualificationVersion:
        try:
            return self.versions[number]
        except KeyError:
            raise NotFoundError(f"qualification {self.code} has no version {number}") from None
