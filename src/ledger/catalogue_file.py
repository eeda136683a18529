"""A catalogue file: validated as a whole, every problem reported with its JSON path, and
turned into the versions to publish. Pure: what the ledger already holds comes in through
``Known``; nothing here loads or stores.

The file's JSON Schema is ``ledger.catalogue_schema``; beyond it this checks duplicate
codes, parts naming unknown competences, versions that are not the next one (and a
published version imported again with other content), composition and places that do not
fit the qualification, choice rules that cannot be met, and references to organisations,
qualifications and programmes that do not exist (in the file or the ledger).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

import jsonschema_rs

from ledger.catalogue_fields import FIELDS
from ledger.catalogue_schema import CATALOGUE_SCHEMA
from ledger.organisation import Organisation
from ledger.programme import programme_from_fields
from ledger.qualification_version import (
    QualificationVersion,
    study_point_totals,
    version_from_fields,
)
from ledger.values import ModuleUnit, OrganisationKind, QualificationKind

# jsonschema_rs: the project's one JSON Schema engine (draft 2020-12; formats annotate only).
VALIDATOR = jsonschema_rs.validator_for(CATALOGUE_SCHEMA, offline=True)
PROVIDERS = (OrganisationKind.PROVIDER, OrganisationKind.TEST_CENTRE)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    conflict: bool = False
    """A published version imported again with other content."""


@dataclass(frozen=True)
class Publication:
    """One version to publish: the event fields of its ``…VersionPublished`` event."""

    kind: str
    code: str
    version: int
    provider: UUID | None
    qualification_code: str | None
    fields: dict[str, Any]


@dataclass(frozen=True)
class CatalogueCheck:
    problems: tuple[Problem, ...]
    publications: tuple[Publication, ...]
    unchanged: tuple[tuple[str, str, int], ...]


class Known(Protocol):
    """What the ledger already holds, for the checks that reach beyond the file."""

    def published(self, kind: str, code: str) -> Mapping[int, Mapping[str, Any]]:
        """Version -> event fields of what is published of ``code`` (kind: qualification,
        programme or concordance_table)."""

    def owner(self, kind: str, code: str) -> UUID | None:
        """The provider a registered programme or concordance table belongs to."""

    def organisation_kind(self, organisation_id: UUID) -> OrganisationKind | None: ...


@dataclass
class _Run:
    """The checks over one file, with the ledger's versions plus the file's so far."""

    known: Known
    problems: list[Problem] = field(default_factory=list)
    versions: dict[tuple[str, str], dict[int, Mapping[str, Any]]] = field(default_factory=dict)

    def problem(self, path: str, message: str, conflict: bool = False) -> None:
        self.problems.append(Problem(path, message, conflict))

    def published(self, kind: str, code: str) -> dict[int, Mapping[str, Any]]:
        if (kind, code) not in self.versions:
            self.versions[(kind, code)] = dict(self.known.published(kind, code))
        return self.versions[(kind, code)]

    def qualification(self, code: str, version: int) -> QualificationVersion | None:
        fields = self.published("qualification", code).get(version)
        return version_from_fields(code, fields) if fields else None

    def provider(self, path: str, key: str) -> UUID:
        provider = Organisation.id_for(key)
        if self.known.organisation_kind(provider) not in PROVIDERS:
            self.problem(path, f"{key!r} is not a registered provider or test centre")
        return provider

    def duplicates(self, path: str, codes: Iterable[str], what: str) -> None:
        for code, count in Counter(codes).items():
            if count > 1:
                self.problem(path, f"duplicate {what} code {code!r}")

    def unknown(self, path: str, named: Iterable[str], known: Iterable[str], what: str) -> None:
        missing = [c for c in named if c not in set(known)]
        if missing:
            self.problem(path, f"names unknown {what}: {', '.join(missing)}")


def _json_path(path: Iterable[str | int]) -> str:
    """``$.documents[2].modules[0]``: where in the file a schema error is."""
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)


def validate_catalogue(document: object, known: Known) -> CatalogueCheck:
    """Every problem of a catalogue file with its JSON path, and what importing it would
    publish (nothing is published when there is any problem)."""
    run = _Run(known)
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(map(str, e.instance_path)))
    broken: set[int] = set()
    for error in errors:
        path = list(error.instance_path)
        run.problem(_json_path(path), error.message)
        if len(path) >= 2 and path[0] == "documents" and isinstance(path[1], int):
            broken.add(path[1])
    if not isinstance(document, dict) or not isinstance(document.get("documents"), list):
        return CatalogueCheck(tuple(run.problems), (), ())
    publications: list[Publication] = []
    unchanged: list[tuple[str, str, int]] = []
    for index, doc in enumerate(document["documents"]):
        if index in broken or not isinstance(doc, dict):
            continue
        at = f"$.documents[{index}]"
        kind, code, version = doc["type"], doc["code"], doc["version"]
        fields = FIELDS[kind](doc)
        provider = run.provider(f"{at}.provider", doc["provider"]) if "provider" in doc else None
        CHECKS[kind](run, at, doc, fields)
        if provider is not None:
            owner = known.owner(kind, code)
            if owner is not None and owner != provider:
                run.problem(f"{at}.provider", f"{code} belongs to another provider")
        versions = run.published(kind, code)
        if version in versions:
            if dict(versions[version]) == fields:
                unchanged.append((kind, code, version))
            else:
                run.problem(
                    f"{at}.version",
                    f"{code} v{version} is already published with other content; "
                    f"a revision is version {max(versions) + 1}",
                    conflict=True,
                )
            continue
        expected = max(versions, default=0) + 1
        if version != expected:
            run.problem(
                f"{at}.version", f"{code}: version {version} is not the next one ({expected})"
            )
        versions[version] = fields
        qualification = fields.get("qualification_code") if kind == "programme" else None
        publications.append(Publication(kind, code, version, provider, qualification, fields))
    return CatalogueCheck(tuple(run.problems), tuple(publications), tuple(unchanged))


def _check_qualification(
    run: _Run, at: str, doc: Mapping[str, Any], fields: dict[str, Any]
) -> None:
    codes = [c["code"] for c in doc["competences"]]
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            run.problem(f"{at}.competences[{index}].code", f"duplicate competence code {code!r}")
        seen.add(code)
    for group in ("partial_certificates", "beroepskwalificaties"):
        parts = doc.get(group, [])
        run.duplicates(f"{at}.{group}", [p["code"] for p in parts], "part")
        for p, part in enumerate(parts):
            run.unknown(f"{at}.{group}[{p}].competences", part["competences"], codes, "competences")
    general = doc.get("general_education")
    if general:
        run.unknown(
            f"{at}.general_education.competences", general["competences"], codes, "competences"
        )
    composed = bool(doc.get("beroepskwalificaties")) or general is not None
    if composed and doc["kind"] != QualificationKind.ONDERWIJSKWALIFICATIE:
        run.problem(
            f"{at}.kind",
            "only an onderwijskwalificatie is composed of beroepskwalificaties and "
            "general education",
        )
    for p, part in enumerate(doc.get("beroepskwalificaties", [])):
        versions = run.published("qualification", part["code"])
        latest = versions.get(max(versions)) if versions else None
        if latest is None:
            run.problem(
                f"{at}.beroepskwalificaties[{p}].code",
                f"{part['code']} is not a published qualification",
            )
        elif latest["kind"] != QualificationKind.BEROEPSKWALIFICATIE:
            run.problem(
                f"{at}.beroepskwalificaties[{p}].code",
                f"{part['code']} is not a beroepskwalificatie",
            )


def _check_programme(run: _Run, at: str, doc: Mapping[str, Any], fields: dict[str, Any]) -> None:
    target = doc["qualification"]
    version = run.qualification(target["code"], target["version"])
    modules = doc["modules"]
    module_codes = [m["code"] for m in modules]
    run.duplicates(f"{at}.modules", module_codes, "module")
    if version is None:
        run.problem(
            f"{at}.qualification", f"{target['code']} v{target['version']} is not published"
        )
        return
    competences = [c.code for c in version.competences]
    for m, module in enumerate(modules):
        run.unknown(
            f"{at}.modules[{m}].competences", module["competences"], competences, "competences"
        )
    run.unknown(f"{at}.places", doc["places"], competences, "competences")
    unplaced = [c for c in competences if c not in doc["places"]]
    if unplaced:
        run.problem(
            f"{at}.places",
            f"no place (school, workplace, simulated_workplace) for {', '.join(unplaced)}",
        )
    policy = doc.get("workplace_policy", {})
    run.unknown(
        f"{at}.workplace_policy.own_employment_modules",
        policy.get("own_employment_modules", []),
        module_codes,
        "modules",
    )
    run.unknown(
        f"{at}.workplace_policy.never_exemptible",
        policy.get("never_exemptible", []),
        competences,
        "competences",
    )
    sizes = {m["code"]: m["size"] for m in modules}
    for r, rule in enumerate(doc.get("choice_rules", [])):
        here = f"{at}.choice_rules[{r}]"
        run.unknown(here, [*rule["common"], *rule["package"]], module_codes, "modules")
        if rule["choose"] > len(rule["package"]):
            run.problem(
                f"{here}.choose",
                f"cannot choose {rule['choose']} of {len(rule['package'])} modules",
            )
        if set(rule["common"]) & set(rule["package"]):
            run.problem(here, "a module is both common and in the choice package")
    total = doc.get("total_study_points")
    if total is not None:
        if doc["unit"] != ModuleUnit.STUDY_POINTS:
            run.problem(
                f"{at}.total_study_points", "study points need modules counted in study points"
            )
        elif not any(
            total["min"] <= t <= total["max"]
            for t in study_point_totals(
                sizes, programme_from_fields(doc["code"], UUID(int=0), fields).choice_rules
            )
        ):
            run.problem(
                f"{at}.choice_rules",
                f"no admissible choice totals {total['min']}-{total['max']} study points",
            )


def _check_table(run: _Run, at: str, doc: Mapping[str, Any], fields: dict[str, Any]) -> None:
    scope = doc["scope"]
    if not scope.get("providers") and not scope.get("programmes"):
        run.problem(f"{at}.scope", "a concordance table states where its exemptions are valid")
    for p, key in enumerate(scope.get("providers", [])):
        run.provider(f"{at}.scope.providers[{p}]", key)
    for p, code in enumerate(scope.get("programmes", [])):
        if not run.published("programme", code):
            run.problem(f"{at}.scope.programmes[{p}]", f"{code} is not a published programme")
    run.duplicates(f"{at}.rows", [r["id"] for r in doc["rows"]], "row")
    for r, row in enumerate(doc["rows"]):
        here = f"{at}.rows[{r}]"
        versions = run.published("programme", row["programme"])
        if not versions:
            run.problem(f"{here}.programme", f"{row['programme']} is not a published programme")
            continue
        latest = versions[max(versions)]
        programme = programme_from_fields(row["programme"], UUID(int=0), latest)
        modules = {m.code: m for m in programme.modules}
        qualification = run.qualification(
            programme.qualification_code, programme.qualification_version
        )
        competences = [c.code for c in qualification.competences] if qualification else []
        run.unknown(f"{here}.competences", row.get("competences", []), competences, "competences")
        run.unknown(f"{here}.modules", row.get("modules", []), modules, "modules")
        for module, hours in row.get("module_hours", {}).items():
            if module not in modules:
                run.problem(f"{here}.module_hours", f"names unknown modules: {module}")
            elif programme.unit is ModuleUnit.STUDY_POINTS:
                run.problem(
                    f"{here}.module_hours", f"{module} is counted in study points, not hours"
                )
            elif hours > modules[module].size:
                run.problem(
                    f"{here}.module_hours",
                    f"{module} has {modules[module].size} hours, fewer than {hours}",
                )
        if not (row.get("competences") or row.get("modules") or row.get("module_hours")):
            run.problem(here, "a row exempts at least a competence, a module or module hours")


CHECKS = {
    "qualification": _check_qualification,
    "programme": _check_programme,
    "concordance_table": _check_table,
}
