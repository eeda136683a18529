"""verify_credential: one structured, bilingual entry per check; never raises."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from badge_builders import (
    EXPIRES,
    ISSUED,
    NOW,
    STATUS_URL,
    SUSPENSION_URL,
    a_signed_credential,
    a_status_list_document,
    issuer_key,
)

from badges import (
    CheckName,
    Outcome,
    StatusList,
    StatusPurpose,
    status_entry,
    verify_credential,
)

INDEX = 4242


def _lists(*documents: dict[str, Any]) -> Any:
    by_url = {document["id"]: document for document in documents}
    return by_url.get


def _revocation_list(revoked: bool = False) -> dict[str, Any]:
    status_list = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(INDEX, revoked)
    return a_status_list_document(issuer_key(), status_list)


def test_valid_credential_passes_every_check() -> None:
    result = verify_credential(
        a_signed_credential(),
        now=NOW,
        status_lists=_lists(_revocation_list()),
        recipient="learner-7f3a",
    )
    assert result.verified
    assert [c.outcome for c in result.checks] == [Outcome.PASSED] * 7


def test_each_check_has_dutch_and_english_reason() -> None:
    result = verify_credential(a_signed_credential(), now=NOW)
    for check in result.checks:
        assert check.reason_nl
        assert check.reason_en
        assert check.reason_nl != check.reason_en or check.code == "passed"


def test_expired_credential_reports_expired() -> None:
    result = verify_credential(a_signed_credential(), now=EXPIRES + timedelta(seconds=1))
    assert not result.verified
    assert result.check(CheckName.VALIDITY).code == "expired"


def test_credential_before_valid_from_reports_not_yet_valid() -> None:
    result = verify_credential(a_signed_credential(), now=ISSUED - timedelta(days=1))
    assert result.check(CheckName.VALIDITY).code == "not_yet_valid"


def test_revoked_credential_reports_revoked() -> None:
    result = verify_credential(
        a_signed_credential(), now=NOW, status_lists=_lists(_revocation_list(revoked=True))
    )
    assert not result.verified
    assert result.check(CheckName.STATUS).code == "revoked"
    assert result.check(CheckName.STATUS).reason_nl == "Ingetrokken door de uitgever."


def test_suspended_then_reinstated_credential() -> None:
    key = issuer_key()
    suspension = StatusList(SUSPENSION_URL, StatusPurpose.SUSPENSION)
    credential = a_signed_credential(key, status=(status_entry(suspension, INDEX),))
    suspended = a_status_list_document(key, suspension.with_status(INDEX, True))
    result = verify_credential(credential, now=NOW, status_lists=_lists(suspended))
    assert result.check(CheckName.STATUS).code == "suspended"
    reinstated = a_status_list_document(key, suspension)
    assert verify_credential(credential, now=NOW, status_lists=_lists(reinstated)).verified


def test_revocation_and_suspension_entries_together_report_worst() -> None:
    key = issuer_key()
    entries = (
        status_entry(StatusList(STATUS_URL, StatusPurpose.REVOCATION), INDEX),
        status_entry(StatusList(SUSPENSION_URL, StatusPurpose.SUSPENSION), INDEX),
    )
    credential = a_signed_credential(key, status=entries)
    suspension = StatusList(SUSPENSION_URL, StatusPurpose.SUSPENSION).with_status(INDEX, True)
    lists = _lists(_revocation_list(), a_status_list_document(key, suspension))
    result = verify_credential(credential, now=NOW, status_lists=lists)
    assert result.check(CheckName.SCHEMA).outcome is Outcome.PASSED
    assert result.check(CheckName.STATUS).code == "suspended"


def test_unavailable_status_list_is_not_checkable_not_passed() -> None:
    result = verify_credential(a_signed_credential(), now=NOW)
    status = result.check(CheckName.STATUS)
    assert status.outcome is Outcome.SKIPPED
    assert status.code == "status_unavailable"


def test_status_list_from_another_issuer_is_refused() -> None:
    intruder = a_status_list_document(
        issuer_key(seed=99), StatusList(STATUS_URL, StatusPurpose.REVOCATION)
    )
    result = verify_credential(a_signed_credential(), now=NOW, status_lists=_lists(intruder))
    assert result.check(CheckName.STATUS).code == "status_list_invalid"


def test_tampered_credential_fails_proof_and_skips_status() -> None:
    credential = a_signed_credential()
    credential["credentialSubject"]["achievement"]["name"] = "Chef-kok"
    result = verify_credential(
        credential, now=NOW, status_lists=_lists(_revocation_list(revoked=True))
    )
    assert result.check(CheckName.PROOF).code == "proof_invalid_signature"
    assert result.check(CheckName.STATUS).outcome is Outcome.SKIPPED
    assert not result.verified


def test_issuer_not_controlling_the_key_fails_binding() -> None:
    credential = a_signed_credential()
    credential.pop("proof")
    credential["issuer"]["id"] = "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
    from badges import add_proof

    resigned = add_proof(credential, issuer_key(), created=ISSUED)
    result = verify_credential(resigned, now=NOW)
    assert result.check(CheckName.PROOF).outcome is Outcome.PASSED
    assert result.check(CheckName.ISSUER).code == "key_not_issuers"
    assert not result.verified


def test_unresolvable_did_web_key_fails_issuer_and_proof() -> None:
    credential = a_signed_credential()
    credential["proof"]["verificationMethod"] = "did:web:cvo.example#key-1"
    result = verify_credential(credential, now=NOW)
    assert result.check(CheckName.PROOF).code == "did_unresolvable"
    assert result.check(CheckName.ISSUER).code == "did_unresolvable"


def test_recipient_mismatch_is_reported() -> None:
    result = verify_credential(a_signed_credential(), now=NOW, recipient="someone-else")
    assert result.check(CheckName.RECIPIENT).code == "recipient_mismatch"


def test_recipient_not_asked_is_skipped() -> None:
    result = verify_credential(a_signed_credential(), now=NOW)
    assert result.check(CheckName.RECIPIENT).outcome is Outcome.SKIPPED


def test_unknown_context_is_a_failed_check_not_an_exception() -> None:
    credential = a_signed_credential()
    credential["@context"].append("https://evil.example/ctx.json")
    result = verify_credential(credential, now=NOW)
    assert result.check(CheckName.CONTEXT).code == "unknown_context"
    assert not result.verified


def test_unversioned_or_missing_ob_context_fails_context_check() -> None:
    credential = a_signed_credential()
    credential["@context"] = credential["@context"][:1]
    assert verify_credential(credential, now=NOW).check(CheckName.CONTEXT).code == (
        "context_invalid"
    )


@pytest.mark.parametrize("junk", [None, 42, "not a jwt", [1, 2], b"bytes", {"a": 1}])
def test_junk_input_gives_failed_result(junk: object) -> None:
    result = verify_credential(junk, now=NOW)
    assert not result.verified
    assert len(result.checks) == 7


def test_result_serialises_to_json() -> None:
    import json

    result = verify_credential(a_signed_credential(), now=NOW)
    data = json.loads(json.dumps(result.to_json()))
    assert data["checks"][0]["reason"]["nl"]
    assert data["format"] == "data-integrity"


def test_result_is_frozen() -> None:
    from dataclasses import FrozenInstanceError

    result = verify_credential(a_signed_credential(), now=NOW)
    with pytest.raises(FrozenInstanceError):
        result.verified = False  # type: ignore[misc]


def test_credential_with_embedded_translations_verifies() -> None:
    from dataclasses import replace

    from badge_builders import a_request

    from badges import add_proof, build_credential

    key = issuer_key()
    request = a_request(key)
    request = replace(request, achievement=replace(request.achievement, embed_translations=True))
    credential = add_proof(build_credential(request), key, created=ISSUED)
    result = verify_credential(credential, now=NOW)
    assert result.check(CheckName.CONTEXT).code == "passed"
    assert result.check(CheckName.PROOF).code == "passed"
