"""Who issued: status lists only from the issuer's own keys, and trust never self-asserted."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from badge_builders import (
    NOW,
    STATUS_URL,
    a_request,
    a_signed_credential,
    a_status_list_of,
    a_web_issuer,
    issuer_did,
    issuer_key,
)

from badges import (
    CheckName,
    IssuerProfile,
    IssuerTrust,
    StatusList,
    StatusPurpose,
    TrustPolicy,
    add_proof,
    build_credential,
    verify_credential,
)
from badges.result import Outcome

INDEX = 4242
ELEKTRO = "Centrum voor Duaal Leren Elektro"


def _revocations(revoked: bool) -> StatusList:
    return StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(INDEX, revoked)


def test_status_list_signed_by_a_stranger_claiming_the_issuer_is_refused() -> None:
    key = issuer_key()
    # a list that says it is the issuer's, but is signed by another did:key
    forged = a_status_list_of(issuer_key(seed=99), issuer_did(key), _revocations(False))
    result = verify_credential(
        a_signed_credential(key), now=NOW, status_lists={STATUS_URL: forged}.get
    )
    status = result.check(CheckName.STATUS)
    assert status.code == "status_list_invalid"
    assert "not signed by a key of the credential's issuer" in status.reason_en


def test_forged_status_list_cannot_unrevoke_a_did_web_credential() -> None:
    key, document = a_web_issuer()
    did = document["id"]
    credential = add_proof(build_credential(a_request(key)), key, created=NOW)
    forged = a_status_list_of(issuer_key(seed=99), did, _revocations(False))
    result = verify_credential(
        credential, now=NOW, did_documents={did: document}, status_lists={STATUS_URL: forged}.get
    )
    assert not result.verified
    assert result.check(CheckName.STATUS).code == "status_list_invalid"


def test_status_list_signed_by_the_issuers_own_key_is_read() -> None:
    key, document = a_web_issuer()
    did = document["id"]
    credential = add_proof(build_credential(a_request(key)), key, created=NOW)
    genuine = a_status_list_of(key, did, _revocations(True))
    result = verify_credential(
        credential, now=NOW, did_documents={did: document}, status_lists={STATUS_URL: genuine}.get
    )
    assert result.check(CheckName.STATUS).code == "revoked"


def _impersonation() -> dict[str, Any]:
    """cdo-elektro's name, re-signed with a fresh did:key (issue 15)."""
    fresh = issuer_key(seed=42)
    request = a_request(fresh)
    request = replace(request, issuer=IssuerProfile(issuer_did(fresh), ELEKTRO))
    return add_proof(build_credential(request), fresh, created=NOW)


def test_impersonating_issuer_name_is_reported_unknown_and_only_as_a_claim() -> None:
    _, elektro = a_web_issuer()
    policy = TrustPolicy(own={elektro["id"]: ELEKTRO})
    result = verify_credential(_impersonation(), now=NOW, trust=policy)
    assert result.issuer.trust is IssuerTrust.UNKNOWN
    assert result.issuer.name is None
    assert result.issuer.claimed_name == ELEKTRO
    assert result.issuer.id.startswith("did:key:")


def test_our_own_issuer_is_this_server_with_the_name_we_know() -> None:
    key, document = a_web_issuer()
    credential = add_proof(build_credential(a_request(key)), key, created=NOW)
    policy = TrustPolicy(own={document["id"]: ELEKTRO})
    result = verify_credential(
        credential, now=NOW, did_documents={document["id"]: document}, trust=policy
    )
    assert (result.issuer.trust, result.issuer.name) == (IssuerTrust.THIS_SERVER, ELEKTRO)
    assert result.issuer.claimed_name == "CVO Vitant"


def test_listed_foreign_issuer_is_trusted_with_the_listed_name() -> None:
    key = issuer_key()
    policy = TrustPolicy(trusted={issuer_did(key): "CVO Vitant (erkend)"})
    result = verify_credential(a_signed_credential(key), now=NOW, trust=policy)
    assert (result.issuer.trust, result.issuer.name) == (IssuerTrust.TRUSTED, "CVO Vitant (erkend)")


def test_trust_is_not_given_when_the_key_is_not_the_issuers() -> None:
    key = issuer_key()
    credential = a_signed_credential(key)
    credential_for_other = build_credential(a_request(key))
    credential_for_other["issuer"]["id"] = issuer_did(issuer_key(seed=3))
    signed = add_proof(credential_for_other, key, created=NOW)
    policy = TrustPolicy(own={issuer_did(issuer_key(seed=3)): "Ons"})
    result = verify_credential(signed, now=NOW, trust=policy)
    assert result.check(CheckName.ISSUER).code == "key_not_issuers"
    assert result.issuer.trust is IssuerTrust.UNKNOWN
    assert verify_credential(credential, now=NOW).check(CheckName.ISSUER).outcome is Outcome.PASSED


def test_tampered_credential_of_a_trusted_issuer_gets_no_trust() -> None:
    key = issuer_key()
    credential = a_signed_credential(key)
    credential["name"] = "Chef-kok"
    policy = TrustPolicy(trusted={issuer_did(key): "CVO Vitant"})
    result = verify_credential(credential, now=NOW, trust=policy)
    assert not result.verified
    assert result.issuer.trust is IssuerTrust.UNKNOWN


def test_result_with_issuer_serialises_to_json() -> None:
    result = verify_credential(_impersonation(), now=NOW, trust=TrustPolicy())
    encoded = json.loads(json.dumps(result.to_json()))
    assert encoded["issuer"] == {
        "id": result.issuer.id,
        "name": None,
        "trust": "unknown",
        "claimedName": ELEKTRO,
    }
    assert [check["code"] for check in encoded["checks"]][:3] == ["passed", "passed", "passed"]
