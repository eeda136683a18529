"""The OAuth 2.0 endpoints the Open Badges API's discovery document names: dynamic client
registration, the authorization endpoint (a signed-in learner consents on a page) and the
token endpoint (authorization code with PKCE, and refresh)."""

from __future__ import annotations

import base64
import html
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from api.http.deps import ServicesDep
from api.http.headers import SELF, content_security_policy
from api.http.routers.wallet_issuance import PRE_AUTHORIZED, WALLET_SCOPE, pre_authorized_token
from api.http.schemas import problem_responses
from api.http.scopes import GRANTABLE, Scope, requires
from api.pages import signed_in
from api.stores import ACCESS_LIFETIME, Grant, OAuthError, s256
from ledger import Role


class OAuthErrorOut(BaseModel):
    """An OAuth 2.0 error response (RFC 6749 §5.2)."""

    error: str
    error_description: str


def _oauth_responses() -> dict[int | str, dict[str, Any]]:
    problem = {"schema": {"$ref": "#/components/schemas/ProblemOut"}}
    oauth = {"schema": {"$ref": "#/components/schemas/OAuthErrorOut"}}
    both = {"application/json": oauth, "application/problem+json": problem}
    entries: dict[int | str, dict[str, Any]] = {
        status: {"model": OAuthErrorOut, "content": both, "description": "An OAuth error."}
        for status in (400, 401, 403)
    }
    entries[303] = {"description": "Redirect (to sign in, or back to the client)."}
    entries.update(problem_responses(413, 422))
    return entries


router = APIRouter(prefix="/oauth", tags=["oauth"], responses=_oauth_responses())
# The Open Badges API's scopes, and the one a wallet asks for its credentials (OpenID4VCI).
KNOWN_SCOPES = frozenset(scope.value for scope in GRANTABLE) | {WALLET_SCOPE}
# RFC 8252 §7.3: loopback redirects name the IP literal; "localhost" is NOT RECOMMENDED (§8.3).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1"})


class RegistrationIn(BaseModel):
    """RFC 7591 client metadata (the fields the Open Badges API requires)."""

    client_name: str = Field(min_length=1, max_length=200)
    redirect_uris: list[str] = Field(min_length=1, max_length=10)
    scope: str = Field(min_length=1, max_length=2000)
    client_uri: str | None = None
    logo_uri: str | None = None
    tos_uri: str | None = None
    policy_uri: str | None = None
    software_id: str | None = None
    software_version: str | None = None
    grant_types: list[str] = ["authorization_code", "refresh_token"]
    response_types: list[str] = ["code"]
    token_endpoint_auth_method: str = "client_secret_basic"  # noqa: S105 - a method name


def oauth_error(error: OAuthError) -> JSONResponse:
    return JSONResponse(
        {"error": error.error, "error_description": error.description},
        status_code=error.status,
        headers={"Cache-Control": "no-store"},
    )


def redirect_uri_problem(uri: str) -> str | None:
    """Why ``uri`` may not be registered, or None: an absolute https URI, or http on a
    loopback IP literal; no user info, no fragment (RFC 6749 §3.1.2). Authorization then
    compares redirect URIs exactly."""
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "not a URI"
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "must be an absolute https URI"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "may not carry user information"
    if parts.fragment or uri.endswith("#"):
        return "may not have a fragment"
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        return "must use https, or http on a loopback IP (127.0.0.1 or [::1])"
    return None


def _scopes(requested: str, allowed: frozenset[str] = KNOWN_SCOPES) -> frozenset[str]:
    scopes = frozenset(requested.split())
    if not scopes or not scopes <= allowed:
        raise OAuthError("invalid_scope", f"scopes must be among {sorted(allowed)}")
    return scopes


@router.post("/register", status_code=201, dependencies=[requires(Scope.PUBLIC)])
def register(body: RegistrationIn, services: ServicesDep) -> Any:
    """Dynamic client registration (RFC 7591)."""
    try:
        scopes = _scopes(body.scope)
        for uri in body.redirect_uris:
            if problem := redirect_uri_problem(uri):
                raise OAuthError("invalid_redirect_uri", f"{uri!r}: {problem}")
    except OAuthError as error:
        return oauth_error(error)
    client_id, secret = services.oauth.register(body.client_name, body.redirect_uris, set(scopes))
    return JSONResponse(
        {
            **body.model_dump(exclude_none=True),
            "client_id": client_id,
            "client_secret": secret,
            "client_id_issued_at": int(services.factory.clock().timestamp()),
            "client_secret_expires_at": 0,
            "scope": " ".join(sorted(scopes)),
        },
        status_code=201,
    )


def _authorization(services: Any, client_id: str, redirect_uri: str, scope: str) -> Any:
    client = services.oauth.client(client_id)
    if redirect_uri not in client.redirect_uris:
        raise OAuthError("invalid_request", "redirect_uri is not registered for this client")
    return client, _scopes(scope, client.scope)


