"""What the runner decides when a follower cannot process an event (``Parking``): whether the
failure is the event's (anything but ``NOT_PARKED``, and only while both stores answer),
the parked record of it, and which later events it holds back: those of the same originator
for a follower ordered by originator, every later one for a follower ordered by the log.

Imports ``ledger`` and ``projections.tracking``; never ``api``.
"""

from __future__ import annotations

import logging

from eventsourcing.persistence import Notification
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ledger import Ledger
from projections.follower import NOT_PARKED, Clock, Follower, Ordering, ordering
from projections.tracking import HeldBackError, ParkedEvent, error_text

logger = logging.getLogger(__name__)


class RedoError(Exception):
    """A follower failed on the event at ``position``: apply the page again up to it, with
    the event parked for that follower instead of applied."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


class Parking:
    """The failures found in one catch-up (kept across a page's second application)."""

    def __init__(self, ledger: Ledger, engine: Engine, clock: Clock) -> None:
        self.ledger = ledger
        self.app = ledger.name
        self.engine = engine
        self.clock = clock
        self.failures: dict[tuple[str, int], ParkedEvent] = {}

    def parks(self, follower: Follower, notification: Notification, halts: dict[str, int]) -> bool:
        """Parks the event for ``follower`` (with the page in hand) when it failed on it
        before, or when an earlier event of the same originator is parked for it; True when
        parked. A follower ordered by the log is stopped there (``halts``)."""
        failure = self.failures.get((follower.name, notification.id)) if self.failures else None
        held = follower.view.held(self.app)
        if held is None:
            held = {}
            follower.view.hold(self.app, held)
        if failure is None and not held:
            return False  # the common case, asked for every event and follower: kept cheap
        originator = str(notification.originator_id)
        by_log = ordering(follower) is Ordering.LOG
        if failure is None:
            if by_log or originator not in held:
                return False
            earlier = held[originator]
            failure = self.parked(
                follower.name,
                notification,
                HeldBackError(f"an earlier event of {originator} is parked at position {earlier}"),
            )
        follower.view.park(failure)
        if by_log:
            halts[follower.name] = notification.id
        held.setdefault(originator, notification.id)
        return True

    def failed(self, follower: Follower, notification: Notification, error: Exception) -> None:
        """Records the failure and raises ``RedoError`` unless the error is not the event's
        fault (then the caller raises it as it is)."""
        if isinstance(error, NOT_PARKED) or not self.stores_answer():
            return
        failure = self.parked(follower.name, notification, error)
        self.failures[(follower.name, notification.id)] = failure
        logger.warning(
            "%s parks %s at position %d: %s: %s",
            follower.name,
            failure.event_type,
            notification.id,
            failure.error_class,
            failure.error_message,
        )
        raise RedoError(notification.id) from error

    def parked(
        self, follower: str, notification: Notification, error: BaseException
    ) -> ParkedEvent:
        """The parked record of ``notification`` for ``follower``, failed with ``error``."""
        error_class, message = error_text(error)
        now = self.clock().isoformat()
        return ParkedEvent(
            follower=follower,
            application_name=self.app,
            position=notification.id,
            originator_id=str(notification.originator_id),
            originator_version=notification.originator_version,
            event_type=notification.topic.rsplit(":", 1)[-1],
            error_class=error_class,
            error_message=message,
            parked_at=now,
            last_attempt_at=now,
        )

    def stores_answer(self) -> bool:
        """Whether the ledger's store and the views' database both answer (a failure while
        either is away is an outage, never the event's fault)."""
        try:
            self.ledger.recorder.max_notification_id()
            with self.engine.connect() as conn:
                conn.execute(select(1))
        except Exception:
            return False
        return True
