"""The language-neutral contract of every event: a JSON Schema (2020-12) derived from the
event classes, and the JSON form in which events are posted and exported.

Derived, not hand-kept: the posted fields are the command's keyword parameters and their
types the event's annotations (see ``ledger.submissions``), so code and contract agree by
construction; a test compares the generated schemas with the files in ``contracts/events``.
Pure functions: writing the files is the CLI's job.
"""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger import vocabulary
from ledger.catalogue import Qualification
from ledger.concordance import ConcordanceTable
from ledger.learner import Learner
from ledger.metadata import body_of
from ledger.organisation import Organisation
from ledger.personal import PersonalData
from ledger.programme import Programme
from ledger.submissions import (
    TRAJECTORY_EVENT_TYPES,
    body_hints,
    derived_fields,
    latest_schema_version,
    posted_fields,
    required_fields,
)

CONTRACT_BASE = "https://leerspoor.be/contracts/events"
REFERENCE_EVENTS: dict[str, type[Aggregate.Event]] = {
    "QualificationRegistered": Qualification.QualificationRegistered,
    "QualificationVersionPublished": Qualification.QualificationVersionPublished,
    "OrganisationRegistered": Organisation.OrganisationRegistered,
    "AccreditationGranted": Organisation.AccreditationGranted,
    "AccreditationWithdrawn": Organisation.AccreditationWithdrawn,
    "MentorTrainingCompleted": Organisation.MentorTrainingCompleted,
    "RecognitionGranted": Organisation.RecognitionGranted,
    "RecognitionWithdrawn": Organisation.RecognitionWithdrawn,
    "ProgrammeRegistered": Programme.ProgrammeRegistered,
    "ProgrammeVersionPublished": Programme.ProgrammeVersionPublished,
    "ConcordanceTableRegistered": ConcordanceTable.ConcordanceTableRegistered,
    "ConcordanceTableVersionPublished": ConcordanceTable.ConcordanceTableVersionPublished,
    "LearnerRegistered": Learner.LearnerRegistered,
    "LearnerErased": Learner.LearnerErased,
}

# Closed vocabularies by field name; (event, field) pairs where one name means another list.
ENUMS: dict[str, type[StrEnum]] = {
    "pathway": vocabulary.Pathway,
    "level": vocabulary.MasteryLevel,
    "setting": vocabulary.Setting,
    "assessor_role": vocabulary.AssessorRole,
    "arbeidsrijp": vocabulary.WorkReadiness,
    "step": vocabulary.RecognitionStep,
    "result": vocabulary.ModuleResult,
    "achievement_kind": vocabulary.AchievementKind,
    "route": vocabulary.RecognitionRoute,
    "exit": vocabulary.ExitKind,
    "signatories": vocabulary.Signatory,
    "unit": vocabulary.ModuleUnit,
}
EVENT_ENUMS: dict[tuple[str, str], type[StrEnum]] = {
    ("TrajectoryClosed", "outcome"): vocabulary.Outcome,
    ("LearnerHandedOver", "kind"): vocabulary.HandoverKind,
    ("OrganisationRegistered", "kind"): vocabulary.OrganisationKind,
    ("ExemptionGranted", "basis"): vocabulary.ExemptionBasis,
    ("ExemptionRefused", "basis"): vocabulary.ExemptionBasis,
    ("LearningAgreementSigned", "kind"): vocabulary.AgreementKind,
    ("GuidanceRecorded", "kind"): vocabulary.GuidanceKind,
    ("RecognitionGranted", "kind"): vocabulary.RecognitionKind,
    ("RecognitionWithdrawn", "kind"): vocabulary.RecognitionKind,
    ("QualificationVersionPublished", "kind"): vocabulary.QualificationKind,
}


def event_types() -> dict[str, type[Aggregate.Event]]:
    """Every event type of the ledger by its catalogue name."""
    return {**TRAJECTORY_EVENT_TYPES, **REFERENCE_EVENTS}


