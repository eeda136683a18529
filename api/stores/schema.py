"""The API stores' tables (tokens, share links, OAuth, hosted credentials, the access log,
the learners' data keys) under Alembic, like the read models: ``api/stores/migrations``
with its own version table, upgraded in code by the composition root.

Databases whose tables ``create_all`` made before these migrations existed upgrade in place:
the first revision creates only the tables that are missing.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "api_alembic_version"
metadata = MetaData()


def upgrade_stores(engine: Engine, revision: str = "head") -> None:
    """Brings the API stores' tables to ``revision`` (idempotent; safe when several
    processes start together)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    command.upgrade(config, revision)
