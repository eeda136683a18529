"""Validating events against the committed JSON Schemas in ``contracts/events``."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from ledger import Submission

CONTRACTS = Path(__file__).resolve().parents[1] / "contracts" / "events"

FORMATS = FormatChecker()


# Hand-written because jsonschema checks "date-time" only when the optional
# rfc3339-validator package is installed, and it is not a dependency of ours.
@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value and "t" not in value:
        raise ValueError(f"{value!r} has no time part")
    if datetime.fromisoformat(value).tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return True


@cache
def committed_schema(event_type: str, version: int) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (CONTRACTS / f"{event_type}.v{version}.json").read_text(encoding="utf-8")
    )
    return loaded


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=FORMATS)


def posted_shape(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of what a client posts: the same, without the read-only properties."""
    shape = copy.deepcopy(schema)
    for properties in (shape["properties"], shape["properties"]["data"]["properties"]):
        for name in [n for n, p in properties.items() if p.get("readOnly")]:
            del properties[name]
    return shape


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
