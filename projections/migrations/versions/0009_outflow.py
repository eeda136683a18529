"""the outflow view: per trajectory, what the monitoring counts when a learner leaves

A new view (``projections.outflow``): its table starts empty and its position at zero, so
the next catch-up (or ``leerspoor projections rebuild outflow``) fills it from the log.
"""

import sqlalchemy as sa
from alembic import op

from projections.migrations.resets import drop_positions

revision, down_revision = "0009", "0008"
branch_labels = depends_on = None


def upgrade() -> None:
    op.create_table(
        "rm_outflow_trajectory",
        sa.Column("trajectory_id", sa.String(), nullable=False),
        sa.Column("learner_id", sa.String(), nullable=False),
        sa.Column("pathway", sa.String(), nullable=False),
        sa.Column("qualification_code", sa.String(), nullable=False),
        sa.Column("target_vks", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("opened_on", sa.String(), nullable=False),
        sa.Column("closed_on", sa.String(), nullable=True),
        sa.Column("exit", sa.String(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("groups", sa.Text(), nullable=False),
        sa.Column("awards", sa.Text(), nullable=False),
        sa.Column("workplace_hours", sa.Integer(), nullable=False),
        sa.Column("school_hours", sa.Integer(), nullable=False),
        sa.Column("recognitions", sa.Text(), nullable=False),
        sa.Column("exemptions", sa.Text(), nullable=False),
        sa.Column("handovers", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("trajectory_id"),
    )
    op.create_index("ix_rm_outflow_trajectory_learner_id", "rm_outflow_trajectory", ["learner_id"])


def downgrade() -> None:
    op.drop_index("ix_rm_outflow_trajectory_learner_id", table_name="rm_outflow_trajectory")
    op.drop_table("rm_outflow_trajectory")
    drop_positions("outflow")
