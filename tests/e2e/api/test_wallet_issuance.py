"""OpenID4VCI 1.0 against a live server: a learner offers a badge to their own wallet app,
the wallet redeems the pre-authorized code with the transaction code, proves its key and
receives a new copy bound to its DID, recorded in the ledger; and every refusal the
specification names answers with its own error."""

from __future__ import annotations

import time
from uuid import UUID

import httpx

from api.http.routers.wallet_issuance import WALLET_SCOPE
from badges import unverified_credential
from tests.e2e.api.oauth_flow import READ, access_token
from tests.e2e.api.wallet_exchange import (
    WalletServer,
    a_nonce,
    a_wallet_key,
    an_offer,
    holder_did,
    key_proof,
    redeem,
    request_credential,
    server,
)

__all__ = ["server"]  # the module's live server fixture
PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def delivered_copies(server: WalletServer, badge_id: str) -> list[dict[str, object]]:
    row = server.parts.services.credentials.get(badge_id)
    assert row is not None
    trajectory = server.ledger.trajectory(UUID(row["trajectory_id"]))
    return [
        dict(f.fields) for f in trajectory.facts.values() if f.event_type == "BadgeCopyDelivered"
    ]


def an_access_token(server: WalletServer, badge_id: str | None = None) -> tuple[str, list[str]]:
    offer = an_offer(server, badge_id)
    answer = redeem(server, offer.pre_authorized_code, offer.tx_code)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"], offer.badge_ids


