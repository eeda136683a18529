"""Verifying a badge for anyone: the bytes of a file (PNG, SVG, JSON, JWT) or a parsed
credential, checked against our own issuers' DID documents and status lists, offline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import orjson

from api.http.limits import MAX_DEPTH, nesting_depth
from api.services import Trust
from badges import UnreadableInputError, VerificationResult, read_badge, verify_credential


def verify_document(credential: Any, trust: Trust, now: datetime) -> VerificationResult:
    return verify_credential(
        credential, now=now, did_documents=trust.did_documents, status_lists=trust.status_lists
    )


def _depth(value: Any, limit: int) -> int:
    """How deeply a parsed value nests, counted without recursion and only up to ``limit``+1."""
    deepest, pending = 0, [(value, 1)]
    while pending and deepest <= limit:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            pending.extend(
                (v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def read_upload(data: bytes) -> Any:
    """The credential in an uploaded badge file, held to the limits every JSON body is held
    to (``api.http.limits``): nesting depth, and text that is valid Unicode.

    Raises UnreadableInputError when the bytes hold no credential, or one beyond those limits.
    """
    if data.lstrip()[:1] in (b"{", b"[") and nesting_depth(data) > MAX_DEPTH:
        raise UnreadableInputError(f"the JSON nests deeper than {MAX_DEPTH} levels")
    try:
        credential = read_badge(data)
    except RecursionError:  # a deep payload baked in a PNG or SVG; until badges bounds it
        raise UnreadableInputError(f"the JSON nests deeper than {MAX_DEPTH} levels") from None
    if not isinstance(credential, str) and _depth(credential, MAX_DEPTH) > MAX_DEPTH:
        raise UnreadableInputError(f"the JSON nests deeper than {MAX_DEPTH} levels")
    try:
        orjson.dumps(credential)  # a lone surrogate cannot be answered (or canonicalised)
    except orjson.JSONEncodeError:
        raise UnreadableInputError("the badge holds text that is not valid Unicode") from None
    return credential


def verify_bytes(
    data: bytes, trust: Trust, clock: Callable[[], datetime]
) -> tuple[Any, VerificationResult]:
    """(the credential found, its verification). Raises UnreadableInputError when the bytes
    hold no credential at all, or one beyond the limits of ``read_upload``."""
    credential = read_upload(data)
    try:
        return credential, verify_document(credential, trust, clock())
    except RecursionError:  # a VC-JWT's payload is parsed inside; until badges bounds it
        raise UnreadableInputError(f"the JSON nests deeper than {MAX_DEPTH} levels") from None


__all__ = ["UnreadableInputError", "read_upload", "verify_bytes", "verify_document"]
