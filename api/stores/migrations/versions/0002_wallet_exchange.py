"""OpenID4VCI offers, access tokens and nonces; OpenID4VP presentation requests"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision, down_revision = "api0002_wallet", "api0001"
branch_labels = depends_on = None


def _moment(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Creates the tables that are missing (a database ``create_all`` made may have them)."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, columns in TABLES.items():
        if name not in existing:
            op.create_table(name, *columns)


TABLES: dict[str, list[sa.schema.SchemaItem]] = {
    "api_vci_offers": [
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("learner_id", sa.String(36), nullable=False, index=True),
        sa.Column("badge_ids", sa.Text, nullable=False),
        sa.Column("code_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("tx_code_sha256", sa.String(64), nullable=False),
        sa.Column("failed_attempts", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        _moment("created_at"),
        _moment("expires_at"),
    ],
    "api_vci_tokens": [
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("learner_id", sa.String(36), nullable=False),
        sa.Column("badge_ids", sa.Text, nullable=False),
        sa.Column("delivered", sa.Text, nullable=False),
        _moment("expires_at"),
    ],
    "api_vci_nonces": [
        sa.Column("nonce_sha256", sa.String(64), primary_key=True),
        _moment("expires_at"),
    ],
    "api_vp_requests": [
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("transaction_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("result", sa.Text, nullable=True),
        _moment("created_at"),
        _moment("expires_at"),
    ],
}


def downgrade() -> None:
    for name in ("api_vp_requests", "api_vci_nonces", "api_vci_tokens", "api_vci_offers"):
        op.drop_table(name)
