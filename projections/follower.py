"""What a follower of the ledger's log is (``Follower``), what a parked event of it holds back
(``Ordering``), and which failures are never an event's fault (``NOT_PARKED``).

Imports ``ledger`` and ``projections.tracking``; never ``api``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from eventsourcing.persistence import InterfaceError as PersistenceInterfaceError
from eventsourcing.persistence import OperationalError as PersistenceOperationalError
from eventsourcing.persistence import Tracking
from sqlalchemy.exc import InterfaceError as SQLInterfaceError
from sqlalchemy.exc import OperationalError as SQLOperationalError

from ledger import ConcurrentChangeError
from projections.tracking import LostRaceError, SQLView

Clock = Callable[[], datetime]
# Errors that mean "a database is not answering right now": never parked, retried later.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    PersistenceOperationalError,
    PersistenceInterfaceError,
    SQLOperationalError,
    SQLInterfaceError,
)
# Never the event's fault: an outage, a race with another process, or the ledger out of
# retries against concurrent writers. The page is rolled back and taken again later.
NOT_PARKED: tuple[type[BaseException], ...] = (
    *TRANSIENT_ERRORS,
    LostRaceError,
    ConcurrentChangeError,
)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Ordering(StrEnum):
    """What a parked event holds back for its follower."""

    ORIGINATOR = "originator"
    """Later events of the same originator are parked behind it (read models, issuance)."""
    LOG = "log"
    """The follower stops at it until it is retried (the hash tree: a leaf per event)."""


class Follower(Protocol):
    """What the runner needs of a follower: ``eventsourcing.projection.Projection`` with an
    ``SQLView`` as its view. Optional class attributes: ``ordering`` (an ``Ordering``;
    by originator when absent), ``decodes`` (False: ``process_event`` receives the stored
    ``Notification`` itself, as the hash tree needs) and ``one_per_transaction`` (True: a
    page holds at most one of its events, committed before the next is processed)."""

    name: str
    topics: tuple[str, ...]

    @property
    def view(self) -> SQLView: ...

    def process_event(self, domain_event: Any, tracking: Tracking) -> None: ...


def ordering(follower: Follower) -> Ordering:
    return Ordering(getattr(follower, "ordering", Ordering.ORIGINATOR))


def decodes(follower: Follower) -> bool:
    return bool(getattr(follower, "decodes", True))


def one_per_transaction(follower: Follower) -> bool:
    return bool(getattr(follower, "one_per_transaction", False))


def is_halted(follower: Follower, application_name: str) -> bool:
    """Whether a follower ordered by the log stands at a parked event (as last read)."""
    return ordering(follower) is Ordering.LOG and bool(follower.view.held(application_name))
