"""The metadata every ledger event carries, whatever its aggregate.

``event_id`` is supplied by the client (idempotency), ``occurred_at`` is when it happened in
the world, ``recorded_at`` when the ledger learnt it (from the injected clock), ``actor`` who
posted it. The schema version is the event class's ``class_version``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from ledger.values import Actor


class LedgerEvent(Aggregate.Event):
    event_id: str
    occurred_at: datetime
    recorded_at: datetime
    actor: dict[str, str | None]

    def apply(self, aggregate: Any) -> None:
        """Most facts change nothing but the aggregate's version; subclasses override."""


META_FIELDS = ("event_id", "occurred_at", "recorded_at", "actor")
LIBRARY_FIELDS = ("originator_id", "originator_version", "timestamp")


@dataclass(frozen=True)
class Stamp:
    """The metadata of one submission, prepared by the application before a command."""

    event_id: str
    occurred_at: datetime
    recorded_at: datetime
    actor: Actor

    def as_fields(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "occurred_at": self.occurred_at,
            "recorded_at": self.recorded_at,
            "actor": self.actor.as_dict(),
        }


_NOT_BODY = frozenset((*LIBRARY_FIELDS, *META_FIELDS))


def body_of(event: Aggregate.Event) -> dict[str, Any]:
    """An event's own fields, without the library's and the ledger's metadata."""
    return {k: v for k, v in vars(event).items() if k not in _NOT_BODY}


class ValueState:
    """Mixin for aggregates whose state is immutable values held in containers that are
    added to or replaced, never edited in place. The store's aggregate cache hands out
    copies; copying each container one level deep is then a complete copy, and far cheaper
    than ``copy.deepcopy`` of every fact of a long trajectory."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        clone = object.__new__(type(self))
        for name, value in vars(self).items():
            vars(clone)[name] = copy.copy(value) if isinstance(value, dict | list | set) else value
        return clone
