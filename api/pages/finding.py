"""Finding trajectories for the pages: all of them (auditors) or one learner's.

Reads the ledger's log for ``TrajectoryOpened`` records, looking at the stored topic before
decoding anything, so only openings are deserialised. The read models would answer faster;
their trajectory view has no listing of all trajectories, and the log is authoritative.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

from ledger import Ledger, Trajectory
from projections import notifications

PAGE = 1000
OPENED_TOPIC = "TrajectoryOpened"


@dataclass(frozen=True)
class Opening:
    trajectory_id: UUID
    learner_id: UUID
    qualification_code: str
    occurred_at: str


def openings(ledger: Ledger) -> Iterator[Opening]:
    """Every trajectory opening in log order."""
    for notification in notifications(ledger, size=PAGE):
        if not notification.topic.endswith(OPENED_TOPIC):
            continue
        event = ledger.mapper.to_domain_event(notification)
        if isinstance(event, Trajectory.TrajectoryOpened):
            yield Opening(
                event.originator_id,
                UUID(str(event.learner_id)),
                str(event.qualification_code),
                event.occurred_at.isoformat(),
            )
