"""Alembic environment for the read models: online only, on the engine passed in by
``projections.schema.upgrade``; its own version table so it never meets another Alembic."""

from __future__ import annotations

from alembic import context

from projections.schema import VERSION_TABLE, serialise_schema_changes
from projections.service import metadata

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    serialise_schema_changes(connection)
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
