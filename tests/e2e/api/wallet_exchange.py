"""A live server for the wallet tests (OpenID4VCI, OpenID4VP) that knows its own URL: the
credential issuer identifier and the verifier's client id are that URL, as in production.
Plus the holder's side, written with the badges library (a wallet key, key proofs)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.bootstrap import Components
from api.http import create_app
from badges import KEY_PROOF_TYPE, KeyPair, did_key
from badges.vcjwt import encode_jws
from ledger import Ledger, Role
from tests.demo_site import demo_parts
from tests.live_server import free_port, serving
from tests.tokens import a_token


@dataclass
class WalletServer:
    base_url: str
    parts: Components
    tokens: dict[str, str]

    @property
    def ledger(self) -> Ledger:
        return self.parts.ledger

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[token]}"} if token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=60)

    def badges_of(self, learner: str = "learner") -> list[dict[str, Any]]:
        with self.client(learner) as client:
            answer = client.get("/v1/me/credentials")
        assert answer.status_code == 200, answer.text
        return [b for b in answer.json() if b["status"] == "active"]


def wallet_server(folder: Path, **settings: Any) -> Iterator[WalletServer]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    demo = demo_parts(folder, public_base_url=base, **settings)
    parts = demo.parts
    tokens = {
        "learner": a_token(parts.tokens, Role.LEARNER, learner="ilias"),
        "other_learner": a_token(parts.tokens, Role.LEARNER, learner="jana"),
        "lead": a_token(parts.tokens, Role.PROVIDER, "cdl-elektro"),
    }
    app = create_app(demo.settings, ledger=parts.ledger)
    with serving(app, port=port) as served:
        assert served == base
        yield WalletServer(base, app.state.components, tokens)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WalletServer]:
    yield from wallet_server(tmp_path_factory.mktemp("wallet"))


def a_wallet_key(seed: int = 91) -> KeyPair:
    """The holder's key in a wallet: a did:key, bound to its verification method."""
    pair = KeyPair.from_seed(bytes([seed]) * 32)
    return pair.bound_to(f"{did_key(pair.public_multibase)}#{pair.public_multibase}")


def holder_did(key: KeyPair) -> str:
    return key.verification_method.split("#", 1)[0]


def key_proof(key: KeyPair, *, audience: str, nonce: str | None, iat: float | None = None) -> str:
    """A ``jwt`` key proof (OpenID4VCI 1.0 Appendix F.1) as a wallet makes it."""
    header = {"typ": KEY_PROOF_TYPE, "alg": "EdDSA", "kid": key.verification_method}
    claims: dict[str, Any] = {"aud": audience, "iat": int(iat or time.time())}
    if nonce is not None:
        claims["nonce"] = nonce
    return encode_jws(header, claims, key)


@dataclass
class Offer:
    uri: str
    tx_code: str
    badge_ids: list[str]
    pre_authorized_code: str


def an_offer(server: WalletServer, badge_id: str | None = None) -> Offer:
    """The learner offers a badge (or all) and the wallet fetches the offer by reference."""
    body = {"badge_id": badge_id} if badge_id else {}
    with server.client("learner") as client:
        created = client.post("/v1/me/credential-offers", json=body)
    assert created.status_code == 201, created.text
    offer = created.json()
    fetched = httpx.get(offer["credential_offer_uri"], timeout=30)
    assert fetched.status_code == 200, fetched.text
    grant = fetched.json()["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]
    return Offer(
        offer["offer_uri"], offer["tx_code"], offer["badge_ids"], grant["pre-authorized_code"]
    )


def redeem(server: WalletServer, code: str, tx_code: str | None) -> httpx.Response:
    data = {"grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code"}
    data["pre-authorized_code"] = code
    if tx_code is not None:
        data["tx_code"] = tx_code
    with server.client() as client:
        return client.post("/oauth/token", data=data)


def a_nonce(server: WalletServer) -> str:
    with server.client() as client:
        answer = client.post("/oid4vci/nonce")
    assert answer.status_code == 200
    assert "no-store" in answer.headers["cache-control"]
    return str(answer.json()["c_nonce"])


def request_credential(
    server: WalletServer, access_token: str, proof: str, **target: str
) -> httpx.Response:
    body = {**(target or {"credential_configuration_id": "OpenBadgeCredential_ldp_vc"})}
    body["proofs"] = {"jwt": [proof]}
    headers = {"Authorization": f"Bearer {access_token}"}
    with server.client() as client:
        return client.post("/oid4vci/credential", json=body, headers=headers)
