"""Verify an OpenBadgeCredential, check by check, without raising on bad input.

Mirrors digitalbazaar's ``verifyCredential``: the document source (for did:web and
``https://`` controllers), status-list fetcher, loader, clock and trust policy are
parameters; status is checked only after the proof holds. Input is bounded before
anything recursive runs (``safejson``), so hostile nesting, lone surrogates or huge
numbers come back as a failed check with a stable code, never as an exception.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badges import vcjwt
from badges.canonical import expand_strict
from badges.did import DocumentSource, ResolvedMethod, resolve_method
from badges.errors import BadgeError
from badges.loader import PinnedLoader, default_loader, require_pinned
from badges.model import VC_CONTEXT, normalised_identity
from badges.proof import ProofOutcome, check_proof
from badges.result import Check, CheckName, IssuerInfo, Outcome, VerificationResult
from badges.safejson import check_json_value
from badges.schema import schema_errors
from badges.status_check import StatusFetcher, check_status
from badges.timefmt import parse_datetime
from badges.trust import TrustPolicy

OB_EXTENSIONS_URL = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
_OB_CONTEXT = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)?\.json$")
DidDocuments = DocumentSource
# Deeper than canonicalisation accepts (32, refused there as document_too_large), so
# documents between the two limits keep the code they always had.
GUARD_DEPTH = 64
_GUARD_CODES = frozenset(
    {"document_too_deep", "document_too_large", "invalid_unicode", "number_too_large"}
)


class KeyResolver:
    """Looks keys up through the document source and remembers what it found."""

    def __init__(self, did_documents: DocumentSource) -> None:
        self._documents = did_documents
        self.resolved: dict[str, ResolvedMethod] = {}

    def method(self, method_id: str) -> ResolvedMethod:
        found = resolve_method(method_id, self._documents)
        self.resolved[method_id] = found
        return found

    def __call__(self, method_id: str) -> Ed25519PublicKey:
        return self.method(method_id).public_key


def verify_credential(
    credential: object,
    *,
    now: datetime,
    did_documents: DocumentSource = None,
    status_lists: StatusFetcher | None = None,
    recipient: str | None = None,
    loader: PinnedLoader | None = None,
    trust: TrustPolicy | None = None,
) -> VerificationResult:
    """Verify a Data Integrity credential (dict) or a VC-JWT (compact string).

    Never raises for a bad credential: every problem is a failed check with a code.
    ``did_documents`` serves did:web and ``https://`` controller documents (a mapping
    or a resolver; did:key and did:jwk resolve by themselves); ``status_lists``
    returns a status list credential by URL, or None when unavailable; ``trust`` says
    which issuers this verifier vouches for (``result.issuer``).
    """
    refused = input_refusal(credential)
    if refused is not None:
        return _unreadable(_form(credential), *refused)
    keys = KeyResolver(did_documents)
    proof_check, document, form, period = _proof(credential, keys, loader)
    if document is None:
        code = proof_check.code if proof_check.code in _GUARD_CODES else "not_a_credential"
        return _unreadable(form, code, proof_check.detail)
    proof = _proof_check(proof_check)
    issuer = _issuer(document, proof_check, keys)
    checks = (
        _schema(document),
        _context(document, loader, expand=form != "vc-jwt"),
        proof,
        issuer,
        _validity(document, now, period),
        _status(document, proof, status_lists, keys, proof_check, loader),
        _recipient(document, recipient),
    )
    any_failed = any(check.outcome is Outcome.FAILED for check in checks)
    verified = proof.outcome is Outcome.PASSED and not any_failed
    bound = proof.outcome is Outcome.PASSED and issuer.outcome is Outcome.PASSED
    return VerificationResult(
        verified,
        form,
        _text(document.get("id")),
        checks,
        issuer_info(document, trust, bound=bound),
    )


def issuer_info(
    document: Mapping[str, Any], trust: TrustPolicy | None, *, bound: bool
) -> IssuerInfo:
    """Who issued, as far as the verifier vouches: trust only when the proof binds the key."""
    issuer = document.get("issuer")
    claimed = issuer.get("name") if isinstance(issuer, Mapping) else None
    claimed_name = claimed if isinstance(claimed, str) else None
    identifier = issuer_id(document)
    if not bound or trust is None or not identifier:
        return IssuerInfo(identifier, claimed_name=claimed_name)
    level, name = trust.classify(identifier)
    return IssuerInfo(identifier, level, name, claimed_name)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _form(credential: object) -> str:
    if isinstance(credential, str):
        return "vc-jwt"
    return "data-integrity" if isinstance(credential, dict) else "unknown"


def input_refusal(credential: object) -> tuple[str, str] | None:
    """A code and detail when the input is too big, deep or odd to process at all."""
    if isinstance(credential, str) and len(credential) > vcjwt.MAX_TOKEN_CHARS:
        return "document_too_large", f"more than {vcjwt.MAX_TOKEN_CHARS} characters"
    if isinstance(credential, dict):
        try:
            check_json_value(credential, max_depth=GUARD_DEPTH)
        except BadgeError as error:
            return error.code, str(error)
    return None


def _unreadable(form: str, code: str, detail: str) -> VerificationResult:
    failed = Check.of(CheckName.SCHEMA, Outcome.FAILED, code, detail)
    rest = (Check.of(name, Outcome.SKIPPED, "not_checked") for name in CheckName)
    skipped = tuple(check for check in rest if check.name is not CheckName.SCHEMA)
    return VerificationResult(False, form, "", (failed, *skipped))


def _proof(
    credential: object, keys: KeyResolver, loader: PinnedLoader | None
) -> tuple[ProofOutcome, dict[str, Any] | None, str, vcjwt.JwtPeriod]:
    if isinstance(credential, str) and vcjwt.looks_like_jwt(credential):
        outcome, document, period = vcjwt.check_jwt(credential, keys)
        return outcome, document, "vc-jwt", period
    if not isinstance(credential, dict):
        kind = type(credential).__name__
        outcome = ProofOutcome(False, "not_a_credential", f"a {kind}")
        return outcome, None, "unknown", vcjwt.JwtPeriod()
    return check_proof(credential, keys, loader), credential, "data-integrity", vcjwt.JwtPeriod()


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


def _validity(document: Mapping[str, Any], now: datetime, period: vcjwt.JwtPeriod) -> Check:
    valid_from = parse_datetime(document.get("validFrom"))
    if valid_from is None:
        return Check.of(CheckName.VALIDITY, Outcome.FAILED, "dates_invalid", "validFrom")
    if "validUntil" in document and parse_datetime(document["validUntil"]) is None:
        return Check.of(CheckName.VALIDITY, Outcome.FAILED, "dates_invalid", "validUntil")
    valid_until = parse_datetime(document.get("validUntil"))
    # A VC-JWT's nbf and exp bind on their own (RFC 7519 §4.1.4-5), even when the
    # credential repeats neither: the stricter of each pair applies.
    if period.not_before is not None:
        valid_from = max(valid_from, period.not_before)
    if period.expires is not None:
        valid_until = min(valid_until or period.expires, period.expires)
    if now < valid_from:
        return Check.of(CheckName.VALIDITY, Outcome.FAILED, "not_yet_valid", valid_from.isoformat())
    if valid_until is not None and now >= valid_until:
        return Check.of(CheckName.VALIDITY, Outcome.FAILED, "expired", valid_until.isoformat())
    return Check.passed(CheckName.VALIDITY)


def _status(
    document: Mapping[str, Any],
    proof: Check,
    fetch: StatusFetcher | None,
    keys: KeyResolver,
    outcome: ProofOutcome,
    loader: PinnedLoader | None,
) -> Check:
    method = keys.resolved.get(outcome.verification_method)
    if proof.outcome is not Outcome.PASSED or method is None:
        return Check.of(CheckName.STATUS, Outcome.SKIPPED, "status_after_proof")
    if method.controller != issuer_id(document):
        # the credential's key is not its issuer's (the issuer check says so): no list
        # can speak for an issuer the proof does not bind
        return Check.of(CheckName.STATUS, Outcome.SKIPPED, "status_after_proof")
    code, detail = check_status(document, fetch, keys.method, method.controller, loader)
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
    """The subject's DID, or a hashed identity of the recipient as given (an identifier) or,
    for a name or an e-mail address, in its normalised form (``normalised_identity``)."""
    if subject.get("id") == recipient:
        return True
    identities = subject.get("identifier")
    for identity in identities if isinstance(identities, list) else []:
        if not isinstance(identity, Mapping) or not identity.get("hashed"):
            continue
        given = recipient
        if identity.get("identityType") in ("name", "emailAddress"):
            given = normalised_identity(recipient)
        salted = (given + str(identity.get("salt") or "")).encode("utf-8")
        if identity.get("identityHash") == "sha256$" + hashlib.sha256(salted).hexdigest():
            return True
    return False
