"""SQLite's ``secure_delete`` where erasure needs it, and only there: a destroyed data key's
sealed bytes leave the database file, while the views' and stores' connections (which hold
no personal values) delete without overwriting, whatever the SQLite build's default."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.engine import Engine

from api.bootstrap import Components
from api.stores.data_keys import data_keys_table
from tests.demo_site import sqlite_settings

SUBJECT = UUID("2f1c9a4e-8b7d-4c3a-9e5f-6a7b8c9d0e1f")


def secure_delete(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA secure_delete").scalar_one())


def test_the_views_and_stores_connections_delete_without_overwriting(tmp_path: Path) -> None:
    # Debian's SQLite is built with secure_delete on; clearing the views for a rebuild then
    # wrote every freed page out once more (docs/benchmarks.md).
    parts = Components(sqlite_settings(tmp_path))
    try:
        assert secure_delete(parts.engine) == 0
        assert secure_delete(parts.services.read_models.engine) == 0
    finally:
        parts.close()


def test_a_destroyed_data_key_leaves_no_sealed_bytes_in_the_database_files(
    tmp_path: Path,
) -> None:
    parts = Components(sqlite_settings(tmp_path))
    try:
        keys = parts.data_keys
        keys.create(SUBJECT)
        with keys.engine.connect() as conn:
            sealed = bytes(
                conn.execute(
                    select(data_keys_table.c.sealed_key).where(
                        data_keys_table.c.subject == str(SUBJECT)
                    )
                ).scalar_one()
            )
        assert keys.destroy(SUBJECT)
        assert keys.key_for(SUBJECT) is None
    finally:
        parts.close()
    files = [p for p in tmp_path.glob("leerspoor.db*") if p.is_file()]
    assert files, "the database file was not where the settings put it"
    assert [p.name for p in files if sealed in p.read_bytes()] == []
