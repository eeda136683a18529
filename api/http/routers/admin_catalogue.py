"""Admins keep the qualification catalogue: a catalogue file (``docs/catalogue.md``,
``contracts/catalogue/catalogue.v1.json``) is checked as a whole and published in one
atomic step, or not at all. ``leerspoor catalogue import`` does the same."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Response, status
from pydantic import AwareDatetime

from api import operations
from api.http.deps import AdminPrincipal, ServicesDep, require_roles
from api.http.schemas import created_or_unchanged, problem_responses
from api.http.scopes import Scope, requires
from ledger import Role

router = APIRouter(
    prefix="/v1/admin",
    tags=["admin"],
    dependencies=[requires(Scope.OWN_TOKEN), Depends(require_roles(Role.ADMIN))],
    responses=problem_responses(400, 401, 403, 413, 422),
)
CatalogueFile = Annotated[
    dict[str, Any],
    Body(
        description='A catalogue file: `{"format": "leerspoor-catalogue/1", "documents": '
        "[...]}` with qualification versions, programmes and concordance tables."
    ),
]


@router.post(
    "/catalogue",
    **created_or_unchanged("Nothing new: every version in the file was published before"),
)
def import_catalogue(
    document: CatalogueFile,
    response: Response,
    principal: AdminPrincipal,
    services: ServicesDep,
    occurred_at: Annotated[
        AwareDatetime | None,
        Query(description="When the catalogue was decided (default: now); with a time zone."),
    ] = None,
) -> dict[str, Any]:
    """Publish a catalogue file. The whole file is checked first: any error answers 422
    `catalogue-invalid` listing **every** error with its JSON path, and nothing is
    appended. A version already published with the same content is a no-op (listed under
    `unchanged`; `noop` is true when nothing was new, with status 200); with other content,
    409 `catalogue-version-conflict` (a revision is the next version)."""
    result = operations.import_catalogue(
        services.ledger, document, actor=principal.actor, occurred_at=occurred_at
    )
    services.refresh()
    if not result.published:
        response.status_code = status.HTTP_200_OK
    return operations.import_answer(result)


@router.post("/catalogue:check")
def check_catalogue(document: CatalogueFile, services: ServicesDep) -> dict[str, Any]:
    """Check a catalogue file without publishing anything: `valid`, every problem with its
    JSON path, and what an import would publish."""
    return operations.check_answer(services.ledger.check_catalogue(document))
