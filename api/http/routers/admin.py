"""Admins: erasure of a learner's personal data (crypto-shredding), and the list of issuers
this server vouches for besides its own organisations (issue 15)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from api.http.deps import AdminPrincipal, ServicesDep, require_roles
from api.http.problems import ApiProblemError
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires
from api.stores import TrustedIssuerError
from ledger import NotFoundError, Role

router = APIRouter(
    prefix="/v1/admin",
    tags=["admin"],
    dependencies=[requires(Scope.OWN_TOKEN), Depends(require_roles(Role.ADMIN))],
    responses=problem_responses(401, 403, 404, 422),
)


@router.delete("/learners/{learner_id}")
def erase_learner(
    learner_id: UUID,
    principal: AdminPrincipal,
    services: ServicesDep,
    reason: Annotated[str, Query(min_length=1, max_length=500)] = "erasure request",
) -> dict[str, Any]:
    """Erases the learner's personal data: the data key is destroyed, so names, birth date
    and DID are unreadable everywhere; trajectories, statistics, badges and the hash tree
    stay. Idempotent."""
    ledger = services.ledger
    stamp = ledger.stamp(f"learner-erased:{learner_id}", ledger.clock(), principal.actor)
    receipt = ledger.erase_learner(learner_id, reason=reason, stamp=stamp)
    services.refresh()
    return {
        "learner_id": str(learner_id),
        "erased": True,
        "version": receipt.version,
        "position": receipt.position,
        "duplicate": receipt.duplicate,
    }


class TrustedIssuerIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="The name this server shows.")


def _trusted_issuer_refused(error: TrustedIssuerError) -> ApiProblemError:
    return ApiProblemError(422, "invalid-trusted-issuer", "Not a usable issuer", str(error))


@router.get("/trusted-issuers")
def list_trusted_issuers(services: ServicesDep) -> dict[str, Any]:
    """The issuers this server vouches for: its own organisations (``this-server``) and the
    ones an administrator listed (``trusted``). Verification names no other issuer."""
    return {
        "own": [
            {"id": did, "name": name} for did, name in sorted(services.trust.own_issuers().items())
        ],
        "trusted": [entry.to_json() for entry in services.trusted_issuers.list()],
    }


@router.put(
    "/trusted-issuers/{issuer_id:path}",
    responses={
        200: {"description": "Renamed"},
        201: {"description": "Added"},
        **problem_responses(400, 413),
    },
)
def put_trusted_issuer(
    issuer_id: str,
    body: TrustedIssuerIn,
    response: Response,
    principal: AdminPrincipal,
    services: ServicesDep,
) -> dict[str, str]:
    """Trust an issuer (a DID, or an https issuer URL) under the name given; idempotent."""
    try:
        entry, new = services.trusted_issuers.put(issuer_id, body.name, added_by=principal.actor.id)
    except TrustedIssuerError as error:
        raise _trusted_issuer_refused(error) from None
    response.status_code = 201 if new else 200
    return entry.to_json()


@router.delete("/trusted-issuers/{issuer_id:path}", status_code=204)
def delete_trusted_issuer(issuer_id: str, services: ServicesDep) -> Response:
    """Stop trusting an issuer: its badges verify as from an issuer unknown here."""
    if not services.trusted_issuers.remove(issuer_id):
        raise NotFoundError("no such trusted issuer")
    return Response(status_code=204)
