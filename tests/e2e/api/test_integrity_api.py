"""Integrity over HTTP: signed checkpoints, inclusion and consistency proofs checked with an
independent RFC 9162 implementation (``tests.rfc9162``) and the published ledger key, the
access log, and erasure by an admin."""

from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.demo import learner_id
from tests.e2e.api.conftest import LiveApi
from tests.rfc9162 import ref_consistency_roots, ref_root_from_inclusion


def auditor_get(api: LiveApi, path: str, **params: object) -> Any:
    with api.client("auditor") as client:
        response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def sign_checkpoint(api: LiveApi) -> dict[str, Any]:
    with api.client("auditor") as client:
        response = client.post("/v1/audit/checkpoints")
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def public_key(api: LiveApi, key_id: str) -> Ed25519PublicKey:
    import base58

    document = httpx_get_json(api, "/ledger/did.json")
    (method,) = [m for m in document["verificationMethod"] if m["id"] == key_id]
    raw = base58.b58decode(method["publicKeyMultibase"][1:])
    assert raw[:2] == b"\xed\x01"  # multicodec ed25519-pub
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def httpx_get_json(api: LiveApi, path: str) -> Any:
    with api.client() as client:
        response = client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_checkpoint_is_signed_by_the_published_ledger_key(live_api: LiveApi) -> None:
    checkpoint = sign_checkpoint(live_api)
    did = checkpoint["key_id"].split("#")[0]
    body = "\n".join(
        [
            "leerspoor-ledger-checkpoint/v1",
            did,
            str(checkpoint["tree_size"]),
            base64.b64encode(bytes.fromhex(checkpoint["root_hash"])).decode(),
            checkpoint["signed_at"],
        ]
    )
    key = public_key(live_api, checkpoint["key_id"])
    key.verify(base64.b64decode(checkpoint["signature"]), (body + "\n").encode())
    listed = auditor_get(live_api, "/v1/audit/checkpoints")
    assert checkpoint in listed["checkpoints"]


def test_an_inclusion_proof_verifies_independently(live_api: LiveApi) -> None:
    checkpoint = sign_checkpoint(live_api)
    size = checkpoint["tree_size"]
    for position in (1, size // 3, size):
        proof = auditor_get(
            live_api, "/v1/audit/proofs/inclusion", position=position, tree_size=size
        )
        root = ref_root_from_inclusion(
            proof["leaf_index"],
            size,
            bytes.fromhex(proof["leaf_hash"]),
            [bytes.fromhex(p) for p in proof["audit_path"]],
        )
        assert root.hex() == checkpoint["root_hash"]


def test_a_consistency_proof_between_two_checkpoints_verifies_independently(
    live_api: LiveApi,
) -> None:
    older = sign_checkpoint(live_api)
    with live_api.client("admin") as client:  # something new for the log: an erasure
        erased = client.delete(f"/v1/admin/learners/{learner_id('bart')}")
    assert erased.status_code == 200, erased.text
    newer = sign_checkpoint(live_api)
    assert newer["tree_size"] > older["tree_size"]
    proof = auditor_get(
        live_api,
        "/v1/audit/proofs/consistency",
        first=older["tree_size"],
        second=newer["tree_size"],
    )
    old, new = ref_consistency_roots(
        older["tree_size"],
        newer["tree_size"],
        bytes.fromhex(older["root_hash"]),
        [bytes.fromhex(p) for p in proof["consistency_path"]],
    )
    assert (old.hex(), new.hex()) == (older["root_hash"], newer["root_hash"])


def test_a_proof_beyond_the_tree_is_a_problem(live_api: LiveApi) -> None:
    with live_api.client("auditor") as client:
        response = client.get(
            "/v1/audit/proofs/inclusion", params={"position": 10**9, "tree_size": 10**9}
        )
    assert response.status_code == 422
    assert response.json()["type"].endswith("/not-provable")


def test_proofs_are_for_auditors_only(live_api: LiveApi) -> None:
    with live_api.client("lead") as client:
        response = client.get("/v1/audit/checkpoints")
    assert response.status_code == 403


def test_reading_a_trajectory_is_in_the_access_log(live_api: LiveApi) -> None:
    trajectory = live_api.trajectories["duaal-ilias"]
    with live_api.client("lead") as client:
        assert client.get(f"/v1/trajectories/{trajectory}").status_code == 200
    with live_api.client("learner") as client:
        assert client.get("/v1/me/trajectories").status_code == 200
    entries = auditor_get(live_api, "/v1/audit/access-log", learner_id=str(learner_id("ilias")))
    whats = [(e["role"], e["what"]) for e in entries]
    assert ("provider", f"GET /v1/trajectories/{trajectory}") in whats
    assert ("learner", "GET /v1/me/trajectories") in whats
    assert all(e["learner_id"] == str(learner_id("ilias")) for e in entries)


def test_after_erasure_the_export_shows_null_personal_fields(live_api: LiveApi) -> None:
    jana = learner_id("jana")
    with live_api.client("other_learner") as client:
        before = client.get("/v1/me/export").json()
    assert before["learner"]["given_name"] == "Jana"
    with live_api.client("admin") as client:
        response = client.delete(f"/v1/admin/learners/{jana}", params={"reason": "AVG art. 17"})
    assert response.status_code == 200, response.text
    with live_api.client("other_learner") as client:
        after = client.get("/v1/me/export").json()
    assert after["learner"] == {
        "id": str(jana),
        "given_name": None,
        "family_name": None,
        "birth_date": None,
        "did": None,
    }
    assert after["erased"] is True
    assert len(after["trajectories"]) == len(before["trajectories"])


def test_only_admins_erase(live_api: LiveApi) -> None:
    with live_api.client("auditor") as client:
        response = client.delete(f"/v1/admin/learners/{learner_id('amina')}")
    assert response.status_code == 403


def test_erasing_an_unknown_learner_is_not_found(live_api: LiveApi) -> None:
    with live_api.client("admin") as client:
        response = client.delete(f"/v1/admin/learners/{UUID(int=7)}")
    assert response.status_code == 404
