"""Client event ids are scoped to the posting organisation (issue 15): one provider neither
learns whether another used an id nor takes it first; markers stored before the scoping keep
answering for the organisation that posted them. A receipt's position is the event's own
log position, the same for a duplicate."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from ledger import DuplicateEventIdError, Learner, Ledger, Submission, Trajectory
from ledger.idempotency import ClientEvent, fingerprint
from tests.builders import (
    DAY_ONE,
    TrajectoryBuilder,
    an_open_trajectory,
    nothing_appended,
    org_id,
    provider,
)


def opening(key: str, learner: str = "chloe") -> dict[str, Any]:
    return {
        "learner_id": str(Learner.id_for(learner)),
        "pathway": "volwassenenonderwijs",
        "qualification_code": "BK-ZORGKUNDIGE",
        "lead_provider": str(org_id(key)),
        "partners": [],
    }


def test_two_providers_may_use_the_same_event_id(ledger: Ledger) -> None:
    zorg = TrajectoryBuilder(ledger, provider("cvo-zorg"))
    horeca = TrajectoryBuilder(ledger, provider("cvo-horeca"))
    first = zorg.post(
        "TrajectoryOpened", event_id="open-1", occurred_at=DAY_ONE, **opening("cvo-zorg")
    )
    second = horeca.post(
        "TrajectoryOpened", event_id="open-1", occurred_at=DAY_ONE, **opening("cvo-horeca")
    )
    assert not first.duplicate
    assert not second.duplicate
    assert first.aggregate_id != second.aggregate_id


def test_a_provider_cannot_take_another_providers_trajectory_id_first(ledger: Ledger) -> None:
    squatter = TrajectoryBuilder(ledger, provider("cvo-horeca"))
    squatter.post("TrajectoryOpened", event_id="open-7", **opening("cvo-horeca"))
    owner = TrajectoryBuilder(ledger, provider("cvo-zorg"))
    receipt = owner.post("TrajectoryOpened", event_id="open-7", **opening("cvo-zorg"))
    assert receipt.aggregate_id == Trajectory.id_for("open-7", org_id("cvo-zorg"))


def test_a_receipts_position_is_the_events_own_log_position(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    receipt = t.post("ModuleEnrolled", module_code="M-EI-BASIS")
    (notification,) = [
        n
        for n in ledger.recorder.select_notifications(start=1, limit=100_000)
        if n.originator_id == t.trajectory_id and n.originator_version == receipt.version
    ]
    assert receipt.position == notification.id
    assert ledger.recorder.max_notification_id() == notification.id + 1  # its marker follows


def test_a_duplicates_receipt_names_the_same_position(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    first = t.post(
        "ModuleEnrolled", event_id="enrol-9", occurred_at=DAY_ONE, module_code="M-EI-BASIS"
    )
    t.post("ModuleEnrolled", module_code="M-EI-KLANT")  # something appended in between
    again = t.post(
        "ModuleEnrolled", event_id="enrol-9", occurred_at=DAY_ONE, module_code="M-EI-BASIS"
    )
    assert again.duplicate
    assert again.position == first.position


def accepted_before_scoping(t: TrajectoryBuilder, event_id: str, module_code: str) -> Any:
    """Appends a module enrolment with the marker an older release stored: one global id per
    event id, schema v1 (no position), fingerprinted as ``post`` does."""
    ledger = t.ledger
    at = t.day
    trajectory = ledger.trajectory(t.trajectory_id)  # type: ignore[arg-type]
    context = ledger._context(ledger.pinned_qualification(trajectory))  # noqa: SLF001
    trajectory.enrol_in_module(ledger.stamp(event_id, at, t.lead), context, module_code=module_code)
    digest = fingerprint(
        {
            "type": "ModuleEnrolled",
            "target": trajectory.id.hex,
            "occurred_at": at.isoformat(),
            "fields": {"module_code": module_code},
            "actor": t.lead.as_dict(),
        }
    )
    ledger.save(trajectory)
    state = {
        "timestamp": at,
        "originator_topic": get_topic(ClientEvent),
        "event_id": event_id,
        "fingerprint": digest,
        "aggregate_id": trajectory.id,
        "version": trajectory.version,
    }
    ledger.recorder.insert_events(
        [
            StoredEvent(
                originator_id=ClientEvent.id_for(event_id),
                originator_version=1,
                topic=get_topic(ClientEvent.Accepted),
                state=ledger.mapper.transcoder.encode(state),
            )
        ]
    )
    return Submission("ModuleEnrolled", event_id, at, {"module_code": module_code})


def test_a_marker_stored_before_scoping_still_answers_for_its_organisation(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    submission = accepted_before_scoping(t, "old-1", "M-EI-BASIS")
    version = t.version
    with nothing_appended(ledger):
        again = ledger.post(t.trajectory_id, submission, actor=t.lead)
    assert (again.duplicate, again.version) == (True, version)


def test_a_marker_stored_before_scoping_refuses_another_body(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    submission = accepted_before_scoping(t, "old-2", "M-EI-BASIS")
    other = Submission(
        "ModuleEnrolled", "old-2", submission.occurred_at, {"module_code": "M-EI-KLANT"}
    )
    with nothing_appended(ledger), pytest.raises(DuplicateEventIdError):
        ledger.post(t.trajectory_id, other, actor=t.lead)


def test_a_pre_scoping_marker_of_another_organisation_is_ignored(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    accepted_before_scoping(t, "old-3", "M-EI-BASIS")
    assert ledger._accepted_marker("old-3", provider("cvo-horeca")) is None  # noqa: SLF001
    assert ledger._accepted_marker("old-3", t.lead) is not None  # noqa: SLF001


def test_a_pre_scoping_marker_without_a_position_finds_the_events_position(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    submission = accepted_before_scoping(t, "old-4", "M-EI-BASIS")
    (position,) = [
        n.id
        for n in ledger.recorder.select_notifications(start=1, limit=100_000)
        if n.originator_id == t.trajectory_id and n.originator_version == t.version
    ]
    again = ledger.post(t.trajectory_id, submission, actor=t.lead)
    assert again.position == position
