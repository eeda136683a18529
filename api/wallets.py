"""What the learner's own wallet and an employer's verifier need beside the ledger: the
OpenID4VCI issuer's stores and the component that signs copies, the OpenID4VP requests,
and the document sources for verifying issuers that are not ours.

Built once by the composition root (``api.bootstrap.Components.wallets``). Verification
resolves an issuer's keys from our own DID documents first, then the trust folder
(``LEERSPOOR_TRUST_DIR``), then, when ``LEERSPOOR_RESOLVER_ENABLED``, online through
``badges.OnlineResolver`` with its SSRF guard (``ForeignIssuers``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from api.services import Services, Trust
from api.settings import Settings
from api.stores import PresentationRequestStore, WalletIssuanceStore
from badges import (
    DocumentSource,
    OnlineResolver,
    ResolverSettings,
    TrustDirectory,
    TrustPolicy,
    first_of,
)
from projections import BadgeCopies


class ChainedDocuments(Mapping[str, Mapping[str, Any]]):
    """Our own DID documents as a mapping (what the did.json routes serve), whose lookups
    fall through to the other sources: ``get`` asks ours, then each source in turn. A
    source that refuses (the online resolver's SSRF guard) raises its reason, which the
    verifier reports as ``did_unresolvable``."""

    def __init__(self, own: Mapping[str, Mapping[str, Any]], *others: DocumentSource) -> None:
        self.own = own
        self.others = first_of(*others)

    def __getitem__(self, identifier: str) -> Mapping[str, Any]:
        found = self.own.get(identifier)
        if found is None:
            found = self.others(identifier)
        if found is None:
            raise KeyError(identifier)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.own)

    def __len__(self) -> int:
        return len(self.own)


class ForeignIssuers:
    """The sources for issuers that are not ours: a trust folder and the online resolver,
    each only when the settings ask for it."""

    def __init__(self, settings: Settings, resolver: OnlineResolver | None = None) -> None:
        self.folder = TrustDirectory.load(settings.trust_dir)
        self.online = resolver
        if resolver is None and settings.resolver_enabled:
            self.online = OnlineResolver(
                ResolverSettings(
                    allowed_networks=settings.resolver_allowed_networks,
                    max_bytes=settings.resolver_max_bytes,
                    timeout_s=settings.resolver_timeout_s,
                    max_redirects=settings.resolver_max_redirects,
                )
            )

    def status_list(self, url: str) -> Mapping[str, Any] | None:
        return self.folder.status_list(url)


class ResolvingTrust(Trust):
    """Our trust, with foreign issuers' documents and status lists behind ours."""

    def __init__(self, trust: Trust, foreign: ForeignIssuers) -> None:
        super().__init__(trust.factory, trust.issuance, trust.ledger, trust.trusted)
        self.foreign = foreign

    @property
    def did_documents(self) -> Mapping[str, Mapping[str, Any]]:
        foreign = self.foreign
        return ChainedDocuments(super().did_documents, foreign.folder.resolve, foreign.online)

    def status_lists(self, url: str) -> Mapping[str, Any] | None:
        return super().status_lists(url) or self.foreign.status_list(url)


class Wallets:
    """The OpenID4VCI issuer and OpenID4VP verifier parts of one process."""

    def __init__(self, settings: Settings, services: Services) -> None:
        engine = services.read_models.engine
        self.services = services
        self.base_url = settings.public_base_url.rstrip("/")
        self.issuance = WalletIssuanceStore(engine, settings.clock)
        self.presentations = PresentationRequestStore(engine, settings.clock)
        self.copies = BadgeCopies(services.ledger, services.factory, services.credentials)
        self.clock = settings.clock

    def trust_policy(self) -> TrustPolicy:
        """Who this server vouches for, read fresh: our own organisations and the issuers
        an administrator listed (the same policy ``/v1/verify`` uses)."""
        return self.services.trust.policy()
