"""The Open Badges API's OAuth 2.0 over HTTP: a client registers itself, the learner
consents on a page, the client trades the code (with its PKCE verifier) for a token that
reads the learner's credentials, and refreshes it."""

from __future__ import annotations

import secrets

import httpx
import pytest

from tests.e2e.api.conftest import LiveApi
from tests.e2e.api.oauth_flow import (
    READ,
    REDIRECT,
    access_token,
    authorized_code,
    exchange,
    registered,
)


def test_a_registered_client_reads_credentials_with_the_learners_consent(
    live_api: LiveApi,
) -> None:
    client_id, secret = registered(live_api)
    verifier = secrets.token_urlsafe(48)
    code = authorized_code(live_api, client_id, verifier)
    with live_api.client() as client:
        tokens = client.post(
            "/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": REDIRECT,
                "code_verifier": verifier,
            },
            auth=(client_id, secret),
        ).json()
        credentials = client.get(
            "/ims/ob/v3p0/credentials",
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
        )
        profile = client.get(
            "/ims/ob/v3p0/profile", headers={"Authorization": f"Bearer {tokens['access_token']}"}
        )
        refreshed = client.post(
            "/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
            auth=(client_id, secret),
        )
    assert tokens["token_type"] == "Bearer"
    assert tokens["scope"] == READ
    assert credentials.status_code == 200
    assert credentials.json()["credential"]
    assert profile.status_code == 403  # only the scope that was granted
    assert refreshed.status_code == 200
    assert refreshed.json()["access_token"] != tokens["access_token"]


def test_a_wrong_verifier_is_refused_and_leaves_the_code_for_the_right_one(
    live_api: LiveApi,
) -> None:
    client = registered(live_api)
    verifier = secrets.token_urlsafe(48)
    code = authorized_code(live_api, client[0], verifier)
    wrong = exchange(live_api, client, code, "x" * 48)
    wrong_redirect = exchange(live_api, client, code, verifier, "https://wallet.example/other")
    right = exchange(live_api, client, code, verifier)
    again = exchange(live_api, client, code, verifier)
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert wrong_redirect.json()["error"] == "invalid_grant"
    assert right.status_code == 200
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


def test_another_client_cannot_burn_a_code(live_api: LiveApi) -> None:
    client, thief = registered(live_api), registered(live_api)
    verifier = secrets.token_urlsafe(48)
    code = authorized_code(live_api, client[0], verifier)
    stolen = exchange(live_api, thief, code, verifier)
    right = exchange(live_api, client, code, verifier)
    assert (stolen.status_code, stolen.json()["error"]) == (400, "invalid_grant")
    assert right.status_code == 200


def test_a_replayed_code_revokes_the_tokens_it_gave(live_api: LiveApi) -> None:
    # RFC 6749 §4.1.2: a code used twice may have been stolen; what it gave is revoked.
    client = registered(live_api)
    verifier = secrets.token_urlsafe(48)
    code = authorized_code(live_api, client[0], verifier)
    tokens = exchange(live_api, client, code, verifier).json()
    replay = exchange(live_api, client, code, verifier)
    with live_api.client() as http:
        read = http.get(
            "/ims/ob/v3p0/credentials",
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
        )
        refreshed = http.post(
            "/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
            auth=client,
        )
    assert replay.json()["error"] == "invalid_grant"
    assert read.status_code == 401
    assert refreshed.json()["error"] == "invalid_grant"


def test_another_client_cannot_use_a_refresh_token(live_api: LiveApi) -> None:
    tokens = access_token(live_api, READ)
    thief = registered(live_api)
    with live_api.client() as http:
        stolen = http.post(
            "/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
            auth=thief,
        )
    assert stolen.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    ("scope", "uris", "error"),
    [
        ("https://example.org/not-a-scope", [REDIRECT], "invalid_scope"),
        (READ, ["http://evil.example/cb"], "invalid_redirect_uri"),
        (READ, ["http://127.0.0.1.evil.example/cb"], "invalid_redirect_uri"),
        (READ, ["http://localhost.evil.example/cb"], "invalid_redirect_uri"),
        (READ, ["http://127.0.0.1@evil.example/cb"], "invalid_redirect_uri"),
        (READ, ["https://wallet.example@evil.example/cb"], "invalid_redirect_uri"),
        (READ, ["https://wallet.example/cb#fragment"], "invalid_redirect_uri"),
        (READ, ["javascript:alert(1)"], "invalid_redirect_uri"),
        (READ, ["https:///cb"], "invalid_redirect_uri"),
        (READ, ["http://127.0.0.1:99999/cb"], "invalid_redirect_uri"),
        (READ, [REDIRECT, "http://evil.example/cb"], "invalid_redirect_uri"),
    ],
)
def test_registration_refuses_unknown_scopes_and_insecure_redirects(
    live_api: LiveApi, scope: str, uris: list[str], error: str
) -> None:
    with live_api.client() as client:
        response = client.post(
            "/oauth/register", json={"client_name": "x", "redirect_uris": uris, "scope": scope}
        )
    assert (response.status_code, response.json()["error"]) == (400, error)


@pytest.mark.parametrize(
    "uri",
    [
        "https://wallet.example/callback?from=leerspoor",
        "http://127.0.0.1:8765/callback",
        "http://127.0.0.1/callback",
        "http://[::1]:8765/callback",
    ],
)
def test_registration_takes_https_and_loopback_redirects(live_api: LiveApi, uri: str) -> None:
    with live_api.client() as client:
        response = client.post(
            "/oauth/register", json={"client_name": "x", "redirect_uris": [uri], "scope": READ}
        )
    assert response.status_code == 201
    assert response.json()["redirect_uris"] == [uri]


def authorized_without_signing_in(live_api: LiveApi, redirect_uri: str) -> httpx.Response:
    """A newly registered client's authorization request, sent without a signed-in user."""
    client_id, _ = registered(live_api)
    with live_api.client() as client:
        return client.get(
            "/oauth/authorize",
            params={
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "scope": READ,
                "code_challenge": "a" * 43,
            },
        )


@pytest.mark.parametrize(
    "uri", [REDIRECT + "/", REDIRECT + "?x=1", "https://WALLET.example/callback", REDIRECT[:-1]]
)
def test_authorization_matches_the_redirect_uri_exactly(live_api: LiveApi, uri: str) -> None:
    response = authorized_without_signing_in(live_api, uri)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")
    assert "location" not in response.headers


def test_an_unregistered_redirect_uri_is_never_followed(live_api: LiveApi) -> None:
    response = authorized_without_signing_in(live_api, "https://evil.example/")
    assert response.status_code == 400
    assert "location" not in response.headers


def test_authorizing_without_signing_in_goes_to_the_sign_in_page(live_api: LiveApi) -> None:
    response = authorized_without_signing_in(live_api, REDIRECT)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=%2Foauth%2Fauthorize")