def _fields(event_type: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(posted, read-only) field annotations of an event type."""
    if event_type in TRAJECTORY_EVENT_TYPES:
        return posted_fields(event_type), derived_fields(event_type)
    return body_hints(REFERENCE_EVENTS[event_type]), {}


def type_schema(hint: Any, enum: type[StrEnum] | None = None) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [o for o in typing.get_args(hint) if o is not type(None)]
        return {"anyOf": [type_schema(options[0], enum), {"type": "null"}]}
    if origin is list:
        return {"type": "array", "items": type_schema(typing.get_args(hint)[0], enum)}
    if origin is dict or hint is dict:
        return {"type": "object"}
    simple: dict[Any, dict[str, Any]] = {
        bool: {"type": "boolean"},
        int: {"type": "integer"},
        Decimal: {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
        date: {"type": "string", "format": "date"},
        datetime: {"type": "string", "format": "date-time"},
        UUID: {"type": "string", "format": "uuid"},
    }
    if hint in simple:
        return dict(simple[hint])
    if hint is PersonalData:
        return {
            "anyOf": [{"type": "string"}, {"type": "null"}],
            "description": "Personal data, encrypted with the learner's data key at rest; "
            "null once the learner is erased.",
        }
    if hint is str:
        return {"type": "string", "enum": [e.value for e in enum]} if enum else {"type": "string"}
    raise TypeError(f"no contract mapping for {hint!r}")


def event_schema(event_type: str) -> dict[str, Any]:
    """The JSON Schema of ``event_type`` at its current schema version."""
    cls = event_types()[event_type]
    version = (
        latest_schema_version(event_type)
        if event_type in TRAJECTORY_EVENT_TYPES
        else int(getattr(cls, "class_version", 1))
    )
    posted, derived = _fields(event_type)

    def field(name: str, hint: Any) -> dict[str, Any]:
        enum = EVENT_ENUMS.get((event_type, name)) or ENUMS.get(name)
        return type_schema(hint, enum)

    data: dict[str, Any] = {name: field(name, hint) for name, hint in posted.items()}
    data.update({name: {**field(name, hint), "readOnly": True} for name, hint in derived.items()})
    doc = (cls.__doc__ or "").strip()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{CONTRACT_BASE}/{event_type}.v{version}.json",
        "title": event_type,
        "description": doc or f"The {event_type} event, schema version {version}.",
        "type": "object",
        "required": ["type", "event_id", "occurred_at", "data"],
        "additionalProperties": False,
        "properties": {
            "type": {"const": event_type},
            "schema_version": {"const": version},
            "event_id": {"type": "string", "minLength": 1, "maxLength": 200},
            "occurred_at": {"type": "string", "format": "date-time"},
            "recorded_at": {"type": "string", "format": "date-time", "readOnly": True},
            "actor": {
                "type": "object",
                "readOnly": True,
                "properties": {
                    "id": {"type": "string"},
                    "role": {"type": "string"},
                    "organisation_id": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
            },
            "aggregate_id": {"type": "string", "format": "uuid", "readOnly": True},
            "version": {"type": "integer", "minimum": 1, "readOnly": True},
            "data": {
                "type": "object",
                "required": required_fields(event_type)
                if event_type in TRAJECTORY_EVENT_TYPES
                else sorted(posted),
                "additionalProperties": False,
                "properties": data,
            },
        },
    }


def to_json_value(value: Any) -> Any:
    if isinstance(value, PersonalData):
        return to_json_value(value.value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    return value


def event_to_json(event: Aggregate.Event) -> dict[str, Any]:
    """The exported (and contract) form of a stored event, read-only fields included."""
    name = type(event).__name__
    return {
        "type": name,
        "schema_version": int(getattr(type(event), "class_version", 1)),
        "event_id": event.event_id,  # type: ignore[attr-defined]
        "occurred_at": event.occurred_at.isoformat(),  # type: ignore[attr-defined]
        "recorded_at": event.recorded_at.isoformat(),  # type: ignore[attr-defined]
        "actor": event.actor,  # type: ignore[attr-defined]
        "aggregate_id": str(event.originator_id),
        "version": event.originator_version,
        "data": to_json_value(body_of(event)),
    }
