"""log positions as 64-bit integers on PostgreSQL

Notification ids come from a BIGSERIAL sequence on PostgreSQL; columns holding them were
32-bit there, and would overflow past 2,147,483,647 events. SQLite's INTEGER is already
64-bit, so nothing changes on it.
"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0004", "0003"
branch_labels = depends_on = None

POSITIONS = [
    ("rm_tracking", "notification_id"),
    ("rm_timeline", "position"),
    ("rm_merkle_leaves", "leaf_index"),
    ("rm_merkle_leaves", "position"),
    ("rm_checkpoints", "tree_size"),
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in POSITIONS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in POSITIONS:
        op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger())