@router.get("/authorize", response_class=HTMLResponse, dependencies=[requires(Scope.SESSION)])
def authorize(
    request: Request,
    services: ServicesDep,
    client_id: str,
    redirect_uri: str,
    scope: str,
    code_challenge: Annotated[str, Query(min_length=43, max_length=128)],
    response_type: str = "code",
    state: str = "",
    code_challenge_method: str = "S256",
) -> Response:
    """Asks the signed-in learner to consent (sign-in first, then back here)."""
    try:
        client, scopes = _authorization(services, client_id, redirect_uri, scope)
        if response_type != "code" or code_challenge_method != "S256":
            raise OAuthError("invalid_request", "response_type=code with PKCE S256 only")
    except OAuthError as error:
        return oauth_error(error)
    principal = signed_in(request)
    if principal is None or principal.actor.role is not Role.LEARNER:
        back = f"{request.url.path}?{request.url.query}"
        return RedirectResponse(f"/signin?{urlencode({'next': back})}", 303)
    fields = {
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": " ".join(sorted(scopes)),
        "state": state,
        "code_challenge": code_challenge,
    }
    hidden = "".join(
        f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in fields.items()
    )
    items = "".join(f"<li>{html.escape(s.rsplit('/', 1)[-1])}</li>" for s in sorted(scopes))
    page = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Toestemming</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>'
        f"<h1>{html.escape(client.name)} vraagt toegang tot je badges</h1>"
        f"<p>Toegang / access:</p><ul>{items}</ul>"
        f'<form method="post" action="/oauth/authorize">{hidden}'
        '<button type="submit" name="decision" value="allow">Toestaan / Allow</button> '
        '<button type="submit" name="decision" value="deny">Weigeren / Deny</button>'
        "</form></main></body></html>"
    )
    # The form posts here and is redirected to the client: form-action must allow both.
    target = urlsplit(redirect_uri)
    origin = f"{target.scheme}://{target.netloc}"
    policy = content_security_policy(form_action=(SELF, origin))
    return HTMLResponse(page, headers={"Content-Security-Policy": policy})


@router.post("/authorize", dependencies=[requires(Scope.SESSION)])
def decide(
    request: Request,
    services: ServicesDep,
    client_id: Annotated[str, Form()],
    redirect_uri: Annotated[str, Form()],
    scope: Annotated[str, Form()],
    code_challenge: Annotated[str, Form(min_length=43, max_length=128)],
    decision: Annotated[str, Form()],
    state: Annotated[str, Form()] = "",
) -> Response:
    """The learner's answer: back to the client with a code, or with access_denied."""
    try:
        _, scopes = _authorization(services, client_id, redirect_uri, scope)
    except OAuthError as error:
        return oauth_error(error)
    principal = signed_in(request)
    if principal is None or principal.actor.role is not Role.LEARNER:
        return oauth_error(OAuthError("access_denied", "sign in as a learner first", 403))
    answer: dict[str, str] = {"state": state} if state else {}
    if decision != "allow":
        answer["error"] = "access_denied"
    else:
        grant = Grant(client_id, principal.actor.id, scopes, redirect_uri, code_challenge)
        answer["code"] = services.oauth.issue("code", grant)
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{urlencode(answer)}", 303)


def _client_credentials(
    request: Request, client_id: str | None, secret: str | None
) -> tuple[str, str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
            client_id, secret = decoded.split(":", 1)
        except (ValueError, UnicodeDecodeError):
            raise OAuthError("invalid_client", "malformed Basic credentials", 401) from None
    if not client_id or not secret:
        raise OAuthError("invalid_client", "client authentication required", 401)
    return client_id, secret


@router.post("/token", dependencies=[requires(Scope.PUBLIC)])
def token(
    request: Request,
    services: ServicesDep,
    grant_type: Annotated[str, Form()],
    code: Annotated[str | None, Form()] = None,
    redirect_uri: Annotated[str | None, Form()] = None,
    code_verifier: Annotated[str | None, Form()] = None,
    refresh_token: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    pre_authorized_code: Annotated[str | None, Form(alias="pre-authorized_code")] = None,
    tx_code: Annotated[str | None, Form()] = None,
) -> Response:
    """Exchanges a code (with its PKCE verifier) or a refresh token for an access token,
    or an OpenID4VCI pre-authorized code (with its transaction code) for a wallet's.

    The client is authenticated first, and a code is used up only once the redirect URI and
    the verifier match (``OAuthStore.redeem``). The pre-authorized code grant is anonymous
    (OpenID4VCI 1.0 §6.1): the code and its transaction code are the authorization."""
    if grant_type == PRE_AUTHORIZED:
        return pre_authorized_token(request, pre_authorized_code, tx_code)

    def matches_authorization(grant: Grant) -> None:
        if redirect_uri != grant.redirect_uri:
            raise OAuthError("invalid_grant", "redirect_uri differs from the authorization")
        if not code_verifier or s256(code_verifier) != grant.code_challenge:
            raise OAuthError("invalid_grant", "the PKCE code_verifier does not match")

    try:
        cid, secret = _client_credentials(request, client_id, client_secret)
        services.oauth.client(cid, secret)
        if grant_type == "authorization_code":
            grant = services.oauth.redeem("code", code or "", cid, matches_authorization)
        elif grant_type == "refresh_token":
            grant = services.oauth.redeem("refresh", refresh_token or "", cid)
        else:
            raise OAuthError(
                "unsupported_grant_type", f"authorization_code, refresh_token or {PRE_AUTHORIZED}"
            )
    except OAuthError as error:
        return oauth_error(error)
    return JSONResponse(
        {
            "access_token": services.oauth.issue("access", grant),
            "token_type": "Bearer",
            "expires_in": int(ACCESS_LIFETIME / timedelta(seconds=1)),
            "refresh_token": services.oauth.issue("refresh", grant),
            "scope": " ".join(sorted(grant.scope)),
        },
        headers={"Cache-Control": "no-store"},
    )
