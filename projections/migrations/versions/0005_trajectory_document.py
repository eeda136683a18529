"""the trajectory view holds the whole trajectory document

The view now stores what the one trajectory document shows (docs/api.md): the qualification's
titles and level, the partners and the award facts on the trajectory row, each competence's
title and whether it needs the workplace. Existing rows lack them, so the view is emptied and
its positions dropped: the next catch-up (or ``leerspoor projections rebuild trajectories``)
replays it from the log. No other view is touched.
"""

from typing import Any, Literal

import sqlalchemy as sa
from alembic import op

from projections.migrations.resets import empty_view

revision, down_revision = "0005", "0004"
branch_labels = depends_on = None

VIEW = "trajectories"
TABLES = ("rm_trajectory_competence", "rm_trajectory_badge", "rm_trajectory")
TRAJECTORY_COLUMNS: dict[str, type[sa.types.TypeEngine[Any]]] = {
    "qualification_title_nl": sa.String,
    "qualification_title_en": sa.String,
    "vks_level": sa.Integer,
    "partners": sa.String,
    "awards": sa.String,
}
COMPETENCE_COLUMNS: dict[str, type[sa.types.TypeEngine[Any]]] = {
    "title": sa.String,
    "workplace_required": sa.Boolean,
}


def _recreate() -> Literal["auto", "always"]:
    # SQLite adds a NOT NULL column without a default only by rebuilding the (empty) table.
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    empty_view(VIEW, TABLES)
    with op.batch_alter_table("rm_trajectory", recreate=_recreate()) as batch:
        for name, kind in TRAJECTORY_COLUMNS.items():
            batch.add_column(sa.Column(name, kind(), nullable=False))
    with op.batch_alter_table("rm_trajectory_competence", recreate=_recreate()) as batch:
        for name, kind in COMPETENCE_COLUMNS.items():
            batch.add_column(sa.Column(name, kind(), nullable=False))


def downgrade() -> None:
    empty_view(VIEW, TABLES)
    with op.batch_alter_table("rm_trajectory_competence") as batch:
        for name in COMPETENCE_COLUMNS:
            batch.drop_column(name)
    with op.batch_alter_table("rm_trajectory") as batch:
        for name in TRAJECTORY_COLUMNS:
            batch.drop_column(name)
