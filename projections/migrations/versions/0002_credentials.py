"""credentials issued by the badge-issuing process"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0002", "0001"
branch_labels = depends_on = None


def upgrade() -> None:
    op.create_table(
        "rm_credentials",
        sa.Column("badge_id", sa.String(), nullable=False),
        sa.Column("trajectory_id", sa.String(), nullable=False),
        sa.Column("learner_id", sa.String(), nullable=False),
        sa.Column("issuer_org", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("stacks", sa.Text(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.String(), nullable=False),
        sa.Column("credential", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("badge_id"),
    )
    for column in ("trajectory_id", "learner_id", "issuer_org"):
        op.create_index(f"ix_rm_credentials_{column}", "rm_credentials", [column])


def downgrade() -> None:
    op.drop_table("rm_credentials")
