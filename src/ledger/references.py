"""The ledger's lookups for trajectory commands (``ledger.trajectory_context.References``):
each loads one aggregate and turns "not there" into the typed error naming what is missing,
so a write never refers to what does not exist (the referential checks at the write).

Within ``batch()``, reference data (qualifications, programmes, organisations, learners,
concordance tables: what a trajectory command reads and never changes) is read from the
store once per aggregate: the batch sees it as of its first read, just as one command
always saw it as of its own read. Trajectories are never memoised."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.catalogue import Qualification
from ledger.concordance import ConcordanceTable, ConcordanceTableVersion
from ledger.errors import (
    NotFoundError,
    UnknownConcordanceTableError,
    UnknownLearnerError,
    UnknownOrganisationError,
    UnknownProgrammeError,
    UnknownQualificationError,
    UnknownReferenceError,
    UnknownTrajectoryError,
)
from ledger.learner import Learner
from ledger.organisation import Organisation
from ledger.programme import Programme
from ledger.qualification_version import QualificationVersion
from ledger.trajectory import Trajectory
from ledger.trajectory_context import TrajectoryFacts

A = TypeVar("A", bound=Aggregate)
Getter = Callable[[type[Any], UUID], Any]
MEMOISED: tuple[type[Aggregate], ...] = (
    Qualification,
    Programme,
    Organisation,
    Learner,
    ConcordanceTable,
)


class LedgerReferences:
    """``References`` over a getter that loads an aggregate of a class by id (raising
    NotFoundError when there is none, or it is of another class)."""

    def __init__(self, get: Getter) -> None:
        self._get = get
        # Per thread: the HTTP server runs commands on several threads over one ledger.
        self._local = threading.local()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Memoises reference data on this thread for the block (nested blocks share the
        outermost one's memo)."""
        if getattr(self._local, "memo", None) is not None:
            yield
            return
        self._local.memo = {}
        try:
            yield
        finally:
            self._local.memo = None

    def _load(
        self, cls: type[A], aggregate_id: UUID, error: type[UnknownReferenceError], key: object
    ) -> A:
        """The aggregate, or ``error`` for ``key`` when there is none."""
        memo: dict[UUID, Any] | None = getattr(self._local, "memo", None)
        if memo is not None and cls in MEMOISED:
            known = memo.get(aggregate_id)
            if isinstance(known, cls):
                return known
        try:
            found: A = self._get(cls, aggregate_id)
        except NotFoundError:
            raise error.for_key(key) from None
        if memo is not None and cls in MEMOISED:
            memo[aggregate_id] = found
        return found

    def qualification_in_force(self, code: str) -> QualificationVersion:
        qualification_id = Qualification.id_for(code)
        found = self._load(Qualification, qualification_id, UnknownQualificationError, code)
        return found.in_force()

    def programme(self, code: str) -> Programme:
        return self._load(Programme, Programme.id_for(code), UnknownProgrammeError, code)

    def organisation(self, organisation_id: UUID) -> Organisation:
        return self._load(Organisation, organisation_id, UnknownOrganisationError, organisation_id)

    def require_learner(self, learner_id: UUID) -> None:
        self._load(Learner, learner_id, UnknownLearnerError, learner_id)

    def concordance_table(self, code: str) -> ConcordanceTableVersion:
        table_id = ConcordanceTable.id_for(code)
        found = self._load(ConcordanceTable, table_id, UnknownConcordanceTableError, code)
        return found.in_force()

    def other_trajectory(self, trajectory_id: UUID) -> TrajectoryFacts:
        trajectory: Trajectory = self._load(
            Trajectory, trajectory_id, UnknownTrajectoryError, trajectory_id
        )
        return trajectory
