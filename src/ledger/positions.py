"""Where an accepted event sits in the log, for a duplicate's receipt.

Hand-written because eventsourcing 9.5 has no lookup from (aggregate, version) to log
position: the page walk uses only the recorder's public ``select_notifications``, starting
at the position its idempotency marker recorded before the save (so it reads the few events
appended in between), or, for a marker stored before positions were recorded, at the start
of the log restricted to the event's own topic.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

PAGE = 500


def position_of(
    recorder: ApplicationRecorder, aggregate_id: UUID, version: int, after: int | None
) -> int | None:
    """The log position of version ``version`` of ``aggregate_id``, searched after
    ``after`` (None: from the start, by topic); None when it is not in the log."""
    topics: tuple[str, ...] = ()
    if after is None:
        stored = recorder.select_events(aggregate_id, gt=version - 1, lte=version)
        if not stored:
            return None
        topics = (stored[0].topic,)
    start = after or 0
    while True:
        page = recorder.select_notifications(
            start=start, limit=PAGE, topics=topics, inclusive_of_start=False
        )
        for notification in page:
            same = UUID(str(notification.originator_id)) == aggregate_id
            if same and notification.originator_version == version:
                return notification.id
        if len(page) < PAGE:
            return None
        start = page[-1].id
