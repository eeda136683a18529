"""The API stores' tables come from Alembic migrations (``api/stores/migrations``), on SQLite
and PostgreSQL: a new database gets exactly the tables the stores describe, and a database
whose tables ``create_all`` made (before the migrations existed) upgrades in place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import column, inspect, select, table
from sqlalchemy.engine import Engine

from api.stores import TokenStore, metadata, upgrade_stores
from api.stores.schema import VERSION_TABLE
from ledger import Role
from projections import read_model_engine


def now() -> datetime:
    return datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = read_model_engine(database_url)
    yield made
    made.dispose()


def differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        found = compare_metadata(context, metadata)
    # Only the stores' tables are compared: the version table is Alembic's own.
    return [d for d in found if VERSION_TABLE not in repr(d)]


def head_revision(engine: Engine) -> str:
    with engine.connect() as connection:
        versions = table(VERSION_TABLE, column("version_num"))
        return str(connection.execute(select(versions.c.version_num)).scalar())


def test_a_new_database_gets_exactly_the_tables_the_stores_describe(engine: Engine) -> None:
    upgrade_stores(engine)
    assert differences(engine) == []
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())


def test_a_database_made_by_create_all_upgrades_in_place_and_keeps_its_rows(
    engine: Engine,
) -> None:
    metadata.create_all(engine)  # what every process did before the migrations
    issued = TokenStore(engine, now).create(Role.AUDITOR, label="made before")
    upgrade_stores(engine)
    assert head_revision(engine) == "api0003"
    assert differences(engine) == []
    principal = TokenStore(engine, now).authenticate(issued.secret)
    assert principal is not None
    assert principal.actor.role is Role.AUDITOR


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    upgrade_stores(engine)
    issued = TokenStore(engine, now).create(Role.ADMIN)
    upgrade_stores(engine)
    assert TokenStore(engine, now).authenticate(issued.secret) is not None
