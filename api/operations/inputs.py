"""What a deployment sends to change the registry: the bodies of the admin, partnership and
provider routes, the arguments of ``leerspoor orgs``, and the records of the demo's data
files, as one set of pydantic models (``…In``), so all three are parsed the same way.

Every change may carry ``event_id`` (the client's idempotency key; the routes also take it
from ``Idempotency-Key``) and ``occurred_at`` (when it happened; default: when the ledger
receives it). Without an event id one is derived from what is recorded, so the same
change sent again is answered as a duplicate.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ledger import OrganisationKind, RecognitionKind, Role

KEY = r"^[a-z0-9][a-z0-9-]{0,79}$"
CODE = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: str | None = Field(default=None, min_length=1, max_length=200)
    occurred_at: datetime | None = Field(
        default=None, description="When it happened (RFC 3339, with a time zone)."
    )

    @field_validator("occurred_at")
    @classmethod
    def _zoned(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("occurred_at needs a time zone")
        return value


class OrganisationIn(ChangeIn):
    """An organisation to register: a provider, workplace, recognised EVC test centre,
    sector partnership or the employment service."""

    key: str = Field(
        pattern=KEY, description="A stable key; the organisation's id derives from it."
    )
    name: str = Field(min_length=1, max_length=200)
    kind: OrganisationKind
    enterprise_number: str | None = Field(
        default=None,
        max_length=20,
        description="The Belgian enterprise number (KBO/BCE), e.g. 0403.170.701; its check "
        "digits are verified.",
    )


class RecognitionIn(ChangeIn):
    """Rule 10: a provider may award a qualification (``award``), or a test centre may
    assess an EVC standard and award its qualification (``evc_standard``)."""

    kind: RecognitionKind
    qualification_code: str = Field(pattern=CODE)
    evc_standard: str | None = Field(default=None, pattern=CODE)
    valid_from: date
    valid_until: date | None = None
    reference: str = Field(default="", max_length=500)


class RecognitionWithdrawalIn(ChangeIn):
    kind: RecognitionKind
    qualification_code: str = Field(pattern=CODE)
    effective_on: date
    reason: str = Field(min_length=1, max_length=500)


class AccreditationIn(ChangeIn):
    """Workplace accreditation (rule 4) for the opleidingen named (programme or
    qualification codes; none: every opleiding), granted by a sector partnership (a
    partnership's token grants in its own name) or by an admin alone."""

    valid_from: date
    valid_until: date | None = None
    opleidingen: list[str] = Field(default_factory=list, max_length=100)
    granted_by: str | None = Field(
        default=None, description="The sector partnership's id or key; a partnership: itself."
    )
    requires_trained_mentor: bool = False


class AccreditationWithdrawalIn(ChangeIn):
    effective_on: date
    reason: str = Field(min_length=1, max_length=500)
    opleidingen: list[str] = Field(default_factory=list, max_length=100)
    withdrawn_by: str | None = None


class MentorTrainingIn(ChangeIn):
    """A mentor of the workplace completed mentor training (S3 L77)."""

    mentor_id: str = Field(min_length=1, max_length=200)
    completed_on: date
    course: str = Field(min_length=1, max_length=500)


class LearnerIn(BaseModel):
    """A learner a provider registers under its own reference (the idempotency key: the
    same reference with the same data is a duplicate, with other data a conflict). The
    personal fields go to the learner's encrypted store."""

    model_config = ConfigDict(extra="forbid")

    reference: str = Field(min_length=1, max_length=200)
    given_name: str = Field(min_length=1, max_length=200)
    family_name: str = Field(min_length=1, max_length=200)
    birth_date: date | None = None
    email: str | None = Field(
        default=None,
        max_length=320,
        description="Checked by the ledger (one @, a dot in the domain).",
    )
    occurred_at: datetime | None = None


class TokenIn(BaseModel):
    """A bearer token to create (``leerspoor tokens create`` does the same). A provider,
    workplace or partnership token acts for its organisation (of that kind); a learner
    token belongs to a learner, named by id, or by the reference the organisation named
    registered them under."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    organisation: str | None = Field(default=None, description="Organisation id or key.")
    learner: str | None = Field(
        default=None,
        description="Learner id; or, with organisation, that provider's reference for them.",
    )
    label: str = Field(default="", max_length=200)
    days: int = Field(default=90, ge=1, le=3650)
