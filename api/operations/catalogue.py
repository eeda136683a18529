"""The qualification catalogue: checking and importing a catalogue file as a whole
(``docs/catalogue.md``), and the documents that show what is published — a qualification
with its versions, one version in full, the difference between two versions, programmes
and concordance tables likewise. The routes, ``leerspoor catalogue`` and the public
catalogue page all answer with these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar
from uuid import UUID

from ledger import (
    Actor,
    CatalogueCheck,
    CatalogueImport,
    ConcordanceTable,
    Ledger,
    NotFoundError,
    Programme,
    Qualification,
    VersionDiff,
)
from projections import RegistryView

ENTRY_TYPES = ("qualification", "programme", "concordance_table")


class _Entry(Protocol):
    """What every catalogue aggregate (qualification, programme, concordance table) has."""

    @property
    def code(self) -> str: ...
    @property
    def versions(self) -> Mapping[int, object]: ...
    @property
    def published_fields(self) -> Mapping[int, dict[str, Any]]: ...


class _ProviderEntry(_Entry, Protocol):
    """A catalogue entry a provider publishes (programme, concordance table)."""

    @property
    def provider(self) -> UUID: ...
    @property
    def latest_version_number(self) -> int: ...


E = TypeVar("E", bound=_Entry)


def import_catalogue(
    ledger: Ledger, document: object, *, actor: Actor, occurred_at: datetime | None = None
) -> CatalogueImport:
    """Publishes every new version of a catalogue file in one atomic save; nothing unless
    all of it is valid. Raises CatalogueInvalidError (every problem with its JSON path) or
    CatalogueVersionConflictError (a published version with other content)."""
    return ledger.import_catalogue(document, actor=actor, occurred_at=occurred_at or ledger.clock())


def _entries(entries: tuple[tuple[str, str, int], ...]) -> list[dict[str, Any]]:
    return [{"type": kind, "code": code, "version": version} for kind, code, version in entries]


def import_answer(result: CatalogueImport) -> dict[str, Any]:
    """What an import did; ``noop`` when everything in the file was published before."""
    return {
        "published": _entries(result.published),
        "unchanged": _entries(result.unchanged),
        "noop": not result.published,
        "position": result.position,
    }


def check_answer(check: CatalogueCheck) -> dict[str, Any]:
    """What importing the file would do, or every problem that stops it (nothing appended)."""
    return {
        "valid": not check.problems,
        "problems": [{"path": p.path, "message": p.message} for p in check.problems],
        "would_publish": [
            {"type": p.kind, "code": p.code, "version": p.version} for p in check.publications
        ]
        if not check.problems
        else [],
        "unchanged": _entries(check.unchanged),
    }


# -- documents ------------------------------------------------------------------------------


def rendered(value: Any) -> Any:
    """Stored event fields as the API shows them: ``title_nl`` / ``title_en`` as one
    ``title: {nl, en}`` (the catalogue file's form), ids and decimals as strings."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for name, item in value.items():
            if name == "title_nl" and "title_en" in value:
                out["title"] = {"nl": item, "en": value["title_en"]}
            elif name != "title_en" or "title_nl" not in value:
                out[name] = rendered(item)
        return out
    if isinstance(value, list | tuple):
        return [rendered(item) for item in value]
    if isinstance(value, UUID | Decimal):
        return str(value)
    return value


def summaries(registry: RegistryView, entry_type: str) -> list[dict[str, Any]]:
    """Every published entry of one type, with its latest version (from the registry view)."""
    found = []
    for row in registry.catalogue(entry_type):
        entry: dict[str, Any] = {
            "code": row["code"],
            "latest_version": row["latest_version"],
            "kind": row["kind"],
            "title": {"nl": row["title_nl"], "en": row["title_en"]},
        }
        if entry_type == "qualification":
            entry["vks_level"] = row["vks_level"]
        else:
            entry["provider"] = row["provider"]
        if entry_type == "programme":
            entry["qualification_code"] = row["qualification_code"]
        found.append(entry)
    return found


def _published(aggregate: _Entry, version: int, what: str) -> dict[str, Any]:
    """The stored fields of one published version; NotFoundError for any other number."""
    fields = aggregate.published_fields.get(version)
    if fields is None:
        raise NotFoundError(f"{what} {aggregate.code} has no version {version}")
    return fields


def _with_versions(found: E, what: str) -> E:
    """The entry; NotFoundError when none of its versions is published."""
    if not found.versions:
        raise NotFoundError(f"{what} {found.code} has no published version")
    return found


def _headlines(found: _Entry, *fields_shown: str) -> list[dict[str, Any]]:
    """Each published version's number and title, then the stored fields named."""
    return [
        {
            "version": number,
            "title": {"nl": fields["title_nl"], "en": fields["title_en"]},
            **{name: fields[name] for name in fields_shown},
        }
        for number, fields in sorted(found.published_fields.items())
    ]


def qualification(ledger: Ledger, code: str) -> Qualification:
    return _with_versions(ledger.qualification(code), "qualification")


def qualification_version(ledger: Ledger, code: str, version: int) -> dict[str, Any]:
    """One qualification version in full: kind, titles, VKS (= EQF) level, competences
    (generic or technical, indicators), partial certificates and, for an
    onderwijskwalificatie, its beroepskwalificaties and general education."""
    found = qualification(ledger, code)
    fields = rendered(_published(found, version, "qualification"))
    fields.pop("modules", None)  # the first model's; programmes hold modules now
    return {
        "code": code,
        **fields,
        "eqf_level": fields["vks_level"],
        "latest_version": found.latest_version_number,
    }


def qualification_document(ledger: Ledger, code: str) -> dict[str, Any]:
    """A qualification with every published version (headline of each) and the latest
    version in full."""
    found = qualification(ledger, code)
    versions = [
        {
            "version": number,
            "kind": fields["kind"],
            "title": {"nl": fields["title_nl"], "en": fields["title_en"]},
            "vks_level": fields["vks_level"],
            "competences": len(fields["competences"]),
        }
        for number, fields in sorted(found.published_fields.items())
    ]
    latest = found.latest_version_number
    return {
        "code": code,
        "latest_version": latest,
        "versions": versions,
        "latest": qualification_version(ledger, code, latest),
    }


class _ItemChange(Protocol):
    """A competence or partial certificate changed between two versions."""

    @property
    def code(self) -> str: ...
    @property
    def fields(self) -> Sequence[str]: ...


def _changes(
    added: Iterable[str], removed: Iterable[str], changed: Iterable[_ItemChange]
) -> dict[str, Any]:
    """The codes added and removed, and each changed one with the fields that differ."""
    return {
        "added": list(added),
        "removed": list(removed),
        "changed": [{"code": c.code, "fields": list(c.fields)} for c in changed],
    }


def diff_document(diff: VersionDiff) -> dict[str, Any]:
    """Competences and partial certificates added, removed and changed between versions."""
    return {
        "code": diff.code,
        "from_version": diff.from_version,
        "to_version": diff.to_version,
        "unchanged": diff.unchanged,
        "header_changed": list(diff.header_changed),
        "competences": _changes(
            diff.competences_added, diff.competences_removed, diff.competences_changed
        ),
        "partial_certificates": _changes(
            diff.certificates_added, diff.certificates_removed, diff.certificates_changed
        ),
    }


def qualification_diff(ledger: Ledger, code: str, from_version: int, to_version: int) -> Any:
    qualification(ledger, code)
    return diff_document(ledger.qualification_diff(code, from_version, to_version))


def _provided_version(
    code: str, found: _ProviderEntry, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """One version of a provider's entry: its code and provider, ``fields``, the latest
    version's number."""
    return {
        "code": code,
        "provider": str(found.provider),
        **fields,
        "latest_version": found.latest_version_number,
    }


def _provided_document(
    ledger: Ledger,
    code: str,
    found: _ProviderEntry,
    version_document: Callable[[Ledger, str, int], dict[str, Any]],
    headline_fields: tuple[str, ...] = (),
    **identity: Any,
) -> dict[str, Any]:
    """A provider's entry with every published version (headline of each, with the stored
    ``headline_fields``) and the latest version in full."""
    latest = found.latest_version_number
    return {
        "code": code,
        "provider": str(found.provider),
        **identity,
        "latest_version": latest,
        "versions": _headlines(found, *headline_fields),
        "latest": version_document(ledger, code, latest),
    }


def programme_version(ledger: Ledger, code: str, version: int) -> dict[str, Any]:
    """One programme version in full: modules, where each competence is learnt, the
    workplace policy (rule 2), choice rules, study points and what it counts toward."""
    found: Programme = ledger.programme(code)
    fields = rendered(_published(found, version, "programme"))
    qualification_code = fields.pop("qualification_code")
    qualification_version_number = fields.pop("qualification_version")
    qualification = {"code": qualification_code, "version": qualification_version_number}
    return _provided_version(code, found, {**fields, "qualification": qualification})


def programme_document(ledger: Ledger, code: str) -> dict[str, Any]:
    found: Programme = _with_versions(ledger.programme(code), "programme")
    return _provided_document(
        ledger,
        code,
        found,
        programme_version,
        ("qualification_version",),
        qualification_code=found.qualification_code,
    )


def table_version(ledger: Ledger, code: str, version: int) -> dict[str, Any]:
    """One concordance table version: its scope and rows (earlier certificate → what it
    exempts in which programme)."""
    found: ConcordanceTable = ledger.concordance_table(code)
    return _provided_version(code, found, rendered(_published(found, version, "concordance table")))


def table_document(ledger: Ledger, code: str) -> dict[str, Any]:
    found: ConcordanceTable = _with_versions(ledger.concordance_table(code), "concordance table")
    return _provided_document(ledger, code, found, table_version)
