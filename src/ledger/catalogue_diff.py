"""The difference between two versions of a qualification: competences added, removed and
changed (title, indicators, type, workplace requirement), and the same for partial
certificates. Pure; the catalogue routes and the public catalogue page show it."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.qualification_version import Competence, PartialCertificate, QualificationVersion


@dataclass(frozen=True)
class Change:
    code: str
    fields: tuple[str, ...]
    """The names of the fields that differ."""


@dataclass(frozen=True)
class VersionDiff:
    code: str
    from_version: int
    to_version: int
    competences_added: tuple[str, ...]
    competences_removed: tuple[str, ...]
    competences_changed: tuple[Change, ...]
    certificates_added: tuple[str, ...]
    certificates_removed: tuple[str, ...]
    certificates_changed: tuple[Change, ...]
    header_changed: tuple[str, ...]
    """Changed fields of the version itself (titles, kind, VKS level)."""

    @property
    def unchanged(self) -> bool:
        return not any(
            (
                self.competences_added,
                self.competences_removed,
                self.competences_changed,
                self.certificates_added,
                self.certificates_removed,
                self.certificates_changed,
                self.header_changed,
            )
        )


COMPETENCE_FIELDS = ("title_nl", "title_en", "indicators", "type", "workplace_required")
CERTIFICATE_FIELDS = ("title_nl", "title_en", "competences", "kind")
HEADER_FIELDS = ("title_nl", "title_en", "kind", "vks_level")


def _compare(
    old: dict[str, Competence] | dict[str, PartialCertificate],
    new: dict[str, Competence] | dict[str, PartialCertificate],
    names: tuple[str, ...],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Change, ...]]:
    added = tuple(code for code in new if code not in old)
    removed = tuple(code for code in old if code not in new)
    changed = []
    for code in (c for c in new if c in old):
        differ = tuple(n for n in names if getattr(old[code], n) != getattr(new[code], n))
        if differ:
            changed.append(Change(code, differ))
    return added, removed, tuple(changed)


def diff_versions(old: QualificationVersion, new: QualificationVersion) -> VersionDiff:
    """What changed from ``old`` to ``new`` (in the order of ``new``, then of ``old``)."""
    c_added, c_removed, c_changed = _compare(
        {c.code: c for c in old.competences},
        {c.code: c for c in new.competences},
        COMPETENCE_FIELDS,
    )
    p_added, p_removed, p_changed = _compare(
        {p.code: p for p in (*old.partial_certificates, *old.components)},
        {p.code: p for p in (*new.partial_certificates, *new.components)},
        CERTIFICATE_FIELDS,
    )
    return VersionDiff(
        code=new.code,
        from_version=old.version,
        to_version=new.version,
        competences_added=c_added,
        competences_removed=c_removed,
        competences_changed=c_changed,
        certificates_added=p_added,
        certificates_removed=p_removed,
        certificates_changed=p_changed,
        header_changed=tuple(n for n in HEADER_FIELDS if getattr(old, n) != getattr(new, n)),
    )
