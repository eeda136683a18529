"""the timeline without a primary key: rows in log order, one unique index a rebuild defers

The primary-key index on (trajectory id, version) took a quarter of the pages each commit of a
rebuild wrote. The table is recreated without it, its rows copied in log order, and the same
uniqueness kept by an index that a rebuild drops while it loads the table and builds again at
its end (``SQLView.deferred_indexes``).
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0010", "0009"
branch_labels = depends_on = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
INDEX = "ix_rm_timeline_trajectory_version"


def _columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("trajectory_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", POSITION, nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.String(), nullable=False),
        sa.Column("recorded_at", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("original_event_id", sa.String(), nullable=True),
        sa.Column("data", sa.String(), nullable=False),
    ]


def _recreate(*constraints: sa.schema.SchemaItem) -> None:
    columns = _columns()
    names = ", ".join(c.name for c in columns)
    op.create_table("rm_timeline_next", *columns, *constraints)
    op.execute(
        f"INSERT INTO rm_timeline_next ({names})"  # noqa: S608 - fixed names
        f" SELECT {names} FROM rm_timeline ORDER BY position"
    )
    op.drop_table("rm_timeline")
    op.rename_table("rm_timeline_next", "rm_timeline")


def upgrade() -> None:
    _recreate()
    op.create_index(INDEX, "rm_timeline", ["trajectory_id", "version"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="rm_timeline")
    _recreate(sa.PrimaryKeyConstraint("trajectory_id", "version"))
