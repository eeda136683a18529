"""The read models' migrations give exactly the tables the views describe, and revision 0005
(the trajectory view holds the whole trajectory document) empties only that view, which the
next catch-up refills from the log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, func, select
from sqlalchemy.engine import Engine

from api.demo import DemoResult
from ledger import Ledger
from projections import ReadModels, document_of, integrity, read_model_engine, tracking, upgrade
from projections.tracking import tracking_table
from projections.trajectories import trajectory_table


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    made = read_model_engine(db_url)
    yield made
    made.dispose()


def every_read_model_table() -> MetaData:
    combined = MetaData()
    for source in (tracking.metadata, integrity.metadata):
        for table in source.tables.values():
            table.to_metadata(combined)
    return combined


def test_the_migrated_schema_is_the_views_schema(engine: Engine) -> None:
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        found = compare_metadata(context, every_read_model_table())
    assert [d for d in found if "alembic_version" not in repr(d)] == []


def test_revision_0005_refills_the_trajectory_view_from_the_log(
    engine: Engine, db_url: str, demo: DemoResult, file_ledger: Ledger
) -> None:
    upgrade(engine, "0004")
    with engine.begin() as connection:  # a view filled by the code before 0005
        connection.execute(
            tracking_table.insert(),
            [
                {"projection": name, "application_name": file_ledger.name, "notification_id": 5}
                for name in ("trajectories", "cohorts")
            ],
        )
    upgrade(engine)
    with engine.connect() as connection:
        kept = connection.execute(select(tracking_table.c.projection)).scalars().all()
        assert kept == ["cohorts"]
        assert connection.execute(select(func.count()).select_from(trajectory_table)).scalar() == 0
    models = ReadModels(db_url, file_ledger, engine=engine)
    models.catch_up_all()
    for trajectory_id in demo.trajectories.values():
        trajectory = file_ledger.trajectory(trajectory_id)
        expected = document_of(trajectory, file_ledger.pinned_qualification(trajectory))
        assert models.trajectories.get(trajectory_id) == expected
