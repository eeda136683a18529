"""Learners: their own trajectories and credentials, downloads (JSON, baked PNG and SVG),
share links, and an export of everything Leerspoor holds about them."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Request, Response
from pydantic import BaseModel, Field

from api.credential_facts import artwork_of, facts_of
from api.http.deps import FreshServicesDep, LearnerPrincipal, ServicesDep
from api.http.problems import ApiProblemError
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires
from api.services import Services
from badges import badge_png, badge_svg, bake_png, bake_svg
from ledger import NotFoundError, event_to_json, to_json_value


def log_own_read(request: Request, principal: LearnerPrincipal, services: ServicesDep) -> None:
    """Every read of the learner's own record goes into the access log."""
    if request.method == "GET":
        services.access_log.record(
            principal.actor, UUID(principal.actor.id), f"GET {request.url.path}"
        )


router = APIRouter(
    prefix="/v1/me",
    tags=["learner"],
    # The scope first: an OAuth access token is refused before anything is logged.
    dependencies=[requires(Scope.OWN_TOKEN), Depends(log_own_read)],
    responses=problem_responses(400, 401, 403, 404, 422),
)


class ShareIn(BaseModel):
    days: int = Field(default=30, ge=1, le=366, description="Days until the link expires.")
    show_name: bool = Field(default=True, description="Show my name to whoever opens it.")


class ShareOut(BaseModel):
    share_id: str
    url: str
    json_url: str
    expires_at: str


def own_credential(services: Services, learner_id: str, badge_id: UUID) -> dict[str, Any]:
    """The learner's credential, or 404 exactly as for one that does not exist."""
    row = services.credentials.get(str(badge_id))
    if row is None or row["learner_id"] != learner_id:
        raise NotFoundError("no such credential")
    return row


def credential_summary(services: Services, row: dict[str, Any]) -> dict[str, Any]:
    base = f"/v1/me/credentials/{row['badge_id']}"
    return {
        "badge_id": row["badge_id"],
        "credential_id": row["credential"]["id"],
        "trajectory_id": row["trajectory_id"],
        "kind": row["kind"],
        "code": row["code"],
        "title": row["title"],
        "status": row["status"],
        "issued_at": row["issued_at"],
        "issuer": row["credential"]["issuer"],
        "stacks": row["stacks"],
        "downloads": {fmt: f"{base}.{fmt}" for fmt in ("json", "png", "svg")},
    }


@router.get("/trajectories")
def my_trajectories(
    principal: LearnerPrincipal, services: FreshServicesDep
) -> list[dict[str, Any]]:
    """Each of my trajectories: coverage of every competence, what is missing, badges."""
    learner_id = UUID(principal.actor.id)
    views = services.read_models.trajectories
    return [view for tid in views.for_learner(learner_id) if (view := views.get(UUID(tid)))]


@router.get("/credentials")
def my_credentials(principal: LearnerPrincipal, services: FreshServicesDep) -> list[dict[str, Any]]:
    rows = services.credentials.for_learner(principal.actor.id)
    return [credential_summary(services, row) for row in rows]


@router.get(
    "/credentials/{badge_id}.{fmt}",
    responses={200: {"content": {"image/png": {}, "image/svg+xml": {}}}},
)
def download(
    badge_id: UUID,
    fmt: Literal["json", "png", "svg"],
    principal: LearnerPrincipal,
    services: FreshServicesDep,
) -> Response:
    """The signed credential as JSON, or baked into a PNG or SVG badge image."""
    row = own_credential(services, principal.actor.id, badge_id)
    credential = row["credential"]
    name = f"leerspoor-{row['kind']}-{row['code']}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    art = artwork_of(facts_of(credential), title=row["title"])  # its kind, level and title
    if fmt == "png":
        image = bake_png(badge_png(art), credential)
        return Response(image, media_type="image/png", headers=headers)
    if fmt == "svg":
        svg = bake_svg(badge_svg(art), credential)
        return Response(svg, media_type="image/svg+xml", headers=headers)
    body = json.dumps(credential, ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json", headers=headers)


@router.post(
    "/credentials/{badge_id}/shares",
    status_code=201,
    response_model=ShareOut,
    responses=problem_responses(409),
)
def create_share(
    badge_id: UUID,
    principal: LearnerPrincipal,
    services: FreshServicesDep,
    share: Annotated[ShareIn, Body()] = ShareIn(),  # noqa: B008
) -> ShareOut:
    """A link anyone can open until it expires or I revoke it. A revoked or suspended badge
    is not shared (409 `badge-not-active`): a link would only show a dead badge."""
    row = own_credential(services, principal.actor.id, badge_id)
    if row["status"] != "active":
        raise ApiProblemError(
            409,
            "badge-not-active",
            "The badge is not active",
            f"the badge is {row['status']}; a {row['status']} badge cannot be shared",
        )
    created = services.shares.create(
        str(badge_id), principal.actor.id, days=share.days, show_name=share.show_name
    )
    return ShareOut(
        share_id=created.id,
        url=f"/s/{created.id}",
        json_url=f"/v1/shares/{created.id}",
        expires_at=created.expires_at.isoformat(),
    )


@router.get("/credentials/{badge_id}/shares")
def list_shares(
    badge_id: UUID, principal: LearnerPrincipal, services: FreshServicesDep
) -> list[dict[str, Any]]:
    own_credential(services, principal.actor.id, badge_id)
    return [
        {"share_id": s.id, "expires_at": s.expires_at.isoformat(), "revoked": s.revoked}
        for s in services.shares.for_learner(principal.actor.id)
        if s.badge_id == str(badge_id)
    ]


@router.delete("/credentials/{badge_id}/shares/{share_id}", status_code=204)
def revoke_share(
    badge_id: UUID, share_id: str, principal: LearnerPrincipal, services: FreshServicesDep
) -> Response:
    own_credential(services, principal.actor.id, badge_id)
    if not services.shares.revoke(share_id, principal.actor.id, str(badge_id)):
        raise NotFoundError("no such share link")
    return Response(status_code=204)


@router.get("/export")
def export(principal: LearnerPrincipal, services: FreshServicesDep) -> dict[str, Any]:
    """Everything Leerspoor holds about me, machine-readable."""
    learner_id = UUID(principal.actor.id)
    ledger = services.ledger
    learner = ledger.learner(learner_id)
    trajectory_ids = services.read_models.trajectories.for_learner(learner_id)
    return {
        "learner": {
            "id": str(learner.id),
            "given_name": learner.given_name,
            "family_name": learner.family_name,
            "birth_date": to_json_value(learner.birth_date),
            "did": learner.did,
        },
        "trajectories": [
            {
                "id": tid,
                "events": [event_to_json(e) for e in ledger.history(UUID(tid))],
            }
            for tid in trajectory_ids
        ],
        "credentials": [
            row["credential"] for row in services.credentials.for_learner(str(learner_id))
        ],
        "shares": [
            {
                "share_id": s.id,
                "badge_id": s.badge_id,
                "expires_at": s.expires_at.isoformat(),
                "revoked": s.revoked,
            }
            for s in services.shares.for_learner(str(learner_id))
        ],
        "erased": learner.erased,
        "access_log": services.access_log.entries(learner_id),
    }
