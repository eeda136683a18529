"""The core of the ledger application: the store's settings, the one idempotent commit every
command goes through, loading aggregates, and the context a trajectory command gets.

Commands load aggregates, call one command method, and save the result together with the
idempotency marker of the client event id, in one atomic ``save()``. The environment (which
store) and the clock are passed in by the composition root; this module reads neither
settings nor the time itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    JSONTranscoder,
    Mapper,
    MapperDeserialisationError,
    OperationalError,
    Recording,
    StoredEvent,
    Transcoding,
)

from ledger.catalogue import Qualification
from ledger.errors import (
    AlreadyExistsError,
    ConcurrentChangeError,
    InvalidEventError,
    NotFoundError,
    StaleVersionError,
)
from ledger.idempotency import ClientEvent, fingerprint
from ledger.metadata import LedgerEvent, Stamp
from ledger.personal import DataKeys, MemoryDataKeys, PersonalDataAsCiphertext
from ledger.positions import position_of
from ledger.programme import Programme
from ledger.qualification_version import QualificationVersion
from ledger.references import LedgerReferences
from ledger.trajectory import Trajectory
from ledger.trajectory_context import CommandContext
from ledger.values import Actor, Receipt

Clock = Callable[[], datetime]
A = TypeVar("A", bound=Aggregate)

# Without an expected version, a lost race is re-decided on fresh state this many times.
RETRIES = 5
CLOCK_SKEW = timedelta(minutes=5)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class OutageAwareMapper(Mapper[UUID]):
    """The library's mapper, except that a store outage met while decoding (the personal-data
    transcoding reads the learner's key through the ``DataKeys`` port) goes up as the outage
    it is. The library wraps every decoding failure in ``MapperDeserialisationError``, which
    reads as a stored event that can never be decoded: writers would give up, followers would
    park the event, and the API would answer 500 where a retry soon succeeds."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            return super().to_domain_event(stored_event)
        except MapperDeserialisationError as error:
            cause = error.__cause__
            if isinstance(cause, OperationalError | InterfaceError):
                raise cause from error
            raise


