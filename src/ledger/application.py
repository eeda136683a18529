"""The ledger application: the service layer over the event store.

``Ledger`` posts trajectory events (``post``) and answers queries that load one aggregate
by id (optionally as of a past moment on either time axis); the reference data (catalogue,
organisations, recognitions, learners) comes from its two command groups,
``ledger.application_registry`` and ``ledger.catalogue_import``. Lists and searches are the
projections' job.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from ledger import access, rules
from ledger.application_base import LedgerBase
from ledger.application_registry import RegistryCommands
from ledger.catalogue_import import CatalogueCommands
from ledger.coverage import Coverage
from ledger.errors import InvalidEventError, NotFoundError, StaleVersionError
from ledger.idempotency import fingerprint
from ledger.submissions import (
    Submission,
    command_arguments,
    command_for,
    trajectory_event_class,
)
from ledger.trajectory import Trajectory
from ledger.trajectory_facts import LearningTime, learning_time, workplace_readers
from ledger.values import Actor, Receipt, TrajectoryStatus

COMPENSATING = frozenset({Trajectory.EventCorrected, Trajectory.EventRetracted})


class TimeAxis(StrEnum):
    RECORDED = "recorded"
    """What the ledger knew at that instant."""
    OCCURRED = "occurred"
    """What had happened in the world by that instant, as we know it now."""


class Ledger(CatalogueCommands, RegistryCommands, LedgerBase):
    """Every learning event of every trajectory, appended and never changed."""

    name = "ledger"

    # -- trajectory events -----------------------------------------------------------------

    def post(
        self,
        trajectory_id: UUID | None,
        submission: Submission,
        *,
        actor: Actor,
        expected_version: int | None = None,
        loaded: Trajectory | None = None,
    ) -> Receipt:
        """Appends one posted event. ``trajectory_id`` is None only for TrajectoryOpened.
        ``loaded``: the trajectory as the caller just read it (its visibility check), so the
        first decision needs no second read; a lost race decides again on a fresh read.

        Raises InvalidEventError (and its Unknown…Error subclasses naming what is not
        registered), NotFoundError, NotPermittedError, RuleViolationError subclasses,
        ConcurrentChangeError (stale ``expected_version``) and DuplicateEventIdError (the
        event id was used for another body by the same organisation).
        """
        if not submission.event_id.strip():
            raise InvalidEventError("an event needs a client event id")
        if submission.occurred_at.tzinfo is None:
            raise InvalidEventError("occurred_at needs a time zone")
        arguments = command_arguments(submission)
        opening = submission.event_type == "TrajectoryOpened"
        if opening != (trajectory_id is None):
            raise InvalidEventError("TrajectoryOpened creates a trajectory; others name one")
        target: UUID
        legacy_target: UUID
        if opening:
            target = Trajectory.id_for(submission.event_id, actor.organisation_id)
            legacy_target = Trajectory.legacy_id_for(submission.event_id)
        else:
            assert trajectory_id is not None
            target = legacy_target = trajectory_id

        def digest_for(aggregate_id: UUID) -> str:
            return _digest(submission, aggregate_id, arguments, actor)

        first = [loaded] if loaded is not None and loaded.id == target else []

        def decide() -> Trajectory:
            stamp = self.stamp(submission.event_id, submission.occurred_at, actor)
            if opening:
                in_force = self.refs.qualification_in_force(arguments["qualification_code"])
                opened: Trajectory = Trajectory.open(stamp, self._context(in_force), **arguments)
                return opened
            trajectory = first.pop() if first else self.trajectory(target)
            if expected_version is not None and trajectory.version != expected_version:
                raise StaleVersionError(
                    f"expected version {expected_version}, trajectory is at {trajectory.version}"
                )
            trajectory.check_may_post(trajectory_event_class(submission.event_type), stamp)
            command = getattr(trajectory, command_for(submission.event_type))
            command(stamp, self._context(self.pinned_qualification(trajectory)), **arguments)
            return trajectory

        return self._commit(
            submission.event_id,
            actor,
            digest_for(target),
            decide,
            expected_version,
            opening,
            legacy_digest=digest_for(legacy_target),
        )

    def already_posted(
        self, trajectory_id: UUID, submission: Submission, *, actor: Actor
    ) -> Receipt | None:
        """The first receipt when ``actor``'s organisation posted this very event before
        (a retry), else None; DuplicateEventIdError when it posted another body under that
        event id. Lets a caller answer a retry as a duplicate even where the trajectory is
        no longer visible to it (a workplace after the trajectory closed)."""
        digest = _digest(submission, trajectory_id, command_arguments(submission), actor)
        return self._existing_receipt(submission.event_id, actor, digest, digest)

    # -- queries ---------------------------------------------------------------------------

    def trajectory(self, trajectory_id: UUID, version: int | None = None) -> Trajectory:
        return self._get(Trajectory, trajectory_id, version)

    def trajectory_for(
        self, viewer: Actor, trajectory_id: UUID, *, also_on: date | None = None
    ) -> Trajectory:
        """The trajectory if ``viewer`` may read it; otherwise NotFoundError, worded the same
        as for a trajectory that does not exist. A workplace reads it while its agreement
        actually runs today and the trajectory is not closed, or on ``also_on`` (the day a
        fact it reports late took place, while the trajectory is open)."""
        try:
            trajectory = self.trajectory(trajectory_id)
        except NotFoundError:
            raise NotFoundError("no such trajectory") from None
        days = [self.clock().date(), *([also_on] if also_on else [])]
        closed = trajectory.status is TrajectoryStatus.CLOSED
        workplaces = frozenset().union(
            *(workplace_readers(trajectory.facts.values(), day, closed) for day in days)
        )
        access.require_can_read(viewer, trajectory.learner_id, trajectory.providers, workplaces)
        return trajectory

    def coverage(self, trajectory_id: UUID) -> Coverage:
        trajectory = self.trajectory(trajectory_id)
        return trajectory.coverage(self.pinned_qualification(trajectory))

    def learning_time(self, trajectory_id: UUID) -> LearningTime:
        """Registered hours and the share of learning time at the workplace (S2 L257)."""
        trajectory = self.trajectory(trajectory_id)
        return learning_time(trajectory.facts.values(), self.pinned_qualification(trajectory))

    def intake(self, trajectory_id: UUID, viewer: Actor) -> list[dict[str, Any]]:
        """The intake results, shown only as rule 8 allows."""
        trajectory = self.trajectory(trajectory_id)
        rules.require_intake_visible(viewer, trajectory.learner_id, trajectory.intake_consent)
        return [dict(f.fields) for f in trajectory.counting_facts("IntakeHeld")]

    def history(self, trajectory_id: UUID) -> list[Trajectory.Event]:
        """Every stored event of a trajectory, in order (auditors)."""
        events = [
            e
            for e in self.repository.event_store.get(trajectory_id)
            if isinstance(e, Trajectory.Event)
        ]
        if not events or not isinstance(events[0], Trajectory.TrajectoryOpened):
            raise NotFoundError(f"no trajectory {trajectory_id}")
        return events

    def history_as_of(
        self, trajectory_id: UUID, instant: datetime, axis: TimeAxis = TimeAxis.RECORDED
    ) -> list[Trajectory.Event]:
        """The events that make up the trajectory as of ``instant`` on ``axis``: what the
        ledger had recorded by then (recorded axis), or what had happened in the world by
        then as we know it now (occurred axis: corrections and retractions apply to every
        fact they name, whenever they were posted)."""
        events = self.history(trajectory_id)
        if axis is TimeAxis.RECORDED:
            return [e for e in events if e.recorded_at <= instant]
        return list(_occurred_by(events, instant))

    def trajectory_as_of(
        self, trajectory_id: UUID, instant: datetime, axis: TimeAxis = TimeAxis.RECORDED
    ) -> Trajectory:
        """The trajectory replayed from :meth:`history_as_of`; NotFoundError before it opened."""
        chosen = self.history_as_of(trajectory_id, instant, axis)
        if not chosen or not isinstance(chosen[0], Trajectory.TrajectoryOpened):
            raise NotFoundError(f"trajectory {trajectory_id} did not exist at {instant}")
        trajectory: Trajectory | None = None
        for number, event in enumerate(chosen, start=1):
            # The library checks versions run on by one; a filtered replay renumbers them.
            trajectory = replace(event, originator_version=number).mutate(trajectory)
        assert trajectory is not None
        return trajectory


def _digest(submission: Submission, target: UUID, arguments: dict[str, Any], actor: Actor) -> str:
    """What identifies a posted event for idempotency: its type, target, time, fields and
    who posted it."""
    return fingerprint(
        {
            "type": submission.event_type,
            "target": target.hex,
            "occurred_at": submission.occurred_at.isoformat(),
            "fields": arguments,
            "actor": actor.as_dict(),
        }
    )


def _occurred_by(events: list[Trajectory.Event], instant: datetime) -> Iterator[Trajectory.Event]:
    included: set[str] = set()
    for event in events:
        original = getattr(event, "original_event_id", None)
        if type(event) in COMPENSATING:
            if original in included:
                included.add(event.event_id)
                yield event
        elif event.occurred_at <= instant:
            included.add(event.event_id)
            yield event
