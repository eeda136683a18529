"""The contract tests validate through the API's own path (``api.operations.contracts``),
so they and the server can never judge a posted event differently; plus ``posted_body``,
a submission in the form a client posts, and ``a_posted_event``, an event in that form."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from api.operations import (
    CONTRACTS,
    committed_schema,
    posted_shape,
    schema_validator,
)
from ledger import Submission

__all__ = [
    "CONTRACTS",
    "a_posted_event",
    "committed_schema",
    "posted_body",
    "posted_shape",
    "validator",
]
validator = schema_validator


def posted_body(submission: Submission) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": submission.event_type,
        "event_id": submission.event_id,
        "occurred_at": submission.occurred_at.isoformat(),
        "data": submission.fields,
    }
    if submission.schema_version is not None:
        body["schema_version"] = submission.schema_version
    return body


def a_posted_event(
    event_type: str, id_prefix: str, occurred_at: str, data: dict[str, Any]
) -> dict[str, Any]:
    """An event as a client posts it, under a new event id ``{id_prefix}-<uuid>``."""
    return {
        "type": event_type,
        "event_id": f"{id_prefix}-{uuid4()}",
        "occurred_at": occurred_at,
        "data": data,
    }
