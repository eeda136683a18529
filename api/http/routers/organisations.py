"""Organisations, for every signed-in role (names, kinds, enterprise numbers, recognitions
and accreditations are public facts); and workplace accreditation, granted and withdrawn by
a sector partnership in its own name (its ``partnership`` token) or by an admin, scoped per
opleiding, with the mentor training it may depend on (rule 4)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api import operations
from api.http.deps import (
    AccreditorPrincipal,
    FreshServicesDep,
    IdempotencyKeyHeader,
    LedgerDep,
    ServicesDep,
    SignedInPrincipal,
)
from api.http.schemas import ChangeOut, answer_change, keyed, problem_responses
from api.http.scopes import Scope, requires
from api.operations import AccreditationIn, AccreditationWithdrawalIn, MentorTrainingIn
from ledger import OrganisationKind

router = APIRouter(
    prefix="/v1/organisations",
    tags=["organisations"],
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(400, 401, 403, 404, 413, 422),
)
CHANGED: dict[int | str, dict[str, Any]] = {
    200: {"model": ChangeOut, "description": "Already recorded (a duplicate)"}
}


@router.get("")
def list_organisations(
    principal: SignedInPrincipal,
    services: FreshServicesDep,
    kind: Annotated[OrganisationKind | None, Query()] = None,
) -> list[dict[str, Any]]:
    """Every registered organisation (optionally of one kind): id, key, name, kind and
    enterprise number."""
    rows = services.read_models.registry.organisations(kind.value if kind else None)
    return [operations.organisation_summary(row) for row in rows]


@router.get("/{organisation_id}")
def read_organisation(
    organisation_id: UUID, principal: SignedInPrincipal, ledger: LedgerDep
) -> dict[str, Any]:
    """One organisation with its recognitions and accreditations, each with its period;
    which mentors are trained shows to admins, partnerships, auditors and the workplace."""
    found = operations.find_organisation(ledger, organisation_id)
    return operations.organisation_document(found, principal.actor)


@router.post(
    "/{organisation_id}/accreditations",
    status_code=201,
    response_model=ChangeOut,
    responses=CHANGED,
)
def grant_accreditation(
    organisation_id: UUID,
    body: AccreditationIn,
    response: Response,
    principal: AccreditorPrincipal,
    services: ServicesDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> ChangeOut:
    """Accredit a workplace for the opleidingen named (programme or qualification codes;
    none: all), from `valid_from`, possibly only while a trained mentor is there. A
    partnership's token grants in its own name; an admin may name the partnership
    (`granted_by`) or grant alone."""
    workplace = operations.find_organisation(services.ledger, organisation_id).id
    receipt = operations.grant_accreditation(
        services.ledger, workplace, keyed(body, idempotency_key), actor=principal.actor
    )
    services.refresh_soon()
    return answer_change(response, receipt)


@router.post(
    "/{organisation_id}/accreditations:withdraw",
    status_code=201,
    response_model=ChangeOut,
    responses=CHANGED,
)
def withdraw_accreditation(
    organisation_id: UUID,
    body: AccreditationWithdrawalIn,
    response: Response,
    principal: AccreditorPrincipal,
    services: ServicesDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> ChangeOut:
    """Withdraw accreditation from `effective_on` (for the opleidingen named; none: all).
    A later learning agreement there is refused (rule 4); assessments made before still
    count."""
    workplace = operations.find_organisation(services.ledger, organisation_id).id
    receipt = operations.withdraw_accreditation(
        services.ledger, workplace, keyed(body, idempotency_key), actor=principal.actor
    )
    services.refresh_soon()
    return answer_change(response, receipt)


@router.post(
    "/{organisation_id}/mentor-trainings",
    status_code=201,
    response_model=ChangeOut,
    responses=CHANGED,
)
def record_mentor_training(
    organisation_id: UUID,
    body: MentorTrainingIn,
    response: Response,
    principal: AccreditorPrincipal,
    services: ServicesDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> ChangeOut:
    """Record that a mentor of the workplace completed mentor training (S3 L77), which an
    accreditation may require."""
    workplace = operations.find_organisation(services.ledger, organisation_id).id
    receipt = operations.record_mentor_training(
        services.ledger, workplace, keyed(body, idempotency_key), actor=principal.actor
    )
    services.refresh_soon()
    return answer_change(response, receipt)
