"""VC-JWT: the second proof format."""

from __future__ import annotations

import base64
import json

from badge_builders import NOW, a_request, issuer_key

from badges import CheckName, ProofFormat, build_credential, encode_jwt, issue_credential
from badges import verify_credential as verify


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
