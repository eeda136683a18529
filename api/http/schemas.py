"""Request and response bodies of the HTTP API (``…In`` / ``…Out``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ledger import Receipt


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


class ReceiptOut(BaseModel):
    trajectory_id: UUID
    version: int
    event_id: str
    position: int | None
    duplicate: bool

    @classmethod
    def of(cls, receipt: Receipt) -> ReceiptOut:
        return cls(
            trajectory_id=receipt.aggregate_id,
            version=receipt.version,
            event_id=receipt.event_id,
            position=receipt.position,
            duplicate=receipt.duplicate,
        )


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


class ProblemOut(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    rule: int | None = None


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
