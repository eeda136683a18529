"""Learners (lerende): a pseudonymous id in the ledger; personal data stays in this aggregate.

Trajectories refer to learners only by id, so personal data never spreads into other facts.
The personal fields of ``LearnerRegistered`` are ``PersonalData``, encrypted per learner
(``ledger.personal``): ``LearnerErased`` records that the learner's data key was destroyed,
and clears the values from any copy of the aggregate held in memory (the store's cache
fast-forwards through it), so nothing readable is left anywhere.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidEventError
from ledger.metadata import LedgerEvent, ValueState
from ledger.personal import ERASED, PersonalData, PersonalValue, plain
from ledger.values import LearnerId, stable_id

# Deliberately loose (one @, a dot in the domain, no spaces): the provider knows the
# address; the ledger only refuses what cannot be one.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PERSONAL_FIELDS = ("given_name", "family_name", "birth_date", "did", "email", "reference")


class Learner(ValueState, Aggregate):
    class Event(LedgerEvent):
        pass

    class LearnerRegistered(Event, Aggregate.Created):
        """A learner registered; the personal fields are encrypted with the learner's data
        key and read as null once the learner is erased."""

        class_version = 3
        key: str
        given_name: PersonalData
        family_name: PersonalData
        birth_date: PersonalData
        did: PersonalData
        email: PersonalData | None
        registered_by: UUID | None
        """The provider that registered the learner (null: an admin)."""
        reference: PersonalData | None
        """The registering provider's own reference for the learner (its idempotency key)."""

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 stored the personal fields in plain text; they are read as they are
            (the aggregate accepts both) and cannot be shredded, only superseded."""

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            # Version 2 learners were registered by an admin, without e-mail or reference.
            state.update(email=None, registered_by=None, reference=None)

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
        email: PersonalData | None = None,
        registered_by: UUID | None = None,
        reference: PersonalData | None = None,
        **meta: Any,
    ) -> None:
        self.key = key
        self.registered_by = registered_by
        self.email: str | None = _text(plain(email)) if email is not None else None
        self.reference: str | None = _text(plain(reference)) if reference is not None else None
        self.given_name: str | None = _text(plain(given_name))
        self.family_name: str | None = _text(plain(family_name))
        born = plain(birth_date)
        self.birth_date: date | None = born if isinstance(born, date) else None
        self.did: str | None = _text(plain(did))
        self.erased = False

    @staticmethod
    def id_for(key: str, registered_by: UUID | None = None) -> LearnerId:
        """An admin's key is global; a provider's reference is scoped to that provider, so
        two providers' references never collide and none can guess another's learners."""
        if registered_by is None:
            return LearnerId(stable_id("learner", key))
        return LearnerId(stable_id("learner", f"{registered_by.hex}:{key}"))

    @classmethod
    def register(
        cls,
        *,
        key: str,
        registered_by: UUID | None = None,
        reference: str | None = None,
        **fields: Any,
    ) -> Learner:
        """Registers a learner. ``key`` is an admin's natural key; a provider registers with
        ``registered_by`` and its own ``reference`` (then ``key`` is empty). Raises
        InvalidEventError for an empty name or a malformed e-mail address."""
        given, family = fields.get("given_name"), fields.get("family_name")
        if not (isinstance(given, str) and given.strip()) or not isinstance(family, str):
            raise InvalidEventError("a learner needs a given name and a family name")
        email = fields.get("email")
        if email is not None and not EMAIL.fullmatch(str(email)):
            raise InvalidEventError(f"{email!r} is not an e-mail address")
        if registered_by is not None and not reference:
            raise InvalidEventError("a provider registers a learner under its own reference")
        learner_id = cls.id_for(reference or "" if registered_by else key, registered_by)
        personal = {
            name: PersonalData(learner_id, fields.pop(name, None))
            for name in PERSONAL_FIELDS
            if name != "reference"
        }
        return cls._create(
            cls.LearnerRegistered,
            id=learner_id,
            key=key,
            registered_by=registered_by,
            reference=PersonalData(learner_id, reference) if reference is not None else None,
            **personal,
            **fields,
        )

    def erase(self, *, reason: str, **meta: Any) -> None:
        self.trigger_event(self.LearnerErased, reason=reason, **meta)

    @property
    def display_name(self) -> str:
        if self.given_name is None and self.family_name is None:
            return ERASED
        return " ".join(str(part) for part in (self.given_name, self.family_name) if part)


def _text(value: PersonalValue) -> str | None:
    return value if isinstance(value, str) else None
