"""Every role against every endpoint, over real HTTP: who gets in, and every denial
(401 without a valid token, 403 for the wrong role, 404 for a trajectory one may not see,
worded exactly like one that does not exist)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from api.demo import learner_id
from api.demo.scenarios import org
from api.http.app import create_app
from api.http.scopes import route_table
from api.settings import Settings
from tests.e2e.api.conftest import LiveApi
from tests.e2e.api.oauth_flow import PROFILE, READ, UPSERT, access_token, registered
from tests.e2e.api.route_matrix import CALLERS, OAUTH, ROLES, ROWS, Ids, opening, pause

ANONYMOUS = [None, "garbage", "expired", "revoked"]
PROBLEM = "https://leerspoor.be/problems/"


def call(api: LiveApi, who: str | None, method: str, path: str, body: Any = None) -> Any:
    with api.client(who) as client:
        return client.request(method, path, json=body)


# The demo's dual-learning trajectory is closed: its workplace no longer reads it (issue 15),
# although the agreement had a later planned end.
READ_TRAJECTORY = {
    "lead": 200,
    "other_provider": 404,
    "workplace": 404,
    "other_workplace": 404,
    "learner": 200,
    "other_learner": 404,
    "auditor": 200,
    "admin": 403,
}


@pytest.mark.parametrize(("who", "expected"), READ_TRAJECTORY.items())
def test_reading_a_trajectory_is_limited_to_those_involved(
    live_api: LiveApi, who: str, expected: int
) -> None:
    ilias = live_api.trajectories["duaal-ilias"]
    response = call(live_api, who, "GET", f"/v1/trajectories/{ilias}")
    assert response.status_code == expected
    if expected != 200:
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("who", ANONYMOUS)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/trajectories/{id}"),
        ("POST", "/v1/trajectories/{id}/events"),
        ("POST", "/v1/trajectories"),
        ("POST", "/v1/events:batch"),
        ("GET", "/v1/audit/trajectories/{id}/history"),
        ("GET", "/v1/audit/events"),
    ],
)
def test_every_endpoint_refuses_a_missing_or_invalid_token(
    live_api: LiveApi, who: str | None, method: str, path: str
) -> None:
    target = path.format(id=live_api.trajectories["duaal-ilias"])
    response = call(live_api, who, method, target, {} if method == "POST" else None)
    assert response.status_code == 401
    assert response.json()["type"] == PROBLEM + "unauthenticated"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_hidden_trajectory_reads_exactly_like_a_missing_one(live_api: LiveApi) -> None:
    ilias = live_api.trajectories["duaal-ilias"]
    hidden = call(live_api, "other_provider", "GET", f"/v1/trajectories/{ilias}").json()
    missing = call(live_api, "other_provider", "GET", f"/v1/trajectories/{uuid4()}").json()
    assert hidden == missing


POST_EVENT = {
    "lead": (422, "rule-6-trajectory-closed"),
    "other_provider": (404, "not-found"),
    "workplace": (404, "not-found"),
    "other_workplace": (404, "not-found"),
    "learner": (403, "forbidden-role"),
    "auditor": (403, "forbidden-role"),
    "admin": (403, "forbidden-role"),
}


@pytest.mark.parametrize(("who", "expected"), POST_EVENT.items())
def test_posting_to_a_closed_trajectory_is_refused_for_each_role_in_its_own_way(
    live_api: LiveApi, who: str, expected: tuple[int, str]
) -> None:
    ilias = live_api.trajectories["duaal-ilias"]
    response = call(live_api, who, "POST", f"/v1/trajectories/{ilias}/events", pause())
    assert (response.status_code, response.json()["type"]) == (expected[0], PROBLEM + expected[1])


OPEN = {
    "lead": (201, None),
    # A provider naming another as lead: the body does not fit the caller (issue 14).
    "other_provider": (422, "lead-provider-mismatch"),
    "workplace": (403, "not-permitted"),
    "partnership": (403, "forbidden-role"),
    "learner": (403, "forbidden-role"),
    "auditor": (403, "forbidden-role"),
    "admin": (403, "forbidden-role"),
}


@pytest.mark.parametrize(("who", "expected"), OPEN.items())
def test_only_the_lead_provider_opens_its_trajectory(
    live_api: LiveApi, who: str, expected: tuple[int, str | None]
) -> None:
    response = call(live_api, who, "POST", "/v1/trajectories", opening())
    assert response.status_code == expected[0]
    if expected[1] is not None:
        assert response.json()["type"] == PROBLEM + expected[1]


@pytest.mark.parametrize("who", ["learner", "auditor", "admin"])
def test_batch_posting_is_for_providers_and_workplaces(live_api: LiveApi, who: str) -> None:
    body = {"items": [{"trajectory_id": None, "event": opening()}]}
    response = call(live_api, who, "POST", "/v1/events:batch", body)
    assert response.status_code == 403


AUDIT = {
    "auditor": 200,
    "lead": 403,
    "workplace": 403,
    "learner": 403,
    "admin": 403,
}


@pytest.mark.parametrize(("who", "expected"), AUDIT.items())
@pytest.mark.parametrize(
    "path", ["/v1/audit/trajectories/{id}/history", "/v1/audit/events", "/v1/audit/parked"]
)
def test_audit_endpoints_are_for_auditors_only(
    live_api: LiveApi, who: str, expected: int, path: str
) -> None:
    target = path.format(id=live_api.trajectories["duaal-ilias"])
    response = call(live_api, who, "GET", target)
    assert response.status_code == expected


LEARNER_ENDPOINTS = [
    ("GET", "/v1/me/trajectories"),
    ("GET", "/v1/me/credentials"),
    ("GET", "/v1/me/export"),
    ("GET", "/ims/ob/v3p0/credentials"),
    ("GET", "/ims/ob/v3p0/profile"),
]


@pytest.mark.parametrize(("method", "path"), LEARNER_ENDPOINTS)
@pytest.mark.parametrize("who", ["lead", "workplace", "auditor", "admin"])
def test_learner_endpoints_refuse_every_other_role(
    live_api: LiveApi, who: str, method: str, path: str
) -> None:
    assert call(live_api, who, method, path).status_code == 403


@pytest.mark.parametrize(("method", "path"), LEARNER_ENDPOINTS)
@pytest.mark.parametrize("who", ANONYMOUS)
def test_learner_endpoints_refuse_a_missing_or_invalid_token(
    live_api: LiveApi, who: str | None, method: str, path: str
) -> None:
    assert call(live_api, who, method, path).status_code == 401


@pytest.mark.parametrize(("method", "path"), LEARNER_ENDPOINTS)
def test_learner_endpoints_serve_the_learner(live_api: LiveApi, method: str, path: str) -> None:
    assert call(live_api, "learner", method, path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/health",
        "/ims/ob/v3p0/discovery",
        "/issuers/{org}/did.json",
        "/issuers/{org}",
        "/status/{org}/revocation",
        "/ledger/did.json",
    ],
)
def test_public_endpoints_need_no_token(live_api: LiveApi, path: str) -> None:
    target = path.format(org=org("cdl-elektro"))
    assert call(live_api, None, "GET", target).status_code == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [("admin", 404), ("auditor", 403), ("lead", 403), ("learner", 403), (None, 401)],
)
def test_only_an_admin_may_erase_a_learner(
    live_api: LiveApi, who: str | None, expected: int
) -> None:
    response = call(live_api, who, "DELETE", f"/v1/admin/learners/{uuid4()}")
    assert response.status_code == expected


# The whole matrix: every route the app serves × every caller (route_matrix.py).


@pytest.fixture(scope="module")
def matrix(live_api: LiveApi) -> tuple[Ids, dict[str, str | None]]:
    with live_api.client("learner") as learner:
        badge = learner.get("/v1/me/credentials").json()[0]["badge_id"]
        credential = learner.get(f"/v1/me/credentials/{badge}.json").json()
        share = learner.post(f"/v1/me/credentials/{badge}/shares", json={}).json()["share_id"]
    ids = Ids(
        trajectory=str(live_api.trajectories["duaal-ilias"]),
        badge=badge,
        credential=credential,
        share=share,
        org=org("cdl-elektro"),
        client_id=registered(live_api)[0],
        workplace=org("elektro-peeters-illustratief"),
        learner=str(learner_id("ilias")),
        reference="CDL-2025-017",
    )
    scopes = dict(zip(OAUTH, (READ, UPSERT, PROFILE), strict=True))
    tokens: dict[str, str | None] = {role: live_api.tokens[role] for role in ROLES}
    tokens |= {
        caller: access_token(live_api, scope)["access_token"] for caller, scope in scopes.items()
    }
    tokens["anonymous"] = None
    return ids, tokens


def test_the_matrix_has_a_row_for_every_route_the_app_serves(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", keys_dir=tmp_path)
    assert set(route_table(create_app(settings).routes)) == set(ROWS)
    assert all(set(row.expected) == set(CALLERS) for row in ROWS.values())


@pytest.mark.parametrize(("method", "route"), ROWS)
def test_every_caller_gets_what_the_matrix_says(
    live_api: LiveApi,
    matrix: tuple[Ids, dict[str, str | None]],
    method: str,
    route: str,
) -> None:
    ids, tokens = matrix
    row = ROWS[(method, route)]
    target = row.path.format(**vars(ids))
    answered = {}
    for caller, token in tokens.items():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        cookies = {"leerspoor_token": token} if token else {}
        with httpx.Client(
            base_url=live_api.base_url, headers=headers, cookies=cookies, timeout=60
        ) as client:
            response = client.request(method, target, **row.request(ids, token))
        answered[caller] = response.status_code
        if response.status_code == 403 and caller in OAUTH and target.startswith("/v1/"):
            assert response.json()["type"] == PROBLEM + "insufficient-scope"
    assert answered == row.expected
