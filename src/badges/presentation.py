"""Verifiable Presentations: a holder shows credentials, bound to a verifier's request.

Two forms, as OID4VP carries them: Data Integrity (``eddsa-rdfc-2022`` proof with
purpose ``authentication``, the verifier's ``challenge`` and ``domain`` inside the
signed proof options; VC Data Model 2.0 §4.13, VC-DI §2.1) and a JWT (the presentation
as payload, or in a ``vp`` claim as VC-JWT 1.1 wallets send it, with ``nonce`` and
``aud``). Checked: the holder's proof, that its key is the holder's and listed for
authentication, the challenge and domain, that every credential's subject is the
holder, and every check of every credential (``verify_credential``). Never raises.
The signing helpers are the holder's side (tests, and wallets built on this library).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from badges.did import DocumentSource
from badges.errors import DocumentError
from badges.keys import Signer
from badges.loader import PinnedLoader
from badges.model import VC_CONTEXT
from badges.proof import ProofOutcome, add_proof, check_proof
from badges.result import Check, CheckName, Outcome, PresentationCheck, VerificationResult
from badges.status_check import StatusFetcher
from badges.timefmt import parse_datetime
from badges.trust import TrustPolicy
from badges.vcjwt import encode_jws, looks_like_jwt, parse_jws, unverified_credential, verify_jws
from badges.verify import KeyResolver, input_refusal, verify_credential

VP_TYPE = "VerifiablePresentation"
AUTHENTICATION = "authentication"
_JWT_CLAIMS = ("iss", "aud", "nonce", "iat", "nbf", "exp", "jti", "sub", "vp")


@dataclass(frozen=True)
class PresentationResult:
    """``verified`` when the holder's proof, binding and every credential hold."""

    verified: bool
    format: str
    holder: str
    checks: tuple[Check, ...]
    credentials: tuple[VerificationResult, ...] = ()

    def check(self, name: PresentationCheck) -> Check:
        return next(check for check in self.checks if check.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "format": self.format,
            "holder": self.holder,
            "checks": [check.to_json() for check in self.checks],
            "credentials": [result.to_json() for result in self.credentials],
        }


def _holder_did(signer: Signer) -> str:
    return signer.verification_method.split("#", 1)[0]


def _unsigned(credentials: Sequence[Mapping[str, Any] | str], holder: str) -> dict[str, Any]:
    return {
        "@context": [VC_CONTEXT],
        "type": [VP_TYPE],
        "holder": holder,
        "verifiableCredential": [c if isinstance(c, str) else dict(c) for c in credentials],
    }


def sign_presentation(
    credentials: Sequence[Mapping[str, Any]],
    holder: Signer,
    *,
    challenge: str,
    domain: str | None = None,
    created: datetime,
    loader: PinnedLoader | None = None,
) -> dict[str, Any]:
    """A Data Integrity presentation of ``credentials``, signed by the holder's key.

    Raises:
        SigningError, DocumentError: the presentation cannot be signed.
    """
    unsigned = _unsigned(credentials, _holder_did(holder))
    return add_proof(
        unsigned,
        holder,
        created=created,
        loader=loader,
        purpose=AUTHENTICATION,
        challenge=challenge,
        domain=domain,
    )


def encode_presentation_jwt(
    credentials: Sequence[Mapping[str, Any] | str],
    holder: Signer,
    *,
    nonce: str,
    audience: str,
    issued_at: datetime,
) -> str:
    """A JWT presentation (EdDSA): the presentation as payload, ``nonce`` and ``aud`` bound."""
    holder_id = _holder_did(holder)
    payload = {**_unsigned(credentials, holder_id), "iss": holder_id, "aud": audience}
    payload |= {"nonce": nonce, "iat": int(issued_at.timestamp())}
    header = {"alg": "EdDSA", "typ": "JWT", "kid": holder.verification_method}
    return encode_jws(header, payload, holder)


@dataclass(frozen=True)
class _Request:
    challenge: str
    domain: str | None
    now: datetime
    did_documents: DocumentSource
    status_lists: StatusFetcher | None
    loader: PinnedLoader | None
    trust: TrustPolicy | None


