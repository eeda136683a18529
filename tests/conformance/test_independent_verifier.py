"""Our credentials verify in an independent verifier: digitalbazaar's VC stack under Node.

The npm packages are installed from the public registry into ``.cache/npm-verifier``
(git-ignored) on first run, by the ``node_verifier`` fixture (``conftest.py``). Skipped,
loudly, only when node or npm is missing.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from badges import (
    Keystore,
    StatusList,
    StatusPurpose,
    add_proof,
    build_credential,
    did_key_document,
    did_web,
    status_list_credential,
)
from tests.conformance.external_tools import verify_in_node

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "badges"))
from badge_builders import (  # noqa: E402
    ISSUED,
    NOW,
    STATUS_URL,
    a_request,
    a_signed_credential,
    a_status_list_document,
    issuer_key,
)


def _did_key_documents() -> dict[str, Any]:
    key = issuer_key()
    document = did_key_document(key.public_multibase)
    return {document["id"]: document}


def test_did_key_credential_verifies_independently(node_verifier: Path) -> None:
    documents = {**_did_key_documents(), STATUS_URL: a_status_list_document(issuer_key())}
    [result] = verify_in_node(node_verifier, [a_signed_credential()], documents, now=NOW)
    assert result["verified"], result["error"]


def test_tampered_credential_fails_independently(node_verifier: Path) -> None:
    credential = a_signed_credential()
    credential["credentialSubject"]["achievement"]["name"] = "Chef-kok"
    documents = {**_did_key_documents(), STATUS_URL: a_status_list_document(issuer_key())}
    [result] = verify_in_node(node_verifier, [credential], documents, now=NOW)
    assert not result["verified"]


def test_revoked_credential_fails_independently(node_verifier: Path) -> None:
    key = issuer_key()
    revoked = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(4242, True)
    documents = {**_did_key_documents(), STATUS_URL: a_status_list_document(key, revoked)}
    [result] = verify_in_node(node_verifier, [a_signed_credential()], documents, now=NOW)
    assert not result["verified"]
    assert "revocation is set" in (result["error"] or json.dumps(result["status"]))


def test_did_web_credentials_verify_independently_across_rotation(
    node_verifier: Path, tmp_path: Path
) -> None:
    store = Keystore(tmp_path, "independent-test-secret")
    did = did_web("cvo-vitant.example")
    store.create("cvo-vitant", now=ISSUED, web_did=did)
    old_key = store.signer("cvo-vitant")
    status_list = StatusList(STATUS_URL, StatusPurpose.REVOCATION)
    before = add_proof(build_credential(a_request(old_key)), old_key, created=ISSUED)
    store.rotate("cvo-vitant", now=ISSUED + timedelta(days=1))
    new_key = store.signer("cvo-vitant")
    after = add_proof(
        build_credential(a_request(new_key, credential_id="urn:uuid:after-rotation")),
        new_key,
        created=ISSUED + timedelta(days=2),
    )
    published = add_proof(
        status_list_credential(status_list, issuer=did, valid_from=ISSUED),
        new_key,
        created=ISSUED + timedelta(days=2),
    )
    documents = {**store.did_documents("cvo-vitant"), STATUS_URL: published}
    results = verify_in_node(node_verifier, [before, after], documents, now=NOW)
    assert [r["verified"] for r in results] == [True, True], results


def test_embedded_translations_verify_independently(node_verifier: Path) -> None:
    from dataclasses import replace

    key = issuer_key()
    request = a_request(key)
    request = replace(request, achievement=replace(request.achievement, embed_translations=True))
    credential = add_proof(build_credential(request), key, created=ISSUED)
    documents = {**_did_key_documents(), STATUS_URL: a_status_list_document(key)}
    [result] = verify_in_node(node_verifier, [credential], documents, now=NOW)
    assert result["verified"], result["error"]
