"""Providers and workplaces: open trajectories, post events (one or a batch), read one.

Visibility comes first: a trajectory the caller may not read answers 404, exactly as if it
did not exist, before any rule is checked.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Response, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api import operations
from api.http.deps import (
    FreshServicesDep,
    IdempotencyKeyHeader,
    LedgerDep,
    ReaderPrincipal,
    ServicesDep,
    WriterPrincipal,
)
from api.http.problems import ApiProblemError, problem_for
from api.http.schemas import (
    BatchIn,
    BatchItemIn,
    BatchItemOut,
    BatchOut,
    EventIn,
    ReceiptOut,
    problem_responses,
)
from api.http.scopes import Scope, requires
from api.services import Services
from api.stores import Principal
from ledger import IntakeNotVisibleError, LedgerError, Receipt

router = APIRouter(
    prefix="/v1",
    tags=["trajectories"],
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(400, 401, 403, 404, 413, 422),
)

IfMatch = Annotated[
    str | None, Header(alias="If-Match", description='The version you decided on, e.g. "7".')
]
ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def expected_version(if_match: str | None) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    match = ETAG.match(if_match.strip())
    if not match:
        raise ApiProblemError(
            422, "invalid-request", "Bad If-Match", 'If-Match takes a version: "7"'
        )
    return int(match.group(1))


def document_of(event: EventIn, idempotency_key: str | None) -> dict[str, Any]:
    """The posted event in its contract form, with the event id from the body or the
    ``Idempotency-Key`` header (they must agree when both are sent)."""
    if event.event_id and idempotency_key and event.event_id != idempotency_key:
        raise ApiProblemError(
            422, "invalid-request", "Two event ids", "event_id and Idempotency-Key differ"
        )
    event_id = event.event_id or idempotency_key
    if not event_id:
        raise ApiProblemError(
            422, "invalid-request", "No event id", "send event_id or an Idempotency-Key header"
        )
    # Only the envelope drops unset keys; a null inside ``data`` is a value (ends_on: null).
    document = {k: v for k, v in event.model_dump(mode="json").items() if v is not None}
    document["event_id"] = event_id
    return document


def append(
    services: Services,
    principal: Principal,
    trajectory_id: UUID | None,
    document: dict[str, Any],
    version: int | None,
    *,
    refresh: bool = True,
) -> Receipt:
    """Appends (``operations.submit_event``: contract, visibility, then the ledger) while
    holding ``Services.posting``; read models, badges and the hash tree follow in the
    background (every derived read catches up first, so a writer still reads its own
    writes)."""
    with services.posting():
        receipt = operations.submit_event(
            services.ledger, principal.actor, trajectory_id, document, expected_version=version
        )
    if refresh:
        services.refresh_soon()
    return receipt


async def append_posted(
    services: Services,
    principal: Principal,
    trajectory_id: UUID | None,
    document: dict[str, Any],
    version: int | None,
) -> Receipt:
    """``append`` for a route that posts one event: on the event loop on the embedded
    SQLite file, on a worker thread on a database server (``Services.posts_on_loop``)."""
    if services.posts_on_loop:
        return append(services, principal, trajectory_id, document, version)
    return await run_in_threadpool(append, services, principal, trajectory_id, document, version)


def _posted(*problems: int) -> dict[int | str, dict[str, Any]]:
    """A posting route's documented answers besides 201: 200 for a duplicate, and the
    problems it may answer."""
    return {
        200: {"model": ReceiptOut, "description": "Already posted"},
        **problem_responses(*problems),
    }


def answer(receipt: Receipt) -> JSONResponse:
    """The receipt as the route's ``response_model`` would render it, returned as the
    response itself: FastAPI then neither validates it again nor hands that to a worker
    thread of its own, work that was a measurable share of a post (bench/api.py)."""
    return JSONResponse(
        ReceiptOut.of(receipt).model_dump(mode="json"),
        status_code=status.HTTP_200_OK if receipt.duplicate else status.HTTP_201_CREATED,
        headers={
            "ETag": f'"{receipt.version}"',
            "Location": f"/v1/trajectories/{receipt.aggregate_id}",
        },
    )


@router.post("/trajectories", status_code=201, response_model=ReceiptOut, responses=_posted(409))
async def open_trajectory(
    event: EventIn,
    services: ServicesDep,
    principal: WriterPrincipal,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """Open a trajectory: the body is a `TrajectoryOpened` event."""
    if event.type != "TrajectoryOpened":
        raise ApiProblemError(
            422, "invalid-request", "Not an opening", "post TrajectoryOpened here"
        )
    document = document_of(event, idempotency_key)
    receipt = await append_posted(services, principal, None, document, None)
    return answer(receipt)


@router.post(
    "/trajectories/{trajectory_id}/events",
    status_code=201,
    response_model=ReceiptOut,
    responses=_posted(409, 412),
)
async def post_event(
    trajectory_id: UUID,
    event: EventIn,
    services: ServicesDep,
    principal: WriterPrincipal,
    idempotency_key: IdempotencyKeyHeader = None,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Append one event to a trajectory (validated against its contract)."""
    if event.type == "TrajectoryOpened":
        raise ApiProblemError(
            422, "invalid-request", "Wrong endpoint", "POST /v1/trajectories opens"
        )
    document = document_of(event, idempotency_key)
    version = expected_version(if_match)
    receipt = await append_posted(services, principal, trajectory_id, document, version)
    return answer(receipt)


