"""Coverage: which required competences are covered, by what, and which are missing.

A pure function over values, shared by the award rule (rule 1), the trajectory view and the
badge process, so that "what is missing" can never disagree between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ledger.catalogue import Competence
from ledger.values import Setting


class CoverageKind(StrEnum):
    ASSESSMENT = "assessment"
    MODULE = "module"
    EXEMPTION = "exemption"


@dataclass(frozen=True)
class Basis:
    """One non-retracted fact that covers competences: a mastered assessment, a passed
    module or a granted exemption, named by its event id."""

    kind: CoverageKind
    event_id: str
    competences: frozenset[str]
    setting: Setting | None = None


@dataclass(frozen=True)
class CompetenceCoverage:
    competence: Competence
    covered_by: tuple[Basis, ...]

    @property
    def covered(self) -> bool:
        return bool(self.covered_by)


@dataclass(frozen=True)
class Coverage:
    competences: tuple[CompetenceCoverage, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c.competence.code for c in self.competences if not c.covered)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def progress(self) -> float:
        """Share of required competences covered, 0.0–1.0."""
        if not self.competences:
            return 1.0
        return sum(c.covered for c in self.competences) / len(self.competences)

    def basis_event_ids(self) -> dict[str, list[str]]:
        return {c.competence.code: [b.event_id for b in c.covered_by] for c in self.competences}


def counts_for(competence: Competence, basis: Basis) -> bool:
    """Rule 2: a workplace_required competence counts only when shown in a workplace."""
    if competence.code not in basis.competences:
        return False
    if competence.workplace_required:
        return basis.kind is CoverageKind.ASSESSMENT and basis.setting is Setting.WORKPLACE
    return True


def compute_coverage(required: Sequence[Competence], bases: Iterable[Basis]) -> Coverage:
    """For each required competence, the bases that cover it (empty when missing).

    The caller passes only non-retracted bases; a basis naming competences outside
    ``required`` is simply not counted.
    """
    basis_list = list(bases)
    return Coverage(
        tuple(
            CompetenceCoverage(
                competence=competence,
                covered_by=tuple(b for b in basis_list if counts_for(competence, b)),
            )
            for competence in required
        )
    )
