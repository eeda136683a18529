"""The OpenID4VCI issuer's short-lived state: credential offers with their pre-authorized
code and transaction code, the access tokens those codes buy, and the ``c_nonce`` values
key proofs must carry.

Every secret is kept as its SHA-256 only (pre-authorized codes, transaction codes, access
tokens, nonces), never in clear and never logged. A pre-authorized code is single use and
short-lived (``OFFER_LIFETIME``); a wrong transaction code counts against it and
``MAX_TX_ATTEMPTS`` wrong ones burn it (OID4VCI 1.0 §13.4.3); a nonce is taken once.
Redemptions are conditional updates, so of two concurrent ones exactly one wins.
Hand-written beside ``oauth`` for the same reason: no maintained library fits this store.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Column, DateTime, Integer, String, Table, Text, delete, select, update

from api.stores.oauth import OAuthError
from api.stores.schema import SQLStore, metadata, sha256, utc

OFFER_LIFETIME = timedelta(minutes=10)
TOKEN_LIFETIME = timedelta(minutes=10)
NONCE_LIFETIME = timedelta(minutes=5)
MAX_TX_ATTEMPTS = 3
TX_CODE_LENGTH = 6
SPENT = "the pre-authorized code is unknown, used, burnt or expired"

offers_table = Table(
    "api_vci_offers",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("learner_id", String(36), nullable=False, index=True),
    Column("badge_ids", Text, nullable=False),
    Column("code_sha256", String(64), nullable=False, unique=True),
    Column("tx_code_sha256", String(64), nullable=False),
    Column("failed_attempts", Integer, nullable=False),
    Column("state", String(16), nullable=False),  # open, redeemed, burned
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
tokens_table = Table(
    "api_vci_tokens",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("learner_id", String(36), nullable=False),
    Column("badge_ids", Text, nullable=False),
    Column("delivered", Text, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
nonces_table = Table(
    "api_vci_nonces",
    metadata,
    Column("nonce_sha256", String(64), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


class IssuanceError(OAuthError):
    """An OpenID4VCI error response, of the same form as OAuth's (its token endpoint is an
    OAuth one, §6.3): ``error`` is the specification's code."""


@dataclass(frozen=True)
class CreatedOffer:
    """A new offer: its id (in the ``credential_offer_uri``) and, once, its transaction
    code. Its pre-authorized code is minted when a wallet fetches the offer."""

    id: str
    tx_code: str
    expires_at: datetime


@dataclass(frozen=True)
class Offer:
    id: str
    learner_id: str
    badge_ids: tuple[str, ...]
    expires_at: datetime


@dataclass(frozen=True)
class IssuanceGrant:
    """What an access token may fetch: the learner's badges and what it already has."""

    token_sha256: str
    learner_id: str
    badge_ids: tuple[str, ...]
    delivered: frozenset[str]  # "<configuration id> <badge id>"


