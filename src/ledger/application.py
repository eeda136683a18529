"""The ledger application: the service layer over the event store.

Commands load aggregates, call one command method, and save the result together with the
idempotency marker of the client event id, in one atomic ``save()``. Queries load one
aggregate by id (optionally as of a past moment on either time axis); lists and searches are
the projections' job. The environment (which store) and the clock are passed in by the
composition root; this module reads neither settings nor the time itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

from ledger import rules
from ledger.catalogue import Qualification, QualificationVersion
from ledger.coverage import Coverage
from ledger.errors import (
    AlreadyExistsError,
    ConcurrentChangeError,
    InvalidEventError,
    NotFoundError,
    StaleVersionError,
)
from ledger.idempotency import ClientEvent, fingerprint
from ledger.learner import Learner
from ledger.metadata import Stamp
from ledger.organisation import Organisation
from ledger.personal import (
    DataKeys,
    MemoryDataKeys,
    PersonalDataAsCiphertext,
    keyed_digest,
)
from ledger.submissions import TRAJECTORY_COMMANDS, Submission, command_arguments
from ledger.trajectory import Trajectory
from ledger.trajectory_context import CommandContext
from ledger.trajectory_facts import active_agreement_workplaces
from ledger.values import Actor, Receipt

Clock = Callable[[], datetime]
A = TypeVar("A", bound=Aggregate)

# Without an expected version, a lost race is re-decided on fresh state this many times.
RETRIES = 5
CLOCK_SKEW = timedelta(minutes=5)
COMPENSATING = frozenset({"EventCorrected", "EventRetracted"})


class TimeAxis(StrEnum):
    RECORDED = "recorded"
    """What the ledger knew at that instant."""
    OCCURRED = "occurred"
    """What had happened in the world by that instant, as we know it now."""


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class Ledger(Application[UUID]):
    """Every learning event of every trajectory, appended and never changed."""

    name = "ledger"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        clock: Clock,
        data_keys: DataKeys | None = None,
    ) -> None:
        # Set before the library builds the mapper: the personal-data transcoding needs it.
        self.data_keys: DataKeys = data_keys if data_keys is not None else MemoryDataKeys()
        super().__init__(env)
        self.clock = clock

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(PersonalDataAsCiphertext(self.data_keys))

    # -- trajectory events -----------------------------------------------------------------

    def post(
        self,
        trajectory_id: UUID | None,
        submission: Submission,
        *,
        actor: Actor,
        expected_version: int | None = None,
    ) -> Receipt:
        """Appends one posted event. ``trajectory_id`` is None only for TrajectoryOpened.

        Raises InvalidEventError, NotFoundError, NotPermittedError, RuleViolationError
        subclasses, ConcurrentChangeError (stale ``expected_version``) and
        DuplicateEventIdError (the event id was used for another body).
        """
        if not submission.event_id.strip():
            raise InvalidEventError("an event needs a client event id")
        if submission.occurred_at.tzinfo is None:
            raise InvalidEventError("occurred_at needs a time zone")
        arguments = command_arguments(submission)
        opening = submission.event_type == "TrajectoryOpened"
        if opening != (trajectory_id is None):
            raise InvalidEventError("TrajectoryOpened creates a trajectory; others name one")
        target = Trajectory.id_for(submission.event_id) if opening else trajectory_id
        assert target is not None
        digest = fingerprint(
            {
                "type": submission.event_type,
                "target": target.hex,
                "occurred_at": submission.occurred_at.isoformat(),
                "fields": arguments,
                "actor": actor.as_dict(),
            }
        )

        def decide() -> Aggregate:
            stamp = self.stamp(submission.event_id, submission.occurred_at, actor)
            if opening:
                in_force = self.qualification(arguments["qualification_code"]).in_force()
                return Trajectory.open(stamp, self._context(in_force), **arguments)
            trajectory = self.trajectory(target)
            if expected_version is not None and trajectory.version != expected_version:
                raise StaleVersionError(
                    f"expected version {expected_version}, trajectory is at {trajectory.version}"
                )
            trajectory.check_may_post(submission.event_type, stamp)
            command = getattr(trajectory, TRAJECTORY_COMMANDS[submission.event_type])
            command(stamp, self._context(self.pinned_qualification(trajectory)), **arguments)
            return trajectory

        return self._commit(submission.event_id, digest, decide, expected_version, opening)

    def _commit(
        self,
        event_id: str,
        digest: str,
        decide: Callable[[], Aggregate],
        expected_version: int | None,
        creating: bool,
    ) -> Receipt:
        for _ in range(RETRIES):
            marker = self._marker(event_id)
            if marker is not None:
                return marker.receipt_for(digest)
            aggregate = decide()
            accepted = ClientEvent.accept(
                event_id=event_id,
                fingerprint=digest,
                aggregate_id=aggregate.id,
                version=aggregate.version,
            )
            try:
                recordings = self.save(aggregate, accepted)
            except IntegrityError:
                marker = self._marker(event_id)
                if marker is not None:
                    return marker.receipt_for(digest)
                if creating:
                    raise AlreadyExistsError(f"{type(aggregate).__name__} already exists") from None
                if expected_version is not None:
                    raise StaleVersionError(
                        "someone appended in the meantime; reload and decide again"
                    ) from None
                continue
            return Receipt(
                aggregate_id=aggregate.id,
                version=aggregate.version,
                event_id=event_id,
                position=recordings[-1].notification.id,
            )
        raise ConcurrentChangeError("too many concurrent changes; try again")

    def _marker(self, event_id: str) -> ClientEvent | None:
        try:
            marker: ClientEvent = self.repository.get(ClientEvent.id_for(event_id))
        except AggregateNotFoundError:
            return None
        return marker

    def _context(self, pinned: QualificationVersion) -> CommandContext:
        def in_force(code: str) -> QualificationVersion:
            return self.qualification(code).in_force()

        return CommandContext(
            qualification=pinned, in_force=in_force, organisation=self.organisation
        )

    # -- catalogue, organisations and learners ---------------------------------------------

    def register_qualification(self, code: str, *, stamp: Stamp) -> Receipt:
        return self._create(
            stamp, {"code": code}, lambda: Qualification.register(code=code, **stamp.as_fields())
        )

    def publish_qualification_version(
        self, code: str, fields: dict[str, Any], *, stamp: Stamp
    ) -> Receipt:
        def decide() -> Aggregate:
            qualification = self.qualification(code)
            qualification.publish_version(fields=fields, **stamp.as_fields())
            return qualification

        return self._commit(stamp.event_id, _digest(stamp, code, fields), decide, None, False)

    def register_organisation(self, key: str, *, name: str, kind: str, stamp: Stamp) -> Receipt:
        return self._create(
            stamp,
            {"key": key, "name": name, "kind": kind},
            lambda: Organisation.register(key=key, name=name, kind=kind, **stamp.as_fields()),
        )

    def grant_accreditation(
        self, organisation_id: UUID, *, valid_from: date, valid_until: date | None, stamp: Stamp
    ) -> Receipt:
        def decide() -> Aggregate:
            workplace = self.organisation(organisation_id)
            workplace.grant_accreditation(
                valid_from=valid_from, valid_until=valid_until, **stamp.as_fields()
            )
            return workplace

        body = {"from": valid_from, "until": valid_until}
        return self._commit(
            stamp.event_id, _digest(stamp, organisation_id, body), decide, None, False
        )

    def withdraw_accreditation(
        self, organisation_id: UUID, *, effective_on: date, reason: str, stamp: Stamp
    ) -> Receipt:
        def decide() -> Aggregate:
            workplace = self.organisation(organisation_id)
            workplace.withdraw_accreditation(
                effective_on=effective_on, reason=reason, **stamp.as_fields()
            )
            return workplace

        body = {"on": effective_on, "reason": reason}
        return self._commit(
            stamp.event_id, _digest(stamp, organisation_id, body), decide, None, False
        )

    def register_learner(self, key: str, *, stamp: Stamp, **fields: Any) -> Receipt:
        """Registers a learner; the personal fields are encrypted with a new data key. The
        idempotency fingerprint keys them with that data key (no guessable plain hash)."""
        learner_id = Learner.id_for(key)
        data_key = self.data_keys.key_for(learner_id)
        if data_key is None:
            marker = self._marker(stamp.event_id)
            if marker is not None:  # registered, then erased: nothing left to compare
                return marker.receipt_for(marker.fingerprint)
            data_key = self.data_keys.create(learner_id)
        body = {"key": key, "personal": keyed_digest(data_key, fields)}
        return self._create(
            stamp, body, lambda: Learner.register(key=key, **fields, **stamp.as_fields())
        )

    def erase_learner(self, learner_id: UUID, *, reason: str, stamp: Stamp) -> Receipt:
        """Erases a learner's personal data: records ``LearnerErased``, destroys the data
        key (every stored copy becomes unreadable) and drops cached copies. Idempotent: a
        second call destroys nothing more and records nothing new. Raises NotFoundError."""
        learner = self.learner(learner_id)
        if learner.erased:
            receipt = Receipt(learner.id, learner.version, stamp.event_id, None, duplicate=True)
        else:

            def decide() -> Aggregate:
                found = self.learner(learner_id)
                found.erase(reason=reason, **stamp.as_fields())
                return found

            digest = _digest(stamp, learner_id, {"erase": reason})
            receipt = self._commit(stamp.event_id, digest, decide, None, False)
        self.data_keys.destroy(learner_id)
        self._evict(learner_id)
        return receipt

    def _evict(self, aggregate_id: UUID) -> None:
        cache = self.repository.cache
        if cache is not None:
            try:
                cache.get(aggregate_id, evict=True)
            except KeyError:
                pass

    def _create(
        self, stamp: Stamp, body: dict[str, Any], build: Callable[[], Aggregate]
    ) -> Receipt:
        return self._commit(stamp.event_id, _digest(stamp, None, body), build, None, True)

    def stamp(self, event_id: str, occurred_at: datetime, actor: Actor) -> Stamp:
        """A stamp with ``recorded_at`` from the ledger's clock; nothing is recorded before
        it happened (a small skew between clocks is tolerated)."""
        recorded_at = self.clock()
        if occurred_at - recorded_at > CLOCK_SKEW:
            raise InvalidEventError(
                f"occurred_at {occurred_at.isoformat()} lies in the future of the ledger"
            )
        return Stamp(event_id, occurred_at, recorded_at, actor)

    # -- queries ---------------------------------------------------------------------------

    def _get(self, cls: type[A], aggregate_id: UUID, version: int | None = None) -> A:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFoundError(f"no {cls.__name__.lower()} {aggregate_id}") from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"no {cls.__name__.lower()} {aggregate_id}")
        return aggregate

    def trajectory(self, trajectory_id: UUID, version: int | None = None) -> Trajectory:
        return self._get(Trajectory, trajectory_id, version)

    def trajectory_for(
        self, viewer: Actor, trajectory_id: UUID, *, also_on: date | None = None
    ) -> Trajectory:
        """The trajectory if ``viewer`` may read it; otherwise NotFoundError, worded the same
        as for a trajectory that does not exist. A workplace sees it while its agreement
        runs today, or on ``also_on`` (the day a fact it reports late took place)."""
        try:
            trajectory = self.trajectory(trajectory_id)
        except NotFoundError:
            raise NotFoundError("no such trajectory") from None
        days = [self.clock().date(), *([also_on] if also_on else [])]
        workplaces = frozenset().union(
            *(active_agreement_workplaces(trajectory.facts.values(), day) for day in days)
        )
        rules.require_can_read(viewer, trajectory.learner_id, trajectory.providers, workplaces)
        return trajectory

    def organisation(self, organisation_id: UUID) -> Organisation:
        return self._get(Organisation, organisation_id)

    def learner(self, learner_id: UUID) -> Learner:
        return self._get(Learner, learner_id)

    def qualification(self, code: str) -> Qualification:
        return self._get(Qualification, Qualification.id_for(code))

    def pinned_qualification(self, trajectory: Trajectory) -> QualificationVersion:
        return self.qualification(trajectory.qualification_code).published(
            trajectory.qualification_version
        )

    def coverage(self, trajectory_id: UUID) -> Coverage:
        trajectory = self.trajectory(trajectory_id)
        return trajectory.coverage(self.pinned_qualification(trajectory))

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


def _occurred_by(events: list[Trajectory.Event], instant: datetime) -> Iterator[Trajectory.Event]:
    included: set[str] = set()
    for event in events:
        original = getattr(event, "original_event_id", None)
        if type(event).__name__ in COMPENSATING:
            if original in included:
                included.add(event.event_id)
                yield event
        elif event.occurred_at <= instant:
            included.add(event.event_id)
            yield event


def _digest(stamp: Stamp, target: object, body: dict[str, Any]) -> str:
    return fingerprint(
        {
            "target": str(target),
            "occurred_at": stamp.occurred_at,
            "body": body,
            "actor": stamp.actor.as_dict(),
        }
    )
