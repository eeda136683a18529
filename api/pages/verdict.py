"""What an employer sees of a badge: the facts it states and one plain verdict.

Pure functions over the ``badges`` library's output; no HTTP here. The verdict picks the
most serious reason first, because a forged badge that also looks expired is forged.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from badges import (
    CheckName,
    Outcome,
    UnreadableInputError,
    VerificationResult,
    default_svg,
    unverified_credential,
)


class Verdict(StrEnum):
    VALID = "valid"
    TAMPERED = "tampered"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    INVALID = "invalid"


def verdict_of(result: VerificationResult) -> Verdict:
    """Valid, or the most serious failure: signature, then revocation, then expiry."""
    if result.verified:
        return Verdict.VALID
    failed = {check.name: check.code for check in result.failures}
    if CheckName.PROOF in failed or CheckName.ISSUER in failed:
        return Verdict.TAMPERED
    if failed.get(CheckName.STATUS) == "revoked":
        return Verdict.REVOKED
    if failed.get(CheckName.STATUS) == "suspended":
        return Verdict.SUSPENDED
    if failed.get(CheckName.VALIDITY) == "expired":
        return Verdict.EXPIRED
    return Verdict.INVALID


@dataclass(frozen=True)
class BadgeFacts:
    """What the credential claims, shown beside (never instead of) the checks."""

    achievement: str
    issuer: str
    learner: str | None
    issued: str | None
    expires: str | None
    image: str  # a data: URI, safe inside <img>


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):  # a JSON-LD language map or a named object
        for key in ("nl", "en", "name", "@value"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return ""


def _data_uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def as_document(credential: Mapping[str, Any] | str) -> Mapping[str, Any]:
    """The credential as a mapping (a VC-JWT's payload read without trusting it)."""
    if isinstance(credential, str):
        try:
            return unverified_credential(credential)
        except UnreadableInputError:
            return {}
    return credential


def facts_of(
    credential: Mapping[str, Any] | str,
    *,
    uploaded: bytes | None = None,
    shared_name: str | None = None,
) -> BadgeFacts:
    """The facts to show; the uploaded PNG or SVG is shown as is, else a drawn badge."""
    document = as_document(credential)
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, Mapping) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, Mapping) else {}
    name = _text(achievement.get("name")) or _text(document.get("name")) or "?"
    issuer = document.get("issuer")
    issuer_name = _text(issuer) if isinstance(issuer, Mapping) else str(issuer or "")
    learner = shared_name or _text(subject.get("name")) or None
    if uploaded is not None and uploaded.startswith(b"\x89PNG"):
        image = _data_uri("image/png", uploaded)
    elif uploaded is not None and uploaded.lstrip().startswith(b"<"):
        image = _data_uri("image/svg+xml", uploaded)
    else:
        image = _data_uri("image/svg+xml", default_svg(name).encode())
    return BadgeFacts(
        achievement=name,
        issuer=issuer_name,
        learner=learner,
        issued=_text(document.get("validFrom")) or None,
        expires=_text(document.get("validUntil")) or None,
        image=image,
    )


def check_rows(result: VerificationResult, lang: str) -> list[dict[str, str]]:
    """One row per check, the reason in the page's language; skipped checks stay visible."""
    return [
        {
            "name": str(check.name),
            "outcome": str(check.outcome),
            "passed": "yes" if check.outcome is Outcome.PASSED else "no",
            "reason": check.reason_nl if lang == "nl" else check.reason_en,
        }
        for check in result.checks
    ]
