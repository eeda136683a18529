"""A wallet's key proof (OID4VCI 1.0 ``jwt`` proof type) binds the copy to the holder's
DID; and the copy made for that holder keeps everything but the subject's identity."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from badge_builders import NOW, a_holder, a_jwk_holder, a_signed_credential, issuer_key

from badges import (
    KEY_PROOF_TYPE,
    KeyPair,
    KeyProofError,
    Recipient,
    add_proof,
    copy_for_holder,
    verify_credential,
    verify_key_proof,
)
from badges.vcjwt import encode_jws

ISSUER = "https://leerspoor.example"


def a_proof(holder: KeyPair, **claims: Any) -> str:
    header = {"typ": KEY_PROOF_TYPE, "alg": "EdDSA", "kid": holder.verification_method}
    header |= claims.pop("header", {})
    payload = {"aud": ISSUER, "iat": int(NOW.timestamp()), "nonce": "n-1", **claims}
    return encode_jws(header, {k: v for k, v in payload.items() if v is not None}, holder)


@pytest.mark.parametrize("holder", [a_holder(), a_jwk_holder()], ids=["did:key", "did:jwk"])
def test_a_key_proof_names_the_holders_did(holder: KeyPair) -> None:
    proof = verify_key_proof(a_proof(holder), audience=ISSUER, now=NOW)
    assert proof.holder == holder.verification_method.split("#")[0]
    assert proof.nonce == "n-1"


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"aud": "https://elders.example"}, "aud"),
        ({"iat": int((NOW - timedelta(minutes=6)).timestamp())}, "stale"),
        ({"iat": int((NOW + timedelta(minutes=5)).timestamp())}, "future"),
        ({"iat": None}, "iat"),
        ({"header": {"typ": "JWT"}}, "typ"),
        ({"header": {"kid": "did:web:wallet.example#key-1"}}, "did:key or did:jwk"),
        ({"header": {"jwk": {"kty": "OKP"}}}, "not jwk"),
    ],
    ids=["other-audience", "stale", "future", "no-iat", "untyped", "did-web", "jwk-header"],
)
def test_a_key_proof_that_does_not_hold_is_refused(claims: dict[str, Any], reason: str) -> None:
    with pytest.raises(KeyProofError, match=reason) as refused:
        verify_key_proof(a_proof(a_holder(), **claims), audience=ISSUER, now=NOW)
    assert refused.value.code == "invalid_proof"


def test_a_key_proof_signed_by_another_key_is_refused() -> None:
    holder, thief = a_holder(), a_holder(seed=77)
    forged = a_proof(thief.bound_to(holder.verification_method))
    with pytest.raises(KeyProofError, match="proof_invalid_signature"):
        verify_key_proof(forged, audience=ISSUER, now=NOW)


def test_the_copy_for_a_holder_verifies_and_names_the_holder() -> None:
    original = a_signed_credential(recipient=Recipient.hashed("learner-7f3a", "zout"))
    holder = a_holder()
    did = holder.verification_method.split("#")[0]
    unsigned = copy_for_holder(original, holder=did, copy_id="urn:uuid:copy-1")
    signed = add_proof(unsigned, issuer_key(), created=NOW)
    assert signed["id"] == "urn:uuid:copy-1"
    assert signed["credentialSubject"]["id"] == did
    assert "identifier" not in signed["credentialSubject"]
    assert signed["credentialStatus"] == original["credentialStatus"]
    achievement = original["credentialSubject"]["achievement"]
    assert signed["credentialSubject"]["achievement"] == achievement
    assert verify_credential(signed, now=NOW, recipient=did).verified
