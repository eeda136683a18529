"""Learners, registered by a provider under its own reference (its idempotency key) and
visible only to the provider that registered them and the lead and partners of their
trajectories (and to auditors and admins). To anyone else a learner answers 404, worded
exactly as an id that does not exist. Every read of personal data is in the access log."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api import operations
from api.http.deps import FreshServicesDep, LearnerReaderPrincipal, ProviderPrincipal, ServicesDep
from api.http.schemas import created_or_unchanged, problem_responses
from api.http.scopes import Scope, requires
from api.operations import LearnerIn
from api.services import Services
from api.stores import Principal

router = APIRouter(
    prefix="/v1/learners",
    tags=["learners"],
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(400, 401, 403, 404, 413, 422),
)


def _read(services: Services, principal: Principal, learner_id: UUID, what: str) -> dict[str, Any]:
    learner = operations.visible_learner(
        services.ledger, services.read_models.registry, principal.actor, learner_id
    )
    services.access_log.record(principal.actor, learner.id, what)
    return operations.learner_document(learner, principal.actor)


@router.post(
    "", **created_or_unchanged("Already registered under this reference with the same data")
)
def register_learner(
    body: LearnerIn, response: Response, principal: ProviderPrincipal, services: ServicesDep
) -> dict[str, Any]:
    """Register a learner under your own `reference`: given and family name, birth date,
    e-mail address (stored encrypted per learner, so erasure makes them unreadable
    everywhere). The same reference with the same data again: 200; with other data: 409
    `learner-reference-conflict`. Answers the learner's id, for `learner_id` in a
    `TrajectoryOpened` and for a learner token."""
    receipt = operations.register_learner(services.ledger, body, actor=principal.actor)
    services.refresh_soon()
    if receipt.duplicate:
        response.status_code = 200
    return {
        "learner_id": str(receipt.aggregate_id),
        "reference": body.reference,
        "duplicate": receipt.duplicate,
        "position": receipt.position,
    }


@router.get("")
def list_learners(principal: ProviderPrincipal, services: FreshServicesDep) -> list[dict[str, Any]]:
    """The learners you registered or have a trajectory for (as lead or partner)."""
    found = operations.learners_of(services.ledger, services.read_models.registry, principal.actor)
    for learner in found:
        services.access_log.record(principal.actor, UUID(learner["learner_id"]), "GET /v1/learners")
    return found


@router.get("/by-reference/{reference}")
def find_by_reference(
    reference: str, principal: ProviderPrincipal, services: ServicesDep
) -> dict[str, Any]:
    """The learner you registered under `reference`."""
    learner = operations.by_reference(services.ledger, principal.actor, reference)
    services.access_log.record(principal.actor, learner.id, "GET /v1/learners/by-reference")
    return operations.learner_document(learner, principal.actor)


@router.get("/{learner_id}")
def read_learner(
    learner_id: UUID, principal: LearnerReaderPrincipal, services: FreshServicesDep
) -> dict[str, Any]:
    """One learner, if you registered them or lead or partner one of their trajectories
    (auditors and admins: any)."""
    return _read(services, principal, learner_id, f"GET /v1/learners/{learner_id}")
