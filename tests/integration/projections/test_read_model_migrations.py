"""The read models' migrations give exactly the tables the views describe, and revision 0005
(the trajectory view holds the whole trajectory document) empties only that view, which the
next catch-up refills from the log; revision 0010 keeps the timeline's rows while it trades
the table's primary key for a unique index, and going back restores the key; revision 0011
drops the monitoring view and refills the outflow view, which gains the qualification's day."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from api.demo import DemoResult
from ledger import Ledger, Trajectory
from projections import ReadModels, document_of, integrity, read_model_engine, tracking, upgrade
from projections.schema import alembic_config
from projections.tracking import parked_table, tracking_table
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


def store_positions(connection: Connection, ledger: Ledger, *views: str) -> None:
    """Each of ``views`` at position 5 of the ledger's log, as the code before a revision
    left it."""
    connection.execute(
        tracking_table.insert(),
        [{"projection": v, "application_name": ledger.name, "notification_id": 5} for v in views],
    )


def test_revision_0005_refills_the_trajectory_view_from_the_log(
    engine: Engine, db_url: str, demo: DemoResult, file_ledger: Ledger
) -> None:
    upgrade(engine, "0004")
    with engine.begin() as connection:  # a view filled by the code before 0005
        store_positions(connection, file_ledger, "trajectories", "cohorts")
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


TIMELINE_ROW = {
    "trajectory_id": "6f0c1a8e-0000-5000-8000-000000000001",
    "version": 1,
    "position": 42,
    "event_id": "e1",
    "event_type": "TrajectoryOpened",
    "schema_version": 1,
    "occurred_at": "2026-09-01T00:00:00+00:00",
    "recorded_at": "2026-09-01T00:00:00+00:00",
    "actor": "{}",
    "original_event_id": None,
    "data": "{}",
}


def test_revision_0010_keeps_the_timeline_rows_and_its_uniqueness(engine: Engine) -> None:
    upgrade(engine, "0009")
    columns = ", ".join(TIMELINE_ROW)
    insert = text(f"INSERT INTO rm_timeline ({columns}) VALUES (:{', :'.join(TIMELINE_ROW)})")  # noqa: S608
    with engine.begin() as connection:
        connection.execute(insert, TIMELINE_ROW)

    upgrade(engine, "0010")
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(text("SELECT * FROM rm_timeline"))]
    assert rows == [TIMELINE_ROW]
    schema = inspect(engine)
    assert schema.get_pk_constraint("rm_timeline")["constrained_columns"] == []
    unique = [i for i in schema.get_indexes("rm_timeline") if i["unique"]]
    assert [i["column_names"] for i in unique] == [["trajectory_id", "version"]]

    downgrade_to(engine, "0009")
    schema = inspect(engine)
    assert schema.get_pk_constraint("rm_timeline")["constrained_columns"] == [
        "trajectory_id",
        "version",
    ]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM rm_timeline")).scalar() == 1


def test_revision_0011_drops_the_monitoring_view_and_refills_the_outflow_view(
    engine: Engine, db_url: str, demo: DemoResult, file_ledger: Ledger
) -> None:
    upgrade(engine, "0010")
    with engine.begin() as connection:  # views filled and an event parked before 0011
        store_positions(connection, file_ledger, "monitoring", "outflow", "cohorts")
        connection.execute(
            parked_table.insert(),
            [
                {
                    "follower": follower,
                    "application_name": file_ledger.name,
                    "position": 3,
                    "originator_id": "6f0c1a8e-0000-5000-8000-000000000001",
                    "originator_version": 1,
                    "event_type": "TrajectoryOpened",
                    "error_class": "ValueError",
                    "error_message": "a bug",
                    "parked_at": "2026-12-02T00:00:00+00:00",
                    "last_attempt_at": "2026-12-02T00:00:00+00:00",
                    "attempts": 1,
                    "holds_back": False,
                }
                for follower in ("monitoring", "cohorts")
            ],
        )

    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(select(tracking_table.c.projection)).scalars().all() == [
            "cohorts"
        ]
        assert connection.execute(select(parked_table.c.follower)).scalars().all() == ["cohorts"]
    assert "rm_outflow" not in inspect(engine).get_table_names()
    models = ReadModels(db_url, file_ledger, engine=engine)
    models.catch_up_all()
    qualified = {row["trajectory_id"]: row["qualified_on"] for row in models.outflow.rows()}
    expected = {
        str(trajectory_id): qualification_day(file_ledger.trajectory(trajectory_id))
        for trajectory_id in demo.trajectories.values()
    }
    assert qualified == expected
    assert any(expected.values())

    downgrade_to(engine, "0010")
    schema = inspect(engine)
    assert "qualified_on" not in {c["name"] for c in schema.get_columns("rm_outflow_trajectory")}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM rm_outflow")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM rm_outflow_trajectory")).scalar() == 0


def qualification_day(trajectory: Trajectory) -> str | None:
    """The day of the trajectory's first qualification award still standing."""
    awards = [f for f in trajectory.facts.values() if f.event_type == "QualificationAwarded"]
    standing = [f for f in awards if f.counts]
    return standing[0].occurred_at.date().isoformat() if standing else None


def downgrade_to(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
