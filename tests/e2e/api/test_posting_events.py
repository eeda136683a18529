"""Providers and workplaces posting events over HTTP: contracts, idempotency, If-Match,
batches, size limits, and every refusal as problem+json."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from api.demo.scenarios import org
from tests.contract_checks import a_posted_event
from tests.e2e.api.conftest import LiveApi
from tests.e2e.api.test_role_matrix import PROBLEM, opening
from tests.e2e.api.trajectory_events import post_event


@pytest.fixture
def open_trajectory(live_api: LiveApi) -> str:
    with live_api.client("lead") as client:
        response = client.post("/v1/trajectories", json=opening())
    assert response.status_code == 201
    trajectory_id: str = response.json()["trajectory_id"]
    agreement = a_posted_event(
        "LearningAgreementSigned",
        "agr",
        "2026-08-01T09:00:00+02:00",
        {
            "agreement_id": f"agreement-{uuid4()}",
            "workplace_id": org("elektro-peeters-illustratief"),
            "mentor_id": "mentor-jef",
            "hours_workplace": 24,
            "hours_school": 12,
            "starts_on": "2026-08-01",
            "ends_on": None,
            "kind": "dual_contract",
            "signatories": ["learner", "workplace", "provider"],
        },
    )
    with live_api.client("lead") as client:
        assert (
            client.post(f"/v1/trajectories/{trajectory_id}/events", json=agreement).status_code
            == 201
        )
    return trajectory_id


def assessment(level: str = "mastered", **over: Any) -> dict[str, Any]:
    return {
        "type": "CompetenceAssessed",
        "schema_version": 2,
        "occurred_at": "2026-10-10T10:00:00+02:00",
        "data": {
            "competence_code": "EI-02",
            "indicators_met": [],
            "level": level,
            "setting": "workplace",
            "assessor_role": "mentor",
            "assessor_id": "mentor-jef",
            "evidence": ["urn:example:photo"],
        },
        **over,
    }


def posted_by_the_mentor(
    live_api: LiveApi, trajectory: str, event: dict[str, Any]
) -> httpx.Response:
    with live_api.client("workplace") as client:
        return post_event(client, trajectory, event)


def test_a_mentor_posts_an_assessment_with_an_idempotency_key(
    live_api: LiveApi, open_trajectory: str
) -> None:
    key = f"assess-{uuid4()}"
    with live_api.client("workplace") as client:
        first = client.post(
            f"/v1/trajectories/{open_trajectory}/events",
            json=assessment(),
            headers={"Idempotency-Key": key},
        )
        again = client.post(
            f"/v1/trajectories/{open_trajectory}/events",
            json=assessment(),
            headers={"Idempotency-Key": key},
        )
    assert first.status_code == 201
    assert first.json()["duplicate"] is False
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["version"] == first.json()["version"]
    assert first.headers["etag"] == f'"{first.json()["version"]}"'


def test_the_same_event_id_with_another_body_is_a_conflict(
    live_api: LiveApi, open_trajectory: str
) -> None:
    event_id = f"assess-{uuid4()}"
    path = f"/v1/trajectories/{open_trajectory}/events"
    with live_api.client("workplace") as client:
        client.post(path, json=assessment(event_id=event_id))
        response = client.post(path, json=assessment("in_development", event_id=event_id))
    assert response.status_code == 409
    assert response.json()["type"] == PROBLEM + "duplicate-event-id"


def test_a_stale_if_match_is_a_failed_precondition(live_api: LiveApi, open_trajectory: str) -> None:
    path = f"/v1/trajectories/{open_trajectory}/events"
    with live_api.client("workplace") as client:
        current = client.get(f"/v1/trajectories/{open_trajectory}").headers["etag"]
        ok = client.post(
            path, json=assessment(event_id=str(uuid4())), headers={"If-Match": current}
        )
        stale = client.post(
            path, json=assessment(event_id=str(uuid4())), headers={"If-Match": current}
        )
    assert ok.status_code == 201
    assert stale.status_code == 412
    assert stale.json()["type"] == PROBLEM + "stale-version"


def test_a_body_that_breaks_its_contract_names_the_field(
    live_api: LiveApi, open_trajectory: str
) -> None:
    event = assessment(event_id=str(uuid4()))
    event["data"]["level"] = "excellent"
    response = posted_by_the_mentor(live_api, open_trajectory, event)
    assert response.status_code == 422
    assert response.json()["type"] == PROBLEM + "invalid-event"
    assert "data/level" in response.json()["detail"]


def test_a_version_1_body_is_still_accepted(live_api: LiveApi, open_trajectory: str) -> None:
    event = assessment(event_id=str(uuid4()), schema_version=1)
    del event["data"]["level"]
    event["data"]["mastered"] = True
    with live_api.client("workplace") as client:
        response = client.post(f"/v1/trajectories/{open_trajectory}/events", json=event)
        state = client.get(f"/v1/trajectories/{open_trajectory}").json()
    assert response.status_code == 201
    covered = {c["code"]: c["covered_by"] for c in state["competences"]}
    assert covered["EI-02"]


def test_a_coach_cannot_score_rule_5(live_api: LiveApi, open_trajectory: str) -> None:
    event = assessment(event_id=str(uuid4()))
    event["data"]["assessor_role"] = "coach"
    response = posted_by_the_mentor(live_api, open_trajectory, event)
    assert response.status_code == 422
    assert response.json()["type"] == PROBLEM + "rule-5-assessor-not-entitled"
    assert response.json()["rule"] == 5


def test_an_event_without_an_id_is_refused(live_api: LiveApi, open_trajectory: str) -> None:
    response = posted_by_the_mentor(live_api, open_trajectory, assessment())
    assert response.status_code == 422
    assert response.json()["type"] == PROBLEM + "invalid-request"


def test_a_batch_reports_each_item(live_api: LiveApi, open_trajectory: str) -> None:
    bad = assessment(event_id=str(uuid4()))
    bad["data"]["competence_code"] = "XX-99"
    body = {
        "items": [
            {"trajectory_id": open_trajectory, "event": assessment(event_id=str(uuid4()))},
            {"trajectory_id": open_trajectory, "event": bad},
            {"trajectory_id": None, "event": opening()},
        ]
    }
    with live_api.client("lead") as client:
        response = client.post("/v1/events:batch", json=body)
    result = response.json()
    assert response.status_code == 200
    # The lead provider is not the mentor: rule 5 refuses its "mentor" assessment.
    assert [item["status"] for item in result["items"]] == [422, 404, 201]
    assert result["items"][0]["problem"]["rule"] == 5
    assert (result["accepted"], result["refused"]) == (1, 2)


def test_an_oversized_body_is_refused_before_parsing(live_api: LiveApi) -> None:
    with live_api.client("lead") as client:
        response = client.post(
            "/v1/trajectories",
            content=b'{"pad": "' + b"x" * 70_000 + b'"}',
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 413
    assert response.json()["type"] == PROBLEM + "payload-too-large"


def test_malformed_json_is_a_problem_not_a_crash(live_api: LiveApi) -> None:
    with live_api.client("lead") as client:
        response = client.post(
            "/v1/trajectories", content=b"{not json", headers={"content-type": "application/json"}
        )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == PROBLEM + "malformed-body"
