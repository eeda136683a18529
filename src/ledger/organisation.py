"""Organisations: providers, workplaces (leeronderneming), recognised EVC test centres, sector
partnerships and the public employment service, with the recognitions the ledger keeps.

Recognitions are histories of periods, so a rule asks "recognised on that date?" and a later
withdrawal never rewrites what was true before (rule 4: earlier assessments still count):
- workplace accreditation, granted or withdrawn by a sector partnership (or an admin),
  scoped per opleiding and possibly conditional on a trained mentor (S1 L88-95; S3 L77,
  L97-101; S4 L3400-3410);
- which qualifications a provider may award, which EVC standards a test centre may assess
  (rule 10; S4 L441-445, L520-530, L553-559, L5200-5204).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from stdnum.be import vat
from stdnum.exceptions import ValidationError

from ledger.errors import InvalidEnterpriseNumberError, InvalidEventError
from ledger.metadata import LedgerEvent, ValueState
from ledger.values import OrganisationId, OrganisationKind, RecognitionKind, stable_id


def normalise_enterprise_number(value: str) -> str:
    """The ten digits of a Belgian enterprise number (KBO/BCE), its check digits verified
    (97 - the first eight digits mod 97) by python-stdnum; raises
    InvalidEnterpriseNumberError."""
    try:
        digits = str(vat.validate(value))
    except ValidationError as error:
        raise InvalidEnterpriseNumberError(
            f"{value!r} is not a valid enterprise number: {error}"
        ) from None
    return digits


def formatted_enterprise_number(digits: str) -> str:
    """The usual written form, 0403.170.701."""
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


@dataclass(frozen=True)
class Period:
    valid_from: date
    valid_until: date | None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class AccreditationPeriod(Period):
    scope: frozenset[str] = frozenset()
    """Opleidingen (programme or qualification codes); empty: every opleiding."""
    requires_trained_mentor: bool = False
    granted_by: UUID | None = None

    def applies_to(self, opleidingen: Collection[str]) -> bool:
        return not self.scope or bool(self.scope & set(opleidingen))


@dataclass(frozen=True)
class RecognitionPeriod(Period):
    kind: RecognitionKind = RecognitionKind.AWARD
    qualification_code: str = ""
    evc_standard: str | None = None
    reference: str = ""


def withdrawn(
    periods: list[AccreditationPeriod], effective_on: date, targets: frozenset[str]
) -> list[AccreditationPeriod]:
    """The periods after a withdrawal on ``effective_on`` of ``targets`` (empty: all)."""
    last_day = effective_on - timedelta(days=1)
    result: list[AccreditationPeriod] = []
    for period in periods:
        hit = not targets or bool(period.scope & targets)
        if not hit or (period.valid_until is not None and period.valid_until <= last_day):
            result.append(period)
            continue
        ended = period.scope & targets if targets else period.scope
        if period.valid_from <= last_day:
            result.append(replace(period, valid_until=last_day, scope=ended))
        if targets and period.scope - targets:
            result.append(replace(period, scope=period.scope - targets))
    return result


class Organisation(ValueState, Aggregate):
    """An organisation (opleidingsverstrekker, werkplek, testcentrum, sectoraal partnerschap,
    VDAB)."""

    class Event(LedgerEvent):
        pass

    class OrganisationRegistered(Event, Aggregate.Created):
        class_version = 2
        key: str
        name: str
        kind: str
        enterprise_number: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["enterprise_number"] = None

    class AccreditationGranted(Event):
        """Workplace accreditation for the opleidingen named (none: all), from ``granted_by``
        (a sector partnership; null: an admin), possibly only with a trained mentor."""

        class_version = 2
        valid_from: date
        valid_until: date | None
        opleidingen: list[str]
        granted_by: UUID | None
        requires_trained_mentor: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(opleidingen=[], granted_by=None, requires_trained_mentor=False)

        def apply(self, aggregate: Any) -> None:
            aggregate.accreditations.append(
                AccreditationPeriod(
                    self.valid_from,
                    self.valid_until,
                    frozenset(self.opleidingen),
                    self.requires_trained_mentor,
                    self.granted_by,
                )
            )

    class AccreditationWithdrawn(Event):
        class_version = 2
        effective_on: date
        reason: str
        opleidingen: list[str]
        withdrawn_by: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(opleidingen=[], withdrawn_by=None)

        def apply(self, aggregate: Any) -> None:
            aggregate.accreditations = withdrawn(
                aggregate.accreditations, self.effective_on, frozenset(self.opleidingen)
            )

    class MentorTrainingCompleted(Event):
        """A mentor of this workplace completed mentor training (S3 L77)."""

        mentor_id: str
        completed_on: date
        course: str

        def apply(self, aggregate: Any) -> None:
            aggregate.trained_mentors[self.mentor_id] = self.completed_on

    class RecognitionGranted(Event):
        """Rule 10: a provider may award ``qualification_code`` (kind ``award``), or a test
        centre may assess ``evc_standard`` and award its qualification (``evc_standard``)."""

        kind: str
        qualification_code: str
        evc_standard: str | None
        valid_from: date
        valid_until: date | None
        reference: str

        def apply(self, aggregate: Any) -> None:
            aggregate.recognitions.append(
                RecognitionPeriod(
                    self.valid_from,
                    self.valid_until,
                    RecognitionKind(self.kind),
                    self.qualification_code,
                    self.evc_standard,
                    self.reference,
                )
            )

    class RecognitionWithdrawn(Event):
        kind: str
        qualification_code: str
        effective_on: date
        reason: str

        def apply(self, aggregate: Any) -> None:
            last_day = self.effective_on - timedelta(days=1)
            aggregate.recognitions = [
                replace(r, valid_until=last_day)
                if r.kind == self.kind
                and r.qualification_code == self.qualification_code
                and (r.valid_until is None or r.valid_until > last_day)
                else r
                for r in aggregate.recognitions
                if not (
                    r.kind == self.kind
                    and r.qualification_code == self.qualification_code
                    and r.valid_from > last_day
                )
            ]

    def __init__(
        self, *, key: str, name: str, kind: str, enterprise_number: str | None = None, **meta: Any
    ) -> None:
        self.key = key
        self.name = name
        self.kind = OrganisationKind(kind)
        self.enterprise_number = enterprise_number
        self.accreditations: list[AccreditationPeriod] = []
        self.recognitions: list[RecognitionPeriod] = []
        self.trained_mentors: dict[str, date] = {}

    @staticmethod
    def id_for(key: str) -> OrganisationId:
        return OrganisationId(stable_id("organisation", key))

    @classmethod
    def register(
        cls, *, key: str, name: str, kind: str, enterprise_number: str | None = None, **meta: Any
    ) -> Organisation:
        """Raises InvalidEventError for an empty name or unknown kind and
        InvalidEnterpriseNumberError for a bad KBO/BCE number."""
        if not key.strip() or not name.strip():
            raise InvalidEventError("an organisation needs a key and a name")
        try:
            OrganisationKind(kind)
        except ValueError:
            raise InvalidEventError(f"unknown organisation kind {kind!r}") from None
        number = normalise_enterprise_number(enterprise_number) if enterprise_number else None
        return cls._create(
            cls.OrganisationRegistered,
            id=cls.id_for(key),
            key=key,
            name=name,
            kind=kind,
            enterprise_number=number,
            **meta,
        )

    # -- workplace accreditation (rule 4) -----------------------------------------------------

    def _require_kind(self, *kinds: OrganisationKind, what: str) -> None:
        if self.kind not in kinds:
            raise InvalidEventError(f"{self.name} is a {self.kind.value}; {what}")

    def grant_accreditation(
        self,
        *,
        valid_from: date,
        valid_until: date | None,
        opleidingen: Collection[str] = (),
        granted_by: UUID | None = None,
        requires_trained_mentor: bool = False,
        **meta: Any,
    ) -> None:
        self._require_kind(OrganisationKind.WORKPLACE, what="only workplaces are accredited")
        if valid_until is not None and valid_until < valid_from:
            raise InvalidEventError("an accreditation cannot end before it starts")
        self.trigger_event(
            self.AccreditationGranted,
            valid_from=valid_from,
            valid_until=valid_until,
            opleidingen=sorted(set(opleidingen)),
            granted_by=granted_by,
            requires_trained_mentor=requires_trained_mentor,
            **meta,
        )

    def withdraw_accreditation(
        self,
        *,
        effective_on: date,
        reason: str,
        opleidingen: Collection[str] = (),
        withdrawn_by: UUID | None = None,
        **meta: Any,
    ) -> None:
        targets = frozenset(opleidingen)
        covering = [p for p in self.accreditations if p.covers(effective_on)]
        if not any(not targets or p.scope & targets for p in covering):
            raise InvalidEventError(f"{self.name} is not accredited on {effective_on}")
        if targets and any(not p.scope for p in covering):
            raise InvalidEventError(
                f"{self.name} is accredited for every opleiding; withdraw it as a whole"
            )
        self.trigger_event(
            self.AccreditationWithdrawn,
            effective_on=effective_on,
            reason=reason,
            opleidingen=sorted(targets),
            withdrawn_by=withdrawn_by,
            **meta,
        )

    def record_mentor_training(
        self, *, mentor_id: str, completed_on: date, course: str, **meta: Any
    ) -> None:
        self._require_kind(OrganisationKind.WORKPLACE, what="mentors are trained at workplaces")
        if not mentor_id.strip():
            raise InvalidEventError("a mentor training names the mentor")
        self.trigger_event(
            self.MentorTrainingCompleted,
            mentor_id=mentor_id,
            completed_on=completed_on,
            course=course,
            **meta,
        )

    def accreditation_on(
        self, day: date, opleidingen: Collection[str] = ()
    ) -> AccreditationPeriod | None:
        """The accreditation in force on ``day`` for one of ``opleidingen``, if any."""
        for period in self.accreditations:
            if period.covers(day) and period.applies_to(opleidingen):
                return period
        return None

    def accredited_on(self, day: date, opleidingen: Collection[str] = ()) -> bool:
        return self.accreditation_on(day, opleidingen) is not None

    def mentor_trained_on(self, mentor_id: str, day: date) -> bool:
        completed = self.trained_mentors.get(mentor_id)
        return completed is not None and completed <= day

    # -- recognitions (rule 10) ---------------------------------------------------------------

    def grant_recognition(
        self,
        *,
        kind: str,
        qualification_code: str,
        evc_standard: str | None,
        valid_from: date,
        valid_until: date | None,
        reference: str,
        **meta: Any,
    ) -> None:
        recognition = RecognitionKind(kind)
        if recognition is RecognitionKind.AWARD:
            self._require_kind(OrganisationKind.PROVIDER, what="only providers award")
        else:
            self._require_kind(
                OrganisationKind.TEST_CENTRE,
                OrganisationKind.PROVIDER,
                what="only test centres (or providers acting as one) assess EVC standards",
            )
            if not evc_standard:
                raise InvalidEventError("an EVC-standard recognition names the standard")
        if valid_until is not None and valid_until < valid_from:
            raise InvalidEventError("a recognition cannot end before it starts")
        self.trigger_event(
            self.RecognitionGranted,
            kind=recognition.value,
            qualification_code=qualification_code,
            evc_standard=evc_standard if recognition is RecognitionKind.EVC_STANDARD else None,
            valid_from=valid_from,
            valid_until=valid_until,
            reference=reference,
            **meta,
        )

    def withdraw_recognition(
        self, *, kind: str, qualification_code: str, effective_on: date, reason: str, **meta: Any
    ) -> None:
        if not any(
            r.kind == kind and r.qualification_code == qualification_code and r.covers(effective_on)
            for r in self.recognitions
        ):
            raise InvalidEventError(
                f"{self.name} holds no {kind} recognition for {qualification_code} "
                f"on {effective_on}"
            )
        self.trigger_event(
            self.RecognitionWithdrawn,
            kind=RecognitionKind(kind).value,
            qualification_code=qualification_code,
            effective_on=effective_on,
            reason=reason,
            **meta,
        )

    def recognition_on(
        self, kind: RecognitionKind, qualification_code: str, day: date
    ) -> RecognitionPeriod | None:
        for recognition in self.recognitions:
            if (
                recognition.kind is kind
                and recognition.qualification_code == qualification_code
                and recognition.covers(day)
            ):
                return recognition
        return None
