"""The database URLs hosts hand out reach every command: ``postgres://`` and
``postgresql://`` both mean PostgreSQL through psycopg 3 (psycopg2 is not installed)."""

from __future__ import annotations

import importlib.util

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from api.cli import app
from api.settings import Settings
from tests.postgres import Cluster

runner = CliRunner()


@pytest.fixture
def pg_database(postgres_cluster: Cluster) -> str:
    """A fresh database's URL as a host prints it: ``postgresql://user@host:port/name``."""
    url = make_url(postgres_cluster.create_database("urls"))
    return str(url.set(drivername="postgresql").render_as_string(hide_password=False))


def test_psycopg2_is_not_installed_so_nothing_may_need_it() -> None:
    assert importlib.util.find_spec("psycopg2") is None


def test_both_postgresql_schemes_are_normalised_to_psycopg_3() -> None:
    for scheme in ("postgres", "postgresql"):
        settings = Settings(database_url=f"{scheme}://u:p@db.example:5432/leerspoor")
        assert settings.database_url == "postgresql+psycopg://u:p@db.example:5432/leerspoor"


def test_demo_loads_into_a_postgres_scheme_url(pg_database: str) -> None:
    url = pg_database.replace("postgresql://", "postgres://", 1)
    result = runner.invoke(app, ["demo", "--db", url])
    assert result.exit_code == 0, result.output
    assert "demo loaded" in result.output


def test_tokens_are_created_on_a_postgresql_scheme_url(pg_database: str) -> None:
    created = runner.invoke(app, ["tokens", "create", "--role", "auditor", "--db", pg_database])
    assert created.exit_code == 0, created.output
    listed = runner.invoke(app, ["tokens", "list", "--db", pg_database], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert "auditor" in listed.output
