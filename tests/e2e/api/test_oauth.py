"""The Open Badges API's OAuth 2.0 over HTTP: a client registers itself, the learner
consents on a page, the client trades the code (with its PKCE verifier) for a token that
reads the learner's credentials, and refreshes it."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from api.stores.oauth import s256
from tests.e2e.api.conftest import LiveApi

REDIRECT = "https://wallet.example/callback"
READ = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"


def registered(api: LiveApi) -> tuple[str, str]:
    with api.client() as client:
        response = client.post(
            "/oauth/register",
            json={"client_name": "Voorbeeldwallet", "redirect_uris": [REDIRECT], "scope": READ},
        )
    assert response.status_code == 201
    return response.json()["client_id"], response.json()["client_secret"]


def authorized_code(api: LiveApi, client_id: str, verifier: str, state: str = "xyz") -> str:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": READ,
        "state": state,
        "code_challenge": s256(verifier),
        "code_challenge_method": "S256",
    }
    cookies = {"leerspoor_token": api.tokens["learner"]}
    with httpx.Client(base_url=api.base_url, cookies=cookies) as browser:
        consent = browser.get("/oauth/authorize", params=params)
        assert consent.status_code == 200
        assert "Toestaan" in consent.text
        form = {
            k: v for k, v in params.items() if k not in ("response_type", "code_challenge_method")
        }
        answer = browser.post("/oauth/authorize", data={**form, "decision": "allow"})
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"])
    assert location.netloc == "wallet.example"
    query = parse_qs(location.query)
    assert query["state"] == [state]
    return query["code"][0]


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


def test_a_code_is_good_once_and_only_with_its_verifier(live_api: LiveApi) -> None:
    client_id, secret = registered(live_api)
    verifier = secrets.token_urlsafe(48)
    code = authorized_code(live_api, client_id, verifier)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    with live_api.client() as client:
        wrong = client.post(
            "/oauth/token", data={**form, "code_verifier": "x" * 48}, auth=(client_id, secret)
        )
        # the failed attempt used the code up as well
        again = client.post(
            "/oauth/token", data={**form, "code_verifier": verifier}, auth=(client_id, secret)
        )
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    assert again.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    ("scope", "uris", "error"),
    [
        ("https://example.org/not-a-scope", [REDIRECT], "invalid_scope"),
        (READ, ["http://evil.example/cb"], "invalid_redirect_uri"),
    ],
)
def test_registration_refuses_unknown_scopes_and_insecure_redirects(
    live_api: LiveApi, scope: str, uris: list[str], error: str
) -> None:
    with live_api.client() as client:
        response = client.post(
            "/oauth/register", json={"client_name": "x", "redirect_uris": uris, "scope": scope}
        )
    assert response.json()["error"] == error


def test_an_unregistered_redirect_uri_is_never_followed(live_api: LiveApi) -> None:
    client_id, _ = registered(live_api)
    with live_api.client() as client:
        response = client.get(
            "/oauth/authorize",
            params={
                "client_id": client_id,
                "redirect_uri": "https://evil.example/",
                "scope": READ,
                "code_challenge": "a" * 43,
            },
        )
    assert response.status_code == 400
    assert "location" not in response.headers


def test_authorizing_without_signing_in_goes_to_the_sign_in_page(live_api: LiveApi) -> None:
    client_id, _ = registered(live_api)
    with live_api.client() as client:
        response = client.get(
            "/oauth/authorize",
            params={
                "client_id": client_id,
                "redirect_uri": REDIRECT,
                "scope": READ,
                "code_challenge": "a" * 43,
            },
        )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=%2Foauth%2Fauthorize")
