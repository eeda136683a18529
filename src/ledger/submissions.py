"""Submissions: an event as a provider posts it (the contract form), turned into the keyword
arguments of the command that records it.

The posted fields of an event type are exactly the keyword parameters of its command method;
their types are the event class's annotations. So the contract, the parser and the command
can never list different fields. Fields the ledger derives itself (the pinned version, an
award's basis, what a retraction revokes) are the event's other fields: read-only.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any
from uuid import UUID

from ledger.errors import InvalidEventError
from ledger.metadata import LIBRARY_FIELDS, META_FIELDS
from ledger.trajectory import Trajectory

# Event type (the catalogue name) -> the Trajectory command that records it.
TRAJECTORY_COMMANDS: dict[str, str] = {
    "TrajectoryOpened": "open",
    "IntakeHeld": "hold_intake",
    "OrientationCompleted": "complete_orientation",
    "TrajectoryMigrated": "migrate",
    "LearningAgreementSigned": "sign_learning_agreement",
    "LearningAgreementEnded": "end_learning_agreement",
    "ModuleEnrolled": "enrol_in_module",
    "ModuleCompleted": "complete_module",
    "CompetenceAssessed": "assess_competence",
    "RecognitionStepRecorded": "record_recognition_step",
    "RecognitionDecided": "decide_recognition",
    "ExemptionGranted": "grant_exemption",
    "ExemptionRefused": "refuse_exemption",
    "PartialCertificateAwarded": "award_partial_certificate",
    "QualificationAwarded": "award_qualification",
    "TrajectoryPaused": "pause",
    "TrajectoryResumed": "resume",
    "LearnerHandedOver": "hand_over",
    "TrajectoryClosed": "close",
    "EventCorrected": "correct",
    "EventRetracted": "retract",
    "BadgeIssued": "issue_badge",
    "BadgeRevoked": "revoke_badge",
    "BadgeSuspended": "suspend_badge",
    "BadgeReinstated": "reinstate_badge",
}


@dataclass(frozen=True)
class Submission:
    """One posted event: its type, client event id, when it happened, and its fields."""

    event_type: str
    event_id: str
    occurred_at: datetime
    fields: dict[str, Any]
    schema_version: int | None = None


def trajectory_event_class(event_type: str) -> type[Trajectory.Event]:
    if event_type not in TRAJECTORY_COMMANDS:
        raise InvalidEventError(f"unknown event type {event_type!r}")
    cls: type[Trajectory.Event] = getattr(Trajectory, event_type)
    return cls


@cache
def posted_fields(event_type: str) -> dict[str, Any]:
    """Name -> type annotation of the fields a client posts for ``event_type``."""
    cls = trajectory_event_class(event_type)
    hints = typing.get_type_hints(cls)
    command = getattr(Trajectory, TRAJECTORY_COMMANDS[event_type])
    names = [
        p.name
        for p in inspect.signature(command).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    return {name: hints[name] for name in names}


def derived_fields(event_type: str) -> dict[str, Any]:
    """Name -> annotation of the fields the ledger fills in itself (read-only in contracts)."""
    body = body_hints(trajectory_event_class(event_type))
    return {n: h for n, h in body.items() if n not in posted_fields(event_type)}


def body_hints(cls: type) -> dict[str, Any]:
    """Name -> annotation of an event class's own fields (no library or ledger metadata)."""
    hints = typing.get_type_hints(cls)
    skip = {*LIBRARY_FIELDS, *META_FIELDS}
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.name not in skip}


def latest_schema_version(event_type: str) -> int:
    return int(getattr(trajectory_event_class(event_type), "class_version", 1))


def upcast(event_type: str, fields: dict[str, Any], schema_version: int) -> dict[str, Any]:
    """Raises a posted body of an older schema version to the current one, with the same
    ``upcast_vN_vN+1`` functions the store uses for old stored events."""
    cls = trajectory_event_class(event_type)
    latest = latest_schema_version(event_type)
    if not 1 <= schema_version <= latest:
        raise InvalidEventError(f"{event_type} has schema versions 1..{latest}")
    state = dict(fields)
    try:
        for version in range(schema_version, latest):
            getattr(cls, f"upcast_v{version}_v{version + 1}")(state)
    except (KeyError, TypeError) as error:
        # An old body missing (or mistyping) a field its upcaster reads is not a valid body.
        raise InvalidEventError(
            f"{event_type} v{schema_version} does not fit its contract: {error}"
        ) from None
    return state


def command_arguments(submission: Submission) -> dict[str, Any]:
    """The typed keyword arguments for the submission's command; refuses unknown, missing
    and ill-typed fields with :class:`InvalidEventError`."""
    version = submission.schema_version
    if version is None:  # 0 is a (refused) version, not "the latest"
        version = latest_schema_version(submission.event_type)
    raw = upcast(submission.event_type, submission.fields, version)
    expected = posted_fields(submission.event_type)
    unknown = sorted(set(raw) - set(expected))
    if unknown:
        raise InvalidEventError(f"{submission.event_type} has no fields {', '.join(unknown)}")
    missing = sorted(set(expected) - set(raw))
    if missing:
        raise InvalidEventError(f"{submission.event_type} needs {', '.join(missing)}")
    return {name: convert(raw[name], hint, name) for name, hint in expected.items()}


def convert(value: Any, hint: Any, name: str) -> Any:
    """JSON value -> the annotated Python type (dates, decimals and UUIDs come as strings)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        return convert(value, next(o for o in options if o is not type(None)), name)
    if origin is list:
        if not isinstance(value, list):
            raise InvalidEventError(f"{name} must be a list")
        (item,) = typing.get_args(hint)
        return [convert(v, item, name) for v in value]
    if origin is dict:
        if not isinstance(value, dict):
            raise InvalidEventError(f"{name} must be an object")
        return value
    try:
        return _convert_scalar(value, hint, name)
    except (ValueError, TypeError, InvalidOperation):
        raise InvalidEventError(f"{name} has an invalid value: {value!r}") from None


def _convert_scalar(value: Any, hint: Any, name: str) -> Any:
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError
        return value
    if hint is str:
        if not isinstance(value, str):
            raise TypeError
        return value
    if not isinstance(value, str):
        raise TypeError
    if hint is UUID:
        return UUID(value)
    if hint is Decimal:
        number = Decimal(value)
        if not number.is_finite():
            raise ValueError
        return number
    if hint is date:
        return date.fromisoformat(value)
    if hint is datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise InvalidEventError(f"{name} needs a time zone")
        return moment
    raise InvalidEventError(f"{name}: unsupported type {hint!r}")
