"""Learners (lerende): a pseudonymous id in the ledger; personal data stays in this aggregate.

Trajectories refer to learners only by id, so personal data never spreads into other facts.
The personal fields of ``LearnerRegistered`` are ``PersonalData``, encrypted per learner
(``ledger.personal``): ``LearnerErased`` records that the learner's data key was destroyed,
and clears the values from any copy of the aggregate held in memory (the store's cache
fast-forwards through it), so nothing readable is left anywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.metadata import LedgerEvent, ValueState
from ledger.personal import ERASED, PersonalData, PersonalValue, plain
from ledger.values import LearnerId, stable_id

PERSONAL_FIELDS = ("given_name", "family_name", "birth_date", "did")


class Learner(ValueState, Aggregate):
    class Event(LedgerEvent):
        pass

    class LearnerRegistered(Event, Aggregate.Created):
        """A learner registered; the personal fields are encrypted with the learner's data
        key and read as null once the learner is erased."""

        class_version = 2
        key: str
        given_name: PersonalData
        family_name: PersonalData
        birth_date: PersonalData
        did: PersonalData

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 stored the personal fields in plain text; they are read as they are
            (the aggregate accepts both) and cannot be shredded, only superseded."""

    class LearnerErased(Event):
        """The learner's personal data was erased (its data key destroyed). Non-personal
        facts about the learner's trajectories stay."""

        reason: str

        def apply(self, aggregate: Any) -> None:
            for name in PERSONAL_FIELDS:
                setattr(aggregate, name, None)
            aggregate.erased = True

    def __init__(
        self,
        *,
        key: str,
        given_name: PersonalData | str,
        family_name: PersonalData | str,
        birth_date: PersonalData | date | None,
        did: PersonalData | str | None,
        **meta: Any,
    ) -> None:
        self.key = key
        self.given_name: str | None = _text(plain(given_name))
        self.family_name: str | None = _text(plain(family_name))
        born = plain(birth_date)
        self.birth_date: date | None = born if isinstance(born, date) else None
        self.did: str | None = _text(plain(did))
        self.erased = False

    @staticmethod
    def id_for(key: str) -> LearnerId:
        return LearnerId(stable_id("learner", key))

    @classmethod
    def register(cls, *, key: str, **fields: Any) -> Learner:
        learner_id = cls.id_for(key)
        personal = {name: PersonalData(learner_id, fields.pop(name)) for name in PERSONAL_FIELDS}
        return cls._create(cls.LearnerRegistered, id=learner_id, key=key, **personal, **fields)

    def erase(self, *, reason: str, **meta: Any) -> None:
        self.trigger_event(self.LearnerErased, reason=reason, **meta)

    @property
    def display_name(self) -> str:
        if self.given_name is None and self.family_name is None:
            return ERASED
        return " ".join(str(part) for part in (self.given_name, self.family_name) if part)


def _text(value: PersonalValue) -> str | None:
    return value if isinstance(value, str) else None
