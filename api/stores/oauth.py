"""OAuth 2.0 for the Open Badges API (host role), as the specification asks: dynamic client
registration (RFC 7591), the authorization-code grant with PKCE (RFC 7636, S256 only) and
refresh tokens. Codes, refresh tokens and access tokens are stored here, hashed; an access
token authenticates as its learner with the granted scopes and its client's id, so the API
holds it to those scopes and the pages never take it (their sign-in uses ``TokenStore``).
Hand-written because no maintained library fits this FastAPI + SQLAlchemy Core setup without
bringing its own user and client models."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Column, DateTime, String, Table, Text, delete, select, update

from api.stores.schema import SQLStore, metadata, sha256
from api.stores.tokens import Principal
from ledger import Actor, Role

clients_table = Table(
    "api_oauth_clients",
    metadata,
    Column("client_id", String(64), primary_key=True),
    Column("secret_sha256", String(64), nullable=False),
    Column("metadata", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
grants_table = Table(
    "api_oauth_grants",
    metadata,
    Column("secret_sha256", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),  # a key of LIFETIMES, or USED_CODE
    Column("client_id", String(64), nullable=False),
    Column("learner_id", String(36), nullable=False),
    Column("scope", String(1000), nullable=False),
    Column("redirect_uri", String(2000), nullable=False),
    Column("code_challenge", String(128), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
CODE_LIFETIME = timedelta(minutes=5)
REFRESH_LIFETIME = timedelta(days=30)
ACCESS_LIFETIME = timedelta(hours=1)
# A redeemed code stays (as "used-code") until it expires, so that a replay is recognised.
LIFETIMES = {
    "code": CODE_LIFETIME,
    "refresh": REFRESH_LIFETIME,
    "access": ACCESS_LIFETIME,
}
USED_CODE = "used-code"


class OAuthError(Exception):
    """An OAuth error response (RFC 6749 §5.2): ``error`` is the specification's code."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


@dataclass(frozen=True)
class Client:
    client_id: str
    redirect_uris: tuple[str, ...]
    scope: frozenset[str]
    name: str


@dataclass(frozen=True)
class Grant:
    client_id: str
    learner_id: str
    scope: frozenset[str]
    redirect_uri: str
    code_challenge: str


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of a verifier (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class OAuthStore(SQLStore):
    def register(self, name: str, redirect_uris: list[str], scope: set[str]) -> tuple[str, str]:
        client_id, secret = secrets.token_urlsafe(16), secrets.token_urlsafe(32)
        document = {"client_name": name, "redirect_uris": redirect_uris, "scope": sorted(scope)}
        with self.engine.begin() as conn:
            conn.execute(
                clients_table.insert().values(
                    client_id=client_id,
                    secret_sha256=sha256(secret),
                    metadata=json.dumps(document),
                    created_at=self.clock(),
                )
            )
        return client_id, secret

    def client(self, client_id: str, secret: str | None = None) -> Client:
        """The client; with ``secret`` also authenticates it. Raises OAuthError."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(clients_table).where(clients_table.c.client_id == client_id)
            ).first()
        if row is None or (secret is not None and row.secret_sha256 != sha256(secret)):
            raise OAuthError("invalid_client", "unknown client or wrong secret", 401)
        document = json.loads(row.metadata)
        return Client(
            client_id,
            tuple(document["redirect_uris"]),
            frozenset(document["scope"]),
            document["client_name"],
        )

    def issue(self, kind: str, grant: Grant) -> str:
        """A new code, refresh token or access token for ``grant``; only its hash is kept."""
        secret = secrets.token_urlsafe(32)
        lifetime = LIFETIMES[kind]
        with self.engine.begin() as conn:
            conn.execute(
                grants_table.insert().values(
                    secret_sha256=sha256(secret),
                    kind=kind,
                    client_id=grant.client_id,
                    learner_id=grant.learner_id,
                    scope=" ".join(sorted(grant.scope)),
                    redirect_uri=grant.redirect_uri,
                    code_challenge=grant.code_challenge,
                    expires_at=self.clock() + lifetime,
                )
            )
        return secret

    def authenticate(self, secret: str) -> Principal | None:
        """The principal of a live access token: its learner, limited to the granted scopes,
        with the client's id; None for anything else."""
        row = self.live_row(
            select(grants_table).where(
                grants_table.c.secret_sha256 == sha256(secret), grants_table.c.kind == "access"
            )
        )
        if row is None:
            return None
        actor = Actor(id=row.learner_id, role=Role.LEARNER, organisation_id=None)
        token_id = f"oauth-{row.secret_sha256[:12]}"
        return Principal(token_id, actor, frozenset(row.scope.split()), client_id=row.client_id)

    def redeem(
        self,
        kind: str,
        secret: str,
        client_id: str,
        check: Callable[[Grant], None] | None = None,
    ) -> Grant:
        """Takes a code or refresh token once; raises OAuthError ``invalid_grant``.

        Nothing is used up unless the secret was issued to ``client_id`` (already
        authenticated), is live and passes ``check`` (redirect URI, PKCE): another client,
        or a wrong verifier, cannot burn the right client's code. A code presented again
        by its own client after it was redeemed revokes every token that client holds for
        that learner (RFC 6749 §4.1.2: the code may have been stolen)."""
        key = grants_table.c.secret_sha256 == sha256(secret)
        row = self.live_row(select(grants_table).where(key))
        refused = OAuthError("invalid_grant", f"the {kind} is unknown, used or expired")
        if row is None or row.client_id != client_id:
            raise refused
        if kind == "code" and row.kind == USED_CODE:
            self.revoke_client_tokens(client_id, row.learner_id)
            raise refused
        if row.kind != kind:
            raise refused
        grant = Grant(
            row.client_id,
            row.learner_id,
            frozenset(row.scope.split()),
            row.redirect_uri,
            row.code_challenge,
        )
        if check is not None:
            check(grant)
        with self.engine.begin() as conn:
            # Conditional, so of two concurrent redemptions exactly one wins.
            live = key & (grants_table.c.kind == kind)
            if kind == "code":
                taken = conn.execute(update(grants_table).where(live).values(kind=USED_CODE))
            else:
                taken = conn.execute(delete(grants_table).where(live))
        if taken.rowcount != 1:
            raise refused
        return grant

    def revoke_client_tokens(self, client_id: str, learner_id: str) -> int:
        """Deletes every access and refresh token ``client_id`` holds for ``learner_id``."""
        with self.engine.begin() as conn:
            result = conn.execute(
                delete(grants_table).where(
                    grants_table.c.client_id == client_id,
                    grants_table.c.learner_id == learner_id,
                    grants_table.c.kind.in_(("access", "refresh")),
                )
            )
        return int(result.rowcount)
