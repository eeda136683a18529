"""A rebuild loads the timeline without its unique index and builds it again at its end, also
when the rebuild fails; start-up builds one that a killed rebuild left dropped; the index keeps
one row per trajectory and version."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from api.demo.loader import DemoResult
from ledger import Ledger
from projections import ReadModels
from projections.timeline import timeline_table

INDEX = "ix_rm_timeline_trajectory_version"


def timeline_indexes(engine: Engine) -> set[str | None]:
    return {index["name"] for index in inspect(engine).get_indexes("rm_timeline")}


def canonical(models: ReadModels) -> str:
    return json.dumps(models.dump(), sort_keys=True, default=str)


def test_a_rebuild_loads_the_timeline_without_its_index_and_builds_it_at_the_end(
    demo: DemoResult, read_models: ReadModels
) -> None:
    read_models.catch_up_all()
    expected = canonical(read_models)
    indexed_after_each_batch: list[bool] = []

    def after_batch(position: int, head: int) -> None:
        indexed_after_each_batch.append(INDEX in timeline_indexes(read_models.engine))

    read_models.rebuild(limit=11, progress=after_batch)

    assert indexed_after_each_batch
    assert not any(indexed_after_each_batch)
    assert INDEX in timeline_indexes(read_models.engine)
    assert canonical(read_models) == expected


def test_a_rebuild_that_fails_still_builds_the_index(
    demo: DemoResult, read_models: ReadModels
) -> None:
    def fail(position: int, head: int) -> None:
        raise RuntimeError("stopped halfway")

    with pytest.raises(RuntimeError, match="stopped halfway"):
        read_models.rebuild(limit=11, progress=fail)

    assert INDEX in timeline_indexes(read_models.engine)


def test_start_up_builds_an_index_a_killed_rebuild_left_dropped(
    demo: DemoResult, db_url: str, file_ledger: Ledger, read_models: ReadModels
) -> None:
    read_models.timeline.drop_deferred_indexes()
    assert INDEX not in timeline_indexes(read_models.engine)

    ReadModels(db_url, file_ledger, engine=read_models.engine)

    assert INDEX in timeline_indexes(read_models.engine)


def test_the_index_refuses_a_second_row_for_one_trajectory_version(
    demo: DemoResult, read_models: ReadModels
) -> None:
    read_models.catch_up_all()
    with read_models.engine.connect() as conn:
        row = dict(conn.execute(select(timeline_table).limit(1)).one()._mapping)
    with pytest.raises(IntegrityError), read_models.engine.begin() as conn:
        conn.execute(timeline_table.insert(), {**row, "position": row["position"] + 10_000})
