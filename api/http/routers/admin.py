"""Admins: organisations and their recognitions (rule 10), tokens (as ``leerspoor tokens``
does on the command line, which stays for the first admin token), erasure of a learner's
personal data (crypto-shredding), and the list of issuers this server vouches for besides
its own organisations (issue 15). The catalogue's import routes are in
``admin_catalogue``. Every route here refuses every other role."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, Field

from api import operations
from api.http.changes import CHANGE_ROUTE, CHANGED, RegistryChangeDep
from api.http.deps import AdminPrincipal, ServicesDep, require_roles
from api.http.problems import ApiProblemError
from api.http.schemas import ChangeOut, problem_responses
from api.http.scopes import Scope, requires
from api.operations import OrganisationIn, RecognitionIn, RecognitionWithdrawalIn, TokenIn
from api.stores import TokenError, TrustedIssuerError
from ledger import NotFoundError, Role

router = APIRouter(
    prefix="/v1/admin",
    tags=["admin"],
    dependencies=[requires(Scope.OWN_TOKEN), Depends(require_roles(Role.ADMIN))],
    responses=problem_responses(400, 401, 403, 404, 413, 422),
)


@router.delete("/learners/{learner_id}")
def erase_learner(
    learner_id: UUID,
    principal: AdminPrincipal,
    services: ServicesDep,
    reason: Annotated[str, Query(min_length=1, max_length=500)] = "erasure request",
) -> dict[str, Any]:
    """Erases the learner's personal data: the data key is destroyed, so names, birth date,
    e-mail address and DID are unreadable everywhere; trajectories, statistics, badges and
    the hash tree stay. Idempotent."""
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


# -- organisations and recognitions --------------------------------------------------------


@router.post(
    "/organisations",
    status_code=201,
    response_model=ChangeOut,
    responses={**CHANGED, **problem_responses(409)},
)
def register_organisation(
    body: OrganisationIn, principal: AdminPrincipal, change: RegistryChangeDep
) -> ChangeOut:
    """Register a provider, workplace, recognised EVC test centre, sector partnership or
    the employment service; its id derives from `key`. The enterprise number (KBO/BCE) is
    checked (`invalid-enterprise-number`). The same registration again: 200, a duplicate;
    the key with other details: 409 `already-exists`."""
    ledger = change.services.ledger
    return change.answer(
        operations.register_organisation(ledger, change.keyed(body), actor=principal.actor)
    )


@router.post("/organisations/{organisation_id}/recognitions", **CHANGE_ROUTE)
def grant_recognition(
    organisation_id: UUID, body: RecognitionIn, principal: AdminPrincipal, change: RegistryChangeDep
) -> ChangeOut:
    """Recognise a provider to award a qualification (`award`, rule 10), or a test centre
    to assess an EVC standard and award its beroepskwalificatie (`evc_standard`), from
    `valid_from` (until `valid_until`). The qualification must be published."""
    return change.on_organisation(organisation_id, operations.grant_recognition, body, principal)


@router.post("/organisations/{organisation_id}/recognitions:withdraw", **CHANGE_ROUTE)
def withdraw_recognition(
    organisation_id: UUID,
    body: RecognitionWithdrawalIn,
    principal: AdminPrincipal,
    change: RegistryChangeDep,
) -> ChangeOut:
    """End a recognition from `effective_on`; awards made before stay valid."""
    return change.on_organisation(organisation_id, operations.withdraw_recognition, body, principal)


# -- tokens ----------------------------------------------------------------------------------


class TokenOut(BaseModel):
    token_id: str
    role: str
    organisation_id: str | None
    subject: str
    label: str
    expires_at: datetime
    revoked: bool = False


class IssuedTokenOut(TokenOut):
    secret: str
    """Shown once; only its hash is stored."""


@router.post("/tokens", status_code=201, response_model=IssuedTokenOut)
def create_token(body: TokenIn, services: ServicesDep) -> IssuedTokenOut:
    """Create a bearer token, as `leerspoor tokens create` does: a provider, workplace or
    partnership token for a registered organisation of that kind; a learner token for a
    registered learner (by id, or by the reference the named provider registered them
    under). The secret is in this answer only."""
    try:
        issued = operations.create_token(services.ledger, services.tokens, body)
    except TokenError as error:
        raise ApiProblemError(
            422, "invalid-request", "No such token can be made", str(error)
        ) from None
    info = services.tokens.get(issued.token_id)
    assert info is not None  # just created
    return IssuedTokenOut(**vars(info), secret=issued.secret)


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(services: ServicesDep) -> list[TokenOut]:
    """Every token: id, role, organisation, subject, label, expiry, whether revoked."""
    return [TokenOut(**vars(info)) for info in services.tokens.list()]


@router.delete("/tokens/{token_id}", status_code=status.HTTP_200_OK)
def revoke_token(token_id: str, services: ServicesDep) -> dict[str, Any]:
    """Revoke a token at once; 404 when no active token has that id."""
    if not services.tokens.revoke(token_id):
        raise ApiProblemError(404, "not-found", "Not found", f"no active token {token_id}")
    return {"token_id": token_id, "revoked": True}
