"""Admins: erasure of a learner's personal data (crypto-shredding)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.http.deps import AdminPrincipal, ServicesDep, require_roles
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires
from ledger import Role

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
