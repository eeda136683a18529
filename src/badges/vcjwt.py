"""VC-JWT, the second proof format (Open Badges 3.0 §8.2 "JSON Web Token Proof Format").

The JWT payload is the credential itself with the registered claims ``iss``, ``jti``,
``nbf``, ``exp`` and ``sub`` mapped from it; the JOSE header names the key in ``kid``.
Verification uses PyJWT. Signing assembles the compact JWS here (three base64url parts)
so that the key stays behind ``Signer`` instead of being handed to PyJWT.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

import jwt

from badges.errors import BadgeError, SigningError, UnreadableInputError
from badges.keys import Signer
from badges.proof import KeyLookup, ProofOutcome
from badges.timefmt import parse_datetime

REGISTERED = ("iss", "jti", "nbf", "exp", "sub", "iat", "aud")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _claims(credential: Mapping[str, Any]) -> dict[str, Any]:
    issuer = credential.get("issuer")
    claims: dict[str, Any] = {
        "iss": issuer.get("id") if isinstance(issuer, Mapping) else issuer,
        "jti": credential.get("id"),
    }
    valid_from = parse_datetime(credential.get("validFrom"))
    if valid_from is None:
        raise SigningError("validFrom missing or not a dateTime with timezone")
    claims["nbf"] = int(valid_from.timestamp())
    valid_until = parse_datetime(credential.get("validUntil"))
    if valid_until is not None:
        claims["exp"] = int(valid_until.timestamp())
    subject = credential.get("credentialSubject")
    if isinstance(subject, Mapping) and isinstance(subject.get("id"), str):
        claims["sub"] = subject["id"]
    return claims


def encode_jwt(credential: Mapping[str, Any], signer: Signer) -> str:
    """Sign a credential as a compact VC-JWT (EdDSA).

    Raises:
        SigningError: the credential already has a proof or lacks validFrom.
    """
    if "proof" in credential:
        raise SigningError("a VC-JWT secures an unsigned credential")
    header = {"alg": "EdDSA", "typ": "JWT", "kid": signer.verification_method}
    payload = {**credential, **_claims(credential)}
    signing_input = ".".join(
        _b64(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        for part in (header, payload)
    )
    signature = signer.sign(signing_input.encode("ascii"))
    return f"{signing_input}.{_b64(signature)}"


def looks_like_jwt(text: str) -> bool:
    parts = text.strip().split(".")
    return len(parts) == 3 and all(parts[:2])


def unverified_credential(token: str) -> dict[str, Any]:
    """The credential inside a VC-JWT, without checking the signature.

    Raises:
        UnreadableInputError: the token cannot be decoded.
    """
    try:
        payload = jwt.decode(token.strip(), options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise UnreadableInputError(f"malformed VC-JWT: {error}") from error
    return {key: value for key, value in payload.items() if key not in REGISTERED}


def _header(token: str) -> dict[str, Any]:
    """The JOSE header, read by hand only to pick the key; PyJWT then checks everything."""
    segment = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except ValueError as error:
        raise UnreadableInputError(f"malformed JOSE header: {error}") from error
    if not isinstance(header, dict):
        raise UnreadableInputError("JOSE header is not an object")
    return header


def check_jwt(token: str, lookup_key: KeyLookup) -> tuple[ProofOutcome, dict[str, Any] | None]:
    """Check a VC-JWT; returns the outcome and the credential (None when unreadable).

    The signature is verified by PyJWT in one pass; the claims must agree with the
    credential (OB 3.0 §8.2.4). Never raises.
    """
    token = token.strip()
    try:
        header = _header(token)
    except UnreadableInputError as error:
        return ProofOutcome(False, "jwt_malformed", str(error)), None
    method = header.get("kid")
    if header.get("alg") != "EdDSA" or not isinstance(method, str):
        return ProofOutcome(False, "proof_unsupported", "alg must be EdDSA with a kid"), _quiet(
            token
        )
    try:
        key = lookup_key(method)
        decoded = jwt.api_jws.PyJWS().decode_complete(token, key=key, algorithms=["EdDSA"])
        payload = json.loads(decoded["payload"])
    except BadgeError as error:
        return ProofOutcome(False, error.code, str(error), method), _quiet(token)
    except jwt.InvalidSignatureError:
        failed = ProofOutcome(False, "proof_invalid_signature", "JWS signature", method)
        return failed, _quiet(token)
    except (jwt.PyJWTError, ValueError) as error:
        return ProofOutcome(False, "jwt_malformed", str(error), method), _quiet(token)
    if not isinstance(payload, dict):
        return ProofOutcome(False, "jwt_malformed", "payload is not an object", method), None
    credential = {k: v for k, v in payload.items() if k not in REGISTERED}
    try:
        expected = _claims(credential)
    except SigningError as error:
        return ProofOutcome(False, "jwt_claims_mismatch", str(error), method), credential
    wrong = sorted(k for k, v in expected.items() if payload.get(k) != v)
    if wrong:
        return ProofOutcome(False, "jwt_claims_mismatch", ", ".join(wrong), method), credential
    created = str(credential.get("validFrom", ""))
    return ProofOutcome(True, verification_method=method, created=created), credential


def _quiet(token: str) -> dict[str, Any] | None:
    try:
        return unverified_credential(token)
    except UnreadableInputError:
        return None
