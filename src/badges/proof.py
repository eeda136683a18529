"""Adding and checking ``DataIntegrityProof`` proofs made with ``eddsa-rdfc-2022``.

What a proof is for (purpose ``assertionMethod``) is checked by ``verify``; this
module only makes and checks the signature. The signer and the created date are
passed in, never taken from globals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badges import cryptosuite
from badges.errors import BadgeError, SigningError
from badges.keys import Signer, verify_ed25519
from badges.loader import PinnedLoader
from badges.timefmt import format_datetime

PURPOSE = "assertionMethod"


def add_proof(
    credential: Mapping[str, Any],
    signer: Signer,
    *,
    created: datetime,
    loader: PinnedLoader | None = None,
    purpose: str = PURPOSE,
    challenge: str | None = None,
    domain: str | None = None,
) -> dict[str, Any]:
    """Return a copy of ``credential`` with an ``eddsa-rdfc-2022`` proof.

    ``purpose``, ``challenge`` and ``domain`` are for presentations (a holder signs
    for ``authentication``, bound to the verifier's challenge and domain).

    Raises:
        SigningError: the credential already has a proof or no @context.
        DocumentError (and subclasses): it cannot be canonicalised safely.
    """
    if "proof" in credential:
        raise SigningError("credential already carries a proof")
    if "@context" not in credential:
        raise SigningError("credential has no @context")
    proof: dict[str, Any] = {
        "type": cryptosuite.PROOF_TYPE,
        "cryptosuite": cryptosuite.NAME,
        "created": format_datetime(created),
        "verificationMethod": signer.verification_method,
        "proofPurpose": purpose,
    }
    if challenge is not None:
        proof["challenge"] = challenge
    if domain is not None:
        proof["domain"] = domain
    data = cryptosuite.hash_data(
        cryptosuite.transform(credential, loader),
        cryptosuite.proof_configuration(credential, proof, loader),
    )
    proof["proofValue"] = "z" + base58.b58encode(signer.sign(data)).decode("ascii")
    return {**credential, "proof": proof}


@dataclass(frozen=True)
class ProofOutcome:
    """Result of checking one proof: ``code`` is empty when it holds."""

    valid: bool
    code: str = ""
    detail: str = ""
    verification_method: str = ""
    created: str = ""


KeyLookup = Callable[[str], Ed25519PublicKey]


def check_proof(
    credential: Mapping[str, Any],
    lookup_key: KeyLookup,
    loader: PinnedLoader | None = None,
    purpose: str = PURPOSE,
) -> ProofOutcome:
    """Check the single ``eddsa-rdfc-2022`` proof of a document, made for ``purpose``.

    Never raises.
    """
    proof = credential.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        return ProofOutcome(False, "proof_missing", "no single proof object")
    shape = _check_shape(proof, purpose)
    if shape is not None:
        return shape
    method = proof["verificationMethod"]
    try:
        signature = base58.b58decode(proof["proofValue"][1:])
        key = lookup_key(method)
        unsecured = {k: v for k, v in credential.items() if k != "proof"}
        data = cryptosuite.hash_data(
            cryptosuite.transform(unsecured, loader),
            cryptosuite.proof_configuration(unsecured, proof, loader),
        )
    except BadgeError as error:
        return ProofOutcome(False, error.code, str(error), method)
    except ValueError as error:
        return ProofOutcome(False, "proof_malformed", str(error), method)
    if len(signature) != 64 or not verify_ed25519(key, signature, data):
        return ProofOutcome(False, "proof_invalid_signature", "signature does not match", method)
    return ProofOutcome(True, verification_method=method, created=str(proof.get("created", "")))


def _check_shape(proof: Mapping[str, Any], purpose: str) -> ProofOutcome | None:
    if proof.get("type") != cryptosuite.PROOF_TYPE or proof.get("cryptosuite") != cryptosuite.NAME:
        return ProofOutcome(False, "proof_unsupported", "not a DataIntegrityProof eddsa-rdfc-2022")
    if proof.get("proofPurpose") != purpose:
        return ProofOutcome(False, "proof_purpose", f"proof purpose is not {purpose}")
    value, method = proof.get("proofValue"), proof.get("verificationMethod")
    if not isinstance(value, str) or not value.startswith("z"):
        return ProofOutcome(False, "proof_malformed", "proofValue is not base58btc multibase")
    if not isinstance(method, str) or not method:
        return ProofOutcome(False, "proof_malformed", "verificationMethod missing")
    return None
