"""Organisations: providers, workplaces (leeronderneming) with their accreditation history,
test centres and the public employment service.

Accreditation is a history of periods, so rule 4 asks "accredited on that date?" and a later
withdrawal never rewrites what was true before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidEventError
from ledger.metadata import LedgerEvent, ValueState
from ledger.values import OrganisationId, OrganisationKind, stable_id


@dataclass(frozen=True)
class AccreditationPeriod:
    valid_from: date
    valid_until: date | None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Organisation(ValueState, Aggregate):
    """An organisation (opleidingsverstrekker, werkplek, testcentrum, VDAB)."""

    class Event(LedgerEvent):
        pass

    class OrganisationRegistered(Event, Aggregate.Created):
        key: str
        name: str
        kind: str

    class AccreditationGranted(Event):
        valid_from: date
        valid_until: date | None

        def apply(self, aggregate: Any) -> None:
            aggregate.accreditations.append(AccreditationPeriod(self.valid_from, self.valid_until))

    class AccreditationWithdrawn(Event):
        effective_on: date
        reason: str

        def apply(self, aggregate: Any) -> None:
            last_day = self.effective_on - timedelta(days=1)
            aggregate.accreditations = [
                period
                if period.valid_until is not None and period.valid_until <= last_day
                else AccreditationPeriod(period.valid_from, last_day)
                for period in aggregate.accreditations
                if period.valid_from <= last_day
            ]

    def __init__(self, *, key: str, name: str, kind: str, **meta: Any) -> None:
        self.key = key
        self.name = name
        self.kind = OrganisationKind(kind)
        self.accreditations: list[AccreditationPeriod] = []

    @staticmethod
    def id_for(key: str) -> OrganisationId:
        return OrganisationId(stable_id("organisation", key))

    @classmethod
    def register(cls, *, key: str, name: str, kind: str, **meta: Any) -> Organisation:
        return cls._create(
            cls.OrganisationRegistered, id=cls.id_for(key), key=key, name=name, kind=kind, **meta
        )

    def grant_accreditation(
        self, *, valid_from: date, valid_until: date | None, **meta: Any
    ) -> None:
        if self.kind is not OrganisationKind.WORKPLACE:
            raise InvalidEventError(
                f"{self.name} is not a workplace; only workplaces are accredited"
            )
        if valid_until is not None and valid_until < valid_from:
            raise InvalidEventError("an accreditation cannot end before it starts")
        self.trigger_event(
            self.AccreditationGranted, valid_from=valid_from, valid_until=valid_until, **meta
        )

    def withdraw_accreditation(self, *, effective_on: date, reason: str, **meta: Any) -> None:
        if not any(p.covers(effective_on) for p in self.accreditations):
            raise InvalidEventError(f"{self.name} is not accredited on {effective_on}")
        self.trigger_event(
            self.AccreditationWithdrawn, effective_on=effective_on, reason=reason, **meta
        )

    def accredited_on(self, day: date) -> bool:
        return any(period.covers(day) for period in self.accreditations)