@router.post("/events:batch", response_model=BatchOut)
def post_batch(batch: BatchIn, services: ServicesDep, principal: WriterPrincipal) -> BatchOut:
    """Post many events; each item succeeds or fails on its own, in order."""
    items: list[BatchItemOut] = []
    # One command batch: the reference data the items' rules read is read once for all.
    with services.ledger.refs.batch():
        for index, item in enumerate(batch.items):
            items.append(batch_item(services, principal, index, item))
    services.refresh_soon()
    accepted = sum(item.receipt is not None for item in items)
    return BatchOut(accepted=accepted, refused=len(items) - accepted, items=items)


def batch_item(
    services: Services, principal: Principal, index: int, item: BatchItemIn
) -> BatchItemOut:
    """One item of a batch, appended on its own: its receipt, or the problem it met."""
    try:
        if (item.trajectory_id is None) != (item.event.type == "TrajectoryOpened"):
            raise ApiProblemError(
                422, "invalid-request", "Wrong target", "only TrajectoryOpened has no id"
            )
        document = document_of(item.event, None)
        receipt = append(
            services,
            principal,
            item.trajectory_id,
            document,
            item.expected_version,
            refresh=False,
        )
    except LedgerError as error:
        problem = problem_for(error)
        return BatchItemOut(index=index, status=problem["status"], problem=problem)
    except ApiProblemError as error:
        return BatchItemOut(index=index, status=error.body["status"], problem=error.body)
    code = 200 if receipt.duplicate else 201
    return BatchItemOut(index=index, status=code, receipt=ReceiptOut.of(receipt))


@router.get("/trajectories/{trajectory_id}")
def read_trajectory(
    trajectory_id: UUID,
    response: Response,
    ledger: LedgerDep,
    services: FreshServicesDep,
    principal: ReaderPrincipal,
) -> dict[str, Any]:
    """One trajectory: coverage of each required competence, what is missing, awards, badges;
    intake results only where rule 8 allows."""
    trajectory = ledger.trajectory_for(principal.actor, trajectory_id)
    services.access_log.record(
        principal.actor, trajectory.learner_id, f"GET /v1/trajectories/{trajectory_id}"
    )
    views = services.read_models.trajectories
    document = views.current(trajectory, ledger.pinned_qualification(trajectory))
    try:
        document["intake"] = ledger.intake(trajectory_id, principal.actor)
    except IntakeNotVisibleError:
        document["intake"] = None
    response.headers["ETag"] = f'"{trajectory.version}"'
    return document
