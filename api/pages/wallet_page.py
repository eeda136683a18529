"""The learner's wallet: progress toward each target qualification (every competence
covered, and how, or missing), the badges held with downloads, share links and a LinkedIn
link. Badges and shares come from the learner API (``/v1/me/...``), called in-process.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse

from api.pages.inprocess import call_api
from api.pages.rendering import render
from api.pages.shell import gate
from api.services import Services
from api.stores import Principal
from ledger import Role

router = APIRouter(include_in_schema=False)
LINKEDIN_ADD = "https://www.linkedin.com/profile/add"
FORMATS = ("json", "png", "svg")


def summaries(services: Services, principal: Principal) -> list[dict[str, Any]]:
    """The learner's trajectories (listed by the read models' index), each read through the
    ledger's own visibility rule."""
    services.refresh()  # writes are followed in the background; read what was acknowledged
    ledger = services.ledger
    found = []
    listed = services.read_models.trajectories.for_learner(UUID(principal.actor.id))
    for trajectory_id in map(UUID, listed):
        trajectory = ledger.trajectory_for(principal.actor, trajectory_id)
        views = services.read_models.trajectories
        found.append(views.current(trajectory, ledger.pinned_qualification(trajectory)))
    return found


def linkedin_url(badge: dict[str, Any], cert_url: str) -> str:
    """LinkedIn's documented "add to profile" link for a certification."""
    issuer = badge.get("issuer")
    issued = str(badge.get("issued_at") or "")
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": str(badge.get("title") or badge.get("code") or ""),
        "organizationName": str(issuer.get("name", "")) if isinstance(issuer, dict) else "",
        "issueYear": issued[:4],
        "issueMonth": str(int(issued[5:7])) if len(issued) >= 7 else "",
        "certUrl": cert_url,
        "certId": str(badge.get("credential_id") or badge.get("badge_id") or ""),
    }
    return f"{LINKEDIN_ADD}?{urlencode(query)}"


async def held_badges(request: Request) -> list[dict[str, Any]] | None:
    """The learner's credentials with their live share links; None when the API has none."""
    answer = await call_api(request, "GET", "/v1/me/credentials")
    if answer.status_code != 200:
        return None
    base = str(request.base_url).rstrip("/")
    badges: list[dict[str, Any]] = answer.json()
    for badge in badges:
        shares = await call_api(request, "GET", f"/v1/me/credentials/{badge['badge_id']}/shares")
        live = [s for s in shares.json() if not s.get("revoked")] if shares.is_success else []
        for share in live:
            share["url"] = f"{base}/s/{share['share_id']}"
        badge["shares"] = live
        cert_url = live[0]["url"] if live else f"{base}/verify"
        badge["linkedin"] = linkedin_url(badge, cert_url)
    return badges


@router.get("/wallet", response_model=None)
async def wallet(request: Request) -> Response:
    gated = gate(request, Role.LEARNER)
    if isinstance(gated, Response):
        return gated
    found = await run_in_threadpool(summaries, request.app.state.services, gated)
    badges = await held_badges(request)
    context = {"trajectories": found, "badges": badges or [], "formats": FORMATS}
    return render(request, "wallet.html", {**context, "fingerprint": fingerprint(found, badges)})


def fingerprint(found: list[dict[str, Any]], badges: list[dict[str, Any]] | None) -> str:
    """Changes whenever a trajectory or a badge changes: the page reloads on a change."""
    versions = ",".join(f"{t['trajectory_id']}:{t['version']}" for t in found)
    marks = ",".join(f"{b['badge_id']}:{b['status']}" for b in badges or [])
    return f"{versions}|{marks}"


@router.get("/wallet/fingerprint", response_model=None)
async def wallet_fingerprint(request: Request) -> Response:
    gated = gate(request, Role.LEARNER)
    if isinstance(gated, Response):
        return JSONResponse({"fingerprint": None}, status_code=401)
    found = await run_in_threadpool(summaries, request.app.state.services, gated)
    return JSONResponse({"fingerprint": fingerprint(found, await held_badges(request))})


@router.get("/wallet/credentials/{badge_id}.{fmt}", response_model=None)
async def download(request: Request, badge_id: UUID, fmt: str) -> Response:
    if fmt not in FORMATS:
        return Response(status_code=404)
    answer = await call_api(request, "GET", f"/v1/me/credentials/{badge_id}.{fmt}")
    headers = {
        k: v for k, v in answer.headers.items() if k in ("content-type", "content-disposition")
    }
    return Response(answer.content, status_code=answer.status_code, headers=headers)


@router.post("/wallet/credentials/{badge_id}/shares", response_model=None)
async def create_share(request: Request, badge_id: UUID) -> Response:
    # SameSite=Strict on the token cookie keeps other sites from posting this form.
    await call_api(request, "POST", f"/v1/me/credentials/{badge_id}/shares", body={})
    return RedirectResponse(f"/wallet#badge-{badge_id}", status_code=303)


@router.post("/wallet/credentials/{badge_id}/shares/{share_id}/revoke", response_model=None)
async def revoke_share(request: Request, badge_id: UUID, share_id: str) -> Response:
    await call_api(request, "DELETE", f"/v1/me/credentials/{badge_id}/shares/{share_id}")
    return RedirectResponse(f"/wallet#badge-{badge_id}", status_code=303)
