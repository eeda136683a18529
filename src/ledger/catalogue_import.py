"""Ledger commands of the catalogue: check and import a catalogue file as a whole (nothing
is appended unless all of it is valid; one atomic save of every aggregate it touches; the
same version with the same content again is a no-op), and read programmes, concordance
tables and the difference between two qualification versions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from ledger.application_base import RETRIES, LedgerBase
from ledger.catalogue import Qualification
from ledger.catalogue_diff import VersionDiff, diff_versions
from ledger.catalogue_file import CatalogueCheck, Publication, validate_catalogue
from ledger.concordance import ConcordanceTable
from ledger.errors import (
    CatalogueInvalidError,
    CatalogueVersionConflictError,
    ConcurrentChangeError,
    NotFoundError,
)
from ledger.organisation import Organisation
from ledger.programme import Programme
from ledger.values import Actor, OrganisationKind

AGGREGATES: dict[str, type[Any]] = {
    "qualification": Qualification,
    "programme": Programme,
    "concordance_table": ConcordanceTable,
}


@dataclass(frozen=True)
class CatalogueImport:
    """What an import did: versions published and versions already there unchanged, as
    (kind, code, version); the log position of the last event appended (None: nothing)."""

    published: tuple[tuple[str, str, int], ...]
    unchanged: tuple[tuple[str, str, int], ...]
    position: int | None


class LedgerKnown:
    """``catalogue_file.Known`` over the ledger's aggregates."""

    def __init__(self, ledger: LedgerBase) -> None:
        self.ledger = ledger

    def _aggregate(self, kind: str, code: str) -> Any:
        cls = AGGREGATES[kind]
        try:
            return self.ledger._get(cls, cls.id_for(code))
        except NotFoundError:
            return None

    def published(self, kind: str, code: str) -> Mapping[int, Mapping[str, Any]]:
        found = self._aggregate(kind, code)
        return dict(found.published_fields) if found is not None else {}

    def owner(self, kind: str, code: str) -> UUID | None:
        found = self._aggregate(kind, code) if kind != "qualification" else None
        return found.provider if found is not None else None

    def organisation_kind(self, organisation_id: UUID) -> OrganisationKind | None:
        try:
            return self.ledger._get(Organisation, organisation_id).kind
        except NotFoundError:
            return None


class CatalogueCommands(LedgerBase):
    def check_catalogue(self, document: object) -> CatalogueCheck:
        """Every problem of a catalogue file (with JSON paths) against what the ledger holds,
        and what importing it would publish; appends nothing."""
        return validate_catalogue(document, LedgerKnown(self))

    def import_catalogue(
        self, document: object, *, actor: Actor, occurred_at: datetime
    ) -> CatalogueImport:
        """Publishes every new version in a catalogue file in one atomic save. Raises
        CatalogueInvalidError listing every problem (nothing appended), or
        CatalogueVersionConflictError when the only problems are published versions
        imported with other content."""
        for _ in range(RETRIES):
            check = self.check_catalogue(document)
            if check.problems:
                problems = [(p.path, p.message) for p in check.problems]
                summary = f"{len(problems)} problem(s); first: {problems[0][0]}: {problems[0][1]}"
                if all(p.conflict for p in check.problems):
                    raise CatalogueVersionConflictError(summary, problems)
                raise CatalogueInvalidError(summary, problems)
            if not check.publications:
                return CatalogueImport((), check.unchanged, None)
            aggregates: dict[tuple[str, str], Aggregate] = {}
            for publication in check.publications:
                aggregate = aggregates.get((publication.kind, publication.code))
                if aggregate is None:
                    aggregate = self._catalogue_aggregate(publication, actor, occurred_at)
                    aggregates[(publication.kind, publication.code)] = aggregate
                stamp = self.stamp(
                    f"catalogue:{publication.kind}:{publication.code}:v{publication.version}",
                    occurred_at,
                    actor,
                )
                aggregate.publish_version(fields=publication.fields, **stamp.as_fields())  # type: ignore[attr-defined]
            try:
                recordings = self.save(*aggregates.values())
            except IntegrityError:
                continue  # imported at the same moment elsewhere: check again
            published = tuple((p.kind, p.code, p.version) for p in check.publications)
            return CatalogueImport(published, check.unchanged, recordings[-1].notification.id)
        raise ConcurrentChangeError("too many concurrent catalogue changes; try again")

    def _catalogue_aggregate(
        self, publication: Publication, actor: Actor, occurred_at: datetime
    ) -> Aggregate:
        cls = AGGREGATES[publication.kind]
        try:
            found: Aggregate = self._get(cls, cls.id_for(publication.code))
            return found
        except NotFoundError:
            pass
        stamp = self.stamp(f"catalogue:{publication.kind}:{publication.code}", occurred_at, actor)
        provider = publication.provider
        assert cls is Qualification or provider is not None  # the schema requires it
        if cls is Qualification:
            return Qualification.register(code=publication.code, **stamp.as_fields())
        if cls is Programme:
            assert provider is not None
            assert publication.qualification_code is not None
            return Programme.register(
                code=publication.code,
                provider=provider,
                qualification_code=publication.qualification_code,
                **stamp.as_fields(),
            )
        assert provider is not None
        return ConcordanceTable.register(
            code=publication.code, provider=provider, **stamp.as_fields()
        )

    def concordance_table(self, code: str) -> ConcordanceTable:
        return self._get(ConcordanceTable, ConcordanceTable.id_for(code))

    def qualification_diff(self, code: str, from_version: int, to_version: int) -> VersionDiff:
        """Competences (and partial certificates) added, removed and changed between two
        published versions; NotFoundError for an unknown code or version."""
        qualification = self.qualification(code)
        return diff_versions(
            qualification.published(from_version), qualification.published(to_version)
        )
