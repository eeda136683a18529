"""the API stores, as create_all made them

Before this revision the stores created their tables with ``metadata.create_all`` when a
process started; this revision creates only those that are missing, so a database made that
way upgrades in place and a new one gets the same tables.
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision, down_revision = "api0001", None
branch_labels = depends_on = None


def _moment(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


TABLES: dict[str, list[sa.schema.SchemaItem]] = {
    "api_tokens": [
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("secret_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("organisation_id", sa.String(36), nullable=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("scopes", sa.String(1000), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        _moment("created_at"),
        _moment("expires_at"),
        _moment("revoked_at", nullable=True),
    ],
    "api_shares": [
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("badge_id", sa.String(36), nullable=False, index=True),
        sa.Column("learner_id", sa.String(36), nullable=False, index=True),
        sa.Column("show_name", sa.Boolean, nullable=False),
        _moment("created_at"),
        _moment("expires_at"),
        _moment("revoked_at", nullable=True),
    ],
    "api_oauth_clients": [
        sa.Column("client_id", sa.String(64), primary_key=True),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("metadata", sa.Text, nullable=False),
        _moment("created_at"),
    ],
    "api_oauth_grants": [
        sa.Column("secret_sha256", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("learner_id", sa.String(36), nullable=False),
        sa.Column("scope", sa.String(1000), nullable=False),
        sa.Column("redirect_uri", sa.String(2000), nullable=False),
        sa.Column("code_challenge", sa.String(128), nullable=False),
        _moment("expires_at"),
    ],
    "api_hosted_credentials": [
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("credential_id", sa.String(500), primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
        _moment("updated_at"),
    ],
    "api_access_log": [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _moment("at"),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("organisation_id", sa.String(36), nullable=True),
        sa.Column("learner_id", sa.String(36), nullable=False, index=True),
        sa.Column("what", sa.String(300), nullable=False),
    ],
    "learner_data_keys": [
        sa.Column("subject", sa.String(36), primary_key=True),
        sa.Column("sealed_key", sa.LargeBinary, nullable=False),
        _moment("created_at"),
    ],
}


def upgrade() -> None:
    """Creates every table of the stores that does not exist yet (with the indexes its
    columns ask for)."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, columns in TABLES.items():
        if name not in existing:
            op.create_table(name, *columns)


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
