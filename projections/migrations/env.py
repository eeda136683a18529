"""Alembic environment for the read models: online only, on the engine passed in by
``projections.schema.upgrade``; its own version table so it never meets another Alembic."""

from __future__ import annotations

from projections.schema import VERSION_TABLE, run_migrations_online
from projections.service import metadata

run_migrations_online(metadata, VERSION_TABLE)
