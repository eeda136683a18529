"""Organisations and what they are recognised for: registering a provider, workplace, EVC
test centre, sector partnership or the employment service; recognitions to award (rule 10)
or to assess an EVC standard; workplace accreditation granted and withdrawn (rule 4); mentor
training. One function per operation, called by the routes, ``leerspoor orgs`` and the demo.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from api.operations.inputs import (
    AccreditationIn,
    AccreditationWithdrawalIn,
    ChangeIn,
    MentorTrainingIn,
    OrganisationIn,
    RecognitionIn,
    RecognitionWithdrawalIn,
)
from ledger import (
    Actor,
    AlreadyExistsError,
    DuplicateEventIdError,
    Ledger,
    NotFoundError,
    Organisation,
    Receipt,
    Role,
)

Body = TypeVar("Body", contravariant=True)


class OrganisationChange(Protocol[Body]):
    """An operation here that records a change on one registered organisation (recognise,
    accredit, withdraw, mentor training): what the routes and ``leerspoor orgs`` call after
    finding the organisation."""

    def __call__(
        self, ledger: Ledger, organisation: UUID, body: Body, /, *, actor: Actor
    ) -> Receipt: ...


# Who sees which mentors of a workplace are trained: those who accredit, and the workplace.
MENTOR_READERS = (Role.ADMIN, Role.PARTNERSHIP, Role.AUDITOR)


def organisation_id(reference: str | UUID) -> UUID:
    """An organisation's id, given as an id or as the key it derives from."""
    if isinstance(reference, UUID):
        return reference
    try:
        return UUID(reference)
    except ValueError:
        return Organisation.id_for(reference)


def _stamp(ledger: Ledger, change: ChangeIn, default_id: str, actor: Actor) -> Any:
    occurred_at: datetime = change.occurred_at or ledger.clock()
    return ledger.stamp(change.event_id or default_id, occurred_at, actor)


def register_organisation(ledger: Ledger, body: OrganisationIn, *, actor: Actor) -> Receipt:
    """Registers an organisation; the same registration again is a duplicate. Raises
    InvalidEnterpriseNumberError, InvalidEventError, and AlreadyExistsError when the key is
    registered with other details."""
    stamp = _stamp(ledger, body, f"organisation:{body.key}", actor)
    try:
        return ledger.register_organisation(
            body.key,
            name=body.name,
            kind=body.kind.value,
            enterprise_number=body.enterprise_number,
            stamp=stamp,
        )
    except (DuplicateEventIdError, AlreadyExistsError):
        raise AlreadyExistsError(
            f"organisation {body.key!r} is already registered with other details"
        ) from None


def grant_recognition(
    ledger: Ledger, organisation: UUID, body: RecognitionIn, *, actor: Actor
) -> Receipt:
    """Rule 10's recognitions. Raises UnknownOrganisationError, UnknownQualificationError
    (not published) and InvalidEventError (a kind that cannot be recognised so)."""
    default = (
        f"recognition:{organisation}:{body.kind.value}:{body.qualification_code}:"
        f"{body.evc_standard or ''}:{body.valid_from.isoformat()}"
    )
    return ledger.grant_recognition(
        organisation,
        kind=body.kind.value,
        qualification_code=body.qualification_code,
        evc_standard=body.evc_standard,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        reference=body.reference,
        stamp=_stamp(ledger, body, default, actor),
    )


def withdraw_recognition(
    ledger: Ledger, organisation: UUID, body: RecognitionWithdrawalIn, *, actor: Actor
) -> Receipt:
    default = (
        f"recognition-withdrawn:{organisation}:{body.kind.value}:{body.qualification_code}:"
        f"{body.effective_on.isoformat()}"
    )
    return ledger.withdraw_recognition(
        organisation,
        kind=body.kind.value,
        qualification_code=body.qualification_code,
        effective_on=body.effective_on,
        reason=body.reason,
        stamp=_stamp(ledger, body, default, actor),
    )


def _acting_partnership(actor: Actor, named: str | None) -> UUID | None:
    """The partnership an accreditation is recorded for: the one named, else a partnership
    token's own organisation (an admin alone records it without one)."""
    if named is not None:
        return organisation_id(named)
    return actor.organisation_id if actor.role is Role.PARTNERSHIP else None


