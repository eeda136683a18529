"""Who issued, as far as this server vouches (issue 15): our own organisations are
``this-server``, an administrator's list is ``trusted``, anything else is ``unknown`` with
no name, whatever the credential calls itself. And a revoked badge is not shared."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import Any
from urllib.parse import quote

from api.demo import learner_id
from badges import KeyPair, add_proof, did_key
from tests.e2e.api.conftest import LiveApi
from tests.e2e.api.test_learner_and_badges import my_credentials
from tests.e2e.api.test_role_matrix import opening
from tests.e2e.api.trajectory_events import module_completed, post_event, retraction


def a_credential(api: LiveApi, kind: str = "qualification") -> dict[str, Any]:
    badge = next(c for c in my_credentials(api) if c["kind"] == kind)
    with api.client("learner") as client:
        credential: dict[str, Any] = client.get(badge["downloads"]["json"]).json()
    return credential


def re_signed_by_a_stranger(credential: dict[str, Any], seed: int = 7) -> dict[str, Any]:
    """The credential re-signed with a fresh did:key, keeping the issuer's name."""
    pair = KeyPair.from_seed(bytes([seed]) * 32)
    did = did_key(pair.public_multibase)
    key = pair.bound_to(f"{did}#{pair.public_multibase}")
    forged = copy.deepcopy(credential)
    forged.pop("proof")
    forged["issuer"]["id"] = did
    forged.pop("credentialStatus", None)
    return add_proof(forged, key, created=forged_created(credential))


def forged_created(credential: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00"))


def verify(api: LiveApi, credential: dict[str, Any], **params: str) -> dict[str, Any]:
    with api.client() as public:
        answer = public.post("/v1/verify", content=json.dumps(credential).encode(), params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_our_own_badge_names_its_issuer_as_this_server(live_api: LiveApi) -> None:
    body = verify(live_api, a_credential(live_api))
    assert body["issuer"]["trust"] == "this-server"
    assert body["issuer"]["name"] == "Centrum voor duaal leren elektriciteit (illustratief)"
    assert body["verdict"] == "valid"


def test_a_stranger_keeping_our_issuers_name_is_unknown_and_nameless(live_api: LiveApi) -> None:
    forged = re_signed_by_a_stranger(a_credential(live_api))
    body = verify(live_api, forged)
    assert body["verified"] is True  # the stranger's signature itself holds
    assert body["issuer"] == {
        "id": forged["issuer"]["id"],
        "name": None,
        "trust": "unknown",
        "claimedName": "Centrum voor duaal leren elektriciteit (illustratief)",
    }
    assert body["verdict"] == "issuer-unknown"


def test_an_issuer_the_admin_trusts_is_named_as_listed_until_removed(live_api: LiveApi) -> None:
    forged = re_signed_by_a_stranger(a_credential(live_api), seed=8)
    did = forged["issuer"]["id"]
    path = f"/v1/admin/trusted-issuers/{quote(did, safe='')}"
    with live_api.client("admin") as admin:
        added = admin.put(path, json={"name": "Syntra Vlaanderen"})
        again = admin.put(path, json={"name": "Syntra Vlaanderen vzw"})
        listed = admin.get("/v1/admin/trusted-issuers").json()
    assert (added.status_code, again.status_code) == (201, 200)
    assert {"id": did, "name": "Syntra Vlaanderen vzw"}.items() <= next(
        e for e in listed["trusted"] if e["id"] == did
    ).items()
    assert any(
        e["name"] == "Centrum voor duaal leren elektriciteit (illustratief)" for e in listed["own"]
    )
    trusted = verify(live_api, forged)["issuer"]
    assert (trusted["trust"], trusted["name"]) == ("trusted", "Syntra Vlaanderen vzw")

    with live_api.client("admin") as admin:
        assert admin.delete(path).status_code == 204
        assert admin.delete(path).status_code == 404
    assert verify(live_api, forged)["issuer"]["trust"] == "unknown"


def test_only_an_admin_keeps_the_trusted_list(live_api: LiveApi) -> None:
    with live_api.client("auditor") as auditor:
        refused = auditor.put("/v1/admin/trusted-issuers/did:key:z6Mkx", json={"name": "X"})
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"


def test_a_trusted_issuer_must_be_a_did_or_https_url(live_api: LiveApi) -> None:
    with live_api.client("admin") as admin:
        refused = admin.put("/v1/admin/trusted-issuers/not-a-did", json={"name": "X"})
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("/invalid-trusted-issuer")


def test_the_holder_check_matches_the_learners_name_in_any_case(live_api: LiveApi) -> None:
    credential = a_credential(live_api)
    name = live_api.ledger.learner(learner_id("ilias")).display_name

    def recipient_code(given: str) -> str:
        checks = verify(live_api, credential, recipient=given)["checks"]
        return str(next(c["code"] for c in checks if c["check"] == "recipient"))

    assert recipient_code(f"  {name.upper()}  ") == "passed"
    assert recipient_code(name.replace(" ", "   ")) == "passed"
    assert recipient_code("Iemand Anders") == "recipient_mismatch"


def a_revoked_badge(api: LiveApi) -> str:
    """A module badge on a new trajectory of the learner, revoked by retracting its fact."""
    with api.client("lead") as lead:
        trajectory = lead.post("/v1/trajectories", json=opening()).json()["trajectory_id"]
        completed = post_event(lead, trajectory, module_completed("DU-AV")).json()
        # Read once so the badge is issued before its fact is retracted.
        assert any(c["trajectory_id"] == trajectory for c in my_credentials(api))
        post_event(lead, trajectory, retraction(completed["event_id"], "fout"))
    badge = next(c for c in my_credentials(api) if c["trajectory_id"] == trajectory)
    assert badge["status"] == "revoked"
    return str(badge["badge_id"])


def test_a_revoked_badge_is_not_shared(live_api: LiveApi) -> None:
    badge_id = a_revoked_badge(live_api)
    with live_api.client("learner") as client:
        refused = client.post(f"/v1/me/credentials/{badge_id}/shares", json={})
        shares = client.get(f"/v1/me/credentials/{badge_id}/shares").json()
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/badge-not-active")
    assert shares == []
