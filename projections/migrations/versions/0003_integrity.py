"""tamper evidence: Merkle leaves of every stored event and signed checkpoints

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rm_merkle_leaves",
        sa.Column("leaf_index", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("originator_id", sa.String(36), nullable=False),
        sa.Column("originator_version", sa.Integer(), nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
        sa.PrimaryKeyConstraint("leaf_index"),
        sa.UniqueConstraint("position"),
    )
    op.create_index("ix_rm_merkle_leaves_originator_id", "rm_merkle_leaves", ["originator_id"])
    op.create_table(
        "rm_checkpoints",
        sa.Column("tree_size", sa.Integer(), nullable=False),
        sa.Column("root_hash", sa.String(64), nullable=False),
        sa.Column("signed_at", sa.String(40), nullable=False),
        sa.Column("key_id", sa.String(300), nullable=False),
        sa.Column("signature", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("tree_size"),
    )


def downgrade() -> None:
    op.drop_table("rm_checkpoints")
    op.drop_table("rm_merkle_leaves")
