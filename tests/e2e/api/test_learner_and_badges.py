"""Learners and the public over HTTP: badges issued from ledger facts, downloads that verify,
share links, export, the Open Badges API, and a retraction that revokes a badge."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from api.demo.scenarios import org
from tests.e2e.api.conftest import LiveApi
from tests.e2e.api.test_role_matrix import PROBLEM, opening
from tests.e2e.api.trajectory_events import module_completed, post_event, retraction


def my_credentials(api: LiveApi, who: str = "learner") -> list[dict[str, Any]]:
    with api.client(who) as client:
        response = client.get("/v1/me/credentials")
    assert response.status_code == 200
    body: list[dict[str, Any]] = response.json()
    return body


def test_the_demo_apprentice_holds_module_competence_beroepskwalificatie_and_qualification_badges(
    live_api: LiveApi,
) -> None:
    kinds = {(c["kind"], c["code"]) for c in my_credentials(live_api)}
    assert ("qualification", "OK-ELEKTRICITEIT-DUAAL") in kinds
    assert ("partial_certificate", "BK-ELEKTRISCH-INSTALLATEUR") in kinds
    assert ("module", "DU-AREI") in kinds
    assert ("competence", "EI-02") in kinds


def test_the_qualification_badge_stacks_the_earlier_badges(live_api: LiveApi) -> None:
    credentials = my_credentials(live_api)
    qualification = next(c for c in credentials if c["kind"] == "qualification")
    others = {c["badge_id"] for c in credentials if c["kind"] != "qualification"}
    assert set(qualification["stacks"]) == others


def test_a_downloaded_png_verifies_for_anyone(live_api: LiveApi) -> None:
    badge = my_credentials(live_api)[0]
    with live_api.client("learner") as client:
        png = client.get(badge["downloads"]["png"])
    assert png.headers["content-type"] == "image/png"
    with live_api.client() as public:
        verdict = public.post("/v1/verify", files={"file": ("badge.png", png.content)})
    assert verdict.status_code == 200
    assert verdict.json()["verified"] is True
    assert {c["check"]: c["outcome"] for c in verdict.json()["checks"]}["status"] == "passed"


def test_a_tampered_credential_does_not_verify(live_api: LiveApi) -> None:
    badge = my_credentials(live_api)[0]
    with live_api.client("learner") as client:
        credential = client.get(badge["downloads"]["json"]).json()
    credential["credentialSubject"]["achievement"]["name"] = "Iets anders"
    with live_api.client() as public:
        verdict = public.post("/v1/verify", content=json.dumps(credential).encode())
    assert verdict.json()["verified"] is False


def test_an_unreadable_upload_is_a_problem(live_api: LiveApi) -> None:
    with live_api.client() as public:
        response = public.post("/v1/verify", files={"file": ("x.png", b"\x89PNG broken")})
    assert response.status_code == 422
    assert response.json()["type"] == PROBLEM + "unreadable-badge"


def test_another_learners_credential_reads_as_missing(live_api: LiveApi) -> None:
    badge = my_credentials(live_api)[0]
    with live_api.client("other_learner") as client:
        response = client.get(badge["downloads"]["json"])
    assert response.status_code == 404


def test_a_share_link_shows_the_badge_until_it_is_revoked(live_api: LiveApi) -> None:
    badge = my_credentials(live_api)[0]
    path = f"/v1/me/credentials/{badge['badge_id']}/shares"
    with live_api.client("learner") as client:
        share = client.post(path, json={"days": 7, "show_name": True}).json()
    with live_api.client() as public:
        opened = public.get(share["json_url"]).json()
    assert opened["learner_name"] == "Ilias Bakkali"
    assert opened["verification"]["verified"] is True
    with live_api.client("learner") as client:
        assert client.delete(f"{path}/{share['share_id']}").status_code == 204
    with live_api.client() as public:
        assert public.get(share["json_url"]).status_code == 404


def test_a_share_is_revoked_only_through_its_own_badge(live_api: LiveApi) -> None:
    first, second = my_credentials(live_api)[:2]
    with live_api.client("learner") as client:
        share = client.post(f"/v1/me/credentials/{first['badge_id']}/shares", json={}).json()
        elsewhere = client.delete(
            f"/v1/me/credentials/{second['badge_id']}/shares/{share['share_id']}"
        )
    with live_api.client() as public:
        still_open = public.get(share["json_url"])
    assert elsewhere.status_code == 404
    assert elsewhere.json()["type"] == PROBLEM + "not-found"
    assert still_open.status_code == 200


def test_the_export_holds_everything_about_the_learner(live_api: LiveApi) -> None:
    with live_api.client("learner") as client:
        export = client.get("/v1/me/export").json()
    assert export["learner"]["given_name"] == "Ilias"
    assert export["trajectories"][0]["events"][0]["type"] == "TrajectoryOpened"
    assert len(export["credentials"]) == len(my_credentials(live_api))


def test_status_lists_and_did_documents_are_public_and_hold_no_personal_data(
    live_api: LiveApi,
) -> None:
    issuer = org("cdl-elektro")
    with live_api.client() as public:
        did = public.get(f"/issuers/{issuer}/did.json")
        status = public.get(f"/status/{issuer}/revocation")
    assert did.status_code == 200
    assert did.json()["id"].startswith("did:web:")
    text = status.text
    assert status.json()["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert "Ilias" not in text
    assert "learner" not in text.lower()


def test_a_retraction_over_http_revokes_the_badge_and_verify_then_says_revoked(
    live_api: LiveApi,
) -> None:
    with live_api.client("lead") as lead:
        trajectory = lead.post("/v1/trajectories", json=opening()).json()["trajectory_id"]
        completed = post_event(lead, trajectory, module_completed("DU-AREI", study_points=0))
    badge = next(c for c in my_credentials(live_api) if c["trajectory_id"] == trajectory)
    assert badge["status"] == "active"
    with live_api.client("lead") as lead:
        event = retraction(completed.json()["event_id"], "verkeerde leerling")
        post_event(lead, trajectory, event)
    revoked = next(c for c in my_credentials(live_api) if c["badge_id"] == badge["badge_id"])
    assert revoked["status"] == "revoked"
    with live_api.client("learner") as client:
        credential = client.get(badge["downloads"]["json"]).json()
    with live_api.client() as public:
        verdict = public.post("/v1/verify", content=json.dumps(credential).encode()).json()
    status = next(c for c in verdict["checks"] if c["check"] == "status")
    assert verdict["verified"] is False
    assert status["code"] == "revoked"


def test_the_open_badges_api_pages_a_learners_credentials(live_api: LiveApi) -> None:
    total = len(my_credentials(live_api))
    with live_api.client("learner") as client:
        response = client.get("/ims/ob/v3p0/credentials", params={"limit": 2, "offset": 0})
    assert response.status_code == 200
    assert response.headers["x-total-count"] == str(total)
    assert 'rel="next"' in response.headers["link"]
    assert len(response.json()["credential"]) == 2


def test_the_open_badges_api_upserts_a_credential_from_elsewhere(live_api: LiveApi) -> None:
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": f"urn:uuid:{uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
    }
    with live_api.client("learner") as client:
        first = client.post("/ims/ob/v3p0/credentials", json=credential)
        again = client.post("/ims/ob/v3p0/credentials", json=credential)
        listed = client.get("/ims/ob/v3p0/credentials", params={"limit": 100}).json()
    assert (first.status_code, again.status_code) == (201, 200)
    assert credential["id"] in {c["id"] for c in listed["credential"]}


def test_the_open_badges_api_needs_a_learner_token_and_answers_in_imsx(
    live_api: LiveApi,
) -> None:
    with live_api.client("lead") as client:
        response = client.get("/ims/ob/v3p0/profile")
    with live_api.client() as anonymous:
        discovery = anonymous.get("/ims/ob/v3p0/discovery")
    assert response.status_code == 403
    assert response.json()["imsx_codeMajor"] == "failure"
    assert discovery.status_code == 200
    scopes = discovery.json()["components"]["securitySchemes"]["OAuth2ACG"]["flows"]
    assert (
        "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"
        in (scopes["authorizationCode"]["scopes"])
    )
