"""Acceptance (issue 20): an independent, maintained OpenID4VCI wallet-side client, the
OpenWallet Foundation's ``@openid4vc/openid4vci`` (pinned below; Credo builds on it),
completes the pre-authorized code flow against a live server on 127.0.0.1 and receives a
credential that verifies in our verifier and in digitalbazaar's; a wrong transaction
code, a reused pre-authorized code, a key proof with a stale nonce or for another audience
are refused, each with its OpenID4VCI error.

The npm packages are installed from the public registry into ``.cache/npm-oid4vci`` on
first run. Skipped, loudly, only when node or npm is missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conformance.external_tools import installed, json_lines, verify_in_node
from tests.e2e.api.wallet_exchange import WalletServer, wallet_server


@pytest.fixture(scope="module")
def wallet_client() -> Path:
    return installed(
        "npm-oid4vci",
        ["@openid4vc/openid4vci@0.4.6", "@openid4vc/oauth2@0.4.6", "@openid4vc/utils@0.4.6"],
        Path(__file__).parent / "js" / "oid4vci_wallet.mjs",
        what="the OpenID4VCI client",
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WalletServer]:
    yield from wallet_server(tmp_path_factory.mktemp("oid4vci-client"))


def an_offer(server: WalletServer, badge_id: str) -> dict[str, str]:
    with server.client("learner") as client:
        created = client.post("/v1/me/credential-offers", json={"badge_id": badge_id})
    assert created.status_code == 201, created.text
    return {"uri": created.json()["offer_uri"], "tx_code": created.json()["tx_code"]}


@pytest.fixture(scope="module")
def wallet_run(server: WalletServer, wallet_client: Path, tmp_path_factory: Any) -> Any:
    badge = server.badges_of()[0]["badge_id"]
    cases = ("happy", "wrong_tx", "stale_nonce", "other_audience")
    request = tmp_path_factory.mktemp("client") / "offers.json"
    request.write_text(json.dumps({"offers": {case: an_offer(server, badge) for case in cases}}))
    [output] = json_lines(["node", str(wallet_client), str(request)], timeout=300)
    return output


def test_the_client_reads_our_metadata_as_openid4vci_1_0(wallet_run: Any) -> None:
    assert wallet_run["metadata_version"] == "V1"


def test_the_client_receives_a_copy_bound_to_its_did_that_our_verifier_accepts(
    server: WalletServer, wallet_run: Any
) -> None:
    credential = wallet_run["credential"]
    assert credential["credentialSubject"]["id"] == wallet_run["holder"]
    assert wallet_run["holder"].startswith("did:jwk:")
    with server.client() as client:
        result = client.post("/v1/verify", json=credential).json()
    assert result["verified"], result


def test_the_received_copy_verifies_in_digitalbazaars_verifier(
    server: WalletServer, wallet_run: Any, node_verifier: Path
) -> None:
    credential = wallet_run["credential"]
    issuer = credential["issuer"]["id"]
    organisation = issuer.rsplit(":", 1)[-1]
    status_url = credential["credentialStatus"]["statusListCredential"]
    with server.client() as client:
        documents = {
            issuer: client.get(f"/issuers/{organisation}/did.json").json(),
            status_url: httpx.get(status_url, timeout=30).json(),
        }
    [result] = verify_in_node(
        node_verifier,
        [credential],
        documents,
        now=datetime.now(UTC),
        request_name="oid4vci-request.json",
    )
    assert result["verified"], result["error"]


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("wrong_tx_code", "invalid_grant"),
        ("reused_code", "invalid_grant"),
        ("stale_nonce", "invalid_nonce"),
        ("other_audience", "invalid_proof"),
    ],
)
def test_the_client_is_refused(wallet_run: Any, case: str, error: str) -> None:
    assert wallet_run[case]["refused"], wallet_run[case]
    assert wallet_run[case]["error"] == error, wallet_run[case]
