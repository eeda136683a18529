"""Verifying a badge for anyone: the bytes of a file (PNG, SVG, JSON, JWT) or a parsed
credential, checked against our own issuers' DID documents and status lists, offline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from api.services import Trust
from badges import UnreadableInputError, VerificationResult, read_badge, verify_credential


def verify_document(credential: Any, trust: Trust, now: datetime) -> VerificationResult:
    return verify_credential(
        credential, now=now, did_documents=trust.did_documents, status_lists=trust.status_lists
    )


def verify_bytes(
    data: bytes, trust: Trust, clock: Callable[[], datetime]
) -> tuple[Any, VerificationResult]:
    """(the credential found, its verification). Raises UnreadableInputError when the bytes
    hold no credential at all."""
    credential = read_badge(data)
    return credential, verify_document(credential, trust, clock())


__all__ = ["UnreadableInputError", "verify_bytes", "verify_document"]
