"""Trust: who a verifier vouches for, and documents kept as files for offline checks.

``TrustPolicy`` is the verifier's own word on issuers (ours, and a list it trusts);
nothing a credential says about itself enters it. ``TrustDirectory``: the app writes
what it publishes (did:web documents, signed status lists) into a directory, and a
verifier without network reads them back, with controller documents for ``https://``
verification methods of foreign issuers. Files are JSON, named by a hash of the
document's id, so any id is a safe file name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from badges.errors import UnreadableInputError
from badges.result import IssuerTrust

MAX_FILE_BYTES = 2 * 1024 * 1024


def write_trust_document(directory: Path, document: Mapping[str, Any]) -> Path:
    """Store a DID document or status list credential under its id; returns the path."""
    identifier = str(document.get("id", ""))
    if not identifier:
        raise UnreadableInputError("a trust document needs an id")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{hashlib.sha256(identifier.encode()).hexdigest()[:32]}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


@dataclass(frozen=True)
class TrustPolicy:
    """The issuers a verifier vouches for, by DID or URL, each with the name it knows.

    ``own``: this server's issuers (its organisations); ``trusted``: a list kept by an
    administrator. Anything else is ``unknown``, whatever name it gives itself.
    """

    own: Mapping[str, str] = field(default_factory=dict)
    trusted: Mapping[str, str] = field(default_factory=dict)

    def classify(self, issuer: str) -> tuple[IssuerTrust, str | None]:
        """The trust in an issuer id and the name the policy gives it (None if unknown)."""
        if issuer in self.own:
            return IssuerTrust.THIS_SERVER, self.own[issuer]
        if issuer in self.trusted:
            return IssuerTrust.TRUSTED, self.trusted[issuer]
        return IssuerTrust.UNKNOWN, None


@dataclass(frozen=True)
class TrustDirectory:
    """Documents read from a trust directory, by id; unreadable files are skipped."""

    documents: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path | None) -> TrustDirectory:
        found: dict[str, Mapping[str, Any]] = {}
        if directory is None or not directory.is_dir():
            return cls(found)
        for path in sorted(directory.rglob("*.json")):
            if path.stat().st_size > MAX_FILE_BYTES:
                continue
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(document, dict) and isinstance(document.get("id"), str):
                found[document["id"]] = document
        return cls(found)

    def did_document(self, did: str) -> Mapping[str, Any] | None:
        return self.documents.get(did) if did.startswith("did:") else None

    def resolve(self, identifier: str) -> Mapping[str, Any] | None:
        """A DID document or an ``https://`` controller document by its id (a resolver)."""
        if not identifier.startswith(("did:", "https://")):
            return None
        document = self.documents.get(identifier)
        if document is None or "verificationMethod" not in document:
            return None
        return document

    def status_list(self, url: str) -> Mapping[str, Any] | None:
        document = self.documents.get(url)
        types = document.get("type") if document else None
        if isinstance(types, list) and "BitstringStatusListCredential" in types:
            return document
        return None
