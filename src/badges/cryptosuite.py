"""The ``eddsa-rdfc-2022`` cryptosuite (W3C VC Data Integrity EdDSA, §3.3).

Four small steps, as the spec names them: transformation (RDFC-1.0 canonical form),
proof configuration, hashing (SHA-256 of proof config ‖ SHA-256 of document) and
serialisation (Ed25519). No key storage and no I/O here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from badges.canonical import canonize
from badges.loader import PinnedLoader

NAME = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"


def transform(document: Mapping[str, Any], loader: PinnedLoader | None = None) -> str:
    """Canonical N-Quads of the unsecured document (proof removed)."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    return canonize(unsecured, loader)


def proof_configuration(
    document: Mapping[str, Any], proof: Mapping[str, Any], loader: PinnedLoader | None = None
) -> str:
    """Canonical N-Quads of the proof options, read with the document's context (§3.3.5)."""
    config = {key: value for key, value in proof.items() if key != "proofValue"}
    config["@context"] = document.get("@context")
    return canonize(config, loader)


def hash_data(canonical_document: str, canonical_proof_config: str) -> bytes:
    """The bytes that are signed: SHA-256(proof config) ‖ SHA-256(document) (§3.3.4)."""
    proof_hash = hashlib.sha256(canonical_proof_config.encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonical_document.encode("utf-8")).digest()
    return proof_hash + document_hash
