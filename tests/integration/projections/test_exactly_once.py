"""Rebuilds give identical read models; a processed event is never applied twice; a view
behind the log reports its lag."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from api.demo.loader import DemoResult
from ledger import Ledger, Trajectory
from projections import ReadModels
from projections.topics import trajectory_topics
from tests.builders import a_demo_dual_trajectory


def canonical(models: ReadModels) -> bytes:
    import json

    return json.dumps(models.dump(), sort_keys=True, default=str).encode()


def test_rebuilt_read_models_are_byte_identical_to_incremental_ones(
    demo: DemoResult, read_models: ReadModels
) -> None:
    read_models.catch_up_all(limit=7)  # small batches: many commits, as a live runner makes
    incremental = canonical(read_models)
    read_models.rebuild()
    assert canonical(read_models) == incremental


def test_rebuilding_one_view_leaves_the_others_alone(
    demo: DemoResult, read_models: ReadModels
) -> None:
    read_models.catch_up_all()
    before = read_models.dump()
    read_models.rebuild("cohorts")
    assert read_models.dump() == before


def test_redelivering_a_processed_notification_raises_and_changes_nothing(
    demo: DemoResult, file_ledger: Ledger, read_models: ReadModels
) -> None:
    read_models.catch_up_all()
    before = read_models.dump()
    first = file_ledger.recorder.select_notifications(
        start=None, limit=1, topics=trajectory_topics("TrajectoryOpened")
    )[0]
    event = file_ledger.mapper.to_domain_event(first)
    for projection in read_models.projections.values():
        with pytest.raises(IntegrityError):
            projection.process_event(event, Tracking(file_ledger.name, first.id))
    assert read_models.dump() == before


def test_a_view_behind_the_log_reports_its_lag(
    demo: DemoResult, file_ledger: Ledger, read_models: ReadModels
) -> None:
    read_models.catch_up_all()
    builder = a_demo_dual_trajectory(file_ledger, with_agreement=False)
    builder.post("ModuleEnrolled", module_code="DU-AREI")
    head = file_ledger.recorder.max_notification_id()
    assert head is not None
    for status in read_models.status():
        assert status.lag == head - status.position > 0
    read_models.catch_up_all()
    assert {s.lag for s in read_models.status()} == {0}
    assert read_models.trajectories.get(builder.trajectory_id or Trajectory.legacy_id_for("x"))


def test_a_view_caught_up_by_another_runner_refuses_stale_batches(
    demo: DemoResult, db_url: str, file_ledger: Ledger, read_models: ReadModels
) -> None:
    other = ReadModels(db_url, file_ledger)
    other.catch_up_all()
    first = file_ledger.recorder.select_notifications(
        start=None, limit=1, topics=trajectory_topics("TrajectoryOpened")
    )[0]
    event = file_ledger.mapper.to_domain_event(first)
    with pytest.raises(IntegrityError):
        read_models.projections["cohorts"].process_event(
            event, Tracking(file_ledger.name, first.id)
        )
    assert read_models.dump() == other.dump()
    other.close()


def test_a_rebuild_split_over_two_processes_equals_the_incremental_build(
    demo: DemoResult, read_models: ReadModels
) -> None:
    read_models.catch_up_all(limit=7)
    incremental = canonical(read_models)
    read_models.rebuild(workers=2)
    assert canonical(read_models) == incremental
