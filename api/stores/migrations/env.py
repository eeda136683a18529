"""Alembic environment for the API stores: online only, on the engine passed in by
``api.stores.schema.upgrade_stores``; its own version table beside the read models'."""

from __future__ import annotations

from alembic import context

import api.stores  # noqa: F401  (registers every store's table on the metadata)
from api.stores.schema import VERSION_TABLE, metadata
from projections import serialise_schema_changes

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