def verify_presentation(
    presentation: object,
    *,
    challenge: str,
    domain: str | None = None,
    now: datetime,
    did_documents: DocumentSource = None,
    status_lists: StatusFetcher | None = None,
    loader: PinnedLoader | None = None,
    trust: TrustPolicy | None = None,
) -> PresentationResult:
    """Verify a Data Integrity (dict) or JWT (compact string) presentation; never raises.

    ``challenge`` is the verifier's nonce for this request; ``domain`` (when given)
    the audience it was made for. The other parameters are ``verify_credential``'s.
    """
    request = _Request(challenge, domain, now, did_documents, status_lists, loader, trust)
    form = "vp-jwt" if isinstance(presentation, str) else "data-integrity"
    refused = input_refusal(presentation)
    if refused is not None:
        return _unreadable(form, *refused)
    if isinstance(presentation, str) and looks_like_jwt(presentation):
        return _verify_jwt(presentation, request)
    if isinstance(presentation, dict):
        return _verify_data_integrity(presentation, request)
    return _unreadable("unknown", "presentation_invalid", f"a {type(presentation).__name__}")


def _unreadable(form: str, code: str, detail: str) -> PresentationResult:
    failed = Check.of(PresentationCheck.SHAPE, Outcome.FAILED, code, detail)
    rest = tuple(
        Check.of(name, Outcome.SKIPPED, "not_checked")
        for name in PresentationCheck
        if name is not PresentationCheck.SHAPE
    )
    return PresentationResult(False, form, "", (failed, *rest))


def _shape(vp: Mapping[str, Any]) -> tuple[str, list[Any], str]:
    """(holder, credentials, problem): the problem is empty when the shape is right."""
    types = vp.get("type")
    contexts = vp.get("@context")
    holder = vp.get("holder")
    items = vp.get("verifiableCredential")
    items = [items] if isinstance(items, dict | str) else items
    if not isinstance(types, list) or VP_TYPE not in types:
        return "", [], "type must include VerifiablePresentation"
    if not isinstance(contexts, list) or not contexts or contexts[0] != VC_CONTEXT:
        return "", [], "@context must start with the VC 2.0 context"
    if not isinstance(holder, str) or not holder:
        return "", [], "holder missing"
    if not isinstance(items, list) or not all(isinstance(i, dict | str) for i in items):
        return holder, [], "verifiableCredential must be credentials"
    return holder, items, ""


def _verify_data_integrity(vp: dict[str, Any], request: _Request) -> PresentationResult:
    holder, items, problem = _shape(vp)
    if problem:
        return _unreadable("data-integrity", "presentation_invalid", problem)
    keys = KeyResolver(request.did_documents)
    outcome = check_proof(vp, keys, request.loader, purpose=AUTHENTICATION)
    found = vp.get("proof")
    proof: dict[str, Any] = found if isinstance(found, dict) else {}
    bound = _challenge(proof.get("challenge"), proof.get("domain"), request)
    if bound.outcome is Outcome.PASSED and "expires" in proof:
        expires = parse_datetime(proof["expires"])
        if expires is None or request.now >= expires:
            detail = str(proof["expires"])[:40]
            bound = Check.of(
                PresentationCheck.CHALLENGE, Outcome.FAILED, "presentation_expired", detail
            )
    return _finish("data-integrity", holder, items, outcome, keys, bound, request)


def _verify_jwt(token: str, request: _Request) -> PresentationResult:
    try:
        jws = parse_jws(token)
    except DocumentError as error:
        code = error.code if error.code != "unreadable_input" else "presentation_invalid"
        return _unreadable("vp-jwt", code, str(error))
    payload = jws.payload if isinstance(jws.payload, dict) else {}
    wrapped = payload.get("vp")
    vp = (
        wrapped
        if isinstance(wrapped, dict)
        else {k: v for k, v in payload.items() if k not in _JWT_CLAIMS}
    )
    if "holder" not in vp and isinstance(payload.get("iss"), str):
        vp = {**vp, "holder": payload["iss"]}
    holder, items, problem = _shape(vp)
    if not problem and payload.get("iss") not in (None, holder):
        problem = "iss is not the holder"
    if problem:
        return _unreadable("vp-jwt", "presentation_invalid", problem)
    keys = KeyResolver(request.did_documents)
    outcome = verify_jws(jws, keys)
    bound = _challenge(payload.get("nonce"), payload.get("aud"), request)
    expiry = payload.get("exp")
    if bound.outcome is Outcome.PASSED and expiry is not None:
        if not isinstance(expiry, int | float) or request.now.timestamp() >= expiry:
            bound = Check.of(
                PresentationCheck.CHALLENGE, Outcome.FAILED, "presentation_expired", str(expiry)
            )
    return _finish("vp-jwt", holder, items, outcome, keys, bound, request)


