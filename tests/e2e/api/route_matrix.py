"""The expectation table of ``test_role_matrix.py``: for every route the app serves, the
request sent and the status each caller gets. Each caller presents its token both as a
bearer header and as the pages' session cookie. A route added to the app must join this
table (the test compares it with the app's routes).

Callers: the five roles' own tokens (``leerspoor tokens create``), an OAuth access token
for each Open Badges scope (obtained through the real consent flow), and nobody.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from api.demo import learner_id
from api.demo.reference import catalogue
from api.demo.scenarios import org
from tests.contract_checks import a_posted_event
from tests.e2e.api.oauth_flow import READ, REDIRECT, authorize_params

ROLES = ("admin", "lead", "workplace", "partnership", "learner", "auditor")
OAUTH = ("oauth_read", "oauth_upsert", "oauth_profile")
CALLERS = (*ROLES, *OAUTH, "anonymous")


@dataclass(frozen=True)
class Ids:
    """What the requests refer to: the demo apprentice's closed trajectory, one of his
    badges (and its credential), a live share of it, an issuer, a registered OAuth client;
    his workplace, himself and his provider's reference for him."""

    trajectory: str
    badge: str
    credential: dict[str, Any]
    share: str
    org: str
    client_id: str
    workplace: str = ""
    learner: str = ""
    reference: str = ""


Request = Callable[[Ids, str | None], dict[str, Any]]


def nothing(ids: Ids, token: str | None) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Row:
    path: str  # formatted with the fields of Ids
    expected: dict[str, int]
    request: Request = field(default=nothing)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(CALLERS, status)


SIGNED_IN = ROLES


def signed_in(status: int) -> dict[str, int]:
    """A bearer route for every role's own token (an OAuth access token: 403)."""
    return own_token(**dict.fromkeys(SIGNED_IN, status))


def own_token(**allowed: int) -> dict[str, int]:
    """A bearer route for own tokens: every other role 403 (forbidden-role), every OAuth
    access token 403 (insufficient_scope), nobody 401."""
    return {**dict.fromkeys(CALLERS, 403), "anonymous": 401, **allowed}


def open_badges(oauth_caller: str, status: int) -> dict[str, int]:
    """An Open Badges API route: the learner, and the access token holding its scope."""
    return {**own_token(learner=status), oauth_caller: status}


def page(role: str, *, refused: int = 403, signed_out: int = 303) -> dict[str, int]:
    """A page for one role: the wrong role gets a 403 page, an access token in the cookie
    is no sign-in at all (redirect to sign in), like nobody."""
    return {
        **dict.fromkeys(ROLES, refused),
        **dict.fromkeys((*OAUTH, "anonymous"), signed_out),
        role: 200,
    }


def json_body(value: Callable[[Ids], Any]) -> Request:
    return lambda ids, token: {"json": value(ids)}


def opening(ids: Ids | None = None) -> dict[str, Any]:
    """A TrajectoryOpened for the demo apprentice, led by cdl-elektro (a new event id)."""
    return a_posted_event(
        "TrajectoryOpened",
        "open",
        "2026-07-01T09:00:00+02:00",
        {
            "learner_id": str(learner_id("ilias")),
            "pathway": "duaal_leren",
            "qualification_code": "OK-ELEKTRICITEIT-DUAAL",
            "programme_code": "CDL-ELEKTRO-DUAAL",
            "lead_provider": org("cdl-elektro"),
            "partners": [org("elektro-peeters-illustratief")],
            "arbeidsbereid": True,
            "arbeidsrijp": "arbeidsrijp",
        },
    )


def change(**body: Any) -> Request:
    """A registry change with a fresh event id each call, so every caller let in records
    it anew."""
    return lambda ids, token: {"json": {**body, "event_id": f"matrix-{uuid4()}"}}


def demo_catalogue(ids: Ids, token: str | None) -> dict[str, Any]:
    return {"json": catalogue()}


def pause(ids: Ids | None = None) -> dict[str, Any]:
    return a_posted_event(
        "TrajectoryPaused", "pause", "2026-10-01T09:00:00+02:00", {"reason": "ziekte"}
    )


def authorize_query(ids: Ids, token: str | None) -> dict[str, Any]:
    return {"params": authorize_params(ids.client_id, "v" * 43, READ)}


def authorize_denial(ids: Ids, token: str | None) -> dict[str, Any]:
    query = authorize_query(ids, token)["params"]
    del query["response_type"], query["code_challenge_method"]
    return {"data": {**query, "decision": "deny"}}


