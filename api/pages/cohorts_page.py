"""The provider's cohort page: its learners per trajectory state and qualification (titles,
not codes), drilling down to each learner and what they still miss; the monitoring figures
in the page's number format; and the outflow block (``cohorts_outflow.html``, its own
template so it can grow on its own), as charts with the same figures in tables; and the
person-level outflow per school year with each figure's definition beside it
(``cohorts_people.html``, docs/monitoring.md).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.pages.charts import OUTCOME_COLOURS, STATE_COLOURS, grouped_bars
from api.pages.i18n import Lang, language, translator
from api.pages.outflow_table import outflow_table
from api.pages.rendering import render
from api.pages.shell import gate
from api.pages.trajectory_words import competence_title, organisation_name
from api.services import Services
from api.stores import Principal
from ledger import LedgerError, Role
from projections import ReadModels

router = APIRouter(include_in_schema=False)
STATES = ("open", "paused", "closed")
OUTCOMES = ("qualified", "partially_qualified", "unqualified")


def read_models(request: Request) -> ReadModels:
    """The app's read models brought up to date."""
    services: Services = request.app.state.services
    services.refresh()
    return services.read_models


def _titles(models: ReadModels, provider: UUID, lang: Lang) -> dict[str, str]:
    """Qualification code → its title in the page's language, from the provider's rows."""
    column = f"qualification_title_{lang.value}"
    return {
        row["qualification_code"]: row[column]
        for row in models.trajectories.listing()
        if row["lead_provider"] == str(provider)
    }


def cohort_figures(models: ReadModels, provider: UUID, lang: Lang) -> dict[str, Any]:
    cohorts = models.cohorts.for_provider(provider)
    counts = {
        code: {state: len(by_state.get(state, [])) for state in STATES}
        for code, by_state in cohorts.items()
    }
    stats = models.outflow.statistics(provider=str(provider))
    outflow: dict[str, dict[str, int]] = stats.get("outflow_by_pathway", {})
    titles = _titles(models, provider, lang)
    people = outflow_table(models, provider)
    return {
        "counts": counts,
        "stats": stats,
        "outflow": outflow,
        "titles": titles,
        "people": people,
    }


def charts(figures: dict[str, Any], lang: Lang) -> dict[str, str]:
    t = translator(lang)
    counts, outflow, titles = figures["counts"], figures["outflow"], figures["titles"]
    drawn = {}
    if counts:
        drawn["states"] = grouped_bars(
            [titles.get(code, code) for code in counts],
            {t(f"status.{s}"): [counts[c][s] for c in counts] for s in STATES},
            ylabel=t("cohorts.count"),
            colours=[STATE_COLOURS[s] for s in STATES],
        )
    if outflow:
        drawn["outflow"] = grouped_bars(
            [t(f"pathway.{p}") for p in outflow],
            {t(f"outcome.{o}"): [outflow[p].get(o, 0) for p in outflow] for o in OUTCOMES},
            ylabel=t("cohorts.count"),
            colours=[OUTCOME_COLOURS[o] for o in OUTCOMES],
        )
    return drawn


def _provider(principal: Principal) -> UUID:
    provider = principal.actor.organisation_id
    assert provider is not None  # a provider token always names its organisation
    return provider


@router.get("/cohorts", response_model=None)
async def cohorts(request: Request) -> Response:
    gated = gate(request, Role.PROVIDER)
    if isinstance(gated, Response):
        return gated
    provider, lang = _provider(gated), language(request)
    models = await run_in_threadpool(read_models, request)
    figures = await run_in_threadpool(cohort_figures, models, provider, lang)
    drawn = await run_in_threadpool(charts, figures, lang)
    name = organisation_name(models.ledger, provider)
    context = {
        **figures,
        "charts": drawn,
        "states": STATES,
        "outcomes": OUTCOMES,
        "provider": name,
    }
    return render(request, "cohorts.html", context)


def learners_of(
    services: Services, principal: Principal, code: str, lang: Lang
) -> tuple[str, list[dict[str, Any]]]:
    """The qualification's title and the provider's learners toward it: name, status,
    progress and the competences each still misses (with their titles)."""
    services.refresh()
    ledger, provider = services.ledger, str(_provider(principal))
    views = services.read_models.trajectories
    title, found = code, []
    for row in views.listing():
        if row["lead_provider"] != provider or row["qualification_code"] != code:
            continue
        title = row[f"qualification_title_{lang.value}"]
        trajectory = ledger.trajectory_for(principal.actor, UUID(row["trajectory_id"]))
        q = ledger.pinned_qualification(trajectory)
        document = views.current(trajectory, q)
        try:
            learner = ledger.learner_for(
                principal.actor, trajectory.learner_id, trajectory_providers=trajectory.providers
            ).display_name
        except LedgerError:
            learner = "—"
        found.append(
            {
                "trajectory_id": row["trajectory_id"],
                "learner": learner,
                "status": document["status"],
                "outcome": document["outcome"],
                "pathway": document["pathway"],
                "progress": document["progress"],
                "opened_at": document["opened_at"],
                "missing": [(c, competence_title(q, c, lang)) for c in document["missing"]],
            }
        )
    found.sort(key=lambda entry: (STATES.index(entry["status"]), str(entry["learner"]).casefold()))
    return title, found


@router.get("/cohorts/{code}", response_model=None)
async def cohort(request: Request, code: str) -> Response:
    gated = gate(request, Role.PROVIDER)
    if isinstance(gated, Response):
        return gated
    services: Services = request.app.state.services
    title, found = await run_in_threadpool(learners_of, services, gated, code, language(request))
    if not found:
        context = {"title_key": "notfound.title", "body_key": "cohorts.no_cohort", "roles": ""}
        return render(request, "message.html", context, status=404)
    return render(request, "cohort.html", {"code": code, "title": title, "learners": found})
