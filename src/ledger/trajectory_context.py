"""What a trajectory command may look up beyond its own aggregate, passed in as values and
lookups, so the trajectory's rules stay pure and testable without a store.

The application builds one per command (``Ledger``); every lookup raises the typed
``Unknown…Error`` that names what is missing (the referential checks at the write).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from ledger.concordance import ConcordanceTableVersion
from ledger.errors import UnknownOrganisationError, UnknownWorkplaceError
from ledger.organisation import Organisation
from ledger.programme import Programme
from ledger.qualification_version import QualificationVersion
from ledger.values import ExitKind, OrganisationKind, TrajectoryStatus


class TrajectoryFacts(Protocol):
    """What a command may know of another trajectory (a reorientation's predecessor)."""

    @property
    def learner_id(self) -> UUID: ...

    @property
    def status(self) -> TrajectoryStatus: ...

    @property
    def exit(self) -> ExitKind | None: ...


class References(Protocol):
    """The ledger's lookups; each raises an ``Unknown…Error`` for what it does not hold."""

    def qualification_in_force(self, code: str) -> QualificationVersion: ...

    def programme(self, code: str) -> Programme: ...

    def organisation(self, organisation_id: UUID) -> Organisation: ...

    def require_learner(self, learner_id: UUID) -> None: ...

    def concordance_table(self, code: str) -> ConcordanceTableVersion: ...

    def other_trajectory(self, trajectory_id: UUID) -> TrajectoryFacts: ...


@dataclass(frozen=True)
class CommandContext:
    qualification: QualificationVersion
    """The version the trajectory is pinned to (rule 7), as its programme tailors it."""
    refs: References

    def in_force(self, code: str) -> QualificationVersion:
        return self.refs.qualification_in_force(code)

    def organisation(self, organisation_id: UUID) -> Organisation:
        return self.refs.organisation(organisation_id)

    def workplace(self, organisation_id: UUID) -> Organisation:
        """A registered workplace; UnknownWorkplaceError names what is missing."""
        try:
            organisation = self.refs.organisation(organisation_id)
        except UnknownOrganisationError:
            raise UnknownWorkplaceError.for_key(organisation_id) from None
        if organisation.kind is not OrganisationKind.WORKPLACE:
            raise UnknownWorkplaceError(
                f"{organisation.name} is a {organisation.kind.value}, not a registered workplace"
            )
        return organisation
