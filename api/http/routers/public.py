"""The public: verify a badge (JSON body or an uploaded PNG/SVG/JSON file), open a share
link, and resolve our issuers' profiles, DID documents (did:web paths) and status lists."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, File, Query, Request, UploadFile

from api.http.deps import FreshServicesDep
from api.http.problems import ApiProblemError
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires
from api.verification import UnreadableInputError, read_upload, verdict_of, verify_document
from ledger import NotFoundError

router = APIRouter(
    tags=["public"],
    dependencies=[requires(Scope.PUBLIC)],
    responses=problem_responses(400, 404, 413, 422),
)
# Answered by an issuer's own routes while its key file cannot be read.
KEY_UNAVAILABLE = problem_responses(503)

UNREADABLE = "unreadable-badge"


def _clock(request: Request) -> Any:
    return request.app.state.services.factory.clock


@router.post("/v1/verify")
async def verify(
    request: Request,
    services: FreshServicesDep,
    file: Annotated[UploadFile | None, File(description="A PNG, SVG or JSON badge.")] = None,
    recipient: Annotated[
        str | None,
        Query(
            max_length=500,
            description="The holder as the candidate gave it (name, e-mail, identifier or "
            "DID): the `recipient` check says whether the badge names them.",
        ),
    ] = None,
) -> dict[str, Any]:
    """Verify a credential sent as the JSON body, or a badge file uploaded as `file`
    (multipart). Every check comes back with its reason in Dutch and English; `issuer` says
    who issued as far as this server vouches (`this-server`, `trusted` or `unknown`, with the
    name only when vouched for), and `verdict` is the one word the pages show."""
    if file is None:
        if request.headers.get("content-type", "").startswith("multipart/"):
            raise ApiProblemError(422, UNREADABLE, "No badge found", "the form has no file")
        data = await request.body()
    elif isinstance(file, str):  # a form field without a filename arrives as text
        data = file.encode()
    else:
        data = await file.read()
    try:
        credential = read_upload(data)
        result = verify_document(
            credential, services.trust, _clock(request)(), recipient=recipient or None
        )
    except UnreadableInputError as error:
        raise ApiProblemError(422, UNREADABLE, "No badge found", str(error)) from None
    return {**result.to_json(), "verdict": verdict_of(result).value, "credential": credential}


@router.get("/v1/shares/{share_id}")
def open_share(share_id: str, request: Request, services: FreshServicesDep) -> dict[str, Any]:
    """A shared credential with its verification; 404 once expired or revoked."""
    share = services.shares.open(share_id)
    row = services.credentials.get(share.badge_id) if share else None
    if share is None or row is None:
        raise NotFoundError("no such share link (it may have expired or been revoked)")
    learner = services.ledger.learner(UUID(share.learner_id))
    result = verify_document(row["credential"], services.trust, _clock(request)())
    return {
        "learner_name": learner.display_name if share.show_name else None,
        "expires_at": share.expires_at.isoformat(),
        "credential": row["credential"],
        "verification": {**result.to_json(), "verdict": verdict_of(result).value},
    }


def _organisation(services: Any, organisation_id: UUID) -> str:
    if str(organisation_id) not in services.factory.keystore.organisations():
        raise NotFoundError("no such issuer")
    return str(organisation_id)


@router.get("/issuers/{organisation_id}/did.json", responses=KEY_UNAVAILABLE)
def did_document(organisation_id: UUID, services: FreshServicesDep) -> dict[str, Any]:
    """The did:web document of an issuer (old keys stay listed so old badges verify)."""
    return dict(services.trust.did_document(_organisation(services, organisation_id)))


@router.get("/issuers/{organisation_id}")
def issuer_profile(organisation_id: UUID, services: FreshServicesDep) -> dict[str, Any]:
    """The issuer's Open Badges profile."""
    organisation = _organisation(services, organisation_id)
    name = services.ledger.organisation(organisation_id).name
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": services.factory.issuer_did(organisation),
        "type": ["Profile"],
        "name": name,
        "url": f"{services.factory.base_url}/issuers/{organisation}",
    }


@router.get("/status/{organisation_id}/revocation", responses=KEY_UNAVAILABLE)
def status_list(organisation_id: UUID, services: FreshServicesDep) -> dict[str, Any]:
    """The issuer's signed Bitstring Status List: bits only, no personal data."""
    return dict(services.trust.status_list(_organisation(services, organisation_id)))
