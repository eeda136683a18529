"""Verifiable Presentations: the holder's proof, its binding, and every credential inside."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from badge_builders import (
    NOW,
    STATUS_URL,
    a_credential_for,
    a_holder,
    a_jwk_holder,
    a_request,
    a_signed_credential,
    a_status_list_document,
    issuer_key,
)

from badges import (
    Outcome,
    PresentationCheck,
    Recipient,
    StatusList,
    StatusPurpose,
    add_proof,
    build_credential,
    encode_jwt,
    encode_presentation_jwt,
    sign_presentation,
    verify_presentation,
)

CHALLENGE, DOMAIN = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d", "https://werkgever.example"
INDEX = 4242


def _lists(revoked: bool = False) -> Any:
    bits = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(INDEX, revoked)
    return {STATUS_URL: a_status_list_document(issuer_key(), bits)}.get


def _verify(presentation: object, *, revoked: bool = False, **overrides: Any) -> Any:
    options: dict[str, Any] = {"challenge": CHALLENGE, "domain": DOMAIN, "now": NOW}
    options["status_lists"] = _lists(revoked)
    return verify_presentation(presentation, **{**options, **overrides})


# What binds a presentation to this verifier's request, in each format's own words.
SIGNING = {"challenge": CHALLENGE, "domain": DOMAIN, "created": NOW}
JWT_CLAIMS = {"nonce": CHALLENGE, "audience": DOMAIN, "issued_at": NOW}
T = TypeVar("T")


def _presented(
    encode: Callable[..., T],
    binding: dict[str, Any],
    credentials: list[Any] | None,
    holder: Any,
    options: dict[str, Any],
) -> T:
    """The holder's presentation of ``credentials`` (by default one credential issued to
    it), bound as the verifier asked unless ``options`` say otherwise."""
    holder = holder or a_holder()
    credentials = credentials if credentials is not None else [a_credential_for(holder)]
    return encode(credentials, holder, **{**binding, **options})


def _signed(credentials: list[Any] | None = None, holder: Any = None, **options: Any) -> Any:
    return _presented(sign_presentation, SIGNING, credentials, holder, options)


def test_holder_signed_presentation_verifies() -> None:
    result = _verify(_signed())
    assert result.verified, result.to_json()
    assert [c.outcome for c in result.checks] == [Outcome.PASSED] * 6
    assert result.credentials[0].verified
    assert result.holder == a_holder().verification_method.split("#")[0]


def test_presentation_for_another_challenge_is_refused() -> None:
    result = _verify(_signed(), challenge="another-request")
    assert not result.verified
    assert result.check(PresentationCheck.CHALLENGE).code == "challenge_mismatch"


def test_presentation_for_another_verifier_is_refused() -> None:
    result = _verify(_signed(), domain="https://elders.example")
    assert result.check(PresentationCheck.CHALLENGE).code == "domain_mismatch"


def test_credential_whose_subject_is_not_the_holder_is_refused() -> None:
    someone_else = a_signed_credential(recipient=Recipient(did="did:example:someone-else"))
    result = _verify(_signed([someone_else]))
    assert not result.verified
    assert result.check(PresentationCheck.SUBJECTS).code == "subject_not_holder"


def test_revoked_credential_inside_is_refused() -> None:
    result = _verify(_signed(), revoked=True)
    assert not result.verified
    assert result.check(PresentationCheck.CREDENTIALS).code == "credential_revoked"
    assert result.check(PresentationCheck.PROOF).code == "passed"


def test_credential_changed_after_presenting_is_refused() -> None:
    presentation = _signed()
    changed = copy.deepcopy(presentation)
    changed["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = "Chef"
    result = _verify(changed)
    assert result.check(PresentationCheck.PROOF).code == "proof_invalid_signature"
    assert result.check(PresentationCheck.CREDENTIALS).code == "credential_invalid"


def test_presentation_signed_by_someone_other_than_the_holder_is_refused() -> None:
    holder, thief = a_holder(), a_holder(seed=77)
    unsigned = {k: v for k, v in _signed(holder=holder).items() if k != "proof"}
    stolen = add_proof(
        unsigned,
        thief,
        created=NOW,
        purpose="authentication",
        challenge=CHALLENGE,
        domain=DOMAIN,
    )
    result = _verify(stolen)
    assert result.check(PresentationCheck.HOLDER).code == "holder_key_mismatch"


def test_presentation_proof_made_for_assertion_is_refused() -> None:
    holder = a_holder()
    unsigned = {k: v for k, v in _signed().items() if k != "proof"}
    asserted = add_proof(unsigned, holder, created=NOW, challenge=CHALLENGE, domain=DOMAIN)
    result = _verify(asserted)
    assert result.check(PresentationCheck.PROOF).code == "proof_purpose"


def test_expired_presentation_proof_is_refused() -> None:
    presentation = _signed()
    presentation["proof"]["expires"] = "2025-01-01T00:00:00Z"  # signed options changed too
    result = _verify(presentation)
    assert not result.verified
    assert result.check(PresentationCheck.CHALLENGE).code == "presentation_expired"


def test_presentation_without_credentials_is_refused() -> None:
    result = _verify(_signed([]))
    assert result.check(PresentationCheck.CREDENTIALS).code == "no_credentials"


def _jwt(credentials: list[Any] | None = None, holder: Any = None, **options: Any) -> str:
    return _presented(encode_presentation_jwt, JWT_CLAIMS, credentials, holder, options)


def test_holder_signed_jwt_presentation_verifies() -> None:
    result = _verify(_jwt())
    assert result.verified, result.to_json()
    assert result.format == "vp-jwt"


def test_jwt_presentation_with_another_nonce_is_refused() -> None:
    result = _verify(_jwt(nonce="stale"))
    assert result.check(PresentationCheck.CHALLENGE).code == "challenge_mismatch"


def test_jwt_presentation_for_another_audience_is_refused() -> None:
    result = _verify(_jwt(audience="https://elders.example"))
    assert result.check(PresentationCheck.CHALLENGE).code == "domain_mismatch"


def test_jwt_presentation_with_revoked_credential_is_refused() -> None:
    result = _verify(_jwt(), revoked=True)
    assert result.check(PresentationCheck.CREDENTIALS).code == "credential_revoked"


def test_jwt_presentation_of_a_vc_jwt_for_someone_else_is_refused() -> None:
    key = issuer_key()
    other = build_credential(a_request(key, recipient=Recipient(did="did:example:other")))
    result = _verify(_jwt([encode_jwt(other, key)]))
    assert result.check(PresentationCheck.SUBJECTS).code == "subject_not_holder"


def test_did_jwk_holder_presents_a_vc_jwt() -> None:
    holder, key = a_jwk_holder(), issuer_key()
    holder_did = holder.verification_method.split("#")[0]
    credential = build_credential(a_request(key, recipient=Recipient(did=holder_did)))
    result = _verify(_jwt([encode_jwt(credential, key)], holder=holder))
    assert result.verified, result.to_json()


def test_did_jwk_holder_signs_a_data_integrity_presentation() -> None:
    holder = a_jwk_holder()
    result = _verify(_signed([a_credential_for(holder)], holder=holder))
    assert result.verified, result.to_json()


@pytest.mark.parametrize("value", [[], "not a presentation", 7, {"type": ["Other"]}])
def test_things_that_are_not_presentations_are_refused_with_a_code(value: object) -> None:
    result = _verify(value)
    assert not result.verified
    assert result.check(PresentationCheck.SHAPE).outcome is Outcome.FAILED


def test_deep_presentation_is_refused_without_raising() -> None:
    nested: Any = "leaf"
    for _ in range(5000):
        nested = {"a": nested}
    result = _verify({**_signed(), "x": nested})
    assert result.check(PresentationCheck.SHAPE).code == "document_too_deep"
