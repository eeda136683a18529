"""Learners (lerende): a pseudonymous id in the ledger; personal data stays in this aggregate.

Trajectories refer to learners only by id, so personal data never spreads into other facts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.metadata import LedgerEvent, ValueState
from ledger.values import LearnerId, stable_id


class Learner(ValueState, Aggregate):
    class Event(LedgerEvent):
        pass

    class LearnerRegistered(Event, Aggregate.Created):
        key: str
        given_name: str
        family_name: str
        birth_date: date | None
        did: str | None

    def __init__(
        self,
        *,
        key: str,
        given_name: str,
        family_name: str,
        birth_date: date | None,
        did: str | None,
        **meta: Any,
    ) -> None:
        self.key = key
        self.given_name = given_name
        self.family_name = family_name
        self.birth_date = birth_date
        self.did = did

    @staticmethod
    def id_for(key: str) -> LearnerId:
        return LearnerId(stable_id("learner", key))

    @classmethod
    def register(cls, *, key: str, **fields: Any) -> Learner:
        return cls._create(cls.LearnerRegistered, id=cls.id_for(key), key=key, **fields)

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
