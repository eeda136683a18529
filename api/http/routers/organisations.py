"""Organisations, for every signed-in role (names, kinds, enterprise numbers, recognitions
and accreditations are public facts); and workplace accreditation, granted and withdrawn by
a sector partnership in its own name (its ``partnership`` token) or by an admin, scoped per
opleiding, with the mentor training it may depend on (rule 4)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from api import operations
from api.http.changes import CHANGE_ROUTE, RegistryChangeDep
from api.http.deps import AccreditorPrincipal, FreshServicesDep, LedgerDep, SignedInPrincipal
from api.http.schemas import ChangeOut, problem_responses
from api.http.scopes import Scope, requires
from api.operations import AccreditationIn, AccreditationWithdrawalIn, MentorTrainingIn
from ledger import OrganisationKind

router = APIRouter(
    prefix="/v1/organisations",
    tags=["organisations"],
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(400, 401, 403, 404, 413, 422),
)


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


@router.post("/{organisation_id}/accreditations", **CHANGE_ROUTE)
def grant_accreditation(
    organisation_id: UUID,
    body: AccreditationIn,
    principal: AccreditorPrincipal,
    change: RegistryChangeDep,
) -> ChangeOut:
    """Accredit a workplace for the opleidingen named (programme or qualification codes;
    none: all), from `valid_from`, possibly only while a trained mentor is there. A
    partnership's token grants in its own name; an admin may name the partnership
    (`granted_by`) or grant alone."""
    return change.on_organisation(organisation_id, operations.grant_accreditation, body, principal)


@router.post("/{organisation_id}/accreditations:withdraw", **CHANGE_ROUTE)
def withdraw_accreditation(
    organisation_id: UUID,
    body: AccreditationWithdrawalIn,
    principal: AccreditorPrincipal,
    change: RegistryChangeDep,
) -> ChangeOut:
    """Withdraw accreditation from `effective_on` (for the opleidingen named; none: all).
    A later learning agreement there is refused (rule 4); assessments made before still
    count."""
    return change.on_organisation(
        organisation_id, operations.withdraw_accreditation, body, principal
    )


@router.post("/{organisation_id}/mentor-trainings", **CHANGE_ROUTE)
def record_mentor_training(
    organisation_id: UUID,
    body: MentorTrainingIn,
    principal: AccreditorPrincipal,
    change: RegistryChangeDep,
) -> ChangeOut:
    """Record that a mentor of the workplace completed mentor training (S3 L77), which an
    accreditation may require."""
    return change.on_organisation(
        organisation_id, operations.record_mentor_training, body, principal
    )
