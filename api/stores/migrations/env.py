"""Alembic environment for the API stores: online only, on the engine passed in by
``api.stores.schema.upgrade_stores``; its own version table beside the read models'."""

from __future__ import annotations

import api.stores  # noqa: F401  (registers every store's table on the metadata)
from api.stores.schema import VERSION_TABLE, metadata
from projections import run_migrations_online

run_migrations_online(metadata, VERSION_TABLE)
