"""The composition root's long-lived parts beside the ledger: read models, the badge-issuing
process, issuer keys, tokens and share links. ``refresh`` brings the read models and the
issuing process up to the ledger's head after a command, in-process (the embedded default;
a separate worker may do the same, the tracking makes it exactly once either way)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from api.stores import LedgerKey, Stores, TrustedIssuerStore
from badges import TrustPolicy
from ledger import Ledger, NotFoundError
from projections import (
    ISSUANCE_BATCH,
    BadgeFactory,
    BadgeIssuance,
    CredentialView,
    LedgerIntegrity,
    ReadModels,
    SingleRunner,
    catch_up,
)

SINGLE_RUNNER_LOCK = "leerspoor.issuance"


class Trust:
    """What verification needs from us, without a network: our issuers' DID documents, our
    status lists (anything else is not resolvable and verifies as such) and who we vouch
    for: our own organisations, and the issuers an administrator listed."""

    def __init__(
        self,
        factory: BadgeFactory,
        issuance: BadgeIssuance,
        ledger: Ledger,
        trusted: TrustedIssuerStore,
    ) -> None:
        self.factory = factory
        self.issuance = issuance
        self.ledger = ledger
        self.trusted = trusted

    def own_issuers(self) -> dict[str, str]:
        """Our organisations' issuer DIDs with the names the ledger keeps for them (only
        organisations with keys can have issued anything)."""
        own = {}
        for organisation in self.factory.keystore.organisations():
            try:
                name = self.ledger.organisation(UUID(organisation)).name
            except (NotFoundError, ValueError):
                continue  # a key folder that is no organisation of this ledger
            own[self.factory.issuer_did(organisation)] = name
        return own

    def policy(self) -> TrustPolicy:
        """The verifier's own word on issuers, read fresh (an admin's change counts at once)."""
        return TrustPolicy(own=self.own_issuers(), trusted=self.trusted.names())

    @property
    def did_documents(self) -> Mapping[str, Mapping[str, Any]]:
        return self.factory.did_documents()

    def status_lists(self, url: str) -> Mapping[str, Any] | None:
        base = self.factory.base_url
        if not url.startswith(f"{base}/status/"):
            return None
        parts = urlsplit(url).path.strip("/").split("/")
        if len(parts) != 3 or parts[2] != "revocation":
            return None
        if parts[1] not in self.factory.keystore.organisations():
            return None
        return self.issuance.status_list(parts[1])


BACKGROUND_IDLE_SECONDS = 5.0
logger = logging.getLogger(__name__)


class Services:
    """The parts the HTTP API and the workers share, built by ``api.bootstrap``."""

    def __init__(
        self,
        *,
        ledger: Ledger,
        read_models: ReadModels,
        stores: Stores,
        issuance: BadgeIssuance,
        ledger_key: LedgerKey,
        integrity: LedgerIntegrity,
    ) -> None:
        self.ledger = ledger
        self.read_models = read_models
        self.tokens = stores.tokens
        self.shares = stores.shares
        self.access_log = stores.access_log
        self.hosted = stores.hosted
        self.oauth = stores.oauth
        self.trusted_issuers = stores.trusted_issuers
        self.issuance = issuance
        self.factory = issuance.factory
        self.trust = Trust(self.factory, issuance, ledger, stores.trusted_issuers)
        self.ledger_key = ledger_key
        self.integrity = integrity
        engine = read_models.engine
        self.lock = threading.RLock()
        # Issuance and checkpoint signing run in one process at a time (an advisory lock on
        # PostgreSQL); read models are caught up by every process (tracking refuses stale
        # batches).
        self.leader = SingleRunner(engine, SINGLE_RUNNER_LOCK)
        self._due = threading.Event()
        self._starting = threading.Lock()
        self._background: threading.Thread | None = None

    @property
    def credentials(self) -> CredentialView:
        return self.issuance.view

    def refresh_soon(self) -> None:
        """After a write: bring everything up to date in a background thread, so the writer
        does not wait for the read models, badges and hash tree. Every read of something
        derived calls :meth:`refresh` first (nearly free when nothing is new), so readers
        still see their own writes."""
        self._due.set()
        with self._starting:  # not ``self.lock``: a writer must never wait for a refresh
            if self._background is None or not self._background.is_alive():
                self._background = threading.Thread(
                    target=self._refresh_while_due, name="leerspoor-refresh", daemon=True
                )
                self._background.start()

    def _refresh_while_due(self) -> None:
        # Coalesces bursts of writes into one catch-up; ends after a quiet spell and is
        # started again by the next write.
        while self._due.wait(timeout=BACKGROUND_IDLE_SECONDS):
            self._due.clear()
            try:
                self.refresh()
            except Exception:  # the next read's own refresh raises it to a caller
                logger.exception("background refresh failed")

    def refresh(self) -> None:
        """Read models, then badges for what they show, then the views again so the new
        BadgeIssued events are in the wallet; last, every new event into the hash tree."""
        with self.lock:
            self.read_models.catch_up_all()
            with self.leader.hold() as leading:
                if not leading:
                    return  # another process issues and signs; it will see these events
                if catch_up([self.issuance], self.ledger, limit=ISSUANCE_BATCH):
                    self.read_models.catch_up_all()
                self.integrity.catch_up()
