"""VC-JWT, the second proof format (Open Badges 3.0 §8.2 "JSON Web Token Proof Format").

The JWT payload is the credential itself (no ``vc`` wrapper) with the registered claims
mapped from it as OB 3.0 §8.2 and the VC-JWT rules of VC Data Model 1.1 §6.3.1 say:
``iss`` = ``issuer.id``, ``jti`` = ``id``, ``nbf`` = ``validFrom``, ``exp`` =
``validUntil``, ``sub`` = ``credentialSubject.id``. Verifying binds every one of them
(see :func:`check_claims`), and ``exp``/``nbf`` bind the validity period on their own
(RFC 7519 §4.1.4-5), whether or not the credential repeats them.

The JWS (RFC 7515 compact serialisation, EdDSA only) is checked here directly: the
strict base64url alphabet, ``urlsafe_b64decode`` and one Ed25519 verification. PyJWT's
general path spent 44% of verification in its character-by-character base64 check
(issue 19); the JSON inside is read through ``safejson``'s bounded loader. Signing
assembles the token here too, so the key stays behind ``Signer``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from badges.errors import BadgeError, DocumentError, SigningError, UnreadableInputError
from badges.keys import Signer, verify_ed25519
from badges.proof import KeyLookup, ProofOutcome
from badges.safejson import load_json
from badges.timefmt import parse_datetime

REGISTERED = ("iss", "jti", "nbf", "exp", "sub", "iat", "aud")
MAX_TOKEN_CHARS = 1024 * 1024
_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")
# JOSE header parameters we understand; any other "crit" extension must be refused.
_UNDERSTOOD_CRIT: frozenset[str] = frozenset()


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
    subject_id = _subject_id(credential)
    if subject_id is not None:
        claims["sub"] = subject_id
    return claims


def _subject_id(credential: Mapping[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    value = subject.get("id") if isinstance(subject, Mapping) else None
    return value if isinstance(value, str) else None


def encode_jws(header: Mapping[str, Any], payload: Mapping[str, Any], signer: Signer) -> str:
    """A compact JWS over JSON header and payload, signed by ``signer`` (EdDSA)."""
    signing_input = ".".join(
        _b64(json.dumps(part, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        for part in (header, payload)
    )
    return f"{signing_input}.{_b64(signer.sign(signing_input.encode('ascii')))}"


def encode_jwt(credential: Mapping[str, Any], signer: Signer) -> str:
    """Sign a credential as a compact VC-JWT (EdDSA).

    Raises:
        SigningError: the credential already has a proof or lacks validFrom.
    """
    if "proof" in credential:
        raise SigningError("a VC-JWT secures an unsigned credential")
    header = {"alg": "EdDSA", "typ": "JWT", "kid": signer.verification_method}
    return encode_jws(header, {**credential, **_claims(credential)}, signer)


def looks_like_jwt(text: str) -> bool:
    parts = text.strip().split(".")
    return len(parts) == 3 and all(parts[:2])


def decode_segment(segment: str) -> bytes:
    """Decode one base64url segment strictly (RFC 7515 §2: no padding, URL alphabet).

    Raises:
        UnreadableInputError: a character outside the alphabet or an impossible length.
    """
    if not _SEGMENT.fullmatch(segment) or len(segment) % 4 == 1:
        raise UnreadableInputError("a JWS segment is not base64url")
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (ValueError, binascii.Error) as error:  # pragma: no cover - alphabet checked
        raise UnreadableInputError(f"a JWS segment is not base64url: {error}") from None


@dataclass(frozen=True)
class Jws:
    """A compact JWS split and decoded, not yet verified."""

    header: dict[str, Any]
    payload: Any
    signing_input: bytes
    signature: bytes | None  # None when the segment is not base64url


def parse_jws(token: str) -> Jws:
    """Split and decode a compact JWS; the JSON parts go through the bounded loader.

    Raises:
        UnreadableInputError: not three base64url segments, or a header that is no object.
        DocumentError (and subclasses): the payload is too large, deep or malformed.
    """
    token = token.strip()
    if len(token) > MAX_TOKEN_CHARS:
        raise UnreadableInputError(f"token longer than {MAX_TOKEN_CHARS} characters")
    parts = token.split(".")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise UnreadableInputError("not a compact JWS (three segments)")
    header = load_json(decode_segment(parts[0]), max_bytes=16 * 1024, max_depth=8)
    if not isinstance(header, dict):
        raise UnreadableInputError("JOSE header is not an object")
    payload = load_json(decode_segment(parts[1]))
    signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
    try:
        signature: bytes | None = decode_segment(parts[2])
    except UnreadableInputError:
        signature = None
    return Jws(header, payload, signing_input, signature)


def verify_jws(jws: Jws, lookup_key: KeyLookup) -> ProofOutcome:
    """Check the EdDSA signature of a parsed JWS with the key its ``kid`` names; never raises."""
    method = jws.header.get("kid")
    if jws.header.get("alg") != "EdDSA" or not isinstance(method, str) or not method:
        return ProofOutcome(False, "proof_unsupported", "alg must be EdDSA with a kid")
    crit = jws.header.get("crit")
    if crit is not None and not (isinstance(crit, list) and set(crit) <= _UNDERSTOOD_CRIT):
        return ProofOutcome(False, "proof_unsupported", "unknown critical header", method)
    if jws.signature is None:
        return ProofOutcome(False, "jwt_malformed", "signature is not base64url", method)
    try:
        key = lookup_key(method)
    except BadgeError as error:
        return ProofOutcome(False, error.code, str(error), method)
    if len(jws.signature) != 64 or not verify_ed25519(key, jws.signature, jws.signing_input):
        return ProofOutcome(False, "proof_invalid_signature", "JWS signature", method)
    return ProofOutcome(True, verification_method=method)


def unverified_credential(token: str) -> dict[str, Any]:
    """The credential inside a VC-JWT, without checking the signature.

    Raises:
        UnreadableInputError: the token cannot be decoded.
    """
    try:
        payload = parse_jws(token).payload
    except DocumentError as error:
        raise UnreadableInputError(f"malformed VC-JWT: {error}") from error
    if not isinstance(payload, dict):
        raise UnreadableInputError("malformed VC-JWT: payload is not an object")
    return {key: value for key, value in payload.items() if key not in REGISTERED}


@dataclass(frozen=True)
class JwtPeriod:
    """The validity period the registered claims state (None where a claim is absent)."""

    not_before: datetime | None = None
    expires: datetime | None = None


def check_jwt(
    token: str, lookup_key: KeyLookup
) -> tuple[ProofOutcome, dict[str, Any] | None, JwtPeriod]:
    """Check a VC-JWT: signature, then every registered claim against the credential.

    Returns the outcome, the credential (None when unreadable) and the period ``nbf``
    and ``exp`` state, which the validity check applies. Never raises.
    """
    try:
        jws = parse_jws(token)
    except DocumentError as error:
        code = error.code if error.code != "unreadable_input" else "jwt_malformed"
        return ProofOutcome(False, code, str(error)), None, JwtPeriod()
    payload = jws.payload
    if not isinstance(payload, dict):
        failed = ProofOutcome(False, "jwt_malformed", "payload is not an object")
        return failed, None, JwtPeriod()
    credential = {k: v for k, v in payload.items() if k not in REGISTERED}
    outcome = verify_jws(jws, lookup_key)
    if not outcome.valid:
        return outcome, credential, JwtPeriod()
    problem, period = check_claims(payload, credential)
    method = outcome.verification_method
    if problem:
        return ProofOutcome(False, "jwt_claims_mismatch", problem, method), credential, period
    created = str(credential.get("validFrom", ""))
    return ProofOutcome(True, verification_method=method, created=created), credential, period


def _numeric_date(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def check_claims(
    payload: Mapping[str, Any], credential: Mapping[str, Any]
) -> tuple[str, JwtPeriod]:
    """Bind the registered claims to the credential (OB 3.0 §8.2.2, VCDM 1.1 §6.3.1).

    Returns a description of what disagrees ("" when all agree) and the period the
    time claims state. ``iss`` and ``nbf`` are required; ``jti``, ``sub`` and ``exp``
    are required when the credential has the property they map, and refused when it
    has not (a ``sub`` naming someone the credential does not, say).
    """
    try:
        expected = _claims(credential)
    except SigningError as error:
        return str(error), JwtPeriod()
    wrong = []
    for claim in ("iss", "jti", "sub"):
        if payload.get(claim) != expected.get(claim):
            wrong.append(claim)
    if not isinstance(payload.get("iss"), str) and "iss" not in wrong:
        wrong.append("iss")
    not_before, expires = _numeric_date(payload.get("nbf")), None
    if not_before is None or int(payload["nbf"]) != expected["nbf"]:
        wrong.append("nbf")
    if "exp" in payload:
        expires = _numeric_date(payload["exp"])
        if expires is None or ("exp" in expected and int(payload["exp"]) != expected["exp"]):
            wrong.append("exp")
    elif "exp" in expected:
        wrong.append("exp")
    if "iat" in payload and _numeric_date(payload["iat"]) is None:
        wrong.append("iat")
    return ", ".join(sorted(wrong)), JwtPeriod(not_before, expires)
