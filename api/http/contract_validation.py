"""Validates a posted event against its JSON Schema in ``contracts/events`` before the
ledger sees it, so HTTP clients get the same verdict as a provider validating locally."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from ledger import InvalidEventError

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts" / "events"


@cache
def validator(event_type: str, version: int) -> Draft202012Validator:
    path = CONTRACTS / f"{event_type}.v{version}.json"
    if not path.is_file():
        raise InvalidEventError(f"no contract for {event_type} schema version {version}")
    schema = json.loads(path.read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


@cache
def latest_version(event_type: str) -> int:
    versions = [
        int(p.name.split(".v")[1].split(".")[0]) for p in CONTRACTS.glob(f"{event_type}.v*.json")
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
    errors = sorted(validator(event_type, version).iter_errors(document), key=lambda e: e.path)
    if errors:
        raise InvalidEventError(
            "; ".join(
                f"{'/'.join(map(str, e.absolute_path)) or '(event)'}: {e.message}"
                for e in errors[:20]
            )
        )
    return version
