"""Security headers on every kind of response (API, problems, pages, static files, the API
documentation), and the session cookie's ``Secure`` flag behind a trusted TLS proxy."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from api.demo import learner_id
from api.http.app import create_app
from api.settings import Settings
from ledger import Role
from tests.demo_site import sqlite_settings
from tests.e2e.api.conftest import LiveApi
from tests.e2e.api.oauth_flow import READ, REDIRECT, authorize_params, registered

STRICT = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@pytest.mark.parametrize(
    ("signed_in", "method", "path"),
    [
        (False, "GET", "/health"),
        (True, "GET", "/v1/me/credentials"),
        (False, "GET", "/v1/me/credentials"),  # a 401 problem
        (False, "GET", "/no/such/route"),  # a 404 problem
        (False, "POST", "/v1/trajectories"),  # a 413 problem, answered before the app
        (False, "GET", "/ims/ob/v3p0/discovery"),
        (False, "GET", "/"),
        (False, "GET", "/verify"),
        (False, "GET", "/signin"),
        (True, "GET", "/wallet"),
        (False, "GET", "/static/pages/verify.js"),
        (False, "GET", "/static/pages/style.css"),
    ],
)
def test_every_kind_of_response_carries_the_security_headers(
    live_api: LiveApi, signed_in: bool, method: str, path: str
) -> None:
    token = live_api.tokens["learner"]
    cookies = {"leerspoor_token": token} if signed_in else {}
    headers = {"Authorization": f"Bearer {token}"} if signed_in else {}
    body = b"x" * 70_000 if method == "POST" else None
    with httpx.Client(base_url=live_api.base_url, cookies=cookies, headers=headers) as client:
        response = client.request(method, path, content=body)
    assert response.headers["content-security-policy"] == STRICT
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


def test_the_consent_form_may_redirect_to_the_client_and_nowhere_else(live_api: LiveApi) -> None:
    client_id, _ = registered(live_api)
    cookies = {"leerspoor_token": live_api.tokens["learner"]}
    with httpx.Client(base_url=live_api.base_url, cookies=cookies) as browser:
        consent = browser.get(
            "/oauth/authorize", params=authorize_params(client_id, "v" * 43, READ)
        )
    policy = consent.headers["content-security-policy"]
    assert consent.status_code == 200
    assert "form-action 'self' https://wallet.example;" in policy
    assert "frame-ancestors 'none'" in policy
    assert REDIRECT.startswith("https://wallet.example/")


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_the_api_documentation_admits_its_inline_scripts_by_hash_only(
    live_api: LiveApi, path: str
) -> None:
    with live_api.client() as client:
        page = client.get(path)
    policy = page.headers["content-security-policy"]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert page.status_code == 200
    assert "'unsafe-inline'" not in script_src
    assert ("'sha256-" in script_src) == ("<script>" in page.text)
    assert "frame-ancestors 'none'" in policy


async def _sign_in(settings: Settings, proxy_headers: dict[str, str]) -> httpx.Response:
    app = create_app(settings)
    token = app.state.tokens.create(Role.LEARNER, subject=str(learner_id("fien"))).secret
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50_000))
    async with httpx.AsyncClient(transport=transport, base_url="http://leerspoor.test") as client:
        return await client.post("/signin", data={"token": token}, headers=proxy_headers)


@pytest.mark.parametrize(
    ("trusted", "forwarded", "secure"),
    [
        ("", "https", False),  # the default believes no forwarded header
        ("127.0.0.1", "https", True),
        ("10.0.0.0/8, 127.0.0.1", "https", True),
        ("127.0.0.1", "http", False),
        ("10.1.2.3", "https", False),  # a header from anyone but the proxy is ignored
    ],
)
def test_the_session_cookie_is_secure_behind_a_trusted_tls_proxy(
    tmp_path: Path, trusted: str, forwarded: str, secure: bool
) -> None:
    settings = sqlite_settings(tmp_path, "db.sqlite", forwarded_allow_ips=trusted)
    response = asyncio.run(_sign_in(settings, {"X-Forwarded-Proto": forwarded}))
    cookie = response.headers["set-cookie"]
    assert response.status_code == 303
    assert cookie.startswith("leerspoor_token=")
    assert "httponly" in cookie.lower()
    assert ("; secure" in cookie.lower()) is secure
