"""The mentor's page, for a phone on the shop floor: signed in with the workplace's token,
the mentor sees the learners with a learning agreement at that workplace running today,
per learner the competences still open with their indicators, and records an assessment
(indicators met, level, setting, an evidence note).

The assessment is posted through the app's own API (``POST /v1/trajectories/{id}/events``,
called in-process with the signed-in token), so the contract, the ledger's rules 5 and 6
and the idempotency are exactly the API's: there is no second path. A refusal comes back
as a problem, shown here in plain words.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from api.pages.i18n import Lang, language
from api.pages.inprocess import call_api
from api.pages.rendering import render
from api.pages.shell import gate
from api.pages.trajectory_words import competence_title, organisation_name
from api.services import Services
from api.stores import Principal
from ledger import LedgerError, Role

router = APIRouter(include_in_schema=False)
LEVELS = ("mastered", "in_development", "not_yet")
SETTINGS = ("workplace", "simulated_workplace", "school")
MAX_NOTE = 1000
# Problem types the page explains in words of its own (the rest show the API's detail).
EXPLAINED = (
    "rule-5-assessor-not-entitled",
    "rule-6-trajectory-paused",
    "rule-6-trajectory-closed",
    "not-found",
)


def _learner_name(services: Services, principal: Principal, learner_id: str) -> str:
    workplace = principal.actor.organisation_id
    learner = services.ledger.learner_for(
        principal.actor, UUID(learner_id), agreed_workplaces={workplace} if workplace else set()
    )
    return learner.display_name


def learners(services: Services, principal: Principal, lang: Lang) -> list[dict[str, Any]]:
    """The learners this workplace may assess today, each with the competences still open
    (title in the page's language and indicators)."""
    services.refresh()
    ledger = services.ledger
    workplace = principal.actor.organisation_id
    assert workplace is not None  # a workplace token always names its organisation
    views = services.read_models.trajectories
    found = []
    for trajectory_id, mentor in views.agreed_at(workplace, ledger.clock().date().isoformat()):
        try:  # the ledger decides, the view only narrowed the search
            trajectory = ledger.trajectory_for(principal.actor, UUID(trajectory_id))
        except LedgerError:
            continue
        q = ledger.pinned_qualification(trajectory)
        document = views.current(trajectory, q)
        open_ = []
        for c in document["competences"]:
            if c["covered"]:
                continue
            competence = q.competence(c["code"])
            open_.append(
                {
                    "code": c["code"],
                    "title": competence_title(q, c["code"], lang),
                    "indicators": list(competence.indicators),
                    "workplace_required": c["workplace_required"],
                }
            )
        found.append(
            {
                "trajectory_id": trajectory_id,
                "mentor_id": mentor,
                "learner": _learner_name(services, principal, document["learner_id"]),
                "qualification": document["qualification"],
                "provider": organisation_name(ledger, document["lead_provider"]),
                "status": document["status"],
                "progress": document["progress"],
                "open": open_,
            }
        )
    return sorted(found, key=lambda entry: str(entry["learner"]).casefold())


def _one(found: list[dict[str, Any]], trajectory_id: UUID) -> dict[str, Any] | None:
    return next((f for f in found if f["trajectory_id"] == str(trajectory_id)), None)


@router.get("/mentor", response_model=None)
async def mentor_home(request: Request) -> Response:
    gated = gate(request, Role.WORKPLACE)
    if isinstance(gated, Response):
        return gated
    services: Services = request.app.state.services
    found = await run_in_threadpool(learners, services, gated, language(request))
    workplace = await run_in_threadpool(
        organisation_name, services.ledger, gated.actor.organisation_id
    )
    return render(request, "mentor.html", {"learners": found, "workplace": workplace})


def _form(
    request: Request,
    entry: dict[str, Any],
    competence: dict[str, Any],
    *,
    event_id: str,
    values: dict[str, Any],
    refusal: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "entry": entry,
        "competence": competence,
        "event_id": event_id,
        "levels": LEVELS,
        "settings": SETTINGS,
        "values": values,
        "refusal": refusal,
    }
    return render(request, "mentor_assess.html", context, status=status)


async def _entry_and_competence(
    request: Request, principal: Principal, trajectory_id: UUID, code: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    services: Services = request.app.state.services
    found = await run_in_threadpool(learners, services, principal, language(request))
    entry = _one(found, trajectory_id)
    competence = next((c for c in entry["open"] if c["code"] == code), None) if entry else None
    return (entry, competence) if entry and competence else None


def _not_found(request: Request) -> Response:
    context = {"title_key": "mentor.gone.title", "body_key": "mentor.gone.body", "roles": ""}
    return render(request, "message.html", context, status=404)


async def _assessable(
    request: Request, trajectory_id: UUID, code: str
) -> Response | tuple[Principal, dict[str, Any], dict[str, Any]]:
    """The signed-in workplace, the learner's entry and the open competence to assess; or
    the page to answer instead (sign in, or gone when it is not assessable here today)."""
    gated = gate(request, Role.WORKPLACE)
    if isinstance(gated, Response):
        return gated
    found = await _entry_and_competence(request, gated, trajectory_id, code)
    if found is None:
        return _not_found(request)
    return (gated, *found)


@router.get("/mentor/{trajectory_id}/assess/{code}", response_model=None)
async def assess_form(request: Request, trajectory_id: UUID, code: str) -> Response:
    found = await _assessable(request, trajectory_id, code)
    if isinstance(found, Response):
        return found
    _, entry, competence = found
    # The event id is fixed when the form is drawn: sending it twice records it once.
    values = {"level": "mastered", "setting": "workplace", "indicators": [], "note": ""}
    return _form(request, entry, competence, event_id=f"mentor-{uuid.uuid4()}", values=values)


def refusal_of(problem: dict[str, Any]) -> dict[str, str]:
    """The problem's code (last part of its type) and the API's detail."""
    code = str(problem.get("type", "")).rsplit("/", 1)[-1]
    return {
        "code": code if code in EXPLAINED else "other",
        "detail": str(problem.get("detail", "")),
        "rule": str(problem.get("rule", "")),
    }


@router.post("/mentor/{trajectory_id}/assess/{code}", response_model=None)
async def assess(
    request: Request,
    trajectory_id: UUID,
    code: str,
    event_id: Annotated[str, Form(min_length=1, max_length=200)],
    level: Annotated[str, Form()] = "mastered",
    setting: Annotated[str, Form()] = "workplace",
    indicators: Annotated[list[str] | None, Form()] = None,
    note: Annotated[str, Form(max_length=MAX_NOTE)] = "",
) -> Response:
    found = await _assessable(request, trajectory_id, code)
    if isinstance(found, Response):
        return found
    principal, entry, competence = found
    met = [i for i in indicators or [] if i in competence["indicators"]]
    values = {"level": level, "setting": setting, "indicators": met, "note": note}
    services: Services = request.app.state.services
    body = {
        "type": "CompetenceAssessed",
        "event_id": event_id,
        "occurred_at": services.ledger.clock().isoformat(),
        "data": {
            "competence_code": code,
            "indicators_met": met,
            "level": level,
            "setting": setting,
            "assessor_role": "mentor",
            "assessor_id": entry["mentor_id"] or principal.actor.id,
            "evidence": [note.strip()] if note.strip() else [],
        },
    }
    answer = await call_api(request, "POST", f"/v1/trajectories/{trajectory_id}/events", body=body)
    if answer.status_code in (200, 201):
        return RedirectResponse(f"/mentor?recorded={code}#learner-{trajectory_id}", 303)
    refusal = refusal_of(answer.json() if answer.content else {})
    return _form(
        request, entry, competence, event_id=event_id, values=values, refusal=refusal, status=422
    )
