"""The OAuth 2.0 flow a wallet app goes through, over real HTTP: register, have the learner
consent on the page (signed in with their own token in the cookie), trade the code with its
PKCE verifier for tokens."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from api.stores import s256
from tests.e2e.api.conftest import LiveApi

REDIRECT = "https://wallet.example/callback"
SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
READ = SCOPE + "credential.readonly"
UPSERT = SCOPE + "credential.upsert"
PROFILE = SCOPE + "profile.readonly"
ALL = (READ, UPSERT, PROFILE)


def registered(api: LiveApi, scopes: tuple[str, ...] = (READ,)) -> tuple[str, str]:
    with api.client() as client:
        response = client.post(
            "/oauth/register",
            json={
                "client_name": "Voorbeeldwallet",
                "redirect_uris": [REDIRECT],
                "scope": " ".join(scopes),
            },
        )
    assert response.status_code == 201, response.text
    return response.json()["client_id"], response.json()["client_secret"]


def authorize_params(
    client_id: str, verifier: str, scope: str, state: str = "xyz"
) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": state,
        "code_challenge": s256(verifier),
        "code_challenge_method": "S256",
    }


def authorized_code(
    api: LiveApi, client_id: str, verifier: str, scope: str = READ, state: str = "xyz"
) -> str:
    """The code the learner's "allow" sends back to the client's redirect URI."""
    params = authorize_params(client_id, verifier, scope, state)
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


def exchange(
    api: LiveApi, client: tuple[str, str], code: str, verifier: str, redirect: str = REDIRECT
) -> httpx.Response:
    with api.client() as http:
        return http.post(
            "/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
                "code_verifier": verifier,
            },
            auth=client,
        )


def access_token(api: LiveApi, scope: str) -> dict[str, Any]:
    """Tokens (access and refresh) a fresh client obtains with the learner's consent to
    ``scope`` (one or more scopes, space-separated)."""
    client = registered(api, tuple(scope.split()))
    verifier = secrets.token_urlsafe(48)
    code = authorized_code(api, client[0], verifier, scope)
    answer = exchange(api, client, code, verifier)
    assert answer.status_code == 200, answer.text
    tokens: dict[str, Any] = answer.json()
    return tokens
