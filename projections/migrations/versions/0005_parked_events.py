"""parked events: what a follower could not process, with its error; a counter of parked-event
changes beside each follower's position

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 09:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "rm_parked",
        sa.Column("follower", sa.String(), nullable=False),
        sa.Column("application_name", sa.String(), nullable=False),
        sa.Column("position", POSITION, nullable=False, autoincrement=False),
        sa.Column("originator_id", sa.String(36), nullable=False),
        sa.Column("originator_version", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("error_class", sa.String(), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=False),
        sa.Column("parked_at", sa.String(40), nullable=False),
        sa.Column("last_attempt_at", sa.String(40), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("holds_back", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("follower", "application_name", "position"),
    )
    op.add_column(
        "rm_tracking",
        sa.Column("parked_changes", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    with op.batch_alter_table("rm_tracking") as batch:
        batch.drop_column("parked_changes")
    op.drop_table("rm_parked")
