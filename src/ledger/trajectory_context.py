"""What a trajectory command may look up beyond its own aggregate, passed in as values.

The application builds one per command from the catalogue and organisation aggregates, so the
trajectory's rules stay pure and testable without a store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from ledger.catalogue import QualificationVersion
from ledger.errors import InvalidEventError
from ledger.values import OrganisationKind


class OrganisationFacts(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> OrganisationKind: ...

    def accredited_on(self, day: date) -> bool: ...


@dataclass(frozen=True)
class CommandContext:
    qualification: QualificationVersion
    """The version the trajectory is pinned to (rule 7)."""
    in_force: Callable[[str], QualificationVersion]
    organisation: Callable[[UUID], OrganisationFacts]

    def workplace(self, organisation_id: UUID) -> OrganisationFacts:
        organisation = self.organisation(organisation_id)
        if organisation.kind is not OrganisationKind.WORKPLACE:
            raise InvalidEventError(f"{organisation.name} is not a workplace")
        return organisation
