"""Exemption concordance tables (concordantietabel): which earlier certificate exempts which
competences, whole modules or module hours, and the scope where such an exemption is valid.

Catalogue data, versioned like qualifications, so an exemption can be computed from a
learner's certificates and checked against its row (rule 3). Woodwize's table is the model:
exemptions for a whole module or part of one (fewer hours), valid only within Woodwize
(S4 L2597-2614, L5217-5229).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.errors import NotFoundError, UnknownConcordanceTableError
from ledger.metadata import LedgerEvent, ValueState
from ledger.values import stable_id
from ledger.versioned import VersionedEntry


@dataclass(frozen=True)
class Scope:
    """Where an exemption is valid: within these providers and/or programmes."""

    providers: frozenset[UUID] = frozenset()
    programmes: frozenset[str] = frozenset()

    @property
    def unlimited(self) -> bool:
        return not self.providers and not self.programmes

    def includes(self, provider: UUID, programme: str | None) -> bool:
        if self.unlimited:
            return True
        return provider in self.providers or (
            programme is not None and programme in self.programmes
        )


@dataclass(frozen=True)
class ConcordanceRow:
    id: str
    prior_code: str
    prior_title_nl: str
    prior_title_en: str
    issuer: str
    programme: str
    competences: frozenset[str] = frozenset()
    modules: frozenset[str] = frozenset()
    module_hours: Mapping[str, int] = field(default_factory=dict)

    def allows(
        self, competences: Iterable[str], modules: Iterable[str], hours: Mapping[str, int]
    ) -> list[str]:
        """What an exemption asks beyond this row (empty: the row is its basis)."""
        beyond = [f"competence {c}" for c in sorted(set(competences) - self.competences)]
        beyond += [f"module {m}" for m in sorted(set(modules) - self.modules)]
        for module, asked in sorted(hours.items()):
            allowed = self.module_hours.get(module, 0)
            if asked > allowed:
                beyond.append(f"{asked} hours of {module} (the row grants {allowed})")
        return beyond


@dataclass(frozen=True)
class ConcordanceTableVersion:
    code: str
    version: int
    provider: UUID
    title_nl: str
    title_en: str
    scope: Scope
    rows: tuple[ConcordanceRow, ...]

    def row(self, row_id: str) -> ConcordanceRow:
        for row in self.rows:
            if row.id == row_id:
                return row
        raise NotFoundError(f"concordance table {self.code} has no row {row_id!r}")

    def exemptions_for(
        self, certificates: Collection[str], programme: str
    ) -> tuple[ConcordanceRow, ...]:
        """The rows a learner holding ``certificates`` may claim in ``programme``."""
        return tuple(
            r for r in self.rows if r.prior_code in certificates and r.programme == programme
        )


def row_from(data: Mapping[str, Any]) -> ConcordanceRow:
    prior = data["prior"]
    return ConcordanceRow(
        id=data["id"],
        prior_code=prior["code"],
        prior_title_nl=prior["title_nl"],
        prior_title_en=prior["title_en"],
        issuer=prior.get("issuer", ""),
        programme=data["programme"],
        competences=frozenset(data.get("competences", ())),
        modules=frozenset(data.get("modules", ())),
        module_hours={k: int(v) for k, v in data.get("module_hours", {}).items()},
    )


def table_from_fields(
    code: str, provider: UUID, fields: Mapping[str, Any]
) -> ConcordanceTableVersion:
    return ConcordanceTableVersion(
        code=code,
        version=int(fields["version"]),
        provider=provider,
        title_nl=fields["title_nl"],
        title_en=fields["title_en"],
        scope=Scope(
            frozenset(UUID(str(p)) for p in fields["valid_for_providers"]),
            frozenset(fields["valid_for_programmes"]),
        ),
        rows=tuple(row_from(r) for r in fields["rows"]),
    )


class ConcordanceTable(ValueState, VersionedEntry[ConcordanceTableVersion], Aggregate):
    """A provider's (or sector's) exemption concordance table."""

    unpublished = UnknownConcordanceTableError
    unpublished_detail = "{noun} {code} is not published"

    class Event(LedgerEvent):
        pass

    class ConcordanceTableRegistered(Event, Aggregate.Created):
        code: str
        provider: UUID

    class ConcordanceTableVersionPublished(Event):
        """A version of a concordance table: rows from an earlier certificate to exempted
        competences, modules or module hours in a programme, and the scope where those
        exemptions are valid."""

        version: int
        title_nl: str
        title_en: str
        valid_for_providers: list[UUID]
        valid_for_programmes: list[str]
        rows: list[dict[str, Any]]

        def apply(self, aggregate: Any) -> None:
            aggregate.add_version({k: getattr(self, k) for k in TABLE_FIELDS})

    def __init__(self, *, code: str, provider: UUID, **meta: Any) -> None:
        self.code = code
        self.provider = provider
        self._start_versions()

    @staticmethod
    def id_for(code: str) -> UUID:
        return stable_id("concordance-table", code)

    @classmethod
    def register(cls, *, code: str, provider: UUID, **meta: Any) -> ConcordanceTable:
        return cls._create(
            cls.ConcordanceTableRegistered,
            id=cls.id_for(code),
            code=code,
            provider=provider,
            **meta,
        )

    def publish_version(self, *, fields: dict[str, Any], **meta: Any) -> None:
        self.require_next_version(fields)
        self.version_from(fields)  # raises on malformed values
        self.trigger_event(self.ConcordanceTableVersionPublished, **fields, **meta)

    def version_from(self, fields: dict[str, Any]) -> ConcordanceTableVersion:
        return table_from_fields(self.code, self.provider, fields)


TABLE_FIELDS = (
    "version",
    "title_nl",
    "title_en",
    "valid_for_providers",
    "valid_for_programmes",
    "rows",
)
