"""The ledger's own Ed25519 key, which signs the integrity checkpoints: kept in a keystore
of its own (``<keys dir>/ledger``, sealed at rest like the issuers' keys, never listed as an
issuer) and published as ``did:web:<host>:ledger`` at ``/ledger/did.json``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from badges import KeyNotFoundError, Keystore, Signer, did_web

ORGANISATION = "ledger"


class LedgerKey:
    def __init__(
        self, keys_dir: Path, secret: str, base_url: str, clock: Callable[[], datetime]
    ) -> None:
        self.keystore = Keystore(Path(keys_dir) / ORGANISATION, secret)
        self.did = did_web(urlsplit(base_url).netloc, ORGANISATION)
        self.clock = clock
        self._signer: Signer | None = None

    def signer(self) -> Signer:
        """The active key (created on first use), unsealed once per process."""
        if self._signer is None:
            try:
                self.keystore.active(ORGANISATION)
            except KeyNotFoundError:
                self.keystore.create(ORGANISATION, now=self.clock(), web_did=self.did)
            self._signer = self.keystore.signer(ORGANISATION)
        return self._signer

    def public_keys(self) -> dict[str, str]:
        """Every key that ever signed a checkpoint: key id → public key multibase."""
        if ORGANISATION not in self.keystore.organisations():
            return {}
        return {r.method_id: r.public_multibase for r in self.keystore.records(ORGANISATION)}

    def did_document(self) -> dict[str, Any] | None:
        if ORGANISATION not in self.keystore.organisations():
            return None
        documents = self.keystore.did_documents(ORGANISATION)
        return next(iter(documents.values()), None)
