"""parked events: what a follower could not process, with its error; a counter of parked-event
changes beside each follower's position

Adds a table and a column with a default; no existing row changes. (Numbered after the
trajectory document's 0005: the followers' branch first called this 0005, a number that
never reached a release.)
"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0006", "0005"
branch_labels = depends_on = None

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