class LedgerBase(Application[UUID]):
    """The store, the commit and the lookups every part of the ledger application shares."""

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
        self.refs = LedgerReferences(self._get)
        # Published versions never change (a qualification or programme only ever gains the
        # next number), so a pinned version, once tailored, holds for the process's life.
        self._pinned: dict[tuple[str, int, str | None, int | None], QualificationVersion] = {}

    def close(self) -> None:
        """Closes the event store and the key ring. A ledger built for a script (see
        ``api.bootstrap.build_ledger``) is the only holder of its key ring, and a SQLite
        connection left open there once kept a bench's later connection from opening the
        file ("database disk image is malformed") after other processes had rebuilt it."""
        super().close()
        self.data_keys.close()

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=OutageAwareMapper
        )

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's ``Application.save`` (eventsourcing 9.5), with our aggregates'
        pending events collected by a plain class check: the library asks of every object
        ``isinstance(obj, DomainEventProtocol)``, a runtime Protocol check that Python 3.11
        works out afresh on each call, and a fifth of an append's time went there
        (profiled). Anything else goes through the library's own collection."""
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            if isinstance(obj, Aggregate):
                processing_event.events.extend(obj.collect_events())
                processing_event.aggregates[obj.id] = obj
            elif obj is not None:
                processing_event.collect_events(obj)
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        self.notify(processing_event.events)  # the library's deprecated hook, kept as it is
        return recordings

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(PersonalDataAsCiphertext(self.data_keys))

    # -- the idempotent commit -------------------------------------------------------------

    def _commit(
        self,
        event_id: str,
        actor: Actor,
        digest: str,
        decide: Callable[[], Aggregate],
        expected_version: int | None,
        creating: bool,
        legacy_digest: str | None = None,
    ) -> Receipt:
        """Decides (``decide`` loads and changes one aggregate) and saves it with the
        marker of ``event_id`` for ``actor``'s organisation, retrying a lost race on fresh
        state. A marker already there answers as the first receipt (or
        DuplicateEventIdError); ``legacy_digest`` is the body as a marker stored before ids
        were scoped fingerprinted it."""
        for _ in range(RETRIES):
            found = self._existing_receipt(event_id, actor, digest, legacy_digest)
            if found is not None:
                return found
            after = self.recorder.max_notification_id() or 0
            aggregate = decide()
            accepted = ClientEvent.accept(
                event_id=event_id,
                scope=actor.organisation_id,
                fingerprint=digest,
                aggregate_id=aggregate.id,
                version=aggregate.version,
                position_after=after,
            )
            try:
                recordings = self.save(aggregate, accepted)
            except IntegrityError:
                found = self._existing_receipt(event_id, actor, digest, legacy_digest)
                if found is not None:
                    return found
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
                position=own_position(recordings, aggregate),
            )
        raise ConcurrentChangeError("too many concurrent changes; try again")

    def _existing_receipt(
        self, event_id: str, actor: Actor, digest: str, legacy_digest: str | None
    ) -> Receipt | None:
        marker = self._accepted_marker(event_id, actor)
        if marker is None:
            return None
        scoped = marker.id != ClientEvent.id_for(event_id)
        pre_scoping = actor.organisation_id is not None and not scoped
        expected = legacy_digest if pre_scoping and legacy_digest else digest
        return marker.receipt_for(expected, self._position_of(marker))

    def _accepted_marker(self, event_id: str, actor: Actor) -> ClientEvent | None:
        """The marker of ``event_id`` for ``actor``'s organisation: its scoped marker, or a
        marker stored before ids were scoped if that organisation posted it."""
        scope = actor.organisation_id
        if scope is not None:
            marker = self._load_marker(ClientEvent.id_for(event_id, scope))
            if marker is not None:
                return marker
        legacy = self._load_marker(ClientEvent.id_for(event_id))
        if legacy is None or (scope is not None and not self._posted_by(legacy, scope)):
            return None  # none, or another organisation's id from before ids were scoped
        return legacy

    def _load_marker(self, marker_id: UUID) -> ClientEvent | None:
        try:
            marker: ClientEvent = self.repository.get(marker_id)
        except AggregateNotFoundError:
            return None
        return marker

    def _posted_by(self, marker: ClientEvent, organisation: UUID) -> bool:
        """Whether the event a (pre-scoping) marker accepted was posted for ``organisation``."""
        version = marker.accepted_version
        events = self.repository.event_store.get(marker.aggregate_id, gt=version - 1, lte=version)
        return any(
            isinstance(e, LedgerEvent) and e.actor.get("organisation_id") == str(organisation)
            for e in events
        )

    def _position_of(self, marker: ClientEvent) -> int | None:
        return position_of(
            self.recorder, marker.aggregate_id, marker.accepted_version, marker.position_after
        )

    def _create(
        self,
        stamp: Stamp,
        body: dict[str, Any],
        build: Callable[[], Aggregate],
        *,
        timeless: bool = False,
    ) -> Receipt:
        """Creates an aggregate once. ``timeless``: the same body posted again at another
        ``occurred_at``, or by another person of the same organisation, is still the same
        request (a registration keyed by what it registers, such as a provider's reference
        for a learner)."""
        fingerprinted = digest(stamp, None, body, with_time=not timeless)
        return self._commit(stamp.event_id, stamp.actor, fingerprinted, build, None, True)

    def _change(
        self,
        stamp: Stamp,
        target: UUID,
        body: dict[str, Any],
        change: Callable[[], Aggregate],
        *,
        timeless: bool = False,
    ) -> Receipt:
        fingerprinted = digest(stamp, target, body, with_time=not timeless)
        return self._commit(stamp.event_id, stamp.actor, fingerprinted, change, None, False)

    def stamp(self, event_id: str, occurred_at: datetime, actor: Actor) -> Stamp:
        """A stamp with ``recorded_at`` from the ledger's clock; nothing is recorded before
        it happened (a small skew between clocks is tolerated)."""
        if not event_id.strip():
            raise InvalidEventError("an event needs a client event id")
        if occurred_at.tzinfo is None:
            raise InvalidEventError("occurred_at needs a time zone")
        recorded_at = self.clock()
        if occurred_at - recorded_at > CLOCK_SKEW:
            raise InvalidEventError(
                f"occurred_at {occurred_at.isoformat()} lies in the future of the ledger"
            )
        return Stamp(event_id, occurred_at, recorded_at, actor)

    # -- loading ---------------------------------------------------------------------------

    def _get(self, cls: type[A], aggregate_id: UUID, version: int | None = None) -> A:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFoundError(f"no {cls.__name__.lower()} {aggregate_id}") from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"no {cls.__name__.lower()} {aggregate_id}")
        return aggregate

    def _evict(self, aggregate_id: UUID) -> None:
        cache = self.repository.cache
        if cache is not None:
            try:
                cache.get(aggregate_id, evict=True)
            except KeyError:
                pass

    def qualification(self, code: str) -> Qualification:
        return self._get(Qualification, Qualification.id_for(code))

    def programme(self, code: str) -> Programme:
        return self._get(Programme, Programme.id_for(code))

    def pinned_qualification(self, trajectory: Trajectory) -> QualificationVersion:
        """The version a trajectory is judged against (rule 7), as its pinned programme
        version tailors it (modules, where each competence is learnt, rule 2's policy)."""
        key = (
            trajectory.qualification_code,
            trajectory.qualification_version,
            trajectory.programme_code,
            trajectory.programme_version,
        )
        pinned = self._pinned.get(key)
        if pinned is None:
            pinned = self._pinned[key] = self._tailored(*key)
        return pinned

    def _tailored(
        self, code: str, number: int, programme_code: str | None, programme_number: int | None
    ) -> QualificationVersion:
        version = self.qualification(code).published(number)
        if programme_code is None or programme_number is None:
            return version
        programme = self.programme(programme_code).published(programme_number)
        return version.tailored(programme)

    def _context(self, pinned: QualificationVersion) -> CommandContext:
        return CommandContext(qualification=pinned, refs=self.refs)


def own_position(recordings: list[Recording[UUID]], aggregate: Aggregate) -> int | None:
    """The log position of the aggregate's newest event among the recordings (not that of
    the idempotency marker saved after it)."""
    for recording in reversed(recordings):
        event = recording.domain_event
        if event.originator_id == aggregate.id and event.originator_version == aggregate.version:
            return recording.notification.id
    return recordings[-1].notification.id if recordings else None


def digest(stamp: Stamp, target: object, body: dict[str, Any], *, with_time: bool = True) -> str:
    fields: dict[str, Any] = {
        "target": str(target),
        "occurred_at": stamp.occurred_at,
        "body": body,
        "actor": stamp.actor.as_dict(),
    }
    if not with_time:
        # Keyed by what it records: the same body is the same request whenever it is sent
        # and whoever of the organisation sends it (another staff member, another token).
        del fields["occurred_at"]
        fields["actor"] = {k: v for k, v in fields["actor"].items() if k != "id"}
    return fingerprint(fields)
