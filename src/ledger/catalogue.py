"""The qualification catalogue: versioned qualifications of the kinds the sources name
(beroepskwalificatie, onderwijskwalificatie, deelkwalificatie, certificaat, microdegree
getuigschrift, creditbewijs, competentiebewijs, moduleattest), with their competences,
partial certificates and, for an onderwijskwalificatie, what it is composed of.

A published version never changes; a revision is a new version (rule 7 pins trajectories to
the version in force when they opened). The values are in ``ledger.qualification_version``;
the file format that publishes them is in ``ledger.catalogue_file``.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidEventError, UnknownQualificationError
from ledger.metadata import LedgerEvent, ValueState
from ledger.qualification_version import (
    Competence,
    CompetenceGroup,
    GeneralEducation,
    Module,
    PartialCertificate,
    QualificationVersion,
    version_from_fields,
)
from ledger.values import QualificationId, stable_id
from ledger.versioned import VersionedEntry
from ledger.vocabulary import LEGACY_QUALIFICATION_KINDS

__all__ = [
    "Competence",
    "GeneralEducation",
    "Module",
    "PartialCertificate",
    "Qualification",
    "QualificationVersion",
    "check_version_is_coherent",
    "version_from_fields",
]


def check_version_is_coherent(version: QualificationVersion) -> None:
    """The aggregate's own guard (the catalogue file's validation reports more, with paths):
    modules, partial certificates and components name only competences of the version."""
    if not version.competences:
        raise InvalidEventError("a qualification version needs at least one competence")
    if not 1 <= version.vks_level <= 8:
        raise InvalidEventError(f"VKS level must be 1..8, not {version.vks_level}")
    codes = [c.code for c in version.competences]
    if len(set(codes)) != len(codes):
        raise InvalidEventError("competence codes must be unique within a version")
    parts: list[CompetenceGroup] = [
        *version.modules,
        *version.partial_certificates,
        *version.components,
    ]
    for part in parts:
        unknown = sorted(set(part.competences) - set(codes))
        if unknown or not part.competences:
            raise InvalidEventError(f"{part.code} names unknown or no competences: {unknown}")


def _split_title(item: dict[str, Any]) -> None:
    if "title" in item:
        # Schema v1 titles were Dutch only; the English title repeats them until revised.
        item["title_nl"] = item["title_en"] = item.pop("title")


class Qualification(ValueState, VersionedEntry[QualificationVersion], Aggregate):
    """A qualification and every version published of it."""

    unpublished = UnknownQualificationError

    class Event(LedgerEvent):
        pass

    class QualificationRegistered(Event, Aggregate.Created):
        code: str

    class QualificationVersionPublished(Event):
        """A version of a qualification: kind, titles in Dutch and English, VKS (= EQF)
        level, competences (titles nl+en, indicators, generic or technical), partial
        certificates, and for an onderwijskwalificatie its beroepskwalificaties and
        general-education part. ``modules`` are the first model's modules of the
        qualification itself; programmes (``ProgrammeVersionPublished``) hold modules now."""

        class_version = 2

        version: int
        title_nl: str
        title_en: str
        vks_level: int
        kind: str
        competences: list[dict[str, Any]]
        modules: list[dict[str, Any]]
        partial_certificates: list[dict[str, Any]]
        beroepskwalificaties: list[dict[str, Any]]
        general_education: dict[str, Any] | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # v1: single-language titles, kinds "professional"/"educational", no composition.
            kind = state["kind"]
            state["kind"] = LEGACY_QUALIFICATION_KINDS.get(kind, kind)
            for competence in state["competences"]:
                _split_title(competence)
                competence.setdefault("type", None)
            for item in (*state["modules"], *state["partial_certificates"]):
                _split_title(item)
            state["beroepskwalificaties"] = []
            state["general_education"] = None

        def apply(self, aggregate: Any) -> None:
            aggregate.add_version({k: getattr(self, k) for k in PUBLISHED_FIELDS})

    def __init__(self, *, code: str, **meta: Any) -> None:
        self.code = code
        self._start_versions()

    @staticmethod
    def id_for(code: str) -> QualificationId:
        return QualificationId(stable_id("qualification", code))

    @classmethod
    def register(cls, *, code: str, **meta: Any) -> Qualification:
        return cls._create(cls.QualificationRegistered, id=cls.id_for(code), code=code, **meta)

    def publish_version(self, *, fields: dict[str, Any], **meta: Any) -> None:
        """Publishes the next version. Raises InvalidEventError when it is not the next
        number or its parts name competences it does not have."""
        self.require_next_version(fields)
        complete = {"beroepskwalificaties": [], "general_education": None, **fields}
        check_version_is_coherent(self.version_from(complete))
        self.trigger_event(self.QualificationVersionPublished, **complete, **meta)

    def version_from(self, fields: dict[str, Any]) -> QualificationVersion:
        return version_from_fields(self.code, fields)


PUBLISHED_FIELDS = (
    "version",
    "title_nl",
    "title_en",
    "vks_level",
    "kind",
    "competences",
    "modules",
    "partial_certificates",
    "beroepskwalificaties",
    "general_education",
)
