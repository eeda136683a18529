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


def read_upload(data: bytes) -> Any:
    """The credential in an uploaded badge file. The badges library reads it with its bounded
    JSON loader (nesting depth, valid Unicode, number size), whatever the file's format.

    Raises UnreadableInputError when the bytes hold no credential, or one beyond those limits.
    """
    return read_badge(data)


def verify_bytes(
    data: bytes, trust: Trust, clock: Callable[[], datetime]
) -> tuple[Any, VerificationResult]:
    """(the credential found, its verification). Raises UnreadableInputError when the bytes
    hold no credential at all, or one beyond the limits of ``read_upload``."""
    credential = read_upload(data)
    return credential, verify_document(credential, trust, clock())


__all__ = ["UnreadableInputError", "read_upload", "verify_bytes", "verify_document"]
