"""Idempotent appends: one marker aggregate per client event id, saved atomically with the
fact it accepted. The library has no client ids; the marker's deterministic id makes a
second save of the same id collide in the store, whichever process tries.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.errors import DuplicateEventIdError
from ledger.values import Receipt, stable_id


def fingerprint(payload: dict[str, Any]) -> str:
    """A digest of a submission's body; key order and whitespace do not matter."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class ClientEvent(Aggregate):
    """The marker that a client event id was accepted, with what it produced."""

    class Accepted(Aggregate.Created):
        event_id: str
        fingerprint: str
        aggregate_id: UUID
        version: int

    def __init__(self, *, event_id: str, fingerprint: str, aggregate_id: UUID, version: int):
        self.event_id = event_id
        self.fingerprint = fingerprint
        self.aggregate_id = aggregate_id
        self.accepted_version = version

    @staticmethod
    def id_for(event_id: str) -> UUID:
        return stable_id("client-event", event_id)

    @classmethod
    def accept(
        cls, *, event_id: str, fingerprint: str, aggregate_id: UUID, version: int
    ) -> ClientEvent:
        return cls._create(
            cls.Accepted,
            id=cls.id_for(event_id),
            event_id=event_id,
            fingerprint=fingerprint,
            aggregate_id=aggregate_id,
            version=version,
        )

    def receipt_for(self, fingerprint: str) -> Receipt:
        """The first result again, or a refusal when the same id came with another body."""
        if fingerprint != self.fingerprint:
            raise DuplicateEventIdError(
                f"event id {self.event_id!r} was already used for a different event"
            )
        return Receipt(
            aggregate_id=self.aggregate_id,
            version=self.accepted_version,
            event_id=self.event_id,
            position=None,
            duplicate=True,
        )
