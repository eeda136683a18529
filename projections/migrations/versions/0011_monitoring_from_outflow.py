"""the cohort page's outflow statistics come from the outflow view; the monitoring view goes

Two views kept an outflow row per trajectory: ``monitoring`` (``rm_outflow``, for the
statistics on a provider's cohort page) and ``outflow`` (``rm_outflow_trajectory``, for the
person-level figures of docs/monitoring.md). The statistics are now computed over the outflow
view, which gains the day of the trajectory's qualification (``qualified_on``). Its rows lack
that day, so the view is emptied and its positions dropped: the next catch-up (or
``leerspoor projections rebuild outflow``) replays it from the log. The monitoring view's
table, positions and parked events are dropped.

Downgrading gives the monitoring view its empty table back, without a position, so the next
catch-up of that release fills it from the log.
"""

import sqlalchemy as sa
from alembic import op

from projections.migrations.resets import drop_parked, drop_positions, empty_view

revision, down_revision = "0011", "0010"
branch_labels = depends_on = None

OUTFLOW = ("outflow", ("rm_outflow_trajectory",))


def upgrade() -> None:
    empty_view(*OUTFLOW)
    with op.batch_alter_table("rm_outflow_trajectory") as batch:
        batch.add_column(sa.Column("qualified_on", sa.String(), nullable=True))
    op.drop_table("rm_outflow")
    drop_positions("monitoring")
    drop_parked("monitoring")


def downgrade() -> None:
    op.create_table(
        "rm_outflow",
        sa.Column("trajectory_id", sa.String(), nullable=False),
        sa.Column("pathway", sa.String(), nullable=False),
        sa.Column("qualification_code", sa.String(), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("opened_at", sa.String(), nullable=False),
        sa.Column("award_event_id", sa.String(), nullable=True),
        sa.Column("qualified_at", sa.String(), nullable=True),
        sa.Column("closed_at", sa.String(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("trajectory_id"),
    )
    empty_view(*OUTFLOW)
    with op.batch_alter_table("rm_outflow_trajectory") as batch:
        batch.drop_column("qualified_on")
