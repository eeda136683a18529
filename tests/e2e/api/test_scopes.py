"""Every route declares what it asks of a token, and an OAuth access token reaches only what
its scopes name: a new route without a declaration fails here, and the behaviour of every
route for every scope is in ``test_role_matrix.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from api.http.app import create_app
from api.http.scopes import Scope, route_table
from api.settings import Settings
from tests.e2e.api.conftest import LiveApi
from tests.e2e.api.oauth_flow import PROFILE, READ, access_token

PROBLEM = "https://leerspoor.be/problems/"
P, S, OWN = Scope.PUBLIC, Scope.SESSION, Scope.OWN_TOKEN

# The scope table (README "Who may do what"). A route joins it when it is added.
SCOPES: dict[tuple[str, str], Scope] = {
    ("GET", "/health"): P,
    ("POST", "/v1/trajectories"): OWN,
    ("POST", "/v1/trajectories/{trajectory_id}/events"): OWN,
    ("POST", "/v1/events:batch"): OWN,
    ("GET", "/v1/trajectories/{trajectory_id}"): OWN,
    ("GET", "/v1/me/trajectories"): OWN,
    ("GET", "/v1/me/credentials"): OWN,
    ("GET", "/v1/me/credentials/{badge_id}.{fmt}"): OWN,
    ("POST", "/v1/me/credentials/{badge_id}/shares"): OWN,
    ("GET", "/v1/me/credentials/{badge_id}/shares"): OWN,
    ("DELETE", "/v1/me/credentials/{badge_id}/shares/{share_id}"): OWN,
    ("GET", "/v1/me/export"): OWN,
    ("GET", "/v1/audit/trajectories/{trajectory_id}/history"): OWN,
    ("GET", "/v1/audit/events"): OWN,
    ("GET", "/v1/audit/parked"): OWN,
    ("GET", "/v1/audit/checkpoints"): OWN,
    ("POST", "/v1/audit/checkpoints"): OWN,
    ("GET", "/v1/audit/proofs/inclusion"): OWN,
    ("GET", "/v1/audit/proofs/consistency"): OWN,
    ("GET", "/v1/audit/access-log"): OWN,
    ("GET", "/v1/monitoring/outflow"): OWN,
    ("GET", "/v1/monitoring/outflow.csv"): OWN,
    ("DELETE", "/v1/admin/learners/{learner_id}"): OWN,
    ("GET", "/v1/admin/trusted-issuers"): OWN,
    ("PUT", "/v1/admin/trusted-issuers/{issuer_id:path}"): OWN,
    ("DELETE", "/v1/admin/trusted-issuers/{issuer_id:path}"): OWN,
    ("POST", "/v1/admin/catalogue"): OWN,
    ("POST", "/v1/admin/catalogue:check"): OWN,
    ("POST", "/v1/admin/organisations"): OWN,
    ("POST", "/v1/admin/organisations/{organisation_id}/recognitions"): OWN,
    ("POST", "/v1/admin/organisations/{organisation_id}/recognitions:withdraw"): OWN,
    ("POST", "/v1/admin/tokens"): OWN,
    ("GET", "/v1/admin/tokens"): OWN,
    ("DELETE", "/v1/admin/tokens/{token_id}"): OWN,
    ("GET", "/v1/catalogue/qualifications"): OWN,
    ("GET", "/v1/catalogue/qualifications/{code}"): OWN,
    ("GET", "/v1/catalogue/qualifications/{code}/versions/{version}"): OWN,
    ("GET", "/v1/catalogue/qualifications/{code}/diff"): OWN,
    ("GET", "/v1/catalogue/programmes"): OWN,
    ("GET", "/v1/catalogue/programmes/{code}"): OWN,
    ("GET", "/v1/catalogue/programmes/{code}/versions/{version}"): OWN,
    ("GET", "/v1/catalogue/concordance-tables"): OWN,
    ("GET", "/v1/catalogue/concordance-tables/{code}"): OWN,
    ("GET", "/v1/catalogue/concordance-tables/{code}/versions/{version}"): OWN,
    ("GET", "/v1/organisations"): OWN,
    ("GET", "/v1/organisations/{organisation_id}"): OWN,
    ("POST", "/v1/organisations/{organisation_id}/accreditations"): OWN,
    ("POST", "/v1/organisations/{organisation_id}/accreditations:withdraw"): OWN,
    ("POST", "/v1/organisations/{organisation_id}/mentor-trainings"): OWN,
    ("POST", "/v1/learners"): OWN,
    ("GET", "/v1/learners"): OWN,
    ("GET", "/v1/learners/by-reference/{reference}"): OWN,
    ("GET", "/v1/learners/{learner_id}"): OWN,
    ("POST", "/v1/verify"): P,
    ("GET", "/v1/shares/{share_id}"): P,
    ("GET", "/issuers/{organisation_id}/did.json"): P,
    ("GET", "/issuers/{organisation_id}"): P,
    ("GET", "/status/{organisation_id}/revocation"): P,
    ("GET", "/ledger/did.json"): P,
    ("GET", "/ims/ob/v3p0/discovery"): P,
    ("GET", "/ims/ob/v3p0/credentials"): Scope.CREDENTIAL_READONLY,
    ("POST", "/ims/ob/v3p0/credentials"): Scope.CREDENTIAL_UPSERT,
    ("GET", "/ims/ob/v3p0/profile"): Scope.PROFILE_READONLY,
    ("POST", "/oauth/register"): P,
    ("GET", "/oauth/authorize"): S,
    ("POST", "/oauth/authorize"): S,
    ("POST", "/oauth/token"): P,
    ("GET", "/"): P,
    ("GET", "/signin"): P,
    ("POST", "/signin"): P,
    ("POST", "/signout"): P,
    ("GET", "/static/pages/{name}"): P,
    ("GET", "/verify"): P,
    ("GET", "/catalogue"): P,
    ("GET", "/catalogue/{code}"): P,
    ("GET", "/catalogue/{code}/v/{version}"): P,
    ("POST", "/verify"): P,
    ("GET", "/verify/share/{share_id}"): P,
    ("GET", "/s/{share_id}"): P,
    ("GET", "/terms"): P,
    ("GET", "/privacy"): P,
    ("GET", "/wallet"): S,
    ("GET", "/wallet/fingerprint"): S,
    ("GET", "/wallet/credentials/{badge_id}.{fmt}"): S,
    ("POST", "/wallet/credentials/{badge_id}/shares"): S,
    ("POST", "/wallet/credentials/{badge_id}/shares/{share_id}/revoke"): S,
    ("GET", "/timeline"): S,
    ("GET", "/timeline/{trajectory_id}"): S,
    ("GET", "/cohorts"): S,
    ("GET", "/cohorts/{code}"): S,
    ("GET", "/mentor"): S,
    ("GET", "/mentor/{trajectory_id}/assess/{code}"): S,
    ("POST", "/mentor/{trajectory_id}/assess/{code}"): S,
    ("GET", "/docs"): P,
    ("GET", "/docs/oauth2-redirect"): P,
    ("GET", "/redoc"): P,
    ("GET", "/.well-known/openid-credential-issuer"): P,
    ("GET", "/.well-known/oauth-authorization-server"): P,
    ("POST", "/v1/me/credential-offers"): OWN,
    ("GET", "/oid4vci/offers/{offer_id}"): P,
    ("POST", "/oid4vci/nonce"): P,
    ("POST", "/oid4vci/credential"): Scope.WALLET_TOKEN,
    ("POST", "/v1/presentation-requests"): P,
    ("GET", "/v1/presentation-requests/{transaction_id}"): P,
    ("POST", "/oid4vp/response"): P,
    ("POST", "/v1/presentations/verify"): P,
    ("POST", "/wallet/offers"): S,
    ("GET", "/present"): P,
    ("POST", "/present"): P,
    ("GET", "/present/{transaction_id}"): P,
}
# FastAPI's own route for the OpenAPI document: public, and it takes no dependencies.
FRAMEWORK = {("GET", "/openapi.json")}


def test_every_route_declares_the_scope_of_the_table(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", keys_dir=tmp_path)
    declared = route_table(create_app(settings).routes)
    expected = {route: {scope} for route, scope in SCOPES.items()}
    expected |= {route: set() for route in FRAMEWORK}
    assert declared == expected


BEARER = {OWN, Scope.CREDENTIAL_READONLY, Scope.CREDENTIAL_UPSERT, Scope.PROFILE_READONLY}


def test_the_openapi_document_asks_a_bearer_token_of_exactly_the_bearer_routes(
    tmp_path: Path,
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", keys_dir=tmp_path)
    document = create_app(settings).openapi()
    assert document["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from `leerspoor tokens create`.",
    }
    documented = 0
    for (method, path), scope in SCOPES.items():
        operation = document["paths"].get(path, {}).get(method.lower())
        if operation is None:  # a page or a documentation route, left out of the document
            continue
        documented += 1
        asks = {"HTTPBearer": []} in operation.get("security", [])
        assert asks == (scope in BEARER), (method, path)
    assert documented > 50


@pytest.fixture(scope="module")
def read_only(live_api: LiveApi) -> str:
    token: str = access_token(live_api, READ)["access_token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def request(api: LiveApi, token: str, method: str, path: str, **kw: Any) -> httpx.Response:
    with httpx.Client(base_url=api.base_url, headers=bearer(token), timeout=30) as client:
        return client.request(method, path, **kw)


def badge_id(api: LiveApi) -> str:
    with api.client("learner") as client:
        badge: str = client.get("/v1/me/credentials").json()[0]["badge_id"]
    return badge


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/me/export", None),
        ("GET", "/v1/me/trajectories", None),
        ("GET", "/v1/me/credentials", None),
        ("POST", "/v1/me/credentials/{badge}/shares", {"days": 366}),
        ("GET", "/v1/trajectories/{trajectory}", None),
    ],
)
def test_a_read_only_access_token_reaches_nothing_but_the_credentials_it_was_granted(
    live_api: LiveApi, read_only: str, method: str, path: str, body: Any
) -> None:
    target = path.format(badge=badge_id(live_api), trajectory=live_api.trajectories["duaal-ilias"])
    response = request(live_api, read_only, method, target, json=body)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == PROBLEM + "insufficient-scope"
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer error="insufficient_scope"')
    assert "scope=" not in challenge  # no scope an app could be granted would do


def test_an_open_badges_route_names_the_missing_scope(live_api: LiveApi, read_only: str) -> None:
    response = request(live_api, read_only, "GET", "/ims/ob/v3p0/profile")
    granted = request(live_api, read_only, "GET", "/ims/ob/v3p0/credentials")
    assert response.status_code == 403
    assert response.headers["www-authenticate"] == (
        f'Bearer error="insufficient_scope", scope="{PROFILE}"'
    )
    # The Open Badges API answers in its own error document, from its own vocabulary.
    minor = response.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]
    assert minor["imsx_codeMinorFieldValue"] == "forbidden"
    assert granted.status_code == 200


def test_an_access_token_does_not_sign_in_to_the_pages(live_api: LiveApi, read_only: str) -> None:
    with httpx.Client(base_url=live_api.base_url) as browser:
        signin = browser.post("/signin", data={"token": read_only})
        browser.cookies.set("leerspoor_token", read_only)
        wallet = browser.get("/wallet")
    assert signin.status_code == 401
    assert "set-cookie" not in signin.headers
    assert wallet.status_code == 303
    assert wallet.headers["location"].startswith("/signin")


def test_the_learners_own_token_still_signs_in_and_reads_everything(live_api: LiveApi) -> None:
    with httpx.Client(base_url=live_api.base_url) as browser:
        signin = browser.post("/signin", data={"token": live_api.tokens["learner"]})
    with live_api.client("learner") as client:
        export = client.get("/v1/me/export")
    assert (signin.status_code, signin.headers["location"]) == (303, "/wallet")
    assert export.status_code == 200
