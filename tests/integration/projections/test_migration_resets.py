"""Going back past the revision that made or reshaped a view (0005 and 0008: trajectories,
0007: registry, 0009 and 0011: outflow) drops that view's positions, so a catch-up after upgrading
again replays it from the log; every other view keeps its position
(``projections.migrations.resets``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.engine import Engine

from projections import read_model_engine, upgrade
from projections.schema import alembic_config
from projections.tracking import tracking_table

VIEWS = ("cohorts", "outflow", "registry", "trajectories")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    made = read_model_engine(db_url)
    yield made
    made.dispose()


@pytest.mark.parametrize(
    ("revision", "kept"),
    [
        ("0010", ["cohorts", "registry", "trajectories"]),
        ("0008", ["cohorts", "registry", "trajectories"]),
        ("0007", ["cohorts", "registry"]),
        ("0006", ["cohorts"]),
        ("0004", ["cohorts"]),
    ],
)
def test_going_back_drops_the_positions_of_the_views_it_passes(
    engine: Engine, revision: str, kept: list[str]
) -> None:
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(
            tracking_table.insert(),
            [{"projection": v, "application_name": "ledger", "notification_id": 5} for v in VIEWS],
        )
    command.downgrade(alembic_config(engine), revision)
    with engine.connect() as connection:
        found = connection.execute(
            select(tracking_table.c.projection).order_by(tracking_table.c.projection)
        )
        assert found.scalars().all() == kept
