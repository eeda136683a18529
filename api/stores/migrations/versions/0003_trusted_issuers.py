"""the issuers an administrator trusts (issue 15): id, the name shown, who added it, when"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "api0003", "api0002_wallet"
branch_labels = depends_on = None


def upgrade() -> None:
    # A database whose tables create_all made (tests, old processes) may have it already.
    if "api_trusted_issuers" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "api_trusted_issuers",
        sa.Column("issuer_id", sa.String(500), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("api_trusted_issuers")
