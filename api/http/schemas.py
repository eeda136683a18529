"""Request and response bodies of the HTTP API (``…In`` / ``…Out``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self, TypeVar
from uuid import UUID

from fastapi import Response, status
from pydantic import BaseModel, ConfigDict, Field

from api.http.problems import ApiProblemError
from api.operations import ChangeIn
from ledger import Receipt

C = TypeVar("C", bound=ChangeIn)


class EventIn(BaseModel):
    """An event in its contract form; ``data`` is checked against
    ``contracts/events/<type>.v<schema_version>.json``."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(min_length=1, max_length=80, examples=["CompetenceAssessed"])
    schema_version: int | None = Field(default=None, ge=1, le=99)
    event_id: str | None = Field(
        default=None, min_length=1, max_length=200, description="Or send Idempotency-Key."
    )
    occurred_at: datetime
    data: dict[str, Any]


class _ReceiptAnswer(BaseModel):
    """An answer read off the ledger's ``Receipt`` field by field (no fields of its own, so
    each answer keeps its own field order)."""

    @classmethod
    def of(cls, receipt: Receipt) -> Self:
        return cls.model_validate(receipt, from_attributes=True)


class ReceiptOut(_ReceiptAnswer):
    # Read from the receipt's ``aggregate_id``; answered (and documented) as trajectory_id.
    trajectory_id: UUID = Field(validation_alias="aggregate_id")
    version: int
    event_id: str
    position: int | None
    duplicate: bool


class BatchItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    trajectory_id: UUID | None = Field(default=None, description="None only for TrajectoryOpened.")
    expected_version: int | None = Field(default=None, ge=1)
    event: EventIn


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[BatchItemIn] = Field(min_length=1, max_length=500)


class BatchItemOut(BaseModel):
    index: int
    status: int
    receipt: ReceiptOut | None = None
    problem: dict[str, Any] | None = None


class BatchOut(BaseModel):
    accepted: int
    refused: int
    items: list[BatchItemOut]


class ProblemItem(BaseModel):
    path: str = Field(description="Where in the body, as a JSON path ($.documents[2].code).")
    message: str


class ProblemOut(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    rule: int | None = None
    missing: str | None = Field(
        default=None, description="What is not registered (an unknown-… problem)."
    )
    problems: list[ProblemItem] | None = Field(
        default=None, description="Every error of a catalogue file."
    )


class ChangeOut(_ReceiptAnswer):
    """What a registry change did: the aggregate it changed, its new version, the event id
    and the log position; ``duplicate`` when the same change was accepted before."""

    aggregate_id: UUID
    version: int
    event_id: str
    position: int | None
    duplicate: bool


def keyed(change: C, idempotency_key: str | None) -> C:
    """The change with the ``Idempotency-Key`` header as its event id (the two must agree
    when both are sent)."""
    if idempotency_key and change.event_id and idempotency_key != change.event_id:
        raise ApiProblemError(
            422, "invalid-request", "Two event ids", "event_id and Idempotency-Key differ"
        )
    return change.model_copy(update={"event_id": change.event_id or idempotency_key})


def answer_change(response: Response, receipt: Receipt) -> ChangeOut:
    """201 for a new change, 200 for a duplicate of one accepted before."""
    response.status_code = status.HTTP_200_OK if receipt.duplicate else status.HTTP_201_CREATED
    return ChangeOut.of(receipt)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries documenting the problem documents a route may answer."""
    schema = {"$ref": "#/components/schemas/ProblemOut"}
    return {
        status: {
            "model": ProblemOut,
            "content": {"application/problem+json": {"schema": schema}},
            "description": "A problem document (RFC 9457).",
        }
        for status in statuses
    }


def created_or_unchanged(unchanged: str) -> dict[str, Any]:
    """``@router.post(path, **created_or_unchanged(why))``: the options of a route that
    answers 201 when it adds something, 200 (``unchanged`` says when) when all of it was
    there with the same data, and a 409 problem when it was there with other data."""
    return {
        "status_code": status.HTTP_201_CREATED,
        "responses": {200: {"description": unchanged}, **problem_responses(409)},
    }
