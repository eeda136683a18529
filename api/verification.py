"""Verifying a badge for anyone: the bytes of a file (PNG, SVG, JSON, JWT) or a parsed
credential, checked against our own issuers' DID documents and status lists, offline, its
issuer judged by our trust policy; and the one verdict the pages, the API and the CLI
give for a result.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from badges import (
    CheckName,
    IssuerTrust,
    Outcome,
    UnreadableInputError,
    VerificationResult,
    read_badge,
    verify_credential,
)

if TYPE_CHECKING:
    from api.services import Trust


class Verdict(StrEnum):
    """What a person is told about a badge, most serious first (``verdict_of``)."""

    UNCHECKABLE = "uncheckable"  # no key, or no status list, could be reached: not "invalid"
    TAMPERED = "tampered"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    INVALID = "invalid"  # some other check failed (format, dates not yet valid, context)
    ISSUER_UNKNOWN = "issuer-unknown"  # genuine, but nobody here vouches for the issuer
    VALID = "valid"


# Proof codes that say the signature could not be checked at all, not that it is wrong.
CANNOT_CHECK_PROOF = frozenset({"did_unresolvable", "proof_unsupported"})


def verdict_of(result: VerificationResult) -> Verdict:
    """The verdict for a result. A key that cannot be found means nothing can be said about
    the signature (uncheckable, not forged); a signature that does not hold, or a key that
    is not the issuer's, is tampering; then revocation, suspension and expiry (each of a
    badge that is genuine); then any other failed check. A badge that passes every check is
    still "issuer unknown here" when nobody here vouches for its issuer, and uncheckable
    when its revocation list could not be read. The recipient check is not part of it: the
    holder is checked on its own."""
    failed = {c.name: c.code for c in result.failures if c.name is not CheckName.RECIPIENT}
    proof, issuer = failed.get(CheckName.PROOF), failed.get(CheckName.ISSUER)
    if proof in CANNOT_CHECK_PROOF or issuer == "did_unresolvable":
        return Verdict.UNCHECKABLE
    if proof or issuer:
        return Verdict.TAMPERED
    status = failed.get(CheckName.STATUS)
    if status == "revoked":
        return Verdict.REVOKED
    if status == "suspended":
        return Verdict.SUSPENDED
    if failed.get(CheckName.VALIDITY) == "expired":
        return Verdict.EXPIRED
    if failed:
        return Verdict.INVALID
    if result.issuer.trust is IssuerTrust.UNKNOWN:
        return Verdict.ISSUER_UNKNOWN
    if result.check(CheckName.STATUS).code == "status_unavailable":
        return Verdict.UNCHECKABLE
    return Verdict.VALID


def proof_holds(result: VerificationResult) -> bool:
    """Whether the signature holds with a key of the issuer: only then is what the
    credential says shown as its content (a forged or unchecked one is shown as a claim)."""
    return all(
        result.check(name).outcome is Outcome.PASSED for name in (CheckName.PROOF, CheckName.ISSUER)
    )


def verify_document(
    credential: Any, trust: Trust, now: datetime, *, recipient: str | None = None
) -> VerificationResult:
    """The credential checked against our documents and status lists, its issuer judged by
    our trust policy (``result.issuer``); ``recipient`` asks whether it names that holder."""
    return verify_credential(
        credential,
        now=now,
        did_documents=trust.did_documents,
        status_lists=trust.status_lists,
        trust=trust.policy(),
        recipient=recipient,
    )


def read_upload(data: bytes) -> Any:
    """The credential in an uploaded badge file. The badges library reads it with its bounded
    JSON loader (nesting depth, valid Unicode, number size), whatever the file's format.

    Raises UnreadableInputError when the bytes hold no credential, or one beyond those limits.
    """
    return read_badge(data)


__all__ = [
    "UnreadableInputError",
    "Verdict",
    "proof_holds",
    "read_upload",
    "verdict_of",
    "verify_document",
]
