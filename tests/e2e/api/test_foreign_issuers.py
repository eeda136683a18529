"""Issuers that are not ours, as the API verifies them: after our own documents, the trust
folder (``LEERSPOOR_TRUST_DIR``), then online when ``LEERSPOOR_RESOLVER_ENABLED``, through
the library's SSRF guard. No packet leaves loopback here: host names resolve through a
stub, and the transport fails the test if any non-loopback connection is attempted."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http import create_app
from badges import (
    KeyPair,
    OnlineResolver,
    PublishedKey,
    ResolverSettings,
    add_proof,
    build_credential,
    did_document,
    write_trust_document,
)
from tests.demo_site import sqlite_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "unit" / "badges"))
from badge_builders import ISSUED, a_request  # noqa: E402
from web_server import LoopbackOnlyTransport  # noqa: E402

ADDRESSES = {
    "loopback.test": ["127.0.0.1"],
    "internal.test": ["10.0.0.5"],
    "metadata.test": ["169.254.169.254"],
}


def a_foreign_credential(did: str) -> dict[str, Any]:
    key = KeyPair.from_seed(bytes([33]) * 32).bound_to(f"{did}#key-1")
    return add_proof(build_credential(a_request(key)), key, created=ISSUED)


def an_app(tmp_path: Path, **settings: Any) -> Any:
    return create_app(sqlite_settings(tmp_path, **settings))


@pytest.mark.parametrize(
    ("host", "reason"),
    [("loopback.test", "loopback"), ("internal.test", "private"), ("metadata.test", "link-local")],
)
def test_the_wired_resolver_refuses_a_did_web_on_a_non_public_address(
    tmp_path: Path, host: str, reason: str
) -> None:
    app = an_app(tmp_path, resolver_enabled=True)
    transport = LoopbackOnlyTransport()
    online = OnlineResolver(
        ResolverSettings(), lookup=lambda name, port: ADDRESSES[name], transport=transport
    )
    # Only the outside boundary is replaced: name resolution and the socket transport.
    app.state.services.trust.foreign.online = online
    with TestClient(app) as client:
        result = client.post("/v1/verify", json=a_foreign_credential(f"did:web:{host}")).json()
    proof = next(c for c in result["checks"] if c["check"] == "proof")
    assert not result["verified"]
    assert proof["code"] == "did_unresolvable"
    assert reason in proof["reason"]["en"]
    assert transport.attempted == []


def test_the_resolver_is_off_unless_enabled(tmp_path: Path) -> None:
    app = an_app(tmp_path)
    assert app.state.services.trust.foreign.online is None


def test_a_foreign_issuer_in_the_trust_folder_verifies_as_unknown(tmp_path: Path) -> None:
    did = "did:web:school.example"
    key = KeyPair.from_seed(bytes([33]) * 32)
    folder = tmp_path / "trust"
    write_trust_document(
        folder, did_document(did, [PublishedKey(key.public_multibase, fragment="key-1")])
    )
    app = an_app(tmp_path, trust_dir=folder)
    with TestClient(app) as client:
        result = client.post("/v1/verify", json=a_foreign_credential(did)).json()
    assert next(c for c in result["checks"] if c["check"] == "proof")["outcome"] == "passed"
    assert result["issuer"]["trust"] == "unknown"