def _challenge(challenge: object, domain: object, request: _Request) -> Check:
    if challenge != request.challenge:
        detail = "absent" if challenge is None else "another request's"
        return Check.of(PresentationCheck.CHALLENGE, Outcome.FAILED, "challenge_mismatch", detail)
    if request.domain is not None:
        domains = domain if isinstance(domain, list) else [domain]
        if request.domain not in domains:
            detail = f"made for {str(domain)[:60]}"
            return Check.of(PresentationCheck.CHALLENGE, Outcome.FAILED, "domain_mismatch", detail)
    return Check.passed(PresentationCheck.CHALLENGE)


def _holder_check(outcome: ProofOutcome, keys: KeyResolver, holder: str) -> Check:
    method = keys.resolved.get(outcome.verification_method)
    if not outcome.valid or method is None:
        return Check.of(PresentationCheck.HOLDER, Outcome.SKIPPED, "status_after_proof")
    if method.controller != holder:
        return Check.of(PresentationCheck.HOLDER, Outcome.FAILED, "holder_key_mismatch", holder)
    if not method.authentication:
        return Check.of(PresentationCheck.HOLDER, Outcome.FAILED, "key_not_for_authentication")
    return Check.passed(PresentationCheck.HOLDER)


def _finish(
    form: str,
    holder: str,
    items: list[Any],
    outcome: ProofOutcome,
    keys: KeyResolver,
    bound: Check,
    request: _Request,
) -> PresentationResult:
    proof = (
        Check.passed(PresentationCheck.PROOF)
        if outcome.valid
        else Check.of(PresentationCheck.PROOF, Outcome.FAILED, outcome.code, outcome.detail)
    )
    results = tuple(
        verify_credential(
            item,
            now=request.now,
            did_documents=request.did_documents,
            status_lists=request.status_lists,
            loader=request.loader,
            trust=request.trust,
        )
        for item in items
    )
    checks = (
        Check.passed(PresentationCheck.SHAPE),
        proof,
        _holder_check(outcome, keys, holder),
        bound,
        _subjects(items, holder),
        _credentials(results),
    )
    verified = outcome.valid and all(c.outcome is Outcome.PASSED for c in checks)
    return PresentationResult(verified, form, holder, checks, results)


def _subject_ids(item: Mapping[str, Any] | str) -> list[object]:
    if isinstance(item, str):
        try:
            item = unverified_credential(item)
        except DocumentError:
            return [None]
    subject = item.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    return [s.get("id") if isinstance(s, Mapping) else None for s in subjects]


def _subjects(items: list[Any], holder: str) -> Check:
    for index, item in enumerate(items):
        if any(subject != holder for subject in _subject_ids(item)):
            detail = f"credential {index + 1}"
            return Check.of(
                PresentationCheck.SUBJECTS, Outcome.FAILED, "subject_not_holder", detail
            )
    return Check.passed(PresentationCheck.SUBJECTS)


def _credentials(results: tuple[VerificationResult, ...]) -> Check:
    if not results:
        return Check.of(PresentationCheck.CREDENTIALS, Outcome.FAILED, "no_credentials")
    for code in ("revoked", "suspended"):
        for index, result in enumerate(results):
            if result.check(CheckName.STATUS).code == code:
                detail = f"credential {index + 1}"
                return Check.of(
                    PresentationCheck.CREDENTIALS, Outcome.FAILED, f"credential_{code}", detail
                )
    for index, result in enumerate(results):
        if not result.verified:
            failed = result.failures[0].code if result.failures else "not verified"
            detail = f"credential {index + 1}: {failed}"
            return Check.of(
                PresentationCheck.CREDENTIALS, Outcome.FAILED, "credential_invalid", detail
            )
    return Check.passed(PresentationCheck.CREDENTIALS)
