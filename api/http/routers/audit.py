"""Auditors: any trajectory's history as of any moment on either time axis, and the whole
event stream as NDJSON from a log position."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.http.deps import AuditorPrincipal, FreshServicesDep, LedgerDep, ServicesDep
from api.http.problems import ApiProblemError
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires
from ledger import Ledger, LedgerEvent, TimeAxis, event_to_json
from projections import UnknownFollowerError, document_as_of, notifications

router = APIRouter(
    prefix="/v1/audit",
    tags=["audit"],
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(401, 403, 404, 422),
)
PAGE = 500
MAX_POSITION = 2**63 - 1  # SQLite and PostgreSQL positions are signed 64-bit integers


@router.get("/trajectories/{trajectory_id}/history")
def history(
    trajectory_id: UUID,
    ledger: LedgerDep,
    services: ServicesDep,
    principal: AuditorPrincipal,
    as_of: Annotated[datetime | None, Query(description="An instant with time zone.")] = None,
    axis: TimeAxis = TimeAxis.RECORDED,
) -> dict[str, Any]:
    """The events and the state as of ``as_of`` (default: now)."""
    if as_of is not None and as_of.tzinfo is None:
        raise ApiProblemError(422, "invalid-request", "No time zone", "as_of needs a time zone")
    services.access_log.record(
        principal.actor,
        ledger.trajectory(trajectory_id).learner_id,
        f"GET /v1/audit/trajectories/{trajectory_id}/history",
    )
    events, state = document_as_of(ledger, trajectory_id, as_of, axis)
    return {
        "trajectory_id": str(trajectory_id),
        "as_of": as_of.isoformat() if as_of else None,
        "axis": axis.value,
        "state": state,
        "events": [event_to_json(e) for e in events],
    }


def stream(ledger: Ledger, after: int, limit: int) -> Iterator[bytes]:
    for notification in islice(notifications(ledger, after=after, size=PAGE), limit):
        event = ledger.mapper.to_domain_event(notification)
        if isinstance(event, LedgerEvent):
            line = {"position": notification.id, **event_to_json(event)}
            yield (json.dumps(line, ensure_ascii=False) + "\n").encode()


@router.get("/events", response_class=StreamingResponse)
def events(
    ledger: LedgerDep,
    principal: AuditorPrincipal,
    after: Annotated[
        int, Query(ge=0, le=MAX_POSITION, description="Log position to start after.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=1_000_000)] = 100_000,
) -> StreamingResponse:
    """Every ledger event after ``after``, one JSON object per line, with its position."""
    return StreamingResponse(stream(ledger, after, limit), media_type="application/x-ndjson")


@router.get("/parked")
def parked(
    services: FreshServicesDep,
    principal: AuditorPrincipal,
    follower: Annotated[
        str | None, Query(max_length=100, description="Only this follower's, e.g. badge_issuance.")
    ] = None,
    after: Annotated[
        int, Query(ge=0, le=MAX_POSITION, description="Log position to list after.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    """Events a follower (a read model, badge issuance, the hash tree) could not process,
    in log order: position, follower, event type, originator, the error and how often it was
    tried. Each stays parked, and later events of its trajectory behind it, until
    ``leerspoor projections retry`` applies it after a fix."""
    if follower is not None:
        try:
            services.followers.named(follower)
        except UnknownFollowerError as error:
            raise ApiProblemError(
                422, "invalid-request", "Unknown follower", error.args[0]
            ) from None
    events = services.followers.parked(follower, after=after, limit=limit)
    return {
        "parked": services.followers.health()["parked"],
        "events": [e.as_json() for e in events],
    }
