"""the registry view: catalogue entries, organisations and which providers know a learner

A new view (``projections.registry``): its tables start empty and its position at zero, so
the next catch-up (or ``leerspoor projections rebuild registry``) fills it from the log.
"""

import sqlalchemy as sa
from alembic import op

from projections.migrations.resets import drop_positions

revision, down_revision = "0007", "0006"
branch_labels = depends_on = None


def upgrade() -> None:
    op.create_table(
        "rm_registry_catalogue",
        sa.Column("aggregate_id", sa.String(), nullable=False),
        sa.Column("entry_type", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("provider", sa.String(), nullable=True),
        sa.Column("qualification_code", sa.String(), nullable=True),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("title_nl", sa.String(), nullable=True),
        sa.Column("title_en", sa.String(), nullable=True),
        sa.Column("vks_level", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("aggregate_id"),
    )
    op.create_index("ix_rm_registry_catalogue_entry_type", "rm_registry_catalogue", ["entry_type"])
    op.create_table(
        "rm_registry_organisation",
        sa.Column("organisation_id", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("enterprise_number", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("organisation_id"),
    )
    op.create_index("ix_rm_registry_organisation_kind", "rm_registry_organisation", ["kind"])
    op.create_table(
        "rm_registry_learner_link",
        sa.Column("learner_id", sa.String(), nullable=False),
        sa.Column("provider_id", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("learner_id", "provider_id", "source"),
    )
    op.create_index(
        "ix_rm_registry_learner_link_provider_id", "rm_registry_learner_link", ["provider_id"]
    )
    op.create_table(
        "rm_registry_trajectory",
        sa.Column("trajectory_id", sa.String(), nullable=False),
        sa.Column("learner_id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("trajectory_id"),
    )


def downgrade() -> None:
    for table in (
        "rm_registry_trajectory",
        "rm_registry_learner_link",
        "rm_registry_organisation",
        "rm_registry_catalogue",
    ):
        op.drop_table(table)
    drop_positions("registry")