def registration(ids: Ids, token: str | None) -> dict[str, Any]:
    return {"json": {"client_name": "Matrix", "redirect_uris": [REDIRECT], "scope": READ}}


def badge_file(ids: Ids, token: str | None) -> dict[str, Any]:
    return {"files": {"badge": ("badge.json", json.dumps(ids.credential).encode())}}


ME = "/v1/me/credentials/{badge}"
ORGS = "/v1/organisations"
CAT = "/v1/catalogue"
ADMIN = "/v1/admin"
AUDIT = "/v1/audit"
OB = "/ims/ob/v3p0"
ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/health"): Row("/health", everyone(200)),
    ("GET", "/openapi.json"): Row("/openapi.json", everyone(200)),
    ("GET", "/docs"): Row("/docs", everyone(200)),
    ("GET", "/docs/oauth2-redirect"): Row("/docs/oauth2-redirect", everyone(200)),
    ("GET", "/redoc"): Row("/redoc", everyone(200)),
    # Providers and workplaces
    ("POST", "/v1/trajectories"): Row(
        "/v1/trajectories", own_token(lead=201, workplace=403), json_body(opening)
    ),
    ("POST", "/v1/trajectories/{trajectory_id}/events"): Row(
        # The demo trajectory is closed: its workplace no longer sees it (issue 15).
        "/v1/trajectories/{trajectory}/events",
        own_token(lead=422, workplace=404),
        json_body(pause),
    ),
    ("POST", "/v1/events:batch"): Row(
        "/v1/events:batch",
        own_token(lead=200, workplace=200),  # each item answers on its own
        json_body(lambda ids: {"items": [{"trajectory_id": None, "event": opening(ids)}]}),
    ),
    ("GET", "/v1/trajectories/{trajectory_id}"): Row(
        "/v1/trajectories/{trajectory}",
        own_token(lead=200, workplace=404, learner=200, auditor=200),
    ),
    # Learners
    ("GET", "/v1/me/trajectories"): Row("/v1/me/trajectories", own_token(learner=200)),
    ("GET", "/v1/me/credentials"): Row("/v1/me/credentials", own_token(learner=200)),
    ("GET", "/v1/me/credentials/{badge_id}.{fmt}"): Row(ME + ".json", own_token(learner=200)),
    ("POST", "/v1/me/credentials/{badge_id}/shares"): Row(
        ME + "/shares", own_token(learner=201), json_body(lambda ids: {"days": 366})
    ),
    ("GET", "/v1/me/credentials/{badge_id}/shares"): Row(ME + "/shares", own_token(learner=200)),
    ("DELETE", "/v1/me/credentials/{badge_id}/shares/{share_id}"): Row(
        ME + "/shares/no-such-share", own_token(learner=404)
    ),
    ("GET", "/v1/me/export"): Row("/v1/me/export", own_token(learner=200)),
    # Auditors
    ("GET", "/v1/audit/trajectories/{trajectory_id}/history"): Row(
        AUDIT + "/trajectories/{trajectory}/history", own_token(auditor=200)
    ),
    ("GET", "/v1/audit/events"): Row(AUDIT + "/events?limit=3", own_token(auditor=200)),
    ("GET", "/v1/audit/parked"): Row(AUDIT + "/parked?limit=3", own_token(auditor=200)),
    ("GET", "/v1/audit/checkpoints"): Row(AUDIT + "/checkpoints", own_token(auditor=200)),
    ("POST", "/v1/audit/checkpoints"): Row(AUDIT + "/checkpoints", own_token(auditor=201)),
    ("GET", "/v1/audit/proofs/inclusion"): Row(
        AUDIT + "/proofs/inclusion?position=1&tree_size=2", own_token(auditor=200)
    ),
    ("GET", "/v1/audit/proofs/consistency"): Row(
        AUDIT + "/proofs/consistency?first=1&second=2", own_token(auditor=200)
    ),
    ("GET", "/v1/audit/access-log"): Row(AUDIT + "/access-log", own_token(auditor=200)),
    # Monitoring: auditors and admins
    ("GET", "/v1/monitoring/outflow"): Row(
        "/v1/monitoring/outflow", own_token(auditor=200, admin=200)
    ),
    ("GET", "/v1/monitoring/outflow.csv"): Row(
        "/v1/monitoring/outflow.csv", own_token(auditor=200, admin=200)
    ),
    # Admins (every other role refused)
    ("DELETE", "/v1/admin/learners/{learner_id}"): Row(
        f"/v1/admin/learners/{uuid4()}", own_token(admin=404)
    ),
    ("GET", "/v1/admin/trusted-issuers"): Row("/v1/admin/trusted-issuers", own_token(admin=200)),
    ("PUT", "/v1/admin/trusted-issuers/{issuer_id:path}"): Row(  # let in, then refused: no DID
        "/v1/admin/trusted-issuers/not-a-did",
        own_token(admin=422),
        json_body(lambda ids: {"name": "Matrix"}),
    ),
    ("DELETE", "/v1/admin/trusted-issuers/{issuer_id:path}"): Row(
        "/v1/admin/trusted-issuers/did:key:z6MkNotListed", own_token(admin=404)
    ),
    ("POST", "/v1/admin/catalogue"): Row(  # every version already published: a no-op
        ADMIN + "/catalogue", own_token(admin=200), demo_catalogue
    ),
    ("POST", "/v1/admin/catalogue:check"): Row(
        ADMIN + "/catalogue:check", own_token(admin=200), demo_catalogue
    ),
    ("POST", "/v1/admin/organisations"): Row(
        ADMIN + "/organisations",
        own_token(admin=201),
        lambda ids, token: {
            "json": {"key": f"matrix-{uuid4()}", "name": "Matrix bv", "kind": "workplace"}
        },
    ),
    ("POST", "/v1/admin/organisations/{organisation_id}/recognitions"): Row(
        ADMIN + "/organisations/{org}/recognitions",
        own_token(admin=201),
        change(
            kind="award", qualification_code="BK-ELEKTRISCH-INSTALLATEUR", valid_from="2026-09-01"
        ),
    ),
    ("POST", "/v1/admin/organisations/{organisation_id}/recognitions:withdraw"): Row(
        ADMIN + "/organisations/{org}/recognitions:withdraw",
        own_token(admin=422),  # let in, then refused: it holds no such recognition
        change(
            kind="award",
            qualification_code="BK-MACHINAAL-HOUTBEWERKER",
            effective_on="2026-09-01",
            reason="matrix",
        ),
    ),
    ("POST", "/v1/admin/tokens"): Row(
        ADMIN + "/tokens", own_token(admin=201), json_body(lambda ids: {"role": "auditor"})
    ),
    ("GET", "/v1/admin/tokens"): Row(ADMIN + "/tokens", own_token(admin=200)),
    ("DELETE", "/v1/admin/tokens/{token_id}"): Row(
        ADMIN + "/tokens/no-such-token", own_token(admin=404)
    ),
    # The catalogue and the organisations, for every signed-in role
    ("GET", "/v1/catalogue/qualifications"): Row(CAT + "/qualifications", signed_in(200)),
    ("GET", "/v1/catalogue/qualifications/{code}"): Row(
        CAT + "/qualifications/OK-ELEKTRICITEIT-DUAAL", signed_in(200)
    ),
    ("GET", "/v1/catalogue/qualifications/{code}/versions/{version}"): Row(
        CAT + "/qualifications/OK-ELEKTRICITEIT-DUAAL/versions/1", signed_in(200)
    ),
    ("GET", "/v1/catalogue/qualifications/{code}/diff"): Row(
        CAT + "/qualifications/OK-ELEKTRICITEIT-DUAAL/diff?from=1&to=1", signed_in(200)
    ),
    ("GET", "/v1/catalogue/programmes"): Row(CAT + "/programmes", signed_in(200)),
    ("GET", "/v1/catalogue/programmes/{code}"): Row(
        CAT + "/programmes/CDL-ELEKTRO-DUAAL", signed_in(200)
    ),
    ("GET", "/v1/catalogue/programmes/{code}/versions/{version}"): Row(
        CAT + "/programmes/CDL-ELEKTRO-DUAAL/versions/1", signed_in(200)
    ),
    ("GET", "/v1/catalogue/concordance-tables"): Row(CAT + "/concordance-tables", signed_in(200)),
    ("GET", "/v1/catalogue/concordance-tables/{code}"): Row(
        CAT + "/concordance-tables/WW-EVK", signed_in(200)
    ),
    ("GET", "/v1/catalogue/concordance-tables/{code}/versions/{version}"): Row(
        CAT + "/concordance-tables/WW-EVK/versions/1", signed_in(200)
    ),
    ("GET", "/v1/organisations"): Row(ORGS, signed_in(200)),
    ("GET", "/v1/organisations/{organisation_id}"): Row(ORGS + "/{org}", signed_in(200)),
    # Accreditation: a sector partnership in its own name, or an admin
    ("POST", "/v1/organisations/{organisation_id}/accreditations"): Row(
        ORGS + "/{workplace}/accreditations",
        own_token(admin=201, partnership=201),
        change(valid_from="2026-09-01", opleidingen=["CDL-ELEKTRO-DUAAL"]),
    ),
    ("POST", "/v1/organisations/{organisation_id}/accreditations:withdraw"): Row(
        ORGS + "/{workplace}/accreditations:withdraw",
        own_token(admin=422, partnership=422),  # let in, then refused: not accredited for it
        change(effective_on="2026-09-01", reason="matrix", opleidingen=["NOT-ACCREDITED"]),
    ),
    ("POST", "/v1/organisations/{organisation_id}/mentor-trainings"): Row(
        ORGS + "/{workplace}/mentor-trainings",
        own_token(admin=201, partnership=201),
        lambda ids, token: {
            "json": {
                "mentor_id": f"mentor-{uuid4()}",
                "completed_on": "2026-06-01",
                "course": "mentoropleiding",
            }
        },
    ),
    # Learners, for the providers that know them
    ("POST", "/v1/learners"): Row(
        "/v1/learners",
        own_token(lead=201),
        lambda ids, token: {
            "json": {"reference": f"matrix-{uuid4()}", "given_name": "Mats", "family_name": "Rix"}
        },
    ),
    ("GET", "/v1/learners"): Row("/v1/learners", own_token(lead=200)),
    ("GET", "/v1/learners/by-reference/{reference}"): Row(
        "/v1/learners/by-reference/{reference}", own_token(lead=200)
    ),
    ("GET", "/v1/learners/{learner_id}"): Row(
        "/v1/learners/{learner}", own_token(lead=200, auditor=200, admin=200)
    ),
    # The public
    ("POST", "/v1/verify"): Row("/v1/verify", everyone(200), json_body(lambda i: i.credential)),
    ("GET", "/v1/shares/{share_id}"): Row("/v1/shares/{share}", everyone(200)),
    ("GET", "/issuers/{organisation_id}/did.json"): Row("/issuers/{org}/did.json", everyone(200)),
    ("GET", "/issuers/{organisation_id}"): Row("/issuers/{org}", everyone(200)),
    ("GET", "/status/{organisation_id}/revocation"): Row("/status/{org}/revocation", everyone(200)),
    ("GET", "/ledger/did.json"): Row("/ledger/did.json", everyone(200)),
    # The Open Badges API and its OAuth 2.0
    ("GET", "/ims/ob/v3p0/discovery"): Row(OB + "/discovery", everyone(200)),
    ("GET", "/ims/ob/v3p0/credentials"): Row(OB + "/credentials", open_badges("oauth_read", 200)),
    ("POST", "/ims/ob/v3p0/credentials"): Row(
        OB + "/credentials",
        open_badges("oauth_upsert", 400),  # let in, then refused: not a credential
        json_body(lambda ids: {"type": ["NotACredential"]}),
    ),
    ("GET", "/ims/ob/v3p0/profile"): Row(OB + "/profile", open_badges("oauth_profile", 200)),
    ("POST", "/oauth/register"): Row("/oauth/register", everyone(201), registration),
    ("GET", "/oauth/authorize"): Row(
        "/oauth/authorize", page("learner", refused=303), authorize_query
    ),
    ("POST", "/oauth/authorize"): Row(  # the learner is sent back; the rest refused
        "/oauth/authorize", {**everyone(403), "learner": 303}, authorize_denial
    ),
    ("POST", "/oauth/token"): Row(
        "/oauth/token",
        everyone(401),  # no such client
        lambda ids, token: {"data": {"grant_type": "refresh_token", "client_id": "x"}},
    ),
    # Pages
    ("GET", "/"): Row("/", everyone(200)),
    ("GET", "/signin"): Row("/signin", everyone(200)),
    ("POST", "/signin"): Row(
        "/signin",
        {**dict.fromkeys(ROLES, 303), **dict.fromkeys((*OAUTH, "anonymous"), 401)},
        lambda ids, token: {"data": {"token": token or "none"}},
    ),
    ("POST", "/signout"): Row("/signout", everyone(303)),
    ("GET", "/static/pages/{name}"): Row("/static/pages/style.css", everyone(200)),
    ("GET", "/verify"): Row("/verify", everyone(200)),
    ("GET", "/catalogue"): Row("/catalogue", everyone(200)),
    ("GET", "/catalogue/{code}"): Row("/catalogue/OK-ELEKTRICITEIT-DUAAL", everyone(200)),
    ("GET", "/catalogue/{code}/v/{version}"): Row(
        "/catalogue/OK-ELEKTRICITEIT-DUAAL/v/1", everyone(200)
    ),
    ("POST", "/verify"): Row("/verify", everyone(200), badge_file),
    ("GET", "/verify/share/{share_id}"): Row("/verify/share/{share}", everyone(200)),
    ("GET", "/s/{share_id}"): Row("/s/{share}", everyone(200)),
    ("GET", "/terms"): Row("/terms", everyone(200)),
    ("GET", "/privacy"): Row("/privacy", everyone(200)),
    ("GET", "/wallet"): Row("/wallet", page("learner")),
    ("GET", "/wallet/fingerprint"): Row(
        "/wallet/fingerprint", page("learner", refused=401, signed_out=401)
    ),
    ("GET", "/wallet/credentials/{badge_id}.{fmt}"): Row(  # the learner API's own answer
        "/wallet/credentials/{badge}.json", own_token(learner=200)
    ),
    ("POST", "/wallet/credentials/{badge_id}/shares"): Row(
        "/wallet/credentials/{badge}/shares", everyone(303)
    ),
    ("POST", "/wallet/credentials/{badge_id}/shares/{share_id}/revoke"): Row(
        "/wallet/credentials/{badge}/shares/no-such-share/revoke", everyone(303)
    ),
    ("GET", "/timeline"): Row("/timeline", page("auditor")),
    ("GET", "/timeline/{trajectory_id}"): Row("/timeline/{trajectory}", page("auditor")),
    ("GET", "/cohorts"): Row("/cohorts", page("lead")),
    ("GET", "/cohorts/{code}"): Row("/cohorts/OK-ELEKTRICITEIT-DUAAL", page("lead")),
    ("GET", "/mentor"): Row("/mentor", page("workplace")),
    # The demo apprentice's trajectory is closed: nothing of it is open to the workplace.
    ("GET", "/mentor/{trajectory_id}/assess/{code}"): Row(
        "/mentor/{trajectory}/assess/EI-01", {**page("workplace"), "workplace": 404}
    ),
    ("POST", "/mentor/{trajectory_id}/assess/{code}"): Row(
        "/mentor/{trajectory}/assess/EI-01",
        {**page("workplace"), "workplace": 404},
        lambda ids, token: {"data": {"event_id": "matrix-assessment"}},
    ),
    # Wallets: OpenID4VCI issuance and OpenID4VP presentations
    ("GET", "/.well-known/openid-credential-issuer"): Row(
        "/.well-known/openid-credential-issuer", everyone(200)
    ),
    ("GET", "/.well-known/oauth-authorization-server"): Row(
        "/.well-known/oauth-authorization-server", everyone(200)
    ),
    ("POST", "/v1/me/credential-offers"): Row(
        "/v1/me/credential-offers", own_token(learner=201), json_body(lambda ids: {})
    ),
    ("GET", "/oid4vci/offers/{offer_id}"): Row("/oid4vci/offers/no-such-offer", everyone(404)),
    ("POST", "/oid4vci/nonce"): Row("/oid4vci/nonce", everyone(200)),
    ("POST", "/oid4vci/credential"): Row(  # no OpenID4VCI access token among the callers
        "/oid4vci/credential", everyone(401), json_body(lambda ids: {})
    ),
    ("POST", "/v1/presentation-requests"): Row("/v1/presentation-requests", everyone(201)),
    ("GET", "/v1/presentation-requests/{transaction_id}"): Row(
        "/v1/presentation-requests/no-such-request", everyone(404)
    ),
    ("POST", "/oid4vp/response"): Row(
        "/oid4vp/response", everyone(404), lambda ids, token: {"data": {"state": "no-such"}}
    ),
    ("POST", "/v1/presentations/verify"): Row(
        "/v1/presentations/verify",
        everyone(200),  # answered with the failed checks
        json_body(lambda ids: {"presentation": {}, "challenge": "c-1"}),
    ),
    ("POST", "/wallet/offers"): Row("/wallet/offers", {**page("learner"), "learner": 201}),
    ("GET", "/present"): Row("/present", everyone(200)),
    ("POST", "/present"): Row("/present", everyone(303)),
    ("GET", "/present/{transaction_id}"): Row("/present/no-such-request", everyone(404)),
}
