"""VC-JWT: the second proof format."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from badge_builders import NOW, a_request, a_web_issuer, issuer_key

from badges import (
    CheckName,
    Outcome,
    ProofFormat,
    Recipient,
    build_credential,
    encode_jwt,
    issue_credential,
)
from badges import verify_credential as verify
from badges.did import resolve_method
from badges.vcjwt import encode_jws


def _token() -> str:
    key = issuer_key()
    token = issue_credential(a_request(key), key, created=NOW, proof_format=ProofFormat.VC_JWT)
    assert isinstance(token, str)
    return token


def _part(token: str, index: int) -> dict[str, object]:
    raw = token.split(".")[index]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    return decoded


def test_jwt_header_is_eddsa_with_key_id() -> None:
    header = _part(_token(), 0)
    assert header["alg"] == "EdDSA"
    assert header["kid"] == issuer_key().verification_method


def test_jwt_payload_is_the_credential_with_registered_claims() -> None:
    payload = _part(_token(), 1)
    credential = build_credential(a_request(issuer_key()))
    assert payload["iss"] == credential["issuer"]["id"]
    assert payload["jti"] == credential["id"]
    assert isinstance(payload["nbf"], int)
    assert isinstance(payload["exp"], int)
    assert payload["credentialSubject"] == credential["credentialSubject"]


def test_signed_jwt_verifies() -> None:
    result = verify(_token(), now=NOW)
    assert result.format == "vc-jwt"
    assert result.check(CheckName.PROOF).code == "passed"
    assert result.check(CheckName.SCHEMA).code == "passed"


def test_jwt_with_changed_payload_fails() -> None:
    header, payload, signature = _token().split(".")
    claims = _part(_token(), 1)
    claims["name"] = "Chef-kok"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    result = verify(f"{header}.{forged}.{signature}", now=NOW)
    assert result.check(CheckName.PROOF).code == "proof_invalid_signature"


def test_unsigned_alg_none_jwt_is_refused() -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"none","kid":"x"}').decode().rstrip("=")
    payload = _token().split(".")[1]
    result = verify(f"{header}.{payload}.", now=NOW)
    assert not result.verified
    assert result.check(CheckName.PROOF).code in ("proof_unsupported", "jwt_malformed")


def test_jwt_claims_must_agree_with_credential() -> None:
    key = issuer_key()
    credential = build_credential(a_request(key))
    token = encode_jwt(credential, key)
    header, _payload, _signature = token.split(".")
    claims = _part(token, 1)
    claims["jti"] = "urn:uuid:other"
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    signing_input = f"{header}.{body}"
    signature = base64.urlsafe_b64encode(key.sign(signing_input.encode())).decode().rstrip("=")
    result = verify(f"{signing_input}.{signature}", now=NOW)
    assert result.check(CheckName.PROOF).code == "jwt_claims_mismatch"


def _signed(claims: dict[str, object], header: dict[str, object] | None = None) -> str:
    key = issuer_key()
    return encode_jws(header or {"alg": "EdDSA", "kid": key.verification_method}, claims, key)


def _payload(**changes: object) -> dict[str, object]:
    """The claims our encoder writes, with some changed (None removes a claim)."""
    claims = _part(_token(), 1)
    for name, value in changes.items():
        if value is None:
            claims.pop(name, None)
        else:
            claims[name] = value
    return claims


def test_past_exp_is_refused_even_without_valid_until() -> None:
    credential = build_credential(a_request(issuer_key(), valid_until=None))
    token = encode_jwt(credential, issuer_key())
    claims = {**_part(token, 1), "exp": int((NOW - timedelta(days=1)).timestamp())}
    result = verify(_signed(claims), now=NOW)
    assert not result.verified
    assert result.check(CheckName.PROOF).code == "passed"
    assert result.check(CheckName.VALIDITY).code == "expired"


def test_future_exp_without_valid_until_is_accepted() -> None:
    credential = build_credential(a_request(issuer_key(), valid_until=None))
    token = encode_jwt(credential, issuer_key())
    claims = {**_part(token, 1), "exp": int((NOW + timedelta(days=1)).timestamp())}
    result = verify(_signed(claims), now=NOW)
    assert result.check(CheckName.VALIDITY).code == "passed"


def test_sub_naming_someone_when_the_subject_has_no_id_is_refused() -> None:
    # our builder's recipient is a hashed identifier: the subject has no id
    result = verify(_signed(_payload(sub="did:example:someone-else")), now=NOW)
    assert result.check(CheckName.PROOF).code == "jwt_claims_mismatch"
    assert "sub" in result.check(CheckName.PROOF).reason_en


def test_sub_differing_from_the_subject_id_is_refused() -> None:
    credential = build_credential(a_request(issuer_key(), recipient=Recipient(did="did:example:a")))
    claims = {**_part(encode_jwt(credential, issuer_key()), 1), "sub": "did:example:b"}
    assert verify(_signed(claims), now=NOW).check(CheckName.PROOF).code == "jwt_claims_mismatch"


def test_missing_sub_for_a_subject_with_id_is_refused() -> None:
    credential = build_credential(a_request(issuer_key(), recipient=Recipient(did="did:example:a")))
    claims = _part(encode_jwt(credential, issuer_key()), 1)
    del claims["sub"]
    assert verify(_signed(claims), now=NOW).check(CheckName.PROOF).code == "jwt_claims_mismatch"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": None},
        {"iss": "did:key:z6MkOther"},
        {"jti": None},
        {"nbf": None},
        {"nbf": "2025-03-01"},
        {"nbf": True},
        {"exp": None},
        {"exp": 1},
        {"iat": "yesterday"},
    ],
)
def test_each_registered_claim_is_bound(changes: dict[str, object]) -> None:
    result = verify(_signed(_payload(**changes)), now=NOW)
    assert result.check(CheckName.PROOF).code == "jwt_claims_mismatch"


def test_jti_without_a_credential_id_is_refused() -> None:
    claims = _payload()
    del claims["id"]
    assert verify(_signed(claims), now=NOW).check(CheckName.PROOF).code == "jwt_claims_mismatch"


def test_all_claims_as_encoded_verify() -> None:
    result = verify(_signed(_payload()), now=NOW)
    assert result.check(CheckName.PROOF).code == "passed"
    assert result.check(CheckName.VALIDITY).code == "passed"


@pytest.mark.parametrize("bad", ["+", "/", "=", " ", "!"])
def test_signature_outside_the_base64url_alphabet_is_refused(bad: str) -> None:
    header, payload, signature = _token().split(".")
    result = verify(f"{header}.{payload}.{signature[:-2]}{bad}{signature[-1]}", now=NOW)
    assert result.check(CheckName.PROOF).code == "jwt_malformed"


def test_padded_or_split_tokens_are_refused() -> None:
    header, payload, signature = _token().split(".")
    assert not verify(f"{header}.{payload}.{signature}==", now=NOW).verified
    assert not verify(f"{header}.{payload}.{signature[:10]}.{signature[10:]}", now=NOW).verified
    assert verify(f"{header}=.{payload}.{signature}", now=NOW).check(CheckName.PROOF).outcome is (
        Outcome.SKIPPED
    )


def test_flipped_signature_bit_is_refused() -> None:
    header, payload, signature = _token().split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    raw[5] ^= 1
    flipped = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    result = verify(f"{header}.{payload}.{flipped}", now=NOW)
    assert result.check(CheckName.PROOF).code == "proof_invalid_signature"


def test_token_naming_another_key_is_refused() -> None:
    other = issuer_key(seed=9)
    header = {"alg": "EdDSA", "kid": other.verification_method}
    token = encode_jws(header, _payload(), issuer_key())
    assert verify(token, now=NOW).check(CheckName.PROOF).code == "proof_invalid_signature"


def test_unknown_critical_header_is_refused() -> None:
    key = issuer_key()
    header = {"alg": "EdDSA", "kid": key.verification_method, "crit": ["b64"], "b64": False}
    assert verify(_signed(_payload(), header), now=NOW).check(CheckName.PROOF).code == (
        "proof_unsupported"
    )


def test_did_key_resolution_is_memoised_and_did_web_is_not() -> None:
    method = issuer_key().verification_method
    assert resolve_method(method) is resolve_method(method)
    key, document = a_web_issuer()
    did = document["id"]
    first = resolve_method(key.verification_method, {did: document})
    rotated = {**document, "assertionMethod": []}
    again = resolve_method(key.verification_method, {did: rotated})
    assert first.assertion
    assert not again.assertion
