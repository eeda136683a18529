"""Every event type survives the SQLite store: written by one Ledger, read back by a new one
on the same file, field for field, and its JSON form fits the committed contract."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate

from api.bootstrap import ledger_env
from ledger import Ledger, Organisation, Qualification, Trajectory
from ledger.contracts import event_to_json, event_types
from ledger.submissions import body_hints, posted_fields, required_fields
from ledger.trajectory_facts import Fact
from tests.builders import DAY_ONE, TickingClock, a_ledger, org_id, state_of
from tests.contract_checks import committed_schema, validator
from tests.examples import Posted, post_every_event_type


@dataclass(frozen=True)
class RoundTrip:
    writer: Ledger
    reader: Ledger
    posted: list[Posted]
    trajectory_id: UUID

    def reloaded_events(self) -> list[Aggregate.Event]:
        notifications = self.reader.recorder.select_notifications(start=1, limit=10_000)
        return [self.reader.mapper.to_domain_event(n) for n in notifications]


@pytest.fixture(scope="module")
def round_trip(module_database_url: str) -> Iterator[RoundTrip]:
    env = ledger_env(module_database_url)
    writer = a_ledger(TickingClock(), env=env)
    posted = post_every_event_type(writer)
    reader = Ledger(env=env, clock=TickingClock(), data_keys=writer.data_keys)
    yield RoundTrip(writer, reader, posted, posted[0].receipt.aggregate_id)
    reader.close()
    writer.close()


def test_every_event_type_is_in_the_store(round_trip: RoundTrip) -> None:
    stored = {type(e).__name__ for e in round_trip.reloaded_events()}
    assert set(event_types()) <= stored


def test_every_reloaded_event_fits_its_committed_contract(round_trip: RoundTrip) -> None:
    known = set(event_types())
    for event in round_trip.reloaded_events():
        name = type(event).__name__
        if name not in known:
            continue  # the idempotency markers are not part of the vocabulary
        document = event_to_json(event)
        validator(committed_schema(name, document["schema_version"])).validate(document)


def test_every_reloaded_trajectory_event_carries_the_posted_fields(round_trip: RoundTrip) -> None:
    events = {e.event_id: e for e in round_trip.reader.history(round_trip.trajectory_id)}  # type: ignore[attr-defined]
    for posted in round_trip.posted:
        document = event_to_json(events[posted.submission.event_id])
        names = posted_fields(posted.submission.event_type)
        sent = posted.submission.fields
        assert {n: document["data"][n] for n in names if n in sent} == sent
        # What a client left out is an optional field, stored with the command's default.
        assert set(names) - set(sent) <= set(names) - set(
            required_fields(posted.submission.event_type)
        )
        assert document["occurred_at"] == posted.submission.occurred_at.isoformat()
        assert document["actor"] == posted.actor.as_dict()
        assert document["version"] == posted.receipt.version


def test_every_reloaded_event_field_has_its_annotated_type(round_trip: RoundTrip) -> None:
    known = set(event_types())
    for event in round_trip.reloaded_events():
        if type(event).__name__ not in known:
            continue
        for name, hint in body_hints(type(event)).items():
            assert has_type(getattr(event, name), hint), (type(event).__name__, name)
        assert event.occurred_at.tzinfo is not None  # type: ignore[attr-defined]
        assert event.recorded_at.tzinfo is not None  # type: ignore[attr-defined]


def has_type(value: object, hint: object) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(has_type(value, option) for option in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(has_type(v, item) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is date:
        return type(value) is date
    assert isinstance(hint, type)
    return isinstance(value, hint)


def test_the_decimal_score_and_the_dates_come_back_as_such(round_trip: RoundTrip) -> None:
    trajectory = round_trip.reader.trajectory(round_trip.trajectory_id)
    completed = trajectory.fact("all-6").fields
    signed = trajectory.fact("all-4").fields
    assert completed["score"] == Decimal("14.5")
    assert (signed["starts_on"], signed["ends_on"]) == (date(2025, 9, 1), date(2026, 6, 30))
    assert isinstance(signed["workplace_id"], UUID)


def test_a_new_ledger_rebuilds_the_same_trajectory_state(round_trip: RoundTrip) -> None:
    in_memory = a_ledger(TickingClock())
    post_every_event_type(in_memory)
    reloaded = round_trip.reader.trajectory(round_trip.trajectory_id)
    expected = state_of(in_memory.trajectory(round_trip.trajectory_id))
    assert {k: v for k, v in state_of(reloaded).items() if k != "facts"} == {
        k: v for k, v in expected.items() if k != "facts"
    }
    assert {k: strip_recorded(f) for k, f in state_of(reloaded)["facts"].items()} == {
        k: strip_recorded(f) for k, f in expected["facts"].items()
    }


def strip_recorded(fact: Fact) -> Fact:
    """recorded_at is the writing ledger's clock; both runs read it equally often, but the
    comparison is about what the store keeps, not about clock readings."""
    return replace(fact, recorded_at=DAY_ONE)


def test_the_writer_and_a_new_reader_see_the_same_history(round_trip: RoundTrip) -> None:
    assert round_trip.reader.history(round_trip.trajectory_id) == round_trip.writer.history(
        round_trip.trajectory_id
    )


def test_the_reloaded_trajectory_reaches_its_expected_end_state(round_trip: RoundTrip) -> None:
    trajectory: Trajectory = round_trip.reader.trajectory(round_trip.trajectory_id)
    assert (trajectory.status, trajectory.outcome) == ("closed", "partially_qualified")
    assert trajectory.qualification_version == 2
    assert [f.fields["certificate_code"] for f in trajectory.active_awards()] == ["DK-LOGISTIEK"]
    assert trajectory.badges[f"urn:uuid:{UUID(int=1)}"].status == "revoked"


def test_reference_aggregates_reload_from_a_new_ledger(round_trip: RoundTrip) -> None:
    qualification: Qualification = round_trip.reader.qualification("BK-ZORGKUNDIGE")
    workplace: Organisation = round_trip.reader.organisation(org_id("elektro-peeters"))
    assert sorted(qualification.versions) == [1, 2]
    assert qualification.published(2).competences == qualification.published(1).competences
    assert workplace.accredited_on(date(2025, 12, 31))
    assert not workplace.accredited_on(date(2026, 1, 1))
    assert (
        round_trip.reader.learner(
            round_trip.reader.trajectory(round_trip.trajectory_id).learner_id
        ).given_name
        == "Chloë"
    )


def test_datetimes_keep_their_instant_through_the_store(round_trip: RoundTrip) -> None:
    first = round_trip.reader.history(round_trip.trajectory_id)[0]
    assert first.occurred_at == round_trip.posted[0].submission.occurred_at  # type: ignore[attr-defined]
    assert isinstance(first.recorded_at, datetime)  # type: ignore[attr-defined]
