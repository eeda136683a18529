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
from ledger.trajectory_base import TrajectoryEvent

# Event class -> the Trajectory command that records it (the posted fields of an event are
# that command's keyword parameters).
TRAJECTORY_COMMANDS: dict[type[TrajectoryEvent], str] = {
    Trajectory.TrajectoryOpened: "open",
    Trajectory.IntakeHeld: "hold_intake",
    Trajectory.OrientationCompleted: "complete_orientation",
    Trajectory.TrajectoryMigrated: "migrate",
    Trajectory.LearningAgreementSigned: "sign_learning_agreement",
    Trajectory.LearningAgreementEnded: "end_learning_agreement",
    Trajectory.WorkplaceHoursRegistered: "register_workplace_hours",
    Trajectory.ModuleEnrolled: "enrol_in_module",
    Trajectory.ModuleCompleted: "complete_module",
    Trajectory.CompetenceAssessed: "assess_competence",
    Trajectory.RecognitionStepRecorded: "record_recognition_step",
    Trajectory.RecognitionDecided: "decide_recognition",
    Trajectory.ExemptionGranted: "grant_exemption",
    Trajectory.ExemptionRefused: "refuse_exemption",
    Trajectory.PartialCertificateAwarded: "award_partial_certificate",
    Trajectory.QualificationAwarded: "award_qualification",
    Trajectory.GuidanceRecorded: "record_guidance",
    Trajectory.TrajectoryPaused: "pause",
    Trajectory.TrajectoryResumed: "resume",
    Trajectory.LearnerHandedOver: "hand_over",
    Trajectory.TrajectoryClosed: "close",
    Trajectory.EventCorrected: "correct",
    Trajectory.EventRetracted: "retract",
    Trajectory.BadgeIssued: "issue_badge",
    Trajectory.BadgeRevoked: "revoke_badge",
    Trajectory.BadgeSuspended: "suspend_badge",
    Trajectory.BadgeReinstated: "reinstate_badge",
    Trajectory.BadgeCopyDelivered: "deliver_badge_copy",
}
# The catalogue name a client posts -> its event class.
TRAJECTORY_EVENT_TYPES: dict[str, type[TrajectoryEvent]] = {
    cls.__name__: cls for cls in TRAJECTORY_COMMANDS
}


@dataclass(frozen=True)
class Submission:
    """One posted event: its type, client event id, when it happened, and its fields."""

    event_type: str
    event_id: str
    occurred_at: datetime
    fields: dict[str, Any]
    schema_version: int | None = None


def trajectory_event_class(event_type: str) -> type[TrajectoryEvent]:
    try:
        return TRAJECTORY_EVENT_TYPES[event_type]
    except KeyError:
        raise InvalidEventError(f"unknown event type {event_type!r}") from None


def command_for(event_type: str) -> str:
    """The name of the Trajectory command that records ``event_type``."""
    return TRAJECTORY_COMMANDS[trajectory_event_class(event_type)]


@cache
def posted_fields(event_type: str) -> dict[str, Any]:
    """Name -> type annotation of the fields a client posts for ``event_type``."""
    cls = trajectory_event_class(event_type)
    hints = typing.get_type_hints(cls)
    return {name: hints[name] for name in _keyword_parameters(event_type)}


@cache
def _keyword_parameters(event_type: str) -> dict[str, bool]:
    """Keyword parameter of the command -> whether it is required (has no default)."""
    command = getattr(Trajectory, command_for(event_type))
    return {
        p.name: p.default is inspect.Parameter.empty
        for p in inspect.signature(command).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }


def required_fields(event_type: str) -> list[str]:
    """The posted fields a client must send; the others default as the command says."""
    return sorted(n for n, required in _keyword_parameters(event_type).items() if required)


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
    missing = sorted(set(required_fields(submission.event_type)) - set(raw))
    if missing:
        raise InvalidEventError(f"{submission.event_type} needs {', '.join(missing)}")
    return {name: convert(raw[name], hint, name) for name, hint in expected.items() if name in raw}


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
