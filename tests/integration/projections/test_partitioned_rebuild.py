"""A rebuild split by trajectory over several processes gives the same read models as one
process; an interrupted one is finished by the next catch-up, and nobody starts an
unpartitioned build from zero beside it."""

from __future__ import annotations

import json

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from api.demo.loader import DemoResult
from ledger import Ledger
from projections import ReadModels
from projections.runner import catch_up_partition
from projections.topics import trajectory_topics
from projections.tracking import Partition


def canonical(models: ReadModels) -> bytes:
    return json.dumps(models.dump(), sort_keys=True, default=str).encode()


def partition_rows(models: ReadModels, ledger: Ledger) -> dict[str, dict[Partition, int]]:
    return {
        name: p.view.partition_positions(ledger.name)
        for name, p in models.projections.items()
        if p.view.partition_positions(ledger.name)
    }


@pytest.mark.parametrize("workers", [2, 3])
def test_a_rebuild_split_over_processes_equals_the_incremental_build(
    demo: DemoResult, file_ledger: Ledger, read_models: ReadModels, workers: int
) -> None:
    read_models.catch_up_all(limit=7)
    incremental = canonical(read_models)
    read_models.rebuild(workers=workers, limit=11)
    assert canonical(read_models) == incremental
    assert partition_rows(read_models, file_ledger) == {}
    assert {s.lag for s in read_models.status()} == {0}


def test_every_trajectory_falls_in_exactly_one_partition(
    demo: DemoResult, file_ledger: Ledger
) -> None:
    notifications = file_ledger.recorder.select_notifications(
        start=None, limit=10_000, topics=trajectory_topics()
    )
    owners = {n.originator_id for n in notifications}
    for count in (2, 3, 5):
        shares = [{o for o in owners if Partition(k, count).owns(o)} for k in range(count)]
        assert sum(len(s) for s in shares) == len(owners)
        assert set().union(*shares) == owners


def test_an_interrupted_partitioned_rebuild_is_finished_by_the_next_catch_up(
    demo: DemoResult, file_ledger: Ledger, read_models: ReadModels
) -> None:
    read_models.catch_up_all()
    expected = canonical(read_models)
    chosen = list(read_models.projections.values())
    for projection in chosen:
        projection.view.clear(file_ledger.name, partitions=2)
    head = file_ledger.recorder.max_notification_id() or 0
    # One partition got halfway, the other never committed a batch: then the rebuild died.
    catch_up_partition(chosen, file_ledger, Partition(0, 2), head // 2, limit=5)
    halfway = {s.name: s.position for s in read_models.status()}
    assert set(halfway.values()) == {0}  # the slowest partition is where a view stands

    read_models.catch_up_all()

    assert canonical(read_models) == expected
    assert partition_rows(read_models, file_ledger) == {}
    assert {s.lag for s in read_models.status()} == {0}


def test_no_process_starts_a_view_from_zero_beside_a_partitioned_rebuild(
    demo: DemoResult, db_url: str, file_ledger: Ledger, read_models: ReadModels
) -> None:
    other = ReadModels(db_url, file_ledger, migrate=False)
    cohorts = read_models.projections["cohorts"]
    cohorts.view.clear(file_ledger.name, partitions=2)
    first = file_ledger.recorder.select_notifications(
        start=None, limit=1, topics=trajectory_topics("TrajectoryOpened")
    )[0]
    event = file_ledger.mapper.to_domain_event(first)
    # The other process had seen no position for the view and tries to store its first one.
    with pytest.raises(IntegrityError):
        other.projections["cohorts"].process_event(event, Tracking(file_ledger.name, first.id))
    assert cohorts.view.max_tracking_id(file_ledger.name) is None
    assert set(cohorts.view.partition_positions(file_ledger.name).values()) == {0}
    assert cohorts.view.dump() == {"rm_cohort_member": []}
    other.close()
