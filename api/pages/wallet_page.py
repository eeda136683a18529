"""The learner's wallet: whose it is; per trajectory (told apart by provider and start
date) the progress toward its qualification with, for each competence, what covered it
(the module, the assessment, the exemption), and its badges as a stack (module and
competence → partial certificate → qualification) with picture, issuer and date; a revoked
or suspended badge greyed with its reason and date and nothing to share; share links with
their expiry. Badges and shares come from the learner API (``/v1/me/...``), in-process.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse

from api.credential_facts import facts_of
from api.pages.catalogue_text import achievement_titles, kind_word
from api.pages.i18n import Lang, language
from api.pages.inprocess import call_api
from api.pages.rendering import render
from api.pages.shell import gate
from api.pages.stacks import stack_of
from api.pages.trajectory_words import coverage_words, organisation_name
from api.pages.verdict import picture, readable_reason, revocation
from api.services import Services
from api.stores import Principal
from ledger import Role

router = APIRouter(include_in_schema=False)
LINKEDIN_ADD = "https://www.linkedin.com/profile/add"
FORMATS = ("json", "png", "svg")


def summaries(services: Services, principal: Principal, lang: Lang) -> list[dict[str, Any]]:
    """The learner's trajectories (listed by the read models' index), each read through the
    ledger's own visibility rule, with its provider's name and the words for each
    competence's coverage."""
    services.refresh()  # writes are followed in the background; read what was acknowledged
    ledger = services.ledger
    found = []
    views = services.read_models.trajectories
    for trajectory_id in map(UUID, views.for_learner(UUID(principal.actor.id))):
        trajectory = ledger.trajectory_for(principal.actor, trajectory_id)
        qualification = ledger.pinned_qualification(trajectory)
        document = views.current(trajectory, qualification)
        document["provider_name"] = organisation_name(ledger, document["lead_provider"])
        document["how"] = coverage_words(trajectory, qualification, document, lang)
        found.append(document)
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


def described(services: Services, badge: dict[str, Any], lang: Lang) -> None:
    """Adds to a badge what the page shows: its title in the page's language, its picture,
    and for a revoked or suspended badge when and why."""
    row = services.credentials.get(badge["badge_id"])
    facts = facts_of(row["credential"]) if row else None
    titles = achievement_titles(services.ledger, facts) if facts else None
    badge["shown_title"] = titles(lang) if titles else badge["title"]
    kind = kind_word(services.ledger, facts) if facts else badge["kind"]
    badge["kind_word"] = kind
    badge["image"] = picture(badge["shown_title"], kind, facts, lang) if facts else ""
    badge["level"] = facts.vks_level if facts else None
    badge["ended"] = None
    if badge["status"] != "active":
        found = revocation(services.ledger, services.credentials, badge["badge_id"])
        if found:
            badge["ended"] = {"on": found[0], "reason": readable_reason(found[1], lang)}


async def held_badges(request: Request, lang: Lang) -> list[dict[str, Any]] | None:
    """The learner's credentials with their live share links; None when the API has none."""
    answer = await call_api(request, "GET", "/v1/me/credentials")
    if answer.status_code != 200:
        return None
    base = str(request.base_url).rstrip("/")
    services: Services = request.app.state.services
    badges: list[dict[str, Any]] = answer.json()
    for badge in badges:
        badge["shares"] = []
        badge["linkedin"] = ""
        await run_in_threadpool(described, services, badge, lang)
        if badge["status"] != "active":
            continue  # a revoked or suspended badge is neither shared nor shown off
        shares = await call_api(request, "GET", f"/v1/me/credentials/{badge['badge_id']}/shares")
        live = [s for s in shares.json() if not s.get("revoked")] if shares.is_success else []
        for share in live:
            share["url"] = f"{base}/s/{share['share_id']}"
        badge["shares"] = live
        badge["linkedin"] = linkedin_url(badge, live[0]["url"] if live else f"{base}/verify")
    return badges


def whose(services: Services, principal: Principal) -> str:
    return services.ledger.learner(UUID(principal.actor.id)).display_name


@router.get("/wallet", response_model=None)
async def wallet(request: Request) -> Response:
    gated = gate(request, Role.LEARNER)
    if isinstance(gated, Response):
        return gated
    lang = language(request)
    services: Services = request.app.state.services
    found = await run_in_threadpool(summaries, services, gated, lang)
    badges = await held_badges(request, lang) or []
    for summary in found:
        mine = [b for b in badges if b["trajectory_id"] == summary["trajectory_id"]]
        summary["stack"] = stack_of(mine)
    context = {
        "owner": await run_in_threadpool(whose, services, gated),
        "trajectories": found,
        "badges": badges,
        "formats": FORMATS,
        "fingerprint": fingerprint(found, badges),
    }
    return render(request, "wallet.html", context)


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
    services: Services = request.app.state.services
    services.refresh()
    views = services.read_models.trajectories
    found = [
        {"trajectory_id": tid, "version": (views.get(UUID(tid)) or {}).get("version")}
        for tid in views.for_learner(UUID(gated.actor.id))
    ]
    rows = services.credentials.for_learner(gated.actor.id)
    return JSONResponse({"fingerprint": fingerprint(found, rows)})


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
    # SameSite=Strict on the token cookie keeps other sites from posting this form. The API
    # refuses a revoked badge (409); the page offers no button for one anyway.
    await call_api(request, "POST", f"/v1/me/credentials/{badge_id}/shares", body={})
    return RedirectResponse(f"/wallet#badge-{badge_id}", status_code=303)


@router.post("/wallet/credentials/{badge_id}/shares/{share_id}/revoke", response_model=None)
async def revoke_share(request: Request, badge_id: UUID, share_id: str) -> Response:
    await call_api(request, "DELETE", f"/v1/me/credentials/{badge_id}/shares/{share_id}")
    return RedirectResponse(f"/wallet#badge-{badge_id}", status_code=303)
