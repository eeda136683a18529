"""The one validation path of a posted event: its JSON Schema in ``contracts/events`` (shipped
in the wheel as the package ``api.contracts``), without the read-only properties the ledger
derives itself, checked with the project's one JSON Schema engine (``jsonschema_rs``: drafts
2019-09 and 2020-12, RFC 3339 date-times, never a network fetch). The HTTP API runs it before
the ledger sees an event, and the contract tests run the same functions, so a provider
validating locally against ``contracts/`` gets the verdict the server gives."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import jsonschema_rs

from ledger import InvalidEventError

CONTRACTS: Traversable = files("api.contracts") / "events"
MAX_REPORTED = 20


def schema_validator(schema: dict[str, Any]) -> jsonschema_rs.Validator:
    """A validator for ``schema`` under the draft it declares, formats checked, offline."""
    return jsonschema_rs.validator_for(schema, validate_formats=True, offline=True)


@cache
def committed_schema(event_type: str, version: int) -> dict[str, Any]:
    """The committed contract of ``event_type`` at ``version``; InvalidEventError if none."""
    path = CONTRACTS / f"{event_type}.v{version}.json"
    if not path.is_file():
        raise InvalidEventError(f"no contract for {event_type} schema version {version}")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def posted_shape(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of what a client posts: the contract without its read-only properties."""
    shape = copy.deepcopy(schema)
    for properties in (shape["properties"], shape["properties"]["data"]["properties"]):
        for name in [n for n, p in properties.items() if p.get("readOnly")]:
            del properties[name]
    return shape


@cache
def posted_validator(event_type: str, version: int) -> jsonschema_rs.Validator:
    return schema_validator(posted_shape(committed_schema(event_type, version)))


@cache
def latest_version(event_type: str) -> int:
    versions = [
        int(entry.name.split(".v")[1].split(".")[0])
        for entry in CONTRACTS.iterdir()
        if entry.name.startswith(f"{event_type}.v") and entry.name.endswith(".json")
    ]
    if not versions:
        raise InvalidEventError(f"unknown event type {event_type!r}")
    return max(versions)


def validate_posted(document: dict[str, Any]) -> int:
    """Raises InvalidEventError listing every violation; returns the schema version used."""
    event_type = document.get("type")
    if not isinstance(event_type, str) or "/" in event_type or "." in event_type:
        raise InvalidEventError("the event needs a known 'type'")
    version = document.get("schema_version") or latest_version(event_type)
    if not isinstance(version, int):
        raise InvalidEventError("schema_version must be an integer")
    errors = sorted(
        posted_validator(event_type, version).iter_errors(document),
        key=lambda e: [str(step) for step in e.instance_path],
    )
    if errors:
        raise InvalidEventError(
            "; ".join(
                f"{'/'.join(map(str, e.instance_path)) or '(event)'}: {e.message}"
                for e in errors[:MAX_REPORTED]
            )
        )
    return version
