"""Coverage: which required competences are covered, by what, and which are missing.

A pure function over values, shared by the award rule (rule 1), the trajectory view and the
badge process, so that "what is missing" can never disagree between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ledger.values import Setting

if TYPE_CHECKING:
    from ledger.qualification_version import Competence, QualificationVersion


class CoverageKind(StrEnum):
    ASSESSMENT = "assessment"
    MODULE = "module"
    EXEMPTION = "exemption"
    RECOGNITION = "recognition"
    """A route-(a) recognition decision at a recognised test centre."""


@dataclass(frozen=True)
class Basis:
    """One non-retracted fact that covers competences: a mastered assessment by an entitled
    role, a passed module, a granted exemption or a route-(a) recognition decision, named by
    its event id. ``via_own_employment``: an assessment made where the learner works under
    their own job (rule 2 decides whether it counts)."""

    kind: CoverageKind
    event_id: str
    competences: frozenset[str]
    setting: Setting | None = None
    via_own_employment: bool = False


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


def compute_coverage(
    required: Sequence[Competence],
    bases: Iterable[Basis],
    version: QualificationVersion | None = None,
) -> Coverage:
    """For each required competence, the bases that cover it (empty when missing), counted
    as rule 2 says (``ledger.rules.counts_for``; ``version`` carries the programme's
    policy).

    The caller passes only non-retracted bases; a basis naming competences outside
    ``required`` is simply not counted.
    """
    # Imported here: the rule book imports this module's types for rules 1 and 9.
    from ledger.rules import counts_for

    basis_list = list(bases)
    return Coverage(
        tuple(
            CompetenceCoverage(
                competence=competence,
                covered_by=tuple(b for b in basis_list if counts_for(competence, b, version)),
            )
            for competence in required
        )
    )
