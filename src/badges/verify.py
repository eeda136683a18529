"""Verify an OpenBadgeCredential offline, check by check, without raising on bad input.

Mirrors digitalbazaar's ``verifyCredential``: the key resolver, status-list fetcher,
loader and clock are parameters; status is checked only after the proof holds.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badges import vcjwt
from badges.canonical import expand_strict
from badges.did import ResolvedMethod, WebResolver, resolve_method
from badges.errors import BadgeError
from badges.loader import PinnedLoader, default_loader, require_pinned
from badges.model import VC_CONTEXT
from badges.proof import ProofOutcome, check_proof
from badges.result import Check, CheckName, Outcome, VerificationResult
from badges.schema import schema_errors
from badges.status_check import StatusFetcher, check_status
from badges.timefmt import parse_datetime

OB_EXTENSIONS_URL = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
_OB_CONTEXT = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)?\.json$")
DidDocuments = Mapping[str, Mapping[str, Any]] | WebResolver | None


class KeyResolver:
    """Looks keys up through the DID resolver and remembers what it found."""

    def __init__(self, did_documents: DidDocuments) -> None:
        self._documents = did_documents
        self.resolved: dict[str, ResolvedMethod] = {}

    def __call__(self, method_id: str) -> Ed25519PublicKey:
        method = resolve_method(method_id, self._documents)
        self.resolved[method_id] = method
        return method.public_key


def verify_credential(
    credential: object,
    *,
    now: datetime,
    did_documents: DidDocuments = None,
    status_lists: StatusFetcher | None = None,
    recipient: str | None = None,
    loader: PinnedLoader | None = None,
) -> VerificationResult:
    """Verify a Data Integrity credential (dict) or a VC-JWT (compact string).

    Never raises for a bad credential: every problem is a failed check with a code.
    ``did_documents`` serves did:web documents (did:key resolves by itself);
    ``status_lists`` returns a status list credential by URL, or None when unavailable.
    """
    keys = KeyResolver(did_documents)
    proof_check, document, form = _proof(credential, keys, loader)
    if document is None:
        failed = Check.of(CheckName.SCHEMA, Outcome.FAILED, "not_a_credential", proof_check.detail)
        rest = (Check.of(name, Outcome.SKIPPED, "not_checked") for name in CheckName)
        skipped = tuple(check for check in rest if check.name is not CheckName.SCHEMA)
        return VerificationResult(False, form, "", (failed, *skipped))
    proof = _proof_check(proof_check)
    checks = (
        _schema(document),
        _context(document, loader, expand=form != "vc-jwt"),
        proof,
        _issuer(document, proof_check, keys),
        _validity(document, now),
        _status(document, proof, status_lists, keys, loader),
        _recipient(document, recipient),
    )
    any_failed = any(check.outcome is Outcome.FAILED for check in checks)
    verified = proof.outcome is Outcome.PASSED and not any_failed
    return VerificationResult(verified, form, str(document.get("id", "")), checks)


def _proof(
    credential: object, keys: KeyResolver, loader: PinnedLoader | None
) -> tuple[ProofOutcome, dict[str, Any] | None, str]:
    if isinstance(credential, str) and vcjwt.looks_like_jwt(credential):
        outcome, document = vcjwt.check_jwt(credential, keys)
        return outcome, document, "vc-jwt"
    if not isinstance(credential, dict):
        kind = type(credential).__name__
        return ProofOutcome(False, "not_a_credential", f"a {kind}"), None, "unknown"
    return check_proof(credential, keys, loader), credential, "data-integrity"


def _proof_check(outcome: ProofOutcome) -> Check:
    if outcome.valid:
        return Check.passed(CheckName.PROOF)
    return Check.of(CheckName.PROOF, Outcome.FAILED, outcome.code, outcome.detail)


def _schema(document: Mapping[str, Any]) -> Check:
    problems = schema_errors(document)
    if problems:
        return Check.of(CheckName.SCHEMA, Outcome.FAILED, "schema_invalid", "; ".join(problems[:3]))
    return Check.passed(CheckName.SCHEMA)


def _context(document: Mapping[str, Any], loader: PinnedLoader | None, *, expand: bool) -> Check:
    contexts = document.get("@context")
    if not isinstance(contexts, list) or len(contexts) < 2:
        return Check.of(CheckName.CONTEXT, Outcome.FAILED, "context_invalid", "not a list")
    try:
        require_pinned(document, loader or default_loader())
    except BadgeError as error:
        return Check.of(CheckName.CONTEXT, Outcome.FAILED, error.code, str(error))
    second = contexts[1]
    if contexts[0] != VC_CONTEXT or not isinstance(second, str) or not _OB_CONTEXT.match(second):
        detail = "must start with VC 2.0 and OB 3.0 contexts"
        return Check.of(CheckName.CONTEXT, Outcome.FAILED, "context_invalid", detail)
    extra = [c for c in contexts[2:] if not _allowed_extension(c)]
    if extra or len({json.dumps(c, sort_keys=True) for c in contexts}) != len(contexts):
        # VC-DI "context validation": a context that changes nothing in the graph (say an
        # @vocab) would leave the proof valid, so only expected contexts are accepted.
        detail = f"unexpected context {str(extra[0] if extra else 'repeated')[:80]}"
        return Check.of(CheckName.CONTEXT, Outcome.FAILED, "context_invalid", detail)
    if not expand:
        # A VC-JWT signs the JSON bytes, not an RDF graph: nothing signed can be lost in
        # expansion, so the pinned-context and allow-list checks above suffice.
        return Check.passed(CheckName.CONTEXT)
    try:
        # the unsecured form: the proof check canonicalises exactly this, from the cache
        expand_strict({k: v for k, v in document.items() if k != "proof"}, loader)
    except BadgeError as error:
        return Check.of(CheckName.CONTEXT, Outcome.FAILED, error.code, str(error))
    return Check.passed(CheckName.CONTEXT)


def _allowed_extension(context: object) -> bool:
    if isinstance(context, dict):
        return not {"@vocab", "@base", "@import", "@propagate"} & set(context)
    return context == OB_EXTENSIONS_URL


def issuer_id(document: Mapping[str, Any]) -> str:
    issuer = document.get("issuer")
    value = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return value if isinstance(value, str) else ""


def _issuer(document: Mapping[str, Any], proof: ProofOutcome, keys: KeyResolver) -> Check:
    method = keys.resolved.get(proof.verification_method)
    if method is None:
        code = proof.code if proof.code == "did_unresolvable" else "status_after_proof"
        outcome = Outcome.FAILED if code == "did_unresolvable" else Outcome.SKIPPED
        return Check.of(CheckName.ISSUER, outcome, code, proof.detail)
    if method.controller != issuer_id(document):
        return Check.of(CheckName.ISSUER, Outcome.FAILED, "key_not_issuers", issuer_id(document))
    if not method.assertion:
        return Check.of(CheckName.ISSUER, Outcome.FAILED, "key_not_for_assertion")
    created = parse_datetime(proof.created)
    if method.retired_at and (created is None or created > method.retired_at):
        return Check.of(
            CheckName.ISSUER, Outcome.FAILED, "key_retired", method.retired_at.isoformat()
        )
    return Check.passed(CheckName.ISSUER)


def _validity(document: Mapping[str, Any], now: datetime) -> Check:
    valid_from = parse_datetime(document.get("validFrom"))
    if valid_from is None:
        return Check.of(CheckName.VALIDITY, Outcome.FAILED, "dates_invalid", "validFrom")
    if "validUntil" in document and parse_datetime(document["validUntil"]) is None:
        return Check.of(CheckName.VALIDITY, Outcome.FAILED, "dates_invalid", "validUntil")
    valid_until = parse_datetime(document.get("validUntil"))
    if now < valid_from:
        return Check.of(CheckName.VALIDITY, Outcome.FAILED, "not_yet_valid", valid_from.isoformat())
    if valid_until is not None and now >= valid_until:
        return Check.of(CheckName.VALIDITY, Outcome.FAILED, "expired", valid_until.isoformat())
    return Check.passed(CheckName.VALIDITY)


def _status(
    document: Mapping[str, Any],
    proof: Check,
    fetch: StatusFetcher | None,
    keys: Callable[[str], Ed25519PublicKey],
    loader: PinnedLoader | None,
) -> Check:
    if proof.outcome is not Outcome.PASSED:
        return Check.of(CheckName.STATUS, Outcome.SKIPPED, "status_after_proof")
    code, detail = check_status(document, fetch, keys, issuer_id(document), loader)
    if code == "passed":
        return Check.passed(CheckName.STATUS)
    skipped = code in ("status_unavailable", "status_absent")
    return Check.of(CheckName.STATUS, Outcome.SKIPPED if skipped else Outcome.FAILED, code, detail)


def _recipient(document: Mapping[str, Any], recipient: str | None) -> Check:
    if recipient is None:
        return Check.of(CheckName.RECIPIENT, Outcome.SKIPPED, "recipient_not_asked")
    subject = document.get("credentialSubject")
    if isinstance(subject, Mapping) and _subject_matches(subject, recipient):
        return Check.passed(CheckName.RECIPIENT)
    return Check.of(CheckName.RECIPIENT, Outcome.FAILED, "recipient_mismatch")


def _subject_matches(subject: Mapping[str, Any], recipient: str) -> bool:
    if subject.get("id") == recipient:
        return True
    for identity in subject.get("identifier") or []:
        if not isinstance(identity, Mapping) or not identity.get("hashed"):
            continue
        salted = (recipient + str(identity.get("salt") or "")).encode("utf-8")
        if identity.get("identityHash") == "sha256$" + hashlib.sha256(salted).hexdigest():
            return True
    return False
