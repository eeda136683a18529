"""A CompetenceAssessed stored by an older release (schema v1: a yes/no ``mastered`` and no
``class_version``) loads today as v2 with the three-level ``level``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from ledger import Ledger, Trajectory
from ledger.contracts import event_to_json
from tests.builders import TickingClock, TrajectoryBuilder, a_ledger, an_open_trajectory, sqlite_env
from tests.contract_checks import committed_schema, validator
from tests.earlier_releases import assessment_v1_fields

OCCURRED = datetime(2025, 10, 1, 10, tzinfo=UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "x.db"


@pytest.fixture
def old_ledger(path: Path) -> Iterator[Ledger]:
    ledger = a_ledger(TickingClock(), env=sqlite_env(path))
    yield ledger
    ledger.close()


def store_v1_assessment(ledger: Ledger, t: TrajectoryBuilder, *, mastered: bool) -> str:
    """Appends the row exactly as release 1 wrote it: v1 fields, no class_version."""
    event_id = f"old-{mastered}"
    state: dict[str, Any] = {
        "timestamp": OCCURRED,
        "event_id": event_id,
        "occurred_at": OCCURRED,
        "recorded_at": OCCURRED,
        "actor": t.mentor.as_dict(),
        **assessment_v1_fields(mastered),
    }
    assert t.trajectory_id is not None
    ledger.recorder.insert_events(
        [
            StoredEvent(
                originator_id=t.trajectory_id,
                originator_version=t.version + 1,
                topic=get_topic(Trajectory.CompetenceAssessed),
                state=ledger.mapper.transcoder.encode(state),
            )
        ]
    )
    return event_id


def test_the_v1_row_is_stored_without_class_version(old_ledger: Ledger) -> None:
    t = an_open_trajectory(old_ledger)
    store_v1_assessment(old_ledger, t, mastered=True)
    (row,) = old_ledger.recorder.select_events(t.trajectory_id, desc=True, limit=1)  # type: ignore[arg-type]
    stored = json.loads(row.state)
    assert stored["mastered"] is True
    assert "class_version" not in stored
    assert "level" not in stored


@pytest.mark.parametrize(("mastered", "level"), [(True, "mastered"), (False, "in_development")])
def test_a_stored_v1_assessment_loads_with_its_level(
    old_ledger: Ledger, path: Path, mastered: bool, level: str
) -> None:
    t = an_open_trajectory(old_ledger)
    event_id = store_v1_assessment(old_ledger, t, mastered=mastered)
    with Ledger(env=sqlite_env(path), clock=TickingClock()) as new_ledger:
        event = new_ledger.history(t.trajectory_id)[-1]  # type: ignore[arg-type]
        assert isinstance(event, Trajectory.CompetenceAssessed)
        assert event.level == level
        assert not hasattr(event, "mastered")
        assert new_ledger.trajectory(t.trajectory_id).fact(event_id).fields["level"] == level  # type: ignore[arg-type]


def test_a_stored_v1_mastered_assessment_covers_its_competence(
    old_ledger: Ledger, path: Path
) -> None:
    t = an_open_trajectory(old_ledger)
    store_v1_assessment(old_ledger, t, mastered=True)
    with Ledger(env=sqlite_env(path), clock=TickingClock()) as new_ledger:
        assert "EI-02" not in new_ledger.coverage(t.trajectory_id).missing  # type: ignore[arg-type]


def test_an_upcast_event_exports_as_a_valid_v2_document(old_ledger: Ledger, path: Path) -> None:
    t = an_open_trajectory(old_ledger)
    store_v1_assessment(old_ledger, t, mastered=True)
    with Ledger(env=sqlite_env(path), clock=TickingClock()) as new_ledger:
        document = event_to_json(new_ledger.history(t.trajectory_id)[-1])  # type: ignore[arg-type]
    assert document["schema_version"] == 2
    validator(committed_schema("CompetenceAssessed", 2)).validate(document)


def test_new_facts_append_after_an_upcast_one(old_ledger: Ledger, path: Path) -> None:
    t = an_open_trajectory(old_ledger)
    store_v1_assessment(old_ledger, t, mastered=True)
    receipt = t.assess("EI-04")
    assert receipt.version == 4
    assert old_ledger.coverage(t.trajectory_id).missing == ("EI-01", "EI-03", "EI-05")  # type: ignore[arg-type]
