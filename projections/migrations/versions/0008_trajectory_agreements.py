"""the trajectory view lists each trajectory's learning agreements (issue 18)

Which workplace has an agreement running when, and whose mentor: what the mentor's page
needs to find the learners a workplace may assess today. Existing trajectories have no such
rows, so the view is emptied and its positions dropped: the next catch-up (or ``leerspoor
projections rebuild trajectories``) replays it from the log. No other view is touched.
"""

import sqlalchemy as sa
from alembic import op

from projections.migrations.resets import empty_view

revision, down_revision = "0008", "0007"
branch_labels = depends_on = None

VIEW = "trajectories"
TABLES = ("rm_trajectory_competence", "rm_trajectory_badge", "rm_trajectory")


def upgrade() -> None:
    empty_view(VIEW, TABLES)
    op.create_table(
        "rm_trajectory_agreement",
        sa.Column("trajectory_id", sa.String, primary_key=True),
        sa.Column("agreement_id", sa.String, primary_key=True),
        sa.Column("workplace_id", sa.String, nullable=False, index=True),
        sa.Column("mentor_id", sa.String, nullable=False),
        sa.Column("starts_on", sa.String, nullable=False),
        sa.Column("last_day", sa.String),
    )


def downgrade() -> None:
    op.drop_table("rm_trajectory_agreement")
    empty_view(VIEW, TABLES)