def test_the_metadata_names_our_endpoints_and_the_ob3_configurations(server: WalletServer) -> None:
    with server.client() as client:
        issuer = client.get("/.well-known/openid-credential-issuer").json()
        oauth = client.get("/.well-known/oauth-authorization-server").json()
    assert issuer["credential_issuer"] == server.base_url
    assert issuer["nonce_endpoint"] == f"{server.base_url}/oid4vci/nonce"
    configurations = issuer["credential_configurations_supported"]
    ldp = configurations["OpenBadgeCredential_ldp_vc"]
    assert ldp["format"] == "ldp_vc"
    assert ldp["credential_signing_alg_values_supported"] == ["eddsa-rdfc-2022"]
    assert ldp["credential_definition"]["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert configurations["OpenBadgeCredential_jwt_vc_json"]["format"] == "jwt_vc_json"
    assert oauth["issuer"] == server.base_url
    assert PRE_AUTHORIZED in oauth["grant_types_supported"]
    assert oauth["pre-authorized_grant_anonymous_access_supported"] is True


def test_a_wallet_receives_a_copy_bound_to_its_did_recorded_in_the_ledger(
    server: WalletServer,
) -> None:
    badge = server.badges_of()[0]["badge_id"]
    token, _ = an_access_token(server, badge)
    key = a_wallet_key()
    proof = key_proof(key, audience=server.base_url, nonce=a_nonce(server))
    answer = request_credential(server, token, proof)
    assert answer.status_code == 200, answer.text
    copy = answer.json()["credentials"][0]["credential"]
    assert copy["credentialSubject"]["id"] == holder_did(key)
    with server.client() as client:
        verified = client.post("/v1/verify", json=copy).json()
    assert verified["verified"], verified
    assert verified["issuer"]["trust"] in ("this-server", "unknown")
    recorded = [c for c in delivered_copies(server, badge) if c["copy_id"] == copy["id"]]
    assert recorded == [
        {
            "badge_id": badge,
            "copy_id": copy["id"],
            "holder_did": holder_did(key),
            "credential_format": "ldp_vc",
        }
    ]


def test_a_jwt_vc_json_copy_verifies(server: WalletServer) -> None:
    badge = server.badges_of()[0]["badge_id"]
    token, _ = an_access_token(server, badge)
    key = a_wallet_key(92)
    proof = key_proof(key, audience=server.base_url, nonce=a_nonce(server))
    answer = request_credential(server, token, proof, credential_identifier=f"jwt_vc_json:{badge}")
    assert answer.status_code == 200, answer.text
    jwt = answer.json()["credentials"][0]["credential"]
    assert unverified_credential(jwt)["credentialSubject"]["id"] == holder_did(key)
    with server.client() as client:
        verified = client.post("/v1/verify", content=jwt).json()
    assert verified["verified"], verified
    assert verified["format"] == "vc-jwt"


def test_an_offer_of_all_badges_delivers_each_in_turn(server: WalletServer) -> None:
    token, badge_ids = an_access_token(server)
    assert len(badge_ids) >= 2
    key = a_wallet_key(93)
    received = []
    for _ in badge_ids:
        proof = key_proof(key, audience=server.base_url, nonce=a_nonce(server))
        answer = request_credential(server, token, proof)
        assert answer.status_code == 200, answer.text
        received.append(answer.json()["credentials"][0]["credential"]["id"])
    copies = {c["copy_id"]: c["badge_id"] for b in badge_ids for c in delivered_copies(server, b)}
    assert sorted(copies[copy] for copy in received) == sorted(badge_ids)
    proof = key_proof(key, audience=server.base_url, nonce=a_nonce(server))
    exhausted = request_credential(server, token, proof)
    assert exhausted.json()["error"] == "credential_request_denied"


def test_a_wrong_transaction_code_is_refused_and_three_burn_the_code(
    server: WalletServer,
) -> None:
    offer = an_offer(server)
    wrong = "000000" if offer.tx_code != "000000" else "111111"
    for _ in range(3):
        answer = redeem(server, offer.pre_authorized_code, wrong)
        assert answer.status_code == 400
        assert answer.json()["error"] == "invalid_grant"
    burnt = redeem(server, offer.pre_authorized_code, offer.tx_code)
    assert burnt.json()["error"] == "invalid_grant"


def test_a_missing_transaction_code_is_an_invalid_request(server: WalletServer) -> None:
    offer = an_offer(server)
    answer = redeem(server, offer.pre_authorized_code, None)
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_request")


def test_a_pre_authorized_code_is_redeemed_once(server: WalletServer) -> None:
    offer = an_offer(server)
    assert redeem(server, offer.pre_authorized_code, offer.tx_code).status_code == 200
    again = redeem(server, offer.pre_authorized_code, offer.tx_code)
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")
    assert "no-store" in again.headers["cache-control"]


def test_a_used_offer_is_no_longer_served(server: WalletServer) -> None:
    offer = an_offer(server)
    redeem(server, offer.pre_authorized_code, offer.tx_code)
    uri = httpx.URL(offer.uri).params["credential_offer_uri"]
    assert httpx.get(uri, timeout=30).status_code == 404


def test_a_key_proof_with_a_used_nonce_is_refused(server: WalletServer) -> None:
    token, _ = an_access_token(server)
    key, nonce = a_wallet_key(94), a_nonce(server)
    first = request_credential(server, token, key_proof(key, audience=server.base_url, nonce=nonce))
    assert first.status_code == 200, first.text
    replay = request_credential(
        server, token, key_proof(key, audience=server.base_url, nonce=nonce)
    )
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_nonce")


def test_a_key_proof_with_an_invented_nonce_is_refused(server: WalletServer) -> None:
    token, _ = an_access_token(server)
    proof = key_proof(a_wallet_key(), audience=server.base_url, nonce="made-up")
    assert request_credential(server, token, proof).json()["error"] == "invalid_nonce"


def test_a_key_proof_for_another_audience_is_refused(server: WalletServer) -> None:
    token, _ = an_access_token(server)
    proof = key_proof(a_wallet_key(), audience="https://elders.example", nonce=a_nonce(server))
    answer = request_credential(server, token, proof)
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_proof")


def test_a_stale_key_proof_is_refused(server: WalletServer) -> None:
    token, _ = an_access_token(server)
    stale = time.time() - 3600
    proof = key_proof(a_wallet_key(), audience=server.base_url, nonce=a_nonce(server), iat=stale)
    assert request_credential(server, token, proof).json()["error"] == "invalid_proof"


def test_a_key_proof_without_a_nonce_is_refused(server: WalletServer) -> None:
    token, _ = an_access_token(server)
    proof = key_proof(a_wallet_key(), audience=server.base_url, nonce=None)
    assert request_credential(server, token, proof).json()["error"] == "invalid_proof"


def test_the_credential_endpoint_refuses_an_unknown_token(server: WalletServer) -> None:
    proof = key_proof(a_wallet_key(), audience=server.base_url, nonce=a_nonce(server))
    answer = request_credential(server, "not-a-token", proof)
    assert (answer.status_code, answer.json()["error"]) == (401, "invalid_token")
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_an_unknown_configuration_is_refused(server: WalletServer) -> None:
    token, _ = an_access_token(server)
    proof = key_proof(a_wallet_key(), audience=server.base_url, nonce=a_nonce(server))
    answer = request_credential(server, token, proof, credential_configuration_id="mDL")
    assert answer.json()["error"] == "unknown_credential_configuration"


def test_a_learner_cannot_offer_another_learners_badge(server: WalletServer) -> None:
    badge = server.badges_of()[0]["badge_id"]
    with server.client("other_learner") as client:
        answer = client.post("/v1/me/credential-offers", json={"badge_id": badge})
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


def test_the_authorization_code_flow_on_our_oauth_server_delivers_a_copy(
    server: WalletServer,
) -> None:
    """A wallet registers, the learner consents to the wallet scope on our consent page,
    and the access token fetches the learner's badges at the credential endpoint."""
    tokens = access_token(server, WALLET_SCOPE)  # type: ignore[arg-type]  # a live server
    key = a_wallet_key(95)
    proof = key_proof(key, audience=server.base_url, nonce=a_nonce(server))
    answer = request_credential(server, tokens["access_token"], proof)
    assert answer.status_code == 200, answer.text
    copy = answer.json()["credentials"][0]["credential"]
    assert copy["credentialSubject"]["id"] == holder_did(key)


def test_an_open_badges_api_token_does_not_fetch_credentials(server: WalletServer) -> None:
    tokens = access_token(server, READ)  # type: ignore[arg-type]
    proof = key_proof(a_wallet_key(), audience=server.base_url, nonce=a_nonce(server))
    answer = request_credential(server, tokens["access_token"], proof)
    assert (answer.status_code, answer.json()["error"]) == (401, "invalid_token")
