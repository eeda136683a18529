"""The holder's side of issuing to a wallet (OpenID for Verifiable Credential Issuance 1.0):
checking a wallet's key proof (``jwt`` proof type, Appendix F.1 and F.4) and making the
unsigned copy of a credential bound to the holder it proves.

A key proof is a JWS typed ``openid4vci-proof+jwt``, signed with EdDSA by a key named by
``kid``, a DID URL of a ``did:key`` or ``did:jwk`` (both resolve from the identifier
itself, so nothing is fetched); its claims name the credential issuer (``aud``), when it
was made (``iat``) and the issuer's ``c_nonce``. Whether a nonce is fresh is the caller's
store's to say: this module only reads it. Imports nothing from the rest of the project.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from badges.errors import DocumentError, KeyProofError
from badges.vcjwt import parse_jws, verify_jws
from badges.verify import KeyResolver

KEY_PROOF_TYPE = "openid4vci-proof+jwt"
HOLDER_DID_METHODS = ("did:key", "did:jwk")
# iat may lie a little in the future (clock skew, OID4VCI §13.6); older proofs are stale.
CLOCK_SKEW = timedelta(seconds=60)
MAX_PROOF_AGE = timedelta(minutes=5)


@dataclass(frozen=True)
class KeyProof:
    """A verified key proof: the holder's DID, the key that signed, and the nonce it
    carries (None when absent: the caller refuses that when it hands out nonces)."""

    holder: str
    verification_method: str
    nonce: str | None
    issued_at: datetime


def verify_key_proof(
    token: str,
    *,
    audience: str,
    now: datetime,
    max_age: timedelta = MAX_PROOF_AGE,
) -> KeyProof:
    """Check a ``jwt`` key proof for the credential issuer ``audience`` at ``now``.

    Raises:
        KeyProofError: any check fails; the message says which.
    """
    try:
        jws = parse_jws(token)
    except DocumentError as error:
        raise KeyProofError(f"not a compact JWS: {error}") from None
    header = jws.header
    if header.get("typ") != KEY_PROOF_TYPE:
        raise KeyProofError(f"typ must be {KEY_PROOF_TYPE}")
    if "jwk" in header or "x5c" in header:
        raise KeyProofError("bind the key by kid (a did:key or did:jwk DID URL), not jwk or x5c")
    kid = header.get("kid")
    method = kid if isinstance(kid, str) else ""
    holder = method.split("#", 1)[0]
    if not holder.startswith(tuple(f"{m}:" for m in HOLDER_DID_METHODS)) or "#" not in method:
        raise KeyProofError("kid must be a DID URL of a did:key or did:jwk")
    outcome = verify_jws(jws, KeyResolver(None))
    if not outcome.valid:
        raise KeyProofError(f"signature: {outcome.code} {outcome.detail}".strip())
    claims = jws.payload if isinstance(jws.payload, Mapping) else {}
    if claims.get("aud") != audience:
        raise KeyProofError(f"aud must be the credential issuer {audience}")
    issued_at = _issued_at(claims, now, max_age)
    nonce = claims.get("nonce")
    if nonce is not None and not isinstance(nonce, str):
        raise KeyProofError("nonce must be a string")
    return KeyProof(holder, method, nonce, issued_at)


def _issued_at(claims: Mapping[str, Any], now: datetime, max_age: timedelta) -> datetime:
    value = claims.get("iat")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise KeyProofError("iat missing or not a number")
    try:
        issued_at = datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise KeyProofError("iat out of range") from None
    if issued_at > now + CLOCK_SKEW:
        raise KeyProofError("iat lies in the future")
    if issued_at < now - max_age:
        raise KeyProofError("the proof is stale (iat too old)")
    return issued_at


def copy_for_holder(credential: Mapping[str, Any], *, holder: str, copy_id: str) -> dict[str, Any]:
    """An unsigned copy of a Data Integrity credential (or of a VC-JWT's payload, without
    its registered claims) under ``copy_id`` whose subject is ``holder``: the learner's
    salted identifier gives way to the holder's DID, everything else (achievement,
    evidence, status entry, dates) is kept, so the status list governs every copy.

    Raises:
        DocumentError: the credential has no credentialSubject object.
    """
    subject = credential.get("credentialSubject")
    if not isinstance(subject, Mapping):
        raise DocumentError("a credential to copy needs one credentialSubject object")
    copy = {k: v for k, v in credential.items() if k != "proof"}
    bound = {k: v for k, v in subject.items() if k != "identifier"}
    copy["id"] = copy_id
    copy["credentialSubject"] = {"id": holder, **{k: v for k, v in bound.items() if k != "id"}}
    return copy
