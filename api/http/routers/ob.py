"""The 1EdTech Open Badges API 3.0, host role: discovery, ``getCredentials`` (paginated,
with X-Total-Count and Link headers), ``upsertCredential``, ``getProfile``. Access is by
bearer token with the OAuth 2.0 scopes the specification names; errors answer in the
specification's ``Imsx_StatusInfo`` form."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.http.deps import FreshServicesDep, PrincipalDep
from api.stores import OB_SCOPES, Principal
from ledger import Role

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


def scope(name: str) -> Any:
    def check(principal: PrincipalDep) -> Principal:
        if principal.actor.role is not Role.LEARNER:
            raise ObError(403, "forbidden", "the Open Badges API serves learners")
        if OB_SCOPES[name] not in principal.scopes:
            raise ObError(403, "insufficient_scope", f"the token lacks scope {OB_SCOPES[name]}")
        return principal

    return Depends(check)


@router.get("/discovery")
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


@router.get("/credentials")
def get_credentials(
    request: Request,
    response: Response,
    services: FreshServicesDep,
    principal: Annotated[Principal, scope("credential.readonly")],
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


@router.post("/credentials")
async def upsert_credential(
    request: Request,
    services: FreshServicesDep,
    principal: Annotated[Principal, scope("credential.upsert")],
) -> Response:
    """Store a credential (JSON, or a compact JWS as text/plain); 201 new, 200 replaced."""
    body = (await request.body()).decode("utf-8", "replace").strip()
    document: Any
    if request.headers.get("content-type", "").startswith("text/plain"):
        if body.count(".") != 2:
            raise ObError(400, "invalid_data", "expected a compact JWS")
        document, credential_id = body, f"jws:{hashlib.sha256(body.encode()).hexdigest()}"
    else:
        try:
            document = json.loads(body)
        except json.JSONDecodeError:
            raise ObError(400, "invalid_data", "the body is not JSON") from None
        types = document.get("type", []) if isinstance(document, dict) else []
        if (
            not isinstance(document, dict)
            or "OpenBadgeCredential" not in types
            and ("AchievementCredential" not in types)
        ):
            raise ObError(400, "invalid_data", "not an OpenBadgeCredential")
        credential_id = str(document.get("id") or "")
        if not credential_id:
            raise ObError(400, "invalid_data", "the credential has no id")
    created = services.hosted.upsert(principal.actor.id, credential_id, document)
    if isinstance(document, str):
        return Response(document, status_code=201 if created else 200, media_type="text/plain")
    return JSONResponse(document, status_code=201 if created else 200)


@router.get("/profile")
def get_profile(
    services: FreshServicesDep, principal: Annotated[Principal, scope("profile.readonly")]
) -> dict[str, Any]:
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