def grant_accreditation(
    ledger: Ledger, workplace: UUID, body: AccreditationIn, *, actor: Actor
) -> Receipt:
    """Rule 4: accredits a workplace, for the opleidingen named. Raises
    UnknownOrganisationError, NotPermittedError (a partnership in another's name) and
    InvalidEventError (not a workplace, not a sector partnership, a period ending early)."""
    granted_by = _acting_partnership(actor, body.granted_by)
    scope = ",".join(sorted(body.opleidingen))
    default = f"accreditation:{workplace}:{granted_by or 'admin'}:{scope}:{body.valid_from}"
    return ledger.grant_accreditation(
        workplace,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        opleidingen=body.opleidingen,
        granted_by=granted_by,
        requires_trained_mentor=body.requires_trained_mentor,
        stamp=_stamp(ledger, body, default, actor),
    )


def withdraw_accreditation(
    ledger: Ledger, workplace: UUID, body: AccreditationWithdrawalIn, *, actor: Actor
) -> Receipt:
    """Rule 4: withdraws accreditation from ``effective_on``; earlier facts keep counting."""
    withdrawn_by = _acting_partnership(actor, body.withdrawn_by)
    scope = ",".join(sorted(body.opleidingen))
    default = f"accreditation-withdrawn:{workplace}:{scope}:{body.effective_on}"
    return ledger.withdraw_accreditation(
        workplace,
        effective_on=body.effective_on,
        reason=body.reason,
        opleidingen=body.opleidingen,
        withdrawn_by=withdrawn_by,
        stamp=_stamp(ledger, body, default, actor),
    )


def record_mentor_training(
    ledger: Ledger, workplace: UUID, body: MentorTrainingIn, *, actor: Actor
) -> Receipt:
    default = f"mentor-training:{workplace}:{body.mentor_id}:{body.completed_on}"
    return ledger.record_mentor_training(
        workplace,
        mentor_id=body.mentor_id,
        completed_on=body.completed_on,
        course=body.course,
        stamp=_stamp(ledger, body, default, actor),
    )


def find_organisation(ledger: Ledger, organisation: UUID) -> Organisation:
    """The organisation; NotFoundError (404) when there is none."""
    try:
        return ledger.organisation(organisation)
    except NotFoundError:
        raise NotFoundError(f"no organisation {organisation}") from None


def formatted_number(digits: str | None) -> str | None:
    """A KBO/BCE number in its usual written form, 0403.170.701."""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if digits else None


def organisation_summary(row: Mapping[str, Any]) -> dict[str, Any]:
    """One organisation of a list (a registry view row)."""
    return {
        "organisation_id": row["organisation_id"],
        "key": row["key"],
        "name": row["name"],
        "kind": row["kind"],
        "enterprise_number": formatted_number(row["enterprise_number"]),
    }


def organisation_document(organisation: Organisation, viewer: Actor) -> dict[str, Any]:
    """An organisation as the API and ``leerspoor orgs show`` answer it: identity, kind,
    enterprise number, recognitions and accreditations with their periods; the trained
    mentors only for admins, partnerships, auditors and the workplace itself."""
    document: dict[str, Any] = {
        "organisation_id": str(organisation.id),
        "key": organisation.key,
        "name": organisation.name,
        "kind": organisation.kind.value,
        "enterprise_number": formatted_number(organisation.enterprise_number),
        "recognitions": [
            {
                "kind": r.kind.value,
                "qualification_code": r.qualification_code,
                "evc_standard": r.evc_standard,
                "valid_from": r.valid_from.isoformat(),
                "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                "reference": r.reference,
            }
            for r in organisation.recognitions
        ],
        "accreditations": [
            {
                "opleidingen": sorted(a.scope),
                "valid_from": a.valid_from.isoformat(),
                "valid_until": a.valid_until.isoformat() if a.valid_until else None,
                "granted_by": str(a.granted_by) if a.granted_by else None,
                "requires_trained_mentor": a.requires_trained_mentor,
            }
            for a in organisation.accreditations
        ],
    }
    if viewer.role in MENTOR_READERS or viewer.organisation_id == organisation.id:
        document["trained_mentors"] = [
            {"mentor_id": mentor, "completed_on": day.isoformat()}
            for mentor, day in sorted(organisation.trained_mentors.items())
        ]
    return document
