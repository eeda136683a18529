"""The API's own stores beside the ledger: tokens, share links, OAuth grants, hosted
credentials, the issuers an administrator trusts, the access log, learners' data keys
(tables under Alembic, ``schema``) and the ledger's signing key (a sealed key file). Built
by ``api.bootstrap``; routers never build them. Imports ``ledger``, ``badges`` and
``projections`` through their faces, no router."""

from __future__ import annotations

import dataclasses

from api.stores.access_log import AccessLog
from api.stores.data_keys import SQLDataKeys
from api.stores.hosted import HostedCredentials
from api.stores.ledger_key import LedgerKey
from api.stores.oauth import ACCESS_LIFETIME, Grant, OAuthError, OAuthStore, s256
from api.stores.presentation_requests import PresentationRequest, PresentationRequestStore
from api.stores.schema import metadata, upgrade_stores
from api.stores.shares import Share, ShareStore
from api.stores.tokens import (
    OB_SCOPES,
    IssuedToken,
    Principal,
    TokenError,
    TokenInfo,
    TokenStore,
)
from api.stores.trusted_issuers import (
    TrustedIssuer,
    TrustedIssuerError,
    TrustedIssuerStore,
)
from api.stores.wallet_issuance import (
    CreatedOffer,
    IssuanceError,
    IssuanceGrant,
    Offer,
    WalletIssuanceStore,
)


@dataclasses.dataclass(frozen=True)
class Stores:
    """The stores one process serves the API from, on one engine."""

    tokens: TokenStore
    shares: ShareStore
    access_log: AccessLog
    hosted: HostedCredentials
    oauth: OAuthStore
    trusted_issuers: TrustedIssuerStore


__all__ = [
    "ACCESS_LIFETIME",
    "OB_SCOPES",
    "AccessLog",
    "CreatedOffer",
    "Grant",
    "HostedCredentials",
    "IssuanceError",
    "IssuanceGrant",
    "IssuedToken",
    "LedgerKey",
    "OAuthError",
    "OAuthStore",
    "Offer",
    "PresentationRequest",
    "PresentationRequestStore",
    "Principal",
    "SQLDataKeys",
    "Share",
    "ShareStore",
    "Stores",
    "TokenError",
    "TokenInfo",
    "TokenStore",
    "TrustedIssuer",
    "TrustedIssuerError",
    "TrustedIssuerStore",
    "WalletIssuanceStore",
    "metadata",
    "s256",
    "upgrade_stores",
]
