"""The 1EdTech Open Badges API 3.0, host role: discovery, ``getCredentials`` (paginated,
with X-Total-Count and Link headers), ``upsertCredential``, ``getProfile``. Access is by
bearer token: a learner's own token, or an OAuth access token holding the scope the
specification names for the operation (``api.http.scopes``); errors answer in the
specification's ``Imsx_StatusInfo`` form."""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.http.deps import FreshServicesDep, LearnerPrincipal
from api.http.limits import parse_json
from api.http.scopes import Scope, requires
from api.stores import OB_SCOPES

PREFIX = "/ims/ob/v3p0"


class ImsxStatusInfo(BaseModel):
    """The Open Badges API's error document."""

    imsx_codeMajor: str  # noqa: N815 - the specification's field names
    imsx_severity: str  # noqa: N815
    imsx_description: str  # noqa: N815
    imsx_codeMinor: dict[str, Any] | None = None  # noqa: N815


IMSX: dict[str, Any] = {
    "model": ImsxStatusInfo,
    "description": "An Imsx_StatusInfo document (Open Badges API error).",
}
router = APIRouter(
    prefix=PREFIX,
    tags=["open badges api"],
    responses={400: IMSX, 401: IMSX, 403: IMSX, 422: IMSX},
)


class ObError(Exception):
    def __init__(self, status: int, minor: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.minor = minor
        self.description = description


def status_info(error: ObError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    return JSONResponse(
        headers=headers,
        content={
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": error.description,
            "imsx_codeMinor": {
                "imsx_codeMinorField": [
                    {
                        "imsx_codeMinorFieldName": "TargetEndSystem",
                        "imsx_codeMinorFieldValue": error.minor,
                    }
                ]
            },
        },
        status_code=error.status,
    )


@router.get("/discovery", dependencies=[requires(Scope.PUBLIC)])
def discovery(request: Request) -> dict[str, Any]:
    """The Service Description Document (no authentication)."""
    base = str(request.base_url).rstrip("/")
    return {
        "openapi": "3.0.1",
        "info": {
            "title": "Leerspoor",
            "version": "1.0",
            "termsOfService": f"{base}/terms",
            "x-imssf-privacyPolicyUrl": f"{base}/privacy",
        },
        "servers": [{"url": f"{base}{PREFIX}"}],
        "paths": {"/credentials": {}, "/profile": {}},
        "components": {
            "securitySchemes": {
                "OAuth2ACG": {
                    "type": "oauth2",
                    "description": "OAuth 2.0 authorization code grant with PKCE (S256) "
                    "and dynamic client registration (RFC 7591).",
                    "x-imssf-registrationUrl": f"{base}/oauth/register",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": f"{base}/oauth/authorize",
                            "tokenUrl": f"{base}/oauth/token",
                            "refreshUrl": f"{base}/oauth/token",
                            "scopes": {url: name for name, url in OB_SCOPES.items()},
                        }
                    },
                }
            },
            "schemas": {},
        },
    }


def _link(request: Request, limit: int, offset: int, total: int) -> str:
    url = str(request.url.remove_query_params(["limit", "offset"]))
    pages = {"first": 0, "last": max(0, (total - 1) // limit * limit)}
    if offset + limit < total:
        pages["next"] = offset + limit
    if offset > 0:
        pages["prev"] = max(0, offset - limit)
    return ", ".join(
        f'<{url}?limit={limit}&offset={where}>; rel="{rel}"' for rel, where in pages.items()
    )


@router.get("/credentials", dependencies=[requires(Scope.CREDENTIAL_READONLY)])
def get_credentials(
    request: Request,
    response: Response,
    services: FreshServicesDep,
    principal: LearnerPrincipal,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    learner_id = principal.actor.id
    issued = [row["credential"] for row in services.credentials.for_learner(learner_id)]
    everything = issued + services.hosted.for_learner(learner_id)
    page = everything[offset : offset + limit]
    response.headers["X-Total-Count"] = str(len(everything))
    response.headers["Link"] = _link(request, limit, offset, len(everything))
    return {
        "credential": [c for c in page if isinstance(c, dict)],
        "compactJwsString": [c for c in page if isinstance(c, str)],
    }


COMPACT_JWS = re.compile(rb"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+")
CREDENTIAL_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
MAX_ID = 500  # the hosted store's column


def hosted_id(document: Any) -> str:
    """The id under which an uploaded credential is kept; raises ObError (400) unless it is
    an Open Badges credential (``type`` a name or a list of names) with a string ``id``."""
    types = document.get("type") if isinstance(document, dict) else None
    names = [types] if isinstance(types, str) else types
    if not isinstance(names, list) or not CREDENTIAL_TYPES & {
        n for n in names if isinstance(n, str)
    }:
        raise ObError(400, "invalid_data", "not an OpenBadgeCredential")
    credential_id = document.get("id")
    if not isinstance(credential_id, str) or not 0 < len(credential_id) <= MAX_ID:
        raise ObError(
            400, "invalid_data", f"the credential needs an id: a string of 1 to {MAX_ID} characters"
        )
    return credential_id


@router.post("/credentials", dependencies=[requires(Scope.CREDENTIAL_UPSERT)])
async def upsert_credential(
    request: Request, services: FreshServicesDep, principal: LearnerPrincipal
) -> Response:
    """Store a credential (JSON, or a compact JWS as text/plain); 201 new, 200 replaced."""
    raw = await request.body()
    document: Any
    if request.headers.get("content-type", "").startswith("text/plain"):
        body = raw.strip()
        if not COMPACT_JWS.fullmatch(body):
            raise ObError(400, "invalid_data", "expected a compact JWS")
        document = body.decode("ascii")
        credential_id = f"jws:{hashlib.sha256(body).hexdigest()}"
    else:
        document = parse_json(raw)  # depth and strictness first, whatever the media type says
        credential_id = hosted_id(document)
    created = services.hosted.upsert(principal.actor.id, credential_id, document)
    if isinstance(document, str):
        return Response(document, status_code=201 if created else 200, media_type="text/plain")
    return JSONResponse(document, status_code=201 if created else 200)


@router.get("/profile", dependencies=[requires(Scope.PROFILE_READONLY)])
def get_profile(services: FreshServicesDep, principal: LearnerPrincipal) -> dict[str, Any]:
    learner = services.ledger.learner(UUID(principal.actor.id))
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": learner.did or f"urn:uuid:{learner.id}",
        "type": ["Profile"],
        "name": learner.display_name,
    }