class WalletIssuanceStore(SQLStore):
    """Offers, access tokens and nonces of the OpenID4VCI issuer."""

    def create_offer(self, learner_id: str, badge_ids: list[str]) -> CreatedOffer:
        """An offer of ``badge_ids`` with a fresh pre-authorized code and numeric
        transaction code (shown to the learner, never stored in clear)."""
        offer_id, unrevealed = secrets.token_urlsafe(24), secrets.token_urlsafe(32)
        tx_code = "".join(secrets.choice("0123456789") for _ in range(TX_CODE_LENGTH))
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(
                offers_table.insert().values(
                    id=offer_id,
                    learner_id=learner_id,
                    badge_ids=json.dumps(badge_ids),
                    code_sha256=sha256(unrevealed),
                    tx_code_sha256=sha256(tx_code),
                    failed_attempts=0,
                    state="open",
                    created_at=now,
                    expires_at=now + OFFER_LIFETIME,
                )
            )
        return CreatedOffer(offer_id, tx_code, now + OFFER_LIFETIME)

    def fetch_offer(self, offer_id: str) -> tuple[Offer, str] | None:
        """A live, unredeemed offer by its id (what the ``credential_offer_uri`` serves),
        with a pre-authorized code minted now: only its hash is kept, and a later fetch
        mints another, so only the latest fetched code can be redeemed."""
        row = self.live_row(select(offers_table).where(offers_table.c.id == offer_id))
        if row is None or row.state != "open":
            return None
        code = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            minted = conn.execute(
                update(offers_table)
                .where(offers_table.c.id == offer_id, offers_table.c.state == "open")
                .values(code_sha256=sha256(code))
            )
        if minted.rowcount != 1:
            return None
        badge_ids = tuple(json.loads(row.badge_ids))
        return Offer(row.id, row.learner_id, badge_ids, utc(row.expires_at)), code

    def redeem(self, code: str, tx_code: str | None) -> tuple[str, list[str]]:
        """Takes a pre-authorized code once, with its transaction code, for a new access
        token: returns the token and the badges it covers. Raises IssuanceError ``invalid_request``
        (no transaction code) or ``invalid_grant`` (unknown, used, expired or burnt code;
        wrong transaction code, which counts toward burning it)."""
        key = offers_table.c.code_sha256 == sha256(code)
        row = self.live_row(select(offers_table).where(key))
        if row is None or row.state != "open":
            raise IssuanceError("invalid_grant", SPENT)
        if not tx_code:
            raise IssuanceError(
                "invalid_request", "this offer needs its transaction code (tx_code)"
            )
        if not hmac.compare_digest(row.tx_code_sha256, sha256(tx_code)):
            self._count_failure(row.id, row.failed_attempts)
            raise IssuanceError("invalid_grant", "the transaction code is wrong")
        with self.engine.begin() as conn:
            live = (offers_table.c.id == row.id) & (offers_table.c.state == "open")
            taken = conn.execute(update(offers_table).where(live).values(state="redeemed"))
        if taken.rowcount != 1:
            raise IssuanceError("invalid_grant", SPENT)
        badge_ids: list[str] = json.loads(row.badge_ids)
        return self.issue_token(row.learner_id, badge_ids), badge_ids

    def _count_failure(self, offer_id: str, failed: int) -> None:
        state = "burned" if failed + 1 >= MAX_TX_ATTEMPTS else "open"
        with self.engine.begin() as conn:
            conn.execute(
                update(offers_table)
                .where(offers_table.c.id == offer_id, offers_table.c.state == "open")
                .values(failed_attempts=failed + 1, state=state)
            )

    def issue_token(self, learner_id: str, badge_ids: list[str]) -> str:
        """A new access token for the credential endpoint."""
        token = secrets.token_urlsafe(32)
        self._insert_token(token, learner_id, badge_ids, self.clock() + TOKEN_LIFETIME)
        return token

    def adopt_token(
        self, token: str, learner_id: str, badge_ids: list[str], expires_at: datetime
    ) -> IssuanceGrant:
        """The grant of an OAuth access token (authorization code flow) on first use,
        covering ``badge_ids``; later uses find the same grant."""
        found = self.grant(token)
        if found is not None:
            return found
        self._insert_token(token, learner_id, badge_ids, expires_at)
        return IssuanceGrant(sha256(token), learner_id, tuple(badge_ids), frozenset())

    def _insert_token(
        self, token: str, learner_id: str, badge_ids: list[str], expires_at: datetime
    ) -> None:
        """Keeps an access token's grant (by the token's hash), nothing delivered yet."""
        with self.engine.begin() as conn:
            conn.execute(
                tokens_table.insert().values(
                    token_sha256=sha256(token),
                    learner_id=learner_id,
                    badge_ids=json.dumps(badge_ids),
                    delivered="[]",
                    expires_at=expires_at,
                )
            )

    def grant(self, token: str) -> IssuanceGrant | None:
        """The live grant of an access token, or None."""
        row = self.live_row(
            select(tokens_table).where(tokens_table.c.token_sha256 == sha256(token))
        )
        if row is None:
            return None
        return IssuanceGrant(
            row.token_sha256,
            row.learner_id,
            tuple(json.loads(row.badge_ids)),
            frozenset(json.loads(row.delivered)),
        )

    def mark_delivered(self, token_sha256: str, entry: str) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(
                select(tokens_table.c.delivered).where(tokens_table.c.token_sha256 == token_sha256)
            ).first()
            delivered = sorted({*json.loads(row.delivered if row else "[]"), entry})
            conn.execute(
                update(tokens_table)
                .where(tokens_table.c.token_sha256 == token_sha256)
                .values(delivered=json.dumps(delivered))
            )

    def new_nonce(self) -> str:
        nonce = secrets.token_urlsafe(24)
        with self.engine.begin() as conn:
            conn.execute(delete(nonces_table).where(nonces_table.c.expires_at <= self.clock()))
            conn.execute(
                nonces_table.insert().values(
                    nonce_sha256=sha256(nonce), expires_at=self.clock() + NONCE_LIFETIME
                )
            )
        return nonce

    def take_nonce(self, nonce: str) -> bool:
        """Uses a nonce up: True once for a live nonce this issuer handed out."""
        key = nonces_table.c.nonce_sha256 == sha256(nonce)
        with self.engine.begin() as conn:
            row = conn.execute(select(nonces_table).where(key)).first()
            if row is None:
                return False
            taken = conn.execute(delete(nonces_table).where(key))
        return taken.rowcount == 1 and utc(row.expires_at) > self.clock()
