"""Monitoring as policy makers count it (docs/monitoring.md): person-level qualified and
unqualified outflow as rates with their denominators, per school year and calendar year, by
age band and target group; closings by why the learner left; handovers to VDAB; EVC use and
the time exemptions saved; the share of registered learning time at the workplace. For
auditors and admins, as JSON or as CSV. Aggregates only: no learner is named."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.http.deps import FreshServicesDep, MonitorPrincipal
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires
from projections import as_csv, monitoring_figures

router = APIRouter(
    prefix="/v1/monitoring",
    tags=["monitoring"],
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(401, 403, 422),
)
ProviderQuery = Annotated[
    UUID | None, Query(description="Only what this provider's trajectories count for.")
]


@router.get("/outflow")
def outflow(
    services: FreshServicesDep, principal: MonitorPrincipal, provider: ProviderQuery = None
) -> dict[str, Any]:
    """Every figure, one object each: period kind (``school_year``, ``calendar_year`` or
    ``all``), period, measure, group kind and group, count, denominator and rate."""
    models = services.read_models
    found = monitoring_figures(models.outflow, models.ledger, provider)
    return {"figures": [f.as_row() for f in found]}


@router.get(
    "/outflow.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The figures as CSV."}},
)
def outflow_csv(
    services: FreshServicesDep, principal: MonitorPrincipal, provider: ProviderQuery = None
) -> Response:
    """The same figures as CSV, one a line (for a spreadsheet or a statistics package)."""
    models = services.read_models
    return Response(
        as_csv(monitoring_figures(models.outflow, models.ledger, provider)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="leerspoor-outflow.csv"'},
    )
