"""Posting a trajectory event in its contract form: validated against its committed JSON
Schema (``api.operations.contracts``), checked for visibility (a trajectory the caller may
not read is answered as if it did not exist, before any rule), then appended by the ledger.
The trajectory routes and the demo both post through ``submit_event``."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from api.operations.contracts import validate_posted
from ledger import Actor, InvalidEventError, Ledger, NotFoundError, Receipt, Submission


def submission_from(document: dict[str, Any]) -> Submission:
    """The submission of an event document (``type``, ``event_id``, ``occurred_at``,
    ``data``, optional ``schema_version``), after its contract accepts it. Raises
    InvalidEventError listing what the contract refuses."""
    version = validate_posted(document)
    event_id = document.get("event_id")
    if not isinstance(event_id, str) or not event_id:
        raise InvalidEventError("the event needs an event_id")
    return Submission(
        event_type=document["type"],
        event_id=event_id,
        occurred_at=datetime.fromisoformat(document["occurred_at"]),
        fields=document["data"],
        schema_version=version,
    )


def submit_event(
    ledger: Ledger,
    actor: Actor,
    trajectory_id: UUID | None,
    document: dict[str, Any],
    *,
    expected_version: int | None = None,
) -> Receipt:
    """Appends one event (``trajectory_id`` None: a TrajectoryOpened). Raises what
    ``Ledger.post`` raises, and NotFoundError for a trajectory the caller may not read
    (unless it is a retry of an event the caller's organisation posted there); a workplace
    may report what happened while its agreement ran."""
    submission = submission_from(document)
    visible = None
    if trajectory_id is not None:
        try:
            visible = ledger.trajectory_for(
                actor, trajectory_id, also_on=submission.occurred_at.date()
            )
        except NotFoundError:
            # A retry of what this organisation posted while it could still see the
            # trajectory is answered as the duplicate it is; anything else reads as absent.
            retried = ledger.already_posted(trajectory_id, submission, actor=actor)
            if retried is None:
                raise
            return retried
    return ledger.post(
        trajectory_id,
        submission,
        actor=actor,
        expected_version=expected_version,
        loaded=visible,  # read once: the visibility check's copy is the one decided on
    )
