"""The public catalogue (``/catalogue``): what a qualification contains, for anyone — an
employer looking at a badge's qualification, a learner choosing one. Each qualification
has a stable address (``/catalogue/{code}``, its latest version; ``/catalogue/{code}/v/{n}``
one version), which the verify page links to. Shows the same documents as the catalogue
routes (``api.operations``), in Dutch or English, with what changed since the version
before and which programmes teach it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from api import operations
from api.pages.rendering import render
from api.services import Services
from ledger import NotFoundError

router = APIRouter(include_in_schema=False)


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    services.refresh()
    return services


def _listing(services: Services) -> list[dict[str, Any]]:
    return operations.summaries(services.read_models.registry, "qualification")


def _version(services: Services, code: str, version: int | None) -> dict[str, Any] | None:
    """The context of one version's page, or None when there is no such version."""
    ledger = services.ledger
    try:
        document = operations.qualification_document(ledger, code)
        number = version or document["latest_version"]
        shown = operations.qualification_version(ledger, code, number)
        changes = (
            operations.qualification_diff(ledger, code, number - 1, number) if number > 1 else None
        )
    except NotFoundError:
        return None
    programmes = [
        p
        for p in operations.summaries(services.read_models.registry, "programme")
        if p["qualification_code"] == code
    ]
    providers = {
        o["organisation_id"]: o["name"] for o in services.read_models.registry.organisations()
    }
    for programme in programmes:
        programme["provider_name"] = providers.get(programme["provider"], programme["provider"])
    return {
        "q": shown,
        "versions": document["versions"],
        "latest": document["latest_version"],
        "changes": changes,
        "programmes": programmes,
    }


def _not_found(request: Request) -> HTMLResponse:
    context = {"title_key": "catalogue.notfound.title", "body_key": "catalogue.notfound.body"}
    return render(request, "message.html", {**context, "roles": ""}, status=404)


@router.get("/catalogue", response_class=HTMLResponse)
async def catalogue(request: Request) -> HTMLResponse:
    services = await run_in_threadpool(_services, request)
    listing = await run_in_threadpool(_listing, services)
    return render(request, "catalogue.html", {"qualifications": listing})


@router.get("/catalogue/{code}", response_class=HTMLResponse)
async def qualification(request: Request, code: str) -> HTMLResponse:
    services = await run_in_threadpool(_services, request)
    context = await run_in_threadpool(_version, services, code, None)
    if context is None:
        return _not_found(request)
    return render(request, "catalogue_version.html", context)


@router.get("/catalogue/{code}/v/{version}", response_class=HTMLResponse)
async def qualification_version(request: Request, code: str, version: int) -> HTMLResponse:
    services = await run_in_threadpool(_services, request)
    context = await run_in_threadpool(_version, services, code, version)
    if context is None:
        return _not_found(request)
    return render(request, "catalogue_version.html", context)
