"""Registry changes posted over HTTP (organisations, recognitions, accreditations, mentor
training), declared once: the route options every such ``POST`` shares, and a dependency
holding what each needs besides its body and principal (the services, the response whose
status tells a new change from a duplicate, the ``Idempotency-Key`` header).

The role, organisation and scope checks stay on each route (its principal and its router's
dependencies); this only records and answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Response

from api import operations
from api.http.deps import IdempotencyKeyHeader, ServicesDep
from api.http.schemas import ChangeOut, answer_change, keyed
from api.operations import ChangeIn, OrganisationChange
from api.services import Services
from api.stores import Principal
from ledger import Receipt

C = TypeVar("C", bound=ChangeIn)

CHANGED: dict[int | str, dict[str, Any]] = {
    200: {"model": ChangeOut, "description": "Already recorded (a duplicate)"}
}
# ``@router.post(path, **CHANGE_ROUTE)``: 201 for a new change, 200 for a duplicate.
CHANGE_ROUTE: dict[str, Any] = {
    "status_code": 201,
    "response_model": ChangeOut,
    "responses": CHANGED,
}


@dataclass(frozen=True)
class RegistryChange:
    services: Services
    response: Response
    idempotency_key: str | None

    def keyed(self, body: C) -> C:
        """The body with the ``Idempotency-Key`` header as its event id."""
        return keyed(body, self.idempotency_key)

    def answer(self, receipt: Receipt) -> ChangeOut:
        """Read models follow in the background; 201 for a new change, 200 for a duplicate."""
        self.services.refresh_soon()
        return answer_change(self.response, receipt)

    def on_organisation(
        self,
        organisation_id: UUID,
        operation: OrganisationChange[C],
        body: C,
        principal: Principal,
    ) -> ChangeOut:
        """Records the change on the organisation (404 when there is none) as the caller."""
        ledger = self.services.ledger
        target = operations.find_organisation(ledger, organisation_id).id
        return self.answer(operation(ledger, target, self.keyed(body), actor=principal.actor))


async def registry_change(
    response: Response, services: ServicesDep, idempotency_key: IdempotencyKeyHeader = None
) -> RegistryChange:
    # ``async``: it only gathers what FastAPI already has (see ``api.http.deps``).
    return RegistryChange(services, response, idempotency_key)


RegistryChangeDep = Annotated[RegistryChange, Depends(registry_change)]
