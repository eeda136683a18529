"""Idempotent appends: one marker aggregate per client event id, saved atomically with the
fact it accepted. The library has no client ids; the marker's deterministic id makes a
second save of the same id collide in the store, whichever process tries.

Client event ids are scoped to the posting organisation: the marker's id derives from the
organisation and the event id, so provider B can neither learn whether provider A used an id
nor take it first. Markers stored before that (one global id per event id) keep answering
for the organisation that posted them. A marker also records the log position before its
save, so a duplicate's receipt can name the accepted event's own position.
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
        class_version = 2
        event_id: str
        fingerprint: str
        aggregate_id: UUID
        version: int
        position_after: int | None
        """The log's last position before the save: the event's own position lies after."""

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["position_after"] = None

    def __init__(
        self,
        *,
        event_id: str,
        fingerprint: str,
        aggregate_id: UUID,
        version: int,
        position_after: int | None,
    ) -> None:
        self.event_id = event_id
        self.fingerprint = fingerprint
        self.aggregate_id = aggregate_id
        self.accepted_version = version
        self.position_after = position_after

    @staticmethod
    def id_for(event_id: str, scope: UUID | None = None) -> UUID:
        """The marker of ``event_id`` posted for organisation ``scope`` (None: an actor of no
        organisation, and every marker stored before ids were scoped)."""
        if scope is None:
            return stable_id("client-event", event_id)
        return stable_id("client-event", f"{scope.hex}:{event_id}")

    @classmethod
    def accept(
        cls,
        *,
        event_id: str,
        scope: UUID | None,
        fingerprint: str,
        aggregate_id: UUID,
        version: int,
        position_after: int | None,
    ) -> ClientEvent:
        return cls._create(
            cls.Accepted,
            id=cls.id_for(event_id, scope),
            event_id=event_id,
            fingerprint=fingerprint,
            aggregate_id=aggregate_id,
            version=version,
            position_after=position_after,
        )

    def receipt_for(self, fingerprint: str, position: int | None) -> Receipt:
        """The first result again, or a refusal when the same id came with another body."""
        if fingerprint != self.fingerprint:
            raise DuplicateEventIdError(
                f"event id {self.event_id!r} was already used for a different event"
            )
        return Receipt(
            aggregate_id=self.aggregate_id,
            version=self.accepted_version,
            event_id=self.event_id,
            position=position,
            duplicate=True,
        )
