"""Presentations to an employer, on a live server: a wallet holding a copy of a badge
presents it (directly to ``/v1/presentations/verify``, or by OpenID4VP ``direct_post`` to a
request the employer's page made); another challenge, a credential whose subject is not
the holder, or a revoked credential inside does not verify. Revoking the badge revokes
every copy: they share its status-list entry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from badges import KeyPair, encode_presentation_jwt, sign_presentation
from tests.e2e.api.trajectory_events import post_event, retraction
from tests.e2e.api.wallet_exchange import (
    WalletServer,
    a_nonce,
    a_wallet_key,
    an_offer,
    key_proof,
    redeem,
    request_credential,
    wallet_server,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WalletServer]:
    yield from wallet_server(tmp_path_factory.mktemp("presentations"))


def module_badge(server: WalletServer) -> dict[str, Any]:
    """An active module badge of the learner, with its row (basis, trajectory)."""
    for badge in server.badges_of():
        row = server.parts.services.credentials.get(badge["badge_id"])
        if row is not None and row["kind"] == "module":
            return row
    raise AssertionError("the demo learner has no module badge")


def a_copy(server: WalletServer, badge_id: str, key: KeyPair, fmt: str = "ldp_vc") -> Any:
    offer = an_offer(server, badge_id)
    token = redeem(server, offer.pre_authorized_code, offer.tx_code).json()["access_token"]
    proof = key_proof(key, audience=server.base_url, nonce=a_nonce(server))
    answer = request_credential(server, token, proof, credential_identifier=f"{fmt}:{badge_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()["credentials"][0]["credential"]


def verify(server: WalletServer, presentation: Any, challenge: str, domain: str) -> Any:
    body = {"presentation": presentation, "challenge": challenge, "domain": domain}
    with server.client() as client:
        answer = client.post("/v1/presentations/verify", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def checks(result: dict[str, Any]) -> dict[str, str]:
    return {c["check"]: c["code"] for c in result["checks"]}


NOW = datetime.now(UTC)
DOMAIN = "https://werkgever.example"


def test_a_presentation_signed_by_the_holder_verifies(server: WalletServer) -> None:
    key = a_wallet_key(61)
    copy = a_copy(server, module_badge(server)["badge_id"], key)
    presentation = sign_presentation([copy], key, challenge="c-1", domain=DOMAIN, created=NOW)
    result = verify(server, presentation, "c-1", DOMAIN)
    assert result["verified"], result
    assert result["credentials"][0]["issuer"]["trust"] == "this-server"


def test_a_jwt_presentation_of_a_jwt_copy_verifies(server: WalletServer) -> None:
    key = a_wallet_key(62)
    copy = a_copy(server, module_badge(server)["badge_id"], key, "jwt_vc_json")
    token = encode_presentation_jwt([copy], key, nonce="n-2", audience=DOMAIN, issued_at=NOW)
    assert verify(server, token, "n-2", DOMAIN)["verified"]


def test_the_same_presentation_with_another_challenge_does_not_verify(
    server: WalletServer,
) -> None:
    key = a_wallet_key(63)
    copy = a_copy(server, module_badge(server)["badge_id"], key)
    presentation = sign_presentation([copy], key, challenge="c-3", domain=DOMAIN, created=NOW)
    result = verify(server, presentation, "another-challenge", DOMAIN)
    assert not result["verified"]
    assert checks(result)["challenge"] == "challenge_mismatch"


def test_a_credential_whose_subject_is_not_the_holder_does_not_verify(
    server: WalletServer,
) -> None:
    owner, presenter = a_wallet_key(64), a_wallet_key(65)
    copy = a_copy(server, module_badge(server)["badge_id"], owner)
    presentation = sign_presentation([copy], presenter, challenge="c-4", domain=DOMAIN, created=NOW)
    result = verify(server, presentation, "c-4", DOMAIN)
    assert not result["verified"]
    assert checks(result)["subjects"] == "subject_not_holder"


def wallet_answers(server: WalletServer, key: KeyPair, copy: Any) -> tuple[str, dict[str, Any]]:
    """The employer makes a request; the wallet reads it and posts its VP Token."""
    with server.client() as client:
        created = client.post("/v1/presentation-requests").json()
    request = dict(httpx.URL(created["authorization_request"]).params)
    assert request["response_mode"] == "direct_post"
    assert request["client_id"] == f"redirect_uri:{request['response_uri']}"
    query = json.loads(request["dcql_query"])
    assert query["credentials"][0]["format"] == "ldp_vc"
    presentation = sign_presentation(
        [copy], key, challenge=request["nonce"], domain=request["client_id"], created=NOW
    )
    vp_token = json.dumps({query["credentials"][0]["id"]: [presentation]})
    posted = httpx.post(
        request["response_uri"], data={"vp_token": vp_token, "state": request["state"]}
    )
    assert posted.status_code == 200, posted.text
    with server.client() as client:
        status: dict[str, Any] = client.get(
            f"/v1/presentation-requests/{created['transaction_id']}"
        ).json()
    return created["transaction_id"], status


def test_a_wallet_answers_an_employers_request_by_direct_post(server: WalletServer) -> None:
    key = a_wallet_key(66)
    copy = a_copy(server, module_badge(server)["badge_id"], key)
    transaction, status = wallet_answers(server, key, copy)
    assert status["status"] == "answered"
    assert status["result"]["verified"], status
    with server.client() as client:
        page = client.get(f"/present/{transaction}")
    assert 'data-testid="present-verdict" class="valid"' in page.text
    assert "refresh" not in page.headers


def test_a_request_is_answered_once(server: WalletServer) -> None:
    with server.client() as client:
        created = client.post("/v1/presentation-requests").json()
    request = dict(httpx.URL(created["authorization_request"]).params)
    post = {"error": "access_denied", "state": request["state"]}
    assert httpx.post(request["response_uri"], data=post).status_code == 200
    again = httpx.post(request["response_uri"], data=post)
    assert again.status_code == 404
    assert again.headers["content-type"] == "application/problem+json"


def test_the_employer_page_shows_a_qr_code_then_the_result(server: WalletServer) -> None:
    with server.client() as client:
        started = client.post("/present", follow_redirects=False)
        assert started.status_code == 303
        page = client.get(started.headers["location"])
    assert page.status_code == 200
    assert page.headers["refresh"] == "3"
    assert 'data-testid="present-qr" ' in page.text
    assert "<script>" not in page.text


def test_revoking_a_badge_revokes_every_copy_and_presentations_of_it(
    server: WalletServer,
) -> None:
    row = module_badge(server)
    key = a_wallet_key(67)
    copies = [a_copy(server, row["badge_id"], key), a_copy(server, row["badge_id"], key)]
    with server.client("lead") as lead:
        event = retraction(
            row["basis"][0], "verkeerde leerling", occurred_at=datetime.now(UTC).isoformat()
        )
        retracted = post_event(lead, row["trajectory_id"], event)
    assert retracted.status_code == 201, retracted.text
    with server.client() as client:
        for copy in copies:
            result = client.post("/v1/verify", json=copy).json()
            assert not result["verified"]
            assert {c["check"]: c["code"] for c in result["checks"]}["status"] == "revoked"
    presentation = sign_presentation(copies[:1], key, challenge="c-9", domain=DOMAIN, created=NOW)
    result = verify(server, presentation, "c-9", DOMAIN)
    assert not result["verified"]
    assert checks(result)["credentials"] == "credential_revoked"
    offer = {"badge_id": row["badge_id"]}
    with server.client("learner") as client:
        assert client.post("/v1/me/credential-offers", json=offer).status_code == 404
