"""The committed JSON Schemas equal what the code generates, and posted examples of every
event type validate against their posted shape."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from jsonschema_rs import ValidationError

from ledger import Ledger
from ledger.contracts import event_schema, event_types
from ledger.submissions import latest_schema_version
from tests.contract_checks import (
    CONTRACTS,
    committed_schema,
    posted_body,
    posted_shape,
    validator,
)
from tests.examples import every_event_type, post_every_event_type

TRAJECTORY_EVENTS = sorted({event_type for event_type, _, _ in every_event_type("x")})


def current_version(name: str) -> int:
    if name in TRAJECTORY_EVENTS:
        return latest_schema_version(name)
    return int(getattr(event_types()[name], "class_version", 1))


@pytest.mark.parametrize("name", sorted(event_types()))
def test_the_committed_contract_equals_the_generated_schema(name: str) -> None:
    assert committed_schema(name, current_version(name)) == event_schema(name)


@pytest.mark.parametrize("name", sorted(event_types()))
def test_every_contract_is_a_valid_draft_2020_12_schema(name: str) -> None:
    jsonschema_rs.meta.validate(committed_schema(name, current_version(name)))


def test_every_committed_contract_file_names_a_known_event_version() -> None:
    known = {f"{n}.v{v}.json" for n in event_types() for v in range(1, current_version(n) + 1)}
    assert {p.name for p in CONTRACTS.iterdir() if p.name.endswith(".json")} == known


def test_the_examples_cover_every_trajectory_event_type() -> None:
    trajectory_types = {n for n in event_types() if n in TRAJECTORY_EVENTS}
    assert trajectory_types == set(TRAJECTORY_EVENTS)
    assert len(TRAJECTORY_EVENTS) == 28


def test_every_posted_example_validates_against_its_posted_shape(ledger: Ledger) -> None:
    for posted in post_every_event_type(ledger):
        name = posted.submission.event_type
        schema = posted_shape(committed_schema(name, current_version(name)))
        validator(schema).validate(posted_body(posted.submission))


@pytest.mark.parametrize(
    ("event_type", "occurred_at", "data"),
    [
        pytest.param(
            "EventRetracted",
            "2025-10-01T10:00:00+02:00",
            {"original_event_id": "e-0", "reason": "fout", "revokes": []},
            id="a_read_only_field",
        ),
        pytest.param(
            "TrajectoryPaused",
            "2025-10-01T10:00:00",
            {"reason": "ziekte"},
            id="a_date_time_without_a_time_zone",
        ),
        pytest.param(
            "LearnerHandedOver",
            "2025-10-01T10:00:00+02:00",
            {
                "to_organisation": "not-a-uuid",
                "kind": "provider",
                "becomes_lead": False,
                "note": "",
            },
            id="a_malformed_uuid",
        ),
    ],
)
def test_a_posted_body_is_refused_by_its_posted_shape(
    event_type: str, occurred_at: str, data: dict[str, Any]
) -> None:
    schema = posted_shape(committed_schema(event_type, 1))
    body = {"type": event_type, "event_id": "e-1", "occurred_at": occurred_at, "data": data}
    with pytest.raises(ValidationError):
        validator(schema).validate(body)
