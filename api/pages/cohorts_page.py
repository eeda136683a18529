"""The provider's cohort page: its learners per trajectory state and qualification, and
the monitoring statistics (outflow per pathway, median days to qualification, dropouts,
exemption and recognition shares), as charts with the same figures in tables; and the
person-level outflow per school year with each figure's definition beside it
(docs/monitoring.md).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.pages.charts import grouped_bars
from api.pages.i18n import language, translator
from api.pages.outflow_table import outflow_table
from api.pages.rendering import render
from api.pages.shell import gate
from api.services import Services
from ledger import Role
from projections import ReadModels

router = APIRouter(include_in_schema=False)
STATES = ("open", "paused", "closed")
OUTCOMES = ("qualified", "partially_qualified", "unqualified")


def read_models(request: Request) -> ReadModels:
    """The app's read models brought up to date."""
    services: Services = request.app.state.services
    services.refresh()
    return services.read_models


def cohort_figures(models: ReadModels, provider: UUID) -> dict[str, Any]:
    cohorts = models.cohorts.for_provider(provider)
    counts = {
        code: {state: len(by_state.get(state, [])) for state in STATES}
        for code, by_state in cohorts.items()
    }
    stats = models.monitoring.statistics(provider=str(provider))
    outflow: dict[str, dict[str, int]] = stats.get("outflow_by_pathway", {})
    people = outflow_table(models, provider)
    return {"counts": counts, "stats": stats, "outflow": outflow, "people": people}


def charts(figures: dict[str, Any], request: Request) -> dict[str, str]:
    t = translator(language(request))
    counts, outflow = figures["counts"], figures["outflow"]
    drawn = {}
    if counts:
        drawn["states"] = grouped_bars(
            list(counts),
            {t(f"status.{s}"): [counts[c][s] for c in counts] for s in STATES},
            ylabel=t("cohorts.count"),
        )
    if outflow:
        drawn["outflow"] = grouped_bars(
            list(outflow),
            {t(f"outcome.{o}"): [outflow[p].get(o, 0) for p in outflow] for o in OUTCOMES},
            ylabel=t("cohorts.count"),
        )
    return drawn


@router.get("/cohorts", response_model=None)
async def cohorts(request: Request) -> Response:
    gated = gate(request, Role.PROVIDER)
    if isinstance(gated, Response):
        return gated
    provider = gated.actor.organisation_id
    assert provider is not None  # a provider token always names its organisation
    models = await run_in_threadpool(read_models, request)
    figures = await run_in_threadpool(cohort_figures, models, provider)
    drawn = await run_in_threadpool(charts, figures, request)
    context = {**figures, "charts": drawn, "states": STATES, "outcomes": OUTCOMES}
    return render(request, "cohorts.html", context)
